"""The demo gemeente with its notes imported, built once per test run and copied per test.

Building the demo and pseudonymising its 237 notes takes 10–20 s; tests that change sessions
and votes each get their own copy of the finished data directory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from urgentie.demo import build_demo
from urgentie.demo.conversations import ensure_demo_notes
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore

OUDE_HAVEN = "WK999902"
"""The demo's wijk where "beleid ziet urgentie, professionals niet" on veiligheid."""


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo gemeente and its imported notes (do not modify)."""
    root = tmp_path_factory.mktemp("demo_met_gesprekken")
    areas = AreaStore(root)
    build_demo(areas)
    notes = NotesStore.open(f"sqlite:///{root / 'urgentie.sqlite'}")
    try:
        report = ensure_demo_notes(areas, notes)
        assert report is not None and report.accepted >= 150
    finally:
        notes.engine.dispose()
    return root


@pytest.fixture
def demo_data(data_dir: Path, demo_source: Path) -> Path:
    """The test's own data directory, filled with a copy of :func:`demo_source`."""
    shutil.copytree(demo_source, data_dir, dirs_exist_ok=True)
    return data_dir
