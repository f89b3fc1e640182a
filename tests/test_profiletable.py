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
