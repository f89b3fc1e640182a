"""The analyst's review of automatic codes: how sure the coder is, and which notes to review first.

The review workbench on Gesprekken shows notes in order of the coder's *uncertainty*, so that an
analyst's minutes go where the coder is most likely wrong. One function, :func:`hit_confidence`,
turns whatever the coder gives into a confidence between 0 and 1:

- a coder that exposes a probability or confidence per code (an attribute ``confidence`` or
  ``probability`` on its hits, as a trained classifier does) is used as it is;
- otherwise a declared rule on the lexicon hit (:func:`lexicon_confidence`): more matched terms
  make a code surer; a negation that turned a term around, and both polarities of the same domain
  in one note, make it less sure (those are where a word list errs most often).

A note's uncertainty (:func:`note_uncertainty`) is highest for codes near 0.5, and a note without
any code gets an uncertainty that grows with its length: a long note that matched nothing is
likely a miss.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

BASE_CONFIDENCE = 0.55
"""Confidence of a code resting on one lexicon term, with no negation or contrary code."""
PER_EXTRA_TERM = 0.12
"""Added for every further matched term of the same code."""
NEGATION_PENALTY = 0.2
"""Subtracted when a negation turned the code around ("geen overlast")."""
CONFLICT_PENALTY = 0.15
"""Subtracted when the same domain is also coded with the other polarity in the note."""
UNCODED_WORDS_FOR_MAX = 60
"""A note without codes this long (in words) or longer is as uncertain as a code at 0.5."""


def lexicon_confidence(terms: int, negated: bool, conflicting: bool) -> float:
    """The declared confidence of a lexicon code (see the module docstring), in [0.05, 0.95]."""
    value = BASE_CONFIDENCE + PER_EXTRA_TERM * max(0, terms - 1)
    if negated:
        value -= NEGATION_PENALTY
    if conflicting:
        value -= CONFLICT_PENALTY
    return round(min(0.95, max(0.05, value)), 3)


def hit_confidence(hit: Any, hits: Sequence[Any] = ()) -> float:
    """The confidence of one coder hit: the coder's own when it exposes one, else the lexicon
    rule over its ``terms``, ``negations`` and the other ``hits`` of the note."""
    for name in ("confidence", "probability"):
        value = getattr(hit, name, None)
        if isinstance(value, (int, float)) and 0 <= value <= 1:
            return float(value)
    conflicting = any(
        getattr(o, "domain", None) == hit.domain and getattr(o, "polarity", None) != hit.polarity
        for o in hits
    )
    return lexicon_confidence(
        len(getattr(hit, "terms", []) or []), bool(getattr(hit, "negations", None)), conflicting
    )


def code_uncertainty(confidence: float | None) -> float:
    """1 at confidence 0.5, 0 at 0 or 1; a code without a confidence counts as 0.5."""
    c = 0.5 if confidence is None or pd.isna(confidence) else float(confidence)
    return round(1 - abs(2 * c - 1), 3)


def note_uncertainty(confidences: Iterable[float | None], words: int) -> float:
    """How uncertain the coder is about a note: its least sure code, or for a note without
    codes its length relative to :data:`UNCODED_WORDS_FOR_MAX`."""
    values = [code_uncertainty(c) for c in confidences]
    if values:
        return max(values)
    return round(min(1.0, words / UNCODED_WORDS_FOR_MAX), 3)


def review_queue(notes: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """The notes in review order: not yet reviewed first, then most uncertain first.

    ``notes`` has ``id`` and ``text``; ``codes`` is :meth:`NotesStore.codes_frame` with
    ``active_only=False``. Adds ``uncertainty`` and ``reviewed`` (an analyst decided on it)."""
    active = codes[codes["active"].astype(bool) & codes["automatic"].astype(bool)]
    per_note = active.groupby("note_id")["confidence"].apply(list).to_dict()
    reviewed = set(codes.loc[codes["reviewed_by"].notna(), "note_id"].astype(int))
    out = notes.copy()
    out["uncertainty"] = [
        note_uncertainty(per_note.get(int(i), []), len(str(t).split()))
        for i, t in zip(out["id"], out["text"], strict=True)
    ]
    out["reviewed"] = [int(i) in reviewed for i in out["id"]]
    return out.sort_values(
        ["reviewed", "uncertainty", "id"], ascending=[True, False, True], ignore_index=True
    )
