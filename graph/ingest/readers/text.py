"""Plain text and Markdown: decode UTF-8 (with or without BOM), UTF-16 (with BOM), GB18030 or Big5."""

from __future__ import annotations

import codecs
import re
import threading
import warnings

from graph.core.errors import InputError, ReadWarning

# Markdown markup dropped (without shifting offsets) before reading: front matter, comments, heading
# marks, quote marks, bullets, emphasis, rules, and the brackets and targets of links.
MARKDOWN = re.compile(
    r"\A---[ \t]*\n(?:.*\n)*?---[ \t]*$|<!--.*?-->|^\s{0,3}#{1,6}[ \t]+|^\s{0,3}>[ \t]?|^\s{0,3}[-*+][ \t]+(?=\S)|\*\*|__|^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$"
    r"|!?\[(?=[^\]\n]{0,500}\]\()|\]\([^)\s]*\)",
    re.M,
)

BAD_BYTES_MAX = 64  # invalid UTF-8 sequences a file may have and still be read as UTF-8
_HANDLER = threading.Lock()


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with BOM), GB18030 (GBK, GB2312) or Big5."""
    if not data.strip():
        raise InputError(f"{source}: the file is empty; give a text document with content")
    base = 0  # byte offset of `data` in the file
    if data.startswith(b"\xef\xbb\xbf"):
        data, base = data[3:], 3
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: broken UTF-16 text ({exc.reason}); re-save it as UTF-8") from None
    if b"\x00" in data:
        raise InputError(f"{source}: looks like a binary file, not text; convert it to UTF-8 text first")
    text = _try(data, "utf-8") or _mostly_utf8(data, source, base) or _try(data, "gb18030")
    if text is None or (not text.isascii() and _foreign(text) > 0.02):
        # GB18030 reads almost any Big5 file, as kana, bopomofo and box drawing: try Big5 then
        for big5 in ("cp950", "big5hkscs"):
            alt = _try(data, big5)
            if alt is not None and (text is None or _foreign(alt) < _foreign(text) / 4):
                return alt
    if text is None:
        plain = _decodes(data, "utf-8")
        first = NOT_TEXT.search(plain) if plain is not None else None
        if plain is not None and first is not None:  # UTF-8, with control characters text does not have
            k, ch = first.start(), first.group()
            raise InputError(
                f"{source}: UTF-8, but {len(NOT_TEXT.findall(plain)):,} control characters (the first, "
                f"U+{ord(ch):04X}, at character {k:,}) make it look like binary or terminal output; "
                "remove them and read it again"
            )
        raise InputError(f"{source}: cannot decode as UTF-8, UTF-16, GB18030 or Big5; re-save it as UTF-8")
    return text


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes, source: str, base: int = 0) -> str | None:
    """UTF-8 with a few stray bytes: each bad sequence becomes one U+FFFD (offsets into the decoded text
    stay those of the file's characters) and a ReadWarning gives the byte offsets; None when the bad
    bytes are too many for the text to be UTF-8 (GB18030 and Big5 are tried then)."""
    bad: list[int] = []

    def record(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError) or len(bad) >= BAD_BYTES_MAX:
            raise exc
        bad.append(base + exc.start)
        return "\ufffd", exc.end

    with _HANDLER:  # one recorder at a time: codecs error handlers are global
        codecs.register_error("edukg-record", record)
        try:
            text = data.decode("utf-8", "edukg-record")
        except UnicodeDecodeError:
            return None  # more bad sequences than a damaged UTF-8 file has
    wide = len(text) - len(text.encode("ascii", "ignore")) - len(bad)  # the U+FFFD are not counted
    if wide < 10 * len(bad):  # too little UTF-8 around the bad bytes to call it UTF-8
        return None
    if not _looks_like_text(text):
        return None
    where = ", ".join(str(b) for b in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
    warnings.warn(
        ReadWarning(
            f"{source}: {len(bad)} invalid UTF-8 byte{'s' if len(bad) > 1 else ''} at byte offset "
            f"{where}, read as U+FFFD; re-save the file as UTF-8 to fix {'them' if len(bad) > 1 else 'it'}"
        ),
        stacklevel=2,
    )
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _looks_like_text(text) else None


FOREIGN = re.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f\ue000-\uf8ff]")


# Control (Cc), private-use (Co) and surrogate (Cs) characters but the line breaks and tabs of text: the
# categories' code points (tests/test_readers.py checks them against unicodedata).
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)


def _foreign(text: str) -> float:
    """The share of characters that Chinese prose hardly uses: a sign of a wrong decoding."""
    wide = len(text) - len(text.encode("ascii", "ignore")) or 1  # the non-ASCII characters
    return len(FOREIGN.findall(text)) / wide


def _looks_like_text(text: str) -> bool:
    bad = len(NOT_TEXT.findall(text))
    return bad <= max(2, len(text) // 200)


def read(data: bytes, source: str) -> str:
    return decode(data, source)
