"""The CLI reference of the README, generated from the commands' --help (python -m tools.cli_docs)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

BEGIN = "<!-- cli-reference: begin (python -m tools.cli_docs writes this) -->"
END = "<!-- cli-reference: end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def cli_reference() -> str:
    from graph.cli import main

    parts = [BEGIN, ""]
    settings = {**main.context_settings, "terminal_width": 100}
    ctx = click.Context(main, info_name="edukg", **settings)
    for name in sorted(main.commands):
        cmd = main.commands[name]
        sub = click.Context(cmd, info_name=name, parent=ctx, terminal_width=100)
        parts += [f"### edukg {name}", "", "```", cmd.get_help(sub).rstrip(), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def updated(readme: str) -> str:
    block = cli_reference()
    if BEGIN in readme and END in readme:
        return re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, readme, flags=re.S)
    return readme.rstrip("\n") + "\n\n## CLI reference\n\n" + block + "\n"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        if new != text:
            print("README.md: the CLI reference is stale; run: python -m tools.cli_docs", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
