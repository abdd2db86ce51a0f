"""Namespaces in one place; ontology terms as a closed DefinedNamespace so a typo fails."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from graph.core.iris import ID_BASE, ONTOLOGY_IRI, PREFIXES


class EK(DefinedNamespace):
    """The EduKG core vocabulary (ontology/edukg.ttl)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    # classes
    Entity: URIRef
    Institution: URIRef
    University: URIRef
    College: URIRef
    Campus: URIRef
    School: URIRef
    GovernmentBody: URIRef
    ResearchCenter: URIRef
    Platform: URIRef
    Initiative: URIRef
    ActionPlan: URIRef
    Program: URIRef
    Task: URIRef
    PolicyDocument: URIRef
    Goal: URIRef
    Target: URIRef
    Indicator: URIRef
    Place: URIRef
    Sector: URIRef
    Event: URIRef
    Mention: URIRef
    # relations
    partOf: URIRef
    supports: URIRef
    targets: URIRef
    locatedIn: URIRef
    renamedTo: URIRef
    issuedBy: URIRef
    mentionedIn: URIRef
    sector: URIRef
    # attributes
    startYear: URIRef
    endYear: URIRef
    indicator: URIRef
    value: URIRef
    unit: URIRef
    jurisdiction: URIRef
    comparator: URIRef
    year: URIRef
    status: URIRef
    start: URIRef
    end: URIRef
    quote: URIRef
    evidenceFor: URIRef
    rule: URIRef
    curated: URIRef
    documentKind: URIRef
    sectionNumber: URIRef
    order: URIRef


EKID = Namespace(ID_BASE)
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

__all__ = [
    "DCTERMS",
    "EK",
    "EKID",
    "ID_BASE",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
]
