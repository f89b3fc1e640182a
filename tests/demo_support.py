"""What tests know about the demo gemeente, and the copy of a built demo they work in.

The demo is built once per test run (:mod:`conftest`: ``demo_template``, with its notes
``demo_notes_template``, plus a note with a script tag ``demo_script_template``): pseudonymising
its ~400 notes takes 10–20 s. Every test that changes something works in its own copy.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from urgentie.demo import DEMO_CODE, build_demo
from urgentie.demo.conversations import ensure_demo_notes
from urgentie.notes.importer import build_context, commit_import, prepare_manual_note
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore

OUDE_HAVEN = "WK999902"
"""The demo's wijk where "beleid ziet urgentie, professionals niet" on veiligheid."""

DEMO_WIJKEN = frozenset(
    {
        "Centrum",
        "Oude Haven",
        "Poortwijk",
        "Vlietzoom",
        "Het Veld",
        "Lindenhof",
        "De Brink",
        "Zuiderpark",
        "Molenwijk",
        "De Akkers",
    }
)
SCRIPT_NOTE = "<script>alert('x')</script> Sinds de nieuwe verlichting is het rustig op straat."


def notes_store(root: Path) -> NotesStore:
    """The SQLite notes database of the data directory ``root``."""
    return NotesStore.open(f"sqlite:///{root / 'urgentie.sqlite'}")


def build_areas(root: Path) -> Path:
    """The demo gemeente (figures and boundaries, no notes) in ``root``."""
    build_demo(AreaStore(root))
    return root


def import_notes(root: Path) -> Path:
    """Import the demo's notes into ``root`` (which holds the demo) the real way."""
    notes = notes_store(root)
    try:
        report = ensure_demo_notes(AreaStore(root), notes)
        if report is None or report.accepted < 150:
            raise RuntimeError("de demogesprekken zijn niet geïmporteerd")
    finally:
        notes.engine.dispose()
    return root


def add_script_note(root: Path) -> Path:
    """Add one professional's note about Oude Haven containing a script tag (the newest note)."""
    notes = notes_store(root)
    try:
        context = build_context(notes, AreaStore(root), DEMO_CODE)
        preview = prepare_manual_note(
            context,
            text=SCRIPT_NOTE,
            area_code=OUDE_HAVEN,
            perspective="professional",
            role="wijkagent",
            note_date=date(2025, 12, 1),
            ratings={"veiligheid": 2},
        )
        commit_import(preview, notes)
    finally:
        notes.engine.dispose()
    return root


def copy_template(template: Path, target: Path) -> Path:
    """A test's own copy of a built data directory (``target`` may exist and be empty)."""
    shutil.copytree(template, target, dirs_exist_ok=True)
    return target
