"""The notes and votes database: engine, connection settings and migrations.

SQLite in the data directory is the embedded default; ``DATABASE_URL`` points at PostgreSQL
instead. Every SQLite connection gets WAL journaling, ``synchronous=FULL`` (a committed
transaction survives a killed process and a power cut), foreign keys on and a busy timeout.
SQLite transactions are started by us, not by the driver, so that DDL and reads are transactional
too; write transactions start with ``BEGIN IMMEDIATE`` so two writers queue instead of failing.

The schema is created or migrated when an engine is opened (:func:`open_engine`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from urgentie import settings
from urgentie.errors import UserError
from urgentie.store import schema

WRITE_OPTION = "urgentie_write"
"""Execution option that makes a SQLite transaction take the write lock at ``BEGIN``."""

BUSY_TIMEOUT_MS = 30_000

Migration = Callable[[Connection], None]


def _add_review_columns(conn: Connection) -> None:
    """Schema 2: the coder's confidence and who reviewed a code when; who coded what per note
    (``code_reviews``) and double-coding samples (``coding_samples``)."""
    false = "false" if conn.dialect.name == "postgresql" else "0"
    for column in (
        "confidence FLOAT",
        f"confirmed BOOLEAN NOT NULL DEFAULT {false}",
        "reviewed_by VARCHAR(120)",
        "reviewed_at TIMESTAMP" + (" WITH TIME ZONE" if conn.dialect.name == "postgresql" else ""),
    ):
        conn.execute(sa.text(f"ALTER TABLE codes ADD COLUMN {column}"))
    schema.code_reviews.create(conn)
    schema.coding_samples.create(conn)


MIGRATIONS: dict[int, Migration] = {2: _add_review_columns}
"""Schema version -> the step that brings version ``n - 1`` to ``n``.

Version 1 is the first schema; a fresh database is created from :mod:`urgentie.store.schema`
directly and stamped with the newest version, so a step only ever runs on an existing database.
"""


def database_url() -> str:
    """The configured SQLAlchemy URL: ``DATABASE_URL``, or SQLite in the data directory."""
    url = str(settings.get("DATABASE_URL")).strip()
    if url:
        return url
    return f"sqlite:///{settings.data_dir() / 'urgentie.sqlite'}"


def describe_url(url: str) -> str:
    """A Dutch description of a database URL without its password, for the UI and CLI."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite-bestand {parsed.database}"
    host = parsed.host or "lokaal"
    return f"PostgreSQL-database {parsed.database} op {host}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`) with this project's settings.

    Does not touch the schema; use :func:`open_engine` for that.
    """
    url = url or database_url()
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise UserError(f"DATABASE_URL is geen geldige database-URL: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        return sa.create_engine(parsed, pool_pre_ping=True)
    raise UserError(
        f"Database '{backend}' wordt niet ondersteund. Gebruik SQLite (leeg laten) of "
        "PostgreSQL (postgresql+psycopg://…)."
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module: it would otherwise start
        # transactions only before INSERT/UPDATE/DELETE, leaving DDL and reads outside them.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One all-or-nothing write transaction: committed on success, rolled back on any error."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        yield conn


def now() -> datetime:
    """Current time in UTC (stored with every row that records when something happened)."""
    return datetime.now(UTC)


def local_time(moment: datetime | None) -> str:
    """A stored UTC time as Dutch local time (``22-11-2024 14:05``); SQLite returns naive
    datetimes, which are UTC by construction."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%d-%m-%Y %H:%M")


def current_version(conn: Connection) -> int:
    """The schema version of the database behind ``conn``; 0 when it has no schema yet."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    value = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(value or 0)


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema, in one transaction, and return the version reached.

    Two processes starting at once (the app and a CLI command) are serialised: SQLite by the
    write lock that ``BEGIN IMMEDIATE`` takes, PostgreSQL by an advisory transaction lock.
    """
    target = schema.SCHEMA_VERSION
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('urgentie_schema'))"))
        version = current_version(conn)
        if version > target:
            raise UserError(
                f"De database heeft schemaversie {version}, deze versie van Urgentiekaart kent "
                f"tot en met {target}. Werk Urgentiekaart bij."
            )
        if version == 0:
            schema.metadata.create_all(conn)
            _stamp(conn, target)
            return target
        for step in range(version + 1, target + 1):
            MIGRATIONS[step](conn)
            _stamp(conn, step)
    return target


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(sa.insert(schema.schema_version).values(version=version, applied_at=now()))


def open_engine(url: str | None = None) -> Engine:
    """An engine with the schema created or migrated: the one way the app opens the database."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise UserError(
            f"De database ({describe_url(str(engine.url))}) is niet bereikbaar: {exc.orig}"
        ) from exc
    return engine


PRIVATE_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {
        ("notes", "text"),
        ("notes", "original_text"),
        # Words taken from a note: the matched terms, the cue phrase and its explanation.
        ("codes", "terms"),
        ("codes", "cue"),
        ("codes", "explanation"),
    }
)
"""Columns that hold what someone said (or words from it); never read in public mode."""

_PRIVATE_SQL = re.compile(
    r'"?(notes|codes)(_\d+)?"?\s*\.\s*"?(text|original_text|terms|cue|explanation)"?\b'
    r"|select\s+(\w+\.)?\*\s+from\s+\"?(notes|codes)\"?\b"
    r"|select\s+(text|original_text|terms|cue|explanation)\b",
    re.IGNORECASE,
)


class NoteTextForbiddenError(RuntimeError):
    """A query tried to read note texts on an engine that serves the public."""


def private_columns(statement: object) -> list[str]:
    """``table.column`` of every private column a SQLAlchemy statement selects or refers to.

    Follows aliases (``notes_1.text``) and subqueries, and a ``select(notes)`` of the whole
    table, which names no column itself.
    """
    from sqlalchemy.sql import visitors
    from sqlalchemy.sql.elements import ColumnClause

    found: set[str] = set()

    def check(column: object) -> None:
        table = getattr(column, "table", None)
        base = getattr(table, "element", table)  # an Alias points at its table
        name = getattr(base, "name", None)
        if (name, getattr(column, "name", None)) in PRIVATE_COLUMNS:
            found.add(f"{name}.{column.name}")  # type: ignore[attr-defined]

    for element in visitors.iterate(statement):  # type: ignore[arg-type]
        if isinstance(element, ColumnClause):
            check(element)
        for column in getattr(element, "selected_columns", ()) or ():
            check(column)
    return sorted(found)


def forbid_note_text(engine: Engine) -> Engine:
    """Refuse, at the lowest level, every statement that reads what someone said.

    In public mode the app serves residents; it must never read a note's text (or words taken
    from it), not even by a programming mistake on a page. Two checks sit on the engine, below
    every query function: the statement itself before it is compiled (aliases and subqueries
    included), and the SQL text before it reaches the database (for hand-written SQL).
    """

    def refuse(what: str) -> None:
        raise NoteTextForbiddenError(
            f"In de openbare modus worden gesprekteksten nooit gelezen ({what})."
        )

    @event.listens_for(engine, "before_execute")
    def _statement_guard(
        _conn: Connection, clauseelement: Any, _multiparams: Any, _params: Any, _options: Any
    ) -> None:
        found = private_columns(clauseelement)
        if found:
            refuse(", ".join(found))

    @event.listens_for(engine, "before_cursor_execute")
    def _sql_guard(
        _conn: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        match = _PRIVATE_SQL.search(statement)
        if match:
            refuse(match.group(0))

    return engine
