"""The measure of a change that names none (part of rule family figure.*): a figure whose words are only a
change (比上年增加15所, 上升了3.93个百分点, 增长5.44%) right after a figure in the clause before, in the same
sentence, is a change of that figure's measure: 全县共有幼儿园291所，比上年增加15所，增长5.44% -> 幼儿园,
幼儿园比上年增加, 幼儿园增长; 重本上线率达到17.71%，上升了3.93个百分点 -> 重本上线率上升.
The figure before must name a measure (not 增至2020年). A count's change keeps its unit (人 after 人 or 名), a rate's is in points (个百分点 after %), a growth rate (%) follows any.
"""

from __future__ import annotations

import re
from dataclasses import replace

from graph.core.model import Figure
from graph.knowledge.words import pattern

CHANGE_ONLY = re.compile(pattern("indicators", "change_only"))
BETWEEN = re.compile(r"^[^，,。；;！？!?\n]*[，,][^，,。；;！？!?\n]*$")  # one comma: the next clause
POINTS = ("个百分点", "百分点")
NO_MEASURE = re.compile(r"[至到]|(?:19|20)\d{2}")  # 增至2020年的36.2万人: words of a change, not a measure


def inherit(text: str, figs: list[Figure]) -> list[Figure]:
    out = sorted(figs, key=lambda f: (f.start, f.end))
    root: dict[int, str] = {}  # a figure's measure, before any change words were added to it
    for i, f in enumerate(out):
        root[i] = f.indicator
        if i == 0 or not CHANGE_ONLY.match(f.indicator):
            continue
        g = out[i - 1]
        if (
            not BETWEEN.match(text[g.end : f.start])
            or not _follows(f.unit, g.unit)
            or not _measure(root[i - 1])
        ):
            continue
        words = re.sub(r"了$", "", f.indicator)
        root[i] = root[i - 1]
        out[i] = replace(f, indicator=root[i - 1] + words)
    return out


def _measure(words: str) -> bool:
    return bool(words) and not NO_MEASURE.search(words) and not CHANGE_ONLY.match(words)


def _follows(unit: str, before: str) -> bool:
    people = ("人", "名")  # 全县初三毕业生2815名，较上年减少96人
    return (
        unit == before
        or unit == "%"
        or (unit in POINTS and before == "%")
        or (unit in people and before in people)
    )
