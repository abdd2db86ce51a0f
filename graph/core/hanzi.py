"""Traditional to simplified characters for matching, one character for one, so offsets survive.

OpenCC's phrase-level t2s conversion is used line by line; where a phrase rule would change a line's
length (rare), that line is converted character by character instead, so the result always has the
length of the input and position i of the result comes from position i of the input. Simplified
text passes through unchanged.
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


def to_simplified(text: str) -> str:
    """`text` in simplified characters, of the same length, converted position by position."""
    if text.isascii():
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if line.isascii():
            out.append(line)
            continue
        conv = _converter().convert(line)
        out.append(conv if len(conv) == len(line) else "".join(_char(c) for c in line))
    return "\n".join(out)
