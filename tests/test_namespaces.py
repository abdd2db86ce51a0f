from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.core.namespaces import EK

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "edukg.ttl"


def test_defined_namespace_matches_the_ontology() -> None:
    g = Graph().parse(ONTOLOGY)
    declared = {str(s) for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(EK._NS))}
    in_code = {str(EK[name]) for name in EK.__annotations__}
    assert declared == in_code


def test_a_typo_fails() -> None:
    with pytest.raises(AttributeError):
        EK.partof  # noqa: B018


def test_every_term_has_zh_and_en_labels_and_a_comment() -> None:
    g = Graph().parse(ONTOLOGY)
    from rdflib.namespace import RDFS

    for name in EK.__annotations__:
        langs = {lbl.language for lbl in g.objects(EK[name], RDFS.label)}
        assert {"zh", "en"} <= langs, name
        assert g.value(EK[name], RDFS.comment) is not None, name
