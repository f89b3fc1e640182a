"""AppTest of the Wijkprofiel page: reached from state, from a shared URL, and its exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import as_read
from streamlit.testing.v1 import AppTest
from synthetic import grid_frame, save_grid

from urgentie.store.areas import AreaStore

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "app_pages/wijkprofiel.py"


@pytest.fixture
def proefdorp(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AreaStore:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    store = AreaStore()
    for jaar in (2022, 2023, 2024):
        frame = grid_frame(
            jaar=jaar,
            seed=jaar,
            missing={"woz_waarde": ["BU99980101"]},
        )
        save_grid(store, frame, demo=True)
    # A second gemeente: a shared link must open the right one.
    save_grid(store, grid_frame("GM9997", "Anderdorp", jaar=2024, seed=1))
    return store


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_url_query_parameter_preselects_the_area(proefdorp):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["gebied"] = "BU99980101"
    at.query_params["jaar"] = "2023"
    _ok(at.run())
    _ok(at.switch_page(PAGE).run())
    assert as_read(at.header[0].value).startswith("Buurt 2.2")
    assert "BU99980101 · 2023" in at.caption[0].value
    assert at.session_state["gemeente"] == "GM9998"  # the code tells the gemeente
    assert at.query_params["gebied"] in ("BU99980101", ["BU99980101"])


def test_selection_in_session_state_shows_the_profile(proefdorp):
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["gebied"] = "WK999801"
    _ok(at.run())
    _ok(at.switch_page(PAGE).run())
    assert at.header[0].value.startswith("Wijk 2")
    subheaders = [s.value for s in at.subheader]
    assert any("Wat gaat goed" in s for s in subheaders)
    assert any("Aandachtspunten" in s for s in subheaders)
    tabs = [t.label for t in at.tabs]
    assert tabs[0] == "Opvoeding en jeugd" and "Werk en inkomen" in tabs
    # Each domain has its table with the area, the gemeente and the earlier years.
    table = at.tabs[tabs.index("Werk en inkomen")].dataframe[0].value
    assert {"Indicator", "Dit gebied", "Gemeente", "2022", "2023"} <= set(table.columns)
    downloads = {b.label for b in at.get("download_button")}
    assert downloads == {"Profiel als CSV", "Profiel als Excel", "Afdrukbare pagina (HTML)"}
    assert any("Bron: CBS, Kadaster/PDOK — CC BY 4.0" in c.value for c in at.caption)


def test_missing_figure_reads_geheim_of_onbekend(proefdorp):
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["gebied"] = "BU99980101"
    _ok(at.run())
    _ok(at.switch_page(PAGE).run())
    tabs = [t.label for t in at.tabs]
    table = at.tabs[tabs.index("Wonen")].dataframe[0].value
    row = table[table["Indicator"] == "Gemiddelde WOZ-waarde"].iloc[0]
    assert row["Dit gebied"] == "geheim of onbekend"


def test_choosing_another_area_updates_state_and_url(proefdorp):
    at = AppTest.from_file(APP, default_timeout=180)
    _ok(at.run())
    _ok(at.switch_page(PAGE).run())
    assert any("Kies een wijk of buurt" in i.value for i in at.info)
    at.selectbox(key="_w_profiel_gebied").select("WK999802")
    _ok(at.run())
    assert at.session_state["gebied"] == "WK999802"
    assert at.header[0].value.startswith("Wijk 3")
    assert at.query_params["gebied"] in ("WK999802", ["WK999802"])


def test_land_row_of_a_live_download_is_the_dutch_comparison(proefdorp, data_dir):
    """Without a national dataset, the NL00 row saved by a live fetch still gives "Nederland"."""
    from apptest_support import open_page

    from urgentie.store.reference import NationalReference, save_reference

    save_reference(NationalReference(2024, "85984NED", values={"pct_hh_laag_inkomen": 8.7}))
    at = open_page("wijkprofiel", query={"gebied": "WK999801", "jaar": "2024"})
    _ok(at)
    rows = [
        table[table["Indicator"] == "Huishoudens met een laag inkomen"]
        for table in (t.value for t in at.dataframe)
        if "Nederland" in table.columns
    ]
    row = next(r for r in rows if len(r)).iloc[0]
    assert row["Nederland"] == "8,7 %"


def test_a_wijk_drilled_into_on_the_map_stays_the_profile(proefdorp):
    # The Kaart drilled into WK999801's buurten without choosing one (gebied None): the
    # profile is the wijk's, not "Kies een wijk of buurt".
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["gemeente"] = "GM9998"
    at.session_state["binnen_wijk"] = "WK999801"
    at.session_state["gebied"] = None
    _ok(at.run())
    _ok(at.switch_page(PAGE).run())
    assert at.header and at.header[0].value.startswith("Wijk 2")
    assert at.session_state["gebied"] == "WK999801"
    assert not any("Kies een wijk of buurt" in i.value for i in at.info)
