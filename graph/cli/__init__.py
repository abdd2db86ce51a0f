"""The `edukg` command line: each command a thin wrapper over one library function."""

from __future__ import annotations

import os
import sys

import click

from graph.cli.options import leaving
from graph.cli.read import push, query, serve, show, stats
from graph.cli.views import changes, trend, viz
from graph.cli.write import build, eval_, export, rules, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.version_option(package_name="edukg")
def main(debug: bool) -> None:
    """EduKG: education-policy documents to a knowledge graph you can query and trust.

    \b
    Example:
      edukg build && edukg query -e 'SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c'
    """


main.add_command(build)
main.add_command(query)
main.add_command(show)
main.add_command(serve)
main.add_command(push)
main.add_command(export)
main.add_command(stats)
main.add_command(validate)
main.add_command(eval_)
main.add_command(viz)
main.add_command(trend)
main.add_command(changes)
main.add_command(rules)


def run() -> None:
    """The `edukg` executable: `main`; after a command that asked for it (a build), the process ends
    as soon as the command's messages are flushed (os._exit), without the interpreter's teardown."""
    try:
        main()
    except SystemExit as exc:
        if not leaving():
            raise
        code = exc.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
        try:
            if code is not None and not isinstance(code, int):
                print(code, file=sys.stderr)
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: what could not be written is lost, as it would be at teardown
            pass
        os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
