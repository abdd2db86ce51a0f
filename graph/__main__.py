from __future__ import annotations

from graph.cli import run

if __name__ == "__main__":
    run()
