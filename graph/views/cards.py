"""Entity cards in a page: graph.views.card.card (the content of `edukg show`) for every node of a view,
with each quote's sentence, long lists cut (the cut counted), packed compactly for the page's JSON.

Packed, a card refers to other entities by their number in a shared table (iri, label, type) and to
quotes by their number in a table of [document, start, end, quote, rule, before, after] lists; `unpack` gives back the card's
dictionary (as `edukg show --format json` prints it, cut), and the page's script does the same.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from rdflib import URIRef

from graph.views.card import Card, Quote, card
from graph.views.index import Indexed

MAX_QUOTES = 12  # quotes of an entity in the page's card (the rest counted; `edukg show` lists all)
MAX_EVIDENCE = 3  # quotes behind each link or figure in the page's card
STOPS = "。；！？"
CONTEXT = 48


def _context(raw: str, start: int, end: int) -> tuple[str, str]:
    """The text of the sentence around a quote, back to the previous stop and on to the next one;
    line breaks are dropped (newspaper layouts break lines inside words)."""
    before = raw[max(0, start - CONTEXT) : start]
    cut = max(map(before.rfind, STOPS))
    before = before[cut + 1 :] if cut >= 0 else ("…" if start > CONTEXT else "") + before
    after = raw[end : end + CONTEXT]
    stops = [i for i in map(after.find, STOPS) if i >= 0]
    if stops:
        after = after[: min(stops) + 1]
    elif end + CONTEXT < len(raw):
        after += "…"
    return _oneline(before).lstrip(), _oneline(after).rstrip()


def _oneline(text: str) -> str:
    return "".join(text.splitlines())


QUOTE = ("document", "start", "end", "quote", "rule")
LINK = ("direction", "relation", "iri", "label", "type")
FIGURE = ("iri", "label", "indicator", "comparator", "value", "unit", "year", "status")


class Packer:
    """Packs the cards of one page: entities numbered in `refs`, document titles once in `titles`, each
    quote with its sentence where the document text is at hand, long lists cut (the cut counted)."""

    def __init__(self, texts: Mapping[str, str] | None = None) -> None:
        self.texts = texts or {}
        self.refs: dict[tuple[str, str, str], int] = {}
        self.titles: dict[str, str] = {}
        self.quotes: dict[tuple[str, int, int, str, str], int] = {}

    def ref(self, iri: str, label: str, typ: str) -> int:
        return self.refs.setdefault((iri, label, typ), len(self.refs))

    def quote(self, q: Quote) -> int:
        """The quote's number in the page's quote table (a statement's quote shows on both its ends)."""
        key = (q.document, q.start, q.end, q.quote, q.rule)
        i = self.quotes.get(key)
        if i is None:
            self.titles[q.document] = q.title
            i = self.quotes[key] = len(self.quotes)
        return i

    def quote_table(self) -> list[list]:
        out = []
        for key in sorted(self.quotes, key=self.quotes.__getitem__):
            row: list = list(key)
            raw = self.texts.get(key[0], "")
            if raw and raw[key[1] : key[2]] == key[3]:
                row += _context(raw, key[1], key[2])
            out.append(row)
        return out

    def evidence(self, quotes: list[Quote]) -> tuple[list, int]:
        return [self.quote(q) for q in quotes[:MAX_EVIDENCE]], max(0, len(quotes) - MAX_EVIDENCE)

    def pack(self, c: Card) -> dict:
        """The card of `edukg show` (graph.views.card.card) for the page's data."""
        figures = []
        for f in c.figures:
            ev, more = self.evidence(f.evidence)
            figures.append({k: getattr(f, k) for k in FIGURE} | {"evidence": ev, "more_evidence": more})
        return {
            "types": c.types,
            "labels": c.labels,
            "aliases": c.aliases,
            "attributes": c.attributes,
            "links": [
                [
                    0 if lk.direction == "out" else 1,
                    lk.relation,
                    self.ref(lk.iri, lk.label, lk.type),
                    *self.evidence(lk.evidence),
                ]
                for lk in c.links
            ],
            "figures": figures,
            "documents": c.documents,
            "quotes": [self.quote(q) for q in c.quotes[:MAX_QUOTES]],
            "more_quotes": max(0, len(c.quotes) - MAX_QUOTES),
        }

    def card(self, ix: Indexed, node: Hashable) -> dict:
        # the node itself when it is the index's own term: looked up by identity, not by rdflib's equality
        iri = node if isinstance(node, URIRef) else URIRef(str(node))
        return self.pack(card(ix, iri))  # type: ignore[arg-type]

    def table(self) -> list[list[str]]:
        return [list(k) for k in sorted(self.refs, key=self.refs.__getitem__)]


def unpack(iri: str, packed: dict, data: Mapping[str, Any]) -> dict:
    """A packed card back as the card's dictionary (graph.views.card.card_json's fields, cut); data: the
    page's data (its tables refs, quotes and titles)."""
    refs, titles = data["refs"], data["titles"]

    def quote(i: int) -> dict:
        q = data["quotes"][i]
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
