"""The real app in headless Chromium with the internet blocked: the map draws from the local
Leaflet, a click on an area opens its profile, and the Wijkprofiel charts render offline."""

from __future__ import annotations

import pytest
from browser_support import map_frame
from synthetic import grid_frame, save_grid

from urgentie.store.areas import AreaStore

pytestmark = pytest.mark.browser

NAME = "<b>Wijk</b> & co"


@pytest.fixture
def proefdorp(data_dir):
    store = AreaStore()
    frame = grid_frame(names={"WK999801": NAME}, missing={"inwoners": ["WK999802"]})
    save_grid(store, frame)
    return frame


def test_map_draws_offline_and_a_click_opens_the_profile(proefdorp, running_app, offline_page):
    url = running_app()
    page = offline_page(1280, 900)
    page.goto(url + "/")
    frame = map_frame(page)
    wijken = proefdorp[proefdorp["niveau"] == "wijk"]
    paths = frame.locator("path.leaflet-interactive")
    assert paths.count() == len(wijken)
    # The name reaches the page as text, never as markup.
    label = frame.locator('path[data-code="WK999801"]').get_attribute("aria-label")
    assert label.startswith(NAME + ":")
    assert frame.locator("b").count() == 0

    frame.locator('path[data-code="WK999802"]').click()
    page.get_by_role("heading", name="Wijk 3").wait_for(timeout=30_000)
    page.get_by_text("Stapeling:").first.wait_for(timeout=30_000)
    # The selection is outlined without reloading the map: the same paths are still there.
    frame.locator(".leaflet-selectie-pane path").first.wait_for(timeout=30_000)
    assert paths.count() == len(wijken)
    assert page.blocked == []
    assert page.errors == []


def test_profile_page_charts_render_offline(proefdorp, running_app, offline_page):
    url = running_app()
    page = offline_page(1280, 900)
    page.goto(url + "/")  # the first run of a fresh server must be the entry page (see README)
    map_frame(page)
    page.goto(url + "/wijkprofiel?gebied=WK999800&jaar=2024")
    page.get_by_role("heading", name="Wijk 1").wait_for(timeout=60_000)
    page.locator(".stPlotlyChart .main-svg").first.wait_for(timeout=60_000)
    assert page.locator(".stPlotlyChart").count() >= 1
    assert page.blocked == []
    assert page.errors == []


def test_exported_map_opens_from_a_file_without_any_network(proefdorp, chromium, tmp_path):
    from urgentie import exports
    from urgentie.choropleth import ClassedValues, Measure, value_layer
    from urgentie.mapdata import encode_shapes
    from urgentie.views.map import build_map, rendered_html

    wijken = proefdorp[proefdorp["niveau"] == "wijk"].reset_index(drop=True)
    values = wijken.set_index("code")["inwoners"]
    classed = ClassedValues(
        {c: (-1 if v != v else 0) for c, v in values.items()}, ("alle",), (2,), ("#fd8d3c",), "x"
    )
    layer = value_layer(
        encode_shapes(wijken), wijken, values, Measure("indicator", "inwoners"), classed
    )
    path = tmp_path / "kaart.html"
    path.write_text(exports.standalone_map_html(rendered_html(build_map(layer))), "utf-8")

    context = chromium.new_context(viewport={"width": 1000, "height": 700})
    requests: list[str] = []

    def refuse(route):
        requests.append(route.request.url)
        route.abort()

    context.route("http*://**/*", refuse)  # nothing may leave the file, not even localhost
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    assert page.locator("path.leaflet-interactive").count() == len(wijken)
    assert page.locator(".urgentie-legend").inner_text().count("geheim of onbekend") == 1
    assert requests == []
    assert errors == []
