from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built once into a temporary output folder (tests never read output/)."""
    from graph.pipeline import run_build

    out = tmp_path_factory.mktemp("out")
    run_build(SEEDS, out)
    return out


@pytest.fixture(scope="session")
def graph(built: Path):
    from graph.store import load_graph

    return load_graph(built / "edukg.ttl")


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst)
    return dst
