"""Two entities of different components whose keys coincide stay two entities (graph.resolve.distinct_keys):
before, the corpus kept one of them and silently dropped the other's mentions and links."""

from __future__ import annotations

from graph.core.model import Entity
from graph.resolve import distinct_keys


def _entities() -> dict[tuple[str, str], Entity]:
    return {
        ("school", "乙小学"): Entity(key="school/x", type="School", label="乙小学"),
        ("school", "甲小学"): Entity(key="school/x", type="School", label="甲小学"),
        ("school", "丙小学"): Entity(key="school/y", type="School", label="丙小学"),
    }


def test_colliding_keys_are_made_distinct_and_the_same_whatever_the_order() -> None:
    a = _entities()
    distinct_keys(a)
    assert len({e.key for e in a.values()}) == 3
    assert a[("school", "丙小学")].key == "school/y"  # no collision: unchanged
    kept = min([("school", "乙小学"), ("school", "甲小学")])
    assert a[kept].key == "school/x"  # the first root by its text keeps the key
    other = next(r for r in a if r != kept and a[r].key != "school/y")
    assert a[other].key.startswith("school/x-") and len(a[other].key) == len("school/x-") + 8
    b = dict(reversed(list(_entities().items())))
    distinct_keys(b)
    assert {r: e.key for r, e in b.items()} == {r: e.key for r, e in a.items()}
