"""Tables of the notes and votes database (SQLAlchemy Core), one declared list.

The same definitions serve SQLite (the embedded default) and PostgreSQL. Times are stored in UTC.
A fresh database is created from these tables and stamped with :data:`SCHEMA_VERSION`; an
existing one is brought up to date by the migrations in :mod:`urgentie.store.db`. When a table
changes, bump :data:`SCHEMA_VERSION` and add a migration there: never edit an applied one.
"""

from __future__ import annotations

import sqlalchemy as sa

from urgentie.domains import PERSPECTIVES

SCHEMA_VERSION = 3

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_PERSPECTIVE_SQL = ", ".join(f"'{p}'" for p in PERSPECTIVES)
"""Only the three human voices are stored; ``cijfers`` is computed, never entered."""

BATCH_ACTIVE = "actief"
BATCH_UNDONE = "ongedaan"
SESSION_OPEN = "open"
SESSION_CLOSED = "gesloten"

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

import_batches = sa.Table(
    "import_batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("gemeente_code", sa.String(6), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("rejected_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", sa.String(10), nullable=False, server_default=BATCH_ACTIVE),
    sa.Column("undone_at", sa.DateTime(timezone=True)),
    sa.Column("details", sa.JSON, nullable=False, default=dict),
    sa.CheckConstraint(f"status IN ('{BATCH_ACTIVE}', '{BATCH_UNDONE}')", name="status"),
)

notes = sa.Table(
    "notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "batch_id",
        sa.Integer,
        sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("gemeente_code", sa.String(6), nullable=False, index=True),
    sa.Column("area_code", sa.String(10), nullable=False, index=True),
    sa.Column("area_name", sa.String(255), nullable=False),
    sa.Column("area_match", sa.String(20), nullable=False),
    sa.Column("perspective", sa.String(20), nullable=False),
    sa.Column("role", sa.String(120)),
    sa.Column("note_date", sa.Date),
    sa.Column("period", sa.String(20)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("original_text", sa.Text),
    sa.Column("replaced", sa.JSON, nullable=False, default=dict),
    sa.Column("cue_urgency", sa.Float),
    sa.Column("source_file", sa.String(255), nullable=False),
    sa.Column("source_row", sa.Integer),
    sa.Column("source_sheet", sa.String(120)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(f"perspective IN ({_PERSPECTIVE_SQL})", name="perspective"),
)

codebook_versions = sa.Table(
    "codebook_versions",
    metadata,
    sa.Column("version", sa.String(60), primary_key=True),
    sa.Column("first_used_at", sa.DateTime(timezone=True), nullable=False),
)

codes = sa.Table(
    "codes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "note_id",
        sa.Integer,
        sa.ForeignKey("notes.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("domain", sa.String(40), nullable=False),
    sa.Column("polarity", sa.String(10), nullable=False),
    sa.Column("terms", sa.JSON, nullable=False, default=list),
    sa.Column("cue", sa.String(120)),
    sa.Column("explanation", sa.String(500)),
    sa.Column("cue_urgency", sa.Float),
    sa.Column("automatic", sa.Boolean, nullable=False),
    sa.Column("codebook_version", sa.String(60)),
    sa.Column("corrected", sa.Boolean, nullable=False, default=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("confirmed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reviewed_by", sa.String(120)),
    sa.Column("reviewed_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("note_id", "domain", "polarity"),
    sa.CheckConstraint("polarity IN ('zorg', 'kracht')", name="polarity"),
)
"""One row per (note, domain, polarity). ``explanation`` says in Dutch which words matched;
``cue_urgency`` is the soft urgency (1–5) the coder derives for the note and this domain. An
automatic code the analyst removed stays as a row
with ``active = false`` and ``corrected = true``: re-coding must not bring it back, and it counts
towards the share of corrected automatic codes.

Since schema 2: ``confidence`` is how sure the coder was of an automatic code (0–1); ``confirmed``
means an analyst accepted it (re-coding keeps it, like a correction); ``reviewed_by`` and
``reviewed_at`` say who last decided on the code and when."""

code_reviews = sa.Table(
    "code_reviews",
    metadata,
    sa.Column(
        "note_id",
        sa.Integer,
        sa.ForeignKey("notes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("analyst", sa.String(120), primary_key=True),
    sa.Column("codes", sa.JSON, nullable=False, default=list),
    sa.Column("blind", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
)
"""Who coded what: per note and analyst the full set of ``domain/polarity`` codes they decided
on, and when. ``blind`` marks a double-coding decision made without seeing the automatic
suggestions or the other analyst's codes; it does not change the note's codes."""

coding_samples = sa.Table(
    "coding_samples",
    metadata,
    sa.Column("name", sa.String(120), primary_key=True),
    sa.Column(
        "note_id",
        sa.Integer,
        sa.ForeignKey("notes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("created_by", sa.String(120)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
"""Samples of notes that two analysts code independently (double coding)."""

note_ratings = sa.Table(
    "note_ratings",
    metadata,
    sa.Column(
        "note_id",
        sa.Integer,
        sa.ForeignKey("notes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("domain", sa.String(40), primary_key=True),
    sa.Column("rating", sa.Float, nullable=False),
    sa.CheckConstraint("rating >= 1 AND rating <= 5", name="rating"),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(12), primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("gemeente_code", sa.String(6), nullable=False, index=True),
    sa.Column("status", sa.String(10), nullable=False, server_default=SESSION_OPEN),
    sa.Column("current_round", sa.Integer, nullable=False, server_default="1"),
    sa.Column("config", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True)),
    sa.CheckConstraint(f"status IN ('{SESSION_OPEN}', '{SESSION_CLOSED}')", name="status"),
)

votes = sa.Table(
    "votes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "session_id",
        sa.String(12),
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("participant", sa.String(64), nullable=False),
    sa.Column("perspective", sa.String(20), nullable=False),
    sa.Column("area_code", sa.String(10), nullable=False),
    sa.Column("domain", sa.String(40), nullable=False),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("session_id", "round", "participant", "area_code", "domain"),
    sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
    sa.CheckConstraint(f"perspective IN ({_PERSPECTIVE_SQL})", name="perspective"),
)
"""A participant's latest rating per (session, round, area, domain); voting again replaces it."""

pseudo_terms = sa.Table(
    "pseudo_terms",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("term", sa.String(200), nullable=False, unique=True),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
)
"""Names the analyst wants replaced in every note (streets, buildings, shops …)."""

area_aliases = sa.Table(
    "area_aliases",
    metadata,
    sa.Column("gemeente_code", sa.String(6), primary_key=True),
    sa.Column("alias_key", sa.String(255), primary_key=True),
    sa.Column("alias", sa.String(255), nullable=False),
    sa.Column("area_code", sa.String(10), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
"""Area names the analyst resolved by hand, so the next import recognises them."""


# --- Sleutelfiguren (key people), by role and with consent ------------------------------------
# Every choice is a key of a fixed list (urgentie.keypeople.vocab); the few labels are short and
# screened (urgentie.keypeople.screen). A name exists only together with its consent record.

key_people = sa.Table(
    "key_people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("gemeente_code", sa.String(6), nullable=False, index=True),
    sa.Column("role_label", sa.String(80), nullable=False),
    sa.Column("person_type", sa.String(30), nullable=False),
    sa.Column("world", sa.String(20), nullable=False),
    sa.Column("organisation_kind", sa.String(30), nullable=False),
    sa.Column("since", sa.Date),
    sa.Column("areas", sa.JSON, nullable=False, default=list),
    sa.Column("domains", sa.JSON, nullable=False, default=list),
    sa.Column("needs", sa.JSON, nullable=False, default=list),
    sa.Column("legal_basis", sa.String(30), nullable=False),
    sa.Column("review_date", sa.Date, nullable=False),
    sa.Column("name", sa.String(80)),
    sa.Column("consent_date", sa.Date),
    sa.Column("consent_purpose", sa.String(30)),
    sa.Column("consent_asked_by", sa.String(80)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(
        "name IS NULL OR (consent_date IS NOT NULL AND consent_purpose IS NOT NULL "
        "AND consent_asked_by IS NOT NULL)",
        name="name_needs_consent",
    ),
)
"""One key person per row, by role. ``name`` only with ``consent_*`` filled (the database
refuses it otherwise); ``review_date`` is when the record must be renewed or erased."""

key_person_links = sa.Table(
    "key_person_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "person_id",
        sa.Integer,
        sa.ForeignKey("key_people.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("label", sa.String(80), nullable=False),
    sa.CheckConstraint("kind IN ('systeem', 'leef')", name="kind"),
)
"""A key person's link to an institution (``systeem``) or a group of residents (``leef``)."""

key_person_support = sa.Table(
    "key_person_support",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "person_id",
        sa.Integer,
        sa.ForeignKey("key_people.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("label", sa.String(80), nullable=False),
    sa.Column("until", sa.Date),
    sa.Column("domains", sa.JSON, nullable=False, default=list),
)
"""What supports a key person and until when; ``domains`` are those a funding covers."""

key_people_audit = sa.Table(
    "key_people_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("gemeente_code", sa.String(6), nullable=False, index=True),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("record_id", sa.Integer),
    sa.Column("fields", sa.JSON, nullable=False, default=list),
)
"""Who viewed, added, changed, withdrew or exported which record: the record's number and the
names of the changed fields, never a value (so never a person's name)."""

KEY_PEOPLE_TABLES: tuple[str, ...] = (
    "key_people",
    "key_person_links",
    "key_person_support",
    "key_people_audit",
)
"""The register's tables: never readable in public mode (the database refuses them)."""

role_nominations = sa.Table(
    "role_nominations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "session_id",
        sa.String(12),
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("participant", sa.String(64), nullable=False),
    sa.Column("area_code", sa.String(10), nullable=False),
    sa.Column("role_label", sa.String(80), nullable=False),
    sa.Column("person_type", sa.String(30), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("session_id", "round", "participant", "area_code"),
)
""""Wie maakt hier het verschil?" in a session: a role (screened, no names) and a type, one per
participant, round and area; naming again replaces it."""
