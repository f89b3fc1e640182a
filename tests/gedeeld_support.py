"""The demo with its notes imported the real way, plus one note with a script tag: built once
per test module, copied into each test's own data directory."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from urgentie.demo import DEMO_CODE, build_demo
from urgentie.demo.conversations import ensure_demo_notes
from urgentie.notes.importer import build_context, commit_import, prepare_manual_note
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore

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


def build_demo_with_notes(root: Path) -> Path:
    """Build the demo in ``root``, import its notes (real pseudonymiser, ~10 s) and add one
    professional's note about Oude Haven containing a script tag (the newest note)."""
    areas = AreaStore(root)
    build_demo(areas)
    notes = NotesStore.open(f"sqlite:///{root / 'urgentie.sqlite'}")
    if ensure_demo_notes(areas, notes) is None:
        raise RuntimeError("de demogesprekken zijn niet geïmporteerd")
    context = build_context(notes, areas, DEMO_CODE)
    preview = prepare_manual_note(
        context,
        text=SCRIPT_NOTE,
        area_code="WK999902",
        perspective="professional",
        role="wijkagent",
        note_date=date(2025, 12, 1),
        ratings={"veiligheid": 2},
    )
    commit_import(preview, notes)
    notes.engine.dispose()
    return root


def copy_into(template: Path, data_dir: Path) -> Path:
    """A test's own copy of the built template."""
    shutil.copytree(template, data_dir, dirs_exist_ok=True)
    return data_dir
