from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from graph.cli import main


@pytest.mark.parametrize(
    ("fmt", "rdflib_fmt"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig")]
)
def test_export_round_trips(built: Path, graph, tmp_path: Path, fmt: str, rdflib_fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    r = CliRunner().invoke(
        main, ["export", "--graph", str(built / "edukg.ttl"), "--format", fmt, "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    if fmt == "trig":
        ds = Dataset()
        ds.parse(out, format="trig")
        names = {str(c.identifier) for c in ds.graphs() if len(c)}
        assert {f"https://w3id.org/edukg/graph/{i}" for i in ("000", "001", "002", "003", "004")} <= names
        union = {t for c in ds.graphs() for t in c}
        assert len(union) == len(graph)
    else:
        g = Graph().parse(out, format=rdflib_fmt)
        assert len(g) == len(graph)
