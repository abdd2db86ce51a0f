from __future__ import annotations

from graph.cli import main

main()
