"""Start the real app and drive Debian's Chromium with Playwright, with the internet blocked.

The fixtures are registered for every test in ``tests/conftest.py``; a browser test
(``pytest -m browser``) just names them.

- :func:`running_app` starts ``streamlit run app.py`` on a free port with ``URGENTIE_DATA_DIR``
  set to the test's data directory (fill it *before* requesting the fixture's ``start``).
- :func:`chromium` launches ``/usr/bin/chromium`` — Playwright never downloads a browser.
- :func:`offline_page` opens a page on which every request that does not go to localhost is
  aborted and recorded in ``page.blocked`` (so a test can assert that nothing tried the CDN).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from urgentie.browser_bench import streamlit_command

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_PREFIXES = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    """Poll Streamlit's health endpoint until it answers, or fail with the server's output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"streamlit stopped (code {process.returncode}):\n{output}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout:.0f} s")


@pytest.fixture
def running_app(data_dir: Path) -> Iterator[Callable[..., str]]:
    """``start(**env) -> base URL``: the app served from this worktree on the test's data dir.

    The server is stopped (by its own process id) when the test ends.
    """
    processes: list[subprocess.Popen] = []

    def start(address: str = "127.0.0.1", **extra_env: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "URGENTIE_DATA_DIR": str(data_dir),
            "URGENTIE_DEMO": "off",
            "PYTHONPATH": str(ROOT / "src"),
            **extra_env,
        }
        process = subprocess.Popen(
            streamlit_command(port, address),
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, process)
        return url

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


@pytest.fixture
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (skips when either is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium ontbreekt (scripts/test.sh installeert het)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def offline_page(chromium: object) -> Callable[..., object]:
    """``open(width=1280, height=900) -> page`` with every non-local request aborted.

    ``page.blocked`` lists the URLs that were refused; ``page.errors`` the page's JS errors.
    """

    def open_page(width: int = 1280, height: int = 900) -> object:
        context = chromium.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        page = context.new_page()
        page.blocked = []
        page.errors = []

        def route(request_route: object) -> None:
            url = request_route.request.url  # type: ignore[attr-defined]
            if url.startswith(LOCAL_PREFIXES) or url.startswith(("data:", "blob:", "about:")):
                request_route.continue_()  # type: ignore[attr-defined]
            else:
                page.blocked.append(url)
                request_route.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    return open_page


def map_frame(page: object, timeout: float = 60_000) -> object:
    """The streamlit-folium iframe once Leaflet has drawn at least one interactive path."""
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=timeout)  # type: ignore[attr-defined]
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')  # type: ignore[attr-defined]
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=timeout)
    return frame
