""" "Wie maakt hier het verschil?" — roles the room names from their phones in a session.

One nomination per participant, round and wijk: naming again replaces it. Only a cleaned role
(names removed before it gets here, see :mod:`urgentie.keypeople.nominate`) and a type are
stored; nothing becomes a key person by itself.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from urgentie.errors import UserError
from urgentie.keypeople import vocab
from urgentie.store import db
from urgentie.store.notes_db import read_frame
from urgentie.store.schema import role_nominations, sessions


class NominationStore:
    """Write and read the room's role nominations."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def nominate(  # noqa: PLR0917 - one nomination: who, where, what, which round
        self,
        session_id: str,
        participant: str,
        area_code: str,
        role_label: str,
        person_type: str,
        round_: int,
    ) -> None:
        """Store (or replace) one participant's nomination; refused when the session is gone
        or closed for roles."""
        vocab.check("types", person_type)
        participant = participant.strip()[:64]
        with db.write_transaction(self.engine) as conn:
            row = conn.execute(
                sa.select(sessions.c.config).where(sessions.c.id == session_id.strip().upper())
            ).first()
            if row is None:
                raise UserError(f"Sessie '{session_id}' bestaat niet.")
            if not (row[0] or {}).get("rollen"):
                raise UserError("De vraag 'wie maakt hier het verschil?' is nu gesloten.")
            conn.execute(
                sa.delete(role_nominations).where(
                    role_nominations.c.session_id == session_id.upper(),
                    role_nominations.c.round == round_,
                    role_nominations.c.participant == participant,
                    role_nominations.c.area_code == area_code,
                )
            )
            conn.execute(
                sa.insert(role_nominations).values(
                    session_id=session_id.upper(),
                    round=round_,
                    participant=participant,
                    area_code=area_code,
                    role_label=role_label,
                    person_type=person_type,
                    created_at=db.now(),
                )
            )

    def frame(self, session_id: str) -> pd.DataFrame:
        """Every nomination of a session: round, participant, area_code, role_label,
        person_type."""
        query = sa.select(
            role_nominations.c.round,
            role_nominations.c.participant,
            role_nominations.c.area_code,
            role_nominations.c.role_label,
            role_nominations.c.person_type,
        ).where(role_nominations.c.session_id == session_id.strip().upper())
        with self.engine.connect() as conn:
            return read_frame(conn, query)
