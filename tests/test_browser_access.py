"""A phone on the network reaches the facilitator's server: it must get no analyst pages."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _lan_address() -> str | None:
    """This machine's address on its network (no packet is sent), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, nothing is sent
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def _menu(chromium, url: str) -> list[str]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=60_000)
    page.wait_for_timeout(1500)
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    context.close()
    return [text.strip().splitlines()[-1].strip() for text in links]  # drop the icon name


def test_analyst_pages_only_for_the_local_computer(demo_areas_data: Path, running_app, chromium):
    lan = _lan_address()
    if lan is None:
        pytest.skip("deze machine heeft geen netwerkadres naast loopback")
    base = running_app(address="0.0.0.0")  # the phone comes in over the network interface
    port = base.rsplit(":", 1)[1]
    local = _menu(chromium, f"http://127.0.0.1:{port}/")
    assert "Kaart" in local and "Gesprekken" in local
    # From the network, even a direct link to an analyst page opens the resident page, and
    # there is no menu (Mijn wijk is the only page while no session is open).
    for page in ("kaart", "gesprekken"):
        assert _heading(chromium, f"http://{lan}:{port}/{page}") == "Mijn wijk"


def _heading(chromium, url: str) -> str:
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    heading = page.locator("h1").first
    heading.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    text = heading.inner_text().strip()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    context.close()
    return text
