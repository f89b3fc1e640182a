"""Gedeelde urgentie in headless Chromium with the internet blocked: a click on a matrix cell
selects it, the alignment map draws from the local Leaflet and a click on it selects the area.
Screenshots at 1920×1080 and 390×844 go to ``artifacts/`` to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import ROOT, map_frame
from demo_support import DEMO_WIJKEN

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
PAGE = "/gedeelde_urgentie"


@pytest.fixture
def demo_dir(demo_data_with_script: Path) -> Path:
    return demo_data_with_script


def _open(page: object, url: str) -> None:
    page.goto(url + "/")  # a fresh server's first run must be the entry page (see README)
    page.wait_for_selector("h1", timeout=120_000)  # type: ignore[attr-defined]
    page.goto(url + PAGE)  # type: ignore[attr-defined]
    page.get_by_text("Bron: CBS").wait_for(timeout=120_000)  # type: ignore[attr-defined]
    page.locator(".stPlotlyChart .main-svg").first.wait_for(timeout=60_000)  # type: ignore[attr-defined]


def _click_cell(page: object, area: str, domain_index: int) -> None:
    """Click the matrix cell of ``area`` (by its row label) and the ``domain_index``-th domain."""
    chart = page.locator(".stPlotlyChart .js-plotly-plot").first  # type: ignore[attr-defined]
    chart.scroll_into_view_if_needed()
    x, y = chart.evaluate(
        """(gd, args) => {
          const L = gd._fullLayout, box = gd.getBoundingClientRect();
          const row = L.yaxis.ticktext.indexOf(args[0]);
          return [box.left + L._size.l + L.xaxis.l2p(args[1]),
                  box.top + L._size.t + L.yaxis.l2p(row)];
        }""",
        [area, domain_index],
    )
    page.mouse.click(x, y)  # type: ignore[attr-defined]


def test_matrix_click_and_alignment_map_work_offline(demo_dir, running_app, offline_page):
    url = running_app()
    page = offline_page(1920, 1080)
    _open(page, url)
    ticks = page.locator(".stPlotlyChart .js-plotly-plot").first.evaluate(
        "gd => gd._fullLayout.yaxis.ticktext"
    )
    assert set(ticks) == DEMO_WIJKEN

    _click_cell(page, "Oude Haven", 6)  # veiligheid is the seventh domain
    page.get_by_text("Oude Haven × Veiligheid en criminaliteit").wait_for(timeout=60_000)
    page.get_by_text("Kloof: beleid ziet urgentie, professionals niet").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gedeeld_1920_matrix.png"))

    page.get_by_role("tab", name="Kaart", exact=True).click()
    frame = map_frame(page)
    paths = frame.locator("path.leaflet-interactive")
    assert paths.count() == len(DEMO_WIJKEN)
    assert frame.get_by_text("Aantal domeinen waarin de urgentie verdeeld is").count() == 1
    # The legend is open on a wide screen, even though the map was made in a hidden tab.
    assert frame.locator(".urgentie-legend details[open]").count() == 1
    page.screenshot(path=str(ARTIFACTS / "gedeeld_1920_kaart.png"))

    frame.locator('path[data-code="WK999905"]').click()
    page.get_by_text("De vier stemmen in Het Veld").wait_for(timeout=60_000)
    assert page.blocked == []
    assert page.errors == []


def test_phone_shows_the_matrix_and_the_voices(demo_dir, running_app, offline_page):
    url = running_app()
    page = offline_page(390, 844)
    _open(page, url)
    _click_cell(page, "Het Veld", 7)  # fysieke leefomgeving
    page.get_by_text("Het Veld × Fysieke leefomgeving").wait_for(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gedeeld_390_cel.png"))
    # The matrix fits the phone: no cell column is cut off at the right edge.
    right = page.locator(".stPlotlyChart .js-plotly-plot").first.evaluate(
        "gd => gd.getBoundingClientRect().right"
    )
    assert right <= 390
    assert page.blocked == []
    assert page.errors == []
