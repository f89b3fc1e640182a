"""Shared fixtures: an empty data directory per test, the optional shared CBS files, and the demo
built once per test run (copied into a test's data directory when it needs one)."""

from __future__ import annotations

from pathlib import Path

import demo_support
import pytest
from browser_support import chromium, offline_page, running_app  # noqa: F401 (shared fixtures)
from live_feeds import policy, sleeps  # noqa: F401 (shared fixtures of the live-source tests)

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


@pytest.fixture(autouse=True)
def local_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest runs the app without a server, so there is no client address, and a missing
    address is never local (``views.access``). In these tests the visitor is the analyst at
    the computer itself; a test of a network visitor sets another address the same way. The
    real server with real addresses is attacked in ``test_attack_server.py``."""
    from urgentie.views import access

    monkeypatch.setattr(access, "client_address", lambda: "127.0.0.1")


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


# --- the demo, built once per run -----------------------------------------------------------------
@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo gemeente, no notes. Never modify it: copy it."""
    return demo_support.build_areas(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def demo_notes_template(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """The demo with its notes imported the real way (pseudonymised, coded). Never modify it."""
    root = tmp_path_factory.mktemp("demo_met_gesprekken")
    return demo_support.import_notes(demo_support.copy_template(demo_template, root))


@pytest.fixture(scope="session")
def demo_script_template(
    tmp_path_factory: pytest.TempPathFactory, demo_notes_template: Path
) -> Path:
    """The demo with its notes and one more, newest, with a script tag. Never modify it."""
    root = tmp_path_factory.mktemp("demo_met_script")
    return demo_support.add_script_note(demo_support.copy_template(demo_notes_template, root))


@pytest.fixture
def demo_areas_data(data_dir: Path, demo_template: Path) -> Path:
    """The test's data directory holding its own copy of the demo (no notes)."""
    return demo_support.copy_template(demo_template, data_dir)


@pytest.fixture
def demo_data(data_dir: Path, demo_notes_template: Path) -> Path:
    """The test's data directory holding its own copy of the demo with its notes."""
    return demo_support.copy_template(demo_notes_template, data_dir)


@pytest.fixture
def demo_data_with_script(data_dir: Path, demo_script_template: Path) -> Path:
    """Like :func:`demo_data`, plus the note with a script tag (:data:`SCRIPT_NOTE`)."""
    return demo_support.copy_template(demo_script_template, data_dir)


# The PostgreSQL test server and the ``db_url`` fixture (SQLite and PostgreSQL) for store tests.
from tests.pg_support import db_url, pg_server, pg_url  # noqa: E402, F401
