"""The rule registry (graph/knowledge/rules.yaml): every rule id declared once, with its stage, what it
makes, what it does and an example. `rule(id)` returns a declared id and fails on an unknown one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).resolve().parent / "rules.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    makes: str
    does: str
    example: str


@cache
def rules() -> dict[str, Rule]:
    """Every declared rule by id, in file order."""
    with RULES_FILE.open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out: dict[str, Rule] = {}
    for item in data["rules"]:
        r = Rule(
            str(item["id"]), str(item["stage"]), str(item["makes"]), str(item["does"]), str(item["example"])
        )
        if r.id in out:
            raise ValueError(f"rules.yaml declares {r.id!r} twice")
        out[r.id] = r
    return out


def rule(rule_id: str) -> str:
    """A declared rule id (as is); an undeclared one is a programming error."""
    if rule_id not in rules():
        raise KeyError(f"rule {rule_id!r} is not declared in graph/knowledge/rules.yaml")
    return rule_id
