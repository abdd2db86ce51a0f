"""Read a document: decode, normalise, repair hard line breaks, segment into structure.

Every character of the normalised text keeps the offset of the character of the original (decoded)
file it came from, so a span of the normalised text maps back to a quote of the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import fields

from graph.core.errors import InputError
from graph.core.hanzi import to_simplified
from graph.core.model import DocMeta, Document, Segment
from graph.ingest import readers
from graph.ingest.readers import decode as decode
from graph.ingest.starts import finditer
from graph.knowledge.words import pairs, pattern

TERMINAL = "。！？!?"
CLAUSE_END = TERMINAL + "；;：:"
CN_DIGITS = "一二三四五六七八九十"

# Word-processor debris that is dropped without shifting offsets: bookmarks and anchors left by
# converters ([bookmark: _Hlk30627418], []{#_Toc123 .anchor}), comment and image placeholders
# ([comment 1: …], [image: image1.png]), zero-width characters and soft hyphens.
DEBRIS = re.compile(
    r"\[(?:bookmark|BOOKMARK|Bookmark):\s*[^\]\n]*\]|\[\]\{#[^}\n]*\}|\{#_[A-Za-z]+\d+[^}\n]*\}"
    r"|\[(?:comment|COMMENT|image|Image|IMAGE|picture|图片)\s*\d*[:：][^\]\n]*\]|[\u200b-\u200d\u2060\ufeff\u00ad]"
)
# the endings of a school's or university's name: a line of one such name and no punctuation, in a run of
# them, is an item of a list of names (one per line), not a wrapped line of a sentence
NAME_ENDS = tuple(
    sorted({s for s, t in pairs("institutions", "suffixes") if t in ("School", "University", "Campus")})
)
NAME_LINE = re.compile(r"[\u4e00-\u9fff（）()]{4,30}")
# Page furniture of newspaper and web pages: whole lines that are not part of the text.
FURNITURE = re.compile(pattern("segments", "furniture"))
# spaces of a PDF's text layer between a number and its words (8316 万元): dropped like debris
NUMBER_SPACES = re.compile(pattern("segments", "number_spaces"))


class _Widths(dict):
    """Character -> display width (2 for East Asian wide and full-width characters), filled as met."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        return width


_WIDTHS = _Widths()


def _width(line: str) -> int:
    return sum(map(_WIDTHS.__getitem__, line))


def is_name_line(line: str) -> bool:
    """A line that is one school's or university's name and nothing else (no punctuation, no figure)."""
    return NAME_LINE.fullmatch(line) is not None and line.endswith(NAME_ENDS)


def _is_wrapped(lines: list[str]) -> tuple[bool, int]:
    """A newspaper layout: most lines are short, of one width, and stop mid-sentence; with that width
    (0 when not wrapped). Only a line of at most 40 characters can be 16 to 40 wide, so the lines are
    measured only when enough of them can be (a document of long paragraphs is not)."""
    body = [ln for ln in lines if ln and not HEADING_START.match(ln)]  # headings are short in any layout
    if len(body) < 8:
        return False, 0
    mid = sum(1 for ln in body if len(ln) <= 40 and ln[-1] not in CLAUSE_END and 16 <= _width(ln) <= 40)
    if mid / len(body) < 0.5:
        return False, 0
    widths = Counter(w for w in map(_width, body) if w >= 12)
    mode = max(sorted(widths), key=lambda w: widths[w])
    return mode <= 40, mode


# Per-character normalisation that keeps length: full-width ASCII to ASCII, odd spaces to space.
_CHARS: dict[int, int | str] = {
    **{
        code: code - 0xFEE0
        for a, b in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for code in range(a, b + 1)
    },
    **{ord(ch): ord(ch) - 0xFEE0 for ch in "％＋．"},
    **{ord(ch): " " for ch in "\u3000\u00a0\t\u2002\u2003"},
}


# the characters `_CHARS` changes (rare in a text): found by a regex in C, each replaced as met, where
# str.translate would look every character of the text up in the table
_CHANGED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_CHARS)) + "]")
_TO = {chr(code): to if isinstance(to, str) else chr(to) for code, to in _CHARS.items()}


def _char(ch: str) -> str:
    return ch.translate(_CHARS)


def translate(text: str) -> str:
    """`text.translate(_CHARS)`, at the cost of the characters it changes."""
    return _CHANGED.sub(lambda m: _TO[m.group()], text)


def normalise(
    raw: str, markup: re.Pattern[str] | None = None, simple: str | None = None
) -> tuple[str, tuple[int, ...]]:
    """Normalised text and, per character, its offset in `raw`.

    Reads traditional characters as simplified (one for one), drops debris, markup and page
    furniture, strips line padding, joins hard-wrapped lines, and keeps one newline between paragraphs.
    `simple` is `raw` in simplified characters, when the caller has it already. Each step runs over
    whole lines in C (translate, strip, slices of offsets), not character by character.
    """
    simple = to_simplified(raw) if simple is None else simple
    drop: bytearray | None = None  # 1 at the characters dropped, when any is
    for regex in (DEBRIS, NUMBER_SPACES, markup):
        for m in finditer(regex, simple) if regex else ():
            if drop is None:
                drop = bytearray(len(raw))
            drop[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    # lines with their start offsets (in the translated text: it keeps every character's place)
    lines: list[tuple[int, str]] = []
    pos = 0
    for part in translate(simple).split("\n"):
        lines.append((pos, part))
        pos += len(part) + 1
    cleaned: list[tuple[int, str, Sequence[int]]] = []  # (newline offset after line, text, char offsets)
    pads: list[str] = []  # each line's indent
    for start, part in lines:
        end = start + len(part)
        if "\r" in part or (drop is not None and drop.find(1, start, end) >= 0):
            kept = [
                (start + i, ch) for i, ch in enumerate(part) if not (drop and drop[start + i]) and ch != "\r"
            ]
            offsets: Sequence[int] = [o for o, _ in kept]
            whole = "".join(ch for _, ch in kept)
        else:
            offsets, whole = range(start, end), part
        indent = whole.rstrip()  # what str.isspace calls space, at either end
        text = indent.lstrip()
        lead = len(indent) - len(text)
        chars = offsets[lead : len(indent)]
        if FURNITURE.match(text):
            text, chars = "", []
        cleaned.append((end, text, chars))
        pads.append(indent[:lead])
    wrapped, mode = _is_wrapped([t for _, t, _ in cleaned])
    # widths with the indent: read only in a wrapped layout
    widths = [
        _width(p) + _width(t) if wrapped and t else 0 for (_, t, _), p in zip(cleaned, pads, strict=True)
    ]
    lines_in = [(nl, t, c, w) for (nl, t, c), w in zip(cleaned, widths, strict=True) if t]
    names = [is_name_line(t) for _, t, _, _ in lines_in]
    out: list[str] = []
    offs: list[int] = []
    for k, (nl, text, line_offs, _width_) in enumerate(lines_in):
        out.append(text)
        offs.extend(line_offs)
        if k + 1 < len(lines_in):
            nxt = lines_in[k + 1]
            listed = names[k] and (names[k + 1] or (k > 0 and names[k - 1]))  # 某某小学 / 某某中学: a list
            if listed or not _continues(text, _width_, nxt[1], nxt[3], wrapped, mode):
                out.append("\n")
                offs.append(min(nl, len(raw) - 1))
    return "".join(out), tuple(offs)


LIST_START = re.compile(rf"^(?:[{CN_DIGITS}]+、|\d{{1,2}}(?:[．、]|\.(?!\d)))")
# a line of a list by group: 泉州(11所)：… (a name, a bracketed count or note, a colon)
GROUP_START = re.compile("^" + pattern("names", "group_line"))
# a numbered heading or item: 一、 （一） (一) 1． 1、 1.
HEADING_START = re.compile(
    rf"^(?:[{CN_DIGITS}]+、|[（(][{CN_DIGITS}]{{1,3}}[)）]|\d{{1,2}}(?:[．、]|\.(?!\d)))"
)


def _continues(prev: str, prev_width: int, nxt: str, nxt_width: int, wrapped: bool, mode: int) -> bool:
    """Is the break between two non-empty lines a soft wrap inside a sentence?"""
    if prev[-1] in TERMINAL + "）)" or LIST_START.match(nxt) or GROUP_START.match(nxt):
        return False
    if wrapped and prev_width <= mode * 5 // 2:
        # a short line that ends with no punctuation is a heading, not the tail of a paragraph
        if nxt_width < mode - 6 and nxt[-1] not in CLAUSE_END + "”":
            return False
        # a full column line wraps; a paragraph's first line may be indented by up to three characters
        return prev_width >= mode - 6
    return len(prev) >= 40 and prev[-1] not in CLAUSE_END


SECTION = re.compile(rf"^([{CN_DIGITS}]{{1,3}})、\s*(.+)$")
ITEM = re.compile(r"^(\d{1,2})(?:[．、]|\.(?!\d))\s*(\S.*)$")
ENUM = re.compile(rf"(?:^|(?<=[。；;]))\s*([{CN_DIGITS}]{{1,3}})是")
ACHIEVED_HEAD = re.compile(pattern("segments", "achieved_head"))
PLANNED_HEAD = re.compile(pattern("segments", "planned_head"))


_CN_VALUES = {c: i + 1 for i, c in enumerate(CN_DIGITS[:9])}


def cn_number(s: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20 (section numbers)."""
    digits = _CN_VALUES
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(s, 0)


_CLAUSE = re.compile(r"^(.*?)[。；;！？]")
_SENTENCE = re.compile(r"[^。！？；;!?]+[。！？；;!?]?")


def _first_clause(text: str) -> str:
    m = _CLAUSE.match(text)
    return (m.group(1) if m else text).strip()


def segment(text: str) -> tuple[Segment, ...]:
    """Sections (一、), items (1．), enumerations (一是), paragraphs and sentences."""
    segs: list[Segment] = []
    section_idx: int | None = None
    item_idx: int | None = None
    section_status: str | None = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line:
            continue
        m = SECTION.match(line)
        if m and len(line) <= 60 and line[-1] not in TERMINAL:
            title = m.group(2).rstrip("。；;")
            section_status = _status_of(title, section_status)
            segs.append(_segment("section", start, end, title, cn_number(m.group(1)), None, section_status))
            section_idx, item_idx = len(segs) - 1, None
            continue
        parent = section_idx
        m = ITEM.match(line)
        if m:
            title = _first_clause(m.group(2))
            segs.append(_segment("item", start, end, title, int(m.group(1)), section_idx, section_status))
            item_idx = len(segs) - 1
            parent = item_idx
        else:
            item_idx = None
            segs.append(
                _segment("paragraph", start, end, _first_clause(line), None, section_idx, section_status)
            )
            parent = len(segs) - 1
        enums = finditer(ENUM, line)  # tried only after a break, at a space or a numeral
        for k, em in enumerate(enums):
            e_start = start + em.start(1)
            e_end = start + (enums[k + 1].start(1) if k + 1 < len(enums) else len(line))
            body = line[em.end() : e_end - start]
            segs.append(
                _segment(
                    "enumeration",
                    e_start,
                    e_end,
                    _first_clause(body),
                    cn_number(em.group(1)),
                    parent,
                    section_status,
                )
            )
        for sm in _SENTENCE.finditer(line):
            if sm.group().strip():
                segs.append(
                    _segment(
                        "sentence", start + sm.start(), start + sm.end(), "", None, parent, section_status
                    )
                )
    return tuple(segs)


_new, _set = object.__new__, object.__setattr__
# the fast way below holds while a Segment keeps these fields, in this order, in a dict (not slots)
_FIELDS = ("kind", "start", "end", "title", "number", "parent", "status")
_FAST = "__dict__" in dir(Segment) and tuple(f.name for f in fields(Segment)) == _FIELDS


def _segment(
    kind: str, start: int, end: int, title: str, number: int | None, parent: int | None, status: str | None
) -> Segment:
    """`Segment(kind, start, end, title, number, parent, status)`, its fields set at once instead of one
    by one through the frozen dataclass's __init__ (a document has a segment for every sentence: 72,000
    in 1,000 documents): the same object, equal, hashed and pickled alike (tests/test_ingest.py)."""
    if not _FAST:
        return Segment(kind, start, end, title, number, parent, status)
    seg = _new(Segment)
    _set(
        seg,
        "__dict__",
        {
            "kind": kind,
            "start": start,
            "end": end,
            "title": title,
            "number": number,
            "parent": parent,
            "status": status,
        },
    )
    return seg


def _status_of(title: str, current: str | None) -> str | None:
    if ACHIEVED_HEAD.search(title):
        return "achieved"
    if PLANNED_HEAD.search(title):
        return "planned"
    return current if current else None


def ingest(data: bytes, meta: DocMeta) -> Document:
    """Read (by the suffix of `meta.source`), normalise and segment one document."""
    return ingest_text(readers.read(data, meta.source), meta)


def ingest_text(raw: str, meta: DocMeta, source: str | None = None, simple: str | None = None) -> Document:
    """Normalise and segment the text a reader gave; quotes and offsets refer to `raw` (`simple`: `raw`
    in simplified characters, when the caller has it)."""
    text, offsets = normalise(raw, readers.reader_for(meta.source).markup, simple)
    if not text.strip():
        raise InputError(
            f"{source or meta.source}: no text left after reading it; give a document with content"
        )
    return Document(meta=meta, raw=raw, text=text, offsets=offsets, segments=segment(text))
