"""AppTest of the Kaart page on a small synthetic gemeente (3 wijken of 3 buurten)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_support import open_page
from streamlit.testing.v1 import AppTest
from synthetic import grid_frame, save_grid

from urgentie.assets import LEAFLET_CSS, LEAFLET_JS
from urgentie.mapdata import encode_shapes
from urgentie.store.areas import AreaStore
from urgentie.views.widgets import md_escape

EVIL = "<img src=x onerror=alert(1)> **vet**"


@pytest.fixture
def proefdorp(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AreaStore:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    store = AreaStore()
    for jaar in (2023, 2024):
        frame = grid_frame(
            jaar=jaar,
            seed=jaar,
            names={"WK999801": EVIL},
            missing={"pct_hh_laag_inkomen": ["WK999800"]},
        )
        save_grid(store, frame, demo=True)
    return store


def _run(**state: object) -> AppTest:
    at = open_page("kaart", state=state, timeout=180)
    assert not at.exception, [e.message for e in at.exception]
    return at


def _map_args(at: AppTest) -> dict:
    components = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def _features(args: dict) -> list[dict]:
    block = args["html"].split('type="application/json"', 1)[1]
    return json.loads(block.split(">", 1)[1].rsplit("</script>", 1)[0])


def test_map_of_the_default_gemeente_loads_only_local_assets(proefdorp):
    at = _run()
    assert "Proefdorp" in at.title[0].value
    args = _map_args(at)
    assert args["js_links"] == [LEAFLET_JS]
    assert args["css_links"] == [LEAFLET_CSS]
    assert args["returned_objects"] == ["last_object_clicked", "last_active_drawing"]
    codes = {f["c"] for f in _features(args)}
    assert codes == {"WK999800", "WK999801", "WK999802"}
    assert any("Bron: CBS, Kadaster/PDOK — CC BY 4.0" in c.value for c in at.caption)


def test_selection_in_session_state_opens_the_profile_panel(proefdorp):
    at = _run(gebied="WK999802")
    assert at.subheader[0].value == "Wijk 3"
    assert at.metric[0].label == "Urgentie (samengesteld)"
    assert at.query_params["gebied"] in ("WK999802", ["WK999802"])  # shareable URL
    # The explanation lists the indicators behind the score, with z-scores and weights.
    explanation = at.main.expander[-1]
    assert explanation.label.startswith("Waarom deze score?")
    table = explanation.dataframe[0].value
    assert {"Indicator", "Waarde", "Gemiddelde", "z-score", "Gewicht"} <= set(table.columns)
    assert "Huishoudens met een laag inkomen" in set(table["Indicator"])
    # The outline of the selection travels as a feature group, so the map is not reloaded.
    args = _map_args(at)
    outline = encode_shapes(proefdorp.load_map_geometry("GM9998", 2024, "wijk"))
    assert json.dumps(outline.encoded["WK999802"]) in args["feature_group"]


def test_names_from_data_are_escaped_on_the_page(proefdorp):
    at = _run(gebied="WK999801")
    # Markdown-escaped: shown as typed, never as HTML or bold.
    assert at.subheader[0].value == md_escape(EVIL)
    assert at.subheader[0].value.startswith("\\<img src=x onerror=alert\\(1\\)\\>")
    features = {f["c"]: f for f in _features(_map_args(at))}
    assert features["WK999801"]["n"] == "&lt;img src=x onerror=alert(1)&gt; **vet**"


def test_missing_value_is_missing_in_the_table(proefdorp):
    at = _run(kleur="indicator", indicator="pct_hh_laag_inkomen", weergave="Tabel")
    assert not _map_args_or_none(at)  # the table replaces the map
    frame = at.dataframe[0].value
    assert len(frame) == 3
    row = frame[frame["Code"] == "WK999800"].iloc[0]
    assert row["Klasse"] == "geheim of onbekend"
    assert frame["Code"].iloc[-1] == "WK999800"  # missing sorts last
    assert {b.label for b in at.get("download_button")} >= {"Tabel als CSV", "Tabel als Excel"}


def _map_args_or_none(at: AppTest) -> dict | None:
    components = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    return json.loads(components[0].proto.json_args) if components else None


def test_a_wijk_opens_its_buurten_and_goes_back(proefdorp):
    at = _run(gebied="WK999801")
    drill = next(b for b in at.button if b.label.startswith("Bekijk de buurten"))
    drill.click().run()
    assert at.session_state["niveau"] == "buurt"
    assert at.session_state["binnen_wijk"] == "WK999801"
    codes = {f["c"] for f in _features(_map_args(at))}
    assert codes == {"BU99980100", "BU99980101", "BU99980102"}
    back = next(b for b in at.button if b.label == "Terug naar alle wijken")
    back.click().run()
    assert at.session_state["niveau"] == "wijk"
    assert at.session_state["binnen_wijk"] is None
    assert at.session_state["gebied"] == "WK999801"


def test_weights_change_the_scores_and_reset_to_equal(proefdorp):
    at = _run(gebied="WK999802")

    def composite() -> list:
        # The headline is the place; the score itself is in the uitleg ("Waarom deze score?"):
        # the last table with weights is the composite's, one row per domain.
        tables = [d.value for d in at.dataframe if "Gewicht" in d.value.columns]
        return tables[-1].astype(str).to_numpy().tolist()

    before = composite()
    slider = next(s for s in at.sidebar.slider if s.label == "Werk en inkomen")
    slider.set_value(3.0).run()
    assert at.session_state["gewichten"]["werk_inkomen"] == 3.0
    assert composite() != before
    assert at.metric[0].value.startswith("plaats ")
    next(b for b in at.sidebar.button if b.label == "Gelijk maken").click().run()
    assert set(at.session_state["gewichten"].values()) == {1.0}
    assert composite() == before


def test_concentration_layer_has_a_plain_language_legend(proefdorp):
    at = _run(laag="lisa", niveau="buurt")  # 9 buurten: enough areas for clusters
    args = _map_args(at)
    assert "Buren van urgentie (samengesteld)" in args["script"]
    assert "Over de hele kaart" in args["script"]
    assert "Moran" not in args["script"] and "permutaties" not in args["script"]


def test_concentration_with_too_few_areas_says_so(proefdorp):
    at = _run(laag="lisa")  # 3 wijken: too few to test for clusters
    texts = " ".join(e.value for e in [*at.info, *at.warning, *at.caption])
    assert "Te weinig gebieden om clusters te zoeken" in texts


def test_empty_data_dir_says_where_to_load_data(data_dir, monkeypatch):
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    at = _run()
    assert any("nog geen gegevens" in i.value for i in at.info)


def test_background_tiles_only_when_asked_for(proefdorp):
    at = _run()
    assert "service.pdok.nl" not in _map_args(at)["script"]  # offline by default
    at.session_state["basiskaart"] = True
    at.run()
    assert "service.pdok.nl/brt/achtergrondkaart" in _map_args(at)["script"]
