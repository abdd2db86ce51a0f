"""The canonical label of an institution's name: written relative to the home (市政府机关幼儿园 -> 四平市政府机关
幼儿园), in a short style (南通市委宣传部 -> 中共南通市委宣传部, 某市政府 -> 某市人民政府), or with its city
before its county (南京市建邺区教育局 -> 建邺区教育局). Read by graph/extract/institutions.py."""

from __future__ import annotations

from graph.extract.boundaries import place_prefix
from graph.extract.context import Context
from graph.knowledge.words import entry, pairs, words

RELATIVE_NOT_PLACE = set(words("institutions", "relative_not_place"))
HOME_DETERMINERS = str(entry("institutions", "home_determiners"))
EXPAND = pairs("institutions", "expand")


def canonical(ctx: Context, label: str, typ: str) -> str:
    """The canonical label of a name written relative to the home (市政府机关幼儿园 -> 四平市政府机关幼儿园) or
    in a short style (南通市委宣传部 -> 中共南通市委宣传部, 某市政府 -> 某市人民政府)."""
    home = ctx.home
    written = ctx.place_at_start(label)  # 市南区, 市中区: a county whose name opens with 市
    if (
        typ in ("School", "GovernmentBody")
        and label[0] in "市区县旗"
        and label[1:2] not in RELATIVE_NOT_PLACE
        and (written is None or not label.startswith(written.name))
    ):
        place = home.county if label[0] != "市" and home.county and home.county.endswith(label[0]) else None
        place = place or (home.city if label[0] == "市" else None)
        if place:  # 区教育局办公室 -> 某区教育局办公室; 县委组织部 -> 中共某县委组织部
            return ("中共" if label[1:2] == "委" else "") + place + label[1:]
    if typ == "GovernmentBody":
        label = drop_upper_place(ctx, label)  # 南京市建邺区教育局 -> 建邺区教育局
        n = place_prefix(ctx, label)
        if n and label[n - 1] in "市区县旗" and label[n : n + 1] == label[n - 1] and len(label) > n + 2:
            label = label[:n] + label[n + 1 :]  # 奉贤区区政府: the level written again after the place
        if n and not label.startswith("中共") and label[n : n + 1] == "委":
            return "中共" + label
        if n and label[n:].startswith("政府"):
            return label[:n] + "人民" + label[n:]
    for short, long in EXPAND:
        if label.endswith(short):
            return label[: -len(short)] + long
    return label


def drop_upper_place(ctx: Context, label: str) -> str:
    """A body named with its city or province before its county-level place is named by the latter."""
    for n in (6, 5, 4, 3, 2):  # 呼和浩特市, 乌鲁木齐市: a city written in full
        upper = ctx.place(label[:n])
        if upper is None or upper.level == "county":
            continue
        for m in (5, 4, 3, 2):
            lower = ctx.place(label[n : n + m])
            if lower is not None and lower.level == "county" and label[n : n + m] == lower.name:
                return label[n:]
        return label
    return label


def home_relative(ctx: Context, run: str) -> bool:
    """Does the run open with a determiner and the level of a home the document has (我市, 本区 of a county
    home): the home's name, written relative to it (我市第一中学 -> 某市第一中学), no lead word to trim?"""
    if run[:1] == "" or run[:1] not in HOME_DETERMINERS:
        return False
    level = run[1:2]
    county = ctx.home.county or ""
    return (level == "市" and bool(ctx.home.city)) or (bool(level) and county.endswith(level))
