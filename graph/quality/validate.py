"""SHACL validation of a graph against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from graph.core.errors import GraphLoadError
from graph.core.paths import ontology_file


def shapes_path() -> Path:
    p = ontology_file("shapes.ttl")
    if p.exists():
        return p
    raise GraphLoadError("ontology/shapes.ttl not found; reinstall EduKG from its source tree")


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: int
    text: str


def validate(g: Graph, shapes: Path | None = None) -> Report:
    import pyshacl

    try:
        sg = Graph().parse(shapes or shapes_path(), format="turtle")
    except Exception as exc:
        raise GraphLoadError(
            f"{shapes or shapes_path()}: cannot parse the shapes ({str(exc)[:120]})"
        ) from None
    conforms, report_graph, text = pyshacl.validate(g, shacl_graph=sg, advanced=True, allow_warnings=True)
    from rdflib.namespace import SH

    violations = sum(1 for _ in report_graph.subjects(SH.resultSeverity, SH.Violation))
    return Report(bool(conforms), violations, text)
