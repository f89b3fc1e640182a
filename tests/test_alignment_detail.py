"""The alignment table read cell by cell: matrix, explanations, voices of one area, exports."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest

from urgentie import exports
from urgentie.analysis import alignment_detail as detail
from urgentie.analysis.alignment import alignment
from urgentie.domains import DOMAIN_KEYS


def _voices(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_code", "domain", "perspective", "urgency", "n"])


@pytest.fixture
def table() -> pd.DataFrame:
    return alignment(
        _voices(
            [
                # WK1 wonen: split (beleid high, professionals low).
                ("WK1", "wonen", "beleid", 4.5, 4),
                ("WK1", "wonen", "professional", 2.0, 5),
                ("WK1", "wonen", "bewoner", 3.0, 1),  # one resident: shown, does not count
                # WK1 veiligheid: both calm but far apart -> shared, not split.
                ("WK1", "veiligheid", "beleid", 2.5, 3),
                ("WK1", "veiligheid", "bewoner", 1.0, 6),
                # WK2 scholing: only the figures.
                ("WK2", "scholing", "cijfers", 4.0, 3),
            ]
        )
    )


def test_full_matrix_has_every_area_and_domain_in_order(table: pd.DataFrame) -> None:
    matrix = detail.full_matrix(table, ["WK2", "WK1", "WK3"])
    assert matrix.index.tolist() == ["WK2", "WK1", "WK3"]
    assert matrix.columns.tolist() == list(DOMAIN_KEYS)
    assert matrix.at["WK1", "wonen"] == "verdeeld"
    assert matrix.at["WK1", "veiligheid"] == "gedeeld niet urgent"
    # Nobody spoke about WK3 at all: every cell says so, none is empty.
    assert set(matrix.loc["WK3"]) == {"te weinig gegevens"}
    counts = detail.status_counts(matrix)
    assert counts["verdeeld"] == 1 and sum(counts.values()) == 3 * len(DOMAIN_KEYS)


def test_split_domains_is_unknown_without_any_data_not_zero(table: pd.DataFrame) -> None:
    split = detail.split_domains(table, ["WK1", "WK2", "WK3"])
    assert split["WK1"] == 1
    # WK2 has one voice in one domain (too little), WK3 nothing: unknown, never "0 verdeeld".
    assert math.isnan(split["WK2"]) and math.isnan(split["WK3"])


@pytest.mark.parametrize(
    ("area", "domain", "expected"),
    [
        (
            "WK1",
            "wonen",
            [
                "Verdeeld",
                "hoogste stem (beleid, 4,5)",
                "laagste (professionals, 2,0)",
                "2,5 punt uit elkaar (verdeeld vanaf 1,5)",
                "boven het midden van de schaal (3)",
            ],
        ),
        (
            "WK1",
            "veiligheid",
            [
                "Gedeeld niet urgent",
                "1,5 punt uit elkaar",
                "op of onder het midden van de schaal (3)",
                "niet in het oordeel",
            ],
        ),
        (
            "WK2",
            "scholing",
            [
                "Te weinig gegevens",
                "1 stem telt mee (de cijfers)",  # the voice named as on the Sessie page
                "minstens 2 nodig",
                "vanaf 3 verschillende respondenten",
                "beleid: 0 respondenten",
            ],
        ),
    ],
)
def test_explain_status_names_voices_spread_and_thresholds(
    table: pd.DataFrame, area: str, domain: str, expected: list[str]
) -> None:
    row = table[(table["area_code"] == area) & (table["domain"] == domain)].iloc[0]
    text = detail.explain_status(row)
    for part in expected:
        assert part in text


def test_explain_status_of_a_cell_nobody_spoke_about() -> None:
    text = detail.explain_status(None)
    assert text.startswith("Te weinig gegevens: 0 stemmen tellen mee (geen)")
    assert "cijfers: geen cijfers voor dit domein" in text


def test_area_voices_keeps_silent_and_too_small_voices_apart() -> None:
    voices = _voices(
        [
            ("WK1", "wonen", "beleid", 4.5, 4),
            ("WK1", "wonen", "bewoner", 3.0, 1),
            ("WK1", "wonen", "cijfers", 2.0, 1),
        ]
    ).assign(confidence=["laag", "te weinig", None])
    area = detail.area_voices(voices, "WK1", ["wonen", "veiligheid"])
    assert len(area) == 2 * 4  # every domain × every voice
    row = area.set_index(["domain", "perspective"])
    assert row.at[("wonen", "beleid"), "counts"]
    assert not row.at[("wonen", "bewoner"), "counts"]  # one respondent: shown, not counted
    assert row.at[("wonen", "bewoner"), "urgency"] == 3.0
    assert row.at[("wonen", "cijfers"), "counts"]  # the figures count from one indicator
    assert math.isnan(row.at[("veiligheid", "beleid"), "urgency"])  # silent: NaN, never 0
    assert not row.at[("veiligheid", "beleid"), "counts"]


@pytest.mark.parametrize(
    ("urgency", "n", "voice", "confidence", "text"),
    [
        (4.25, 7, "beleid", "laag", "4,3 · n=7 · voorzichtig"),  # half up, as on the Sessie page
        (2.0, 9, "bewoner", "hoog", "2,0 · n=9 · stevig"),
        (3.0, 2, "professional", "te weinig", "te weinig (n=2)"),
        (float("nan"), 0, "bewoner", "te weinig", "geen gegevens"),
        (float("nan"), 0, "cijfers", "te weinig", "geen cijfers"),
        (5.0, 3, "cijfers", "cijfers", "5,0 · 3 indicatoren"),
        (1.0, 1, "cijfers", "cijfers", "1,0 · 1 indicator"),
    ],
)
def test_voice_text(urgency: float, n: int, voice: str, confidence: str, text: str) -> None:
    assert detail.voice_text(urgency, n, voice, confidence) == text


def test_export_table_lists_every_cell_keeps_missing_empty_and_is_neutralised(
    table: pd.DataFrame,
) -> None:
    names = {"WK1": '=HYPERLINK("http://x")', "WK2": "Noord"}
    frame = detail.export_table(table, names, ["WK1", "WK2"])
    assert len(frame) == 2 * len(DOMAIN_KEYS)
    wonen = frame[(frame["Code"] == "WK1") & (frame["Domein"] == "Wonen")].iloc[0]
    assert wonen["Status"] == "verdeeld"
    assert wonen["Kloof"] == "beleid ziet urgentie, professionals niet"
    assert wonen["Beleid (gemeente) (1-5)"] == 4.5
    assert wonen["Bewoners: n"] == 1
    empty = frame[(frame["Code"] == "WK2") & (frame["Domein"] == "Wonen")].iloc[0]
    assert empty["Status"] == "te weinig gegevens"
    assert pd.isna(empty["Gemiddelde urgentie (1-5)"])  # unknown stays empty, never 0
    text = exports.csv_bytes(frame).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["Gebied"].iloc[0].startswith("'=")  # a formula in a name never runs
    assert back.loc[back["Domein"] == "Wonen", "Beleid (gemeente) (1-5)"].iloc[0] == 4.5
    # Rows follow the given area order (the matrix's), domains in catalogue order.
    ordered = detail.export_table(table, names, ["WK2", "WK1"])
    assert ordered["Code"].tolist()[:: len(DOMAIN_KEYS)] == ["WK2", "WK1"]
    assert ordered["Domein"].tolist()[0] == "Opvoeding en jeugd"


def _per_period() -> pd.DataFrame:
    rows = []
    for period, beleid, prof, n_prof in (
        ("2023", 4.8, 1.8, 4),
        ("2024", 4.0, 3.5, 4),
        ("2025", 4.0, 3.0, 1),
    ):
        rows += [
            ("WK1", "wonen", "beleid", beleid, 4, period),
            ("WK1", "wonen", "professional", prof, n_prof, period),
        ]
    voices = pd.DataFrame(
        rows, columns=["area_code", "domain", "perspective", "urgency", "n", "period"]
    )
    return alignment(voices, by=["period"])


def test_cell_over_time_marks_which_voices_count_per_period() -> None:
    cell = detail.cell_over_time(_per_period(), "WK1", "wonen")
    assert cell["period"].tolist() == ["2023", "2024", "2025"]
    assert cell["counts_professional"].tolist() == [True, True, False]
    assert detail.drawable_periods(cell) == 3  # beleid counts in every period
    table = detail.cell_period_table(cell)
    assert table["Status"].tolist() == ["verdeeld", "gedeeld urgent", "te weinig gegevens"]
    assert table["Professionals"].tolist()[2] == "te weinig (n=1)"
    assert table["Spreiding"].tolist()[:2] == ["3,0", "0,5"]
    assert detail.periods_of(_per_period()) == ["2023", "2024", "2025"]
    assert detail.periods_of(pd.DataFrame()) == []


def test_trend_table_puts_the_largest_change_first() -> None:
    trend = pd.DataFrame(
        {
            "area_code": ["WK1", "WK2"],
            "domain": ["wonen", "scholing"],
            "first_period": ["2023", "2023"],
            "last_period": ["2024", "2024"],
            "first_spread": [1.0, 3.0],
            "last_spread": [1.2, 0.5],
            "change": [0.2, -2.5],
            "verdict": ["ongeveer gelijk gebleven", "de stemmen groeien naar elkaar toe"],
        }
    )
    table = detail.trend_table(trend, {"WK1": "Noord", "WK2": "Zuid"})
    assert table["Gebied"].tolist() == ["Zuid", "Noord"]
    assert table["Domein"].tolist()[0] == "Scholing"


def test_explanations_round_halves_up_like_every_page() -> None:
    # 4,25 and 2,0 differ by 2,25: the sentence writes 4,3 and 2,3 (half up, as urgentie.numbers
    # does everywhere), never Python's round-half-even 4,2 / 2,2.
    row = {
        "status": "verdeeld",
        "urgency_beleid": 4.25,
        "n_beleid": 5,
        "urgency_bewoner": 2.0,
        "n_bewoner": 5,
    }
    text = detail.explain_status(row)
    assert "(beleid, 4,3)" in text
    assert "2,3 punt uit elkaar" in text
    assert "verdeeld vanaf 1,5" in text


def test_with_verdict_keeps_areas_that_say_something(table: pd.DataFrame) -> None:
    matrix = detail.full_matrix(table, ["WK3", "WK1", "WK2"])
    # WK2 has only the figures (too little), WK3 nothing: both have no verdict anywhere.
    assert detail.with_verdict(matrix) == ["WK1"]
