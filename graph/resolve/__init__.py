"""Link mentions to canonical entities: registry, gazetteer, composition, and cross-document merging.

Mentions whose names (label or alias, normalised) coincide within one type family become one entity;
curated names keep their registry id, everything else gets a deterministic IRI from its canonical label.
The stage's parts: propagate (names across documents), identity (which mentions are one entity),
links (relations and curated facts), targets (figures as Targets and Indicators).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from operator import attrgetter

from graph.core.keys import digest, norm
from graph.core.model import Corpus, Entity, Extraction, Mention
from graph.knowledge.registry import Entry, Home, alias_parts, with_id
from graph.knowledge.words import entry
from graph.resolve.identity import IN_COUNTY, SCOPED, Forms, family, forms, make_entity
from graph.resolve.links import curated_links, merge_links, most_specific, relation_links
from graph.resolve.propagate import propagate, propagated_names
from graph.resolve.targets import Prepared, prepare, prepared, targets_of


def resolve(extractions: Iterable[Extraction]) -> Corpus:
    """Merge the mentions of all documents into entities, links and targets."""
    resolver = Resolver()
    for x in extractions:
        resolver.add(x)
    return resolver.corpus()


# a town, township or street office a name starts with (古城镇, 古城镇中心小学): towns of one name lie in
# many counties (城关镇), so the name is one place or school only within its county
TOWN = re.compile(
    "^[\u4e00-\u9fff]{2,4}?(?:" + "|".join(entry("zones", "town_in_name")["alternatives"]) + ")"
)


def town_counties(x: Extraction, home: Home) -> dict[str, str]:
    """The county-level place (adcode) each town a document names lies in: the one it is partOf in that
    document, else the document's own county; towns without either are absent."""
    out: dict[str, str] = {}
    for r in x.relations:
        code = r.object.attr("adcode")
        if r.predicate == "partOf" and r.subject.type == "Place" and code and not r.subject.attr("adcode"):
            out.setdefault(r.subject.name, code)
    county = home.county_place
    if county is not None:
        for m in x.mentions:
            if m.type == "Place" and not m.attr("adcode") and TOWN.fullmatch(m.name):
                out.setdefault(m.name, county.adcode)
    return out


def distinct_keys(entity_of_root: dict[tuple[str, str], Entity]) -> None:
    """Entities of different components that came to one key (names whose keys coincide) stay apart, not
    one silently dropped: the first root by its text keeps the key, each other one the key and
    `-` + a digest of its root (in place)."""
    by_key: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for root, e in entity_of_root.items():
        by_key[e.key].append(root)
    for key, roots in by_key.items():
        for root in sorted(roots)[1:]:
            entity_of_root[root] = replace(entity_of_root[root], key=f"{key}-{digest(repr(root))[:8]}")


def _homed(form: str, name: str, home: Home) -> str:
    """A written form relative to the home (区政府办公室 of 某区政府办公室) is that home's only: it meets the
    same home's mentions, not another county's."""
    if form[:1] in "市区县旗" and form != name and name.endswith(form[1:]):
        return f"{form}@{home.scope}"
    return form


class Resolver:
    """Resolve a corpus as its documents arrive: `add` each extraction in order (what one document gives
    is worked out then: its mentions' names and identities, the unions they make, its figures' targets;
    a build does it while the worker processes extract the next documents), then `corpus()` does what
    needs the whole corpus (cross-document names, entities, links, targets). The corpus is the one
    `resolve` gives of the same extractions in the same order."""

    def __init__(self) -> None:
        self.extractions: list[Extraction] = []
        self.names: dict[str, str] = {}  # names propagated to the other documents
        self.prepared: list[list[Prepared]] = []
        self.union = Forms()
        self.registry: dict[tuple[str, str], Entry] = {}
        self.homes: dict[str, Home] = {}
        self.scopes: dict[str, str] = {}  # document id -> its home's id part (Home.scope): goals' family
        self.known: dict[int, tuple[Mention, str, list[str]]] = {}  # id -> (mention, family, forms)
        self.towns: dict[str, dict[str, str]] = {}  # document id -> town -> its county's adcode
        self.looked: dict[str, _Looked] = {}  # document id -> its home's registry look-ups
        self.by_home: dict[Home, _Looked] = {}  # one per home: documents of one home share them
        self.alike: dict[tuple, tuple[str, list[str]]] = {}  # a mention's fields -> its family and forms

    def identity(self, m: Mention) -> tuple[str, list[str]]:
        """A mention's family and forms, worked out once: a goal's family is its home's (`family`), an
        input document's forms are its own file's (SCOPED; `_join_documents` joins them to its title)."""
        found = self.known.get(id(m))
        if found is None or found[0] is not m:
            # what they depend on besides the document: mentions of one name in a document share them
            titled = m.rule == "structure.document"
            same = (m.doc_id, m.type, titled, m.label or m.text, m.attrs)
            both = self.alike.get(same)
            if both is None:
                scope = self.scopes.get(m.doc_id, "") if m.type == "Goal" else ""
                fs = self._forms(m)
                if titled:  # its title names this file only (corpus() joins it to the title)
                    fs = [f"{f}{SCOPED}{m.doc_id}" for f in fs]
                both = self.alike[same] = (family(m, scope), fs)
            found = self.known[id(m)] = (m, *both)
        return found[1], found[2]

    def _forms(self, m: Mention) -> list[str]:
        """A mention's forms; a form relative to its home (鼓楼区人民政府 where four cities have a 鼓楼区)
        is joined to its registry entry's id, so that it meets only the same body's mentions."""
        fs = forms(m)
        home = self.homes.get(m.doc_id)
        if home is None:
            return fs
        town = _town_of(m, self.towns.get(m.doc_id))
        if town is not None:
            return [f"{f}{IN_COUNTY}{town}" for f in fs]  # 古城镇 of 托克托县 is not 古城镇 of 和林格尔县
        rid = m.attr("registry")
        if not rid:  # 鼓楼区教育局 read off 南京市鼓楼区教育局: its home's body when only its home names it
            e = self.looked[m.doc_id].entry(m.name)
            if e is None or e.label not in e.relative or m.name not in e.relative:
                return [fs[0], *(_homed(f, fs[0], home) for f in fs[1:])]
            rid = e.id
        held = self.looked[m.doc_id].held(rid)
        return [f"{f}@{rid}" if f in held else f for f in fs] if held else fs

    def add(self, x: Extraction) -> None:
        self.extractions.append(x)
        meta = x.doc.meta
        home = Home(meta.city, meta.province, meta.county)
        looked = self.by_home.get(home)
        if looked is None:
            looked = self.by_home[home] = _Looked(home)
        self.homes[meta.id], self.looked[meta.id] = looked.home, looked
        self.scopes[meta.id] = looked.scope
        ahead = x.ahead  # what its worker worked out of it (graph.inputs.Ahead), else worked out here
        if ahead is None:
            self.towns[meta.id] = town_counties(x, looked.home)
            propagated_names(x, self.names)
            self.prepared.append(prepare(x))
        else:
            self.towns[meta.id] = ahead.towns
            names = self.names
            for name, kind in ahead.names:
                names.setdefault(name, kind)
            self.prepared.append(prepared(x.figures, ahead.prepared))
        endpoints = [r.subject for r in x.relations] + [r.object for r in x.relations]
        self._unite((*x.mentions, *endpoints))

    def _unite(self, mentions: Iterable[Mention]) -> None:
        """One entity per component of names: a mention's forms and its registry entry's names. A mention
        met again (a relation's endpoint) unites nothing new: only its entry is set again."""
        union, registry, identity = self.union, self.registry, self.identity
        parent, find = union.parent, union.find
        again: dict[int, tuple[tuple[str, str], Entry | None]] = {}  # id -> (first node, last entry)
        for m in mentions:
            hit = again.get(id(m))
            if hit is not None:
                if hit[1] is not None:
                    registry[find(hit[0])] = hit[1]
                continue
            fam, fs = identity(m)
            node = (fam, fs[0])
            for f in fs[1:]:
                union.union(node, (fam, f))
            if node not in parent:
                parent[node] = node
            last = None
            rid = m.attr("registry")
            if rid:
                for e, names in self.looked[m.doc_id].named(rid):
                    for name in names:  # 市教育局 is a different body in each city: not among them
                        union.union(node, (fam, name))
                    registry[find(node)] = last = e
            again[id(m)] = (node, last)

    def _join_towns(self) -> None:
        """A town (or a school named by one) a document does not place in a county is the one of that name
        the other documents place, when they place it in one county only."""
        scoped: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for fam, form in list(self.union.parent):
            if IN_COUNTY in form:
                scoped[(fam, form.partition(IN_COUNTY)[0])].append((fam, form))
        for plain, places in sorted(scoped.items()):
            if len(places) == 1 and plain in self.union.parent:
                mine, theirs = self.union.find(plain), self.union.find(places[0])
                if mine != theirs:  # the county's form stays the root: it gives the entity its key
                    self.union.parent[mine] = theirs

    def _join_documents(self, extractions: list[Extraction]) -> None:
        """Each input document's title forms (its own, by `identity`) joined to the plain forms that other
        mentions of the title have, unless another input document has that title too (two cities'
        2024年上半年教育工作总结和下半年工作计划, or one file twice): each stays an entity of its own, so
        that every mention is derived from one file, whose offsets its span gives. Which it is changes
        what the document's entity holds, never its IRI (`identity.document_key`: its own file's)."""
        forms: list[tuple[str, str, str]] = []  # (family, own form, plain form)
        files: dict[str, set[str]] = defaultdict(set)
        for x in extractions:
            for m in x.mentions:
                if m.rule != "structure.document":
                    continue
                fam, fs = self.identity(m)
                for f in fs:
                    plain, sep, doc_id = f.partition(SCOPED)
                    if sep:
                        forms.append((fam, f, plain))
                        files[plain].add(doc_id)
        for fam, f, plain in forms:
            if len(files[plain]) == 1:
                self.union.union((fam, f), (fam, plain))

    def corpus(self) -> Corpus:
        extractions = propagate(self.extractions, self.names)
        for before, x in zip(self.extractions, extractions, strict=True):
            if x is not before:  # names found by propagation: one form each, no registry entry
                self._unite(x.mentions[len(before.mentions) :])
        self._join_documents(extractions)
        self._join_towns()
        union, registry, homes, identity = self.union, self.registry, self.homes, self.identity
        all_mentions: list[Mention] = []
        for x in extractions:
            all_mentions.extend(x.mentions)
            # a county, district or town written inside a name it locates (涧西区 in 涧西区天津路小学) is
            # named in the document; a province or city in a name is often a brand (吉林 in 吉林师大)
            all_mentions.extend(
                r.object
                for r in x.relations
                if r.predicate == "locatedIn"
                and r.object.type == "Place"
                and r.object.text in r.subject.text
                and r.object.end - r.object.start < r.subject.end - r.subject.start
                and not (r.object.attr("adcode") or "").endswith("00")
            )
        # registry entries keyed by their component root (after all unions)
        reg_by_root: dict[tuple[str, str], Entry] = {}
        for key, e in registry.items():
            reg_by_root[union.find(key)] = e
        # id -> (mention, component root): the entities, links and targets ask for most mentions again
        roots: dict[int, tuple[Mention, tuple[str, str]]] = {}

        def root_of(m: Mention) -> tuple[str, str]:
            hit = roots.get(id(m))
            if hit is not None and hit[0] is m:
                return hit[1]
            fam, fs = identity(m)
            root = union.find((fam, fs[0]))
            roots[id(m)] = (m, root)
            return root

        # group mentions by component
        groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for m in all_mentions:
            groups[root_of(m)].append(m)
        entity_of_root: dict[tuple[str, str], Entity] = {}
        for root, ms in groups.items():
            entity_of_root[root] = make_entity(root, ms, reg_by_root.get(root))
        # endpoints of relations that no mention names (a parent known only by its label) become entities
        for x in extractions:
            for r in x.relations:
                for m in (r.subject, r.object):
                    root = root_of(m)
                    if root not in entity_of_root:
                        entity_of_root[root] = make_entity(
                            root, [m], reg_by_root.get(root), with_evidence=False
                        )

        distinct_keys(entity_of_root)
        # every mention asked about below has its root already; `roots` keeps them alive, so ids are unique
        keys = {root: e.key for root, e in entity_of_root.items()}

        def key_of(m: Mention) -> str:
            hit = roots.get(id(m))
            return keys[hit[1]] if hit is not None and hit[0] is m else entity_of_root[root_of(m)].key

        links = relation_links(extractions, key_of)
        links += curated_links(extractions, entity_of_root, key_of, homes)
        entities = {e.key: e for e in entity_of_root.values()}
        doc_entity = {}
        for x in extractions:
            dm = next(m for m in x.mentions if m.rule == "structure.document")
            doc_entity[x.doc.meta.id] = key_of(dm)
        targets = targets_of(extractions, key_of, self.prepared)
        return Corpus(
            documents=tuple(x.doc for x in extractions),
            entities=tuple(sorted(entities.values(), key=attrgetter("key"))),
            links=tuple(
                sorted(
                    most_specific(merge_links(links), entities),
                    key=attrgetter("subject", "predicate", "object"),
                )
            ),
            targets=tuple(sorted(targets, key=attrgetter("key"))),
            doc_entity=doc_entity,
        )


def _town_of(m: Mention, towns: dict[str, str] | None) -> str | None:
    """The county (adcode) of the town a place or unlisted school is named by (古城镇, 古城镇中心小学), if the
    document places that town."""
    if not towns or m.type not in ("Place", "School") or m.attr("adcode") or m.attr("registry"):
        return None
    hit = TOWN.match(m.name)
    if hit is None or (m.type == "Place") != (hit.end() == len(m.name)):
        return None  # a place that is a town; a school whose name starts with one
    return towns.get(hit.group())


class _Looked:
    """A home's registry look-ups, made once for the documents of that home: the entry of a written form,
    the forms of an entry that name it only relative to the home, each entry of an id with its names."""

    def __init__(self, home: Home) -> None:
        self.home, self.scope = home, home.scope
        self.own, self.listed = alias_parts(home)
        self._held: dict[str, frozenset[str]] = {}
        self._named: dict[str, tuple[tuple[Entry, tuple[str, ...]], ...]] = {}

    def entry(self, form: str) -> Entry | None:
        """`alias_entry(home, form)`."""
        e = self.own.get(form)
        return e if e is not None else self.listed.get(form)

    def held(self, rid: str) -> frozenset[str]:
        """The normalised forms of a registry entry that name it only relative to its home."""
        found = self._held.get(rid)
        if found is None:
            found = self._held[rid] = frozenset(norm(a) for e in with_id(self.home, rid) for a in e.relative)
        return found

    def named(self, rid: str) -> tuple[tuple[Entry, tuple[str, ...]], ...]:
        """Each entry of an id, with its normalised names that are not relative to the home."""
        found = self._named.get(rid)
        if found is None:
            found = self._named[rid] = tuple(
                (e, tuple(norm(a) for a in (e.label, *e.aliases) if a not in e.relative))
                for e in with_id(self.home, rid)
            )
        return found
