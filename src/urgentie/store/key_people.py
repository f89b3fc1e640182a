"""The Sleutelfiguren register in the database: key people by role, their links and support,
and the audit log of who viewed or changed which record.

:class:`KeyPeopleStore` is the only code that reads or writes these tables
(:data:`urgentie.store.schema.KEY_PEOPLE_TABLES`; in public mode the engine refuses them).
Every write passes :func:`urgentie.keypeople.records.validate` first and is logged in the same
transaction. Withdrawal deletes the record with its links and support: nothing of the person
stays. The audit log never holds a value, only the record's number and the changed field names,
so it never holds a name either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, replace
from datetime import date, timedelta
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from urgentie.errors import UserError
from urgentie.keypeople import records
from urgentie.keypeople.records import Consent, KeyPerson, Link, Support
from urgentie.keypeople.screen import Finder
from urgentie.store import db
from urgentie.store.notes_db import read_frame
from urgentie.store.schema import (
    KEY_PEOPLE_TABLES,
    key_people,
    key_people_audit,
    key_person_links,
    key_person_support,
)

__all__ = ["KEY_PEOPLE_TABLES", "KeyPeopleStore"]

ACTIONS: dict[str, str] = {
    "toegevoegd": "Toegevoegd",
    "gewijzigd": "Gewijzigd",
    "verlengd": "Herzieningsdatum verlengd",
    "ingetrokken": "Ingetrokken en gewist",
    "bekeken": "Bekeken",
    "lijst": "Overzicht bekeken",
    "export": "Export voor de privacyfunctionaris",
}
"""Every audit action with its Dutch label."""

_FIELDS: tuple[str, ...] = (
    "role_label",
    "person_type",
    "world",
    "organisation_kind",
    "since",
    "areas",
    "domains",
    "needs",
    "legal_basis",
    "review_date",
    "name",
    "consent",
    "links",
    "support",
)
"""The fields whose change the audit log records (by name only)."""


class KeyPeopleStore:
    """Add, change, withdraw and read key people; every action is logged."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- writes ---------------------------------------------------------------------------------
    def save(
        self,
        person: KeyPerson,
        actor: str,
        finder: Finder | None,
        *,
        known_areas: set[str] | None = None,
    ) -> int:
        """Validate and store ``person`` (new when ``id`` is None) and return its id.

        All or nothing: the record, its links, its support and the audit line are written in
        one transaction.
        """
        clean = records.validate(person, finder, known_areas=known_areas)
        values = _row_values(clean)
        stamp = db.now()
        with db.write_transaction(self.engine) as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA secure_delete=ON")  # an old name is overwritten
            if clean.id is None:
                person_id = int(
                    conn.execute(
                        sa.insert(key_people)
                        .values(**values, created_at=stamp, updated_at=stamp)
                        .returning(key_people.c.id)
                    ).scalar_one()
                )
                changed = [f for f in _FIELDS if _field(clean, f)]
                action = "toegevoegd"
            else:
                before = self._load(conn, clean.id)
                if before is None or before.gemeente_code != clean.gemeente_code:
                    raise UserError(f"Sleutelfiguur {clean.id} bestaat niet (meer).")
                person_id = clean.id
                conn.execute(
                    sa.update(key_people)
                    .where(key_people.c.id == person_id)
                    .values(**values, updated_at=stamp)
                )
                changed = [f for f in _FIELDS if _field(before, f) != _field(clean, f)]
                action = "gewijzigd"
            self._write_children(conn, person_id, clean)
            _log(conn, clean.gemeente_code, actor, action, person_id, changed)
        return person_id

    def _write_children(self, conn: Connection, person_id: int, person: KeyPerson) -> None:
        conn.execute(sa.delete(key_person_links).where(key_person_links.c.person_id == person_id))
        conn.execute(
            sa.delete(key_person_support).where(key_person_support.c.person_id == person_id)
        )
        for link in person.links:
            conn.execute(
                sa.insert(key_person_links).values(
                    person_id=person_id, kind=link.kind, label=link.label
                )
            )
        for item in person.support:
            conn.execute(
                sa.insert(key_person_support).values(
                    person_id=person_id,
                    kind=item.kind,
                    label=item.label,
                    until=item.until,
                    domains=list(item.domains),
                )
            )

    def withdraw(self, gemeente_code: str, person_id: int, actor: str) -> None:
        """Erase a key person: the record, its links and its support. The audit log keeps
        only that record number so-and-so was withdrawn, by whom and when."""
        with db.write_transaction(self.engine) as conn:
            if conn.dialect.name == "sqlite":
                # Overwrite the deleted rows' bytes in the file, not only unlink them.
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
            existing = self._load(conn, person_id)
            if existing is None or existing.gemeente_code != gemeente_code:
                raise UserError(f"Sleutelfiguur {person_id} bestaat niet (meer).")
            # Children first: PostgreSQL cascades, but SQLite only with foreign keys switched on.
            for table in (key_person_links, key_person_support):
                conn.execute(sa.delete(table).where(table.c.person_id == person_id))
            conn.execute(sa.delete(key_people).where(key_people.c.id == person_id))
            _log(conn, gemeente_code, actor, "ingetrokken", person_id, [])
        self._scrub()

    def _scrub(self) -> None:
        """Make the erasure physical: SQLite copies the overwritten pages into the database
        file and empties its write-ahead log (which still held the old rows); PostgreSQL
        vacuums the register's tables so the dead rows' space is reclaimed."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM key_people, key_person_links, key_person_support")

    def renew(
        self, gemeente_code: str, person_id: int, actor: str, today: date | None = None
    ) -> date:
        """Set the review date one year ahead (after the record was checked) and return it."""
        new_date = records.default_review_date(today)
        with db.write_transaction(self.engine) as conn:
            existing = self._load(conn, person_id)
            if existing is None or existing.gemeente_code != gemeente_code:
                raise UserError(f"Sleutelfiguur {person_id} bestaat niet (meer).")
            conn.execute(
                sa.update(key_people)
                .where(key_people.c.id == person_id)
                .values(review_date=new_date, updated_at=db.now())
            )
            _log(conn, gemeente_code, actor, "verlengd", person_id, ["review_date"])
        return new_date

    def log(
        self, gemeente_code: str, actor: str, action: str, person_id: int | None = None
    ) -> None:
        """Record that someone viewed a record or the list, or exported the register."""
        with db.write_transaction(self.engine) as conn:
            _log(conn, gemeente_code, actor, action, person_id, [])

    # --- reads ----------------------------------------------------------------------------------
    def person(self, gemeente_code: str, person_id: int, actor: str) -> KeyPerson | None:
        """One record with its name (for the edit form); the viewing is logged."""
        with self.engine.connect() as conn:
            person = self._load(conn, person_id)
        if person is None or person.gemeente_code != gemeente_code:
            return None
        self.log(gemeente_code, actor, "bekeken", person_id)
        return person

    def people(self, gemeente_code: str) -> list[KeyPerson]:
        """Every record of a gemeente, without names (``name`` None, ``consent`` kept as the
        fact that there is one): lists and analysis never need a name."""
        with self.engine.connect() as conn:
            ids = conn.execute(
                sa.select(key_people.c.id)
                .where(key_people.c.gemeente_code == gemeente_code)
                .order_by(key_people.c.id)
            ).scalars()
            loaded = [self._load(conn, int(i)) for i in ids]
        return [replace(p, name=None) for p in loaded if p is not None]

    def has_name(self, gemeente_code: str) -> set[int]:
        """Ids of the records that hold a name (with consent), for the list's 'naam' column."""
        query = sa.select(key_people.c.id).where(
            key_people.c.gemeente_code == gemeente_code, key_people.c.name.is_not(None)
        )
        with self.engine.connect() as conn:
            return {int(i) for i in conn.execute(query).scalars()}

    def count(self, gemeente_code: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(key_people)
        if gemeente_code:
            query = query.where(key_people.c.gemeente_code == gemeente_code)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def audit_frame(self, gemeente_code: str) -> pd.DataFrame:
        """The audit log, newest first: at, actor, action, record_id, fields."""
        query = (
            sa.select(
                key_people_audit.c.at,
                key_people_audit.c.actor,
                key_people_audit.c.action,
                key_people_audit.c.record_id,
                key_people_audit.c.fields,
            )
            .where(key_people_audit.c.gemeente_code == gemeente_code)
            .order_by(key_people_audit.c.id.desc())
        )
        with self.engine.connect() as conn:
            return read_frame(conn, query)

    def _load(self, conn: Connection, person_id: int) -> KeyPerson | None:
        row = conn.execute(sa.select(key_people).where(key_people.c.id == person_id)).mappings()
        found = row.first()
        if found is None:
            return None
        links = conn.execute(
            sa.select(key_person_links.c.kind, key_person_links.c.label)
            .where(key_person_links.c.person_id == person_id)
            .order_by(key_person_links.c.id)
        )
        support = conn.execute(
            sa.select(
                key_person_support.c.kind,
                key_person_support.c.label,
                key_person_support.c.until,
                key_person_support.c.domains,
            )
            .where(key_person_support.c.person_id == person_id)
            .order_by(key_person_support.c.id)
        )
        return _person(
            found,
            [Link(k, lbl) for k, lbl in links],
            [Support(k, lbl, u, tuple(d or ())) for k, lbl, u, d in support],
        )


def _row_values(person: KeyPerson) -> dict[str, Any]:
    consent = person.consent
    return {
        "gemeente_code": person.gemeente_code,
        "role_label": person.role_label,
        "person_type": person.person_type,
        "world": person.world,
        "organisation_kind": person.organisation_kind,
        "since": person.since,
        "areas": list(person.areas),
        "domains": list(person.domains),
        "needs": list(person.needs),
        "legal_basis": person.legal_basis,
        "review_date": person.review_date,
        "name": person.name,
        "consent_date": consent.date if consent else None,
        "consent_purpose": consent.purpose if consent else None,
        "consent_asked_by": consent.asked_by if consent else None,
    }


def _person(row: Any, links: list[Link], support: list[Support]) -> KeyPerson:
    consent = None
    if row["consent_date"] is not None:
        consent = Consent(row["consent_date"], row["consent_purpose"], row["consent_asked_by"])
    return KeyPerson(
        id=int(row["id"]),
        gemeente_code=row["gemeente_code"],
        role_label=row["role_label"],
        person_type=row["person_type"],
        world=row["world"],
        organisation_kind=row["organisation_kind"],
        since=row["since"],
        areas=tuple(row["areas"] or ()),
        domains=tuple(row["domains"] or ()),
        needs=tuple(row["needs"] or ()),
        legal_basis=row["legal_basis"],
        review_date=row["review_date"],
        name=row["name"],
        consent=consent,
        links=tuple(links),
        support=tuple(support),
    )


def _field(person: KeyPerson, name: str) -> Any:
    value = getattr(person, name)
    if name == "consent" and value is not None:
        return asdict(value)
    return value


def _log(  # noqa: PLR0917 - one audit line: who, what, which record, which fields
    conn: Connection,
    gemeente_code: str,
    actor: str,
    action: str,
    person_id: int | None,
    fields: Iterable[str] = (),
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        sa.insert(key_people_audit).values(
            at=db.now(),
            gemeente_code=gemeente_code,
            actor=(actor.strip() or "onbekend")[:120],
            action=action,
            record_id=person_id,
            fields=list(fields),
        )
    )


def due_for_review(people: Iterable[KeyPerson], today: date | None = None) -> list[KeyPerson]:
    """Records whose review date has passed: renew or erase them."""
    today = today or date.today()
    return [p for p in people if p.review_date < today]


def review_soon(people: Iterable[KeyPerson], days: int = 30, today: date | None = None) -> list:
    """Records whose review date falls within ``days`` from today."""
    today = today or date.today()
    return [p for p in people if today <= p.review_date <= today + timedelta(days=days)]
