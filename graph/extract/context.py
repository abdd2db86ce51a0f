"""What every recogniser may consult: the document, its home city and the registry of names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from graph import gazetteer
from graph.model import Document
from graph.registry import Entry, Home, alias_index


@dataclass(frozen=True)
class Context:
    doc: Document
    home: Home

    @cached_property
    def aliases(self) -> dict[str, Entry]:
        return alias_index(self.home)

    @cached_property
    def home_code(self) -> str | None:
        return self.home.city_code

    def place(self, name: str) -> gazetteer.Place | None:
        return gazetteer.find(name, self.home_code)
