"""Rule zone.suffix: named parks, campuses of a city and development zones are places.

Pattern: a place name followed by a zone head (职教园, 大学城, 科技园, 产业园, 高新区, 开发区, 新区, 园区),
e.g. 推动某市职教园院校组建联盟 -> Place 某市职教园, locatedIn 某市.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention, Relation
from graph.extract.context import Context
from graph.knowledge.words import pattern

ZONE = re.compile(pattern("zones", "zone"))


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for m in ZONE.finditer(text):
        for length in (5, 4, 3, 2):
            start = m.start() - length
            if start < 0:
                continue
            form = text[start : m.start()]
            place = ctx.place(form)
            if place is None:
                continue
            label = form + m.group(1)
            if label in ctx.aliases:
                break
            zone = Mention(doc_id, start, m.end(), label, "Place", "zone.suffix", label)
            yield zone
            where = Mention(
                doc_id,
                start,
                m.start(),
                form,
                "Place",
                "zone.suffix",
                place.label,
                (("adcode", place.adcode),),
            )
            yield Relation(zone, "locatedIn", where, "zone.suffix", start, m.end())
            break
