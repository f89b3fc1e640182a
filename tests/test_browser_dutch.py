"""Dutch everywhere, in a real browser: every page has its own path (``/kaart``), "/" leads to
the start page's own path, and no English text that Streamlit lets us set reaches the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PAGES = ("kaart", "wijkprofiel", "gedeelde_urgentie", "gesprekken", "sessie", "mijn_wijk")
ENGLISH = ("Page not found", "Choose an option", "No results", "Select...", "Running...")
"""English defaults a user met before; each has a Dutch replacement the app sets."""


def _settled(page: object) -> None:
    page.locator("[data-testid=stMainBlockContainer] h1").first.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
    )
    page.wait_for_timeout(2500)


def test_every_page_has_its_own_path_and_speaks_dutch(demo_data, running_app, offline_page):
    url = running_app()
    page = offline_page(1440, 900)
    page.goto(url + "/")  # the start page: the Kaart
    page.locator("iframe[title='streamlit_folium.st_folium']").wait_for(timeout=60_000)
    for name in PAGES:
        page.goto(f"{url}/{name}")
        page.locator("[data-testid=stMainBlockContainer]").wait_for(timeout=60_000)
        _settled(page)
        assert page.url.split("?")[0].endswith(f"/{name}"), page.url
        text = page.locator("body").inner_text()
        found = [e for e in ENGLISH if e in text]
        assert not found, f"{name}: Engelse tekst {found}"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"pagina_{name}.png"))
    assert page.blocked == [] and page.errors == []
