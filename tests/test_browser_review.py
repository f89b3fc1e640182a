"""The review workbench in headless Chromium: the keyboard really accepts and removes codes
(``st.button(shortcut=...)`` is a browser feature AppTest cannot press)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.notes_support import GEMEENTE, make_areas
from urgentie.store.notes_db import CodeRecord, NewBatch, NoteRecord, NotesStore

pytestmark = pytest.mark.browser


def _notes(data_dir: Path) -> NotesStore:
    make_areas(data_dir)
    store = NotesStore.open(f"sqlite:///{data_dir / 'urgentie.sqlite'}")
    store.write_batch(
        NewBatch("t.csv", "b" * 64, "csv", GEMEENTE, "v1"),
        [
            NoteRecord(
                gemeente_code=GEMEENTE,
                area_code="WK999901",
                area_name="Centrum",
                area_match="exact",
                perspective="bewoner",
                text="Schimmel in huis en veel stress.",
                codes=[
                    CodeRecord("gezondheid", "zorg", ["stress"], None, "stress", None, 0.5),
                    CodeRecord("wonen", "zorg", ["schimmel"], None, "schimmel", None, 0.55),
                ],
            )
        ],
    )
    return store


def test_keys_switch_a_code_off_and_accept(data_dir: Path, running_app, offline_page):
    store = _notes(data_dir)
    url = running_app()
    page = offline_page(1280, 900)
    page.goto(url + "/")
    page.wait_for_selector("h1", timeout=120_000)
    page.goto(url + "/gesprekken")
    page.get_by_role("tab", name="Beoordelen").click(timeout=120_000)
    name = page.get_by_label("Jouw naam (zo blijft bewaard wie wat codeerde)")
    name.fill("Sanne")
    name.press("Enter")
    page.get_by_text("Beoordelen met het toetsenbord").click()
    page.get_by_text("Gesprek 1 van 1").wait_for(timeout=60_000)
    page.locator("h1").first.click()  # focus on the page, not in an input
    page.keyboard.press("1")  # 1 = gezondheid/zorg: off
    page.get_by_text("Gezondheid en zorg — zorg (vervalt", exact=False).wait_for(timeout=30_000)
    page.keyboard.press("a")  # accept and next
    page.get_by_text("Alle gesprekken zijn beoordeeld.").wait_for(timeout=30_000)
    rows = store.note_codes(int(store.notes_frame(GEMEENTE)["id"].iloc[0])).set_index("domain")
    assert not bool(rows.loc["gezondheid", "active"]) and bool(rows.loc["wonen", "confirmed"])
    assert set(rows["reviewed_by"]) == {"Sanne"}
    assert page.blocked == [] and page.errors == []
