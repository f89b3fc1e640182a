"""Waiting says why: while the demo's conversations are prepared, every page that rests on them
says so, and looks again by itself (a fragment) instead of asking for a reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import open_page

from urgentie.views import bootstrap


@pytest.fixture
def preparing(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> bootstrap.DemoNotesJob:
    job = bootstrap.DemoNotesJob(running=True)
    monkeypatch.setattr(bootstrap, "demo_notes_job", lambda: job)
    return job


@pytest.mark.parametrize("page", ["gedeelde_urgentie", "sessie", "mijn_wijk", "gesprekken"])
def test_pages_on_conversations_say_they_are_being_prepared(preparing, page: str) -> None:
    app = open_page(page)
    assert not app.exception, [e.message for e in app.exception]
    assert bootstrap.PREPARING in [i.value for i in app.info]
    # Ready: the next look (the fragment's timer, here a rerun) shows no notice any more.
    preparing.running = False
    app.run()
    assert not app.exception
    assert bootstrap.PREPARING not in [i.value for i in app.info]


def test_a_failed_preparation_is_explained(preparing) -> None:
    preparing.running = False
    preparing.error = "De demogesprekken konden niet worden geladen: schijf vol"
    app = open_page("gedeelde_urgentie")
    assert any("schijf vol" in w.value for w in app.warning)
