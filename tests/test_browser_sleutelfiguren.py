"""Sleutelfiguren in a real browser with the internet blocked: the session step "Wie maakt het
verschil?" fits a 1920×1080 projector, and the page's network drawing needs no CDN."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import map_frame
from demo_support import OUDE_HAVEN

from urgentie.session.agenda import new_agenda
from urgentie.store.nominations import NominationStore
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _session_with_roles() -> str:
    votes = VoteStore(NotesStore.open().engine)
    agenda = new_agenda(OUDE_HAVEN, ["veiligheid", "wonen", "opvoeding"], 2024, "Oude Haven")
    session = votes.create_session("Leergemeenschap Haven", "GM9999", agenda.to_config())
    votes.update_config(session.id, {**session.config, "rollen": True})
    nominations = NominationStore(votes.engine)
    roles = ["conciërge van de school"] * 4 + ["buurtvader"] * 3 + ["visboer"]
    for i, role in enumerate(roles):
        nominations.nominate(session.id, f"p{i}", OUDE_HAVEN, role, "alledaagse_doener", 1)
    votes.engine.dispose()
    return session.id


def test_step_6_fits_the_projector_and_the_network_needs_no_cdn(
    demo_data, running_app, offline_page
):
    code = _session_with_roles()
    url = running_app()
    # A phone names a role: the name is left out before anything is stored.
    phone = offline_page(390, 844)
    phone.goto(f"{url}/stem?sessie={code}")
    phone.get_by_text("Wie maakt hier het verschil?").wait_for(timeout=60_000)
    phone.get_by_label("Rol").fill("buurtvader Henk")
    phone.get_by_text("Bruggenbouwer").click()
    phone.get_by_role("button", name="Rol doorgeven").click()
    phone.get_by_text("Genoteerd: buurtvader").wait_for(timeout=60_000)
    assert phone.blocked == []
    projector = offline_page(1920, 1080)
    projector.goto(url + "/")
    projector.locator("[data-testid=stSidebarNav]").wait_for(timeout=60_000)
    projector.goto(f"{url}/sessie?sessie={code}&stap=6")
    projector.get_by_role("heading", name="6 · Wie maakt het verschil?").wait_for(timeout=60_000)
    slide = projector.locator(".sessie-rollen")
    slide.get_by_text("In het register: Oude Haven").wait_for(timeout=30_000)
    text = slide.inner_text()
    assert "4×" in text and "4× buurtvader" in text.replace("\n", " ")  # 3 + the phone
    assert "visboer" not in text and "Henk" not in text
    projector.wait_for_timeout(1000)
    size = projector.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    main = projector.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return [m.scrollWidth, m.scrollHeight]; }"
    )
    assert size[0] <= 1920 and main[0] <= 1920
    assert main[1] <= 1080, f"stap 6 is {main[1]} px hoog"
    ARTIFACTS.mkdir(exist_ok=True)
    projector.screenshot(path=str(ARTIFACTS / "sessie_6_verschil.png"))
    assert projector.blocked == [] and projector.errors == []

    page = offline_page(1600, 1000)
    page.goto(f"{url}/sleutelfiguren")
    page.get_by_role("tab", name="Kaart").click()
    frame = map_frame(page)  # the local Leaflet: all ten wijken, two without anyone hatched
    assert frame.locator("path.leaflet-interactive").count() == 10
    frame.get_by_text("niemand geregistreerd").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Bruggen").click()
    page.locator(".stPlotlyChart .main-svg").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "sleutelfiguren_bruggen.png"), full_page=True)
    assert page.blocked == [], page.blocked


def test_public_mode_has_no_register_url(demo_data, running_app, offline_page):
    """In public mode a direct link to the register opens the resident page instead."""
    url = running_app(URGENTIE_MODE="public")
    page = offline_page(1280, 900)
    page.goto(f"{url}/sleutelfiguren")
    heading = page.locator("h1").first
    heading.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert heading.inner_text().strip() == "Mijn wijk"
    body = page.locator("body").inner_text()
    assert "Sleutelfiguren" not in body and "buurtbemiddelaar" not in body
