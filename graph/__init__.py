"""EduKG: education-policy documents to a provenance-backed RDF knowledge graph.

The command line's verbs are functions here (see graph.api): build, query, show, trend, export,
validate, named_queries. Importing graph is cheap: each verb imports what it needs when called.
"""

from __future__ import annotations

from graph.api import Rows, build, export, named_queries, query, show, trend, validate
from graph.core.errors import EduKGError

__version__ = "0.1.0"
__all__ = ["EduKGError", "Rows", "build", "export", "named_queries", "query", "show", "trend", "validate"]
