"""The main process's shortcuts (resolve, graph, Turtle) give what the plain code gives."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal
from pathlib import Path

import pytest

from graph.core.model import Extraction, Figure, Relation, TargetFact, evolve
from graph.inputs import extract_all, read_documents
from graph.rdf import render
from graph.resolve import resolve
from graph.resolve.identity import Forms

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["_PLAIN", "_REIFIED", "_SPAN", "_REST"])
def test_filled_templates_are_the_templates_formatted(name: str) -> None:
    template = getattr(render, name)
    fill = render._filler(template)
    values = ("<n>", "{0}", 12, 345, '"引号\\"}{"', "规则 {1}", "<t>", "<s>", "{{p}}", '"o"@zh')
    assert fill(*values) == template.format(*values)


def test_a_filler_keeps_literal_braces_and_refuses_named_fields() -> None:
    assert render._filler("a{{b}}{1}c{0}}}")("X", "Y") == "a{b}YcX}"
    with pytest.raises(ValueError):
        render._filler("{name}")


def test_evolve_is_dataclasses_replace() -> None:
    t = TargetFact("target/x", Decimal("1.50"), "所", "≥", "新建学校", "indicator/y", "planned", 2025)
    changed = evolve(t, indicator_label="学校", owners=("task/a",))
    assert changed == dataclasses.replace(t, indicator_label="学校", owners=("task/a",))
    assert t.indicator_label == "" and t.owners == ()  # the original is left as it was
    f = Figure("d", 0, 3, Decimal(5), "所", "=", "学校", "achieved", None, "figure.count")
    assert evolve(f, indicator="中学") == dataclasses.replace(f, indicator="中学")
    with pytest.raises(TypeError):
        evolve(t, colour="red")
    with pytest.raises(dataclasses.FrozenInstanceError):
        changed.key = "target/z"  # type: ignore[misc]


def test_union_find_roots_are_the_smallest_of_each_component() -> None:
    rnd = random.Random(7)
    for n in (5, 50, 500):
        forms, edges = Forms(), {}
        nodes = [("f", f"{k:03d}") for k in range(n)]
        for _ in range(2 * n):
            a, b = rnd.choice(nodes), rnd.choice(nodes)
            forms.union(a, b)
            edges.setdefault(a, set()).add(b)
            edges.setdefault(b, set()).add(a)
        for start in nodes:  # the component by a walk over the unions made
            seen, todo = {start}, [start]
            while todo:
                for nxt in edges.get(todo.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            assert forms.find(start) == min(seen)


def test_relation_endpoints_met_again_resolve_as_copies_of_them() -> None:
    """A relation's endpoint that is one of its document's mentions (the same object) is resolved once;
    the corpus is the one the same endpoints give as equal copies, each resolved in full."""
    extractions = extract_all(read_documents(ROOT / "seeds"))
    copied = [
        Extraction(
            x.doc,
            x.mentions,
            tuple(
                Relation(
                    dataclasses.replace(r.subject),
                    r.predicate,
                    dataclasses.replace(r.object),
                    r.rule,
                    r.start,
                    r.end,
                )
                for r in x.relations
            ),
            x.figures,
        )
        for x in extractions
    ]
    shared = {id(m) for x in extractions for m in x.mentions}
    assert any(id(r.subject) in shared for x in extractions for r in x.relations)
    assert resolve(extractions) == resolve(copied)


def test_objects_sort_as_the_writers_key_sorts_them() -> None:
    from graph.rdf import turtle

    rnd = random.Random(3)
    pool = ['"b"@zh', '"a"', '"5"^^<x>', "<b>", "<a>", "<ab>", "_:n1", "=x", "<", '"', "~z", "!q"]
    for n in range(1, 9):
        for _ in range(200):
            objs = dict.fromkeys(rnd.sample(pool, n))
            assert turtle.sorted_objects(objs) == sorted(objs, key=turtle._okey)


def test_what_a_worker_works_out_ahead_is_what_the_main_process_would() -> None:
    from dataclasses import replace

    from graph.inputs import early_text, read_and_extract
    from graph.knowledge.registry import Home
    from graph.resolve import Resolver, met, town_counties
    from graph.resolve.propagate import names_given
    from graph.resolve.targets import prepare, prepared

    xs = read_and_extract(ROOT / "seeds", 1, texts=True)
    assert any(x.figures for x in xs) and any(names_given(x) for x in xs)
    for x in xs:
        assert prepared(x.figures, x.ahead.prepared) == prepare(x)
        assert x.ahead.names == names_given(x)
        home = Home(x.doc.meta.city, x.doc.meta.province, x.doc.meta.county)
        assert x.ahead.towns == town_counties(x, home)
        here = Resolver()
        here.add(replace(x))  # a copy carries nothing worked out ahead
        assert x.ahead.identities == [here.identity(m) for m in met(x)]
        text, spans = render.text_statements(x.doc, x.mentions)
        assert early_text(x) == (text.encode("utf-8"), spans) == early_text(replace(x))


def test_work_done_ahead_travels_with_the_extraction_and_no_changed_copy_keeps_it() -> None:
    import pickle
    from dataclasses import replace

    from graph.inputs import read_and_extract

    x = read_and_extract(ROOT / "seeds", 1, texts=True)[0]
    assert x.ahead is not None and x.mentions
    assert pickle.loads(pickle.dumps(x)).ahead == x.ahead  # as a worker sends it
    assert replace(x, mentions=x.mentions[1:]).ahead is None  # worked out of other mentions: dropped
    assert x.with_ahead(None) == x and x.with_ahead(None).ahead is None


def test_a_name_without_control_characters_or_bad_bytes_is_shown_as_it_is() -> None:
    import unicodedata

    from graph.ingest.folder import shown

    def slow(name: str) -> str:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in text)

    names = ["001_工作要点.txt", "a\tb.md", "x\x7f\x85\x9f\xa0y.txt", "bad\udcff.txt", "\u2028 é 🙂.html"]
    names += [chr(c) + ".txt" for c in range(0, 0x200)]
    for name in names:
        assert shown(name) == slow(name)


def test_a_full_text_cache_starts_again_and_writes_the_same_statements(monkeypatch) -> None:
    from graph.rdf import turtle

    ek = "https://w3id.org/edukg/ontology#"
    preds = {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": {f"{ek}School": None},
        f"{ek}partOf": {f"https://w3id.org/edukg/id/university/u{k}": None for k in range(3)},
        f"{ek}start": {'"12"^^<http://www.w3.org/2001/XMLSchema#integer>': None},
        "http://www.w3.org/2000/01/rdf-schema#label": {'"某某学校"@zh': None},
    }
    subjects = [f"https://w3id.org/edukg/id/school/s{k}" for k in range(20)]
    roomy = [turtle.statement(s, preds) for s in subjects]
    monkeypatch.setattr(turtle, "_CACHED", 2)
    turtle._TEXTS.clear()
    assert [turtle.statement(s, preds) for s in subjects] == roomy
    assert len(turtle._TEXTS) <= 2
