"""Precision and recall of the built graph against a hand annotation (the dev-gold.yaml format)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from graph.core.errors import GoldError
from graph.core.keys import norm
from graph.core.model import INSTITUTION_TYPES
from graph.core.namespaces import EK

CATEGORIES = {
    "institutions": set(INSTITUTION_TYPES),
    "documents & plans": {"PolicyDocument", "ActionPlan"},
    "programs & events": {"Program", "Event"},
    "places": {"Place"},
    "goals": {"Goal"},
}
COMPATIBLE = {
    "PolicyDocument": {"PolicyDocument", "ActionPlan"},
    "ActionPlan": {"ActionPlan", "PolicyDocument", "Program", "Event"},
    "Program": {"Program", "ActionPlan", "Event"},
    "Event": {"Event", "Program", "ActionPlan"},
}
for _t in CATEGORIES["institutions"]:
    COMPATIBLE[_t] = CATEGORIES["institutions"]
RELATIONS = ("partOf", "locatedIn", "renamedTo", "issuedBy", "supports")


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    tp_gold: int = 0  # gold items found
    tp_pred: int = 0  # predictions that match some gold item

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    entities: dict[str, Score] = field(default_factory=dict)
    relations: dict[str, Score] = field(default_factory=dict)
    figures: Score = field(default_factory=Score)
    figure_status: tuple[int, int] = (0, 0)
    figure_year: tuple[int, int] = (0, 0)
    # matched figures whose indicator label is the gold's (exact after norm; loose: one contains the other)
    figure_indicator: tuple[int, int, int] = (0, 0, 0)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    indicator_misses: list[str] = field(default_factory=list)


def _forms(*names: str) -> set[str]:
    return {norm(n) for n in names if n and norm(n)}


def load_gold(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file; pass --gold FILE.yaml") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: not a readable YAML gold file ({str(exc).splitlines()[0][:100]})") from None
    except OSError as exc:
        raise GoldError(
            f"{path}: cannot read the gold file ({exc.strerror}); pass --gold FILE.yaml"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise GoldError(f"{path}: a gold file needs 'entities', 'relations' and 'figures' lists")
    return data


def _predictions(g: Graph) -> tuple[dict[str, list[tuple[str, set[str], str]]], dict, list]:
    doc_ids: dict[Node | None, str] = {d: str(i) for d, i in g.subject_objects(DCTERMS.identifier)}
    ents: dict[str, list[tuple[str, set[str], str]]] = defaultdict(list)
    info: dict[Node, tuple[str, set[str], str]] = {}
    for s, t in g.subject_objects(RDF.type):
        typ = str(t).split("#")[-1]
        if not str(t).startswith(str(EK)) or not any(typ in c for c in CATEGORIES.values()):
            continue
        labels = [str(o) for o in g.objects(s, RDFS.label) if getattr(o, "language", None) != "en"]
        aliases = [str(o) for o in g.objects(s, SKOS.altLabel)]
        label = sorted(labels)[0] if labels else str(s)
        info[s] = (typ, _forms(*labels, *aliases), label)
        for d in g.objects(s, EK.mentionedIn):
            if d in doc_ids:
                ents[doc_ids[d]].append(info[s])
        if s in doc_ids:
            ents[doc_ids[s]].append(info[s])
    rels: dict[str, list[tuple[str, str, str, set[str], set[str], str, str]]] = defaultdict(list)
    for m in g.subjects(RDF.type, RDF.Statement):
        subj, p, obj = g.value(m, RDF.subject), g.value(m, RDF.predicate), g.value(m, RDF.object)
        rd = doc_ids.get(g.value(m, PROV.wasDerivedFrom))
        pred = str(p).split("#")[-1]
        if rd and subj is not None and obj is not None and subj in info and obj in info and pred in RELATIONS:
            s, o = subj, obj
            rels[rd].append((pred, info[s][0], info[o][0], info[s][1], info[o][1], info[s][2], info[o][2]))
    figs = []
    for t in g.subjects(RDF.type, EK.Target):
        value, unit = g.value(t, EK.value), g.value(t, EK.unit)
        year, status = g.value(t, EK.year), g.value(t, EK.status)
        indicator = _indicator_label(g, g.value(t, EK.indicator))
        for m in g.subjects(EK.evidenceFor, t):
            doc = doc_ids.get(g.value(m, PROV.wasDerivedFrom))
            if doc and (m, RDF.type, RDF.Statement) not in g:  # statements about the target are not figures
                figs.append(
                    (
                        doc,
                        Decimal(str(value)),
                        str(unit),
                        int(str(year)) if year else None,
                        str(status),
                        str(g.value(m, EK.quote)),
                        indicator,
                    )
                )
    return ents, rels, figs


def _indicator_label(g: Graph, indicator: Node | None) -> str:
    """The Chinese label of a target's indicator (the first in code-point order), '' without one."""
    if indicator is None:
        return ""
    labels = sorted(str(o) for o in g.objects(indicator, RDFS.label) if getattr(o, "language", None) == "zh")
    return labels[0] if labels else ""


def indicator_match(pred: str, gold: str) -> tuple[bool, bool]:
    """(exact, loose): the predicted indicator label is the gold's after norm; or one contains the other."""
    p, q = norm(pred), norm(gold)
    if not p or not q:
        return False, False
    return p == q, p in q or q in p


def _overlap(a: str, b: str) -> bool:
    return bool(a) and (a in b or b in a)


def _folded(value: Decimal, unit: str) -> set[tuple[Decimal, str]]:
    out = {(value, unit)}
    for mult, factor in (("万", 10_000), ("亿", 100_000_000)):
        if unit.startswith(mult) and len(unit) > 1:
            out.add((value * factor, unit[1:]))
    return {(v.normalize(), u) for v, u in out}


def evaluate(g: Graph, gold: dict) -> Evaluation:
    ents, rels, figs = _predictions(g)
    ev = Evaluation()
    gold_docs = sorted({str(d) for e in gold["entities"] for d in e.get("docs") or []})
    by_key = {e["key"]: e for e in gold["entities"]}
    gold_forms = {
        k: _forms(e["key"], e.get("label", ""), *(e.get("aliases") or [])) for k, e in by_key.items()
    }
    for cat, types in CATEGORIES.items():
        sc = Score()
        for d in gold_docs:
            golds = [
                e
                for e in gold["entities"]
                if d in [str(x) for x in e.get("docs") or []] and e["type"] in types
            ]
            preds = [p for p in ents.get(d, []) if p[0] in types]
            allgold = [e for e in gold["entities"] if d in [str(x) for x in e.get("docs") or []]]
            sc.gold += len(golds)
            sc.pred += len(preds)
            for e in golds:
                if any(
                    p[0] in COMPATIBLE.get(e["type"], {e["type"]}) and p[1] & gold_forms[e["key"]]
                    for p in ents.get(d, [])
                ):
                    sc.tp_gold += 1
                else:
                    ev.misses.append(f"{d} {e['type']}: {e['label']}")
            for p in preds:
                if any(
                    p[0] in COMPATIBLE.get(e["type"], {e["type"]}) and p[1] & gold_forms[e["key"]]
                    for e in allgold
                ):
                    sc.tp_pred += 1
                else:
                    ev.false_positives.append(f"{d} {p[0]}: {p[2]}")
        ev.entities[cat] = sc
    for pred_name in RELATIONS:
        sc = Score()
        for d in gold_docs:
            golds = [r for r in gold.get("relations") or [] if str(r[3]) == d and r[1] == pred_name]
            rpreds = [r for r in rels.get(d, []) if r[0] == pred_name]
            sc.gold += len(golds)
            sc.pred += len(rpreds)
            for r in golds:
                sf, of = gold_forms.get(r[0], _forms(r[0])), gold_forms.get(r[2], _forms(r[2]))
                if any(rp[3] & sf and rp[4] & of for rp in rpreds):
                    sc.tp_gold += 1
                else:
                    ev.misses.append(f"{d} {pred_name}: {r[0]} -> {r[2]}")
            gold_pairs = [
                (gold_forms.get(r[0], _forms(r[0])), gold_forms.get(r[2], _forms(r[2]))) for r in golds
            ]
            for rp in rpreds:
                if any(rp[3] & sf and rp[4] & of for sf, of in gold_pairs):
                    sc.tp_pred += 1
                else:
                    ev.false_positives.append(f"{d} {pred_name}: {rp[5]} -> {rp[6]}")
        ev.relations[pred_name] = sc
    sc = Score()
    status_ok = year_ok = matched = ind_exact = ind_loose = 0
    gold_figs = [f for f in gold.get("figures") or [] if str(f["doc"]) in gold_docs]
    pred_figs = [f for f in figs if f[0] in gold_docs]
    sc.gold, sc.pred = len(gold_figs), len(pred_figs)
    used: set[int] = set()
    for f in gold_figs:
        try:
            gv = Decimal(str(f["value"]))
        except InvalidOperation:
            continue
        gkeys = _folded(gv, str(f["unit"]))
        cands = [
            i
            for i, p in enumerate(pred_figs)
            if i not in used and p[0] == str(f["doc"]) and _folded(p[1], p[2]) & gkeys
        ]
        # of equal values in one document: the one quoted from the gold's sentence, then the one measuring
        # the gold's indicator (a list of 1所 in one clause), then the first
        gq, gi = norm(str(f.get("quote") or "")), str(f.get("indicator") or "")
        hit = min(
            cands,
            key=lambda i: (
                not _overlap(norm(pred_figs[i][5]), gq),
                *(not m for m in indicator_match(pred_figs[i][6], gi)),
                i,
            ),
            default=None,
        )
        if hit is None:
            ev.misses.append(f"{f['doc']} figure: {f['value']} {f['unit']} «{f.get('quote', '')}»")
            continue
        used.add(hit)
        sc.tp_gold += 1
        matched += 1
        p = pred_figs[hit]
        kind = "achieved" if f.get("kind") == "achieved" else "planned"
        status_ok += p[4] == kind
        year_ok += p[3] == f.get("year")
        exact, loose = indicator_match(p[6], str(f.get("indicator") or ""))
        ind_exact += exact
        ind_loose += loose
        if not exact:
            ev.indicator_misses.append(f"{f['doc']} {f.get('indicator')} <> {p[6]} «{f.get('quote', '')}»")
    for _i, p in enumerate(pred_figs):
        if any(
            p[0] == str(f["doc"]) and _folded(p[1], p[2]) & _folded(Decimal(str(f["value"])), str(f["unit"]))
            for f in gold_figs
        ):
            sc.tp_pred += 1
        else:
            ev.false_positives.append(f"{p[0]} figure: {p[1]} {p[2]} «{p[5]}»")
    ev.figures = sc
    ev.figure_status = (status_ok, matched)
    ev.figure_year = (year_ok, matched)
    ev.figure_indicator = (ind_exact, ind_loose, matched)
    return ev


def render(ev: Evaluation, details: int = 0) -> str:
    def row(name: str, s: Score) -> str:
        return f"{name:20} {s.gold:5} {s.pred:5} {s.tp_gold:5} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}"

    out = [f"{'':20} {'gold':>5} {'pred':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6}", "entities"]
    out += [row("  " + k, v) for k, v in ev.entities.items()]
    out.append("relations")
    out += [row("  " + k, v) for k, v in ev.relations.items()]
    out.append(row("figures", ev.figures))
    (so, n), (yo, _) = ev.figure_status, ev.figure_year
    out.append(f"  status right {so}/{n}, year right {yo}/{n}")
    ie, il, _ = ev.figure_indicator
    out.append(f"  indicator right {ie}/{n}, indicator close {il}/{n} (one label contains the other)")
    if details:
        out.append(f"misses ({len(ev.misses)}):")
        out += ["  " + m for m in ev.misses[:details]]
        out.append(f"false positives ({len(ev.false_positives)}):")
        out += ["  " + m for m in ev.false_positives[:details]]
        out.append(f"indicators not the gold's ({len(ev.indicator_misses)}):")
        out += ["  " + m for m in ev.indicator_misses[:details]]
    return "\n".join(out) + "\n"
