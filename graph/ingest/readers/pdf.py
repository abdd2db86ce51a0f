"""PDF: the text layer (pypdf), with lines that wrap at the margin joined back into paragraphs."""

from __future__ import annotations

import io
import logging
import re
import unicodedata

from graph.core.errors import InputError
from graph.ingest.limits import check, limit, too_big
from graph.knowledge.words import pattern

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[-—–])?\s*$|^\s*\d+\s*/\s*\d+\s*$"
)
SPACED = re.compile(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])")
WIDE_PAIR = re.compile(r"[^\x00-\x7f](?=[^\x00-\x7f])")
STARTS_BLOCK = re.compile(pattern("pdf", "starts_block"))
CONTENT_PER_CHAR = 5  # bytes of page content a PDF may have per character of the text limit


def read(data: bytes, source: str) -> str:
    """The text of every page; a line as wide as the text column continues on the next line."""
    if not data.strip():
        raise InputError(f"{source}: the file is empty; give a document with content")
    import pypdf

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{source}: the PDF is encrypted; save a copy without a password")
            count = len(reader.pages)
            check(source, "pages", count, "the PDF")
            _check_content(reader, source)
            pages, chars, cap = [], 0, limit("chars")
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > cap:  # stop reading: the text is over the limit already
                    raise too_big(source, "chars", chars, "the text of its first pages")
        except InputError:
            raise
        except Exception as exc:  # pypdf raises many types on damaged files
            why = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{source}: not a readable PDF ({why}); re-export or re-save it") from None
    finally:
        log.setLevel(level)
    if not _readable("".join(pages)):
        raise InputError(
            f"{source}: the PDF's text layer cannot be decoded (its fonts have no Unicode map); "
            "export it again or give the text as .txt"
        )
    lines = [_unspace(ln.rstrip()) for page in pages for ln in page.split("\n")]
    lines = [ln for ln in lines if ln.strip() and not PAGE_NUMBER.match(ln)]
    if not lines:
        raise InputError(
            f"{source}: the PDF has no text layer (a scan?); run OCR on it or give the text as .txt"
        )
    return join_wrapped(lines)


def _check_content(reader: object, source: str) -> None:
    """The content streams of all pages (inflated; pypdf bounds each inflation) against a budget before
    any text is extracted: extraction reads them at some 100-300 KB a second, and a 7 KB PDF can hold
    megabytes of them."""
    total = 0
    cap = limit("chars") * CONTENT_PER_CHAR
    for page in reader.pages:  # type: ignore[attr-defined]
        contents = page.get_contents()
        total += len(contents.get_data()) if contents is not None else 0
        if total > cap:
            raise InputError(
                f"{source}: its pages' content is at least {total / 1e6:.1f} MB, more than the limit of "
                f"{cap / 1e6:.1f} MB ({CONTENT_PER_CHAR} bytes per character of EDUKG_MAX_CHARS); split it, "
                f"or set EDUKG_MAX_CHARS={total // CONTENT_PER_CHAR * 2} to read it"
            )


def _readable(text: str) -> bool:
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\n\r\t")
    return bad <= max(2, len(text) // 100)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def _unspace(line: str) -> str:
    """Undo letter-spacing: a line whose characters are mostly set apart by single spaces
    (glyphs placed one by one, common in PDFs of Chinese text) gets its characters together again."""
    spaced = len(SPACED.findall(line))
    if spaced < 3 or spaced < len(WIDE_PAIR.findall(line)):
        return line
    return re.sub(r" {2,}", " ", re.sub(r"(?<=\S) (?=\S)", "", line))


def _letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def join_wrapped(lines: list[str]) -> str:
    """Join a line to the next when it fills the text column (a soft wrap), keeping paragraph breaks.

    The column is as wide as the widest lines; when few lines reach it, the text has no wrapped
    paragraphs (a list, a newspaper column) and its lines are kept as they are.
    """
    full = max(_width(ln) for ln in lines) * 0.88
    wide = sum(1 for ln in lines if _width(ln) >= full)
    if full < 20 or wide < max(2, len(lines) * 0.15):
        return "\n".join(lines)  # no text column that lines wrap at: keep the lines
    out: list[str] = []
    for k, line in enumerate(lines):
        out.append(line)
        if k + 1 == len(lines):
            break
        nxt = lines[k + 1]
        if _width(line) >= full and not STARTS_BLOCK.match(nxt):
            if _letter(line[-1:]) and _letter(nxt[:1]):
                out.append(" ")
        else:
            out.append("\n")
    return "".join(out)
