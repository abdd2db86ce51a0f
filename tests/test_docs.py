from __future__ import annotations

from tools.cli_docs import README, updated


def test_readme_cli_reference_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert updated(text) == text, "README.md: the CLI reference is stale; run: python -m tools.cli_docs"
