"""Stage goldens: run each stage on tests/goldens/seeds and write (or check) its expected output.

    python -m tools.goldens          # rewrite tests/goldens/*.jsonl and graph.ttl after a deliberate change
    python -m tools.goldens --check  # exit 1 when a stage's output differs (what the tests do)

One small document, four outputs a reviewer can read as a diff: segments (ingest), mentions, relations
and figures (extract), entities and links (resolve), and the Turtle (rdf; compared by graph isomorphism).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "goldens"
SEEDS = GOLDENS / "seeds"


def stage_outputs() -> dict[str, Any]:
    """The output of every stage on the golden seeds, as plain JSON-able data (and the Turtle)."""
    from graph.extract import extract
    from graph.pipeline import read_documents
    from graph.rdf.serialize import to_turtle
    from graph.rdf.triples import build_triples
    from graph.resolve import resolve

    docs = read_documents(SEEDS, strict=True)
    extractions = [extract(d) for d in docs]
    corpus = resolve(extractions)
    segments = [
        {
            "doc": d.meta.id,
            "kind": s.kind,
            "span": [s.start, s.end],
            "text": d.text[s.start : s.end][:60],
            "title": s.title,
            "number": s.number,
            "parent": s.parent,
            "status": s.status,
        }
        for d in docs
        for s in d.segments
    ]
    mentions = [
        {"span": [m.start, m.end], "text": m.text, "type": m.type, "rule": m.rule, "name": m.name}
        for x in extractions
        for m in sorted(x.mentions, key=lambda m: (m.start, m.end, m.type, m.rule, m.name))
    ]
    relations = [
        {"subject": r.subject.name, "predicate": r.predicate, "object": r.object.name, "rule": r.rule}
        for x in extractions
        for r in sorted(x.relations, key=lambda r: (r.start, r.subject.name, r.predicate, r.object.name))
    ]
    figures = [
        {
            "span": [f.start, f.end],
            "value": str(f.value),
            "unit": f.unit,
            "comparator": f.comparator,
            "indicator": f.indicator,
            "status": f.status,
            "year": f.year,
            "rule": f.rule,
        }
        for x in extractions
        for f in x.figures
    ]
    entities = [
        {
            "key": e.key,
            "type": e.type,
            "label": e.label,
            "aliases": list(e.aliases),
            "sectors": list(e.sectors),
        }
        for e in corpus.entities
    ]
    links = [
        [lk.subject, lk.predicate, lk.object, sorted({ev.rule for ev in lk.evidence})] for lk in corpus.links
    ]
    return {
        "segments.jsonl": segments,
        "extract.jsonl": {"mentions": mentions, "relations": relations, "figures": figures},
        "resolve.jsonl": {"entities": entities, "links": links},
        "graph.ttl": to_turtle(build_triples(corpus)),
    }


def as_text(value: Any) -> str:
    """One record per line, so that a change in behaviour is a line in a diff."""
    if isinstance(value, str):
        return value
    parts = value.items() if isinstance(value, dict) else [("records", value)]
    out = []
    for key, records in parts:
        out.append(f"# {key}")
        out += [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    bad = []
    for name, value in stage_outputs().items():
        path = GOLDENS / name
        text = as_text(value)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                bad.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print("wrote", path.relative_to(ROOT))
    if bad:
        print(
            "stage output differs from its golden: "
            + ", ".join(bad)
            + "; review, then `python -m tools.goldens`"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
