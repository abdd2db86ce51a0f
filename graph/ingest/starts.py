"""Whole-text searches of patterns that open with an assertion (a break before a word): Python's regex
engine tries such a pattern at every position of the text, and finds the same matches faster when it is
tried only at the characters a match can start with, which the parsed pattern tells."""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any


def finditer(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))`, tried only where a match can start (at a character a match's
    first character can be, when the pattern tells them): a pattern that opens with an assertion (a
    break before a word) is otherwise tried at every position of the text."""
    heads = _heads(pattern)
    if heads is None:
        return list(pattern.finditer(text))
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
        found = _first(_PARSER.parse(pattern.pattern, pattern.flags))
    except (TypeError, ValueError, AttributeError):
        return None
    if found is None or found[1] or not found[0]:
        return None
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(found[0])) + "]")


try:
    _PARSER: Any = importlib.import_module("re._parser")
    _C: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - CPython 3.11 to 3.13 have both
    _PARSER = _C = None


def _first(items: Any) -> tuple[set[str], bool] | None:
    """The characters a sequence of parsed items can consume first, and whether it can match empty
    (None: not known)."""
    chars: set[str] = set()
    for op, av in items:
        one = _first_of(op, av)
        if one is None:
            return None
        chars |= one[0]
        if not one[1]:
            return chars, False
    return chars, True


def _first_of(op: Any, av: Any) -> tuple[set[str], bool] | None:
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
            else:
                return None  # a negated class, a category or a wide range
        return chars, False
    if op is _C.SUBPATTERN:
        # a group of its own flags ((?i:…)): its literals may match in another case, not known here
        return None if av[1] & _C.SRE_FLAG_IGNORECASE else _first(av[-1])
    if op is _C.BRANCH:
        out: set[str] = set()
        empty = False
        for branch in av[1]:
            one = _first(branch)
            if one is None:
                return None
            out |= one[0]
            empty = empty or one[1]
        return out, empty
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        one = _first(av[2])
        return None if one is None else (one[0], one[1] or av[0] == 0)
    return None
