"""Soft evidence from the notes store and the session votes, in one long table.

The store hands over three frames without any note text (explicit ratings, codes, votes); this
module turns them into rows of :data:`urgentie.analysis.soft_urgency.EVIDENCE_COLUMNS`. Because
no text is involved, the resident view can use the same path in public mode.
"""

from __future__ import annotations

import pandas as pd

from urgentie.analysis.soft_urgency import EVIDENCE_COLUMNS, empty_evidence

CODED_VALUE = {"zorg": 4.0, "kracht": 2.0}
"""Urgency of a hand-set code without cue score: a concern leans urgent, a strength does not.
Both on one note and domain give the middle (3)."""


def from_ratings(ratings: pd.DataFrame) -> pd.DataFrame:
    """Explicit ratings in notes: note_id, area_code, perspective, note_date, domain, rating."""
    if ratings.empty:
        return empty_evidence()
    return pd.DataFrame(
        {
            "area_code": ratings["area_code"],
            "domain": ratings["domain"],
            "perspective": ratings["perspective"],
            "kind": "beoordeling",
            "value": pd.to_numeric(ratings["rating"], errors="coerce").astype("float64"),
            "respondent": "notitie:" + ratings["note_id"].astype(str),
            "date": pd.to_datetime(ratings["note_date"], errors="coerce"),
            "basis": "expliciet",
        }
    )[list(EVIDENCE_COLUMNS)]


def from_codes(codes: pd.DataFrame) -> pd.DataFrame:
    """One coded value per note and domain from active codes.

    The coder's cue score (``cue_urgency``) wins; a code set by hand has none, and then the
    polarities decide via :data:`CODED_VALUE`. ``basis`` is ``bevestigd`` when an analyst
    confirmed or set every code of the note and domain, else ``automatisch`` (a frame without
    the ``automatic``/``confirmed`` columns counts as automatic).
    """
    if codes.empty:
        return empty_evidence()
    rows = []
    for (note_id, domain), group in codes.groupby(["note_id", "domain"], sort=False):
        cue = pd.to_numeric(group["cue_urgency"], errors="coerce").dropna()
        if len(cue):
            value = float(cue.iloc[0])
        else:
            value = float(
                sum(CODED_VALUE.get(p, 3.0) for p in set(group["polarity"]))
                / len(set(group["polarity"]))
            )
        first = group.iloc[0]
        confirmed = (
            "automatic" in group
            and "confirmed" in group
            and bool((~group["automatic"].astype(bool) | group["confirmed"].astype(bool)).all())
        )
        rows.append(
            {
                "area_code": first["area_code"],
                "domain": domain,
                "perspective": first["perspective"],
                "kind": "codering",
                "value": value,
                "respondent": f"notitie:{note_id}",
                "date": pd.to_datetime(first["note_date"], errors="coerce"),
                "basis": "bevestigd" if confirmed else "automatisch",
            }
        )
    return pd.DataFrame(rows, columns=list(EVIDENCE_COLUMNS))


def from_votes(votes: pd.DataFrame) -> pd.DataFrame:
    """Session votes; one respondent is one participant in one round of one session."""
    if votes.empty:
        return empty_evidence()
    respondent = (
        "stem:"
        + votes["session_id"].astype(str)
        + ":"
        + votes["round"].astype(str)
        + ":"
        + votes["participant"].astype(str)
    )
    return pd.DataFrame(
        {
            "area_code": votes["area_code"],
            "domain": votes["domain"],
            "perspective": votes["perspective"],
            "kind": "stem",
            "value": pd.to_numeric(votes["rating"], errors="coerce").astype("float64"),
            "respondent": respondent,
            "date": pd.to_datetime(votes["created_at"], errors="coerce"),
            "basis": "expliciet",
        }
    )[list(EVIDENCE_COLUMNS)]


def combine(ratings: pd.DataFrame, codes: pd.DataFrame, votes: pd.DataFrame) -> pd.DataFrame:
    """All soft evidence of a gemeente in one table (see module docstring)."""
    parts = [p for p in (from_ratings(ratings), from_codes(codes), from_votes(votes)) if len(p)]
    if not parts:
        return empty_evidence()
    return pd.concat(parts, ignore_index=True)
