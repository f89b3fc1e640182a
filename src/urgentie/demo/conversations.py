"""The demo's conversation notes in the notes store, through the real import path.

The notes are pseudonymised on import like any analyst's file. deduce builds its lookup tables
the first time (minutes on a fresh machine), so callers that must stay responsive — the app at
start — run :func:`ensure_demo_notes` in the background; the CLI runs it in the foreground.
"""

from __future__ import annotations

import hashlib

from urgentie.demo.build import DEMO_CODE
from urgentie.demo.notes import NOTES_FILE
from urgentie.errors import UserError
from urgentie.notes.importer import BatchReport, build_context, commit_import, import_path
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore


def import_demo_notes(notes: NotesStore, areas: AreaStore) -> BatchReport:
    """Import ``<data_dir>/demo/gesprekken.csv`` for the demo gemeente, like an analyst's file.

    Idempotent: when the same file is already imported, nothing is written and the report
    names the existing batch. Call right after the demo dataset is built.
    """
    path = areas.root / "demo" / NOTES_FILE
    if not path.is_file():
        raise UserError(f"Demogesprekken ontbreken: {path}.")
    context = build_context(notes, areas, DEMO_CODE)
    preview = import_path(path, context, notes)
    if preview.duplicate_of:
        return BatchReport(
            batch_id=preview.duplicate_of[0].id,
            file_name=preview.file_name,
            gemeente=DEMO_CODE,
            accepted=0,
            rejected=preview.rejected_count,
            replacements={},
            duplicate_of=[b.id for b in preview.duplicate_of],
        )
    return commit_import(preview, notes)


def demo_notes_pending(areas: AreaStore, notes: NotesStore) -> bool:
    """True when the demo is stored but its notes file is not (yet) imported.

    Cheap: it compares the file's hash with the import batches, without the pseudonymiser.
    """
    path = areas.root / "demo" / NOTES_FILE
    if not path.is_file() or not areas.years(DEMO_CODE):
        return False
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return not notes.batches_with_hash(digest)


def ensure_demo_notes(areas: AreaStore, notes: NotesStore) -> BatchReport | None:
    """Import the demo notes when they are pending; None when there was nothing to do."""
    if not demo_notes_pending(areas, notes):
        return None
    return import_demo_notes(notes, areas)
