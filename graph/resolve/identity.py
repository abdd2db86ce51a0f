"""Identity: which mentions are one entity (union-find over normalised forms within a type family), and
the entity they make (label, type, key, aliases, evidence, sectors)."""

from __future__ import annotations

from functools import partial

from graph.core.keys import TYPE_RANK, TYPE_SLUG, digest, norm
from graph.core.model import INSTITUTION_TYPES, Entity, Evidence, Mention, type_family
from graph.knowledge import gazetteer
from graph.knowledge.registry import Entry
from graph.knowledge.sectors import sectors_of

SECTOR_TYPES = ("Task", "Program", "ActionPlan", "Goal", "Event")
# joins an input document's title form to its document id (Resolver.identity); `norm` takes every
# whitespace character out of names, so no name's form holds it
SCOPED = "\x1f"
# a town's form within its county (古城镇@county:150122): towns of one name lie in many counties (城关镇)
IN_COUNTY = "@county:"
DOCUMENT_RULE = "structure.document"  # the mention of an input document by its own title
_evidence = partial(tuple.__new__, Evidence)  # Evidence of a (doc_id, start, end, rule) tuple


class Forms:
    """Union-find over (family, normalised form)."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        parent = self.parent
        p = parent.get(x)
        if p is None:
            parent[x] = x
            return x
        while p is not x and p != x:  # halving the path: each node on it points at its grandparent
            grand = parent[p]
            parent[x] = grand
            x = grand
            p = parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def family(m: Mention, scope: str = "") -> str:
    """The family a mention's forms are united in: its type family; a task's document; a goal's home.

    A goal is a heading or a stated aim of a body's documents: the same words in the plans of two places
    (下半年工作计划, 主要目标, 保障措施 in every city's plan) are two goals, while a city's plans of
    successive years restate one. `scope` is the home's id part (Home.scope); none: one family."""
    if m.type == "Task":
        return "task:" + m.doc_id
    if m.type == "Goal" and scope:
        return f"goal@{scope}"
    return type_family(m.type)


def forms(m: Mention) -> list[str]:
    if m.type == "Task":
        return [f"{m.attr('number') or ''}:{norm(m.name)}"]
    out = [norm(m.name)]
    for k, v in m.attrs:
        if k == "alias" and v:
            out.append(norm(v))
    # a name that normalises to nothing (a stray heading such as （2025—2029年）》) keeps its raw form
    return [f for f in out if f] or [m.name]


def document_key(m: Mention) -> str:
    """An input document's key: its title's digest and its document id (from the catalog or the file
    name), both of its own file. Never the other files of the build: whether another file has the same
    title, or cites this one, leaves its IRI (and so its statements) where they were."""
    title = m.label or m.text
    return f"{digest(norm(title) or title)}-{m.doc_id}"


def make_entity(
    root: tuple[str, str], ms: list[Mention], entry: Entry | None, with_evidence: bool = True
) -> Entity:
    # one pass over the mentions (a build makes an entity of every component of names)
    labels: dict[str, int] = {}  # counted by hand: a Counter's isinstance(…, Mapping) check is slow
    types: set[str] = set()
    aliases: set[str] = set()  # the labels' (added after the loop) and the alias attributes'
    starts: list[int] = []
    ends: list[int] = []
    spans: set[tuple[str, int, int, str]] = set()
    adcode: str | None = None  # the first mention's with one
    own: Mention | None = None  # an input document's mention of itself (the smallest document id's)
    get, add_type, add_span = labels.get, types.add, spans.add
    for m in ms:
        name = m.label or m.text
        labels[name] = get(name, 0) + 1
        add_type(m.type)
        if m.rule == DOCUMENT_RULE and (own is None or m.doc_id < own.doc_id):
            own = m
        if with_evidence:
            add_span((m.doc_id, m.start, m.end, m.rule))
        if m.attrs:
            for k, v in m.attrs:
                if k == "alias" and v:
                    aliases.add(v)
                elif k == "startYear":
                    starts.append(int(v))
                elif k == "endYear":
                    ends.append(int(v))
            if adcode is None:
                adcode = m.attr("adcode") or None
    aliases.update(labels)
    if entry is not None:
        label, typ, key_id, en, curated = entry.label, entry.type, entry.id, entry.label_en, True
    else:
        if own is not None:  # an input document's name as its own file writes it, whoever cites it
            labels = {}
            for m in ms:
                if m.doc_id == own.doc_id:
                    name = m.label or m.text
                    labels[name] = labels.get(name, 0) + 1
        # the most frequent label; ties go to the longer (fuller) name, then to the smaller string
        label = min(labels, key=lambda s: (-labels[s], -len(s), s)) if len(labels) > 1 else next(iter(labels))
        typ = min(types, key=_type_rank) if len(types) > 1 else next(iter(types))
        if typ in INSTITUTION_TYPES and "University" in types and typ == "School":
            typ = "University"
        if own is not None:
            typ = "PolicyDocument"  # an input document that is a plan (its title is the plan's) stays a document
        en, curated = None, False
        if own is not None:
            key_id = document_key(own)
        elif typ == "Place" and adcode:
            key_id = adcode
            place = gazetteer.by_code().get(adcode)
            if place is not None:
                label = place.label
        elif typ == "Task":
            key_id = f"{ms[0].doc_id}-{ms[0].attr('number') or digest(label, 6)}"
        elif root[0].startswith("goal@"):  # a goal of a place: goal/wuxi-…, one per place (family)
            key_id = f"{root[0][5:]}-{digest(norm(label) or label)}"
        elif IN_COUNTY in root[1]:  # a town, or a school a town names, within its county: keyed by it, so
            # that another county's town of the name, built beside it, takes no key of its
            key_id = f"{digest(norm(label) or label)}-{root[1].rpartition(IN_COUNTY)[2]}"
        else:
            key_id = digest(norm(label) or label)  # a label that normalises to nothing keeps its own key
        if typ == "Place" and adcode:
            curated = True
    if entry is not None:
        aliases |= set(entry.aliases)
        if own is not None:  # a curated document that is an input file (a law built with its citers)
            typ, key_id = "PolicyDocument", document_key(own)
    if typ == "Place":
        place = gazetteer.by_code().get(adcode) if adcode else None
        if place is not None:
            aliases |= {place.name, place.short}
    aliases.discard(label)
    # deduplicated and sorted as plain tuples (ev_key's order), made Evidence once each
    evidence = tuple(map(_evidence, sorted(spans)))
    sectors = sectors_of(label) if typ in SECTOR_TYPES else ()
    return Entity(
        sectors=sectors,
        key=f"{TYPE_SLUG[typ]}/{key_id}",
        type=typ,
        label=label,
        aliases=tuple(sorted(aliases)),  # the label was discarded: every alias differs from it
        label_en=en,
        curated=curated,
        start_year=min(starts) if starts else None,
        end_year=max(ends) if ends else None,
        evidence=evidence,
    )


def _type_rank(t: str) -> tuple[int, str]:
    return (TYPE_RANK.index(t) if t in TYPE_RANK else 99, t)


def ev_key(e: Evidence) -> tuple[str, int, int, str]:
    return (e.doc_id, e.start, e.end, e.rule)
