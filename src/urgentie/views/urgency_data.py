"""Cached shared-urgency results for the pages (Gedeelde urgentie, Sessie, Mijn wijk).

Evidence is read from the notes database without any note text (ratings, codes and votes only),
so the resident page can use it in public mode. It is cached for a few seconds: new votes in a
session appear almost at once, and a page rerun in between reads from memory.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from urgentie.analysis import evidence as ev
from urgentie.analysis.resident import MENTION_COLUMNS
from urgentie.analysis.shared import SharedUrgency, shared_urgency
from urgentie.views import loaders, notes_data

EVIDENCE_TTL_SECONDS = 5


@st.cache_data(show_spinner=False, ttl=EVIDENCE_TTL_SECONDS, max_entries=16)
def evidence(gemeente: str) -> pd.DataFrame:
    """All soft evidence of a gemeente: explicit ratings, coded notes and session votes."""
    notes = notes_data.store()
    votes = notes_data.vote_store()
    return ev.combine(
        notes.ratings_frame(gemeente),
        notes.code_facts(gemeente),
        votes.votes_frame(gemeente_code=gemeente),
    )


@st.cache_data(show_spinner=False, ttl=EVIDENCE_TTL_SECONDS, max_entries=16)
def mentions(gemeente: str) -> pd.DataFrame:
    """Coded mentions (respondent, area, domain, perspective, polarity) for resident themes."""
    codes = notes_data.store().code_facts(gemeente)
    if codes.empty:
        return pd.DataFrame(columns=list(MENTION_COLUMNS))
    frame = pd.DataFrame(
        {
            "respondent": "notitie:" + codes["note_id"].astype(str),
            "area_code": codes["area_code"],
            "domain": codes["domain"],
            "perspective": codes["perspective"],
            "polarity": codes["polarity"],
        }
    )
    return frame.drop_duplicates().reset_index(drop=True)


@st.cache_data(show_spinner="Stemmen vergelijken…", ttl=EVIDENCE_TTL_SECONDS, max_entries=16)
def _shared(
    gemeente: str,
    jaar: int,
    level: str,
    weights: tuple[tuple[str, float], ...],
    stamp: str,
) -> SharedUrgency:
    del stamp  # only part of the cache key
    areas = loaders.areas(gemeente, jaar)
    return shared_urgency(areas, evidence(gemeente), level=level, weights=dict(weights) or None)


def shared(
    gemeente: str, jaar: int, level: str = "wijk", weights: dict[str, float] | None = None
) -> SharedUrgency:
    """Voices and alignment of one gemeente-year-level (see :mod:`urgentie.analysis.shared`)."""
    key = tuple(sorted((weights or {}).items()))
    return _shared(gemeente, jaar, level, key, loaders.saved_at(gemeente, jaar))


def clear() -> None:
    """Forget cached evidence after a change the user is waiting to see (a vote, a code)."""
    evidence.clear()
    mentions.clear()
    _shared.clear()
