"""Shared fixtures: an empty data directory per test and the optional shared CBS files."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import chromium, offline_page, running_app  # noqa: F401 (shared fixtures)

ROOT = Path(__file__).resolve().parents[1]
# ``../shared`` beside the clone; a git worktree deeper down finds it in a higher folder.
SHARED_CBS = next(
    (
        p / "shared" / "data" / "cbs"
        for p in ROOT.parents
        if (p / "shared" / "data" / "cbs").is_dir()
    ),
    ROOT.parent / "shared" / "data" / "cbs",
)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty data directory that every setting-aware module uses."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("URGENTIE_DATA_DIR", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return path


@pytest.fixture
def shared_cbs() -> Path:
    """``../shared/data/cbs``; tests using it skip cleanly when the folder is absent."""
    if not SHARED_CBS.is_dir():
        pytest.skip("../shared/data/cbs ontbreekt")
    return SHARED_CBS


# The PostgreSQL test server and the ``db_url`` fixture (SQLite and PostgreSQL) for store tests.
from tests.pg_support import db_url, pg_server, pg_url  # noqa: E402, F401
