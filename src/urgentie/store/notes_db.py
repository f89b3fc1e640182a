"""Conversation notes in the database: import batches, notes, codes, ratings and name lists.

:class:`NotesStore` is the only code that reads or writes these tables. It knows nothing about
files or pseudonymisation: the importer hands it finished :class:`NoteRecord` objects, which are
written in one transaction per batch. Queries return pandas frames so that analysis code (soft
urgency per area × domain × perspective) never writes SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from urgentie.errors import UserError
from urgentie.store import db
from urgentie.store.schema import (
    BATCH_ACTIVE,
    BATCH_UNDONE,
    area_aliases,
    code_reviews,
    codebook_versions,
    codes,
    coding_samples,
    import_batches,
    note_ratings,
    notes,
    pseudo_terms,
)

CHUNK = 500
"""Notes written per statement; also the step at which write progress is reported."""

Progress = Callable[[int, int], None]
"""Called as ``progress(written, total)`` while a batch is written (inside its transaction)."""


@dataclass
class CodeRecord:
    """One code of a note: a domain, concern (``zorg``) or strength (``kracht``), and why."""

    domain: str
    polarity: str
    terms: list[str] = field(default_factory=list)
    cue: str | None = None
    explanation: str | None = None
    """Which words matched, in Dutch, for the UI."""
    cue_urgency: float | None = None
    """Soft urgency 1–5 for this note and domain, derived by the coder from its words."""
    confidence: float | None = None
    """How sure the coder is of this code (0–1); see :mod:`urgentie.notes.review`."""


@dataclass
class NoteRecord:
    """A finished note, ready to store: pseudonymised text, matched area, automatic codes."""

    gemeente_code: str
    area_code: str
    area_name: str
    area_match: str
    perspective: str
    text: str
    role: str | None = None
    note_date: date | None = None
    period: str | None = None
    original_text: str | None = None
    replaced: dict[str, int] = field(default_factory=dict)
    """Replacements by kind (``{"naam": 2}``); never the replaced words themselves."""
    cue_urgency: float | None = None
    source_row: int | None = None
    source_sheet: str | None = None
    codes: list[CodeRecord] = field(default_factory=list)
    ratings: dict[str, float] = field(default_factory=dict)


@dataclass
class NewBatch:
    """What an import batch is: its file, content hash, gemeente and the codebook used."""

    file_name: str
    sha256: str
    kind: str
    gemeente_code: str
    codebook_version: str | None = None
    rejected_count: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    """Area names the user resolved by hand (name as written -> code), remembered for later."""


@dataclass(frozen=True)
class BatchInfo:
    """A stored batch, as listed on the page and by ``notes list``."""

    id: int
    file_name: str
    sha256: str
    kind: str
    gemeente_code: str
    created_at: datetime
    row_count: int
    rejected_count: int
    status: str
    undone_at: datetime | None
    details: dict[str, Any]

    @property
    def active(self) -> bool:
        return self.status == BATCH_ACTIVE


NOTE_COLUMNS = (
    "id",
    "batch_id",
    "gemeente_code",
    "area_code",
    "area_name",
    "area_match",
    "perspective",
    "role",
    "note_date",
    "period",
    "text",
    "cue_urgency",
    "source_file",
    "source_row",
    "source_sheet",
    "created_at",
)


def alias_key(name: str) -> str:
    """The form under which an area name is remembered: lower case, single spaces."""
    return re.sub(r"\s+", " ", name).strip().casefold()


class NotesStore:
    """Read and write notes, codes, ratings and batches in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> NotesStore:
        """The store of ``url`` (default: the configured database), schema up to date."""
        return cls(db.open_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- batches --------------------------------------------------------------------------------
    def write_batch(
        self,
        batch: NewBatch,
        records: Sequence[NoteRecord],
        progress: Progress | None = None,
        *,
        refuse_duplicate: bool = False,
    ) -> int:
        """Store a batch and all its notes in ONE transaction and return the batch id.

        Either every note, code and rating is stored, or (on any error, or when the process is
        killed) none is. ``progress`` is called inside the transaction after each chunk. With
        ``refuse_duplicate`` an active batch with the same content hash is looked for inside the
        same write transaction, so two imports of one file at the same moment (a second tab,
        the CLI beside the app) cannot both be stored.
        """
        if not records:
            raise UserError("Er is niets om te importeren: geen enkele rij is goedgekeurd.")
        stamp = db.now()
        with db.write_transaction(self.engine) as conn:
            if refuse_duplicate:
                self._refuse_duplicate(conn, batch.sha256)
            details = dict(batch.details)
            if batch.codebook_version:
                details["codebook_version"] = batch.codebook_version
                self._remember_codebook(conn, batch.codebook_version)
            batch_id = conn.execute(
                sa.insert(import_batches)
                .values(
                    file_name=batch.file_name[:255],
                    sha256=batch.sha256,
                    kind=batch.kind,
                    gemeente_code=batch.gemeente_code,
                    created_at=stamp,
                    row_count=len(records),
                    rejected_count=batch.rejected_count,
                    status=BATCH_ACTIVE,
                    details=details,
                )
                .returning(import_batches.c.id)
            ).scalar_one()
            for start in range(0, len(records), CHUNK):
                chunk = records[start : start + CHUNK]
                self._insert_notes(conn, batch_id, batch, chunk, stamp)
                if progress is not None:
                    progress(start + len(chunk), len(records))
            self._save_aliases(conn, batch.gemeente_code, batch.aliases, stamp)
        return int(batch_id)

    @staticmethod
    def _refuse_duplicate(conn: Connection, sha256: str) -> None:
        if conn.dialect.name == "postgresql":
            # Writers of the same file wait for each other; SQLite's BEGIN IMMEDIATE already
            # lets only one writer in at a time.
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(sha256))))
        existing = conn.execute(
            sa.select(import_batches.c.id, import_batches.c.file_name).where(
                import_batches.c.sha256 == sha256, import_batches.c.status == BATCH_ACTIVE
            )
        ).first()
        if existing is not None:
            raise UserError(
                f"Dit bestand is al geïmporteerd als batch {existing.id} "
                f"({existing.file_name}); er is niets opnieuw opgeslagen."
            )

    def _insert_notes(
        self,
        conn: Connection,
        batch_id: int,
        batch: NewBatch,
        chunk: Sequence[NoteRecord],
        stamp: datetime,
    ) -> None:
        rows = [
            {
                "batch_id": batch_id,
                "gemeente_code": r.gemeente_code,
                "area_code": r.area_code,
                "area_name": r.area_name[:255],
                "area_match": r.area_match,
                "perspective": r.perspective,
                "role": (r.role or None) and r.role[:120],
                "note_date": r.note_date,
                "period": r.period,
                "text": r.text,
                "original_text": r.original_text,
                "replaced": dict(r.replaced),
                "cue_urgency": r.cue_urgency,
                "source_file": batch.file_name[:255],
                "source_row": r.source_row,
                "source_sheet": r.source_sheet,
                "created_at": stamp,
            }
            for r in chunk
        ]
        ids = (
            conn.execute(sa.insert(notes).returning(notes.c.id, sort_by_parameter_order=True), rows)
            .scalars()
            .all()
        )
        code_rows = []
        rating_rows = []
        for note_id, record in zip(ids, chunk, strict=True):
            code_rows.extend(
                _code_row(note_id, code, batch.codebook_version, stamp)
                for code in _merge_hits(record.codes)
            )
            rating_rows.extend(
                {"note_id": note_id, "domain": d, "rating": float(v)}
                for d, v in record.ratings.items()
            )
        if code_rows:
            conn.execute(sa.insert(codes), code_rows)
        if rating_rows:
            conn.execute(sa.insert(note_ratings), rating_rows)

    def _save_aliases(
        self, conn: Connection, gemeente: str, aliases: Mapping[str, str], stamp: datetime
    ) -> None:
        for alias, code in aliases.items():
            key = alias_key(alias)
            conn.execute(
                sa.delete(area_aliases).where(
                    area_aliases.c.gemeente_code == gemeente, area_aliases.c.alias_key == key
                )
            )
            conn.execute(
                sa.insert(area_aliases).values(
                    gemeente_code=gemeente,
                    alias_key=key,
                    alias=alias[:255],
                    area_code=code,
                    created_at=stamp,
                )
            )

    def _remember_codebook(self, conn: Connection, version: str) -> None:
        known = conn.execute(
            sa.select(codebook_versions.c.version).where(codebook_versions.c.version == version)
        ).first()
        if known is None:
            conn.execute(
                sa.insert(codebook_versions).values(version=version, first_used_at=db.now())
            )

    def batches(self, gemeente: str | None = None) -> list[BatchInfo]:
        """Every batch (newest first), optionally of one gemeente."""
        query = sa.select(import_batches).order_by(import_batches.c.id.desc())
        if gemeente:
            query = query.where(import_batches.c.gemeente_code == gemeente)
        with self.engine.connect() as conn:
            return [_batch_info(row) for row in conn.execute(query).mappings()]

    def batch(self, batch_id: int) -> BatchInfo | None:
        """One batch, or None when the id is unknown."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(import_batches).where(import_batches.c.id == batch_id))
                .mappings()
                .first()
            )
        return _batch_info(row) if row is not None else None

    def batches_with_hash(self, sha256: str, active_only: bool = True) -> list[BatchInfo]:
        """Batches imported from a file with this content hash (re-import detection)."""
        query = sa.select(import_batches).where(import_batches.c.sha256 == sha256)
        if active_only:
            query = query.where(import_batches.c.status == BATCH_ACTIVE)
        with self.engine.connect() as conn:
            return [_batch_info(row) for row in conn.execute(query).mappings()]

    def undo_batch(self, batch_id: int) -> int:
        """Remove every note of a batch (with its codes and ratings); return how many.

        The batch itself stays listed as ``ongedaan`` so the history shows what happened.
        """
        with db.write_transaction(self.engine) as conn:
            row = conn.execute(
                sa.select(import_batches.c.status).where(import_batches.c.id == batch_id)
            ).first()
            if row is None:
                raise UserError(f"Batch {batch_id} bestaat niet.")
            if row.status == BATCH_UNDONE:
                raise UserError(f"Batch {batch_id} is al ongedaan gemaakt.")
            note_ids = sa.select(notes.c.id).where(notes.c.batch_id == batch_id)
            # Explicit deletes, so undo never depends on the database enforcing ON DELETE.
            conn.execute(sa.delete(codes).where(codes.c.note_id.in_(note_ids)))
            conn.execute(sa.delete(note_ratings).where(note_ratings.c.note_id.in_(note_ids)))
            removed = conn.execute(sa.delete(notes).where(notes.c.batch_id == batch_id)).rowcount
            conn.execute(
                sa.update(import_batches)
                .where(import_batches.c.id == batch_id)
                .values(status=BATCH_UNDONE, undone_at=db.now())
            )
        return int(removed)

    # --- notes ----------------------------------------------------------------------------------
    def notes_frame(
        self,
        gemeente: str | None = None,
        *,
        areas: Iterable[str] | None = None,
        perspectives: Iterable[str] | None = None,
        domains: Iterable[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        search: str | None = None,
        batch_id: int | None = None,
        with_original: bool = False,
    ) -> pd.DataFrame:
        """Notes matching every given filter, newest first, one row per note.

        ``domains`` keeps notes with at least one active code in one of them; ``search`` is a
        case-insensitive substring search in the (pseudonymised) text and role. The frame has
        :data:`NOTE_COLUMNS` plus ``codes`` (a list of ``domain/polarity`` strings).
        """
        columns = [notes.c[name] for name in NOTE_COLUMNS]
        if with_original:
            columns.append(notes.c.original_text)
        query = sa.select(*columns).order_by(
            notes.c.note_date.desc().nulls_last(), notes.c.id.desc()
        )
        if gemeente:
            query = query.where(notes.c.gemeente_code == gemeente)
        if areas is not None:
            query = query.where(notes.c.area_code.in_(list(areas)))
        if perspectives is not None:
            query = query.where(notes.c.perspective.in_(list(perspectives)))
        if date_from is not None:
            query = query.where(notes.c.note_date >= date_from)
        if date_to is not None:
            query = query.where(notes.c.note_date <= date_to)
        if batch_id is not None:
            query = query.where(notes.c.batch_id == batch_id)
        if search and search.strip():
            needle = search.strip().lower()
            query = query.where(
                sa.or_(
                    sa.func.lower(notes.c.text).contains(needle, autoescape=True),
                    sa.func.lower(sa.func.coalesce(notes.c.role, "")).contains(
                        needle, autoescape=True
                    ),
                )
            )
        if domains is not None:
            coded = sa.select(codes.c.note_id).where(
                codes.c.active.is_(True), codes.c.domain.in_(list(domains))
            )
            query = query.where(notes.c.id.in_(coded))
        with self.engine.connect() as conn:
            frame = read_frame(conn, query)
            labels = self._code_labels(conn, query.with_only_columns(notes.c.id).order_by(None))
        frame["codes"] = [labels.get(int(i), []) for i in frame["id"]]
        frame["note_date"] = pd.to_datetime(frame["note_date"])
        return frame

    def _code_labels(self, conn: Connection, note_ids: sa.Select[Any]) -> dict[int, list[str]]:
        """``domain/polarity`` labels of the active codes per note id, for the notes selected
        by ``note_ids`` (a subquery, so this is one query whatever the number of notes)."""
        labels: dict[int, list[str]] = {}
        rows = conn.execute(
            sa.select(codes.c.note_id, codes.c.domain, codes.c.polarity)
            .where(codes.c.active.is_(True), codes.c.note_id.in_(note_ids))
            .order_by(codes.c.note_id, codes.c.domain, codes.c.polarity)
        )
        for note_id, domain, polarity in rows:
            labels.setdefault(note_id, []).append(f"{domain}/{polarity}")
        return labels

    def note(self, note_id: int) -> dict[str, Any] | None:
        """One note with its provenance, or None. Never includes the original text."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    sa.select(*[notes.c[n] for n in NOTE_COLUMNS], notes.c.replaced).where(
                        notes.c.id == note_id
                    )
                )
                .mappings()
                .first()
            )
        return dict(row) if row is not None else None

    def count_notes(self, gemeente: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(notes)
        if gemeente:
            query = query.where(notes.c.gemeente_code == gemeente)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def note_areas(self, gemeente: str | None = None) -> list[str]:
        """Area codes that have at least one note."""
        query = sa.select(notes.c.area_code).distinct()
        if gemeente:
            query = query.where(notes.c.gemeente_code == gemeente)
        with self.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def all_texts(self) -> list[tuple[int, str]]:
        """(note id, text) of every note, for re-coding."""
        with self.engine.connect() as conn:
            return [(r.id, r.text) for r in conn.execute(sa.select(notes.c.id, notes.c.text))]

    # --- codes ----------------------------------------------------------------------------------
    def note_codes(self, note_id: int) -> pd.DataFrame:
        """Every code row of one note (also removed automatic ones, marked ``active=False``)."""
        query = (
            sa.select(codes)
            .where(codes.c.note_id == note_id)
            .order_by(codes.c.domain, codes.c.polarity)
        )
        with self.engine.connect() as conn:
            return read_frame(conn, query)

    def codes_frame(self, gemeente: str | None = None, active_only: bool = True) -> pd.DataFrame:
        """Codes joined with their note's area, perspective and date: one row per code.

        Columns: note_id, gemeente_code, area_code, perspective, note_date, domain, polarity,
        automatic, corrected, active, codebook_version, terms, cue, cue_urgency, confidence,
        confirmed, reviewed_by, reviewed_at. This is the soft evidence per area × domain ×
        perspective.
        """
        query = sa.select(
            codes.c.note_id,
            notes.c.gemeente_code,
            notes.c.area_code,
            notes.c.perspective,
            notes.c.note_date,
            codes.c.domain,
            codes.c.polarity,
            codes.c.automatic,
            codes.c.corrected,
            codes.c.active,
            codes.c.codebook_version,
            codes.c.terms,
            codes.c.cue,
            codes.c.cue_urgency,
            codes.c.confidence,
            codes.c.confirmed,
            codes.c.reviewed_by,
            codes.c.reviewed_at,
        ).join(notes, notes.c.id == codes.c.note_id)
        if gemeente:
            query = query.where(notes.c.gemeente_code == gemeente)
        if active_only:
            query = query.where(codes.c.active.is_(True))
        with self.engine.connect() as conn:
            frame = read_frame(conn, query)
        frame["note_date"] = pd.to_datetime(frame["note_date"])
        return frame

    def code_facts(self, gemeente: str | None = None) -> pd.DataFrame:
        """Active codes without any words from the notes: one row per code.

        Columns: note_id, batch_id, area_code, perspective, note_date, domain, polarity,
        cue_urgency, automatic and confirmed (what the code rests on: the coder alone, or an
        analyst).
        What the shared-urgency analysis and the resident page need, and all that public mode
        may read (no terms, cue phrase or explanation: those are words someone said).
        """
        query = (
            sa.select(
                codes.c.note_id,
                notes.c.batch_id,
                notes.c.area_code,
                notes.c.perspective,
                notes.c.note_date,
                codes.c.domain,
                codes.c.polarity,
                codes.c.cue_urgency,
                codes.c.automatic,
                codes.c.confirmed,
            )
            .join(notes, notes.c.id == codes.c.note_id)
            .where(codes.c.active.is_(True))
        )
        if gemeente:
            query = query.where(notes.c.gemeente_code == gemeente)
        with self.engine.connect() as conn:
            frame = read_frame(conn, query)
        frame["note_date"] = pd.to_datetime(frame["note_date"])
        return frame

    def code_counts(
        self, gemeente: str | None = None, by: Sequence[str] = ("area_code", "perspective")
    ) -> pd.DataFrame:
        """Number of notes with an active code, per ``by`` × domain × polarity.

        Returns columns ``[*by, "domain", "polarity", "notes"]``; a note counts once per
        (domain, polarity) however many terms matched.
        """
        frame = self.codes_frame(gemeente)
        keys = [*by, "domain", "polarity"]
        if frame.empty:
            return pd.DataFrame(columns=[*keys, "notes"])
        return (
            frame.groupby(keys, dropna=False)["note_id"]
            .nunique()
            .rename("notes")
            .reset_index()
            .sort_values(keys, ignore_index=True)
        )

    def set_codes(
        self, note_id: int, wanted: Iterable[tuple[str, str]], analyst: str | None = None
    ) -> None:
        """Make the active codes of a note exactly ``wanted`` ((domain, polarity) pairs).

        An automatic code left out is kept as removed and corrected, so re-coding will not bring
        it back; a code added by hand is stored as manual; a removed automatic code that is
        wanted again is restored as it was. With ``analyst`` this is a review: the automatic
        codes kept are confirmed (re-coding keeps them too), every code of the note records who
        decided and when, and the analyst's full set is stored in ``code_reviews``.
        """
        target = {(d, p) for d, p in wanted}
        stamp = db.now()
        who = {"reviewed_by": analyst, "reviewed_at": stamp} if analyst else {}
        with db.write_transaction(self.engine) as conn:
            if conn.execute(sa.select(notes.c.id).where(notes.c.id == note_id)).first() is None:
                raise UserError(f"Gesprek {note_id} bestaat niet.")
            current = {
                (r.domain, r.polarity): r
                for r in conn.execute(sa.select(codes).where(codes.c.note_id == note_id))
            }
            for key, row in current.items():
                where = codes.c.id == row.id
                if key in target and not row.active:
                    restored = {"active": True, "corrected": False, **who}
                    if analyst:
                        restored["confirmed"] = bool(row.automatic)
                    conn.execute(sa.update(codes).where(where).values(**restored))
                elif key in target and analyst:
                    conn.execute(
                        sa.update(codes).where(where).values(confirmed=bool(row.automatic), **who)
                    )
                elif key not in target and row.active:
                    if row.automatic:
                        values = {"active": False, "corrected": True, "confirmed": False}
                        values |= {"updated_at": stamp, **who}
                        conn.execute(sa.update(codes).where(where).values(**values))
                    else:
                        conn.execute(sa.delete(codes).where(where))
            if analyst:
                self._save_review(conn, note_id, analyst, target, blind=False, stamp=stamp)
            for domain, polarity in sorted(target - set(current)):
                conn.execute(
                    sa.insert(codes).values(
                        note_id=note_id,
                        domain=domain,
                        polarity=polarity,
                        terms=[],
                        cue=None,
                        explanation="handmatig toegevoegd"
                        + (f" door {analyst}" if analyst else ""),
                        automatic=False,
                        codebook_version=None,
                        corrected=False,
                        active=True,
                        updated_at=stamp,
                        **who,
                    )
                )

    @staticmethod
    def _save_review(
        conn: Connection,
        note_id: int,
        analyst: str,
        target: set[tuple[str, str]],
        *,
        blind: bool,
        stamp: datetime,
    ) -> None:
        conn.execute(
            sa.delete(code_reviews).where(
                code_reviews.c.note_id == note_id, code_reviews.c.analyst == analyst
            )
        )
        conn.execute(
            sa.insert(code_reviews).values(
                note_id=note_id,
                analyst=analyst,
                codes=sorted(f"{d}/{p}" for d, p in target),
                blind=blind,
                reviewed_at=stamp,
            )
        )

    def record_blind_review(
        self, note_id: int, analyst: str, wanted: Iterable[tuple[str, str]]
    ) -> None:
        """Store a double-coding decision: who coded this note how, without changing its codes
        (the first analyst's decision stays what the analysis uses)."""
        if not analyst.strip():
            raise UserError("Vul eerst je naam in: bij dubbel coderen telt wie wat codeerde.")
        with db.write_transaction(self.engine) as conn:
            if conn.execute(sa.select(notes.c.id).where(notes.c.id == note_id)).first() is None:
                raise UserError(f"Gesprek {note_id} bestaat niet.")
            target = {(d, p) for d, p in wanted}
            self._save_review(conn, note_id, analyst.strip(), target, blind=True, stamp=db.now())

    def reviews_frame(self, gemeente: str | None = None) -> pd.DataFrame:
        """Who coded what: one row per (note, analyst) with ``codes`` (a list of
        ``domain/polarity``), ``blind`` and ``reviewed_at``."""
        query = sa.select(
            code_reviews.c.note_id,
            code_reviews.c.analyst,
            code_reviews.c.codes,
            code_reviews.c.blind,
            code_reviews.c.reviewed_at,
        ).join(notes, notes.c.id == code_reviews.c.note_id)
        if gemeente:
            query = query.where(notes.c.gemeente_code == gemeente)
        with self.engine.connect() as conn:
            frame = read_frame(conn, query.order_by(code_reviews.c.note_id))
        frame["codes"] = [list(c or []) for c in frame["codes"]]
        return frame

    def create_sample(
        self, name: str, note_ids: Iterable[int], created_by: str | None = None
    ) -> int:
        """Store a double-coding sample under ``name``; returns the number of notes in it."""
        name = " ".join(name.split())
        if not name:
            raise UserError("Geef de steekproef een naam.")
        ids = sorted({int(i) for i in note_ids})
        if not ids:
            raise UserError("Een steekproef zonder gesprekken kan niet.")
        stamp = db.now()
        with db.write_transaction(self.engine) as conn:
            exists = conn.execute(
                sa.select(coding_samples.c.name).where(coding_samples.c.name == name)
            ).first()
            if exists is not None:
                raise UserError(f"Er is al een steekproef '{name}'; kies een andere naam.")
            conn.execute(
                sa.insert(coding_samples),
                [
                    {"name": name, "note_id": i, "created_by": created_by, "created_at": stamp}
                    for i in ids
                ],
            )
        return len(ids)

    def samples(self) -> dict[str, list[int]]:
        """Every double-coding sample: name -> note ids."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(coding_samples.c.name, coding_samples.c.note_id).order_by(
                    coding_samples.c.name, coding_samples.c.note_id
                )
            ).all()
        out: dict[str, list[int]] = {}
        for name, note_id in rows:
            out.setdefault(name, []).append(int(note_id))
        return out

    def replace_automatic_codes(
        self,
        coded: Mapping[int, tuple[list[CodeRecord], float | None]],
        codebook_version: str,
    ) -> int:
        """Re-coding: swap the automatic codes of notes for new ones, in one transaction.

        Only automatic codes the analyst did not correct or confirm are replaced. A new hit is
        skipped when the note already has a manual, corrected or confirmed code for that domain
        and polarity: the analyst's decision wins. Returns the number of codes written.
        """
        stamp = db.now()
        written = 0
        note_ids = list(coded)
        set_cue = (
            sa.update(notes)
            .where(notes.c.id == sa.bindparam("note"))
            .values(cue_urgency=sa.bindparam("cue"))
        )
        with db.write_transaction(self.engine) as conn:
            self._remember_codebook(conn, codebook_version)
            for start in range(0, len(note_ids), CHUNK):
                part = note_ids[start : start + CHUNK]
                conn.execute(
                    sa.delete(codes).where(
                        codes.c.note_id.in_(part),
                        codes.c.automatic.is_(True),
                        codes.c.corrected.is_(False),
                        codes.c.confirmed.is_(False),
                    )
                )
                kept = {
                    tuple(row)
                    for row in conn.execute(
                        sa.select(codes.c.note_id, codes.c.domain, codes.c.polarity).where(
                            codes.c.note_id.in_(part)
                        )
                    )
                }
                rows = [
                    _code_row(note_id, hit, codebook_version, stamp)
                    for note_id in part
                    for hit in _merge_hits(coded[note_id][0])
                    if (note_id, hit.domain, hit.polarity) not in kept
                ]
                if rows:
                    conn.execute(sa.insert(codes), rows)
                    written += len(rows)
                conn.execute(set_cue, [{"note": n, "cue": coded[n][1]} for n in part])
        return written

    def correction_shares(self) -> pd.DataFrame:
        """Per codebook version: automatic codes, how many the analyst removed, and the share.

        Columns: codebook_version, automatic, corrected, share (0–1, NaN without codes), and
        ``manual`` (codes added by hand to notes coded with that version: what the automatic
        coder missed).
        """
        auto = sa.select(
            codes.c.codebook_version,
            sa.func.count().label("automatic"),
            sa.func.sum(sa.case((codes.c.corrected.is_(True), 1), else_=0)).label("corrected"),
        ).where(codes.c.automatic.is_(True))
        auto = auto.group_by(codes.c.codebook_version)
        with self.engine.connect() as conn:
            frame = pd.DataFrame(
                conn.execute(auto).mappings().all(),
                columns=["codebook_version", "automatic", "corrected"],
            )
            manual = conn.execute(
                sa.select(notes.c.batch_id, sa.func.count(codes.c.id).label("n"))
                .select_from(codes)
                .join(notes, notes.c.id == codes.c.note_id)
                .where(codes.c.automatic.is_(False))
                .group_by(notes.c.batch_id)
            ).all()
            # JSON columns cannot be grouped on in PostgreSQL: look the versions up per batch.
            versions = {
                row.id: (row.details or {}).get("codebook_version") or "onbekend"
                for row in conn.execute(sa.select(import_batches.c.id, import_batches.c.details))
            }
        added: dict[str, int] = {}
        for batch_id, n in manual:
            version = versions.get(batch_id, "onbekend")
            added[version] = added.get(version, 0) + int(n)
        for version in set(added) - set(frame["codebook_version"]):
            frame.loc[len(frame)] = [version, 0, 0]
        frame["automatic"] = frame["automatic"].astype(int)
        frame["corrected"] = frame["corrected"].fillna(0).astype(int)
        frame["share"] = frame["corrected"] / frame["automatic"].where(frame["automatic"] > 0)
        frame["manual"] = frame["codebook_version"].map(added).fillna(0).astype(int)
        return frame.sort_values("codebook_version", ignore_index=True)

    def codebook_versions(self) -> list[str]:
        """Codebook versions ever used, oldest first."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(codebook_versions.c.version).order_by(
                        codebook_versions.c.first_used_at
                    )
                ).scalars()
            )

    # --- ratings --------------------------------------------------------------------------------
    def ratings_frame(self, gemeente: str | None = None) -> pd.DataFrame:
        """Explicit urgency ratings from imported notes: one row per note × domain.

        Columns: note_id, gemeente_code, area_code, perspective, note_date, domain, rating.
        """
        query = sa.select(
            note_ratings.c.note_id,
            notes.c.gemeente_code,
            notes.c.area_code,
            notes.c.perspective,
            notes.c.note_date,
            note_ratings.c.domain,
            note_ratings.c.rating,
        ).join(notes, notes.c.id == note_ratings.c.note_id)
        if gemeente:
            query = query.where(notes.c.gemeente_code == gemeente)
        with self.engine.connect() as conn:
            frame = read_frame(conn, query)
        frame["note_date"] = pd.to_datetime(frame["note_date"])
        return frame

    # --- names to pseudonymise ------------------------------------------------------------------
    def pseudo_terms(self) -> list[str]:
        """The analyst's own list of names to replace in every note, alphabetical."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(sa.select(pseudo_terms.c.term).order_by(pseudo_terms.c.term))
                .scalars()
                .all()
            )

    def add_pseudo_terms(self, terms: Iterable[str]) -> int:
        """Add names to the list (blank and known ones are skipped); return how many were new."""
        known = {t.casefold() for t in self.pseudo_terms()}
        new: list[str] = []
        for term in terms:
            cleaned = re.sub(r"\s+", " ", term).strip()
            if cleaned and cleaned.casefold() not in known:
                known.add(cleaned.casefold())
                new.append(cleaned[:200])
        if new:
            with db.write_transaction(self.engine) as conn:
                conn.execute(
                    sa.insert(pseudo_terms), [{"term": t, "added_at": db.now()} for t in new]
                )
        return len(new)

    def remove_pseudo_term(self, term: str) -> bool:
        with db.write_transaction(self.engine) as conn:
            return bool(
                conn.execute(sa.delete(pseudo_terms).where(pseudo_terms.c.term == term)).rowcount
            )

    # --- remembered area names ------------------------------------------------------------------
    def area_aliases(self, gemeente: str) -> dict[str, str]:
        """Area names resolved by hand earlier: normalised name -> area code."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(area_aliases.c.alias_key, area_aliases.c.area_code).where(
                    area_aliases.c.gemeente_code == gemeente
                )
            )
            return {r.alias_key: r.area_code for r in rows}


def read_frame(conn: Connection, query: sa.Select[Any]) -> pd.DataFrame:
    """The rows of ``query`` as a frame with its column names, also when there are none."""
    columns = list(query.selected_columns.keys())
    # Plain tuples: pandas probes Row objects attribute by attribute, which is slow.
    return pd.DataFrame([tuple(row) for row in conn.execute(query)], columns=columns)


def _merge_hits(hits: Iterable[CodeRecord]) -> list[CodeRecord]:
    """One code per (domain, polarity): the coder may report the same pair more than once."""
    merged: dict[tuple[str, str], CodeRecord] = {}
    for hit in hits:
        key = (hit.domain, hit.polarity)
        if key in merged:
            seen = merged[key]
            seen.terms = list(dict.fromkeys([*seen.terms, *hit.terms]))
            seen.cue = seen.cue or hit.cue
            seen.explanation = seen.explanation or hit.explanation
            seen.cue_urgency = seen.cue_urgency if seen.cue_urgency is not None else hit.cue_urgency
            if hit.confidence is not None:
                seen.confidence = max(seen.confidence or 0.0, hit.confidence)
        else:
            merged[key] = CodeRecord(
                hit.domain,
                hit.polarity,
                list(hit.terms),
                hit.cue,
                hit.explanation,
                hit.cue_urgency,
                hit.confidence,
            )
    return list(merged.values())


def _code_row(
    note_id: int, code: CodeRecord, version: str | None, stamp: datetime
) -> dict[str, Any]:
    return {
        "note_id": note_id,
        "domain": code.domain,
        "polarity": code.polarity,
        "terms": list(code.terms),
        "cue": code.cue[:120] if code.cue else None,
        "explanation": code.explanation[:500] if code.explanation else None,
        "cue_urgency": code.cue_urgency,
        "confidence": code.confidence,
        "automatic": True,
        "codebook_version": version,
        "corrected": False,
        "active": True,
        "updated_at": stamp,
    }


def _batch_info(row: Mapping[str, Any]) -> BatchInfo:
    return BatchInfo(
        id=int(row["id"]),
        file_name=row["file_name"],
        sha256=row["sha256"],
        kind=row["kind"],
        gemeente_code=row["gemeente_code"],
        created_at=row["created_at"],
        row_count=int(row["row_count"]),
        rejected_count=int(row["rejected_count"] or 0),
        status=row["status"],
        undone_at=row["undone_at"],
        details=dict(row["details"] or {}),
    )
