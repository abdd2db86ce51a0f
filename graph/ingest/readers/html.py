"""HTML: the text of the page, without scripts, styles, navigation, headers and footers."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from html.parser import HTMLParser

from graph.core.errors import InputError
from graph.ingest.limits import limit, too_big
from graph.ingest.readers.text import decode

SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "nav",
        "aside",
        "footer",
        "form",
        "button",
        "select",
        "svg",
        "iframe",
        "object",
    ]
)
BLOCK = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
    ]
)
# elements whose class never hides the page: <body class="menu-open"> is still the page
CONTAINERS = frozenset(["html", "body", "main", "article"])
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# class/id/role tokens of page navigation and furniture
FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|sidebar|share|banner|contentinfo)"
    r"(?:$|[\s_-])",
    re.I,
)
CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""",
    re.I,
)
STRAY_LT = re.compile(r"<(?![A-Za-z/!?])")
HTML_PER_TEXT = 8  # a page may be this many times as long as the text limit (EDUKG_MAX_CHARS)
ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


class _Text(HTMLParser):
    def __init__(self, source: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.open: Counter[str] = Counter()  # tags on the stack: an end tag is matched in O(1)
        self.pre = 0
        self.source = source
        self.max_depth = limit("depth")

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK and not self.skipping:
            self.parts.append("\n")
        if tag in VOID:
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        furniture = tag not in CONTAINERS and bool(FURNITURE.search(marks))
        skip = self.skipping or tag in SKIP or furniture
        if len(self.stack) >= self.max_depth:
            raise too_big(self.source, "depth", len(self.stack) + 1, "the nesting of its elements")
        self.stack.append((tag, skip))
        self.open[tag] += 1
        self.pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.open[tag]:
            return
        while self.stack:
            t, _ = self.stack.pop()
            self.open[t] -= 1
            self.pre -= t == "pre"
            if t == tag:
                break
        if tag in BLOCK and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.parts.append(data if self.pre else _collapse(data))


def _collapse(data: str) -> str:
    """Source line breaks between Chinese characters vanish; other whitespace runs become one space."""

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        before = data[s - 1] if s else ""
        after = data[e] if e < len(data) else ""
        wide = not before.isascii() or not after.isascii()
        return "" if "\n" in m.group() and wide else " "

    return re.sub(r"[ \t\r\n\f]+", repl, data)


def _decode(data: bytes, source: str) -> str:
    m = CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = (m.group(1) or m.group(2)).decode("ascii").lower()
        name = ALIASES.get(name, name)
        try:
            codecs.lookup(name)
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, source)


def read(data: bytes, source: str) -> str:
    """The visible text of an HTML page, one line per block."""
    page = _decode(data, source)
    cap = limit("chars") * HTML_PER_TEXT
    if len(page) > cap:
        raise InputError(
            f"{source}: the page is {len(page):,} characters, over the limit of {cap:,} "
            f"({HTML_PER_TEXT} x EDUKG_MAX_CHARS); split it, or set EDUKG_MAX_CHARS={len(page) // 4} to read it"
        )
    # a "<" that opens no tag is text: written as such, so that the parser reads it in one piece with the
    # text around it instead of one character at a time
    page = STRAY_LT.sub("&lt;", page)
    # a "<" after the last ">" can open no tag; Python's parser rescans to the end of the page for each
    # such "<" (time that grows with the square of their number): they are text, and written as such
    last = page.rfind(">")
    if "<" in page[last + 1 :]:
        page = page[: last + 1] + page[last + 1 :].replace("&", "&amp;").replace("<", "&lt;")
    parser = _Text(source)
    try:
        parser.feed(page)
        parser.close()
    except (AssertionError, ValueError, IndexError) as exc:  # the parser's own checks on broken markup
        why = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise InputError(
            f"{source}: not readable HTML ({why}); save the page again or give its text"
        ) from None
    lines = (ln.strip(" \t") for ln in "".join(parser.parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)
