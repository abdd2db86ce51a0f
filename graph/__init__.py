"""EduKG: education-policy documents to a provenance-backed RDF knowledge graph."""

from __future__ import annotations

__version__ = "0.1.0"
