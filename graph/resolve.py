"""Link mentions to canonical entities: registry, gazetteer, composition, and cross-document merging.

Mentions whose names (label or alias, normalised) coincide within one type family become one entity;
curated names keep their registry id, everything else gets a deterministic IRI from its canonical label.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from graph import gazetteer
from graph.model import (
    INSTITUTION_TYPES,
    Corpus,
    Entity,
    Evidence,
    Extraction,
    Figure,
    Link,
    Mention,
    TargetFact,
    type_family,
)
from graph.registry import Entry, Home, by_id
from graph.sectors import sectors_of

SECTOR_TYPES = ("Task", "Program", "ActionPlan", "Goal", "Event")

TYPE_SLUG = {
    "University": "university",
    "College": "college",
    "Campus": "campus",
    "School": "school",
    "GovernmentBody": "government-body",
    "ResearchCenter": "research-center",
    "Platform": "platform",
    "ActionPlan": "plan",
    "Program": "program",
    "Task": "task",
    "PolicyDocument": "document",
    "Goal": "goal",
    "Place": "place",
    "Event": "event",
    "Sector": "sector",
    "Indicator": "indicator",
}
# more specific types win when mentions of one entity disagree
TYPE_RANK = [
    "College",
    "Campus",
    "ResearchCenter",
    "Platform",
    "School",
    "GovernmentBody",
    "University",
    "ActionPlan",
    "PolicyDocument",
    "Event",
    "Program",
    "Task",
    "Goal",
    "Place",
]


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The matching form of a name: NFKC, no spaces, quotes, book marks or trailing period."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[\s“”\"'《》「」『』]", "", t)
    t = re.sub(r"\((?:19|20)\d{2}[^)]*\)$", "", t)
    return t


def digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


class _Forms:
    """Union-find over (family, normalised form)."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _family(m: Mention) -> str:
    return "task:" + m.doc_id if m.type == "Task" else type_family(m.type)


def _forms(m: Mention) -> list[str]:
    if m.type == "Task":
        return [f"{m.attr('number') or ''}:{norm(m.name)}"]
    out = [norm(m.name)]
    for k, v in m.attrs:
        if k == "alias" and v:
            out.append(norm(v))
    # a name that normalises to nothing (a stray heading such as （2025—2029年）》) keeps its raw form
    return [f for f in out if f] or [m.name]


def resolve(extractions: Iterable[Extraction]) -> Corpus:
    """Merge the mentions of all documents into entities, links and targets."""
    extractions = propagate(list(extractions))
    forms = _Forms()
    registry: dict[tuple[str, str], Entry] = {}
    all_mentions: list[Mention] = []
    homes = {x.doc.meta.id: Home(x.doc.meta.city, x.doc.meta.province) for x in extractions}
    for x in extractions:
        endpoints = [r.subject for r in x.relations] + [r.object for r in x.relations]
        for m in (*x.mentions, *endpoints):
            fam = _family(m)
            fs = _forms(m)
            for f in fs[1:]:
                forms.union((fam, fs[0]), (fam, f))
            forms.find((fam, fs[0]))
            rid = m.attr("registry")
            if rid:
                for e in by_id(homes[m.doc_id]).get(rid, ()):
                    for alias in (e.label, *e.aliases):
                        if alias not in e.relative:  # 市教育局 is a different body in each city
                            forms.union((fam, fs[0]), (fam, norm(alias)))
                    registry[forms.find((fam, fs[0]))] = e
        all_mentions.extend(x.mentions)
    # registry entries keyed by their component root (after all unions)
    reg_by_root: dict[tuple[str, str], Entry] = {}
    for key, e in registry.items():
        reg_by_root[forms.find(key)] = e
    # group mentions by component
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in all_mentions:
        groups[forms.find((_family(m), _forms(m)[0]))].append(m)
    entity_of_root: dict[tuple[str, str], Entity] = {}
    for root, ms in groups.items():
        entity_of_root[root] = _entity(root, ms, reg_by_root.get(root))
    # endpoints of relations that no mention names (a parent known only by its label) become entities
    for x in extractions:
        for r in x.relations:
            for m in (r.subject, r.object):
                root = forms.find((_family(m), _forms(m)[0]))
                if root not in entity_of_root:
                    entity_of_root[root] = _entity(root, [m], reg_by_root.get(root), with_evidence=False)

    def key_of(m: Mention) -> str:
        return entity_of_root[forms.find((_family(m), _forms(m)[0]))].key

    links = _links(extractions, key_of)
    links += _curated_links(extractions, entity_of_root, key_of, homes)
    entities = {e.key: e for e in entity_of_root.values()}
    doc_entity = {}
    for x in extractions:
        dm = next(m for m in x.mentions if m.rule == "structure.document")
        doc_entity[x.doc.meta.id] = key_of(dm)
    targets = _targets(extractions, key_of)
    return Corpus(
        documents=tuple(x.doc for x in extractions),
        entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
        links=tuple(sorted(_merge_links(links), key=lambda lk: (lk.subject, lk.predicate, lk.object))),
        targets=tuple(sorted(targets, key=lambda t: t.key)),
        doc_entity=doc_entity,
    )


PROPAGATED_TYPES = (
    "Program",
    "ActionPlan",
    "Event",
    "Platform",
    "University",
    "College",
    "Campus",
    "ResearchCenter",
)
PROPAGATED_RULES = ("initiative.", "quoted.", "institution.", "title.")


def propagate(extractions: list[Extraction]) -> list[Extraction]:
    """Rule resolve.propagate: a name read in one document (“新优质学校”, with quotes) is a mention
    wherever else it is written verbatim, quoted or not."""
    names: dict[str, str] = {}
    for x in extractions:
        for m in x.mentions:
            if m.type in PROPAGATED_TYPES and m.rule.startswith(PROPAGATED_RULES) and len(m.name) >= 4:
                names.setdefault(m.name, m.type)
    if not names:
        return extractions
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    out = []
    for x in extractions:
        taken = [
            (m.start, m.end) for m in x.mentions if m.type in PROPAGATED_TYPES or m.rule.startswith("names.")
        ]
        extra = []
        for hit in pattern.finditer(x.doc.text):
            s, e = hit.span()
            if any(a < e and s < b for a, b in taken):
                continue
            extra.append(
                Mention(
                    x.doc.meta.id, s, e, hit.group(), names[hit.group()], "resolve.propagate", hit.group()
                )
            )
        out.append(Extraction(x.doc, x.mentions + tuple(extra), x.relations, x.figures) if extra else x)
    return out


def _entity(
    root: tuple[str, str], ms: list[Mention], entry: Entry | None, with_evidence: bool = True
) -> Entity:
    labels = Counter(m.name for m in ms)
    types = Counter(m.type for m in ms)
    if entry is not None:
        label, typ, key_id, en, curated = entry.label, entry.type, entry.id, entry.label_en, True
    else:
        # the most frequent label; ties go to the longer (fuller) name, then to the smaller string
        label = sorted(labels, key=lambda s: (-labels[s], -len(s), s))[0]
        typ = sorted(types, key=lambda t: (TYPE_RANK.index(t) if t in TYPE_RANK else 99, t))[0]
        if typ in INSTITUTION_TYPES and types.get("University") and typ == "School":
            typ = "University"
        en, curated = None, False
        adcode = next((m.attr("adcode") for m in ms if m.attr("adcode")), None)
        if typ == "Place" and adcode:
            key_id = adcode
            place = gazetteer.by_code().get(adcode)
            if place is not None:
                label = place.label
        elif typ == "Task":
            key_id = f"{ms[0].doc_id}-{ms[0].attr('number') or digest(label, 6)}"
        else:
            key_id = digest(norm(label))
        if typ == "Place" and adcode:
            curated = True
    aliases = {m.name for m in ms} | {v for m in ms for k, v in m.attrs if k == "alias" and v}
    if entry is not None:
        aliases |= set(entry.aliases)
    if typ == "Place":
        place = next((gazetteer.by_code().get(m.attr("adcode") or "") for m in ms if m.attr("adcode")), None)
        if place is not None:
            aliases |= {place.name, place.short}
    aliases.discard(label)
    starts = [int(v) for m in ms for k, v in m.attrs if k == "startYear"]
    ends = [int(v) for m in ms for k, v in m.attrs if k == "endYear"]
    evidence = (
        tuple(sorted({Evidence(m.doc_id, m.start, m.end, m.rule) for m in ms}, key=_ev_key))
        if with_evidence
        else ()
    )
    sectors = sectors_of(label) if typ in SECTOR_TYPES else ()
    return Entity(
        sectors=sectors,
        key=f"{TYPE_SLUG[typ]}/{key_id}",
        type=typ,
        label=label,
        aliases=tuple(sorted(a for a in aliases if norm(a) != norm(label) or a != label)),
        label_en=en,
        curated=curated,
        start_year=min(starts) if starts else None,
        end_year=max(ends) if ends else None,
        evidence=evidence,
    )


def _ev_key(e: Evidence) -> tuple[str, int, int, str]:
    return (e.doc_id, e.start, e.end, e.rule)


def _links(extractions: list[Extraction], key_of) -> list[Link]:
    out = []
    for x in extractions:
        for r in x.relations:
            s, o = key_of(r.subject), key_of(r.object)
            if s != o:
                out.append(Link(s, r.predicate, o, (Evidence(x.doc.meta.id, r.start, r.end, r.rule),)))
    return out


def _curated_links(extractions, entity_of_root, key_of, homes) -> list[Link]:
    """Facts from the gazetteer and the registry, for entities a document names together."""
    by_label = {}
    for e in entity_of_root.values():
        by_label.setdefault((type_family(e.type), norm(e.label)), e)
        for a in e.aliases:
            by_label.setdefault((type_family(e.type), norm(a)), e)
    by_code = {e.key.split("/", 1)[1]: e for e in entity_of_root.values() if e.type == "Place" and e.curated}
    out = []
    for x in extractions:
        doc_keys = {key_of(m): m for m in x.mentions}
        for key, m in doc_keys.items():
            code = m.attr("adcode")
            place = gazetteer.by_code().get(code) if code else None
            if place is not None and place.parent and place.parent in by_code:
                parent = by_code[place.parent]
                if parent.key in doc_keys:
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
            entry = next(iter(by_id(homes[m.doc_id]).get(rid, ())), None)
            if entry is None:
                continue
            for pred, target in (("partOf", entry.parent), ("locatedIn", entry.located)):
                if not target:
                    continue
                fam = "place" if pred == "locatedIn" or entry.type == "Place" else type_family(entry.type)
                tgt = by_label.get((fam, norm(target))) or by_label.get(("institution", norm(target)))
                if tgt is not None and tgt.key in doc_keys:
                    out.append(
                        Link(
                            key,
                            pred,
                            tgt.key,
                            (Evidence(m.doc_id, m.start, m.end, "registry." + pred),),
                            True,
                        )
                    )
    return out


def _merge_links(links: list[Link]) -> list[Link]:
    merged: dict[tuple[str, str, str], Link] = {}
    for lk in links:
        k = (lk.subject, lk.predicate, lk.object)
        if k in merged:
            old = merged[k]
            ev = tuple(sorted(set(old.evidence) | set(lk.evidence), key=_ev_key))
            merged[k] = Link(lk.subject, lk.predicate, lk.object, ev, old.curated and lk.curated)
        else:
            merged[k] = lk
    return list(merged.values())


INDICATOR_NOISE = re.compile(
    r"(?:19|20)\d{2}年(?:度)?|全市|全省|我市|的|“|”|\s|^(?:争取|力争|确保|推进|完成|实现|新建|建成|打造|评选|培育|立项)"
)


def indicator_key(phrase: str) -> str:
    """Phrasings of one indicator share a key: 义务教育优质均衡(监测)达标比例 …"""
    t = INDICATOR_NOISE.sub("", unicodedata.normalize("NFKC", phrase))
    t = t.replace("监测", "").replace("比例", "率").replace("占比", "率")
    return t


def _targets(extractions: list[Extraction], key_of) -> list[TargetFact]:
    merged: dict[str, TargetFact] = {}
    for x in extractions:
        tasks = [m for m in x.mentions if m.type == "Task"]
        inits = [m for m in x.mentions if m.type in ("Program", "ActionPlan")]
        for f in x.figures:
            owners = _owners(x, f, tasks, inits, key_of)
            sentence = x.doc.segment_at(f.start, "sentence")
            item = x.doc.segment_at(f.start, "item") or x.doc.segment_at(f.start, "enumeration")
            context = f.indicator + (x.doc.text[sentence.start : sentence.end] if sentence else "")
            context += item.title if item else ""
            sectors = sectors_of(context)
            ikey = indicator_key(f.indicator)
            key = "target/" + digest(f"{ikey}|{_num(f.value)}|{f.unit}|{f.year}|{f.status}")
            qs, qe = f.clause or (f.start, f.end)
            ev = Evidence(f.doc_id, qs, qe, f.rule)
            if key in merged:
                old = merged[key]
                merged[key] = TargetFact(
                    old.key,
                    old.value,
                    old.unit,
                    old.comparator,
                    old.indicator,
                    old.indicator_key,
                    old.status,
                    old.year,
                    tuple(sorted(set(old.evidence) | {ev}, key=_ev_key)),
                    tuple(sorted(set(old.owners) | set(owners))),
                    tuple(sorted(set(old.sectors) | set(sectors))),
                )
            else:
                merged[key] = TargetFact(
                    key,
                    f.value,
                    f.unit,
                    f.comparator,
                    f.indicator,
                    "indicator/" + digest(ikey),
                    f.status,
                    f.year,
                    (ev,),
                    tuple(sorted(set(owners))),
                    sectors,
                )
    return _merge_undated(list(merged.values()))


def _merge_undated(targets: list[TargetFact]) -> list[TargetFact]:
    """A figure reported without a year is the same target as an identical dated one (one Target, two
    mentions)."""
    dated: dict[tuple, TargetFact] = {}
    for t in targets:
        if t.year is not None:
            dated.setdefault((t.indicator_key, t.value, t.unit, t.status), t)
    out: dict[str, TargetFact] = {t.key: t for t in targets}
    for t in targets:
        match = dated.get((t.indicator_key, t.value, t.unit, t.status)) if t.year is None else None
        if match is None or match.key not in out:
            continue
        m = out[match.key]
        out[match.key] = TargetFact(
            m.key,
            m.value,
            m.unit,
            m.comparator,
            m.indicator,
            m.indicator_key,
            m.status,
            m.year,
            tuple(sorted(set(m.evidence) | set(t.evidence), key=_ev_key)),
            tuple(sorted(set(m.owners) | set(t.owners))),
            tuple(sorted(set(m.sectors) | set(t.sectors))),
        )
        del out[t.key]
    return list(out.values())


def _owners(x: Extraction, f: Figure, tasks: list[Mention], inits: list[Mention], key_of) -> list[str]:
    owners = []
    item = x.doc.segment_at(f.start, "item") or x.doc.segment_at(f.start, "enumeration")
    if item is not None:
        owners += [key_of(t) for t in tasks if item.start <= t.start < item.end]
    sentence = x.doc.segment_at(f.start, "sentence")
    if sentence is not None:
        before = [m for m in inits if sentence.start <= m.start < f.start]
        if before:
            owners.append(key_of(max(before, key=lambda m: m.start)))
    if not owners:
        doc = next(m for m in x.mentions if m.rule == "structure.document")
        owners.append(key_of(doc))
    return owners


def _num(v: Decimal) -> str:
    return format(v.normalize(), "f")
