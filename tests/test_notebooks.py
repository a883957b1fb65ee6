"""Every guided-tour notebook runs top to bottom; each ends with assertions
on what it showed, so a notebook that runs but shows the wrong thing fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

# Each notebook runs in a fresh kernel that builds and opens the store.
pytestmark = pytest.mark.slow

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def test_the_four_guided_tours_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_tour.ipynb",
        "02_time_travel.ipynb",
        "03_networks.ipynb",
        "04_your_own_data.ipynb",
    ]


def test_notebooks_match_their_generator():
    spec = importlib.util.spec_from_file_location(
        "make_notebooks", NOTEBOOK_DIR / "make_notebooks.py"
    )
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert sorted(generator.NOTEBOOKS) == [p.name for p in NOTEBOOKS]
    for name, cells in generator.NOTEBOOKS.items():
        committed = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
        assert [(c.cell_type, c.source) for c in committed.cells] == [
            (c.cell_type, c.source) for c in cells
        ], f"{name} is stale: run `python notebooks/make_notebooks.py`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path):
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "commit notebooks with outputs stripped"
    )
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    # Executed, with its views, a notebook stays small enough to share.
    assert len(nbformat.writes(notebook).encode()) < 2_000_000
