"""From the analysis' profile table to the Dutch tables and sentences of the Wijkprofiel page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from urgentie import profiletable


def _raw(**renames: str) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "indicator": ["pct_hh_laag_inkomen", "arbeidsparticipatie", "inwoners"],
            "value": [12.0, 61.0, np.nan],
            "gemeente": [8.0, 70.0, 2500.0],
            "nederland": [9.0, 68.0, np.nan],
            "2022": [11.0, 60.0, 1800.0],
            "verschil": ["duidelijk slechter", "slechter", ""],
            "grens_gewijzigd": [False, False, True],
        }
    )
    return table.rename(columns=renames)


@pytest.mark.parametrize(
    "renames",
    [
        {},
        {"gemeente": "gemeente_mean", "nederland": "nl", "2022": "jaar_2022"},
        {"value": "waarde", "indicator": "key", "verschil": "verschil_tekst"},
    ],
)
def test_normalise_accepts_the_spellings(renames):
    table = profiletable.normalise(_raw(**renames))
    assert list(table.columns[: len(profiletable.COLUMNS)]) == list(profiletable.COLUMNS)
    assert profiletable.year_columns(table) == [2022]
    assert table.loc[0, "gemeente"] == 8.0
    assert table.loc[1, "nederland"] == 68.0
    assert table.loc[0, "label"] == "Huishoudens met een laag inkomen"  # from the catalogue
    assert table.loc[1, "direction"] == "hoger_beter"
    assert table["grens_gewijzigd"].tolist() == [False, False, True]


def test_missing_columns_become_empty_not_errors():
    table = profiletable.normalise(pd.DataFrame({"indicator": ["woz_waarde"], "value": [300.0]}))
    assert np.isnan(table.loc[0, "nederland"])
    assert table.loc[0, "verschil"] == ""
    assert profiletable.year_columns(table) == []


def test_display_table_formats_with_units_and_marks_missing():
    table = profiletable.normalise(_raw())
    shown = profiletable.display_table(table, national=True)
    assert list(shown.columns) == [
        "Indicator",
        "Dit gebied",
        "Gemeente",
        "Nederland",
        "2022",
        "Vergeleken met de gemeente",
    ]
    assert shown.loc[0, "Dit gebied"] == "12,0 %"
    assert shown.loc[2, "Dit gebied"] == "geheim of onbekend"
    assert shown.loc[2, "Vergeleken met de gemeente"] == "—"
    assert "Nederland" not in profiletable.display_table(table, national=False).columns


def test_export_table_keeps_numbers():
    export = profiletable.export_table(profiletable.normalise(_raw()))
    assert export["Dit gebied"].iloc[0] == 12.0
    assert export["2022"].iloc[1] == 60.0
    assert export["Grens gewijzigd"].tolist() == ["", "", "ja"]
    assert export["Domein"].iloc[0] == "Werk en inkomen"


def test_domains_in_order_of_the_manifest_with_context_last():
    table = profiletable.normalise(_raw())
    table.loc[2, "value"] = 1000.0
    assert profiletable.domains_in(table) == ["werk_inkomen", "context"]


def test_lines_from_frames_keys_or_sentences():
    table = profiletable.normalise(_raw())
    expected = "Huishoudens met een laag inkomen: 12,0 % (gemeente 8,0 %) — duidelijk slechter"
    assert profiletable.lines(pd.DataFrame({"indicator": ["pct_hh_laag_inkomen"]}), table) == [
        expected
    ]
    assert profiletable.lines(["pct_hh_laag_inkomen"], table) == [expected]
    assert profiletable.lines(["Een eigen zin"], table) == ["Een eigen zin"]
    assert profiletable.lines(None, table) == []


def _explained(rows: list[dict]) -> pd.DataFrame:
    from urgentie.analysis.scores import EXPLAIN_COLUMNS

    return pd.DataFrame(rows).reindex(columns=list(EXPLAIN_COLUMNS))


def test_explain_table_writes_indicator_values_with_their_unit():
    table = _explained(
        [
            {
                "indicator": "pct_hh_laag_inkomen",
                "label": "Huishoudens met een laag inkomen",
                "domain": "werk_inkomen",
                "value": 12.25,
                "reference_mean": 8.0,
                "z": 1.5,
                "z_adjusted": 1.5,
                "weight": 0.5,
            },
            {
                "indicator": "woz_waarde",
                "label": "Gemiddelde WOZ-waarde",
                "domain": "wonen",
                "value": np.nan,
                "reference_mean": 312.4,
                "z": np.nan,
                "z_adjusted": np.nan,
                "weight": 0.0,
            },
        ]
    )
    shown = profiletable.explain_table(table)
    assert list(shown.columns) == ["Indicator", "Waarde", "Gemiddelde", "z-score", "Gewicht"]
    assert shown["Waarde"].tolist() == ["12,3 %", "geheim of onbekend"]
    assert shown["Gemiddelde"].tolist() == ["8,0 %", "€ 312.400"]
    # z-score and weight stay numbers (the table sorts on them); unknown stays NaN, never 0.
    assert shown["z-score"].iloc[0] == 1.5
    assert np.isnan(shown["z-score"].iloc[1])
    with_domain = profiletable.explain_table(table, with_domain=True)
    assert with_domain["Domein"].tolist() == ["Werk en inkomen", "Wonen"]


def test_explain_table_of_the_composite_writes_domain_scores_signed():
    table = _explained(
        [
            {
                "indicator": "wonen",
                "label": "Wonen",
                "domain": "wonen",
                "value": 0.724,
                "reference_mean": 0.0,
                "z": 0.724,
                "z_adjusted": 0.724,
                "weight": 1.0,
            }
        ]
    )
    shown = profiletable.explain_table(table)
    assert shown.loc[0, "Waarde"] == "+0,72"
    assert shown.loc[0, "Gemiddelde"] == "0,00"


def test_explain_table_of_nothing_has_the_headers():
    empty = profiletable.explain_table(pd.DataFrame(), with_domain=True)
    assert empty.empty
    assert list(empty.columns) == [
        "Domein",
        "Indicator",
        "Waarde",
        "Gemiddelde",
        "z-score",
        "Gewicht",
    ]
