""" "Wie maakt hier het verschil?": phones name a role (names removed), the projector shows only
roles enough people named, and step 6 shows the register's view of the wijk without names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from apptest_support import open_page
from demo_support import OUDE_HAVEN

from urgentie.errors import UserError
from urgentie.keypeople import nominate
from urgentie.session.agenda import new_agenda
from urgentie.store.nominations import NominationStore
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore


@pytest.fixture(scope="module")
def pseudonymise() -> nominate.Pseudonymise:
    return nominate.pseudonymiser(("Oude Haven",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("juf Anouk", "juf"),
        ("Henk de buurtvader", "buurtvader"),
        ("De wijkagent!", "wijkagent"),
        ("conciërge van de school", "conciërge van de school"),
        ("Jan", "geen naam"),
        ("de imam", "geloof"),
        ("Poolse buurvrouw", "afkomst"),
    ],
)
def test_clean_role(pseudonymise: nominate.Pseudonymise, text: str, expected: str) -> None:
    if expected in {"geen naam", "geloof", "afkomst"}:
        with pytest.raises(UserError, match=expected):
            nominate.clean_role(text, pseudonymise)
    else:
        assert nominate.clean_role(text, pseudonymise) == expected


NOMINATIONS = pd.DataFrame(
    [
        (1, "a", "WK1", "conciërge", "alledaagse_doener"),
        (1, "b", "WK1", "Conciërge", "alledaagse_doener"),
        (2, "c", "WK1", "conciërge.", "bruggenbouwer"),
        (1, "a", "WK1", "wijkagent", "frontliniewerker"),
        (2, "a", "WK1", "wijkagent", "frontliniewerker"),  # the same phone again: counts once
        (1, "d", "WK1", "wijkagent", "frontliniewerker"),
        (1, "e", "WK1", "buurtvader", "alledaagse_doener"),
    ],
    columns=["round", "participant", "area_code", "role_label", "person_type"],
)


@pytest.mark.parametrize(
    ("minimum", "shown", "hidden"),
    [
        (1, [("conciërge", 3), ("wijkagent", 2), ("buurtvader", 1)], 0),
        (2, [("conciërge", 3), ("wijkagent", 2)], 1),
        (3, [("conciërge", 3)], 2),
        (4, [], 3),
    ],
)
def test_room_roles_only_from_the_minimum(minimum: int, shown: list, hidden: int) -> None:
    roles, n_hidden = nominate.room_roles(NOMINATIONS, minimum)
    assert list(zip(roles["role"], roles["n"], strict=True)) == shown
    assert n_hidden == hidden
    if shown:
        assert roles.iloc[0]["person_type"] == "alledaagse_doener"  # what most of them chose


def test_phone_names_a_role_and_the_projector_shows_it_from_the_minimum(
    demo_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    votes = VoteStore(NotesStore.open().engine)
    agenda = new_agenda(OUDE_HAVEN, ["veiligheid"], 2024, "Oude Haven")
    session = votes.create_session("Avond", "GM9999", agenda.to_config())
    nominations = NominationStore(votes.engine)
    with pytest.raises(UserError, match="gesloten"):  # not asked yet
        nominations.nominate(session.id, "x", OUDE_HAVEN, "wijkagent", "frontliniewerker", 1)

    projector = open_page("sessie", query={"sessie": session.id, "stap": "6"})
    assert not projector.exception
    assert projector.header[0].value == "6 · Wie maakt het verschil?"
    next(b for b in projector.button if b.key == "rollen_openen").click().run()
    assert votes.session(session.id).config["rollen"] is True

    phone = open_page("stem", query={"sessie": session.id})
    assert not phone.exception
    phone.text_input(key=f"rol_tekst_{session.id}").set_value("juf Anouk")
    phone.radio(key=f"rol_type_{session.id}").set_value("bruggenbouwer")
    next(b for b in phone.button if b.label == "Rol doorgeven").click().run()
    assert not phone.exception
    assert "Genoteerd: juf" in phone.success[0].value
    stored = nominations.frame(session.id)
    assert stored["role_label"].tolist() == ["juf"]  # the name never reached the database
    for participant in ("p2", "p3"):
        role = nominate.clean_role("Juf", None)
        nominations.nominate(session.id, participant, OUDE_HAVEN, role, "bruggenbouwer", 1)
    nominations.nominate(session.id, "p4", OUDE_HAVEN, "visboer", "alledaagse_doener", 1)

    projector.run()
    assert not projector.exception, [e.message for e in projector.exception]
    assert not projector.error, [e.value for e in projector.error]
    page = "\n".join(str(e.value) for e in projector.get("html"))
    assert "3×</span> juf" in page
    assert "visboer" not in page and "1 andere rol is door minder dan 3 mensen" in page
    # The register's view of Oude Haven: types, roles per domain, the domain on one person.
    assert "In het register: Oude Haven" in page
    assert "buurtbemiddelaar Oude Haven" in page
    assert "Rust op één persoon:</b> Sociaal functioneren" in page
    assert "Anouk" not in page
    votes.engine.dispose()


def test_public_engine_takes_nominations_but_refuses_the_register(data_dir: Path) -> None:
    """The public Stem page stores the room's roles; the register stays out of reach."""
    from urgentie.store import db
    from urgentie.store.key_people import KeyPeopleStore

    # The facilitator opens the session (analyst); phones reach the public engine.
    agenda = new_agenda(OUDE_HAVEN, ["veiligheid"], 2024, "Oude Haven")
    session = VoteStore(db.open_engine()).create_session(
        "Avond", "GM9999", {**agenda.to_config(), "rollen": True}
    )
    engine = db.open_public_engine()
    nominations = NominationStore(engine)
    nominations.nominate(session.id, "p1", OUDE_HAVEN, "conciërge", "alledaagse_doener", 1)
    assert nominations.frame(session.id)["role_label"].tolist() == ["conciërge"]
    with pytest.raises((db.NoteTextForbiddenError, sa.exc.DatabaseError)):
        KeyPeopleStore(engine).people("GM9999")
