"""The projector, measured in a real browser at 1920×1080: every session step fits one screen
(nine domains, a long wijk name and a long title, votes in the last step), and a step change
never shows the previous step's content under the new heading."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_support import OUDE_HAVEN

from urgentie.demo import DEMO_CODE
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
WIDTH, HEIGHT = 1920, 1080
LONG_NAME = "Oude Haven, Havenkwartier-Noord en de Scheepsbouwerswerf"
LONG_TITLE = "Leergemeenschap wijkaanpak: voorjaarsbijeenkomst met bewoners en professionals"

STEP_CONTENT = {
    1: ".st-key-sessie_kaart_blok iframe",
    2: ".st-key-sessie_stemmen_blok .stPlotlyChart",
    3: ".st-key-sessie_gedeeld_blok .sessie-status",
    4: ".st-key-sessie_goed_blok .sessie-goed",
    5: ".st-key-sessie_stemronde_blok .sessie-live",
}
"""What only each step shows: if it is on screen under another step's heading, it is stale."""

OVERFLOW_JS = """
() => {
  // The lowest visible pixel of the page's content, with the page scrolled to the top.
  const main = document.querySelector('[data-testid="stMain"]');
  if (main) { main.scrollTop = 0; }
  window.scrollTo(0, 0);
  let bottom = 0;
  for (const el of document.querySelectorAll('[data-testid="stMainBlockContainer"] *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    bottom = Math.max(bottom, box.bottom);
  }
  const scroll = main ? main.scrollHeight - main.clientHeight : 0;
  return {bottom: Math.round(bottom), scroll: scroll,
          doc: document.documentElement.scrollHeight - window.innerHeight};
}
"""

WATCH_JS = """
(args) => {
  // Every animation frame until the new step is complete: is an element that only the
  // previous step has visible while the heading already names the new step?
  const [step, previous, until] = args;
  window.staleSeen = [];
  const visible = (sel) => Array.from(document.querySelectorAll(sel)).some((el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    let node = el, hidden = false;
    while (node && node !== document.body) {
      const s = getComputedStyle(node);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) {
        hidden = true; break;
      }
      node = node.parentElement;
    }
    return !hidden && box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
  });
  // The step as the navigation shows it (the vote has no heading of its own).
  const active = () => {
    const el = document.querySelector('[data-testid="stBaseButton-segmented_controlActive"]');
    return el ? el.textContent.trim() : '';
  };
  const start = performance.now();
  const tick = () => {
    const onNew = active().startsWith(step + ' ');
    if (onNew && visible(previous)) {
      window.staleSeen.push(Math.round(performance.now() - start));
    }
    if (performance.now() - start < until) { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
}
"""


def _long_names(root: Path) -> None:
    store = AreaStore(root)
    jaar = max(store.years(DEMO_CODE))
    frame = store.load(DEMO_CODE, jaar)
    frame.loc[frame["code"] == OUDE_HAVEN, "naam"] = LONG_NAME
    store.save(frame, store.manifest(DEMO_CODE, jaar))


def _settled(page: object) -> None:
    """Wait until Streamlit finished the run (no spinner, no running indicator)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') &&"
        " !document.querySelector('[data-testid=stSpinner]')",
        timeout=60_000,
    )
    page.wait_for_timeout(1500)  # plotly and Leaflet lay out after the run


def test_every_projector_step_fits_and_never_shows_the_last_one(
    demo_data, running_app, offline_page
) -> None:
    _long_names(demo_data)
    url = running_app()
    page = offline_page(WIDTH, HEIGHT)
    page.goto(url + "/")
    page.locator("[data-testid=stSidebarNav]").wait_for(timeout=60_000)
    page.goto(url + "/sessie")
    page.get_by_label("Naam van de sessie").fill(LONG_TITLE)
    page.get_by_label("Wijk op de agenda").click()
    page.keyboard.type("Oude Haven")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sessie beginnen").click()
    page.get_by_role("heading", name="1 · Waar concentreren de opgaven zich?").wait_for(
        timeout=60_000
    )
    code = page.evaluate("() => new URL(location.href).searchParams.get('sessie')")
    ARTIFACTS.mkdir(exist_ok=True)
    measured: dict[int, dict] = {}
    stale: dict[int, list[int]] = {}
    for step in range(1, 6):
        if step > 1:
            page.evaluate(WATCH_JS, [step, STEP_CONTENT[step - 1], 8000])
            page.locator("body").press("PageDown")
        page.locator(STEP_CONTENT[step]).first.wait_for(timeout=60_000)
        if step == 5:
            page.get_by_role("button", name="Stemming openen").click()
            page.locator(".sessie-live").get_by_text("stemming open").wait_for(timeout=30_000)
            votes = VoteStore(NotesStore.open().engine)
            for phone in ("tel-1", "tel-2", "tel-3", "tel-4"):
                votes.cast_votes(
                    code,
                    phone,
                    "bewoner" if phone != "tel-4" else "beleid",
                    {(OUDE_HAVEN, d): 4 for d in ("veiligheid", "wonen", "gezondheid")},
                )
            votes.engine.dispose()
            page.wait_for_selector('.sessie-live[data-stemmers="4"]', timeout=20_000)
        _settled(page)
        if step > 1:
            page.wait_for_timeout(max(0, 8000 - 1500))
            stale[step] = page.evaluate("() => window.staleSeen")
        measured[step] = page.evaluate(OVERFLOW_JS)
        page.mouse.move(WIDTH - 10, HEIGHT - 10)
        page.screenshot(path=str(ARTIFACTS / f"projector_stap_{step}.png"))
    print("projector", measured, {k: len(v) for k, v in stale.items()})
    too_tall = {s: m["bottom"] - HEIGHT for s, m in measured.items() if m["bottom"] > HEIGHT}
    assert not too_tall, f"stappen hoger dan {HEIGHT} px (px te veel): {too_tall}"
    assert all(m["scroll"] <= 0 and m["doc"] <= 0 for m in measured.values()), measured
    assert not any(stale.values()), f"vorige stap nog zichtbaar (ms na de wissel): {stale}"
    assert page.blocked == [] and page.errors == []
