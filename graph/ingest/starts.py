"""Whole-text searches of patterns that re's search would try at every position of the text (those that
open with an assertion, a break before a word, or with a group or a run of any character): the same
matches are found faster by trying such a pattern only where the parsed pattern says a match can start,
at its heads (the characters a match starts with, the break written behind them) or a few characters
before an anchor (a character, or a word, every match holds near its start). `last_led` speeds up a
`.*X` pattern the same way. Every rewrite here is pinned against re's own answers in tests/test_starts.py."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any


def finditer(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))`, tried only where a match can start (at a character a match's
    first character can be, or before an anchor, when the pattern tells them): a pattern that opens with
    an assertion (a break before a word) is otherwise tried at every position of the text."""
    heads = _heads(pattern)
    if heads is None:
        anchor = _anchor(pattern)
        return list(pattern.finditer(text)) if anchor is None else _around(pattern, text, *anchor)
    out: list[re.Match[str]] = []
    end = 0
    for h in heads.finditer(text):
        if h.start() >= end:
            m = pattern.match(text, h.start())  # what a search tries there (`^` only at the text's start)
            if m is not None:
                out.append(m)
                end = m.end()  # never empty: every match starts with one of the heads
    return out


@lru_cache(maxsize=64)
def _heads(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class of the characters a match of the pattern can start with, or None when the
    pattern does not tell them (it may match empty, starts with any character, or ignores case)."""
    if pattern.flags & re.IGNORECASE or _PARSER is None:
        return None  # (no parser: a Python whose re module is laid out otherwise scans as re does)
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
        if _skipped_to(list(parsed.data)):
            return None  # re's own search skips to the characters a match starts with: faster than a loop
        before = _breaks(list(parsed.data))
        # a category (\\s) only behind a break: alone its characters are too many to try one by one
        found = _first(parsed, categories=bool(before))
    except (TypeError, ValueError, AttributeError):
        return None
    if found is None or found[1] or not found[0]:
        return None
    heads = _written(found[0])
    # the class first (a search skips to its characters in C), then the break the pattern opens with, when
    # written, behind it: a head after no break is not tried
    try:
        return re.compile(heads + (f"(?<={before}{heads})" if before else ""), pattern.flags)
    except re.error:  # pragma: no cover - every break written here is zero-width
        return re.compile(heads, pattern.flags)


def _skipped_to(items: list[Any]) -> bool:
    """Does re's search skip in C to where a match can start: does the pattern open with a character, a
    class, or alternatives that each open with a character (in groups of no flags of their own)?"""
    while items and items[0][0] is _C.SUBPATTERN and not items[0][1][1] and not items[0][1][2]:
        items = list(items[0][1][-1].data)
    if not items:
        return False
    op, av = items[0]
    if op in (_C.LITERAL, _C.IN):
        return True
    return op is _C.BRANCH and all(branch.data and branch.data[0][0] is _C.LITERAL for branch in av[1])


def _breaks(items: list[Any]) -> str:
    """The zero-width items a pattern opens with ((?:^|(?<=[，。])), (?<!\\d)), written again as a
    pattern, as far as they are of the simple kinds written here ("" for none)."""
    out = ""
    for op, av in items:
        one = _zero(op, av)
        if one is None:
            break
        out += one
    return out


_AT = {"AT_BEGINNING": "^", "AT_BEGINNING_STRING": "\\A"}
_CATEGORIES = {"CATEGORY_SPACE": "\\s", "CATEGORY_DIGIT": "\\d", "CATEGORY_WORD": "\\w"}


def _zero(op: Any, av: Any) -> str | None:
    """A zero-width item written as a pattern: `^`, a look-around of one class or character, or a group of
    alternatives each made of those; None for any other item."""
    if op is _C.AT:
        return _AT.get(str(av))
    if op in (_C.ASSERT, _C.ASSERT_NOT) and len(av[1].data) == 1:
        inner = _one(*av[1].data[0])
        if inner is None:
            return None
        look = ("(?<=" if av[0] < 0 else "(?=") if op is _C.ASSERT else ("(?<!" if av[0] < 0 else "(?!")
        return look + inner + ")"
    if op is _C.BRANCH:
        alternatives = [_sequence(branch) for branch in av[1]]
        return None if None in alternatives else "(?:" + "|".join(map(str, alternatives)) + ")"
    if op is _C.SUBPATTERN and not av[1] and not av[2]:
        inner = _sequence(av[-1].data)
        return None if inner is None else "(?:" + inner + ")"
    return None


def _sequence(items: Any) -> str | None:
    """Zero-width items in sequence written as a pattern (None if one is of another kind)."""
    written = [_zero(*item) for item in items]
    return None if None in written else "".join(map(str, written))


def _one(op: Any, av: Any) -> str | None:
    """One character or class written as a pattern (None when of a kind not written here)."""
    if op is _C.LITERAL:
        return re.escape(chr(av))
    if op is not _C.IN:
        return None
    parts = []
    for kind, value in av:
        if kind is _C.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind is _C.RANGE:
            parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        elif kind is _C.CATEGORY and str(value) in _CATEGORIES:
            parts.append(_CATEGORIES[str(value)])
        else:
            return None  # a negated class, another category
    return "[" + "".join(parts) + "]"


def last_led(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern `.*X` (matched at a stretch's start: its last X) with a look-ahead for the characters X
    can start with written after the `.*`: at each place the greedy `.*` gives back, one class is tested
    instead of each of X's alternatives. The same matches; the pattern itself when X tells no such class."""
    if not pattern.pattern.startswith(".*") or pattern.flags & re.IGNORECASE or _PARSER is None:
        return pattern
    rest = pattern.pattern[2:]
    try:
        found = _first(_PARSER.parse(rest, pattern.flags), categories=True)
    except (TypeError, ValueError, AttributeError):
        return pattern
    if found is None or found[1] or not found[0]:
        return pattern
    return re.compile(f".*(?={_written(found[0])}){rest}", pattern.flags)


def _written(parts: set[str]) -> str:
    """A class of characters and categories (an escape such as \\s, written as it is)."""
    return "[" + "".join(sorted(part if len(part) > 1 else re.escape(part) for part in parts)) + "]"


REACH = 8  # the furthest from a match's start an anchor is looked for


def _around(
    pattern: re.Pattern[str], text: str, anchor: re.Pattern[str], lo: int, hi: int
) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))` for a pattern every match of which holds one of `anchor`'s characters
    `lo` to `hi` characters after its start: tried only at the starts that many characters before one,
    in the order a search tries them."""
    out: list[re.Match[str]] = []
    end = 0  # the next match starts at or after the last one's end
    untried = 0  # the starts before it are tried already
    for a in anchor.finditer(text):
        s = max(end, untried, a.start() - hi)
        last = a.start() - lo
        while s <= last:
            m = pattern.match(text, s)
            if m is None:
                s += 1
            else:
                out.append(m)
                end = m.end()  # never empty: it holds the anchor's character
                s = max(end, s + 1)
        untried = max(untried, s)
    return out


@lru_cache(maxsize=64)
def _anchor(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], int, int] | None:
    """A probe one of whose matches every match of the pattern holds between `lo` and `hi` characters
    after its start (hi at most REACH): a class of characters, followed by a second class or by the rest
    of one of a few words when the pattern tells them (the rarest probe it tells); None when it tells
    none (or ignores case)."""
    if pattern.flags & re.IGNORECASE or _PARSER is None:
        return None
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
        found = _anchored(list(parsed.data), parsed.state)
    except (TypeError, ValueError, AttributeError):
        return None
    if found is None:
        return None
    (chars, then, _), lo, hi = found
    return re.compile(char_class(chars) + (f"(?:{then})" if then else "")), lo, hi


def char_class(chars: Iterable[str]) -> str:
    """A regex character class of `chars` (escaped, sorted: the same text for the same set)."""
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


# a probe: its first characters, a look-ahead for what follows them ("" for none) and how rare it is
Probe = tuple[set[str], str, tuple[int, int]]
Anchor = tuple[Probe, int, int]  # with the least and the most characters before it in a match


def _anchored(items: list[Any], state: Any) -> Anchor | None:
    """The rarest probe an item of a sequence that cannot match empty gives (its first characters; with
    the next item's when it is one character wide; the words of an alternation of plain words), with the
    least and the most characters the items before it consume; looked into groups and into the first
    round of a repeat that runs at least once."""
    best: Anchor | None = None
    lo = hi = 0
    for k, (op, av) in enumerate(items):
        found: list[Anchor] = []
        one = _first_of(op, av)
        if one is not None and one[0] and not one[1]:
            nxt = _first(items[k + 1 : k + 2]) if _width(state, op, av) == (1, 1) else None
            if nxt and nxt[0] and not nxt[1]:
                probe: Probe = (one[0], f"(?={char_class(nxt[0])})", (1, -len(one[0]) - len(nxt[0])))
            else:
                probe = (one[0], "", (0, -len(one[0])))
            found.append((_words(op, av) or probe, lo, hi))
        inner = None
        if op is _C.SUBPATTERN and not av[1] & _C.SRE_FLAG_IGNORECASE:
            inner = _anchored(list(av[-1].data), state)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _anchored(list(av[2].data), state)
        if inner is not None:
            found.append((inner[0], lo + inner[1], hi + inner[2]))
        for probe, a, b in found:
            if b <= REACH and (best is None or probe[2] > best[0][2]):
                best = (probe, a, b)
        width = _width(state, op, av)
        lo, hi = lo + width[0], hi + width[1]
        if lo > REACH:
            break
    return best


def _words(op: Any, av: Any) -> Probe | None:
    """The probe of an alternation of plain words of two characters or more (新区|开发区): their first
    characters, then the rest of one of them."""
    if op is not _C.BRANCH:
        return None
    words = []
    for branch in av[1]:
        if len(branch.data) < 2 or any(item_op is not _C.LITERAL for item_op, _ in branch.data):
            return None
        words.append("".join(chr(c) for _, c in branch.data))
    rests = sorted({w[1:] for w in words}, key=lambda w: (-len(w), w))
    return {w[0] for w in words}, "(?=" + "|".join(map(re.escape, rests)) + ")", (2, -len(words))


def _width(state: Any, op: Any, av: Any) -> tuple[int, int]:
    return tuple(_PARSER.SubPattern(state, [(op, av)]).getwidth())  # type: ignore[return-value]


try:
    _PARSER: Any = importlib.import_module("re._parser")
    _C: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - CPython 3.11 to 3.13 have both
    _PARSER = _C = None


def _first(items: Any, categories: bool = False) -> tuple[set[str], bool] | None:
    """The characters a sequence of parsed items can consume first, and whether it can match empty
    (None: not known); with `categories`, a category of characters (\\d) among them as its escape."""
    chars: set[str] = set()
    for op, av in items:
        one = _first_of(op, av, categories)
        if one is None:
            return None
        chars |= one[0]
        if not one[1]:
            return chars, False
    return chars, True


def _first_of(op: Any, av: Any, categories: bool = False) -> tuple[set[str], bool] | None:
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return set(), True  # zero-width: the next item consumes the first character
    if op is _C.LITERAL:
        return {chr(av)}, False
    if op is _C.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _C.LITERAL:
                chars.add(chr(value))
            elif kind is _C.RANGE and value[1] - value[0] < 64:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            elif categories and kind is _C.CATEGORY and str(value) in _CATEGORIES:
                chars.add(_CATEGORIES[str(value)])
            else:
                return None  # a negated class, a category or a wide range
        return chars, False
    if op is _C.SUBPATTERN:
        # a group of its own flags ((?i:…)): its literals may match in another case, not known here
        return None if av[1] & _C.SRE_FLAG_IGNORECASE else _first(av[-1], categories)
    if op is _C.BRANCH:
        out: set[str] = set()
        empty = False
        for branch in av[1]:
            one = _first(branch, categories)
            if one is None:
                return None
            out |= one[0]
            empty = empty or one[1]
        return out, empty
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        one = _first(av[2], categories)
        return None if one is None else (one[0], one[1] or av[0] == 0)
    return None
