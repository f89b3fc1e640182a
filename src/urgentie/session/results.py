"""The room's votes in one round, next to the voices heard before the session.

Input is the session's votes (``VoteStore.votes_frame``) and the earlier voices of the story
(:func:`urgentie.session.story.voices_table`). Everything is per agenda domain and perspective;
the room's mean is over participants (one phone, one vote per domain per round).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from urgentie.analysis.thresholds import MIN_VOTES
from urgentie.domains import PERSPECTIVES, domain_label
from urgentie.numbers import format_number, round_half_up

TOO_FEW_VOTES = "te weinig stemmen"
"""Shown instead of a group's mean below :data:`MIN_VOTES` votes: in a room of 20 people the
mean of one or two phones is someone's own vote."""

SAME_WITHIN = 0.5
"""The room and the earlier voices "see it about the same" when their means differ by less than
half a point on the 1–5 scale; the shared-urgency gap (1.5) is for voices that disagree."""

RESULT_COLUMNS = ("domain", "perspective", "mean", "n", "earlier", "earlier_n", "earlier_counts")


def participants(votes: pd.DataFrame) -> int:
    """How many phones voted (on any domain) in these votes."""
    return int(votes["participant"].nunique()) if len(votes) else 0


def enough_votes(n: int) -> bool:
    """Whether a group's mean may be shown: :data:`MIN_VOTES` votes or more."""
    return n >= MIN_VOTES.value


def round_results(
    votes: pd.DataFrame,
    area_code: str,
    domains: Sequence[str],
    earlier: pd.DataFrame,
) -> pd.DataFrame:
    """Mean and number of votes per agenda domain and perspective, with the earlier voice.

    ``votes`` are one round's votes of one session; ``earlier`` is a voices table (columns
    domain, voice, urgency, n, counts). Returns :data:`RESULT_COLUMNS`, one row for every
    (domain, perspective) of the agenda, in agenda order; ``mean`` is NaN and ``n`` 0 where
    nobody of that perspective voted, and ``mean`` is NaN (with the true ``n``) below
    :data:`MIN_VOTES` votes, so no screen or file can show it.
    """
    mine = votes[votes["area_code"] == area_code] if len(votes) else votes
    grouped = (
        mine.groupby(["domain", "perspective"])["rating"].agg(["mean", "size"])
        if len(mine)
        else pd.DataFrame(columns=["mean", "size"])
    )
    before = (
        earlier.set_index(["domain", "voice"])
        if len(earlier)
        else pd.DataFrame(columns=["urgency", "n", "counts"])
    )
    rows = []
    for domain in domains:
        for perspective in PERSPECTIVES:
            key = (domain, perspective)
            mean, n = (
                (float(grouped.loc[key, "mean"]), int(grouped.loc[key, "size"]))
                if key in grouped.index
                else (math.nan, 0)
            )
            if not enough_votes(n):
                mean = math.nan
            old = before.loc[key] if key in before.index else None
            rows.append(
                {
                    "domain": domain,
                    "perspective": perspective,
                    "mean": mean,
                    "n": n,
                    "earlier": float(old["urgency"]) if old is not None else math.nan,
                    "earlier_n": int(old["n"]) if old is not None else 0,
                    "earlier_counts": bool(old["counts"]) if old is not None else False,
                }
            )
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))


def room_comparison(
    votes: pd.DataFrame, area_code: str, domains: Sequence[str], earlier: pd.DataFrame
) -> pd.DataFrame:
    """Per domain: the room's mean over all its votes against the earlier voices, in words.

    The earlier mean is the mean of the voices that count (enough respondents, or the figures),
    as in the alignment. Columns: domain, room, room_n, earlier, difference, sentence.
    """
    mine = votes[votes["area_code"] == area_code] if len(votes) else votes
    rows = []
    for domain in domains:
        ratings = mine.loc[mine["domain"] == domain, "rating"] if len(mine) else pd.Series([])
        room = float(ratings.mean()) if enough_votes(len(ratings)) else math.nan
        part = earlier[(earlier["domain"] == domain) & earlier["counts"]] if len(earlier) else None
        before = float(part["urgency"].mean()) if part is not None and len(part) else math.nan
        rows.append(
            {
                "domain": domain,
                "room": room,
                "room_n": len(ratings),
                "earlier": before,
                "difference": room - before,
                "sentence": comparison_sentence(domain, room, len(ratings), before),
            }
        )
    return pd.DataFrame(
        rows, columns=["domain", "room", "room_n", "earlier", "difference", "sentence"]
    )


def comparison_sentence(domain: str, room: float, room_n: int, earlier: float) -> str:
    """ "Wonen: de zaal ziet meer urgentie dan eerder (4,2 tegen 3,0)." and its variants.

    The verdict compares the two numbers as the sentence shows them (one decimal)."""
    label = domain_label(domain)
    if room_n == 0:
        return f"{label}: nog geen stemmen."
    if not enough_votes(room_n) or math.isnan(room):
        return f"{label}: nog {TOO_FEW_VOTES}."
    if math.isnan(earlier):
        return (
            f"{label}: de zaal geeft {format_number(room)}; eerder was er te weinig om te "
            "vergelijken."
        )
    room, earlier = round_half_up(room, 1), round_half_up(earlier, 1)
    diff = round_half_up(room - earlier, 1)
    if abs(diff) < SAME_WITHIN:
        verdict = "de zaal ziet het ongeveer zoals eerder"
    elif diff > 0:
        verdict = "de zaal ziet meer urgentie dan eerder"
    else:
        verdict = "de zaal ziet minder urgentie dan eerder"
    return f"{label}: {verdict} ({format_number(room)} tegen {format_number(earlier)})."


def result_text(mean: float, n: int) -> str:
    """The label beside a bar of the room: ``4,0 (n=3)``, ``–`` without votes, and
    ``te weinig stemmen`` below :data:`MIN_VOTES` (no mean, no count of one or two)."""
    if n == 0:
        return "–"
    if not enough_votes(n) or math.isnan(mean):
        return TOO_FEW_VOTES
    return f"{format_number(mean)} (n={n})"
