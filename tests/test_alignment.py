from __future__ import annotations

import math

import pandas as pd
import pytest

from urgentie.analysis.alignment import alignment, classify, convergence, largest_gaps, name_gap
from urgentie.analysis.soft_urgency import period_of, soft_urgency, with_parents


@pytest.mark.parametrize(
    ("voices", "status"),
    [
        ({"beleid": 4.5, "professional": 4.0, "bewoner": 4.2, "cijfers": 4.0}, "gedeeld urgent"),
        ({"beleid": 1.5, "professional": 2.0, "bewoner": 2.2}, "gedeeld niet urgent"),
        ({"beleid": 4.5, "professional": 2.0}, "verdeeld"),
        ({"bewoner": 4.8, "cijfers": 1.8}, "verdeeld"),
        ({"beleid": 3.0, "professional": 3.0}, "gedeeld niet urgent"),
        ({"beleid": 3.2, "professional": 3.4}, "gedeeld urgent"),
        # A calm voice next to an urgent one is never agreement: close together it is the
        # middle class "deels urgent" (the session's 2,8 against 4,0), far apart "verdeeld".
        ({"beleid": 4.0, "professional": 2.6}, "deels urgent"),
        ({"bewoner": 2.8, "cijfers": 4.0}, "deels urgent"),
        ({"bewoner": 3.0, "cijfers": 3.1}, "deels urgent"),
        ({"beleid": 3.1, "professional": 3.1, "bewoner": 3.0}, "deels urgent"),
        # A wide spread on one side of the midpoint differs in degree, not in verdict.
        ({"beleid": 2.5, "professional": 1.7, "cijfers": 1.0}, "gedeeld niet urgent"),
        ({"cijfers": 3.0, "bewoner": 1.4}, "gedeeld niet urgent"),
        ({"beleid": 5.0, "bewoner": 3.4}, "gedeeld urgent"),
        # ... but one voice just above the midpoint against a calm one is a split.
        ({"beleid": 3.4, "professional": 1.9}, "verdeeld"),
        ({"beleid": 5.0, "professional": 3.0}, "verdeeld"),
        # Judged as shown: 2,46 and 3,95 read "2,5" and "4,0", a gap of 1,5 on the screen.
        ({"bewoner": 2.46, "cijfers": 3.95}, "verdeeld"),
        ({"bewoner": 2.46, "cijfers": 3.94}, "deels urgent"),  # "2,5" and "3,9": 1,4
        ({"bewoner": 3.04, "cijfers": 3.94}, "deels urgent"),  # "3,0" is not above 3
        ({"bewoner": 3.05, "cijfers": 3.94}, "gedeeld urgent"),  # "3,1" is
        ({"beleid": 5.0}, "te weinig gegevens"),
        ({}, "te weinig gegevens"),
    ],
)
def test_alignment_classification(voices: dict[str, float], status: str) -> None:
    assert classify(voices)[0] == status


@pytest.mark.parametrize(
    ("high", "low", "voices", "text"),
    [
        (
            "beleid",
            "professional",
            {"beleid": 4.5, "professional": 2.0},
            "beleid ziet urgentie, professionals niet",
        ),
        (
            "bewoner",
            "cijfers",
            {"bewoner": 4.5, "cijfers": 2.0},
            "bewoners luiden de bel, cijfers niet",
        ),
        (
            "cijfers",
            "bewoner",
            {"cijfers": 4.5, "bewoner": 2.0, "professional": 2.4},
            "cijfers hoog, verhalen laag",
        ),
        (
            "cijfers",
            "bewoner",
            {"cijfers": 4.5, "bewoner": 2.0, "professional": 4.0},
            "cijfers hoog, bewoners niet",
        ),
        (
            "professional",
            "beleid",
            {"professional": 4.0, "beleid": 2.0},
            "professionals zien urgentie, beleid niet",
        ),
        # Only a voice from VOICE_URGENT "sees urgency", only one up to VOICE_CALM "does not".
        (
            "beleid",
            "professional",
            {"beleid": 3.4, "professional": 1.9},
            "beleid ziet enige urgentie, professionals niet",
        ),
        (
            "bewoner",
            "beleid",
            {"bewoner": 5.0, "beleid": 3.0},
            "bewoners luiden de bel, beleid minder",
        ),
        (
            "cijfers",
            "bewoner",
            {"cijfers": 3.2, "bewoner": 1.5, "professional": 1.6},
            "cijfers wat hoger, bewoners niet",
        ),
    ],
)
def test_gap_is_named_in_plain_dutch(high: str, low: str, voices: dict, text: str) -> None:
    assert name_gap(high, low, voices) == text


def _evidence(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=["area_code", "domain", "perspective", "kind", "value", "respondent", "date"],
    )


def test_explicit_rating_beats_coding_of_the_same_note() -> None:
    ev = _evidence(
        [
            ("WK999901", "wonen", "bewoner", "beoordeling", 5, "note:1", "2024-01-01"),
            ("WK999901", "wonen", "bewoner", "codering", 2, "note:1", "2024-01-01"),
            ("WK999901", "wonen", "bewoner", "codering", 2, "note:2", "2024-01-02"),
        ]
    )
    voice = soft_urgency(ev).iloc[0]
    # note 1 counts once, with its explicit 5 (weight 1); note 2 is coded (weight 0.5).
    assert voice["n"] == 2
    assert voice["urgency"] == pytest.approx((5 * 1 + 2 * 0.5) / 1.5)
    assert voice["n_beoordeling"] == 1 and voice["n_codering"] == 1
    assert voice["confidence"] == "te weinig"


def test_buurt_evidence_counts_for_its_wijk_once() -> None:
    ev = _evidence(
        [
            ("BU99990101", "wonen", "bewoner", "stem", 4, "stem:1", "2024-01-01"),
            ("WK999901", "wonen", "bewoner", "stem", 4, "stem:1", "2024-01-01"),
            ("WK999901", "wonen", "bewoner", "stem", 2, "stem:2", "2024-01-01"),
        ]
    )
    voices = soft_urgency(with_parents(ev)).set_index("area_code")
    assert voices.at["WK999901", "n"] == 2
    assert voices.at["GM9999", "n"] == 2
    assert voices.at["BU99990101", "n"] == 1


def _voices(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_code", "domain", "perspective", "urgency", "n"])


def test_alignment_table_uses_only_voices_with_enough_respondents() -> None:
    table = alignment(
        _voices(
            [
                ("WK1", "wonen", "beleid", 4.6, 3),
                ("WK1", "wonen", "professional", 1.8, 5),
                ("WK1", "wonen", "bewoner", 1.0, 1),  # one resident: does not count
                ("WK1", "wonen", "cijfers", 2.0, 4),
                ("WK2", "wonen", "beleid", 4.0, 2),
                ("WK2", "wonen", "cijfers", 4.0, 3),
            ]
        )
    ).set_index("area_code")
    assert table.at["WK1", "status"] == "verdeeld"
    assert table.at["WK1", "n_voices"] == 3
    assert table.at["WK1", "gap_text"] == "beleid ziet urgentie, professionals niet"
    assert table.at["WK1", "agreement"] == pytest.approx(1 - (4.6 - 1.8) / 4)
    assert table.at["WK2", "status"] == "te weinig gegevens"
    assert math.isnan(table.at["WK2", "spread"])


def test_largest_gaps_come_first() -> None:
    table = alignment(
        _voices(
            [
                ("WK1", "wonen", "beleid", 4.0, 3),
                ("WK1", "wonen", "bewoner", 2.0, 3),
                ("WK2", "veiligheid", "bewoner", 5.0, 6),
                ("WK2", "veiligheid", "cijfers", 1.0, 2),
            ]
        )
    )
    assert largest_gaps(table)["area_code"].tolist() == ["WK2", "WK1"]


def test_convergence_over_periods() -> None:
    rows = []
    for period, beleid, prof in (("2023-H1", 4.8, 1.8), ("2024-H1", 4.0, 3.5)):
        rows += [
            ("WK1", "wonen", "beleid", beleid, 4, period),
            ("WK1", "wonen", "professional", prof, 4, period),
        ]
    voices = pd.DataFrame(
        rows, columns=["area_code", "domain", "perspective", "urgency", "n", "period"]
    )
    result = convergence(alignment(voices, by=["period"])).iloc[0]
    assert result["verdict"] == "de stemmen groeien naar elkaar toe"
    assert result["first_spread"] == pytest.approx(3.0)
    assert result["last_spread"] == pytest.approx(0.5)


def test_period_labels() -> None:
    dates = pd.Series(["2024-03-01", "2024-09-30", None])
    assert period_of(dates).tolist()[:2] == ["2024-H1", "2024-H2"]
    assert pd.isna(period_of(dates).iloc[2])


@pytest.mark.parametrize(
    ("perspective", "n", "urgency", "expected"),
    [
        ("bewoner", 3, 4.0, True),  # MIN_N respondents
        ("bewoner", 2, 4.0, False),
        ("beleid", 3, None, True),  # only n asked
        ("professional", 5, float("nan"), False),  # no urgency: does not count
        ("cijfers", 1, 2.0, True),  # the figures count from one indicator
        ("cijfers", 0, 2.0, False),
        ("bewoner", None, 4.0, False),  # a missing n is 0
        ("bewoner", float("nan"), 4.0, False),
    ],
)
def test_counts_is_the_one_rule_for_a_voice(perspective, n, urgency, expected):
    from urgentie.analysis.alignment import counts

    assert counts(perspective, n, urgency) is expected
