"""Who counts as one person when a page promises "mensen" (Mijn wijk's k-anonymity).

A note is not a person: one conversation is often stored as several notes (the paragraphs of a
Word report, a resident heard on several themes). Notes carry no name, and public mode may not
read anything that points at one (``store/public_access.yaml``), so a conversation is recognised
from what it may read: notes of the same import, the same area, the same perspective and the same
date count as **one conversation partner**. Two different people heard on the same day in the
same buurt with the same perspective and imported together then count as one: the count errs on
the side of fewer people, so suppression below k hides more, never less. Notes without a date
count as one person per import, area and perspective. A session vote counts per device
(participant) and round, in :mod:`urgentie.analysis.evidence`.
"""

from __future__ import annotations

import pandas as pd

NO_DATE = "zonder datum"


def conversation_partner(facts: pd.DataFrame) -> pd.Series:
    """One key per person (see the module docstring) for rows with ``batch_id``, ``area_code``,
    ``perspective`` and ``note_date``."""
    dates = pd.to_datetime(facts["note_date"], errors="coerce")
    day = dates.dt.strftime("%Y-%m-%d").fillna(NO_DATE)
    return (
        "gesprek:"
        + facts["batch_id"].astype(str)
        + "|"
        + facts["area_code"].astype(str)
        + "|"
        + facts["perspective"].astype(str)
        + "|"
        + day
    )
