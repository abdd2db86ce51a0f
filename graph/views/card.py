"""Entity cards: everything the graph says about one entity, with the quotes behind it.

`find_entities` turns a label, alias, part of a name or IRI into candidates; `entity_card` builds a
`Card` (type, labels, relations in and out with their evidence, figures, documents, quotes);
`render_card` and `card_json` print it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from graph.core.errors import EduKGError
from graph.core.namespaces import EK, PREFIXES
from graph.views.index import named
from graph.views.quotes import Quote, entity_quotes, memo, statement_evidence

EK_NS = str(EK)
# triples about a mention or a reified statement are provenance, not relations of the entity
PROVENANCE = {named(t) for t in (EK.evidenceFor, PROV.wasDerivedFrom, RDF.subject, RDF.object, RDF.predicate)}
LABELS = (named(RDFS.label), named(SKOS.prefLabel))
FIGURE_FIELDS = ("indicator", "comparator", "value", "unit", "year", "status")
MAX_CANDIDATES = 30


class EntityNotFound(EduKGError):
    """No entity has that name or IRI."""


class AmbiguousName(EduKGError):
    """Several entities match a name; `candidates` lists them."""

    def __init__(self, message: str, candidates: list[Candidate]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Candidate:
    iri: str
    label: str
    type: str


@dataclass(frozen=True)
class Link:
    direction: str  # "out" (entity -> other) or "in" (other -> entity)
    relation: str
    iri: str
    label: str
    type: str
    evidence: list[Quote] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    iri: str
    label: str
    indicator: str
    comparator: str
    value: str
    unit: str
    year: str
    status: str
    evidence: list[Quote] = field(default_factory=list)


@dataclass(frozen=True)
class Card:
    iri: str
    types: list[str]
    labels: list[tuple[str, str]]
    aliases: list[str]
    attributes: list[tuple[str, str]]
    links: list[Link]
    figures: list[Figure]
    documents: list[tuple[str, str]]
    quotes: list[Quote]


_LOCALS: dict[Node, str] = {}  # properties and classes: a few dozen in a graph


def _local(term: Node) -> str:
    found = _LOCALS.get(term)
    if found is None:
        found = _make_local(term)
        if len(_LOCALS) < 10_000:
            _LOCALS[term] = found
    return found


def _make_local(term: Node) -> str:
    s = str(term)
    for prefix, ns in PREFIXES.items():
        if s.startswith(str(ns)) and prefix != "ekid":
            return s[len(str(ns)) :] if prefix == "ek" else f"{prefix}:{s[len(str(ns)) :]}"
    return s


def label_of(g: Graph, node: Node) -> str:
    """The Chinese label (or any label, title or identifier) of a node."""
    return memo(g, ("label", node), lambda: _make_label(g, node))


def _make_label(g: Graph, node: Node) -> str:
    found = [o for p in LABELS for o in g.objects(node, p) if isinstance(o, Literal)]
    zh = sorted(str(o) for o in found if o.language in (None, "zh"))
    if zh:
        return zh[0]
    if found:
        return sorted(str(o) for o in found)[0]
    title = g.value(node, _TITLE)
    return str(title) if title is not None else str(node).rsplit("/", 1)[-1]


def type_of(g: Graph, node: Node) -> str:
    return memo(g, ("type", node), lambda: _make_type(g, node))


def _make_type(g: Graph, node: Node) -> str:
    types = sorted(_local(t) for t in g.objects(node, _TYPE) if str(t).startswith(EK_NS))
    types = [t for t in types if t != "Mention"] or types
    return types[0] if types else ""


def label_candidate(g: Graph, node: URIRef) -> Candidate:
    return Candidate(str(node), label_of(g, node), type_of(g, node))


def expand_name(name: str) -> URIRef | None:
    if name.startswith(("http://", "https://", "urn:")):
        return URIRef(name.strip("<>"))
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and " " not in local:
        return URIRef(str(PREFIXES[prefix]) + local)
    if name.startswith("<") and name.endswith(">"):
        return URIRef(name[1:-1])
    return None


def _named(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)} - set(
        g.subjects(RDF.type, EK.Mention)
    )


def find_entities(g: Graph, name: str) -> list[URIRef]:
    """Candidates for a name, best tier first: IRI; exact label; exact alias; exact label or alias
    ignoring case; a label or alias containing the name."""
    name = name.strip()
    iri = expand_name(name)
    if iri is not None:
        return [iri] if (iri, None, None) in g or (None, None, iri) in g else []
    entities = _named(g)
    tiers: list[set[URIRef]] = [set(), set(), set(), set()]
    folded = name.casefold()
    for s, p, o in g.triples((None, None, None)):
        if p not in (*LABELS, SKOS.altLabel) or not isinstance(o, Literal) or s not in entities:
            continue
        text = str(o)
        if text == name:
            tiers[0 if p in LABELS else 1].add(s)  # type: ignore[arg-type]
        elif text.casefold() == folded:
            tiers[2].add(s)  # type: ignore[arg-type]
        elif folded and folded in text.casefold():
            tiers[3].add(s)  # type: ignore[arg-type]
    for tier in tiers:
        if tier:
            return sorted(tier, key=lambda n: (label_of(g, n), str(n)))
    return []


def resolve(g: Graph, name: str) -> URIRef:
    """The one entity a name denotes; raises EntityNotFound or AmbiguousName (with the candidates)."""
    found = find_entities(g, name)
    if not found:
        raise EntityNotFound(
            f"no entity named {name!r}; try a shorter part of the name, or `edukg query provenance`"
        )
    if len(found) > 1:
        shown = [label_candidate(g, n) for n in found[:MAX_CANDIDATES]]
        more = f" (first {MAX_CANDIDATES} listed)" if len(found) > MAX_CANDIDATES else ""
        raise AmbiguousName(
            f"{name!r} matches {len(found)} entities{more}; run `edukg show '<IRI>'` with one of the IRIs above",
            shown,
        )
    return found[0]


# namespace members looked up once (rdflib resolves RDF.type and the like by a slow attribute hook), as
# the objects an index holds (graph.views.index.named: found by identity)
_TYPE, _STATEMENT, _MENTION, _TARGET = (
    named(RDF.type),
    named(RDF.Statement),
    named(EK.Mention),
    named(EK.Target),
)
_TARGETS, _INDICATOR = named(EK.targets), named(EK.indicator)
_MENTIONED_IN, _ALIAS, _IDENTIFIER = named(EK.mentionedIn), named(SKOS.altLabel), named(DCTERMS.identifier)
_FIGURE = tuple(named(p) for p in (EK.comparator, EK.value, EK.unit, EK.year, EK.status))
_SKIP = {_TYPE, *LABELS, _ALIAS, _MENTIONED_IN, *PROVENANCE}  # not listed as a card's links
_TITLE = named(DCTERMS.title)
# a property tested by a set lookup, not by ==: rdflib's equality is a Python call on every test
_IS_TARGETS, _IS_INDICATOR, _IS_STATEMENT = {_TARGETS}, {_INDICATOR}, {_STATEMENT}


def _figure(g: Graph, t: Node) -> Figure:
    """A target as a figure (once per build with an Indexed graph: the cards of its ends show it too)."""
    return memo(g, ("figure", t), lambda: _make_figure(g, t))


def _make_figure(g: Graph, t: Node) -> Figure:
    def val(p: URIRef) -> str:
        v = g.value(t, p)
        return "" if v is None else (label_of(g, v) if isinstance(v, URIRef) else str(v))

    return Figure(
        iri=str(t),
        label=label_of(g, t),
        indicator=val(_INDICATOR),
        comparator=val(_FIGURE[0]),
        value=val(_FIGURE[1]),
        unit=val(_FIGURE[2]),
        year=val(_FIGURE[3]),
        status=val(_FIGURE[4]),
        evidence=entity_quotes(g, t),
    )


def _is_a(g: Graph, node: Node, cls: URIRef) -> bool:
    """(node, rdf:type, cls) in g; with an Indexed graph, by a set of the class's members made once."""
    if getattr(g, "memo", None) is None:
        return (node, _TYPE, cls) in g
    return node in memo(g, ("members", cls), lambda: set(g.subjects(_TYPE, cls)))


def _document_entry(g: Graph, d: Node) -> tuple[str, str]:
    """A document as a card lists it: (identifier or label, label), once per document when memoised."""
    return memo(g, ("entry", d), lambda: (str(g.value(d, _IDENTIFIER) or label_of(g, d)), label_of(g, d)))


def _sorted_pairs(pairs: list[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
    """sorted(pairs); when every term is an IRI, by their texts (rdflib orders IRIs so), without a Python
    call per comparison."""
    if all(type(a) is URIRef and type(b) is URIRef for a, b in pairs):
        return sorted(pairs, key=_texts)
    return sorted(pairs)


def _texts(pair: tuple[Node, Node]) -> tuple[str, str]:
    return str(pair[0]), str(pair[1])


def card(g: Graph, node: URIRef) -> Card:
    """Everything the graph says about one node."""
    labels = sorted(
        {(str(o), o.language or "") for p in LABELS for o in g.objects(node, p) if isinstance(o, Literal)},
        key=lambda x: (x[1] != "zh", x[1], x[0]),
    )
    aliases = sorted({str(o) for o in g.objects(node, _ALIAS)})
    attributes: list[tuple[str, str]] = []
    links: list[Link] = []
    figures: list[Figure] = []
    documents: list[tuple[str, str]] = []
    for p, o in _sorted_pairs([(p, o) for p, o in g.predicate_objects(node) if p not in _SKIP]):
        if type(o) is not URIRef and isinstance(o, Literal):  # isinstance is slow when false
            attributes.append((_local(p), str(o)))
        elif p in _IS_TARGETS and _is_a(g, o, _TARGET):
            figures.append(_figure(g, o))
        else:
            links.append(
                Link(
                    "out",
                    _local(p),
                    str(o),
                    label_of(g, o),
                    type_of(g, o),
                    statement_evidence(g, node, p, o),
                )
            )
    for s, p in _sorted_pairs([(s, p) for s, p in g.subject_predicates(node) if p not in PROVENANCE]):
        if _is_a(g, s, _MENTION):
            continue
        if p in _IS_INDICATOR and _is_a(g, s, _TARGET):
            figures.append(_figure(g, s))
            continue
        links.append(
            Link("in", _local(p), str(s), label_of(g, s), type_of(g, s), statement_evidence(g, s, p, node))
        )
    if _is_a(g, node, _TARGET):
        figures.insert(0, _figure(g, node))
    for d in g.objects(node, _MENTIONED_IN):
        documents.append(_document_entry(g, d))
    links.sort(key=lambda lk: (lk.direction != "out", lk.relation, lk.label, lk.iri))
    figures.sort(key=lambda f: (f.year, f.indicator, f.value, f.iri))
    return Card(
        iri=str(node),
        types=sorted(
            _local(t) for t in g.objects(node, _TYPE) if str(t).startswith(EK_NS) or t in _IS_STATEMENT
        ),
        labels=labels,
        aliases=aliases,
        attributes=attributes,
        links=links,
        figures=figures,
        documents=sorted(set(documents)),
        quotes=entity_quotes(g, node),
    )


def entity_card(g: Graph, name: str) -> Card:
    """The card of the entity a label, alias, part of a name or IRI denotes."""
    return card(g, resolve(g, name))


show = entity_card  # the library function behind `edukg show`


def pasteable(iri: str) -> str:
    """An id as SPARQL accepts it: the full IRI in angle brackets (entity ids hold slashes, which a
    prefixed name's local part cannot), so `edukg query -e 'DESCRIBE <…>'` takes it as printed."""
    return f"<{iri}>"


def _one_line(text: str) -> str:
    return text.replace("\r", "").replace("\n", "\\n")


def _ev(q: Quote) -> str:
    return f"[{q.document} {q.start}-{q.end}] {_one_line(q.quote)}"


def render_card(c: Card) -> str:
    """The card as text for a terminal."""
    title = next((t for t, lang in c.labels if lang == "zh"), c.labels[0][0] if c.labels else c.iri)
    out = [f"{title}  ({', '.join(c.types) or 'no type'})", f"  iri:      {pasteable(c.iri)}"]
    if c.labels:
        out.append("  labels:   " + "; ".join(f"{t}@{lang}" if lang else t for t, lang in c.labels))
    if c.aliases:
        out.append("  aliases:  " + "; ".join(c.aliases))
    for k, v in c.attributes:
        out.append(f"  {k + ':':9} {v}")
    if c.links:
        out.append(f"relations ({len(c.links)}):")
        for lk in c.links:
            arrow = f"{lk.relation} ->" if lk.direction == "out" else f"<- {lk.relation}"
            typ = f" ({lk.type})" if lk.type else ""
            out.append(f"  {arrow:16} {lk.label}{typ}  {pasteable(lk.iri)}")
            out += [f"      {_ev(q)}" for q in lk.evidence]
    if c.figures:
        out.append(f"figures ({len(c.figures)}):")
        for f in c.figures:
            out.append(f"  {f.year or '----':4}  {f.status:8} {f.indicator} {f.comparator} {f.value}{f.unit}")
            out += [f"      {_ev(q)}" for q in f.evidence]
    if c.documents:
        out.append(f"documents ({len(c.documents)}):")
        out += [f"  {ident}  {title}" for ident, title in c.documents]
    if c.quotes:
        out.append(f"quotes ({len(c.quotes)}):")
        out += [f"  {_ev(q)}  ({q.rule})" for q in c.quotes]
    return "\n".join(out) + "\n"


def card_json(c: Card) -> str:
    return json.dumps(asdict(c), ensure_ascii=False, indent=1) + "\n"
