"""Mijn wijk's k counts people (conversation partners), not notes (issue 9)."""

from __future__ import annotations

import pandas as pd
import pytest

from urgentie.analysis.disclosure import TOTAL
from urgentie.analysis.resident import themes
from urgentie.analysis.respondents import conversation_partner
from urgentie.analysis.thresholds import K_ANONYMITY


def _facts(rows: list[tuple[int, str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "note_id": i,
                "batch_id": batch,
                "area_code": area,
                "perspective": perspective,
                "note_date": pd.Timestamp(day) if day else pd.NaT,
                "domain": "veiligheid",
                "polarity": "zorg",
            }
            for i, (batch, area, perspective, day) in enumerate(rows)
        ]
    )


@pytest.mark.parametrize(
    ("rows", "people"),
    [
        # Six paragraphs of one Word report: one conversation partner.
        ([(1, "WK01", "bewoner", "2024-03-15")] * 6, 1),
        # Six residents on six days: six people.
        ([(1, "WK01", "bewoner", f"2024-03-{d:02d}") for d in range(10, 16)], 6),
        # Same day, other perspective or other buurt or other import: different people.
        (
            [
                (1, "WK01", "bewoner", "2024-03-15"),
                (1, "WK01", "professional", "2024-03-15"),
                (1, "BU0101", "bewoner", "2024-03-15"),
                (2, "WK01", "bewoner", "2024-03-15"),
            ],
            4,
        ),
        # Undated notes of one import, area and perspective: one person (errs towards fewer).
        ([(1, "WK01", "bewoner", None)] * 3, 1),
    ],
)
def test_a_conversation_partner_is_counted_once(
    rows: list[tuple[int, str, str, str | None]], people: int
) -> None:
    assert conversation_partner(_facts(rows)).nunique() == people


def test_many_notes_of_few_people_stay_below_k() -> None:
    k = int(K_ANONYMITY.value)
    # 3 * k notes, but only k - 1 people: the theme must stay hidden.
    rows = [(1, "WK01", "bewoner", f"2024-03-{d:02d}") for d in range(1, k)] * (3 * k)
    facts = _facts(rows)
    mentions = facts.assign(respondent=conversation_partner(facts))
    table = themes(mentions, ["WK01"], k=k)
    assert table.table.hidden.loc["veiligheid"].all()
    # The same notes counted as notes would have passed k: the rule is what hides them.
    per_note = facts.assign(respondent=facts["note_id"].astype(str))
    assert not themes(per_note, ["WK01"], k=k).table.hidden.loc["veiligheid", TOTAL]
