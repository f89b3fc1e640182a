"""Sessions and votes, on SQLite and real PostgreSQL."""

from __future__ import annotations

import pytest

from urgentie.errors import UserError
from urgentie.store import db
from urgentie.store.votes import VoteStore


@pytest.fixture
def votes(db_url: str) -> VoteStore:
    engine = db.open_engine(db_url)
    yield VoteStore(engine)
    engine.dispose()


def test_session_lifecycle(votes: VoteStore) -> None:
    session = votes.create_session("Leergemeenschap Noord", "GM9999", {"areas": ["WK999901"]})
    assert len(session.id) == 6 and session.is_open and session.current_round == 1
    assert votes.session(session.id.lower()) == session  # join codes are case-insensitive
    votes.set_status(session.id, open_=False)
    closed = votes.session(session.id)
    assert not closed.is_open and closed.closed_at is not None
    assert votes.next_round(session.id) == 2
    assert [s.id for s in votes.sessions("GM9999")] == [session.id]
    assert votes.sessions("GM0001") == []


def test_voting_again_replaces_the_earlier_vote(votes: VoteStore) -> None:
    session = votes.create_session("Sessie", "GM9999")
    votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "veiligheid"): 2})
    votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "veiligheid"): 5})
    votes.cast_votes(session.id, "tel-2", "professional", {("WK999901", "veiligheid"): 3})
    frame = votes.votes_frame([session.id])
    assert sorted(frame["rating"]) == [3, 5]
    summary = votes.vote_summary(session.id).set_index("perspective")
    assert summary.loc["bewoner", "mean"] == 5 and summary.loc["bewoner", "n"] == 1
    # A new round keeps the old votes apart.
    votes.next_round(session.id)
    votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "veiligheid"): 1})
    assert votes.vote_summary(session.id)["mean"].tolist() == [1]
    assert len(votes.votes_frame(gemeente_code="GM9999")) == 3


@pytest.mark.parametrize(
    ("perspective", "rating", "message"),
    [
        ("bewoner", 6, "1 tot en met 5"),
        ("bewoner", 2.5, "1 tot en met 5"),
        ("journalist", 3, "Onbekend perspectief"),
    ],
)
def test_invalid_votes_are_refused_whole(
    votes: VoteStore, perspective: str, rating: float, message: str
) -> None:
    session = votes.create_session("Sessie", "GM9999")
    ratings = {("WK999901", "wonen"): 3, ("WK999901", "veiligheid"): rating}
    with pytest.raises(UserError, match=message):
        votes.cast_votes(session.id, "tel-1", perspective, ratings)
    assert votes.votes_frame([session.id]).empty


def test_closed_session_refuses_votes(votes: VoteStore) -> None:
    session = votes.create_session("Sessie", "GM9999")
    votes.set_status(session.id, open_=False)
    with pytest.raises(UserError, match="gesloten"):
        votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "wonen"): 3})
    with pytest.raises(UserError, match="bestaat niet"):
        votes.cast_votes("ZZZZZZ", "tel-1", "bewoner", {("WK999901", "wonen"): 3})


def test_a_whole_ballot_replaces_every_earlier_vote_of_the_participant(votes: VoteStore) -> None:
    session = votes.create_session("Sessie", "GM9999")
    first = {("WK999901", "wonen"): 4, ("WK999901", "veiligheid"): 5}
    votes.cast_votes(session.id, "tel-1", "bewoner", first, whole_ballot=True)
    votes.cast_votes(session.id, "tel-2", "beleid", {("WK999901", "wonen"): 2}, whole_ballot=True)
    # tel-1 changes its mind: wonen 3, and "weet ik niet" on veiligheid (no vote at all).
    votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "wonen"): 3}, whole_ballot=True)
    frame = votes.votes_frame([session.id]).sort_values(["participant", "domain"])
    assert list(zip(frame["participant"], frame["domain"], frame["rating"], strict=True)) == [
        ("tel-1", "wonen", 3),
        ("tel-2", "wonen", 2),
    ]
    # A ballot only replaces votes of its own round.
    votes.next_round(session.id)
    votes.cast_votes(session.id, "tel-1", "bewoner", {("WK999901", "wonen"): 1}, whole_ballot=True)
    assert sorted(votes.votes_frame([session.id])["round"]) == [1, 1, 2]


def test_has_open_session(votes: VoteStore) -> None:
    assert not votes.has_open_session()
    session = votes.create_session("Sessie", "GM9999")
    assert votes.has_open_session()
    votes.set_status(session.id, open_=False)
    assert not votes.has_open_session()


def test_a_vote_for_a_round_that_is_over_is_refused(db_url: str) -> None:
    from urgentie.store.db import open_engine
    from urgentie.store.votes import VoteStore

    votes = VoteStore(open_engine(db_url))
    session = votes.create_session("Ronde", "GM9999")
    assert votes.next_round(session.id) == 2
    with pytest.raises(UserError, match="nieuwe stemronde"):
        votes.cast_votes(session.id, "apparaat", "bewoner", {("WK999901", "wonen"): 4}, round_=1)
    assert (
        votes.cast_votes(session.id, "apparaat", "bewoner", {("WK999901", "wonen"): 4}, round_=2)
        == 1
    )
    # Rounds advance in the database, so two facilitator clicks give two rounds.
    assert votes.next_round(session.id) == 3
    assert votes.next_round(session.id) == 4


def test_a_session_can_start_closed(db_url: str) -> None:
    from urgentie.store.db import open_engine
    from urgentie.store.votes import VoteStore

    votes = VoteStore(open_engine(db_url))
    session = votes.create_session("Dicht", "GM9999", open_=False)
    assert not session.is_open and session.closed_at is not None
    assert not votes.has_open_session()
    with pytest.raises(UserError, match="gesloten"):
        votes.cast_votes(session.id, "apparaat", "bewoner", {("WK999901", "wonen"): 4})
