"""The offline folium map: local assets only, escaped text, missing areas, worse is darker."""

from __future__ import annotations

import json
import re

import branca.colormap
import folium
import numpy as np
import pandas as pd
import pytest
from synthetic import grid_frame

from urgentie import exports
from urgentie.assets import LEAFLET_CSS, LEAFLET_JS
from urgentie.choropleth import ClassedValues, Measure, class_colours, value_layer
from urgentie.mapdata import encode_shapes
from urgentie.views.map import HATCH_ID, build_map, legend_html, rendered_html, selection_group

CDN_HINTS = ("cdn", "jsdelivr", "cloudflare", "unpkg", "jquery", "bootstrap", "googleapis")


def _layer(
    names: dict[str, str] | None = None,
    missing: list[str] | None = None,
    measure: Measure | None = None,
):
    frame = grid_frame(names=names)
    buurten = frame[frame["niveau"] == "buurt"].reset_index(drop=True)
    measure = measure or Measure("indicator", "pct_hh_laag_inkomen")
    values = pd.Series(buurten[measure.key].to_numpy(), index=buurten["code"])
    for code in missing or []:
        values[code] = np.nan
    ranks = values.rank(method="first") - 1
    classes = {
        c: (-1 if pd.isna(v) else int(r) * 3 // len(values))
        for c, v, r in zip(values.index, values, ranks.fillna(-1), strict=True)
    }
    classed = ClassedValues(
        classes,
        ("laag", "midden", "hoog"),
        tuple(sum(1 for k in classes.values() if k == i) for i in range(3)),
        tuple(class_colours(3, measure.worse_sign())),
        "quantiles",
    )
    layer = value_layer(
        encode_shapes(buurten), buurten, values, measure, classed, method_label="kwantielen"
    )
    return layer, values, classed


def _elements(element: folium.Element):
    yield element
    for child in element._children.values():
        yield from _elements(child)


def test_every_script_and_stylesheet_is_local():
    layer, *_ = _layer()
    fmap = build_map(layer)
    page = rendered_html(fmap)
    assert exports.external_assets(page) == []
    sources = re.findall(r'<script[^>]*\ssrc="([^"]*)"', page)
    links = re.findall(r'<link[^>]*\shref="([^"]*)"', page)
    assert sources == [LEAFLET_JS]
    assert links == [LEAFLET_CSS]
    lowered = page.lower()
    assert not [hint for hint in CDN_HINTS if hint in lowered]


def test_streamlit_folium_gets_only_local_links():
    # st_folium loads every element's default_js/css in the iframe, and d3 from a CDN as soon
    # as a branca colormap is on the map: neither may happen.
    layer, *_ = _layer()
    fmap = build_map(layer, selected=next(iter(encode_shapes(grid_frame()).encoded.values())))
    group = selection_group(["??"])  # type: ignore[list-item]
    assert group is not None
    fmap.add_child(group)
    links = [
        url
        for element in _elements(fmap)
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]
    ]
    assert sorted(set(links)) == sorted({LEAFLET_JS, LEAFLET_CSS})
    assert not any(isinstance(e, branca.colormap.ColorMap) for e in _elements(fmap))


def test_folium_defaults_of_other_maps_are_untouched():
    build_map(_layer()[0])
    plain = folium.Map()
    assert any("jsdelivr" in url for _, url in plain.default_js)


def test_tooltip_text_is_escaped():
    evil = "<script>alert('x')</script> & co"
    layer, *_ = _layer(names={"BU99980101": evil})
    page = rendered_html(build_map(layer))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    # The only script elements are Leaflet, the data block and folium's own inline scripts.
    assert page.count("<script") == page.count("</script>")


def test_names_are_not_template_code():
    # branca renders every macro's output as a Jinja template again; our data must not be.
    layer, *_ = _layer(names={"BU99980101": "{{ 7 * 7 }} {% if true %}ja{% endif %}"})
    page = rendered_html(build_map(layer))
    assert "{{ 7 * 7 }} {% if true %}ja{% endif %}" in page
    assert ">49<" not in page


def test_missing_areas_are_styled_and_counted_as_missing():
    layer, *_ = _layer(missing=["BU99980000", "BU99980201"])
    features = {f["c"]: f for f in json.loads(layer.features)}
    assert features["BU99980000"]["k"] == -1
    assert features["BU99980000"]["v"] == "geheim of onbekend"
    assert features["BU99980101"]["k"] >= 0
    hatched = [e for e in layer.entries if e.hatched]
    assert [(e.label, e.count) for e in hatched] == [("geheim of onbekend", 2)]
    page = rendered_html(build_map(layer))
    assert f"url(#{HATCH_ID})" in page  # the style function fills class -1 with the hatch
    assert "sw hatch" in page  # and the legend shows the same hatch


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize(
    ("indicator", "darkest_is"),
    [
        ("pct_hh_laag_inkomen", "highest"),  # more low incomes is worse
        ("arbeidsparticipatie", "lowest"),  # more people at work is better
        ("inkomen_per_inwoner", "lowest"),
        ("inwoners", "highest"),  # neutral: darker means higher
    ],
)
def test_worse_is_darker_whatever_the_direction(indicator, darkest_is):
    layer, values, _ = _layer(measure=Measure("indicator", indicator))
    features = {f["c"]: f for f in json.loads(layer.features)}
    highest, lowest = values.idxmax(), values.idxmin()
    dark = _luminance(layer.colours[features[highest]["k"]]) < _luminance(
        layer.colours[features[lowest]["k"]]
    )
    assert dark == (darkest_is == "highest")


def test_legend_lists_worst_first_with_unit_and_method():
    layer, *_ = _layer(measure=Measure("indicator", "arbeidsparticipatie"))
    assert layer.title == "Nettoarbeidsparticipatie (%)"
    lums = [_luminance(e.colour) for e in layer.entries if not e.hatched]
    assert lums == sorted(lums)  # darkest (worst) on top
    # Higher is better here, so the darkest entry is the lowest class.
    assert layer.entries[0].label == "laag"
    text = legend_html(layer)
    assert "Indeling: kwantielen" in text
    assert "lagere waarde slechter" in text


def test_selected_area_is_outlined_above_the_areas():
    frame = grid_frame()
    shapes = encode_shapes(frame[frame["niveau"] == "buurt"])
    layer, *_ = _layer()
    page = rendered_html(build_map(layer, selected=shapes.encoded["BU99980101"]))
    assert json.dumps(shapes.encoded["BU99980101"]) in page
    assert 'createPane("selectie")' in page
    assert "interactive: false" in page


@pytest.mark.parametrize(("zoom", "zooms"), [(True, True), (False, False)])
def test_a_selection_zooms_to_its_area_only_when_asked(zoom: bool, zooms: bool) -> None:
    # Kaart and Gedeelde urgentie zoom to a clicked area; the projector's overview does not.
    layer, *_ = _layer()
    fmap = build_map(layer)
    shape = next(iter(encode_shapes(grid_frame()).encoded.values()))
    fmap.add_child(selection_group(shape, zoom=zoom))
    page = rendered_html(fmap)
    assert ("group.getBounds().pad(0.5)" in page) == zooms
    assert ("_urgentieFocus = true" in page) == zooms


def test_the_legend_starts_folded_on_maps_too_narrow_to_hold_it_beside_the_areas() -> None:
    from urgentie.views.map import LEGEND_FOLD_BELOW

    page = rendered_html(build_map(_layer()[0]))
    assert f"width < {LEGEND_FOLD_BELOW}" in page
    assert "if (details && folded) { details.open = false; }" in page
    assert 600 <= LEGEND_FOLD_BELOW <= 1000  # an open legend is ~300 px; areas need as much
