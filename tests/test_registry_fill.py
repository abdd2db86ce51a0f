"""The registry's templates filled in one pass (graph.knowledge.templates.fill, and its `filler`, which
fills by str.format_map where that reads a template alike) give what replacing each placeholder in turn gave, on every templated value of the real registry and the homes of real documents:
the same strings, and a KeyError for the same values (a template the home cannot fill)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.inputs import read_documents
from graph.knowledge.registry import Home, _items, _values, registry_path
from graph.knowledge.templates import fill as _fill
from graph.knowledge.templates import filler

ROOT = Path(__file__).resolve().parents[1]


def _in_turn(value: object, values: dict[str, str]) -> object:
    """The filling as it was: each placeholder replaced in turn, a KeyError where one stays."""
    if isinstance(value, str):
        if "{" not in value:
            return value
        if "{city" in value and "city" not in values:
            raise KeyError("city")
        if "{prov" in value and "province" not in values:
            raise KeyError("province")
        if ("{county" in value or "{lvl}" in value) and "county" not in values:
            raise KeyError("county")
        filled = value
        for k, v in values.items():
            filled = filled.replace("{" + k + "}", v)
        if "{" in filled:
            raise KeyError(filled)
        return filled
    if isinstance(value, list):
        out = []
        for v in value:
            try:
                out.append(_in_turn(v, values))
            except KeyError:
                continue
        return out
    return value


def _outcome(fill, value: object, values: dict[str, str]) -> object:
    try:
        return fill(value, values)
    except KeyError:
        return KeyError


def _homes() -> list[Home]:
    docs = read_documents(ROOT / "seeds") + read_documents(ROOT / "tests" / "data" / "fresh_eval")
    homes = {Home(d.meta.city, d.meta.province, d.meta.county) for d in docs}
    homes |= {
        Home(),
        Home(None, "江苏省"),
        Home("乌鲁木齐市", "新疆维吾尔自治区", "沙依巴克区"),  # a county with an abbreviation (沙区)
        Home("南京市", "江苏省", "鼓楼区"),  # a county whose name other cities share
    }
    return sorted(homes, key=str)


@pytest.mark.parametrize("home", _homes(), ids=str)
def test_templates_filled_in_one_pass_as_in_turn(home: Home) -> None:
    values = _values(home)
    templated = [item for item, fixed in _items(str(registry_path())) if fixed is None]
    assert len(templated) > 20
    checked = filled = 0
    for item in templated:
        for value in (*item.values(), *(item.get("aliases") or ())):
            want = _outcome(_in_turn, value, values)
            assert _outcome(_fill, value, values) == want, (home, value)
            assert _outcome(lambda v, vs: filler(v)(vs), value, values) == want, (home, value)
            checked += 1
            filled += want is not KeyError and isinstance(value, str) and "{" in value
    assert checked > 100
    if home.city:
        assert filled > 20  # a home with a city fills most templates
    else:
        assert filled < checked


def test_a_stray_brace_is_left_unfilled() -> None:
    values = _values(Home("无锡市", "江苏省"))
    assert _fill("{city}教育局", values) == "无锡市教育局"
    for broken in ("{city教育局", "{city}{nothing}", "{{city}}"):
        assert _outcome(_fill, broken, values) is KeyError
        assert _outcome(_in_turn, broken, values) is KeyError
    assert _fill(["{city}", "{county}局", "x"], values) == ["无锡市", "x"]
    assert filler(["{city}", "{county}局", "x"])(values) == ["无锡市", "x"]
    # what str.format would read otherwise ({0}, {a.b}, {a!r}, {a:3}, doubled or stray braces) is filled
    # as `fill` fills it
    for odd in ("{0}局", "{city.x}", "{city!r}", "{city:3}", "{{city}}", "}{city}", "{city}}", "{}", "{city"):
        assert _outcome(lambda v, vs: filler(v)(vs), odd, values) == _outcome(_fill, odd, values), odd
        assert _outcome(lambda v, vs: filler([v, "x"])(vs), odd, values) == _outcome(
            _fill, [odd, "x"], values
        )
