"""What every recogniser may consult: the document, its home city and the registry of names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from graph.core.model import Document, Mention
from graph.knowledge import gazetteer
from graph.knowledge.registry import Entry, Home, alias_parts


class Aliases(Mapping[str, Entry]):
    """`registry.alias_index(home)` read through its two parts (the home's forms, then the national
    list's), without merging the thousands of the list's forms into a dict for every home place."""

    __slots__ = ("listed", "own")

    def __init__(self, own: Mapping[str, Entry], listed: Mapping[str, Entry]) -> None:
        self.own, self.listed = own, listed

    def __getitem__(self, form: str) -> Entry:
        entry = self.own.get(form)
        return self.listed[form] if entry is None else entry

    def get(self, form: str, default: Entry | None = None) -> Entry | None:  # type: ignore[override]
        entry = self.own.get(form)
        if entry is None:
            entry = self.listed.get(form, default)
        return entry

    def __contains__(self, form: object) -> bool:
        return form in self.own or form in self.listed

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        yield from (form for form in self.listed if form not in self.own)

    def __len__(self) -> int:
        return len(self.own) + sum(1 for form in self.listed if form not in self.own)


@dataclass(frozen=True)
class Context:
    doc: Document
    home: Home

    @cached_property
    def aliases(self) -> Aliases:
        return Aliases(*self.alias_parts)

    @cached_property
    def alias_parts(self) -> tuple[dict[str, Entry], dict[str, Entry]]:
        """The alias index in its two parts (the home's registry forms, the national list's): what
        graph.extract.forms derives its per-home tables from."""
        return alias_parts(self.home)

    @cached_property
    def memo(self) -> dict:
        """Scratch space for results a recogniser computes once per document (per sentence, say)."""
        return {}

    @cached_property
    def home_code(self) -> str | None:
        return self.home.city_code

    @cached_property
    def county_abbr(self) -> str | None:
        return self.home.county_abbr

    @cached_property
    def surface(self) -> dict[str, tuple[gazetteer.Place, ...]]:
        return gazetteer.surface_index()

    def place(self, name: str) -> gazetteer.Place | None:
        if name == self.county_abbr:
            return self.home.county_place  # 沙区 in a 沙依巴克区 document
        if name not in self.surface:
            return None  # what gazetteer.find answers for a form of no place (most asked), without its cache
        return gazetteer.find(name, self.home_code)

    def place_at_start(self, name: str) -> gazetteer.Place | None:
        """The place a name begins with (无锡 in 无锡学院, 和林格尔县 in 和林格尔县第一中学), longest form first."""
        for length in (5, 4, 3, 2):
            place = self.place(name[:length])
            if place is not None:
                return place
        return None

    @staticmethod
    def place_mention(at: Mention, place: gazetteer.Place, rule: str) -> Mention:
        """A mention of a gazetteer place read in another mention's name: at the place's own characters
        when the name writes it (涧西区 in 涧西区天津路小学), else at the whole name that implies it."""
        for form in sorted({place.name, place.short, place.label} - {""}, key=len, reverse=True):
            k = at.text.find(form)
            if k >= 0:
                s = at.start + k
                return Mention(
                    at.doc_id, s, s + len(form), form, "Place", rule, place.label, (("adcode", place.adcode),)
                )
        return Mention(
            at.doc_id, at.start, at.end, at.text, "Place", rule, place.label, (("adcode", place.adcode),)
        )
