"""Public mode: the database itself refuses note texts and identifying columns (SQLite's
authorizer, PostgreSQL's read-only role), whatever SQL asks for them.

Every attack is first run on the analyst's engine, where it must return the secret: so a refusal
in public mode is the guard at work, not a broken query.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from urgentie.keypeople.records import KeyPerson, Link, Support
from urgentie.store import db, public_guard, schema
from urgentie.store.key_people import KeyPeopleStore
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore

SECRET = "GEHEIM Jansen zei dat de buurman"
ROLE = "GEHEIME-ROL wijkagent Bas"
FILE = "gesprek met Jansen.docx"
TERM = "Jansen"


@dataclass
class Databases:
    analyst: Engine
    public: Engine
    backend: str


def fill(engine: Engine) -> None:
    """One batch, one note with its code and rating, a name to pseudonymise, an open session."""
    now = db.now()
    with db.write_transaction(engine) as conn:
        batch = conn.execute(
            sa.insert(schema.import_batches).values(
                file_name=FILE,
                sha256="0" * 64,
                kind="csv",
                gemeente_code="GM9999",
                created_at=now,
                row_count=1,
                details={"rijen": [SECRET]},
            )
        ).inserted_primary_key[0]
        note = conn.execute(
            sa.insert(schema.notes).values(
                batch_id=batch,
                gemeente_code="GM9999",
                area_code="WK999901",
                area_name="Centrum",
                area_match="code",
                perspective="bewoner",
                role=ROLE,
                note_date=date(2024, 5, 1),
                text=SECRET,
                original_text=SECRET,
                replaced={"Jansen": "[naam]"},
                source_file=FILE,
                source_row=2,
                created_at=now,
            )
        ).inserted_primary_key[0]
        conn.execute(
            sa.insert(schema.codes).values(
                note_id=note,
                domain="veiligheid",
                polarity="zorg",
                terms=[TERM],
                cue=SECRET[:20],
                explanation=f"woord '{TERM}'",
                automatic=True,
                updated_at=now,
            )
        )
        conn.execute(
            sa.insert(schema.note_ratings).values(note_id=note, domain="veiligheid", rating=4)
        )
        conn.execute(sa.insert(schema.pseudo_terms).values(term=TERM, added_at=now))
        conn.execute(
            sa.insert(schema.area_aliases).values(
                gemeente_code="GM9999",
                alias_key="bij jansen",
                alias="bij Jansen",
                area_code="WK999901",
                created_at=now,
            )
        )
        conn.exec_driver_sql("CREATE VIEW leak AS SELECT id, text FROM notes")
    VoteStore(engine).create_session("Sessie", "GM9999", {"wijk": "WK999901"})
    # One key person, by role, with a link and support: the register public mode never reads.
    KeyPeopleStore(engine).save(
        KeyPerson(
            gemeente_code="GM9999",
            role_label="buurtvader Molenwijk",
            person_type="alledaagse_doener",
            world="bewoner",
            organisation_kind="bewonersinitiatief",
            areas=("WK999901",),
            domains=("veiligheid",),
            review_date=date.today() + timedelta(days=300),
            links=(Link("leef", "moedergroep Molenwijk"),),
            support=(
                Support(
                    "financiering", "wijkbudget", date.today() + timedelta(days=90), ("veiligheid",)
                ),
            ),
        ),
        "analist@gemeente.test",
        None,
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def dbs(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Databases]:
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'urgentie.sqlite'}"
        public_url = url
    else:
        url = request.getfixturevalue("pg_url")
    analyst = db.open_engine(url)
    fill(analyst)
    if request.param == "postgres":
        role = public_guard.declared().postgres_role
        with analyst.connect() as conn, conn.begin():
            conn.exec_driver_sql(f"ALTER ROLE {role} LOGIN")  # the operator's step (privacy.md)
        public_url = sa.make_url(url).set(username=role).render_as_string(hide_password=False)
    public = db.open_public_engine(public_url)
    yield Databases(analyst, public, request.param)
    public.dispose()
    analyst.dispose()


SCHEMA_PREFIX = {"sqlite": "main", "postgres": "public"}

# (name, SQL) — {s} is the backend's schema name. Each one reads a protected column.
ATTACKS = [
    ("plain", "SELECT text FROM notes"),
    ("with id", "SELECT id, text FROM notes"),
    ("alias", "SELECT n.text FROM notes AS n"),
    ("function", "SELECT upper(text) FROM notes"),
    ("substring", "SELECT substr(text, 1, 5) FROM notes"),
    ("star", "SELECT * FROM notes"),
    ("schema star", "SELECT * FROM {s}.notes"),
    ("quoted", 'SELECT "text" FROM "notes"'),
    ("upper case", "SELECT TEXT FROM NOTES"),
    ("original", "SELECT original_text FROM notes"),
    ("replaced names", "SELECT replaced FROM notes"),
    ("role", "SELECT role FROM notes"),
    ("source file", "SELECT source_file FROM notes"),
    ("join", "SELECT c.domain, n.text FROM codes c JOIN notes n ON n.id = c.note_id"),
    ("join codes", "SELECT n.id, c.terms FROM notes n JOIN codes c ON c.note_id = n.id"),
    ("cue", "SELECT cue, explanation FROM codes"),
    ("scalar subquery", "SELECT (SELECT text FROM notes LIMIT 1)"),
    ("from subquery", "SELECT t FROM (SELECT text AS t FROM notes) AS sub"),
    ("cte", "WITH t AS (SELECT text FROM notes) SELECT * FROM t"),
    ("where side channel", "SELECT id FROM notes WHERE substr(text, 1, 6) = 'GEHEIM'"),
    ("order side channel", "SELECT id FROM notes ORDER BY text"),
    ("union", "SELECT area_code FROM notes UNION SELECT text FROM notes"),
    ("existing view", "SELECT * FROM leak"),
    ("batch file names", "SELECT file_name, details FROM import_batches"),
    ("names to replace", "SELECT term FROM pseudo_terms"),
    ("area aliases", "SELECT alias FROM area_aliases"),
    ("key people", "SELECT role_label FROM key_people"),
    ("key people count", "SELECT count(*) FROM key_people"),
    ("key person links", "SELECT * FROM key_person_links"),
    ("key person support", "SELECT * FROM key_person_support"),
    ("key people audit", "SELECT * FROM key_people_audit"),
    ("key people join", "SELECT n.id, k.role_label FROM notes n, key_people k"),
]
SQLITE_ONLY = [
    ("create view", "CREATE VIEW leak2 AS SELECT text FROM notes"),
    ("temp view", "CREATE TEMP VIEW leak3 AS SELECT text FROM notes"),
    ("trigger", "CREATE TEMP TRIGGER t AFTER INSERT ON votes BEGIN SELECT 1; END"),
    ("pragma", "PRAGMA writable_schema = 1"),
    ("attach", "ATTACH DATABASE '{file}' AS copy"),
    ("extension", "SELECT load_extension('/tmp/geen.so')"),
]
POSTGRES_ONLY = [
    ("whole row", "SELECT notes FROM notes"),
    ("row to json", "SELECT row_to_json(n) FROM notes n"),
    ("pg create view", "CREATE VIEW leak2 AS SELECT text FROM notes"),
    # PostgreSQL lets anyone create a temporary view; reading it runs with its owner's rights.
    ("pg temp view", "CREATE TEMP VIEW leak3 AS SELECT text FROM notes; SELECT * FROM leak3"),
    ("become owner", "SET ROLE postgres"),
]
WRITES = [
    ("delete", "DELETE FROM notes"),
    ("update", "UPDATE notes SET area_code = 'x'"),
    ("close session", "UPDATE sessions SET status = 'gesloten'"),
    ("add name", "INSERT INTO pseudo_terms (term, added_at) VALUES ('x', CURRENT_TIMESTAMP)"),
]
SECRETS = (SECRET, ROLE, FILE, TERM)
REFUSED = "prohibited|not authorized|permission denied"
"""The database's own refusal (SQLite's authorizer, PostgreSQL's privileges), not a syntax error."""


def run(engine: Engine, sql: str) -> list[tuple]:
    """Run ``sql`` (statements separated by ``; ``) on one connection; rows of the last one."""
    with engine.connect() as conn:
        for statement in sql.split("; "):
            result = conn.exec_driver_sql(statement)
        return [tuple(r) for r in result] if result.returns_rows else []


def _sql(sql: str, dbs: Databases) -> str:
    file = str(dbs.analyst.url.database)
    return sql.format(s=SCHEMA_PREFIX[dbs.backend], file=file)


@pytest.mark.parametrize(("name", "sql"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_public_mode_refuses_every_read_of_a_protected_column(
    dbs: Databases, name: str, sql: str
) -> None:
    sql = _sql(sql, dbs)
    control = run(dbs.analyst, sql)
    assert control, "the attack itself must work for the analyst"
    with pytest.raises(sa.exc.DatabaseError, match=REFUSED):
        run(dbs.public, sql)


@pytest.mark.parametrize(
    ("name", "sql"),
    SQLITE_ONLY + POSTGRES_ONLY,
    ids=[f"{a[0]}" for a in SQLITE_ONLY + POSTGRES_ONLY],
)
def test_public_mode_refuses_ddl_pragma_attach_and_writes(
    dbs: Databases, name: str, sql: str
) -> None:
    own = WRITES + (SQLITE_ONLY if dbs.backend == "sqlite" else POSTGRES_ONLY)
    if (name, sql) not in own:
        pytest.skip(f"alleen voor {'PostgreSQL' if dbs.backend == 'sqlite' else 'SQLite'}")
    with pytest.raises(sa.exc.DatabaseError, match=REFUSED):
        run(dbs.public, _sql(sql, dbs))
    # Nothing changed: the note is still there, untouched, the session open, no name added.
    assert run(dbs.analyst, "SELECT area_code, text FROM notes") == [("WK999901", SECRET)]
    assert run(dbs.analyst, "SELECT status FROM sessions") == [("open",)]
    assert run(dbs.analyst, "SELECT term FROM pseudo_terms") == [(TERM,)]


def test_the_statement_guard_gives_an_early_friendly_error(dbs: Databases) -> None:
    store = NotesStore(dbs.public)
    for query in (store.notes_frame, store.codes_frame, store.pseudo_terms):
        with pytest.raises((db.NoteTextForbiddenError, sa.exc.DatabaseError)):
            query()


def test_what_public_mode_needs_still_works(dbs: Databases) -> None:
    store = NotesStore(dbs.public)
    facts = store.code_facts()
    assert list(facts["domain"]) == ["veiligheid"]
    assert list(store.ratings_frame()["rating"]) == [4.0]
    assert store.count_notes() == 1
    votes = VoteStore(dbs.public)
    session = votes.sessions()[0]
    assert votes.has_open_session()
    stored = votes.cast_votes(session.id, "telefoon-1", "bewoner", {("WK999901", "veiligheid"): 5})
    assert stored == 1
    assert len(votes.votes_frame([session.id])) == 1
    shown = repr(facts.to_dict()) + repr(store.ratings_frame().to_dict())
    assert not any(secret in shown for secret in SECRETS)


def test_postgres_public_mode_refuses_a_user_that_can_read_note_texts(pg_url: str) -> None:
    db.open_engine(pg_url).dispose()
    from urgentie.errors import UserError

    with pytest.raises(UserError, match="urgentie_publiek"):
        db.open_public_engine(pg_url)  # the owner can read everything: public mode won't start


def test_every_table_is_declared_once() -> None:
    """A new table (a register of key people …) must be declared in public_access.yaml."""
    access = public_guard.declared()
    tables = {t.name for t in schema.metadata.sorted_tables}
    assert tables == access.declared_tables()
    groups = [set(access.protected), set(access.open), set(access.writable)]
    assert sum(len(g) for g in groups) == len(set().union(*groups))


@pytest.mark.parametrize("table", sorted(public_guard.declared().never))
def test_every_column_of_a_protected_table_is_decided(table: str) -> None:
    """Each column is either never readable or on the allow-list, so a new column (a name, a
    phone number …) cannot slip into public mode unnoticed."""
    access = public_guard.declared()
    never, readable = access.never[table], access.readable[table]
    if never is None:  # "*": the whole table is closed
        assert readable == frozenset()
        return
    assert not never & readable, table
    assert never | readable == set(schema.metadata.tables[table].columns.keys()), table


KEY_PEOPLE = {"protected": {"sleutelfiguren": "*"}}
NOTES = {"protected": {"notes": {"never": ["text"], "readable": ["id", "area_code"]}}}


@pytest.mark.parametrize(
    ("document", "table", "column", "denied"),
    [
        (KEY_PEOPLE, "sleutelfiguren", "naam", True),  # a later register: one line
        (KEY_PEOPLE, "Sleutelfiguren", "", True),  # closed whole: not even count(*)
        (NOTES, "notes", "", False),  # count(*) of a table with readable columns
        (NOTES, "NOTES", "TEXT", True),
        (NOTES, "notes", "area_code", False),
        (NOTES, "notes", "telefoon", True),  # a column added later: closed until declared
        ({"open": ["sessions"]}, "sessions", "title", False),
    ],
)
def test_declaration_is_extended_in_one_place(
    document: dict, table: str, column: str, denied: bool
) -> None:
    assert public_guard.parse(document).denies(table, column) is denied


@pytest.mark.postgres
def test_an_analyst_user_without_grant_rights_still_opens_the_database(pg_url: str) -> None:
    """Creating the role and granting need rights a managed database may not give the app's
    user: the analyst app must still open (public mode then refuses to start, see above)."""
    db.open_engine(pg_url).dispose()
    user = "urgentie_analist_zonder_rechten"
    admin = sa.create_engine(pg_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{user}') "
            f"THEN CREATE ROLE {user} LOGIN; END IF; END $$"
        )
        conn.exec_driver_sql(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {user}"
        )
        conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {user}")
    admin.dispose()
    url = sa.make_url(pg_url).set(username=user).render_as_string(hide_password=False)
    engine = db.open_engine(url)  # no exception: the grant step is skipped with a warning
    try:
        assert NotesStore(engine).count_notes() == 0
    finally:
        engine.dispose()
