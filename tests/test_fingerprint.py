"""The evidence stamp the pages key their caches on: it moves with every change of notes, codes
and votes, and only then (SQLite and real PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from urgentie.store.fingerprint import evidence_version
from urgentie.store.notes_db import CodeRecord, NewBatch, NoteRecord, NotesStore
from urgentie.store.votes import VoteStore


def _record(text: str = "Overlast bij het plein") -> NoteRecord:
    return NoteRecord(
        gemeente_code="GM9999",
        area_code="WK999901",
        area_name="Centrum",
        area_match="naam",
        perspective="bewoner",
        text=text,
        note_date=date(2024, 3, 15),
        codes=[CodeRecord("veiligheid", "zorg", ["overlast"], None)],
    )


@pytest.fixture
def stores(db_url: str) -> tuple[NotesStore, VoteStore]:
    notes = NotesStore.open(db_url)
    yield notes, VoteStore(notes.engine)
    notes.engine.dispose()


def test_the_stamp_moves_with_every_change_of_the_evidence(stores) -> None:
    notes, votes = stores
    stamps = [evidence_version(notes.engine)]

    def changed() -> bool:
        stamps.append(evidence_version(notes.engine))
        return stamps[-1] != stamps[-2]

    assert not changed()  # reading twice: the same stamp
    batch = notes.write_batch(NewBatch("a.csv", "a" * 64, "csv", "GM9999"), [_record()])
    assert changed()  # an import
    note_id = int(notes.notes_frame()["id"].iloc[0])
    notes.set_codes(note_id, [("wonen", "zorg")])
    assert changed()  # the analyst corrects the codes
    session = votes.create_session("Sessie", "GM9999")
    assert changed()  # a session (its title labels the votes)
    votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "veiligheid"): 2})
    assert changed()  # a vote
    votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "veiligheid"): 5})
    assert changed()  # the same voter votes again: the vote is replaced
    assert not changed()
    notes.undo_batch(batch)
    assert changed()  # the import undone
    assert not changed()
