"""The notes and votes database: engine, connection settings and migrations.

SQLite in the data directory is the embedded default; ``DATABASE_URL`` points at PostgreSQL
instead. Every SQLite connection gets WAL journaling, ``synchronous=FULL`` (a committed
transaction survives a killed process and a power cut), foreign keys on and a busy timeout.
SQLite transactions are started by us, not by the driver, so that DDL and reads are transactional
too; write transactions start with ``BEGIN IMMEDIATE`` so two writers queue instead of failing.

The schema is created or migrated when an engine is opened (:func:`open_engine`). Public mode
opens its engine with :func:`open_public_engine`: the database itself then refuses every column
that ``public_access.yaml`` protects (SQLite's authorizer; PostgreSQL's role ``urgentie_publiek``,
which :func:`migrate` creates and grants). See ``docs/toegang.md``.
"""

from __future__ import annotations

import logging
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
from urgentie.store import public_guard, schema

LOG = logging.getLogger(__name__)

WRITE_OPTION = "urgentie_write"
"""Execution option that makes a SQLite transaction take the write lock at ``BEGIN``."""

BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10

Migration = Callable[[Connection], None]


def _add_key_people(conn: Connection) -> None:
    """Version 2: the Sleutelfiguren register and the session's role nominations."""
    names = (*schema.KEY_PEOPLE_TABLES, schema.role_nominations.name)
    schema.metadata.create_all(conn, tables=[schema.metadata.tables[n] for n in names])


def _add_review_columns(conn: Connection) -> None:
    """Schema 3: the coder's confidence and who reviewed a code when; who coded what per note
    (``code_reviews``) and double-coding samples (``coding_samples``)."""
    false = "false" if conn.dialect.name == "postgresql" else "0"
    # Only what is missing: a database that already has a column (made by a newer schema file
    # and stamped older) is brought up to date rather than refused.
    present = {c["name"] for c in sa.inspect(conn).get_columns("codes")}
    for column in (
        "confidence FLOAT",
        f"confirmed BOOLEAN NOT NULL DEFAULT {false}",
        "reviewed_by VARCHAR(120)",
        "reviewed_at TIMESTAMP" + (" WITH TIME ZONE" if conn.dialect.name == "postgresql" else ""),
    ):
        if column.split()[0] not in present:
            conn.execute(sa.text(f"ALTER TABLE codes ADD COLUMN {column}"))
    schema.code_reviews.create(conn, checkfirst=True)
    schema.coding_samples.create(conn, checkfirst=True)


MIGRATIONS: dict[int, Migration] = {2: _add_key_people, 3: _add_review_columns}
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
        # A dead server must give an error within seconds, not after the OS's TCP time-out.
        return sa.create_engine(
            parsed, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
        )
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
        for step in range(version + 1, target + 1) if version else ():
            MIGRATIONS[step](conn)
            _stamp(conn, step)
        if conn.dialect.name == "postgresql":
            _grant_public_role(conn)
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
        if name and public_guard.declared().denies(name, getattr(column, "name", None) or ""):
            found.add(f"{name}.{column.name}")  # type: ignore[attr-defined]

    for element in visitors.iterate(statement):  # type: ignore[arg-type]
        if isinstance(element, ColumnClause):
            check(element)
        for column in getattr(element, "selected_columns", ()) or ():
            check(column)
    return sorted(found)


def open_public_engine(url: str | None = None) -> Engine:
    """The engine of public mode: the database itself refuses every protected column.

    - SQLite: the schema is created or migrated first with full rights (a first start of a
      public instance), then every connection of the returned engine gets the authorizer of
      :mod:`urgentie.store.public_guard` before its first statement.
    - PostgreSQL: the URL must connect as the read-only role (``urgentie_publiek``, created by
      :func:`migrate`); if this user can read any protected column, or the schema is not
      migrated yet, public mode refuses to start (it never migrates: the role may not).

    On top, the statement guard gives a friendly early error for SQLAlchemy statements.
    """
    url = url or database_url()
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        open_engine(url).dispose()
        _install_authorizer(engine)
    else:
        _check_public_postgres(engine)
    return _guard_statements(engine)


def _install_authorizer(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _authorize(dbapi_connection: Any, _record: Any) -> None:
        # Registered after _configure_sqlite's listener, so the connection's own PRAGMAs ran.
        dbapi_connection.set_authorizer(public_guard.sqlite_authorizer)


def _check_public_postgres(engine: Engine) -> None:
    role = public_guard.declared().postgres_role
    try:
        with engine.connect() as conn:
            version = current_version(conn)
            readable = public_guard.readable_protected_columns(conn) if version else []
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise UserError(
            f"De database ({describe_url(str(engine.url))}) is niet bereikbaar: {exc.orig}"
        ) from exc
    if version != schema.SCHEMA_VERSION:
        engine.dispose()
        raise UserError(
            f"De database heeft schemaversie {version}, de app verwacht "
            f"{schema.SCHEMA_VERSION}. De openbare modus richt de database niet zelf in: start "
            "eerst de analistenversie van de app, als eigenaar van de database; die richt haar in."
        )
    if readable:
        engine.dispose()
        raise UserError(
            f"De openbare modus moet verbinden als de rol {role}, die gesprekteksten en "
            f"herleidbare kolommen niet kan lezen; deze gebruiker kan dat wel "
            f"({', '.join(readable[:5])}). Zie docs/privacy.md."
        )


def _grant_public_role(conn: Connection) -> None:
    """Create the public role and give it exactly what ``public_access.yaml`` allows.

    Creating a role needs the CREATEROLE right and granting needs ownership of the tables. A
    user without them still gets a working analyst app (a warning in the log); public mode then
    simply cannot start on this database, since it refuses any user that can read a protected
    column (docs/toegang.md says how an administrator sets the role up).
    """
    schema_name = conn.execute(sa.text("SELECT current_schema()")).scalar() or "public"
    role = public_guard.declared().postgres_role
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(public_guard.create_role_statement())
    except sa.exc.DBAPIError as exc:
        LOG.warning("Rol %s niet aangemaakt: %s", role, exc.orig)
    exists = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if exists is None:
        return
    try:
        with conn.begin_nested():
            for statement in public_guard.postgres_role_statements(schema.metadata, schema_name):
                conn.exec_driver_sql(statement)
            for table in public_guard.declared().writable:
                for column in schema.metadata.tables[table].primary_key.columns:
                    name = f"{schema_name}.{table}"
                    sequence = conn.execute(
                        sa.select(sa.func.pg_get_serial_sequence(name, column.name))
                    ).scalar()
                    if sequence:
                        conn.exec_driver_sql(public_guard.sequence_grant(sequence))
    except sa.exc.DBAPIError as exc:
        LOG.warning("Rechten van rol %s niet gezet: %s", role, exc.orig)


def _guard_statements(engine: Engine) -> Engine:
    """A friendly early error for a SQLAlchemy statement that names a protected column.

    Only a convenience for page code (a clear message instead of a database error): the
    guarantee is the database's own refusal (:func:`open_public_engine`).
    """

    @event.listens_for(engine, "before_execute")
    def _statement_guard(
        _conn: Connection, clauseelement: Any, _multiparams: Any, _params: Any, _options: Any
    ) -> None:
        found = private_columns(clauseelement)
        if found:
            raise NoteTextForbiddenError(
                "In de openbare modus worden gesprekteksten, herleidbare gegevens en het register "
                f"Sleutelfiguren nooit gelezen ({', '.join(found)})."
            )

    return engine
