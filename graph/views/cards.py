"""Entity cards in a page: graph.views.card.card (the content of `edukg show`) for every node of a view,
with each quote's sentence, long lists cut (the cut counted), packed compactly for the page's JSON.

Packed, a card refers to other entities by their number in a shared table (iri, label, type) and
to quotes as [document, start, end, quote, rule, before, after] lists; `unpack` gives back the card's
dictionary (as `edukg show --format json` prints it, cut), and the page's script does the same.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from rdflib import URIRef

from graph.views.card import card
from graph.views.index import Indexed

MAX_QUOTES = 12  # quotes of an entity in the page's card (the rest counted; `edukg show` lists all)
MAX_EVIDENCE = 3  # quotes behind each link or figure in the page's card
STOPS = "。；！？"
CONTEXT = 48


def _context(raw: str, start: int, end: int) -> tuple[str, str]:
    """The text of the sentence around a quote, back to the previous stop and on to the next one;
    line breaks are dropped (newspaper layouts break lines inside words)."""
    before = raw[max(0, start - CONTEXT) : start]
    cut = max(before.rfind(c) for c in STOPS)
    before = before[cut + 1 :] if cut >= 0 else ("…" if start > CONTEXT else "") + before
    after = raw[end : end + CONTEXT]
    stops = [i for i in (after.find(c) for c in STOPS) if i >= 0]
    if stops:
        after = after[: min(stops) + 1]
    elif end + CONTEXT < len(raw):
        after += "…"
    return _oneline(before).lstrip(), _oneline(after).rstrip()


def _oneline(text: str) -> str:
    return "".join(text.splitlines())


def _quote(q: dict, texts: Mapping[str, str]) -> dict:
    raw = texts.get(q["document"], "")
    if raw and raw[q["start"] : q["end"]] == q["quote"]:
        q["before"], q["after"] = _context(raw, q["start"], q["end"])
    return q


def _plain(obj: Any) -> Any:
    """dataclasses.asdict without its deep copies (the card's values are strings and numbers)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in vars(obj).items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return obj


def card_data(ix: Indexed, node: Hashable, texts: Mapping[str, str] | None = None) -> dict:
    """The entity card of `edukg show` (graph.views.card.card) as the page's data: quotes with their
    sentence where the document text is at hand, long quote lists cut (the cut counted in `more_*`)."""
    texts = texts or {}
    c = _plain(card(ix, URIRef(str(node))))  # type: ignore[arg-type]
    for item in (*c["links"], *c["figures"]):
        item["more_evidence"] = max(0, len(item["evidence"]) - MAX_EVIDENCE)
        item["evidence"] = [_quote(q, texts) for q in item["evidence"][:MAX_EVIDENCE]]
    c["more_quotes"] = max(0, len(c["quotes"]) - MAX_QUOTES)
    c["quotes"] = [_quote(q, texts) for q in c["quotes"][:MAX_QUOTES]]
    return c


QUOTE = ("document", "start", "end", "quote", "rule")
LINK = ("direction", "relation", "iri", "label", "type")


class Packer:
    """Packs cards for one page: entities numbered in `refs`, document titles once in `titles`."""

    def __init__(self) -> None:
        self.refs: dict[tuple[str, str, str], int] = {}
        self.titles: dict[str, str] = {}

    def ref(self, iri: str, label: str, typ: str) -> int:
        return self.refs.setdefault((iri, label, typ), len(self.refs))

    def quote(self, q: dict) -> list:
        self.titles[q["document"]] = q["title"]
        out = [q[k] for k in QUOTE]
        if "before" in q:
            out += [q["before"], q["after"]]
        return out

    def pack(self, c: dict) -> dict:
        links = [
            [
                0 if lk["direction"] == "out" else 1,
                lk["relation"],
                self.ref(lk["iri"], lk["label"], lk["type"]),
                [self.quote(q) for q in lk["evidence"]],
                lk["more_evidence"],
            ]
            for lk in c["links"]
        ]
        figures = [{**f, "evidence": [self.quote(q) for q in f["evidence"]]} for f in c["figures"]]
        return {
            "types": c["types"],
            "labels": c["labels"],
            "aliases": c["aliases"],
            "attributes": c["attributes"],
            "links": links,
            "figures": figures,
            "documents": c["documents"],
            "quotes": [self.quote(q) for q in c["quotes"]],
            "more_quotes": c["more_quotes"],
        }

    def table(self) -> list[list[str]]:
        return [list(k) for k in sorted(self.refs, key=self.refs.__getitem__)]


def unpack(iri: str, packed: dict, refs: list[list[str]], titles: Mapping[str, str]) -> dict:
    """A packed card back as the card's dictionary (graph.views.card.card_json's fields, cut)."""

    def quote(q: list) -> dict:
        out = dict(zip(QUOTE, q[:5], strict=True)) | {"title": titles.get(q[0], "")}
        if len(q) > 5:
            out["before"], out["after"] = q[5], q[6]
        return out

    links = [
        dict(zip(LINK, ["out" if d == 0 else "in", rel, *refs[r]], strict=True))
        | {"evidence": [quote(q) for q in ev], "more_evidence": more}
        for d, rel, r, ev, more in packed["links"]
    ]
    return {
        "iri": iri,
        "types": packed["types"],
        "labels": packed["labels"],
        "aliases": packed["aliases"],
        "attributes": packed["attributes"],
        "links": links,
        "figures": [{**f, "evidence": [quote(q) for q in f["evidence"]]} for f in packed["figures"]],
        "documents": packed["documents"],
        "quotes": [quote(q) for q in packed["quotes"]],
        "more_quotes": packed["more_quotes"],
    }
