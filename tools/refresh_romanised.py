"""Regenerate graph/knowledge/romanised.tsv: pypinyin's reading of every name a home can give.

    python -m tools.refresh_romanised          # rewrites the table
    python -m tools.refresh_romanised --check  # exit 1 when the table differs from the installed pypinyin

Run it after refreshing divisions.tsv or upgrading pypinyin. The output is deterministic.
"""

from __future__ import annotations

import argparse
import sys

from graph.knowledge import romanised


def render() -> str:
    rows = [romanised.HEADER] + [f"{name}\t{romanised.read_aloud(name)}" for name in romanised.names()]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed table, write nothing")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = romanised.TABLE.read_text(encoding="utf-8") if romanised.TABLE.exists() else ""
        if current != text:
            print(f"{romanised.TABLE}: out of date; run python -m tools.refresh_romanised", file=sys.stderr)
            return 1
        return 0
    romanised.TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {romanised.TABLE} ({text.count(chr(10)) - 1} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
