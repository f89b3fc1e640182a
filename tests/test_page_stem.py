"""The Stem page with AppTest: join by code, a clear message for an unknown or closed session,
the ballot stored with the session id under a hashed device id, and voting again replaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apptest_support import open_page
from streamlit.testing.v1 import AppTest

from tests.notes_support import make_areas
from urgentie.session.agenda import new_agenda
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import Session, VoteStore
from urgentie.views import stem

WIJK = "WK999901"


@pytest.fixture
def votes(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> VoteStore:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    make_areas(data_dir)
    store = VoteStore(NotesStore.open().engine)
    yield store
    store.engine.dispose()


def _session(votes: VoteStore, *, open_: bool = True) -> Session:
    agenda = new_agenda(WIJK, ["wonen", "veiligheid", "scholing"], 2024, "De <Brinck>")
    session = votes.create_session("Avond <i>Noord</i>", "GM9999", agenda.to_config())
    if not open_:
        votes.set_status(session.id, open_=False)
    return session


def _phone(code: str) -> AppTest:
    at = open_page("stem", query={"sessie": code})
    assert not at.exception
    return at


def _vote(at: AppTest, code: str, perspective: str, ratings: dict[str, int]) -> None:
    prefix = f"stem_{code}_1"
    at.radio(key=f"{prefix}_perspectief").set_value(perspective)
    for domain, rating in ratings.items():
        at.button_group(key=f"{prefix}_{domain}").set_value(rating)
    next(b for b in at.button if b.label == "Stem versturen").click().run()
    assert not at.exception


def test_without_a_code_the_page_asks_for_it(votes: VoteStore) -> None:
    at = open_page("stem")
    assert at.text_input[0].label == "Code van de sessie"
    session = _session(votes)
    at.text_input[0].set_value(session.id.lower())
    next(b for b in at.button if b.label == "Meedoen").click().run()
    assert at.query_params["sessie"] == session.id
    assert at.radio(key=f"stem_{session.id}_1_perspectief") is not None


def test_a_code_typed_as_the_projector_spaces_it_works(votes: VoteStore) -> None:
    session = _session(votes)
    spaced = f" {session.id[:3].lower()} {session.id[3:]}-"
    at = open_page("stem")
    at.text_input[0].set_value(spaced)
    next(b for b in at.button if b.label == "Meedoen").click().run()
    assert not at.error
    assert at.query_params["sessie"] == session.id


def test_a_damaged_code_in_the_link_is_explained(votes: VoteStore) -> None:
    at = _phone("abc")
    assert [e.value for e in at.error] == [stem.BAD_CODE]
    assert at.text_input[0].label == "Code van de sessie"


def test_a_code_of_the_wrong_length_is_explained(votes: VoteStore) -> None:
    at = open_page("stem")
    at.text_input[0].set_value("ABC23")
    next(b for b in at.button if b.label == "Meedoen").click().run()
    assert "6 letters en cijfers" in at.error[0].value
    assert "sessie" not in at.query_params


def test_an_unknown_code_gets_a_clear_message(votes: VoteStore) -> None:
    at = _phone("QQQQQQ")
    assert "Er is geen sessie met code QQQQQQ" in at.error[0].value
    assert at.text_input[0].label == "Code van de sessie"


def test_a_closed_session_shows_no_form(votes: VoteStore) -> None:
    session = _session(votes, open_=False)
    at = _phone(session.id)
    assert "De stemming is nu dicht" in at.info[0].value
    assert not [b for b in at.button if b.label == "Stem versturen"]


def test_a_vote_is_stored_with_the_session_and_can_be_changed(votes: VoteStore) -> None:
    session = _session(votes)
    at = _phone(session.id)
    # The title and wijk come from a user: shown as typed, never as markup.
    assert at.markdown[0].value == r"**Avond \<i\>Noord\</i\>** · wijk De \<Brinck\>"
    _vote(at, session.id, "bewoner", {"wonen": 4, "veiligheid": 2})
    stored = votes.votes_frame([session.id])
    assert set(stored["session_id"]) == {session.id} and set(stored["round"]) == {1}
    assert sorted(zip(stored["domain"], stored["rating"], strict=True)) == [
        ("veiligheid", 2),
        ("wonen", 4),
    ]
    participant = stored["participant"].iloc[0]
    assert re.fullmatch(r"[0-9a-f]{32}", participant)  # a hash, never the token itself
    assert "Je stem is ontvangen (ronde 1)" in at.success[0].value
    assert "Scholing: weet ik niet" in at.markdown[-1].value

    # Change: veiligheid becomes "weet ik niet", scholing 5. Still one participant.
    next(b for b in at.button if b.label == "Stem wijzigen").click().run()
    assert at.button_group(key=f"stem_{session.id}_1_wonen").value == 4  # prefilled
    _vote(at, session.id, "bewoner", {"veiligheid": 0, "scholing": 5})
    stored = votes.votes_frame([session.id])
    assert set(stored["participant"]) == {participant}
    assert sorted(zip(stored["domain"], stored["rating"], strict=True)) == [
        ("scholing", 5),
        ("wonen", 4),
    ]


def test_two_phones_are_two_participants(votes: VoteStore) -> None:
    session = _session(votes)
    _vote(_phone(session.id), session.id, "bewoner", {"wonen": 5})
    _vote(_phone(session.id), session.id, "professional", {"wonen": 1})
    summary = votes.vote_summary(session.id).set_index("perspective")
    assert summary.loc["bewoner", "n"] == 1 and summary.loc["professional", "n"] == 1


@pytest.mark.parametrize(
    ("perspective", "ratings", "message"),
    [
        (None, {"wonen": 3}, "Kies eerst wie je hier bent"),
        ("beleid", {}, "Geef bij minstens één thema een cijfer"),
    ],
)
def test_an_incomplete_ballot_is_explained_and_not_stored(
    votes: VoteStore, perspective: str | None, ratings: dict[str, int], message: str
) -> None:
    session = _session(votes)
    at = _phone(session.id)
    prefix = f"stem_{session.id}_1"
    if perspective:
        at.radio(key=f"{prefix}_perspectief").set_value(perspective)
    for domain, rating in ratings.items():
        at.button_group(key=f"{prefix}_{domain}").set_value(rating)
    next(b for b in at.button if b.label == "Stem versturen").click().run()
    assert message in at.error[0].value
    assert votes.votes_frame([session.id]).empty


def test_a_vote_sent_after_the_round_closed_does_not_count_and_says_so(
    votes: VoteStore,
) -> None:
    session = _session(votes)
    at = _phone(session.id)
    votes.set_status(session.id, open_=False)  # closed while the phone had the form open
    _vote(at, session.id, "bewoner", {"wonen": 3})
    assert "De stemming is nu dicht" in at.info[0].value
    assert "telt hij niet mee" in at.warning[0].value
    assert votes.votes_frame([session.id]).empty


def test_a_phone_that_sent_nothing_gets_no_warning_when_the_round_closes(
    votes: VoteStore,
) -> None:
    session = _session(votes)
    at = _phone(session.id)
    votes.set_status(session.id, open_=False)  # the form was open, nothing was sent
    at.run()
    assert "De stemming is nu dicht" in at.info[0].value
    assert not at.warning


@pytest.mark.parametrize("open_", [True, False])
def test_in_public_mode_a_session_link_reaches_the_stem_page(
    votes: VoteStore, monkeypatch: pytest.MonkeyPatch, open_: bool
) -> None:
    """Listed or not (only while a session is open), the link works and explains itself."""
    monkeypatch.setenv("URGENTIE_MODE", "public")
    session = _session(votes, open_=open_)
    at = _phone(session.id)
    if open_:
        assert at.radio(key=f"stem_{session.id}_1_perspectief") is not None
    else:
        assert "De stemming is nu dicht" in at.info[0].value
