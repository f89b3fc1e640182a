"""The Kaart tells the truth about coverage: a first release alone withholds the composite, an
earlier full year fills the gaps with labelled older figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_support import open_page
from synthetic import grid_frame, save_grid

from urgentie.importing import import_files
from urgentie.indicators import INDICATOR_KEYS
from urgentie.store.areas import AreaStore

FIRST_RELEASE = {"inwoners", "huishoudens", "pct_15_24", "pct_65plus", "pct_0_14"}
"""What CBS publishes in the first release of a year: population only."""


def _first_release(jaar: int):
    frame = grid_frame(jaar=jaar, seed=jaar)
    for key in INDICATOR_KEYS:
        if key not in FIRST_RELEASE:
            frame[key] = float("nan")
    return frame


def _layer_title(at) -> str:
    components = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    return json.loads(components[0].proto.json_args)["script"]


@pytest.fixture
def staged(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AreaStore:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    store = AreaStore()
    save_grid(store, _first_release(2024))
    return store


def test_first_release_alone_withholds_the_composite(staged: AreaStore) -> None:
    at = open_page("kaart", timeout=180)
    assert not at.exception, [e.message for e in at.exception]
    infos = " ".join(i.value for i in at.info)
    assert "samengestelde urgentie is niet getoond" in infos
    html = _layer_title(at)
    assert "Urgentie (samengesteld)" not in html
    # The sidebar keeps the choice, and says beside it what the map shows instead.
    notes = [c.value for c in at.sidebar.caption if "Nu op de kaart" in c.value]
    assert len(notes) == 1 and "samengestelde urgentie" in notes[0]


def test_an_earlier_full_year_fills_the_gaps_with_labelled_figures(staged: AreaStore) -> None:
    save_grid(staged, grid_frame(jaar=2023, seed=2023))
    view = staged.view("GM9998", 2024, "wijk", geometry=False)
    assert set(view["pct_hh_laag_inkomen_peiljaar"]) == {2023}
    assert set(view["inwoners_peiljaar"]) == {2024}
    at = open_page("kaart", state={"jaar": 2024}, timeout=180)
    assert not at.exception, [e.message for e in at.exception]
    assert not [i for i in at.info if "niet getoond" in i.value]
    assert not [c for c in at.sidebar.caption if "Nu op de kaart" in c.value]
    html = _layer_title(at)
    assert "Urgentie (samengesteld)" in html
    # Every scored figure is from 2023 (the 2024 release has population only): it says so.
    assert "9 van 9 domeinen, cijfers 2023" in html
    markdown = " ".join(m.value for m in at.markdown)
    assert "Hier is de zorg het grootst" in markdown and "cijfers 2023" in markdown


@pytest.mark.shared_data
def test_real_utrecht_2024_opens_on_a_covered_layer(
    shared_cbs: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    import_files(
        [
            shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx",
            shared_cbs / "geo" / "wijken_2024_nl_wgs84.geojson",
        ],
        jaar=None,
        store=AreaStore(),
    )
    at = open_page("kaart", state={"gemeente": "GM0344", "jaar": 2024}, timeout=240)
    assert not at.exception, [e.message for e in at.exception]
    infos = " ".join(i.value for i in at.info)
    assert "niet getoond" in infos and "hoogstens 0 van 9" in infos
    html = _layer_title(at)
    assert "Urgentie (samengesteld)" not in html
    markdown = " ".join(m.value for m in at.markdown)
    # The layer it opens on is context: its list never calls the biggest wijk a concern.
    assert "Hier is de zorg het grootst" not in markdown
    assert "Hoogste waarden** (context, geen oordeel" in markdown


def test_wijkprofiel_labels_older_figures_with_their_year(staged: AreaStore) -> None:
    save_grid(staged, grid_frame(jaar=2023, seed=2023))
    at = open_page("wijkprofiel", query={"gebied": "WK999801", "jaar": "2024"}, timeout=180)
    assert not at.exception, [e.message for e in at.exception]
    infos = " ".join(i.value for i in at.info)
    assert "ouder dan 2024 (cijfers van 2023)" in infos
    cells = " ".join(
        str(v)
        for d in at.dataframe
        if "Dit gebied" in d.value.columns
        for v in d.value["Dit gebied"]
    )
    assert "(cijfers van 2023)" in cells


@pytest.mark.shared_data
def test_mijn_wijk_on_real_utrecht_2024_shows_figures_that_exist(
    shared_cbs: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    import_files(
        [
            shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx",
            shared_cbs / "geo" / "wijken_2024_nl_wgs84.geojson",
        ],
        jaar=None,
        store=AreaStore(),
    )
    at = open_page("mijn_wijk", query={"gebied": "WK034403"}, timeout=240)
    assert not at.exception, [e.message for e in at.exception]
    figures = [m.value for m in at.markdown if m.value.startswith("**") and "]" in m.value]
    assert len(figures) >= 5
    assert sum("geheim of onbekend" in f for f in figures) <= 2
    text = " ".join(m.value for m in at.markdown)
    assert "gescheiden" not in text and "alleen wonen dan" not in text
