"""Where the package's data lives: the ontology folder (the project's ontology/, or graph/ontology in a wheel)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # graph/


def ontology_file(name: str) -> Path:
    """A file of ontology/ (vocabulary, shapes, registry): from the checkout, else from the installed wheel."""
    for folder in (PACKAGE_DIR.parent / "ontology", PACKAGE_DIR / "ontology"):
        if (folder / name).is_file():
            return folder / name
    return PACKAGE_DIR.parent / "ontology" / name
