"""The registry's {placeholder} templates (ontology/registry.yaml): each templated item parsed once, then
filled for each home (graph.knowledge.registry)."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_FORMATTER = string.Formatter()

Filler = Callable[[dict[str, str]], object]  # a templated value, filled from a home's values


def fill(value: object, values: dict[str, str]) -> object:
    """A registry value with its {placeholders} filled from `values` (KeyError: one has no value; a
    list leaves out the items that have one). The values are place names, ids and romanisations: none
    holds a brace, so filling each placeholder in one pass gives what replacing them in turn gave."""
    if isinstance(value, str):
        if "{" not in value:
            return value  # no placeholder: nothing to fill
        literals, names = template(value)
        out = [literals[0]]
        for name, literal in zip(names, literals[1:], strict=True):
            out.append(values[name])  # KeyError: this home has no such value
            out.append(literal)
        filled = "".join(out)
        if "{" in filled:
            raise KeyError(filled)  # a brace that opens no placeholder
        return filled
    if isinstance(value, list):
        out_list = []
        for v in value:  # an alias whose placeholder this home lacks ({countyabbr}) is left out
            try:
                out_list.append(fill(v, values))
            except KeyError:
                continue
        return out_list
    return value


@lru_cache(maxsize=4096)
def template(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A templated string's literal parts and, between them, its placeholders' names (parsed once, not
    once per home)."""
    parts = _PLACEHOLDER.split(value)
    return tuple(parts[0::2]), tuple(parts[1::2])


def filler(value: object) -> Filler:
    """`fill(value, values)` as a function of `values`, with what does not depend on them done once: a
    string whose placeholders are plain names (as str.format reads them) is filled by `str.format_map`,
    a list fills only its templated items."""
    if isinstance(value, str) and "{" in value and _plain(value):
        fmt = value.format_map

        def plain(values: dict[str, str]) -> object:
            filled = fmt(values)  # KeyError: this home has no such value
            if "{" in filled:
                raise KeyError(filled)
            return filled

        return plain
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        items: list[Any] = [filler(v) if "{" in v else v for v in value]

        def listed(values: dict[str, str]) -> object:
            out = []
            for v in items:
                if isinstance(v, str):
                    out.append(v)
                    continue
                try:
                    out.append(v(values))
                except KeyError:  # an alias whose placeholder this home lacks is left out
                    continue
            return out

        return listed
    return lambda values: fill(value, values)


def _plain(value: str) -> bool:
    """Whether str.format reads the string as `template` does: its literal parts hold no brace and each
    placeholder is a plain name (no field index, attribute, conversion or format spec)."""
    literals, names = template(value)
    if any("{" in part or "}" in part for part in literals):
        return False
    try:
        parsed = list(_FORMATTER.parse(value))
    except ValueError:
        return False
    fields = tuple(f for _, f, _, _ in parsed if f is not None)
    plain = all(spec == "" and conv is None for _, f, spec, conv in parsed if f is not None)
    return plain and fields == names and all(n.isidentifier() for n in names)
