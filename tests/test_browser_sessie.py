"""The session in real browsers with the internet blocked: the facilitator's screen (1920×1080)
shows a vote cast from a phone (390×844, its own cookies) within seconds and without a reload;
the phone keeps its device token over a reload, so voting again replaces its vote; another
phone is another participant."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import map_frame
from demo_support import OUDE_HAVEN

from urgentie.session import device
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
LIVE_TIMEOUT = 10_000
"""The projector refreshes every 2 s; 10 s leaves room for a busy test machine."""


def _token(context: object) -> str:
    cookies = {c["name"]: c["value"] for c in context.cookies()}  # type: ignore[attr-defined]
    return cookies[device.COOKIE_NAME]


def _start_session(page: object, url: str) -> str:
    page.goto(url + "/")  # the first run of a fresh server must be the entry page (README)
    page.locator("[data-testid=stSidebarNav]").wait_for(timeout=60_000)
    page.goto(url + "/sessie")
    page.get_by_label("Naam van de sessie").fill("Leergemeenschap <Haven>")
    page.get_by_label("Wijk op de agenda").click()
    page.keyboard.type("Oude Haven")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sessie beginnen").click()
    page.get_by_role("heading", name="1 · Waar concentreren de opgaven zich?").wait_for(
        timeout=60_000
    )
    code = page.evaluate("() => new URL(location.href).searchParams.get('sessie')")
    assert code and len(code) == 6
    return code


def _vote(phone: object, perspective: str, domain_index: int, rating: str) -> None:
    phone.get_by_text(perspective).click()
    group = phone.locator("[data-testid=stButtonGroup]").nth(domain_index)
    group.get_by_role("radio", name=rating, exact=True).click()
    phone.get_by_role("button", name="Stem versturen").click()
    phone.get_by_text("Je stem is ontvangen").wait_for(timeout=30_000)


def test_a_phone_vote_appears_on_the_projector_live(demo_data, running_app, offline_page):
    url = running_app()
    projector = offline_page(1920, 1080)
    code = _start_session(projector, url)
    # Step 1: the offline map of the ten wijken with Oude Haven outlined.
    frame = map_frame(projector)
    assert frame.locator("path.leaflet-interactive").count() == 10
    frame.locator(".leaflet-selectie-pane path").first.wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    projector.mouse.move(1900, 1060)  # no tooltip in the screenshot
    projector.wait_for_timeout(500)
    projector.screenshot(path=str(ARTIFACTS / "sessie_1_kaart.png"))
    # A presenter's clicker sends Page Down; four steps to the vote.
    for step in range(2, 6):
        projector.locator("body").press("PageDown")
        if step < 5:
            projector.get_by_role("heading", name=f"{step} · ").wait_for(timeout=30_000)
    # A phone that scans the code before the vote opens waits, and moves on by itself.
    phone = offline_page(390, 844)
    phone.goto(f"{url}/stem?sessie={code}")
    phone.get_by_text("De stemming is nu dicht").wait_for(timeout=60_000)
    # On a phone the page is all there is: no menu to open by accident.
    phone.locator("[data-testid=stExpandSidebarButton]").wait_for(state="hidden", timeout=30_000)
    phone.screenshot(path=str(ARTIFACTS / "stem_wacht.png"))
    projector.get_by_role("button", name="Stemming openen").click()
    live = projector.locator(".sessie-live")
    live.get_by_text("stemming open").wait_for(timeout=30_000)
    assert live.get_attribute("data-stemmers") == "0"
    projector.evaluate("() => { window.zonderHerladen = true; }")
    phone.get_by_text("Wie ben je hier?").wait_for(timeout=LIVE_TIMEOUT)
    phone.wait_for_timeout(500)
    phone.screenshot(path=str(ARTIFACTS / "stem_formulier.png"))
    token = _token(phone.context)
    assert device.valid_token(token)
    veiligheid = 6  # the seventh domain on the agenda (all nine, catalogue order)
    _vote(phone, "Ik werk in de wijk (professional)", veiligheid, "4")

    # The projector shows it within seconds, without a reload.
    projector.wait_for_selector('.sessie-live[data-stemmers="1"]', timeout=LIVE_TIMEOUT)
    chart = projector.locator(".stPlotlyChart")
    # One phone's vote is not shown as a mean (MIN_VOTES): the room sees "te weinig stemmen".
    chart.locator("text", has_text="te weinig stemmen").first.wait_for(timeout=LIVE_TIMEOUT)
    assert chart.locator("text", has_text="4,0 (n=1)").count() == 0
    assert projector.evaluate("() => window.zonderHerladen") is True
    projector.screenshot(path=str(ARTIFACTS / "sessie_5_stemronde.png"))

    # A reload keeps the phone's token: it sees its vote, and changing it replaces it.
    phone.reload()
    phone.get_by_text("Je stem is ontvangen").wait_for(timeout=60_000)
    assert _token(phone.context) == token
    change = phone.get_by_role("button", name="Stem wijzigen")
    change.wait_for(timeout=30_000)
    phone.wait_for_timeout(500)
    phone.screenshot(path=str(ARTIFACTS / "stem_ontvangen.png"))
    change.click()
    _vote(phone, "Ik werk in de wijk (professional)", veiligheid, "2")
    projector.wait_for_timeout(2500)  # one refresh of the live results
    assert live.get_attribute("data-stemmers") == "1"
    assert chart.locator("text", has_text="2,0 (n=1)").count() == 0

    # Another phone (its own cookies) is another participant.
    other = offline_page(390, 844)
    other.goto(f"{url}/stem?sessie={code}")
    other.get_by_text("Wie ben je hier?").wait_for(timeout=60_000)
    assert _token(other.context) != token
    _vote(other, "Ik woon in de wijk (bewoner)", veiligheid, "5")
    projector.wait_for_selector('.sessie-live[data-stemmers="2"]', timeout=LIVE_TIMEOUT)
    assert projector.evaluate("() => window.zonderHerladen") is True

    store = VoteStore(NotesStore.open().engine)
    votes = store.votes_frame([code])
    store.engine.dispose()
    assert len(votes) == 2 and votes["participant"].nunique() == 2
    assert set(votes["area_code"]) == {OUDE_HAVEN}
    assert sorted(votes["rating"]) == [2, 5]
    for page in (projector, phone, other):
        assert page.blocked == []
        assert page.errors == []
