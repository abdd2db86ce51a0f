"""The form tables of graph/extract/forms.py answer as a scan of the whole alias index would, on the real
registry and national list for several homes (the speed-ups must not change what is found)."""

from __future__ import annotations

import pytest

from graph.extract.forms import Forms, order, typed
from graph.knowledge.registry import Home, alias_index, alias_parts, entries

HOMES = [
    Home(),
    Home("无锡市", "江苏省"),
    Home("乌鲁木齐市", "新疆维吾尔自治区", "沙依巴克区"),
    Home("青岛市", "山东省", "崂山区"),
]
TEXT = "市教育局与江南大学、无锡学院共建南京大学无锡校区，沙区教育局和北京师范大学附属中学签约。"


@pytest.mark.parametrize("home", HOMES, ids=str)
def test_alias_index_is_the_first_entry_of_each_form_in_entry_order(home: Home) -> None:
    scanned: dict = {}
    for e in entries(home):
        for form in (e.label, *e.aliases):
            scanned.setdefault(form, e)
    assert list(alias_index(home).items()) == list(scanned.items())


@pytest.mark.parametrize("home", HOMES, ids=str)
def test_typed_tables_hold_exactly_the_forms_of_their_types(home: Home) -> None:
    aliases = alias_index(home)
    for types, shortest in ((("University", "College"), 4), (("GovernmentBody",), 1), (None, 2)):
        table = typed(alias_parts(home), types, shortest)
        want = {f for f, e in aliases.items() if (types is None or e.type in types) and len(f) >= shortest}
        assert {f for f in aliases if f in table} == want
        # every substring look-up agrees with a scan of the index
        found = {f for _, f in table.within(TEXT)}
        assert found == {f for f in want if f in TEXT}
        for end in range(len(TEXT) + 1):
            assert list(table.ending(TEXT, end)) == sorted(
                (f for f in want if TEXT.endswith(f, 0, end)), key=len, reverse=True
            )


@pytest.mark.parametrize("home", HOMES, ids=str)
def test_order_sorts_forms_as_the_index_lists_them(home: Home) -> None:
    forms = list(alias_index(home))
    picked = forms[::97] + forms[:5] + forms[-5:]
    assert sorted(set(picked), key=order(alias_parts(home))) == [f for f in forms if f in set(picked)]


def test_starting_gives_the_longest_first_and_respects_the_stop() -> None:
    table = Forms(["南京", "南京大学", "南京大学无锡校区", "大学"])
    assert list(table.starting("南京大学无锡校区建设", 0)) == ["南京大学无锡校区", "南京大学", "南京"]
    assert list(table.starting("南京大学无锡校区建设", 0, 5)) == ["南京大学", "南京"]
    assert list(table.starting("南京大学", 2)) == ["大学"]
    assert list(table.starting("南京", 5)) == []
