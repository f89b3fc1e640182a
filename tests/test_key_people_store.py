"""The Sleutelfiguren register: consent, screening, withdrawal, review, audit, public refusal.

Runs on SQLite and on a real PostgreSQL server (``db_url``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from urgentie.errors import UserError
from urgentie.keypeople import screen
from urgentie.keypeople.records import Consent, KeyPerson, Link, Support
from urgentie.store import db, public_guard
from urgentie.store.key_people import KeyPeopleStore, due_for_review
from urgentie.store.schema import KEY_PEOPLE_TABLES

TODAY = date.today()
ACTOR = "analist@gemeente.test"


@pytest.fixture(scope="module")
def finder() -> screen.Finder:
    """The project's real pseudonymiser (deduce), loaded once for this module."""
    return screen.pseudonymiser_finder(keep_terms=["Molenwijk", "De Eemhof"])


def person(**changes: object) -> KeyPerson:
    base = KeyPerson(
        gemeente_code="GM9999",
        role_label="buurtvader Molenwijk",
        person_type="alledaagse_doener",
        world="bewoner",
        organisation_kind="bewonersinitiatief",
        areas=("WK999901",),
        domains=("opvoeding", "veiligheid"),
        review_date=TODAY + timedelta(days=300),
        needs=("stabiliteit", "bondgenoten"),
        links=(Link("systeem", "woningcorporatie"), Link("leef", "moedergroep Molenwijk")),
        support=(
            Support("financiering", "wijkbudget", TODAY + timedelta(days=90), ("opvoeding",)),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_add_edit_withdraw_leaves_no_trace(db_url: str, finder: screen.Finder) -> None:
    store = KeyPeopleStore(db.open_engine(db_url))
    consent = Consent(TODAY, "ondersteuning", "wijkregisseur Molenwijk")
    pid = store.save(person(name="Henk Zonneveld", consent=consent), ACTOR, finder)
    stored = store.person("GM9999", pid, ACTOR)
    assert stored is not None and stored.name == "Henk Zonneveld"
    assert stored.legal_basis == "toestemming"  # a name always rests on consent
    assert [link.label for link in stored.links] == ["woningcorporatie", "moedergroep Molenwijk"]

    store.save(replace(stored, role_label="buurtvader Molenwijk-Noord", needs=()), ACTOR, finder)
    edited = store.people("GM9999")[0]
    # Lists and analysis never carry the name.
    assert edited.role_label == "buurtvader Molenwijk-Noord" and edited.name is None

    store.withdraw("GM9999", pid, ACTOR)
    assert store.count() == 0
    engine = store.engine
    with engine.connect() as conn:
        for table in KEY_PEOPLE_TABLES:
            dump = [str(tuple(r)) for r in conn.execute(sa.text(f"SELECT * FROM {table}"))]
            assert not any("Zonneveld" in row or "Henk" in row for row in dump), table
        assert conn.execute(sa.text("SELECT count(*) FROM key_person_links")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM key_person_support")).scalar() == 0
    if db_url.startswith("sqlite"):
        # Not even the bytes: the database file and its write-ahead log hold no trace.
        path = db_url.removeprefix("sqlite:///")
        for name in (Path(path), Path(path + "-wal")):
            if name.exists():
                assert b"Zonneveld" not in name.read_bytes(), name
    audit = store.audit_frame("GM9999")
    assert list(audit["action"]) == ["ingetrokken", "gewijzigd", "bekeken", "toegevoegd"]
    assert set(audit.iloc[1]["fields"]) == {"role_label", "needs"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Henk Zonneveld"}, "alleen bewaard met vastgelegde toestemming"),
        ({"role_label": "imam van de moskee"}, "geloof"),
        ({"role_label": "buurtmoeder met Marokkaanse afkomst"}, "afkomst"),
        ({"role_label": "vrijwilliger met depressie"}, "gezondheid"),
        ({"role_label": "ex-gedetineerde jongerenwerker"}, "strafrechtelijk"),
        ({"role_label": "buurtmoeder Özlem"}, "naam van een persoon"),
        ({"role_label": "juf Anouk"}, "naam van een persoon"),
        ({"role_label": "beheerder, 06-12345678"}, "telefoonnummer"),
        ({"links": (Link("leef", "Turkse vrouwengroep"),)}, "afkomst"),
        ({"links": (Link("systeem", "vakbond FNV"),)}, "vakbond"),
        ({"role_label": ""}, "De rol is leeg"),
        ({"role_label": "x" * 81}, "te lang"),
        ({"person_type": "informant"}, "Onbekende type"),
        ({"domains": ()}, "minstens één domein"),
        ({"areas": ()}, "minstens één wijk"),
        ({"support": (Support("contactpersoon", "opbouwwerker", None, ("wonen",)),)}, "Alleen"),
    ],
)
def test_refused_with_a_dutch_message(
    data_dir: object, finder: screen.Finder, changes: dict[str, object], message: str
) -> None:
    store = KeyPeopleStore(db.open_engine())
    with pytest.raises(UserError, match=message):
        store.save(person(**changes), ACTOR, finder)
    assert store.count() == 0  # nothing half-stored


@pytest.mark.parametrize(
    "label",
    ["buurtvader Molenwijk", "wijkagent", "conciërge basisschool De Eemhof", "jongerenwerker"],
)
def test_roles_pass(data_dir: object, finder: screen.Finder, label: str) -> None:
    store = KeyPeopleStore(db.open_engine())
    store.save(person(role_label=label), ACTOR, finder)
    assert [p.role_label for p in store.people("GM9999")] == [label]


def test_database_refuses_a_name_without_consent(db_url: str) -> None:
    """Also below the checks: the table's own constraint."""
    engine = db.open_engine(db_url)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO key_people (gemeente_code, role_label, person_type, world, "
                "organisation_kind, areas, domains, needs, legal_basis, review_date, name, "
                "created_at, updated_at) VALUES ('GM9999', 'wijkagent', 'frontliniewerker', "
                "'professional', 'politie', '[]', '[]', '[]', 'algemeen_belang', '2030-01-01', "
                "'Piet', '2026-01-01', '2026-01-01')"
            )
        )


def test_past_review_date_is_flagged_and_renewed(data_dir: object) -> None:
    store = KeyPeopleStore(db.open_engine())
    old = store.save(person(review_date=TODAY - timedelta(days=1)), ACTOR, None)
    store.save(person(role_label="wijkagent"), ACTOR, None)
    assert [p.id for p in due_for_review(store.people("GM9999"))] == [old]
    new_date = store.renew("GM9999", old, ACTOR)
    assert new_date > TODAY and due_for_review(store.people("GM9999")) == []


def test_public_engine_refuses_the_register(db_url: str) -> None:
    from urgentie.store.schema import key_people

    engine = db.open_engine(db_url)
    KeyPeopleStore(engine).save(person(), ACTOR, None)
    public_url = db_url
    if engine.dialect.name == "postgresql":
        # Public mode connects as the read-only role the migration made (docs/privacy.md).
        role = public_guard.declared().postgres_role
        with engine.connect() as conn, conn.begin():
            conn.exec_driver_sql(f"ALTER ROLE {role} LOGIN")
        public_url = sa.make_url(db_url).set(username=role).render_as_string(hide_password=False)
    public = db.open_public_engine(public_url)
    store = KeyPeopleStore(public)
    refused = [
        lambda: store.people("GM9999"),
        lambda: store.audit_frame("GM9999"),
        lambda: store.save(person(), ACTOR, None),
        lambda: public.connect().execute(sa.select(key_people.alias().c.role_label)),
        lambda: public.connect().exec_driver_sql("SELECT * FROM key_people"),
        lambda: public.connect().exec_driver_sql('select count(*) from "key_person_links"'),
    ]
    for query in refused:
        # The friendly early error, or the database's own refusal underneath it.
        with pytest.raises((db.NoteTextForbiddenError, sa.exc.DatabaseError)):
            query()


def test_migration_from_version_1_adds_the_register(db_url: str) -> None:
    from urgentie.store import schema

    engine = db.make_engine(db_url)
    old = [t for n, t in schema.metadata.tables.items() if n not in _NEW]
    with db.write_transaction(engine) as conn:
        schema.metadata.create_all(conn, tables=old)
        conn.execute(sa.insert(schema.schema_version).values(version=1, applied_at=db.now()))
    assert db.migrate(engine) == schema.SCHEMA_VERSION
    store = KeyPeopleStore(engine)
    store.save(person(), ACTOR, None)
    assert store.count("GM9999") == 1


_NEW = {*KEY_PEOPLE_TABLES, "role_nominations"}
