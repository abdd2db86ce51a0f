"""Issuers: the bodies a document is issued by (link.issuer, link.speaker, link.source): the catalog's issuers,
else the bodies heading a notice (市委教育工委  市教育局 / 关于印发…), convening the meeting it reports
(X、Y召开…会议), signing it above its closing date (某区教育局 / 2023年8月10日), the speaker's body under a
speech's title, the body whose consent a notice reports; when none of these, the body of a page's source line
(来源: 某县教育体育局). A body opening a cited title (《中共某县委关于…》) issued that title, not this document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from graph.core.model import Mention, Relation
from graph.extract.context import Context
from graph.extract.lexicon import LIST_JOINERS
from graph.extract.structure import document_mention
from graph.ingest.metadata import is_furniture
from graph.knowledge.words import pattern

CONVENE = re.compile(r"^[、，\s]*(?:联合)?(?:召开|印发|发布|举行|举办|关于)")
SPEAKER = re.compile(pattern("metadata", "speaker_line"))
CONSENT = re.compile(pattern("metadata", "consent"))
ISSUER_LINE = re.compile(pattern("metadata", "issuer_line"))
SOURCE_LINE = re.compile(pattern("metadata", "source_line"))
CLOSING_NOTE = re.compile(pattern("metadata", "closing_note"))
OPENING_SUBJECT = re.compile(pattern("metadata", "opening_subject"))
AUTHORED_TITLE = re.compile(pattern("metadata", "authored_title"))
DATE = r"(?:(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?)"
SIGNED_DATE = re.compile(rf"^{DATE}$")


def _on_furniture(text: str, pos: int) -> bool:
    """Is the position on a page-metadata line (来源:…, a dateline)?"""
    breaks = _newlines(text)
    k = bisect_left(breaks, pos)  # the line's bounds by bisect: no scan of a long line per mention
    start = breaks[k - 1] + 1 if k else 0
    end = breaks[k] if k < len(breaks) else len(text)
    return is_furniture(text[start:end])


@lru_cache(maxsize=8)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def link_issuers(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    doc = document_mention(ctx)
    found = list(_issuers(ctx, doc, mentions))
    yield from found or _source(ctx, doc, mentions)  # the page's source line when the text names no issuer


def _bodies(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """The bodies named in the text, not on page furniture and not opening a cited title, in order."""
    text = ctx.doc.text
    return sorted(
        (
            m
            for m in mentions
            if m.type == "GovernmentBody" and not _on_furniture(text, m.start) and not _cited(text, m.start)
        ),
        key=lambda m: m.start,
    )


def _issuers(ctx: Context, doc: Mention, mentions: list[Mention]) -> Iterator[Relation]:
    bodies = _bodies(ctx, mentions)
    if ctx.doc.meta.issuers:
        for name in ctx.doc.meta.issuers:
            entry = ctx.aliases.get(name)
            label = entry.label if entry else name
            found = next((m for m in bodies if m.name == label), None)
            target = found or Mention(
                doc.doc_id, doc.start, doc.end, doc.text, "GovernmentBody", "catalog.issuer", label
            )
            yield Relation(doc, "issuedBy", target, "catalog.issuer", target.start, target.end)
        return
    head = ctx.doc.text[:300]
    titled = re.sub(r"\s+", "", doc.text) == re.sub(
        r"\s+", "", ctx.doc.meta.title
    )  # the title is in the text
    first_line_end = ctx.doc.text.find("\n")
    header_only: list[bool] = []  # whether the first line holds nothing but the bodies (found once)
    for m in bodies:
        if m.start >= len(head):
            break
        rest = ctx.doc.text[m.end : m.end + 40]
        # skip over the other bodies of a list (X、Y召开)
        nxt = rest
        for o in bodies:
            if o.start >= m.end and ctx.doc.text[m.end : o.start].strip("、， ") == "":
                nxt = ctx.doc.text[o.end : o.end + 40]
        if m.end <= first_line_end and not header_only:
            rest_of_line = _without(ctx.doc.text[:first_line_end], [b.text for b in bodies])
            header_only.append(all(ch in "、， 　" for ch in rest_of_line))
        on_header = m.end <= first_line_end and header_only[0]
        if on_header or CONVENE.match(rest) or CONVENE.match(nxt) or (m.start == doc.start and titled):
            yield Relation(doc, "issuedBy", m, "link.issuer", m.start, m.end)
    yield from _speaker_and_consent(ctx, doc, bodies)
    yield from _signature(ctx, doc, bodies)
    yield from _opening_subject(ctx, doc, bodies)


def _without(line: str, names: list[str]) -> str:
    """The line with the (non-empty) names taken out, as `re.sub` of their alternation would: from left to
    right, at each place the first of the names that starts there. At a place, only the names' lengths
    for the character there are looked up (a long first line with many bodies stays linear)."""
    rank: dict[str, int] = {}  # a name -> its first place in the list
    lengths: dict[str, set[int]] = {}  # a first character -> the lengths of the names it starts
    for k, name in enumerate(names):
        if name and name not in rank:
            rank[name] = k
            lengths.setdefault(name[0], set()).add(len(name))
    if not rank:
        return line
    by_first = {ch: sorted(ns) for ch, ns in lengths.items()}
    out: list[str] = []
    kept = i = 0  # line[kept:i] is kept
    while i < len(line):
        ns = by_first.get(line[i])
        if ns is not None:
            found = [(rank[line[i : i + n]], n) for n in ns if line[i : i + n] in rank]
            if found:
                out.append(line[kept:i])
                i += min(found)[1]  # the first of the names in the list's order
                kept = i
                continue
        i += 1
    out.append(line[kept:])
    return "".join(out)


def _opening_subject(ctx: Context, doc: Mention, bodies: list[Mention]) -> Iterator[Relation]:
    """The body the first paragraph of a summary, report or plan opens on as its subject, after a time
    phrase (2023年上半年，某县教育体育局认真落实…): its author. Not in a news report (a paper's), not
    a body followed by another (X、Y) or by 的 (某局的指导下), and not a body of another place than the
    county a county's text speaks for (2024年，市教育局部署…: the city's, whose work the county follows)."""
    if ctx.doc.meta.kind == "news report" and not AUTHORED_TITLE.search(ctx.doc.meta.title):
        return
    text = ctx.doc.text
    head = _header_end(text)
    for m in bodies:
        if m.start > head + 200:
            return
        line_start = text.rfind("\n", 0, m.start) + 1
        if (
            OPENING_SUBJECT.match(text[line_start : m.start])
            and text[m.end : m.end + 1] not in f"、的{LIST_JOINERS}"
            and _of_home(ctx, m)
        ):
            yield Relation(doc, "issuedBy", m, "link.issuer", m.start, m.end)
            return


def _of_home(ctx: Context, m: Mention) -> bool:
    """Is a body the home county's, when the document speaks for a county (or named by no place)?"""
    county = ctx.home.county_place
    if county is None:
        return True
    place = ctx.place_at_start(m.name.removeprefix("中共"))
    return place is None or place.adcode == county.adcode


def _outermost(doc: Mention, on_line: list[Mention]) -> Iterator[Relation]:
    for b in on_line:  # 中共某县委教育工作委员会, not the 中共某县委 inside it
        if not any(
            o.start <= b.start and b.end <= o.end and o.end - o.start > b.end - b.start for o in on_line
        ):
            yield Relation(doc, "issuedBy", b, "link.issuer", b.start, b.end)


def _cited(text: str, pos: int) -> bool:
    """Does the position stand inside a 《》 title? A body opening a cited title (《中共某县委关于…的建议》)
    issued that document, not the one citing it."""
    before = text[max(0, pos - 80) : pos]
    return before.rfind("《") > before.rfind("》")


def _source(ctx: Context, doc: Mention, mentions: list[Mention]) -> Iterator[Relation]:
    """The body a page's header line says it comes from (来源: 某县教育体育局, 发布机构：某市教育局)."""
    text = ctx.doc.text
    head = _header_end(text)
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type != "GovernmentBody" or m.start >= head:
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if SOURCE_LINE.search(text[line_start : m.start]):
            yield Relation(doc, "issuedBy", m, "link.source", m.start, m.end)


def _signature(ctx: Context, doc: Mention, bodies: list[Mention]) -> Iterator[Relation]:
    """The bodies a notice or a reply is signed by: up to three lines of bodies only, above the date it
    ends with (某市某区教育局 / 中共某区委教育工委 / 2023年8月10日), a closing note or two below the date
    ((此件公开发布), 抄送: …) aside; not bodies listed under a line ending in a colon (先进集体：)."""
    text = ctx.doc.text
    lines = [(m.start(), m.group().strip()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    k = len(lines) - 1
    while k > 0 and len(lines) - 1 - k < 2 and CLOSING_NOTE.match(lines[k][1]):
        k -= 1
    if k >= 1 and ISSUER_LINE.match(lines[k][1]) and k == len(lines) - 1:
        k += 1  # signed without a date (某县教育局 as the last line)
    elif k < 1 or not SIGNED_DATE.match(re.sub(r"\s+", "", lines[k][1])):
        return
    block = lines[max(0, k - 3) : k]
    top = next((i for i in range(len(block) - 1, -1, -1) if not ISSUER_LINE.match(block[i][1])), -1)
    above = block[top][1] if top >= 0 else (lines[k - 4][1] if k >= 4 else "")
    if above.endswith(("：", ":")):
        return  # bodies listed under a lead (先进集体： / 出席会议的有：), no signature
    for start, line in reversed(block):
        if not ISSUER_LINE.match(line):
            return
        end = text.find("\n", start)
        yield from _outermost(doc, [b for b in bodies if start <= b.start < (end if end >= 0 else len(text))])


def _speaker_and_consent(ctx: Context, doc: Mention, bodies: list[Mention]) -> Iterator[Relation]:
    """The body of the speaker under a speech's title (市教育局局长 赵青山), and the body whose consent a
    notice reports (已经市政府同意，现印发给你们), issue the document."""
    text = ctx.doc.text
    head_end = _header_end(text)
    for line_start, line in _lines_between(text, 0, head_end):
        sp = SPEAKER.match(line)
        if sp and len(line) <= 40:
            body = next((b for b in bodies if line_start <= b.start < line_start + sp.end(1) + 1), None)
            if body is not None:
                yield Relation(doc, "issuedBy", body, "link.speaker", body.start, body.end)
                return
    for c in CONSENT.finditer(text, 0, min(len(text), 600)):
        body = next((b for b in bodies if c.start(1) <= b.start < c.end(1)), None)
        if body is not None:
            yield Relation(doc, "issuedBy", body, "link.speaker", body.start, body.end)
            return


HEADER_LINES = 8  # a page's header (its title, source, speaker lines) is within its first lines


def _header_end(text: str) -> int:
    """Where a page's header ends: its HEADER_LINES-th line break, else its last one (0: none)."""
    end = 0
    for _ in range(HEADER_LINES):
        nl = text.find("\n", end + 1)
        if nl < 0:
            break
        end = nl
    return end


def _lines_between(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos)
        nl = end if nl < 0 or nl > end else nl
        yield pos, text[pos:nl]
        pos = nl + 1


__all__ = ["link_issuers"]
