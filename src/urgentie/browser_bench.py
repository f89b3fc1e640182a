"""The benchmark in a real browser: what a click costs, as a ratio to an empty rerun.

A started server (``streamlit run app.py``) holds the demo, Utrecht (the CBS KWB file in
``../shared/data/cbs``) and all Dutch wijken. Debian's Chromium (Playwright, never a downloaded
browser) measures, in the same run:

- *leeg*: a rerun of a page with almost nothing on it (Stem without a session), the yardstick;
- *klik*: choosing a wijk on the Kaart until its profile is shown;
- *stap*: a projector step change (Page Down) until the next step is shown;
- *stem*: a phone's vote (stored) until the projector shows it.

Each is the median of a few tries and is reported as a ratio to *leeg*, never as a limit.
Finally the server's memory (resident set) after every page was visited with Utrecht and
all Dutch wijken loaded.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from urgentie.canonical import NATIONAL
from urgentie.store.areas import AreaStore

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
UTRECHT = ROOT.parent / "shared" / "data" / "cbs" / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx"
TRIES = 3
PAGES = (
    "kaart",
    "wijkprofiel",
    "gedeelde_urgentie",
    "gesprekken",
    "sessie",
    "mijn_wijk",
    "gegevens",
)

STATE_JS = """
() => {
  // Record every change of Streamlit's script state with its time.
  window.__runs = [];
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => {
    window.__runs.push([performance.now(), app.getAttribute('data-test-script-state')]);
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""
IDLE_JS = """
(since) => (window.__runs || []).some(([t, s]) => t > since && s === 'notRunning')
  && document.querySelector('[data-testid=stApp]')
       .getAttribute('data-test-script-state') === 'notRunning'
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def streamlit_command(port: int, address: str, *, watch_files: bool = False) -> list[str]:
    """The command that starts this app's server headless on ``address:port``: one place for
    the benchmark and the tests that start a real server (usage statistics always off; the
    file watcher off unless asked, since nothing edits the code while it runs)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--browser.gatherUsageStats",
        "false",
    ]
    return command if watch_files else [*command, "--server.fileWatcherType", "none"]


def _start(root: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {
        **os.environ,
        "URGENTIE_DATA_DIR": str(root),
        "URGENTIE_DEMO": "off",
        "URGENTIE_POSTCODE_LIVE": "false",
        "PYTHONPATH": str(ROOT / "src"),
    }
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):  # noqa: S310 — http
                return process, url
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("de server startte niet binnen 120 s")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _timed(page: object, action: Callable[[], None], done: str) -> float:
    """Milliseconds from ``action`` until the script is idle again and ``done`` (a JS
    expression) holds."""
    since = page.evaluate("() => performance.now()")  # type: ignore[attr-defined]
    action()
    page.wait_for_function(  # type: ignore[attr-defined]
        f"(since) => ({IDLE_JS})(since) && ({done})", arg=since, timeout=60_000
    )
    return float(page.evaluate("() => performance.now()")) - since  # type: ignore[attr-defined]


def _median(measure: Callable[[], float]) -> float:
    return round(statistics.median(measure() for _ in range(TRIES)), 1)


def _prepare(root: Path, progress: Callable[[str], None]) -> list[str]:
    from urgentie.bench import NL_WIJKEN, _nl_wijken
    from urgentie.demo import build_demo
    from urgentie.importing import import_files

    store = AreaStore(root)
    progress("demo, Utrecht en alle wijken van Nederland laden…")
    build_demo(store)
    loaded = ["demo"]
    if UTRECHT.is_file():
        import_files([UTRECHT], jaar=None, store=store, progress=lambda *_: None)
        loaded.append("Utrecht")
    if NL_WIJKEN.is_file():
        _nl_wijken(store)
        loaded.append("Nederland (wijken)")
    return loaded


def run(progress: Callable[[str], None] = print) -> dict:
    """Measure; returns a JSON-ready dict (milliseconds, ratios, megabytes)."""
    from playwright.sync_api import sync_playwright

    from urgentie.store.notes_db import NotesStore
    from urgentie.store.votes import VoteStore

    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} ontbreekt"}
    with tempfile.TemporaryDirectory(prefix="urgentie-browserbench-") as tmp:
        root = Path(tmp)
        loaded = _prepare(root, progress)
        process, url = _start(root)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                progress("leeg: Stem zonder sessie opnieuw draaien…")
                page.goto(url + "/stem")
                page.locator("[data-testid=stMainBlockContainer] h1").first.wait_for(timeout=90_000)
                page.evaluate(STATE_JS)
                page.wait_for_timeout(500)

                def rerun() -> float:
                    # Streamlit reruns on "r" when no field has the focus.
                    page.evaluate("() => document.activeElement && document.activeElement.blur()")
                    return _timed(page, lambda: page.keyboard.press("r"), "true")

                empty = _median(rerun)

                progress("klik: een wijk kiezen op de Kaart…")
                page.goto(url + "/kaart")
                page.locator("iframe[title='streamlit_folium.st_folium']").wait_for(timeout=90_000)
                page.evaluate(STATE_JS)
                names = ["Oude Haven", "Molenwijk", "Centrum", "De Akkers"]

                def click(i: list[int] = [0]) -> float:  # noqa: B006 — a counter between tries
                    name = names[i[0] % len(names)]
                    i[0] += 1
                    box = page.get_by_role("combobox", name="Zoek een gebied")

                    def choose() -> None:
                        box.click()
                        page.keyboard.type(name)
                        page.keyboard.press("Enter")

                    shown = (
                        "Array.from(document.querySelectorAll('h3'))"
                        f".some(h => h.textContent.trim() === {name!r})"
                    )
                    return _timed(page, choose, shown)

                click_ms = _median(click)

                progress("stap: de beamer een stap verder…")
                page.set_viewport_size({"width": 1920, "height": 1080})
                page.goto(url + "/sessie")
                page.get_by_label("Naam van de sessie").fill("Meting")
                page.get_by_label("Wijk op de agenda").click()
                page.keyboard.type("Oude Haven")
                page.keyboard.press("Enter")
                page.get_by_role("button", name="Sessie beginnen").click()
                page.get_by_role("heading", name="1 · Waar concentreren de opgaven zich?").wait_for(
                    timeout=90_000
                )
                code = page.evaluate("() => new URL(location.href).searchParams.get('sessie')")
                page.evaluate(STATE_JS)
                steps = []
                for step in (2, 3, 4):
                    steps.append(
                        _timed(
                            page,
                            lambda: page.locator("body").press("PageDown"),
                            "Array.from(document.querySelectorAll('h2'))"
                            f".some(h => h.textContent.startsWith('{step} ·'))",
                        )
                    )
                step_ms = round(statistics.median(steps), 1)

                progress("stem: een telefoon stemt, de beamer toont het…")
                page.locator("body").press("PageDown")
                page.get_by_role("button", name="Stemming openen").click()
                page.locator(".sessie-live").get_by_text("stemming open").wait_for(timeout=30_000)
                votes = VoteStore(NotesStore.open(f"sqlite:///{root / 'urgentie.sqlite'}").engine)
                vote_times = []
                for i in range(TRIES):
                    start = time.perf_counter()
                    votes.cast_votes(code, f"tel-{i}", "bewoner", {("WK999902", "wonen"): 4})
                    page.wait_for_selector(f'.sessie-live[data-stemmers="{i + 1}"]', timeout=30_000)
                    vote_times.append((time.perf_counter() - start) * 1000)
                votes.engine.dispose()
                vote_ms = round(statistics.median(vote_times), 1)

                progress("geheugen: elke pagina bezoeken met Utrecht en Nederland…")
                page.set_viewport_size({"width": 1440, "height": 900})
                for target in ("?gemeente=GM0344", f"?gemeente={NATIONAL}", ""):
                    for name in PAGES:
                        page.goto(f"{url}/{name}{target}")
                        page.locator("[data-testid=stMainBlockContainer] h1").first.wait_for(
                            timeout=120_000
                        )
                        page.wait_for_function(
                            "() => document.querySelector('[data-testid=stApp]')"
                            ".getAttribute('data-test-script-state') === 'notRunning'",
                            timeout=120_000,
                        )
                memory = _rss_mb(process.pid)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)
    return {
        "geladen": loaded,
        "leeg_ms": empty,
        "klik_ms": click_ms,
        "stap_ms": step_ms,
        "stem_ms": vote_ms,
        "klik_ratio": round(click_ms / empty, 2),
        "stap_ratio": round(step_ms / empty, 2),
        "stem_ratio": round(vote_ms / empty, 2),
        "server_geheugen_mb": memory,
    }


def as_text(result: dict) -> str:
    """The figures as a short Dutch report (decimal comma)."""
    from urgentie.numbers import format_number

    if "skipped" in result:
        return f"Browsermeting overgeslagen: {result['skipped']}"
    rows = [
        ("lege pagina opnieuw draaien", "leeg", None),
        ("wijk kiezen → profiel", "klik", "klik_ratio"),
        ("beamer: volgende stap", "stap", "stap_ratio"),
        ("stem telefoon → beamer", "stem", "stem_ratio"),
    ]
    lines = [f"Browsermeting (Chromium; geladen: {', '.join(result['geladen'])})"]
    for label, key, ratio in rows:
        times = f"{format_number(result[f'{key}_ms'], 0):>7} ms"
        share = f"{format_number(result[ratio], 1)} × leeg" if ratio else "(maatstaf)"
        lines.append(f"  {label:<30}{times}   {share}")
    lines.append(
        f"  {'geheugen van de server':<30}{format_number(result['server_geheugen_mb'], 0):>7} MB"
    )
    return "\n".join(lines)
