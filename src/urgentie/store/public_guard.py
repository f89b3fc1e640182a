"""What public mode may read and write, enforced by the database itself.

The declared list is ``public_access.yaml`` beside this module (the one place to add a table or
column). From it:

- :func:`sqlite_authorizer` is installed with ``Connection.set_authorizer`` on every connection
  of a public-mode SQLite engine. SQLite asks it about every column a statement reads — through
  aliases, ``*``, functions, joins, subqueries, views, CTEs, ``WHERE`` clauses, an attached
  copy — while it prepares the statement, so no SQL text can get round it. Everything that is
  not a plain read or a vote is denied: DDL (no view or trigger to launder a read), ``ATTACH``,
  ``PRAGMA`` beyond a short read-only list, ``load_extension``, writes outside ``writable``.
- :func:`postgres_role_statements` gives the SQL that creates the read-only role
  :data:`POSTGRES_ROLE` and grants it exactly this (column privileges on the protected tables);
  the migration runs it, and public mode must connect as that role (:func:`check_postgres_role`).

Page code keeps a friendly early check (``db.private_columns``), but nothing relies on it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import sqlalchemy as sa
import yaml

DECLARATION = Path(__file__).with_name("public_access.yaml")
ALL_COLUMNS = "*"


@dataclass(frozen=True)
class PublicAccess:
    """The parsed declaration. ``readable``: per protected table the columns public mode may
    read (empty for ``"*"``); ``never``: the columns named as never readable."""

    readable: Mapping[str, frozenset[str]]
    never: Mapping[str, frozenset[str] | None]
    open: frozenset[str]
    writable: frozenset[str]
    postgres_role: str
    row_locks: Mapping[str, str] = field(default_factory=dict)
    """PostgreSQL: table -> the one column the role may update, so it can lock rows."""

    @property
    def protected(self) -> frozenset[str]:
        return frozenset(self.readable)

    def denies(self, table: str, column: str) -> bool:
        """Whether public mode may not read ``table.column`` (case-insensitive, as in SQL).

        In a protected table only the ``readable`` columns pass: a column added later is
        refused until it is declared. ``""`` is SQLite's ``count(*)``: how many rows, not what
        they hold — allowed where some columns are readable, but not in a table closed whole
        (``"*"``), which public mode may not even count, as on PostgreSQL where the role has no
        right on such a table at all.
        """
        allowed = self.readable.get(table.lower())
        if allowed is None:
            return False
        if column == "":
            return self.never.get(table.lower(), frozenset()) is None
        return column.lower() not in allowed

    def declared_tables(self) -> set[str]:
        return set(self.readable) | set(self.open) | set(self.writable)

    def private_columns(self) -> frozenset[tuple[str, str]]:
        """``(table, column)`` of every protected column of the schema's tables."""
        from urgentie.store import schema

        found = set()
        for table in schema.metadata.sorted_tables:
            for column in table.columns:
                if self.denies(table.name, column.name):
                    found.add((table.name, column.name))
        return frozenset(found)


def _names(values: object) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or ())  # type: ignore[attr-defined]


def parse(document: Mapping[str, object]) -> PublicAccess:
    readable: dict[str, frozenset[str]] = {}
    never: dict[str, frozenset[str] | None] = {}
    for table, entry in dict(document.get("protected") or {}).items():  # type: ignore[call-overload]
        name = str(table).lower()
        if entry == ALL_COLUMNS:
            readable[name], never[name] = frozenset(), None
        else:
            readable[name] = _names(entry.get("readable"))
            never[name] = _names(entry.get("never"))
    return PublicAccess(
        readable=readable,
        never=never,
        open=frozenset(str(t).lower() for t in document.get("open") or ()),  # type: ignore[attr-defined]
        writable=frozenset(str(t).lower() for t in document.get("writable") or ()),  # type: ignore[attr-defined]
        postgres_role=str(document.get("postgres_role") or "urgentie_publiek"),
        row_locks={
            str(t).lower(): str(c).lower()
            for t, c in dict(document.get("row_locks") or {}).items()  # type: ignore[call-overload]
        },
    )


@cache
def declared() -> PublicAccess:
    """The declaration in ``public_access.yaml``."""
    return parse(yaml.safe_load(DECLARATION.read_text("utf-8")))


# --- SQLite ---------------------------------------------------------------------------------------
READ_ONLY_PRAGMAS = frozenset(
    {
        # Set by db._configure_sqlite on every new connection, and SQLAlchemy's reflection.
        "journal_mode",
        "synchronous",
        "foreign_keys",
        "busy_timeout",
        "table_info",
        "table_xinfo",
        "index_list",
        "index_info",
        "index_xinfo",
        "foreign_key_list",
    }
)
DENIED_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "fts3_tokenizer"})


def sqlite_authorizer(
    action: int, arg1: str | None, arg2: str | None, _db: str | None, _source: str | None
) -> int:
    """SQLite's authorizer callback for a public-mode connection: allow-list, deny the rest."""
    access = declared()
    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_SAVEPOINT):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_RECURSIVE:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_READ:
        denied = access.denies(arg1 or "", arg2 or "")
        return sqlite3.SQLITE_DENY if denied else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return (
            sqlite3.SQLITE_DENY if (arg2 or "").lower() in DENIED_FUNCTIONS else sqlite3.SQLITE_OK
        )
    if action == sqlite3.SQLITE_PRAGMA:
        return (
            sqlite3.SQLITE_OK if (arg1 or "").lower() in READ_ONLY_PRAGMAS else sqlite3.SQLITE_DENY
        )
    if action in (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE):
        return sqlite3.SQLITE_OK if (arg1 or "").lower() in access.writable else sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_DENY  # DDL, ATTACH, DETACH, ANALYZE, virtual tables, anything new


# --- PostgreSQL -----------------------------------------------------------------------------------
def postgres_role_statements(metadata: sa.MetaData, schema_name: str) -> list[str]:
    """SQL that (re)grants :data:`PublicAccess.postgres_role` exactly what the declaration allows.

    Idempotent: every migration runs it again, so a column that becomes protected loses its
    grant. Revoking a table privilege also revokes its column privileges.
    """
    access = declared()
    role = _quote(access.postgres_role)
    schema = _quote(schema_name)
    statements = [f"GRANT USAGE ON SCHEMA {schema} TO {role}"]
    for table in metadata.sorted_tables:
        name = f"{schema}.{_quote(table.name)}"
        statements.append(f"REVOKE ALL ON TABLE {name} FROM {role}")
        readable = [c.name for c in table.columns if not access.denies(table.name, c.name)]
        if table.name in access.readable:
            if readable:
                columns = ", ".join(_quote(c) for c in readable)
                statements.append(f"GRANT SELECT ({columns}) ON TABLE {name} TO {role}")
        elif table.name in access.open or table.name in access.writable:
            statements.append(f"GRANT SELECT ON TABLE {name} TO {role}")
        if table.name in access.writable:
            statements.append(f"GRANT INSERT, UPDATE, DELETE ON TABLE {name} TO {role}")
        if table.name in access.row_locks:
            column = _quote(access.row_locks[table.name])
            statements.append(f"GRANT UPDATE ({column}) ON TABLE {name} TO {role}")
    return statements


def sequence_grant(sequence: str) -> str:
    """The grant that lets the role insert into a writable table with a serial key
    (``sequence`` as ``pg_get_serial_sequence`` returns it, already quoted where needed)."""
    return f"GRANT USAGE ON SEQUENCE {sequence} TO {_quote(declared().postgres_role)}"


def create_role_statement() -> str:
    """Create the role (without login: the operator gives it a password, docs/privacy.md)."""
    role = declared().postgres_role
    literal = "'" + role.replace("'", "''") + "'"  # from our own YAML, quoted all the same
    return (
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "  # noqa: S608
        + literal
        + f") THEN CREATE ROLE {_quote(role)} NOLOGIN; END IF; END $$"
    )


def readable_protected_columns(conn: sa.Connection) -> list[str]:
    """Protected columns the connected PostgreSQL user can read (must be none in public mode)."""
    found = []
    for table, column in sorted(declared().private_columns()):
        allowed = conn.execute(
            sa.text("SELECT has_column_privilege(:t, :c, 'SELECT')"), {"t": table, "c": column}
        ).scalar()
        if allowed:
            found.append(f"{table}.{column}")
    return found


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
