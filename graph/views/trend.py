"""An indicator's values by year in one place, planned and achieved as two series, with their sources.

An indicator is one measure in one place (ek:jurisdiction), so a series never joins two places;
`compare` puts the places of one measure side by side as a separate, explicit view. Pages render
through Jinja2 templates (graph/views/templates/trend*.html.j2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from graph.core.errors import EduKGError
from graph.core.keys import indicator_key
from graph.core.namespaces import EK

STATUSES = ("planned", "achieved")
COLORS = {"planned": "#1f77b4", "achieved": "#2ca02c"}


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
    place: str = ""


@dataclass(frozen=True)
class Series:
    """One indicator in one place: its points, planned and achieved."""

    indicator: URIRef
    label: str
    place: str
    unit: str
    points: tuple[Point, ...]

    @property
    def title(self) -> str:
        return f"{self.place or '(no place)'} · {self.label} ({self.unit})"

    def of(self, status: str) -> list[Point]:
        return [p for p in self.points if p.status == status]


def _str(node: Node | None, default: str = "") -> str:
    return str(node) if node is not None else default


def find_indicators(g: Graph, name: str, place: str | None = None) -> list[URIRef]:
    """Indicators whose label contains the name (in the normalised form that merges phrasings), in a
    place when one is given."""
    want = indicator_key(name)
    hits = []
    for ind in g.subjects(RDF.type, EK.Indicator):
        if not isinstance(ind, URIRef):
            continue
        if place and not _str(g.value(ind, EK.jurisdiction)).startswith(place):
            continue
        labels = [str(lbl) for lbl in g.objects(ind, RDFS.label)]
        if any(want and want in indicator_key(lbl) for lbl in labels):
            hits.append(ind)
    return sorted(set(hits), key=str)


def series_of(g: Graph, ind: URIRef) -> Series:
    label = _str(g.value(ind, RDFS.label))
    place = _str(g.value(ind, EK.jurisdiction))
    points = []
    for t in g.subjects(EK.indicator, ind):
        year = g.value(t, EK.year)
        for m in sorted(g.subjects(EK.evidenceFor, t), key=str):
            if (m, RDF.type, RDF.Statement) in g:
                continue
            doc = g.value(m, PROV.wasDerivedFrom)
            points.append(
                Point(
                    indicator=label,
                    year=int(str(year)) if year is not None else None,
                    value=Decimal(_str(g.value(t, EK.value), "0")),
                    unit=_str(g.value(t, EK.unit)),
                    comparator=_str(g.value(t, EK.comparator), "="),
                    status=_str(g.value(t, EK.status)),
                    doc=_str(g.value(doc, DCTERMS.identifier)) if doc is not None else "",
                    quote=_str(g.value(m, EK.quote)).replace("\n", ""),
                    place=place,
                )
            )
    unit = _str(g.value(ind, EK.unit)) or (points[0].unit if points else "")
    ordered = sorted(points, key=lambda p: (p.year or 0, p.status, p.doc, str(p.value), p.quote))
    return Series(ind, label, place, unit, tuple(ordered))


def trend(g: Graph, name: str, place: str | None = None) -> list[Series]:
    """The series of every indicator that matches the name, one per place and measure."""
    inds = find_indicators(g, name, place)
    if not inds:
        where = f" in {place}" if place else ""
        raise EduKGError(f"no indicator matches {name!r}{where}; `edukg query targets` lists the indicators")
    return sorted((series_of(g, i) for i in inds), key=lambda s: (s.place, s.label, s.unit, str(s.indicator)))


def _value(p: Point) -> str:
    return f"{p.comparator if p.comparator not in ('=', '') else ''}{p.value}"


def render(series: list[Series]) -> str:
    """Text: a block per place and measure, its points by year, planned and achieved."""
    out: list[str] = []
    for s in series:
        out.append(f"# {s.title}")
        out.append(f"{'year':6} {'status':9} {'value':>10} {'unit':5} doc  quote")
        for p in s.points:
            out.append(f"{p.year or '-':<6} {p.status:9} {_value(p):>10} {p.unit:5} {p.doc:4} {p.quote}")
        out.append("")
    return "\n".join(out)


def compare(series: list[Series]) -> str:
    """The explicit comparison of places: one row per year and status, one column per place."""
    places = sorted({s.place for s in series})
    cells: dict[tuple[int | None, str, str], set[str]] = {}
    for s in series:
        for p in s.points:
            cells.setdefault((p.year, p.status, s.place), set()).add(f"{_value(p)}{p.unit}")
    keys = sorted({(y, st) for y, st, _ in cells}, key=lambda k: (k[0] or 0, k[1]))
    out = ["\t".join(["year", "status", *(pl or "(no place)" for pl in places)])]
    for year, status in keys:
        row = [str(year or "-"), status]
        row += ["/".join(sorted(cells.get((year, status, pl), set()))) or "-" for pl in places]
        out.append("\t".join(row))
    return "\n".join(out) + "\n"


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("graph.views", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class _Chart:
    """The drawing of one series: axes, ticks, and a line and dots per status."""

    width: int
    height: int
    axes: list[tuple[float, float, float, float]]
    xticks: list[tuple[float, str]]
    yticks: list[tuple[float, str]]
    lines: list[tuple[str, str]]  # (color, "x,y x,y")
    dots: list[tuple[float, float, str, str]]  # (x, y, color, tip)


def _chart(s: Series, width: int = 720, height: int = 320, pad: int = 50) -> _Chart:
    dated = [p for p in s.points if p.year is not None]
    years = sorted({p.year for p in dated if p.year is not None}) or [0]
    values = [float(p.value) for p in dated] or [0.0]
    lo, hi = min(0.0, min(values)), max(values) or 1.0
    y0, y1 = years[0], years[-1]

    def x(year: int) -> float:
        return pad + (width - 2 * pad) * ((year - y0) / (y1 - y0) if y1 > y0 else 0.5)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * ((v - lo) / (hi - lo) if hi > lo else 0.5)

    lines, dots = [], []
    for status in STATUSES:
        pts = sorted((p for p in dated if p.status == status), key=lambda p: p.year or 0)
        if len(pts) > 1:
            lines.append(
                (COLORS[status], " ".join(f"{x(p.year or 0):.1f},{y(float(p.value)):.1f}" for p in pts))
            )
        for p in pts:
            tip = f"{p.year} {p.status}: {_value(p)}{p.unit} ({p.doc}) {p.quote}"
            dots.append((round(x(p.year or 0), 1), round(y(float(p.value)), 1), COLORS[status], tip))
    axes: list[tuple[float, float, float, float]] = [
        (pad, height - pad, width - pad, height - pad),
        (pad, pad, pad, height - pad),
    ]
    yticks = [(round(y(lo + (hi - lo) * f), 1), f"{lo + (hi - lo) * f:g}") for f in (0, 0.5, 1)]
    return _Chart(width, height, axes, [(round(x(yr), 1), str(yr)) for yr in years], yticks, lines, dots)


def chart_html(series: list[Series], title: str, index_href: str | None = None) -> str:
    """A self-contained page (inline SVG, no scripts, no network): one chart per place and measure,
    planned and achieved as two series, with the table of sources under each."""
    charts = [(s, _chart(s)) for s in series]
    return (
        _env()
        .get_template("trend.html.j2")
        .render(title=title, charts=charts, colors=COLORS, index_href=index_href, value=_value)
    )


def page_name(s: Series) -> str:
    """A readable file name for a series' page: place-indicator-unit, with characters unsafe in paths dropped."""
    raw = "-".join(part for part in (s.place, s.label, s.unit) if part)
    raw = raw.replace("%", "pct")
    return re.sub(r"[\\/:*?\"<>|#\s()（）“”《》、，,]+", "_", raw).strip("_")[:80] or "indicator"


def trend_pages(g: Graph, min_points: int = 2) -> dict[str, tuple[str, str]]:
    """Chart pages of every indicator with at least `min_points` values: relative path -> (title, html).
    File names are readable (trends/青岛市-普惠率-pct.html); each page links back to the index."""
    pages: dict[str, tuple[str, str]] = {}
    for ind in sorted(set(g.subjects(RDF.type, EK.Indicator)), key=str):
        if not isinstance(ind, URIRef):
            continue
        s = series_of(g, ind)
        if len(s.points) < min_points:
            continue
        name, n = page_name(s), 2
        while f"trends/{name}.html" in pages:
            name, n = f"{page_name(s)}-{n}", n + 1
        pages[f"trends/{name}.html"] = (s.title, chart_html([s], s.title, index_href="../index.html"))
    return pages
