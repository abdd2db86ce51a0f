"""One root exception; each message is one line naming the input and the fix."""

from __future__ import annotations


class EduKGError(Exception):
    """Root of every error EduKG reports to a user (exit code 1)."""

    exit_code = 1


class InputError(EduKGError):
    """A document, catalog or seeds folder cannot be read."""


class OutputError(EduKGError):
    """An output file cannot be written."""


class GraphLoadError(EduKGError):
    """A graph file is missing or cannot be parsed."""


class QueryError(EduKGError):
    """A SPARQL query is malformed, unknown or not allowed."""


class GoldError(EduKGError):
    """A gold annotation file is malformed."""


class ViewError(EduKGError):
    """A graph view cannot be drawn as asked (unknown focus, class, document or year)."""


class ReadWarning(UserWarning):
    """A document was read, with a problem the user should know of (bad bytes replaced, …): reported on
    stderr as `Warning: …`, and an error under --strict."""
