"""The evidence behind one area × domain: notes, ratings and votes, and how they are shown."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from urgentie.analysis.cell_evidence import cell_evidence, note_cards, snippet, source_label
from urgentie.analysis.soft_urgency import with_parents


def _evidence(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows,
        columns=["area_code", "domain", "perspective", "kind", "value", "respondent", "date"],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


@pytest.fixture
def evidence() -> pd.DataFrame:
    return with_parents(
        _evidence(
            [
                # Note 1 about a buurt of WK1: rated and coded; the rating counts.
                ("BU00010101", "veiligheid", "beleid", "beoordeling", 5, "notitie:1", "2024-02-01"),
                ("BU00010101", "veiligheid", "beleid", "codering", 4, "notitie:1", "2024-02-01"),
                # Note 2 only coded.
                (
                    "WK000101",
                    "veiligheid",
                    "professional",
                    "codering",
                    2,
                    "notitie:2",
                    "2024-03-01",
                ),
                # Another domain and another wijk: not part of the cell.
                ("WK000101", "wonen", "bewoner", "beoordeling", 3, "notitie:3", "2024-03-02"),
                ("WK000102", "veiligheid", "bewoner", "beoordeling", 1, "notitie:4", "2024-03-03"),
                # Votes: two devices in round 1, one in round 2 of session S1.
                ("WK000101", "veiligheid", "bewoner", "stem", 4, "stem:S1:1:a", "2024-04-01"),
                ("WK000101", "veiligheid", "bewoner", "stem", 2, "stem:S1:1:b", "2024-04-01"),
                ("WK000101", "veiligheid", "bewoner", "stem", 5, "stem:S1:2:a", "2024-04-01"),
            ]
        )
    )


def test_cell_evidence_splits_by_kind_and_rolls_buurt_notes_up(evidence: pd.DataFrame) -> None:
    cell = cell_evidence(evidence, "WK000101", "veiligheid")
    assert cell.ratings["note_id"].tolist() == [1]  # the buurt note counts for its wijk
    assert sorted(cell.coded["note_id"].tolist()) == [1, 2]
    counted = dict(zip(cell.coded["note_id"], cell.coded["counted"], strict=True))
    assert counted == {1: False, 2: True}  # note 1's own rating wins over its coding
    assert sorted(cell.note_ids) == [1, 2]
    votes = cell.votes.set_index("round")
    assert votes.at[1, "n"] == 2 and votes.at[1, "mean"] == pytest.approx(3.0)
    assert votes.at[2, "n"] == 1 and votes.at[2, "session_id"] == "S1"


def test_empty_cell_has_no_evidence(evidence: pd.DataFrame) -> None:
    cell = cell_evidence(evidence, "WK000101", "scholing")
    assert cell.empty and cell.note_ids == []
    assert cell_evidence(evidence.iloc[0:0], "WK000101", "veiligheid").empty


@pytest.mark.parametrize(
    ("text", "terms", "limit", "expected"),
    [
        ("Kort  en\nklaar.", [], 50, "Kort en klaar."),
        (
            "a" * 30 + " overlast " + "b" * 30,
            ["overlast"],
            20,
            "…aaaa overlast bbbbbb…",
        ),  # 5 = 20 // 4 before
        ("begin " + "x" * 40, ["ontbreekt"], 10, "begin xxxx…"),
        ("x" * 40 + " einde", ["EINDE"], 10, "…xxxx einde"),
    ],
)
def test_snippet_shows_the_matched_words(
    text: str, terms: list[str], limit: int, expected: str
) -> None:
    assert snippet(text, terms, limit) == expected


@pytest.mark.parametrize(
    ("note", "batches", "expected"),
    [
        (
            {
                "batch_id": 3,
                "source_file": "gesprekken.csv",
                "source_row": 12,
                "source_sheet": None,
            },
            None,
            "import 3 · gesprekken.csv, rij 12",
        ),
        (
            {"batch_id": 2, "source_file": None, "source_row": 4, "source_sheet": "Blad1"},
            {2: "ronde.xlsx"},
            "import 2 · ronde.xlsx (blad Blad1), rij 4",
        ),
        ({"batch_id": None, "source_file": None, "source_row": None}, None, "ingevoerd in de app"),
    ],
)
def test_source_label(note: dict, batches: dict | None, expected: str) -> None:
    assert source_label(SimpleNamespace(**note), batches) == expected


def test_note_cards_join_text_codes_and_source(evidence: pd.DataFrame) -> None:
    cell = cell_evidence(evidence, "WK000101", "veiligheid")
    notes = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "note_date": pd.to_datetime(["2024-02-01", "2024-03-01", "2024-03-02"]),
            "perspective": ["beleid", "professional", "bewoner"],
            "role": ["wethouder", None, "bewoner"],
            "area_name": ["Haventje", "Oude Haven", "Oude Haven"],
            "text": ["<script>alert(1)</script> Inbraken nemen toe.", "Het is rustig.", "x"],
            "batch_id": [1, 1, 1],
            "source_file": ["g.csv", "g.csv", "g.csv"],
            "source_row": [2, 3, 4],
            "source_sheet": [None, None, None],
        }
    )
    codes = pd.DataFrame(
        {
            "note_id": [1, 1, 2],
            "domain": ["veiligheid", "wonen", "veiligheid"],
            "polarity": ["zorg", "zorg", "kracht"],
            "terms": [["inbraken"], ["huur"], ["rustig"]],
            "cue": ["Verergering", None, None],
        }
    )
    cards = note_cards(cell, notes, codes, "veiligheid").set_index("note_id")
    assert cards.index.tolist() == [2, 1]  # newest first; note 3 is another domain
    assert cards.at[1, "terms"] == ["inbraken"]  # only this domain's words
    assert cards.at[1, "codes"] == ["zorg"]
    assert cards.at[1, "rating"] == 5
    assert cards.at[1, "counts_as"] == "beoordeling (gewicht 1)"
    assert cards.at[2, "counts_as"] == "codering (gewicht 0,5)"
    assert cards.at[1, "cue"] == "Verergering"
    assert cards.at[1, "source"] == "import 1 · g.csv, rij 2"
    # The text is passed on as it is: escaping is the view's job where it reaches HTML.
    assert cards.at[1, "snippet"].startswith("<script>")
