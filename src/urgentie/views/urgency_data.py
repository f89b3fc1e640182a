"""Cached shared-urgency results for the pages (Gedeelde urgentie, Sessie, Mijn wijk).

Evidence is read from the notes database without any note text (ratings, codes and votes only),
so the resident page can use it in public mode. The caches are keyed on the database's evidence
stamp (:func:`urgentie.store.fingerprint.evidence_version`, one small query) and the dataset's
``saved_at``: a rerun that changes nothing reads from memory however long ago the last one was,
and a new vote, import or correction shows up on the next rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from urgentie.analysis import evidence as ev
from urgentie.analysis.resident import MENTION_COLUMNS
from urgentie.analysis.respondents import conversation_partner
from urgentie.analysis.shared import SharedUrgency, shared_urgency
from urgentie.store.fingerprint import evidence_version
from urgentie.views import loaders, notes_data


def version() -> str:
    """The current evidence stamp of the notes database (part of every cache key here)."""
    return evidence_version(notes_data.store().engine)


def evidence(gemeente: str) -> pd.DataFrame:
    """All soft evidence of a gemeente: explicit ratings, coded notes and session votes."""
    return _evidence(gemeente, version())


@st.cache_data(show_spinner=False, max_entries=16)
def _evidence(gemeente: str, stamp: str) -> pd.DataFrame:
    del stamp  # only part of the cache key
    notes = notes_data.store()
    votes = notes_data.vote_store()
    return ev.combine(
        notes.ratings_frame(gemeente),
        notes.code_facts(gemeente),
        votes.votes_frame(gemeente_code=gemeente),
    )


def mentions(gemeente: str) -> pd.DataFrame:
    """Coded mentions (respondent, area, domain, perspective, polarity) for resident themes."""
    return _mentions(gemeente, version())


@st.cache_data(show_spinner=False, max_entries=16)
def _mentions(gemeente: str, stamp: str) -> pd.DataFrame:
    del stamp  # only part of the cache key
    codes = notes_data.store().code_facts(gemeente)
    if codes.empty:
        return pd.DataFrame(columns=list(MENTION_COLUMNS))
    frame = pd.DataFrame(
        {
            # People, not notes: one conversation partner per import, area, perspective and day.
            "respondent": conversation_partner(codes),
            "area_code": codes["area_code"],
            "domain": codes["domain"],
            "perspective": codes["perspective"],
            "polarity": codes["polarity"],
        }
    )
    return frame.drop_duplicates().reset_index(drop=True)


@st.cache_resource(show_spinner="Stemmen vergelijken…", max_entries=16)
def _shared(
    gemeente: str,
    jaar: int,
    level: str,
    weights: tuple[tuple[str, float], ...],
    stamps: tuple[str, str],
) -> SharedUrgency:
    stamp = stamps[1]  # stamps: the dataset's and the evidence's version (the cache key)
    areas = loaders.all_attributes(gemeente, jaar)
    return shared_urgency(
        areas, _evidence(gemeente, stamp), level=level, weights=dict(weights) or None
    )


def shared(
    gemeente: str, jaar: int, level: str = "wijk", weights: dict[str, float] | None = None
) -> SharedUrgency:
    """Voices and alignment of one gemeente-year-level (see :mod:`urgentie.analysis.shared`).

    Shared between reruns and sessions, not copied: never modify the result.
    """
    key = tuple(sorted((weights or {}).items()))
    return _shared(gemeente, jaar, level, key, (loaders.view_stamp(gemeente, jaar), version()))


def clear() -> None:
    """Forget cached evidence (the stamp already moves with every change; this is for a
    change the stamp cannot see, such as a database replaced on disk)."""
    _evidence.clear()
    _mentions.clear()
    _shared.clear()
