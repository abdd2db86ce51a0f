"""The wheel ships the library and its data, and nothing else (no benchmarks, no tools)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_dir(pkg: str) -> Path:
    mapped = CONFIG.get("package-dir", {}).get(pkg)
    return ROOT / mapped if mapped else ROOT / Path(*pkg.split("."))


def test_every_python_package_under_graph_is_shipped() -> None:
    shipped = set(CONFIG["packages"])
    for init in (ROOT / "graph").rglob("__init__.py"):
        pkg = ".".join(init.parent.relative_to(ROOT).parts)
        assert pkg in shipped, f"{pkg} is missing from [tool.setuptools] packages"
    assert not any(p.startswith(("benchmarks", "tools", "tests")) for p in shipped)


def test_every_data_file_under_graph_is_shipped() -> None:
    data = CONFIG["package-data"]
    shipped_pkgs = set(CONFIG["packages"])
    for path in (ROOT / "graph").rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        # the nearest enclosing shipped package owns the file
        parts = path.relative_to(ROOT).parts[:-1]
        owner = next(
            ".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in shipped_pkgs
        )
        rel = path.relative_to(_package_dir(owner)).as_posix()
        patterns = data.get(owner, [])
        # setuptools globs do not cross folders: "*.yaml" is not "lexicon/x.yaml"
        ok = any(rel.count("/") == p.count("/") and fnmatch.fnmatch(rel, p) for p in patterns)
        assert ok, f"{path.relative_to(ROOT)} is not in package-data"
