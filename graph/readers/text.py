"""Plain text and Markdown: decode UTF-8 (with or without BOM), UTF-16 (with BOM) or GB18030."""

from __future__ import annotations

import re
import unicodedata

from graph.errors import InputError

# Markdown markup dropped (without shifting offsets) before reading: heading marks, quote marks,
# bullets, emphasis, rules, and the brackets and targets of links.
MARKDOWN = re.compile(
    r"^\s{0,3}#{1,6}[ \t]+|^\s{0,3}>[ \t]?|^\s{0,3}[-*+][ \t]+(?=\S)|\*\*|__|^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$"
    r"|!?\[(?=[^\]\n]*\]\()|\]\([^)\s]*\)",
    re.M,
)


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with BOM) or GB18030."""
    if not data.strip():
        raise InputError(f"{source}: the file is empty; give a text document with content")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: broken UTF-16 text ({exc.reason}); re-save it as UTF-8") from None
    if b"\x00" in data:
        raise InputError(f"{source}: looks like a binary file, not text; convert it to UTF-8 text first")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise InputError(f"{source}: cannot decode as UTF-8, UTF-16 or GB18030; re-save it as UTF-8")


def _looks_like_text(text: str) -> bool:
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\n\r\t\f")
    return bad <= max(2, len(text) // 200)


def read(data: bytes, source: str) -> str:
    return decode(data, source)
