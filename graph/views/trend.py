"""An indicator's values by year, planned and achieved, with their sources; and a self-contained chart."""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from graph.core.errors import EduKGError
from graph.core.keys import indicator_key
from graph.core.namespaces import EK


@dataclass(frozen=True)
class Point:
    indicator: str
    year: int | None
    value: Decimal
    unit: str
    comparator: str
    status: str
    doc: str
    quote: str


def find_indicators(g: Graph, name: str) -> list[URIRef]:
    """Indicators whose label contains the name, compared in the normalised form that merges phrasings."""
    want = indicator_key(name)
    hits = []
    for ind in g.subjects(RDF.type, EK.Indicator):
        labels = [str(lbl) for lbl in g.objects(ind, RDFS.label)]
        if any(want and want in indicator_key(lbl) for lbl in labels):
            hits.append(ind)
    return sorted(set(hits), key=str)


def trend(g: Graph, name: str) -> list[Point]:
    inds = find_indicators(g, name)
    if not inds:
        raise EduKGError(f"no indicator matches {name!r}; `edukg query targets` lists the indicators")
    return points_of(g, inds)


def points_of(g: Graph, inds: list[URIRef]) -> list[Point]:
    points = []
    for ind in inds:
        label = str(g.value(ind, RDFS.label))
        for t in g.subjects(EK.indicator, ind):
            year = g.value(t, EK.year)
            for m in sorted(g.subjects(EK.evidenceFor, t)):
                if (m, RDF.type, RDF.Statement) in g:
                    continue
                doc = g.value(m, PROV.wasDerivedFrom)
                points.append(
                    Point(
                        indicator=label,
                        year=int(str(year)) if year is not None else None,
                        value=Decimal(str(g.value(t, EK.value))),
                        unit=str(g.value(t, EK.unit)),
                        comparator=str(g.value(t, EK.comparator)),
                        status=str(g.value(t, EK.status)),
                        doc=str(g.value(doc, DCTERMS.identifier)) if doc is not None else "",
                        quote=str(g.value(m, EK.quote)).replace("\n", ""),
                    )
                )
    return sorted(points, key=lambda p: (p.year or 0, p.status, p.doc, p.indicator))


def render(points: list[Point]) -> str:
    out = [f"{'year':6} {'status':9} {'value':>10} {'unit':5} doc  quote"]
    for p in points:
        value = f"{p.comparator if p.comparator != '=' else ''}{p.value}"
        out.append(f"{p.year or '-':<6} {p.status:9} {value:>10} {p.unit:5} {p.doc:4} {p.quote}")
    return "\n".join(out) + "\n"


def chart_html(points: list[Point], title: str) -> str:
    """An inline-SVG chart of values by year: planned and achieved as two series. No scripts, no network."""
    width, height, pad = 720, 360, 50
    dated = [p for p in points if p.year is not None]
    years = sorted({p.year for p in dated}) or [0]
    values = [float(p.value) for p in dated] or [0.0]
    lo, hi = min(0.0, min(values)), max(values) or 1.0
    y0, y1 = min(years), max(years)

    def x(year: int) -> float:
        return pad + (width - 2 * pad) * ((year - y0) / (y1 - y0) if y1 > y0 else 0.5)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * ((v - lo) / (hi - lo) if hi > lo else 0.5)

    parts = [
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#333"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#333"/>',
    ]
    for yr in years:
        parts.append(
            f'<text x="{x(yr):.1f}" y="{height - pad + 18}" text-anchor="middle" font-size="12">{yr}</text>'
        )
    for frac in (0, 0.5, 1):
        v = lo + (hi - lo) * frac
        parts.append(f'<text x="{pad - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11">{v:g}</text>')
    colors = {"planned": "#1f77b4", "achieved": "#2ca02c"}
    for status, color in colors.items():
        series = sorted((p for p in dated if p.status == status), key=lambda p: p.year or 0)
        if len(series) > 1:
            pts = " ".join(f"{x(p.year or 0):.1f},{y(float(p.value)):.1f}" for p in series)
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
        for p in series:
            tip = html.escape(f"{p.year} {p.status}: {p.comparator} {p.value}{p.unit} ({p.doc}) {p.quote}")
            parts.append(
                f'<circle cx="{x(p.year or 0):.1f}" cy="{y(float(p.value)):.1f}" r="5" fill="{color}"><title>{tip}</title></circle>'
            )
    legend = "".join(f'<span style="color:{c}">● {s}</span> ' for s, c in colors.items())
    rows = "".join(
        f"<tr><td>{p.year or '-'}</td><td>{p.status}</td><td>{html.escape(p.comparator)} {p.value}{html.escape(p.unit)}</td>"
        f"<td>{html.escape(p.doc)}</td><td>{html.escape(p.quote)}</td></tr>"
        for p in points
    )
    return (
        f"<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:20px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}</style>"
        f"</head><body><h2>{html.escape(title)}</h2><p>{legend}</p>"
        f'<svg width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">{"".join(parts)}</svg>'
        f"<table><tr><th>year</th><th>status</th><th>value</th><th>doc</th><th>quote</th></tr>{rows}</table></body></html>\n"
    )


def trend_pages(g: Graph, min_points: int = 2) -> dict[str, tuple[str, str]]:
    """Chart pages of every indicator with at least `min_points` values: relative path -> (title, html)."""
    pages = {}
    for ind in sorted(set(g.subjects(RDF.type, EK.Indicator)), key=str):
        points = points_of(g, [ind])
        if len(points) < min_points:
            continue
        title = str(g.value(ind, RDFS.label))
        pages[f"trends/{str(ind).rsplit('/', 1)[-1]}.html"] = (title, chart_html(points, title))
    return pages
