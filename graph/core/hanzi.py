"""Traditional to simplified characters for matching, one character for one, so offsets survive.

OpenCC's phrase-level t2s conversion is used line by line; where a phrase rule would change a line's
length (rare), that line is converted character by character instead, so the result always has the
length of the input and position i of the result comes from position i of the input. Simplified
text passes through unchanged.

The text is handed to OpenCC whole, not a call per line: none of t2s's dictionaries has a newline (nor
any ASCII character) in a key, so no phrase reaches across a line's end and each line of the whole
conversion is that line's own conversion (`by_line`, the reference, pins this in the tests).
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def _line(line: str, conv: str) -> str:
    """A line's conversion, or the line character by character where a phrase rule changed its length."""
    return conv if len(conv) == len(line) else "".join(_char(c) for c in line)


def to_simplified(text: str) -> str:
    """`text` in simplified characters, of the same length, converted position by position."""
    if text.isascii():
        return text
    whole = _converter().convert(text)
    if whole == text:
        return text
    lines, converted = text.split("\n"), whole.split("\n")
    if len(converted) != len(lines):
        return by_line(text)  # not met (no key holds a newline): the line-by-line reference
    if list(map(len, lines)) == list(map(len, converted)):
        return whole  # every line kept its length (almost always)
    return "\n".join(map(_line, lines, converted))


def by_line(text: str) -> str:
    """`to_simplified` with a call to OpenCC for each line: what the whole text's conversion must equal."""
    if text.isascii():
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if line.isascii():
            out.append(line)
            continue
        out.append(_line(line, _converter().convert(line)))
    return "\n".join(out)
