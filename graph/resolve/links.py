"""Links between entities: the documents' relations, curated facts (registry, gazetteer), merged."""

from __future__ import annotations

from graph.core.keys import norm
from graph.core.model import Entity, Evidence, Extraction, Link, type_family
from graph.knowledge import gazetteer
from graph.knowledge.registry import Entry, with_id
from graph.resolve.identity import ev_key

TABLE_ONLY = "registry.table"  # a location the registry knows and the text does not write: dropped at the end


def relation_links(extractions: list[Extraction], key_of) -> list[Link]:
    out = []
    for x in extractions:
        for r in x.relations:
            s, o = key_of(r.subject), key_of(r.object)
            if s != o:
                out.append(Link(s, r.predicate, o, (Evidence(x.doc.meta.id, r.start, r.end, r.rule),)))
    return out


def curated_links(extractions, entity_of_root, key_of, homes) -> list[Link]:
    """Facts from the gazetteer and the registry, for entities a document names together."""
    # every entity of a name, in order: two bodies can share one (鼓楼区人民政府 in 南京 and in 福州)
    by_label: dict[tuple[str, str], list[Entity]] = {}
    for e in entity_of_root.values():
        fam = type_family(e.type)
        for name in (e.label, *e.aliases):
            named = by_label.setdefault((fam, norm(name)), [])
            if not named or named[-1] is not e:
                named.append(e)
    by_code = {e.key.split("/", 1)[1]: e for e in entity_of_root.values() if e.type == "Place" and e.curated}
    out = []
    codes = gazetteer.by_code()
    entries: dict[tuple[str, str], Entry | None] = {}  # (document, registry id) -> its first entry
    for x in extractions:
        doc_keys = {key_of(m): m for m in x.mentions}
        # a county-level place of the document's own city is partOf it, though the text names the city only
        # inside names (珠海市教育局 … 香洲区): the document's home is a place it speaks of
        city = homes[x.doc.meta.id].city_code if x.doc.meta.id in homes else None
        for key, m in doc_keys.items():
            code = m.attr("adcode")
            place = codes.get(code) if code else None
            if place is not None and place.parent and place.parent in by_code:
                parent = by_code[place.parent]
                if place.level == "city" and not _written_within(x.doc.text, place, place.parent):
                    continue  # 无锡 and, elsewhere, 江苏省教育厅: the table's fact, not one the text states
                if parent.key in doc_keys or (place.parent == city and place.level == "county"):
                    out.append(
                        Link(
                            key,
                            "partOf",
                            parent.key,
                            (Evidence(m.doc_id, m.start, m.end, "gazetteer.parent"),),
                            True,
                        )
                    )
            rid = m.attr("registry")
            if not rid:
                continue
            if (m.doc_id, rid) in entries:
                entry = entries[(m.doc_id, rid)]
            else:
                entry = entries[(m.doc_id, rid)] = next(iter(with_id(homes[m.doc_id], rid)), None)
            if entry is None:
                continue
            for pred, target in (("partOf", entry.parent), ("locatedIn", entry.located)):
                if not target:
                    continue
                fam = "place" if pred == "locatedIn" or entry.type == "Place" else type_family(entry.type)
                named = by_label.get((fam, norm(target))) or by_label.get(("institution", norm(target))) or []
                # the first entity of the name that the document names (鼓楼区人民政府: its own city's)
                tgt = next((e for e in named if e.key in doc_keys), None)
                rule = "registry." + pred
                if pred == "locatedIn" and tgt is not None and not _named_in(tgt, (m.text, *entry.aliases)):
                    # 江南大学 in a text that names 无锡: the table's fact, not the document's; it only tells
                    # most_specific which of the document's places is the inner one, then goes
                    rule = TABLE_ONLY
                if tgt is not None:
                    out.append(
                        Link(
                            key,
                            pred,
                            tgt.key,
                            (Evidence(m.doc_id, m.start, m.end, rule),),
                            True,
                        )
                    )
    return out


def _written_within(text: str, place: gazetteer.Place, parent_code: str) -> bool:
    """Whether the text writes a city inside its province (江苏省无锡市, 山东济宁): a city is partOf its
    province where the text says so, not wherever both are named."""
    parent = gazetteer.by_code().get(parent_code)
    if parent is None:
        return False
    return any(
        pf + cf in text
        for pf in {parent.name, parent.short} - {""}
        for cf in {place.name, place.short} - {""}
    )


def _named_in(place: Entity, names: tuple[str, ...]) -> bool:
    """Whether one of the names holds the place's name or a form of it (无锡学院, 无锡市梅村高级中学): the
    document then says where the entity is; a registry's city for a name without it is a table's fact."""
    forms = {norm(f) for f in (place.label, *place.aliases)} - {""}
    return any(f in norm(n) for n in names for f in forms)


def most_specific(links: list[Link], entities: dict[str, Entity]) -> list[Link]:
    """An entity a document locates in a place and in a place that holds it (吉林师范大学 in 四平 and in
    吉林) is located in the inner one only, as the document's own reading: the outer place's evidence
    from that document is dropped (and the link with it when nothing else backs it). A registry's location
    that the text does not write (TABLE_ONLY) takes part in that reading and is dropped after it."""
    up: dict[str, set[str]] = {}  # place -> the places it is partOf (named in the documents)
    for lk in links:
        if (
            lk.predicate == "partOf"
            and _is_place(entities.get(lk.subject))
            and _is_place(entities.get(lk.object))
        ):
            up.setdefault(lk.subject, set()).add(lk.object)
    located: dict[tuple[str, str], set[str]] = {}  # (subject, document) -> places
    for lk in links:
        if lk.predicate == "locatedIn":
            for ev in lk.evidence:
                located.setdefault((lk.subject, ev.doc_id), set()).add(lk.object)
    outer: set[tuple[str, str, str]] = set()  # (subject, document, place held by another of its places)
    for (subject, doc), places in located.items():
        if len(places) < 2:
            continue
        for place in places:
            above = _ancestors(place, up)
            # not a pair each above the other (a cycle of partOf links between two places)
            outer.update((subject, doc, p) for p in places if p in above and place not in _ancestors(p, up))
    out = []
    for lk in links:
        if lk.predicate == "locatedIn":
            kept = tuple(
                ev
                for ev in lk.evidence
                if (lk.subject, ev.doc_id, lk.object) not in outer and ev.rule != TABLE_ONLY
            )
            if not kept:
                continue
            if len(kept) < len(lk.evidence):
                lk = Link(lk.subject, lk.predicate, lk.object, kept, lk.curated)
        out.append(lk)
    return out


def _is_place(e: Entity | None) -> bool:
    return e is not None and e.type == "Place"


def _ancestors(place: str, up: dict[str, set[str]]) -> set[str]:
    """Every place above `place`: its parents in the documents and, for a division, in the gazetteer."""
    seen: set[str] = set()
    todo = [place]
    while todo:
        p = todo.pop()
        parents = set(up.get(p, ()))
        code = p.split("/", 1)[1] if p.startswith("place/") else ""
        entry = gazetteer.by_code().get(code) if code else None
        if entry is not None and entry.parent:
            parents.add("place/" + entry.parent)
        for q in parents - seen:
            seen.add(q)
            todo.append(q)
    return seen


def merge_links(links: list[Link]) -> list[Link]:
    """One link per (subject, predicate, object): the evidence of all, sorted once (merging it one link
    at a time costs O(n^2 log n) when a document repeats one link many times)."""
    merged: dict[tuple[str, str, str], tuple[Link, set | None, bool]] = {}
    for lk in links:
        k = (lk.subject, lk.predicate, lk.object)
        if k in merged:
            first, evs, curated = merged[k]
            if evs is None:
                evs = set(first.evidence)
            evs.update(lk.evidence)
            merged[k] = (first, evs, curated and lk.curated)
        else:
            merged[k] = (lk, None, lk.curated)
    return [
        first
        if evs is None
        else Link(first.subject, first.predicate, first.object, tuple(sorted(evs, key=ev_key)), curated)
        for first, evs, curated in merged.values()
    ]
