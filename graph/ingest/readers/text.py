"""Plain text and Markdown: decode UTF-8 (with or without BOM), UTF-16 (with BOM), GB18030 or Big5."""

from __future__ import annotations

import re
import unicodedata

from graph.core.errors import InputError

# Markdown markup dropped (without shifting offsets) before reading: front matter, comments, heading
# marks, quote marks, bullets, emphasis, rules, and the brackets and targets of links.
MARKDOWN = re.compile(
    r"\A---[ \t]*\n(?:.*\n)*?---[ \t]*$|<!--.*?-->|^\s{0,3}#{1,6}[ \t]+|^\s{0,3}>[ \t]?|^\s{0,3}[-*+][ \t]+(?=\S)|\*\*|__|^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$"
    r"|!?\[(?=[^\]\n]*\]\()|\]\([^)\s]*\)",
    re.M,
)


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with BOM), GB18030 (GBK, GB2312) or Big5."""
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
    text = _try(data, "utf-8") or _try(data, "gb18030")
    if text is None or (not text.isascii() and _foreign(text) > 0.02):
        # GB18030 reads almost any Big5 file, as kana, bopomofo and box drawing: try Big5 then
        for big5 in ("cp950", "big5hkscs"):
            alt = _try(data, big5)
            if alt is not None and (text is None or _foreign(alt) < _foreign(text) / 4):
                return alt
    if text is None:
        raise InputError(f"{source}: cannot decode as UTF-8, UTF-16, GB18030 or Big5; re-save it as UTF-8")
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _looks_like_text(text) else None


FOREIGN = re.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f\ue000-\uf8ff]")


def _foreign(text: str) -> float:
    """The share of characters that Chinese prose hardly uses: a sign of a wrong decoding."""
    wide = sum(1 for ch in text if not ch.isascii()) or 1
    return len(FOREIGN.findall(text)) / wide


def _looks_like_text(text: str) -> bool:
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\n\r\t\f")
    return bad <= max(2, len(text) // 200)


def read(data: bytes, source: str) -> str:
    return decode(data, source)
