"""The notes store on SQLite and on a real PostgreSQL server (``db_url`` runs both)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from urgentie.errors import UserError
from urgentie.store import db, schema
from urgentie.store.notes_db import CodeRecord, NewBatch, NoteRecord, NotesStore


def _record(area: str = "WK999901", text: str = "Overlast bij het plein", **kw) -> NoteRecord:
    values = {
        "gemeente_code": "GM9999",
        "area_code": area,
        "area_name": "Centrum",
        "area_match": "naam",
        "perspective": "bewoner",
        "text": text,
        "note_date": date(2024, 3, 15),
        "codes": [CodeRecord("veiligheid", "zorg", ["overlast"], None)],
    }
    values.update(kw)
    return NoteRecord(**values)


def _batch(name: str = "a.csv", sha: str = "a" * 64, version: str = "v1") -> NewBatch:
    return NewBatch(name, sha, "csv", "GM9999", codebook_version=version)


@pytest.fixture
def store(db_url: str) -> NotesStore:
    notes = NotesStore.open(db_url)
    yield notes
    notes.engine.dispose()


# --- connection and schema ----------------------------------------------------------------------
def test_sqlite_connections_are_durable_and_enforce_foreign_keys(data_dir) -> None:
    engine = db.open_engine()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert (data_dir / "urgentie.sqlite").is_file()
    engine.dispose()


def test_schema_is_created_once_and_stamped(store: NotesStore) -> None:
    db.migrate(store.engine)  # a second start changes nothing
    with store.engine.connect() as conn:
        versions = conn.execute(sa.select(schema.schema_version.c.version)).scalars().all()
        tables = set(sa.inspect(conn).get_table_names())
    assert versions == [schema.SCHEMA_VERSION]
    assert {"notes", "codes", "import_batches", "votes", "sessions", "pseudo_terms"} <= tables


def test_pending_migration_runs_once_on_start(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_column(conn: sa.Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE notes ADD COLUMN mood VARCHAR(20)")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(db.MIGRATIONS, schema.SCHEMA_VERSION, add_column)
    assert db.migrate(store.engine) == schema.SCHEMA_VERSION
    assert db.migrate(store.engine) == schema.SCHEMA_VERSION  # not applied twice
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("notes")}
        assert db.current_version(conn) == schema.SCHEMA_VERSION
    assert "mood" in columns


def test_failing_migration_leaves_the_old_schema(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE notes ADD COLUMN half_done INTEGER")
        raise RuntimeError("stroom valt uit")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(db.MIGRATIONS, schema.SCHEMA_VERSION, broken)
    with pytest.raises(RuntimeError):
        db.migrate(store.engine)
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("notes")}
        assert db.current_version(conn) == schema.SCHEMA_VERSION - 1
    assert "half_done" not in columns


def test_database_newer_than_the_code_is_refused(store: NotesStore) -> None:
    with db.write_transaction(store.engine) as conn:
        conn.execute(sa.insert(schema.schema_version).values(version=99, applied_at=db.now()))
    with pytest.raises(UserError, match="schemaversie 99"):
        db.migrate(store.engine)


def test_unsupported_database_url_is_a_dutch_error() -> None:
    with pytest.raises(UserError, match="niet ondersteund"):
        db.make_engine("mysql://x@localhost/y")


# --- batches ------------------------------------------------------------------------------------
def test_batch_round_trip_with_codes_and_ratings(store: NotesStore) -> None:
    records = [
        _record(ratings={"veiligheid": 4.0}),
        _record("WK999902", "Het park is mooi", perspective="professional", role="wijkagent"),
    ]
    batch_id = store.write_batch(_batch(), records)
    frame = store.notes_frame("GM9999")
    assert sorted(frame["area_code"]) == ["WK999901", "WK999902"]
    assert set(frame["batch_id"]) == {batch_id}
    assert frame.loc[frame["area_code"] == "WK999902", "role"].item() == "wijkagent"
    ratings = store.ratings_frame("GM9999")
    assert ratings[["area_code", "domain", "rating"]].values.tolist() == [
        ["WK999901", "veiligheid", 4.0]
    ]
    info = store.batch(batch_id)
    assert info is not None and info.row_count == 2 and info.active
    assert store.codebook_versions() == ["v1"]


def test_failed_batch_stores_nothing(store: NotesStore) -> None:
    good = [_record(text=f"gesprek {i}") for i in range(700)]
    bad = _record(perspective="journalist")  # refused by the CHECK constraint, in chunk 2
    with pytest.raises(sa.exc.IntegrityError):
        store.write_batch(_batch(), [*good, bad])
    assert store.count_notes() == 0
    assert store.batches() == []


def test_undo_removes_notes_codes_and_ratings_of_that_batch_only(store: NotesStore) -> None:
    keep = store.write_batch(_batch("a.csv", "a" * 64), [_record()])
    gone = store.write_batch(
        _batch("b.csv", "b" * 64), [_record(ratings={"wonen": 2.0}), _record()]
    )
    assert store.undo_batch(gone) == 2
    assert store.notes_frame()["batch_id"].tolist() == [keep]
    assert store.codes_frame()["note_id"].nunique() == 1
    assert store.ratings_frame().empty
    assert store.batch(gone).status == schema.BATCH_UNDONE
    assert store.batches_with_hash("b" * 64) == []
    with pytest.raises(UserError, match="al ongedaan"):
        store.undo_batch(gone)
    with pytest.raises(UserError, match="bestaat niet"):
        store.undo_batch(999)


# --- queries ------------------------------------------------------------------------------------
def test_filters_and_search(store: NotesStore) -> None:
    store.write_batch(
        _batch(),
        [
            _record(text="Wachtlijst voor 100% van de woningen", codes=[]),
            _record("WK999902", "Overlast van jongeren", perspective="professional"),
            _record("WK999902", "Fijne buurt", note_date=date(2023, 1, 5), codes=[]),
        ],
    )
    assert len(store.notes_frame(search="OVERLAST")) == 1
    assert len(store.notes_frame(search="100%")) == 1
    assert len(store.notes_frame(search="%")) == 1  # a literal percent sign, not a wildcard
    assert len(store.notes_frame(areas=["WK999902"])) == 2
    assert len(store.notes_frame(perspectives=["professional"])) == 1
    assert len(store.notes_frame(domains=["veiligheid"])) == 1
    assert len(store.notes_frame(date_from=date(2024, 1, 1))) == 2
    assert len(store.notes_frame(date_to=date(2023, 12, 31))) == 1
    assert store.notes_frame(gemeente="GM0001").empty


def test_code_counts_count_notes_per_area_perspective_domain(store: NotesStore) -> None:
    two_codes = [CodeRecord("veiligheid", "zorg", ["overlast"]), CodeRecord("wonen", "zorg")]
    store.write_batch(
        _batch(),
        [
            _record(codes=two_codes),
            _record(),
            _record(perspective="beleid"),
            _record(
                codes=[
                    CodeRecord("veiligheid", "zorg", ["a"]),
                    CodeRecord("veiligheid", "zorg", ["b"]),
                ]
            ),
        ],
    )
    counts = store.code_counts("GM9999")
    as_dict = {
        (r.area_code, r.perspective, r.domain): r.notes for r in counts.itertuples(index=False)
    }
    assert as_dict == {
        ("WK999901", "bewoner", "veiligheid"): 3,
        ("WK999901", "bewoner", "wonen"): 1,
        ("WK999901", "beleid", "veiligheid"): 1,
    }


# --- corrections --------------------------------------------------------------------------------
def _active(store: NotesStore, note_id: int) -> set[tuple[str, str]]:
    rows = store.note_codes(note_id)
    return {(r.domain, r.polarity) for r in rows.itertuples() if r.active}


def test_manual_corrections_survive_recoding(store: NotesStore) -> None:
    store.write_batch(
        _batch(),
        [_record(codes=[CodeRecord("veiligheid", "zorg"), CodeRecord("wonen", "zorg")])],
    )
    note_id = int(store.notes_frame()["id"].item())
    # The analyst removes "wonen" and adds "gezondheid".
    store.set_codes(note_id, [("veiligheid", "zorg"), ("gezondheid", "zorg")])
    assert _active(store, note_id) == {("veiligheid", "zorg"), ("gezondheid", "zorg")}
    # Re-coding proposes wonen again and something new; the analyst's decisions stay.
    new_hits = [
        CodeRecord("veiligheid", "zorg", ["onveilig"]),
        CodeRecord("wonen", "zorg"),
        CodeRecord("fysieke_leefomgeving", "kracht"),
    ]
    store.replace_automatic_codes({note_id: (new_hits, 4.0)}, "v2")
    assert _active(store, note_id) == {
        ("veiligheid", "zorg"),
        ("gezondheid", "zorg"),
        ("fysieke_leefomgeving", "kracht"),
    }
    rows = store.note_codes(note_id).set_index(["domain", "polarity"])
    assert rows.loc[("veiligheid", "zorg"), "codebook_version"] == "v2"
    assert rows.loc[("veiligheid", "zorg"), "terms"] == ["onveilig"]
    assert not rows.loc[("gezondheid", "zorg"), "automatic"]
    assert store.note(note_id)["cue_urgency"] == 4.0


def test_restoring_a_removed_code_and_removing_a_manual_one(store: NotesStore) -> None:
    store.write_batch(_batch(), [_record()])
    note_id = int(store.notes_frame()["id"].item())
    store.set_codes(note_id, [("wonen", "kracht")])
    store.set_codes(note_id, [("veiligheid", "zorg")])  # auto code back, manual one gone
    rows = store.note_codes(note_id)
    assert rows[["domain", "automatic", "corrected", "active"]].values.tolist() == [
        ["veiligheid", True, False, True]
    ]
    with pytest.raises(UserError, match="bestaat niet"):
        store.set_codes(12345, [])


def test_correction_share_per_codebook_version(store: NotesStore) -> None:
    hits = [CodeRecord("veiligheid", "zorg"), CodeRecord("wonen", "zorg")]
    store.write_batch(_batch(version="v1"), [_record(codes=hits), _record(codes=hits)])
    store.write_batch(_batch("b.csv", "b" * 64, version="v2"), [_record(codes=hits[:1])])
    ids = store.notes_frame().sort_values("id")["id"].tolist()
    store.set_codes(ids[0], [("veiligheid", "zorg")])  # v1: one of four corrected
    store.set_codes(ids[1], [("veiligheid", "zorg"), ("wonen", "zorg"), ("scholing", "zorg")])
    shares = store.correction_shares().set_index("codebook_version")
    assert shares.loc["v1", "automatic"] == 4
    assert shares.loc["v1", "corrected"] == 1
    assert shares.loc["v1", "share"] == pytest.approx(0.25)
    assert shares.loc["v1", "manual"] == 1
    assert shares.loc["v2", "corrected"] == 0
    assert shares.loc["v2", "share"] == 0


# --- name lists ---------------------------------------------------------------------------------
def test_pseudo_terms_are_deduplicated(store: NotesStore) -> None:
    assert store.add_pseudo_terms(["Kerkplein", " kerkplein ", "", "Buurthuis De Schakel"]) == 2
    assert store.add_pseudo_terms(["KERKPLEIN"]) == 0
    assert store.pseudo_terms() == ["Buurthuis De Schakel", "Kerkplein"]
    assert store.remove_pseudo_term("Kerkplein")
    assert store.pseudo_terms() == ["Buurthuis De Schakel"]


def test_resolved_area_names_are_remembered_per_gemeente(store: NotesStore) -> None:
    batch = _batch()
    batch.aliases = {"De  Brinck": "WK999903"}
    store.write_batch(batch, [_record()])
    assert store.area_aliases("GM9999") == {"de brinck": "WK999903"}
    assert store.area_aliases("GM0001") == {}


def test_the_same_file_cannot_be_stored_twice_even_when_both_passed_the_check(db_url: str) -> None:
    """Two tabs that both previewed a file before either stored it: only one batch lands."""
    from urgentie.errors import UserError
    from urgentie.store.db import open_engine
    from urgentie.store.notes_db import NewBatch, NoteRecord, NotesStore

    store = NotesStore(open_engine(db_url))
    batch = NewBatch(file_name="a.csv", sha256="f" * 64, kind="csv", gemeente_code="GM9999")
    record = NoteRecord(
        gemeente_code="GM9999",
        area_code="WK999901",
        area_name="Centrum",
        area_match="exact",
        perspective="bewoner",
        role=None,
        note_date=None,
        period=None,
        text="Het buurthuis is fijn.",
    )
    assert store.batches_with_hash("f" * 64) == []  # both tabs saw no earlier import
    store.write_batch(batch, [record], refuse_duplicate=True)
    with pytest.raises(UserError, match="al geïmporteerd"):
        store.write_batch(batch, [record], refuse_duplicate=True)
    assert len(store.batches_with_hash("f" * 64)) == 1
