"""Tables of surface forms looked up in a text at the cost of the text, not of the table.

A recogniser that asks "which of these 3,000 names does this text hold?" by trying every name costs the
size of the table for every document (and every mention); `Forms` keeps the lengths of its forms by the
character they start with and by the one they end with, so a look-up tries only the substrings of the
text that could be forms. `per_table` computes such a table once per alias table (the registry makes one
alias table per home place and keeps it), not once per document.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class Forms:
    """A set of non-empty strings, with the lengths present for each first and each last character."""

    forms: Collection[str]
    firsts: Lengths
    lasts: Lengths

    def __init__(self, forms: Iterable[str]) -> None:
        self.forms = frozenset(f for f in forms if f)
        firsts: dict[str, set[int]] = {}
        lasts: dict[str, set[int]] = {}
        for f in self.forms:
            firsts.setdefault(f[0], set()).add(len(f))
            lasts.setdefault(f[-1], set()).add(len(f))
        self.firsts = {ch: tuple(sorted(ns, reverse=True)) for ch, ns in firsts.items()}
        self.lasts = {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lasts.items()}

    @classmethod
    def overlay(cls, base: Forms, top: Forms, hidden: Collection[str]) -> Forms:
        """`base` less the `hidden` forms, with `top`'s added, without copying `base` (a small `top` on a
        large shared `base` costs the size of `top`). The length indexes may keep lengths of hidden
        forms: a look-up checks the form itself."""
        out = cls(())
        out.forms = _Overlay(base.forms, top.forms, hidden)
        assert isinstance(top.firsts, dict) and isinstance(top.lasts, dict)  # made by __init__
        out.firsts = Layered(base.firsts, top.firsts)
        out.lasts = Layered(base.lasts, top.lasts)
        return out

    def __contains__(self, form: object) -> bool:
        return form in self.forms

    def starting(self, text: str, i: int, stop: int | None = None) -> Iterator[str]:
        """The forms that start at text[i] and end by `stop` (default: the end of the text), longest
        first."""
        if i >= len(text):
            return
        room = (len(text) if stop is None else stop) - i
        for n in self.firsts.get(text[i], ()):
            if n <= room:
                form = text[i : i + n]
                if form in self.forms:
                    yield form

    def ending(self, text: str, end: int, start: int = 0) -> Iterator[str]:
        """The forms that end where text[:end] ends and start at or after `start`, longest first."""
        if end <= start:
            return
        for n in self.lasts.get(text[end - 1], ()):
            if n <= end - start:
                form = text[end - n : end]
                if form in self.forms:
                    yield form

    def within(self, text: str) -> Iterator[tuple[int, str]]:
        """Every (start, form) of the forms the text holds, overlapping ones too, by start, longest
        first."""
        firsts, forms, size = self.firsts, self.forms, len(text)
        for i, ch in enumerate(text):
            for n in firsts.get(ch, ()):
                if i + n <= size:
                    form = text[i : i + n]
                    if form in forms:
                        yield i, form


class Layered:
    """Two length indexes read as one: `top`'s lengths added to `base`'s (merged once per key)."""

    def __init__(self, base: Lengths, top: Mapping[str, tuple[int, ...]]) -> None:
        self.base, self.top = base, top
        self.merged: dict[str, tuple[int, ...]] = {}

    def get(self, key: str, default: tuple[int, ...] = ()) -> tuple[int, ...]:
        if key not in self.top:
            return self.base.get(key, default)
        hit = self.merged.get(key)
        if hit is None:
            hit = self.merged[key] = tuple(sorted({*self.base.get(key, ()), *self.top[key]}, reverse=True))
        return hit


Lengths = dict[str, tuple[int, ...]] | Layered


class _Overlay(Collection[str]):
    """Membership in `top`, or in `base` and not `hidden`."""

    def __init__(self, base: Collection[str], top: Collection[str], hidden: Collection[str]) -> None:
        self.base, self.top, self.hidden = base, top, hidden

    def __contains__(self, form: object) -> bool:
        return form in self.top or (form in self.base and form not in self.hidden)

    def __iter__(self) -> Iterator[str]:
        yield from self.top
        yield from (f for f in self.base if f not in self.hidden and f not in self.top)

    def __len__(self) -> int:
        return sum(1 for _ in self)


_DERIVED: dict[tuple[int, str], tuple[Mapping[str, Any], Any]] = {}


def per_table(table: Mapping[str, Any], key: str, build: Callable[[Mapping[str, Any]], T]) -> T:
    """`build(table)`, computed once for each alias table (kept while the table lives, as the registry's
    own cache keeps it): the home-dependent indexes a recogniser reads for every document."""
    hit = _DERIVED.get((id(table), key))
    if hit is not None and hit[0] is table:
        return hit[1]  # type: ignore[no-any-return]
    value = build(table)
    if len(_DERIVED) >= 1 << 14:
        _DERIVED.clear()
    _DERIVED[(id(table), key)] = (table, value)
    return value


Parts = tuple[Mapping[str, Any], Mapping[str, Any]]  # registry.alias_parts: (the home's, the list's)


def typed(parts: Parts, types: tuple[str, ...] | None, shortest: int = 1) -> Forms:
    """The forms of an alias index (given by its two parts) whose entry is of one of `types` (of any type
    for None) and that have `shortest` characters or more: the list's part made once, the home's part
    once per home."""
    own, listed = parts
    key = f"typed:{','.join(types or ('*',))}:{shortest}"

    def pick(table: Mapping[str, Any]) -> Forms:
        return Forms(
            form for form, e in table.items() if (types is None or e.type in types) and len(form) >= shortest
        )

    return per_table(
        own,
        key,
        lambda _: Forms.overlay(per_table(listed, key, pick), _own_typed(own, types, shortest), own.keys()),
    )


def _own_typed(own: Mapping[str, Any], types: tuple[str, ...] | None, shortest: int) -> Forms:
    """`Forms` of the home's forms whose entry is of one of `types` (any for None) with `shortest`
    characters or more, from the home's forms grouped by type once (a home asks for several such tables)."""
    rows = per_table(own, "typed:rows", _rows_by_type)
    out = Forms(())
    forms: set[str] = set()
    firsts: dict[str, set[int]] = {}
    lasts: dict[str, set[int]] = {}
    for kind in rows if types is None else types:
        for form, n, first, last in rows.get(kind, ()):
            if n >= shortest:
                forms.add(form)
                firsts.setdefault(first, set()).add(n)
                lasts.setdefault(last, set()).add(n)
    out.forms = frozenset(forms)
    out.firsts = {ch: tuple(sorted(ns, reverse=True)) for ch, ns in firsts.items()}
    out.lasts = {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lasts.items()}
    return out


def _rows_by_type(table: Mapping[str, Any]) -> dict[str, list[tuple[str, int, str, str]]]:
    """The (non-empty) forms of an alias table by their entry's type, each with its length and its first and
    last characters."""
    out: dict[str, list[tuple[str, int, str, str]]] = {}
    for form, e in table.items():
        if form:
            out.setdefault(e.type, []).append((form, len(form), form[0], form[-1]))
    return out


def order(parts: Parts) -> Callable[[str], tuple[int, int]]:
    """A sort key that puts forms of an alias index in the index's order (the home's forms first, then
    the list's), for a look-up that must answer as a scan of the index would (the first form found
    wins)."""
    own, listed = parts
    own_rank = per_table(own, "ranks", _ranks)
    listed_rank = per_table(listed, "ranks", _ranks)
    return lambda form: (0, own_rank[form]) if form in own_rank else (1, listed_rank[form])


def _ranks(table: Mapping[str, Any]) -> dict[str, int]:
    return {form: k for k, form in enumerate(table)}
