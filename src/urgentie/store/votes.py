"""Learning-community sessions and their urgency votes.

A session has a short join code (its id), a status (``open`` / ``gesloten``) and a current round;
participants vote 1–5 per (area, domain) with their perspective. Voting again in the same round
replaces the earlier vote, so a phone that resubmits never counts twice. Votes in a closed session
are refused.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from urgentie.domains import DOMAIN_KEYS, PERSPECTIVES
from urgentie.errors import UserError
from urgentie.store import db
from urgentie.store.notes_db import read_frame
from urgentie.store.schema import SESSION_CLOSED, SESSION_OPEN, sessions, votes

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Join codes avoid look-alikes (0/O, 1/I) because people type them from a projector."""


@dataclass(frozen=True)
class Session:
    """A voting session as stored."""

    id: str
    title: str
    gemeente_code: str
    status: str
    current_round: int
    config: dict[str, Any]
    created_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status == SESSION_OPEN


class VoteStore:
    """Create and close sessions, record votes and read them back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- sessions -------------------------------------------------------------------------------
    def create_session(
        self,
        title: str,
        gemeente_code: str,
        config: Mapping[str, Any] | None = None,
        *,
        open_: bool = True,
    ) -> Session:
        """Create a session with a fresh 6-character join code and return it.

        ``config`` is free-form for the session page (e.g. the areas and domains on the agenda).
        ``open_=False`` creates it closed for votes, in the same transaction, so a public app
        never lists a session that is about to be closed.
        """
        title = title.strip()
        if not title:
            raise UserError("Geef de sessie een naam.")
        with db.write_transaction(self.engine) as conn:
            for _ in range(20):
                code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
                taken = conn.execute(sa.select(sessions.c.id).where(sessions.c.id == code))
                if taken.first() is None:
                    break
            conn.execute(
                sa.insert(sessions).values(
                    id=code,
                    title=title[:200],
                    gemeente_code=gemeente_code,
                    status=SESSION_OPEN if open_ else SESSION_CLOSED,
                    current_round=1,
                    config=dict(config or {}),
                    created_at=db.now(),
                    closed_at=None if open_ else db.now(),
                )
            )
        session = self.session(code)
        assert session is not None
        return session

    def session(self, session_id: str) -> Session | None:
        """The session with this join code (case-insensitive), or None."""
        code = session_id.strip().upper()
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sessions).where(sessions.c.id == code)).mappings().first()
        return _session(row) if row is not None else None

    def sessions(self, gemeente_code: str | None = None) -> list[Session]:
        """Every session, newest first."""
        query = sa.select(sessions).order_by(sessions.c.created_at.desc())
        if gemeente_code:
            query = query.where(sessions.c.gemeente_code == gemeente_code)
        with self.engine.connect() as conn:
            return [_session(r) for r in conn.execute(query).mappings()]

    def has_open_session(self) -> bool:
        """Whether any session is open for votes (the public app then lists the Stem page)."""
        query = sa.select(sessions.c.id).where(sessions.c.status == SESSION_OPEN).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def set_status(self, session_id: str, open_: bool) -> None:
        """Close a session (no more votes) or reopen it."""
        values: dict[str, Any] = {
            "status": SESSION_OPEN if open_ else SESSION_CLOSED,
            "closed_at": None if open_ else db.now(),
        }
        self._update(session_id, values)

    def next_round(self, session_id: str) -> int:
        """Start a new voting round (e.g. after the discussion) and return its number.

        One UPDATE that adds 1 in the database: two clicks at once give two rounds, never one
        lost update.
        """
        session = self._require(session_id)
        with db.write_transaction(self.engine) as conn:
            conn.execute(
                sa.update(sessions)
                .where(sessions.c.id == session.id)
                .values(current_round=sessions.c.current_round + 1)
            )
            return int(
                conn.execute(
                    sa.select(sessions.c.current_round).where(sessions.c.id == session.id)
                ).scalar_one()
            )

    def update_config(self, session_id: str, config: Mapping[str, Any]) -> None:
        self._update(session_id, {"config": dict(config)})

    def _update(self, session_id: str, values: Mapping[str, Any]) -> None:
        session = self._require(session_id)
        with db.write_transaction(self.engine) as conn:
            conn.execute(sa.update(sessions).where(sessions.c.id == session.id).values(**values))

    def _require(self, session_id: str) -> Session:
        session = self.session(session_id)
        if session is None:
            raise UserError(f"Sessie '{session_id}' bestaat niet.")
        return session

    # --- votes ----------------------------------------------------------------------------------
    def cast_votes(
        self,
        session_id: str,
        participant: str,
        perspective: str,
        ratings: Mapping[tuple[str, str], int],
        *,
        whole_ballot: bool = False,
        round_: int | None = None,
    ) -> int:
        """Record one participant's ratings ((area code, domain) -> 1–5) in the current round.

        All or nothing; earlier votes of the same participant for the same (area, domain) in this
        round are replaced. With ``whole_ballot`` the ratings are the participant's complete
        ballot: every earlier vote of theirs in this round goes, also for a domain they now
        leave open ("weet ik niet"). ``round_`` is the round the participant saw: when the
        facilitator started another one meanwhile, the vote is refused rather than counted in a
        round it was not meant for. Returns the number of votes stored.
        """
        if perspective not in PERSPECTIVES:
            raise UserError(
                f"Onbekend perspectief '{perspective}'. Kies uit: {', '.join(PERSPECTIVES)}."
            )
        participant = participant.strip()[:64]
        if not participant:
            raise UserError("Stem zonder deelnemerscode kan niet worden bewaard.")
        rows = []
        for (area_code, domain), rating in ratings.items():
            if domain not in DOMAIN_KEYS:
                raise UserError(f"Onbekend domein '{domain}'.")
            if int(rating) != rating or not 1 <= int(rating) <= 5:
                raise UserError(f"Een stem is een geheel getal van 1 tot en met 5, niet {rating}.")
            rows.append((area_code, domain, int(rating)))
        stamp = db.now()
        with db.write_transaction(self.engine) as conn:
            # Read the session inside the write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL:
            # FOR UPDATE): a round closed or advanced by the facilitator a moment ago is seen, and
            # a late vote is refused instead of landing in a closed or wrong round.
            query = sa.select(sessions).where(sessions.c.id == session_id.strip().upper())
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            row = conn.execute(query).mappings().first()
            if row is None:
                raise UserError(f"Sessie '{session_id}' bestaat niet.")
            session = _session(row)
            if not session.is_open:
                raise UserError("Deze sessie is gesloten; stemmen kan niet meer.")
            if round_ is not None and round_ != session.current_round:
                raise UserError(
                    f"Er is intussen een nieuwe stemronde begonnen (ronde {session.current_round})"
                    "; je stem telt niet mee. Stem opnieuw."
                )
            if whole_ballot:
                conn.execute(
                    sa.delete(votes).where(
                        votes.c.session_id == session.id,
                        votes.c.round == session.current_round,
                        votes.c.participant == participant,
                    )
                )
            for area_code, domain, rating in rows:
                conn.execute(
                    sa.delete(votes).where(
                        votes.c.session_id == session.id,
                        votes.c.round == session.current_round,
                        votes.c.participant == participant,
                        votes.c.area_code == area_code,
                        votes.c.domain == domain,
                    )
                )
                conn.execute(
                    sa.insert(votes).values(
                        session_id=session.id,
                        round=session.current_round,
                        participant=participant,
                        perspective=perspective,
                        area_code=area_code,
                        domain=domain,
                        rating=rating,
                        created_at=stamp,
                    )
                )
        return len(rows)

    def votes_frame(
        self,
        session_ids: Iterable[str] | None = None,
        gemeente_code: str | None = None,
        round_: int | None = None,
    ) -> pd.DataFrame:
        """Votes, one row each: session_id, round, participant, perspective, area_code, domain,
        rating, created_at (plus the session's gemeente_code)."""
        query = sa.select(
            votes.c.session_id,
            votes.c.round,
            votes.c.participant,
            votes.c.perspective,
            votes.c.area_code,
            votes.c.domain,
            votes.c.rating,
            votes.c.created_at,
            sessions.c.gemeente_code,
        ).join(sessions, sessions.c.id == votes.c.session_id)
        if session_ids is not None:
            query = query.where(votes.c.session_id.in_([s.strip().upper() for s in session_ids]))
        if gemeente_code:
            query = query.where(sessions.c.gemeente_code == gemeente_code)
        if round_ is not None:
            query = query.where(votes.c.round == round_)
        with self.engine.connect() as conn:
            return read_frame(conn, query)

    def vote_summary(self, session_id: str, round_: int | None = None) -> pd.DataFrame:
        """Mean rating and number of votes per area × domain × perspective of one session.

        Defaults to the session's current round. Columns: area_code, domain, perspective,
        mean, n.
        """
        session = self._require(session_id)
        frame = self.votes_frame([session.id], round_=round_ or session.current_round)
        keys = ["area_code", "domain", "perspective"]
        if frame.empty:
            return pd.DataFrame(columns=[*keys, "mean", "n"])
        grouped = frame.groupby(keys)["rating"]
        return pd.DataFrame({"mean": grouped.mean(), "n": grouped.size()}).reset_index()


def _session(row: Mapping[str, Any]) -> Session:
    return Session(
        id=row["id"],
        title=row["title"],
        gemeente_code=row["gemeente_code"],
        status=row["status"],
        current_round=int(row["current_round"]),
        config=dict(row["config"] or {}),
        created_at=row["created_at"],
        closed_at=row["closed_at"],
    )
