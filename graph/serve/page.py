"""The query page (Yasgui, bundled), its assets and the entity card page, rendered with Jinja2."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from graph.core.namespaces import PREFIXES

# the page's own files, by URL path: nothing else is ever served from disk
ASSETS = {
    "/assets/yasgui/yasgui.min.js": ("assets/yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
    "/assets/yasgui/yasgui.min.css": ("assets/yasgui/yasgui.min.css", "text/css; charset=utf-8"),
    "/assets/yasgui/LICENSE": ("assets/yasgui/LICENSE", "text/plain; charset=utf-8"),
    "/assets/edukg.js": ("templates/edukg.js", "text/javascript; charset=utf-8"),
    "/assets/edukg.css": ("templates/edukg.css", "text/css; charset=utf-8"),
}
# Yasgui's three constant inline styles (see graph/serve/assets/yasgui/NOTES.md): allowed by hash only
STYLE_HASHES = (
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' 'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg=' "
    "'unsafe-hashes' 'sha256-EntWS0hFrz2vH7susM+dPUxvHlL6sBswmM8K80E5oUk='"
)
CSP = f"default-src 'self'; frame-ancestors 'none'; style-src 'self' {STYLE_HASHES}"


@dataclass(frozen=True)
class Assets:
    files: dict[str, tuple[bytes, str]]
    queries_json: bytes


def named_listing() -> list[dict[str, Any]]:
    """The named queries as the page and GET /queries show them: titles, typed parameters, text."""
    from graph.sparql.library import load_named_queries
    from graph.sparql.params import PARAM_TYPES

    return [
        {
            "name": q.name,
            "title_zh": q.title_zh,
            "title_en": q.title_en,
            "answers": q.answers,
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "doc": p.doc,
                    "type_doc": PARAM_TYPES[p.type][1],
                }
                for p in q.params
            ],
            "text": q.text,
        }
        for q in load_named_queries().values()
    ]


def load_assets() -> Assets:
    root = resources.files("graph.serve")
    files = {url: ((root / rel).read_bytes(), ctype) for url, (rel, ctype) in ASSETS.items()}
    return Assets(files, json.dumps(named_listing(), ensure_ascii=False, indent=1).encode("utf-8"))


@cache
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("graph.serve", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def query_page(initial: dict[str, Any] | None = None) -> str:
    """The query page; `initial` (a query text, or a named query and its parameter values) is handed
    to the script as JSON data, never as code."""
    state = json.dumps(initial or {}, ensure_ascii=False).replace("<", "\\u003c")
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    return str(
        _env()
        .get_template("page.html")
        .render(initial=state, prefixes=json.dumps(prefixes), queries=named_listing())
    )


def with_prefixes(text: str) -> str:
    """The query with PREFIX lines for the predeclared prefixes it uses, so that it stands alone in
    the editor (which checks prefixes) and in any other SPARQL tool."""
    used = [p for p in sorted(PREFIXES) if re.search(rf"(?<![\w:]){p}:", text)]
    declared = set(re.findall(r"PREFIX\s+(\w*):", text, re.I))
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used if p not in declared)
    return head + text


def card_page(card: Any) -> str:
    """An entity card as HTML: the same content as `edukg show`, ids printed as <IRI>, every entity a
    link to its own card."""
    from graph.views.card import pasteable

    title = next(
        (t for t, lang in card.labels if lang == "zh"), card.labels[0][0] if card.labels else card.iri
    )
    return str(_env().get_template("card.html").render(c=card, title=title, pasteable=pasteable))
