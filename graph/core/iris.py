"""The namespaces' IRIs as plain strings, without rdflib: what a build writes (graph.rdf.terms, graph.rdf.turtle)
needs no more, and a build so never imports rdflib. graph.core.namespaces makes the rdflib terms of them."""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/edukg/ontology#"
ID_BASE = "https://w3id.org/edukg/id/"

# prefix -> namespace, as every Turtle file of EduKG declares them (equal to rdflib's namespaces: tested)
PREFIXES: dict[str, str] = {
    "ek": ONTOLOGY_IRI,
    "ekid": ID_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
}
