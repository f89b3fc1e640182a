"""Soft urgency: what beleid, professionals and bewoners say, on one 1–5 scale.

Evidence comes in three kinds, all as rows of one long table (:data:`EVIDENCE_COLUMNS`):

- ``beoordeling``: an explicit urgency rating 1–5 in a note (``urgentie_wonen = 4``);
- ``stem``: a vote in a learning-community session;
- ``codering``: a note coded automatically or by hand (concerns against strengths), turned into
  1–5 by the coder (:func:`urgentie.notes.coding.urgency_from_cues`).

One respondent (a note, or one device's vote in one round) counts once per area, domain and
perspective: an explicit judgement beats a coded one, because it is the person's own verdict. The
voice is the weighted mean over respondents, with its *n* and a confidence mark.

Each row also says what it rests on (``basis``): ``expliciet`` (a rating or vote), ``bevestigd``
(codes an analyst confirmed or set) or ``automatisch`` (codes of the coder alone). A voice counts
its respondents per basis, and one that rests for more than :data:`AUTOMATIC_SHARE_MAX` on
unconfirmed automatic codes is never marked ``hoog``: the coder's misses and misreadings would
make a firm-looking voice out of guesses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from urgentie.analysis.thresholds import (
    AUTOMATIC_SHARE_MAX,
    CODED_WEIGHT,
    CONFIDENT_N,
    CONFIDENT_SD,
    MIN_N,
)
from urgentie.canonical import gemeente_of, level_of, wijk_of

EVIDENCE_COLUMNS: tuple[str, ...] = (
    "area_code",
    "domain",
    "perspective",
    "kind",
    "value",
    "respondent",
    "date",
    "basis",
)
"""Columns of an evidence table: where, which domain, whose voice, what kind, the 1–5 value,
who (a stable id such as ``note:12`` or ``stem:S1:3:ab12``), when, and what it rests on
(:data:`BASES`; a table without ``basis`` counts codes as automatic)."""

KINDS = ("beoordeling", "stem", "codering")
_EXPLICIT = {"beoordeling", "stem"}
BASES = ("expliciet", "bevestigd", "automatisch")
"""What a respondent's value rests on: an explicit rating or vote, codes an analyst confirmed,
or codes of the automatic coder alone."""
BASIS_LABELS = {
    "expliciet": "beoordelingen en stemmen",
    "bevestigd": "door een analist bevestigde codes",
    "automatisch": "automatische codes",
}

CONFIDENCE_LABELS = {
    "te weinig": "te weinig gegevens",
    "laag": "voorzichtig: weinig of verdeelde respondenten",
    "hoog": "stevig: veel respondenten die het eens zijn",
}
"""The confidence of a voice in words: the word before the colon, and what it means."""


def confidence_word(confidence: str) -> str:
    """The short word for a voice's confidence in tables and tooltips (``stevig``); empty for
    an unknown confidence."""
    return CONFIDENCE_LABELS.get(confidence, "").split(":", 1)[0]


VOICE_COLUMNS: tuple[str, ...] = (
    "area_code",
    "domain",
    "perspective",
    "urgency",
    "n",
    "n_beoordeling",
    "n_stem",
    "n_codering",
    "sd",
    "confidence",
    "n_expliciet",
    "n_bevestigd",
    "n_automatisch",
    "automatic_share",
)


def empty_evidence() -> pd.DataFrame:
    """An evidence table with no rows and the right columns."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in EVIDENCE_COLUMNS})
    frame["value"] = frame["value"].astype("float64")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def with_parents(evidence: pd.DataFrame) -> pd.DataFrame:
    """Add each buurt's evidence to its wijk, and every area's to its gemeente.

    A resident of a buurt speaks about the wijk too; the same respondent id keeps them from
    counting twice when buurt and wijk evidence of one note meet at the wijk.
    """
    if evidence.empty:
        return evidence
    frames = [evidence]
    levels = evidence["area_code"].map(level_of)
    buurt = evidence[levels == "buurt"]
    if not buurt.empty:
        frames.append(buurt.assign(area_code=buurt["area_code"].map(wijk_of)))
    lower = evidence[levels.isin(["wijk", "buurt"])]
    if not lower.empty:
        frames.append(lower.assign(area_code=lower["area_code"].map(gemeente_of)))
    combined = pd.concat(frames, ignore_index=True)
    return combined.drop_duplicates(["area_code", "domain", "perspective", "kind", "respondent"])


def _per_respondent(evidence: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One value and weight per respondent: explicit judgements first, else coded notes."""
    ev = evidence.dropna(subset=["value"]).copy()
    ev["explicit"] = ev["kind"].isin(_EXPLICIT)
    ev["basis"] = basis_of(ev)
    # Keep only the best kind a respondent has for this area-domain-perspective.
    best = ev.groupby([*keys, "respondent"])["explicit"].transform("max")
    ev = ev[ev["explicit"] == best]
    # A respondent's codes rest on an analyst's confirmation only if all of them do.
    order = {b: i for i, b in enumerate(BASES)}
    ev["basis_rank"] = ev["basis"].map(order)
    per = ev.groupby([*keys, "respondent"], as_index=False).agg(
        value=("value", "mean"),
        explicit=("explicit", "first"),
        kind=("kind", "first"),
        basis_rank=("basis_rank", "max"),
    )
    per["basis"] = [BASES[int(r)] for r in per["basis_rank"]]
    per["weight"] = np.where(per["explicit"], 1.0, CODED_WEIGHT.value)
    return per


def soft_urgency(evidence: pd.DataFrame, *, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """The urgency of each voice per area and domain (and any extra keys, e.g. ``period``).

    Returns one row per (area_code, domain, perspective, *by) with ``urgency`` (weighted mean
    1–5), ``n`` (distinct respondents), counts per kind, ``sd`` between respondents and
    ``confidence``: ``te weinig`` below :data:`MIN_N`, ``hoog`` from :data:`CONFIDENT_N`
    respondents with a spread up to :data:`CONFIDENT_SD`, otherwise ``laag``.
    """
    keys = ["area_code", "domain", "perspective", *by]
    if evidence.empty:
        return pd.DataFrame(columns=[*VOICE_COLUMNS, *by])
    per = _per_respondent(evidence, keys)
    per["wv"] = per["value"] * per["weight"]
    grouped = per.groupby(keys)
    out = grouped.agg(
        wv=("wv", "sum"),
        w=("weight", "sum"),
        n=("respondent", "nunique"),
        sd=("value", "std"),
    )
    out["urgency"] = (out["wv"] / out["w"]).clip(1, 5)
    counts = per.pivot_table(index=keys, columns="kind", values="respondent", aggfunc="nunique")
    for kind in KINDS:
        out[f"n_{kind}"] = (
            counts[kind].reindex(out.index).fillna(0).astype(int) if kind in counts else 0
        )
    bases = per.pivot_table(index=keys, columns="basis", values="respondent", aggfunc="nunique")
    for basis in BASES:
        out[f"n_{basis}"] = (
            bases[basis].reindex(out.index).fillna(0).astype(int) if basis in bases else 0
        )
    out["automatic_share"] = out["n_automatisch"] / out["n"]
    out["sd"] = out["sd"].fillna(0.0)
    out["confidence"] = [
        _confidence(n, sd, share)
        for n, sd, share in zip(out["n"], out["sd"], out["automatic_share"], strict=True)
    ]
    out = out.reset_index()
    return out[[*VOICE_COLUMNS, *by]]


def basis_of(evidence: pd.DataFrame) -> pd.Series:
    """The basis of each evidence row: its ``basis`` column, else explicit for ratings and
    votes and automatic for codes."""
    derived = pd.Series(
        np.where(evidence["kind"].isin(_EXPLICIT), "expliciet", "automatisch"), index=evidence.index
    )
    if "basis" not in evidence.columns:
        return derived
    return evidence["basis"].where(evidence["basis"].isin(BASES), derived)


def _confidence(n: int, sd: float, automatic_share: float = 0.0) -> str:
    if n < MIN_N.value:
        return "te weinig"
    if automatic_share > AUTOMATIC_SHARE_MAX.value:
        return "laag"
    if n >= CONFIDENT_N.value and sd <= CONFIDENT_SD.value:
        return "hoog"
    return "laag"


def basis_short(n_expliciet: int, n_bevestigd: int, n_automatisch: int) -> str:
    """What a voice rests on, short, for table cells: "2 expliciet · 5 automatisch"."""
    parts = [
        f"{n} {b}"
        for b, n in zip(BASES, (n_expliciet, n_bevestigd, n_automatisch), strict=True)
        if n
    ]
    return " · ".join(parts)


def basis_text(n_expliciet: int, n_bevestigd: int, n_automatisch: int) -> str:
    """What a voice rests on, in Dutch: "3 beoordelingen en stemmen, 2 door een analist
    bevestigde codes, 5 automatische codes" (kinds with none left out)."""
    parts = [
        f"{n} {BASIS_LABELS[b]}"
        for b, n in zip(BASES, (n_expliciet, n_bevestigd, n_automatisch), strict=True)
        if n
    ]
    return ", ".join(parts) if parts else "geen gegevens"


def period_of(dates: pd.Series, freq: str = "halfjaar") -> pd.Series:
    """Label dates by period (``2024-H1`` or ``2024``) so voices can be compared over time."""
    dates = pd.to_datetime(dates, errors="coerce")
    if freq == "jaar":
        return dates.dt.year.astype("Int64").astype("string")
    half = np.where(dates.dt.month <= 6, "H1", "H2")
    labels = (
        dates.dt.year.astype("Int64").astype("string") + "-" + pd.Series(half, index=dates.index)
    )
    return labels.where(dates.notna())
