"""`edukg rules`: the registered rules with how many facts each made in a graph."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph

from graph.core.namespaces import EK
from graph.knowledge.rules import Rule, rules


def rule_counts(g: Graph) -> Counter[str]:
    """Facts (ek:Mention nodes: entity mentions, figures and reified relations) per rule id."""
    return Counter(str(r) for r in g.objects(None, EK.rule))


def rules_table(g: Graph | None = None) -> list[tuple[Rule, int | None]]:
    """Every declared rule with its count in g (None when no graph is given)."""
    counts = rule_counts(g) if g is not None else None
    return [(r, counts.get(r.id, 0) if counts is not None else None) for r in rules().values()]


def render_rules(table: list[tuple[Rule, int | None]], fmt: str = "table") -> str:
    if fmt == "md":
        out = ["| rule | stage | makes | facts | what it does | example |", "|---|---|---|---:|---|---|"]
        out += [
            f"| `{r.id}` | {r.stage} | {r.makes} | {'' if n is None else n} | {r.does} | {r.example} |"
            for r, n in table
        ]
        return "\n".join(out) + "\n"
    width = max(len(r.id) for r, _ in table)
    lines = [f"{'rule':{width}}  {'stage':8} {'facts':>6}  what it does"]
    for r, n in table:
        lines.append(f"{r.id:{width}}  {r.stage:8} {'' if n is None else n:>6}  {r.does}")
    return "\n".join(lines) + "\n"
