"""The vendored knowledge tables (graph/knowledge/*.tsv): real places and institutions, consistent links."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from graph.knowledge import divisions as dv
from graph.knowledge import universities as un

ROOT = Path(__file__).resolve().parent.parent


def _one(name: str, **where: str) -> dv.Division:
    found = dv.lookup(name, **where)
    assert len(found) == 1, (name, where, found)
    return found[0]


# ---------------------------------------------------------------------------------------------------------
# universities


def test_university_count() -> None:
    rows = un.universities()
    assert 2700 < len(rows) < 3200
    assert len(un.university_index()) == len(rows)  # names are unique
    assert Counter(u.level for u in rows).keys() == {"本科", "专科"}
    assert [u.name for u in rows] == sorted(u.name for u in rows)


@pytest.mark.parametrize(
    ("name", "province", "city"),
    [
        ("中国海洋大学", "山东省", "青岛市"),
        ("江南大学", "江苏省", "无锡市"),
        ("南京大学", "江苏省", "南京市"),
        ("清华大学", "北京市", "北京市"),
        ("中国石油大学（华东）", "山东省", "青岛市"),
        ("昆山杜克大学", "江苏省", "昆山市"),
        ("兴安职业技术学院", "内蒙古自治区", "兴安盟"),
        ("北华大学", "吉林省", "吉林市"),
        ("石河子大学", "新疆维吾尔自治区", "石河子市"),
        # filed under the province that runs it, located elsewhere
        ("河北工业大学", "河北省", "天津市"),
    ],
)
def test_university_place(name: str, province: str, city: str) -> None:
    u = un.university_index()[name]
    assert (u.province, u.city) == (province, city)


def test_university_flags() -> None:
    idx = un.university_index()
    assert idx["中国海洋大学"].project_985 is True
    assert idx["江南大学"].project_985 is False
    assert idx["江南大学"].project_211 is True
    assert idx["江南大学"].undergraduate and idx["江南大学"].public
    assert not idx["上海建桥学院"].public
    assert sum(1 for u in un.universities() if u.project_985) == 39


def test_university_codes_point_at_their_city() -> None:
    by_code: dict[str, set[str]] = {}
    for d in dv.divisions():
        by_code.setdefault(d.code, set()).add(d.name)
    for u in un.universities():
        assert u.city in by_code.get(u.code, set()), u


# ---------------------------------------------------------------------------------------------------------
# divisions


def test_division_counts() -> None:
    levels = Counter(d.level for d in dv.divisions())
    assert levels["province"] == 34
    assert 333 <= levels["city"] <= 345
    assert 2800 <= levels["county"] <= 3200


@pytest.mark.parametrize(
    ("name", "city", "province"),
    [
        ("光明区", "深圳市", "广东省"),
        ("海门区", "南通市", "江苏省"),
        ("沙依巴克区", "乌鲁木齐市", "新疆维吾尔自治区"),
        ("建邺区", "南京市", "江苏省"),
        ("成县", "陇南市", "甘肃省"),
        ("余庆县", "遵义市", "贵州省"),
        ("昆山市", "苏州市", "江苏省"),
    ],
)
def test_county_under_city(name: str, city: str, province: str) -> None:
    d = _one(name, city=city)
    assert d.level == "county"
    assert d.province == province
    assert d.parent == city
    assert not d.zone


def test_changed_names_are_current() -> None:
    assert "海门市" not in dv.by_name()  # 海门市 became 海门区 in 2020
    assert "襄樊市" not in dv.by_name()  # renamed 襄阳市 in 2010
    assert _one("襄阳市").level == "city"


def test_shorts() -> None:
    assert _one("余庆县").shorts == ("余庆",)
    assert [d.name for d in dv.by_short()["南通"]] == ["南通市"]
    assert [d.name for d in dv.by_short()["海门"]] == ["海门区"]
    assert [d.name for d in dv.by_short()["吉林"]] == ["吉林省"]
    # ambiguous shorts keep every place
    assert {d.city for d in dv.by_short()["鼓楼"]} >= {"南京市", "福州市"}
    assert _one("克孜勒苏柯尔克孜自治州").shorts == ("克州", "克孜勒苏")
    assert _one("成县").short == "成县"  # a one-character short would be useless; jionlp keeps the name


def test_municipalities_and_direct_counties() -> None:
    beijing = dv.by_name()["北京市"]
    assert [d.level for d in beijing] == ["province"]  # no city row repeating the municipality
    haidian = _one("海淀区")
    assert (haidian.province, haidian.city, haidian.parent) == ("北京市", "", "北京市")
    xiantao = _one("仙桃市")
    assert (xiantao.level, xiantao.province, xiantao.city) == ("county", "湖北省", "")
    assert not any(d.name in ("省直辖行政区划", "市直辖行政区划") for d in dv.divisions())


def test_functional_zones_are_marked() -> None:
    zone = _one("南通经济技术开发区")
    assert zone.zone and zone.city == "南通市"
    assert len(dv.by_short()["经开区"]) > 20


def test_hierarchy_is_consistent() -> None:
    provinces = {d.name for d in dv.divisions() if d.level == "province"}
    cities = {(d.province, d.name) for d in dv.divisions() if d.level == "city"}
    for d in dv.divisions():
        assert d.province in provinces, d
        if d.level == "county" and d.city:
            assert (d.province, d.city) in cities, d
        if d.level != "county":
            assert d.city == "", d
    codes = [d.code for d in dv.divisions()]
    assert codes == sorted(codes)
    assert all(len(c) == 6 and c.isdigit() for c in codes)


# ---------------------------------------------------------------------------------------------------------
# loading


def test_indexes_are_read_only() -> None:
    with pytest.raises(TypeError):
        dv.by_name()["x"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        un.university_index()["x"] = un.universities()[0]  # type: ignore[index]


# ---------------------------------------------------------------------------------------------------------
# the refresh script's parser on a hand-made fragment of jionlp's format


def _refresh() -> ModuleType:
    path = ROOT / "tools" / "refresh_knowledge.py"
    spec = importlib.util.spec_from_file_location("refresh_knowledge", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


FRAGMENT = (
    "北京市\t110000\t北京\r\n"
    "\t北京市\t110000\t北京\r\n"
    "\t\t海淀区\t110108\t海淀\r\n"
    "\t\t\t中关村街道\r\n"
    "\t\t\t\t某社区\r\n"
    "湖北省\t420000\t湖北\r\n"
    "\t省直辖行政区划\t429000\t省直辖\r\n"
    "\t\t仙桃市\t429004\t仙桃\r\n"
    "新疆维吾尔自治区\t650000\t新疆\r\n"
    "\t巴音郭楞蒙古自治州\t652800\t巴州/巴音郭楞\r\n"
    "\t\t库尔勒经济技术开发区\t652871\t经开区\r\n"
    "台湾省\t710000\t台湾\r\n"
    "\t台北市\t710100\t台北\r\n"
    "\t\t中正区\r\n"
)


def test_refresh_parser() -> None:
    rows, skipped = _refresh().parse_divisions(FRAGMENT)
    cells = [r.cells() for r in rows]
    assert cells == [
        ("110000", "北京市", "北京", "province", "北京市", "", ""),
        ("110108", "海淀区", "海淀", "county", "北京市", "", ""),
        ("420000", "湖北省", "湖北", "province", "湖北省", "", ""),
        ("429004", "仙桃市", "仙桃", "county", "湖北省", "", ""),
        ("650000", "新疆维吾尔自治区", "新疆", "province", "新疆维吾尔自治区", "", ""),
        ("652800", "巴音郭楞蒙古自治州", "巴州|巴音郭楞", "city", "新疆维吾尔自治区", "", ""),
        ("652871", "库尔勒经济技术开发区", "经开区", "county", "新疆维吾尔自治区", "巴音郭楞蒙古自治州", "1"),
        ("710000", "台湾省", "台湾", "province", "台湾省", "", ""),
        ("710100", "台北市", "台北", "city", "台湾省", "", ""),
    ]
    assert skipped["towns"] == 1
    assert skipped["town/village lines"] == 2
    assert skipped["counties without a code"] == 1
    assert skipped["placeholder rows"] == 2
