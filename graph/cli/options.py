"""Options and error handling shared by the commands: --graph, --store, one-line errors."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graph.core.errors import EduKGError

DEFAULT_OUT = Path("output")
_DONE: dict[str, bool] = {"leave": False}


def leave_at_exit() -> None:
    """Ask `graph.cli.run` to end the process without tearing the interpreter down once the command has
    returned: a build's work is written, and freeing the objects it kept one at a time (~0.2-0.4 s of
    a 1,000-document build) changes nothing. A command run in-process (click's test runner) is not
    ended: only the `edukg` executable and `python -m graph` run through `run`."""
    _DONE["leave"] = True


def leaving() -> bool:
    return _DONE["leave"]


def graph_option(f: Callable) -> Callable:
    """--graph FILE: read another graph than the last build in output/."""
    return click.option(
        "--graph",
        "graph_file",
        type=click.Path(path_type=Path),
        default=None,
        help="Graph to read (Turtle, N-Triples, TriG or JSON-LD). Default: output/edukg.ttl.",
    )(f)


def handle_errors(f: Callable) -> Callable:
    """Errors print one line `Error: …` and exit 1; --debug shows the traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, exits and aborts
        except Exception as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            if isinstance(exc, EduKGError):
                raise click.ClickException(str(exc)) from None
            # a bug or an unforeseen condition: still one line, the traceback behind --debug
            why = " ".join(str(exc).split())[:200]
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {why}; rerun with `edukg --debug ...` for the traceback"
            ) from None

    return wrapper


def pairs(values: tuple[str, ...]) -> tuple[str, ...]:
    """NAME=VALUE options: a value without '=' is a usage error (exit 2)."""
    for v in values:
        if "=" not in v or not v.partition("=")[0].strip():
            raise click.BadParameter(f"{v!r}: give NAME=VALUE, such as --param year=2021")
    return values


def checked_pairs(values: tuple[str, ...]) -> tuple[str, ...]:
    """NAME=VALUE options, each NAME once: a value without '=' or a NAME given twice is a usage error."""
    seen: dict[str, str] = {}
    for item in values:
        key, sep, _ = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r}: give NAME=VALUE, such as --param year=2021")
        name = key.strip()
        if name in seen:
            raise click.BadParameter(
                f"{name!r} is given twice ({seen[name]!r} and {item!r}); give each parameter once"
            )
        seen[name] = item
    return values


def load(graph_file: Path | None):
    from graph.store import load_graph

    return load_graph(graph_file)


STORE_HELP = (
    "Query engine: oxigraph (default, or $EDUKG_STORE: OUT/store/ for a file over 2 MB, else in memory),"
    " memory (in-memory Oxigraph), persistent (OUT/store/, read-only) or rdflib."
)


def store_option(f: Callable) -> Callable:
    """--store oxigraph|memory|persistent|rdflib: the engine that answers queries (default oxigraph,
    the store chosen by the graph's size, or $EDUKG_STORE; graph.store.choice)."""
    return click.option(
        "--store",
        "backend",
        type=click.Choice(["oxigraph", "memory", "persistent", "rdflib"]),
        default=None,
        help=STORE_HELP,
    )(f)
