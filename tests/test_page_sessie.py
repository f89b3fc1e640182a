"""The Sessie page with AppTest on the demo (notes imported): create a session, walk the story
of Oude Haven, open the vote, and see the room's votes in the live results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apptest_support import open_page
from demo_support import OUDE_HAVEN
from streamlit.testing.v1 import AppTest

from urgentie.analysis.alignment import STATUS_ORDER
from urgentie.domains import DOMAIN_KEYS
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore

TITLE = "Leergemeenschap <b>Haven</b>"


def _votes() -> VoteStore:
    return VoteStore(NotesStore.open().engine)


def _html(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.get("html"))


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


@pytest.fixture
def started(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    monkeypatch.setenv("URGENTIE_PUBLIC_URL", "http://192.168.1.20:8501")
    at = open_page("sessie")
    assert not at.exception
    at.text_input[0].set_value(TITLE)
    at.selectbox(key="sessie_wijk").set_value(OUDE_HAVEN)
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    return at


def test_creating_a_session_stores_it_with_its_agenda(started: AppTest) -> None:
    sessions = _votes().sessions("GM9999")
    assert len(sessions) == 1
    session = sessions[0]
    assert session.title == TITLE
    assert session.config["wijk"] == OUDE_HAVEN and session.config["wijk_naam"] == "Oude Haven"
    assert session.config["domeinen"] == list(DOMAIN_KEYS)
    assert not session.is_open  # the vote opens in step 5
    assert started.query_params["sessie"] == session.id
    assert started.header[0].value == "1 · Waar concentreren de opgaven zich?"
    page = _html(started)
    assert "Leergemeenschap &lt;b&gt;Haven&lt;/b&gt;" in page and "<b>Haven</b>" not in page
    assert f"192.168.1.20:8501/stem · code <b>{session.id}</b>" in page
    assert "Plaats " in page and " van de 10 wijken" in page


def test_the_story_steps_of_oude_haven(started: AppTest) -> None:
    _button(started, "sessie_volgende").click().run()
    assert started.header[0].value == "2 · Hoe ziet elke stem het?"
    assert len(started.get("plotly_chart")) == 1
    _button(started, "sessie_volgende").click().run()
    assert started.header[0].value == "3 · Is de urgentie gedeeld?"
    table = _html(started)
    statuses = re.findall(r'class="pil"[^>]*>\S+ ([^<]+)</span>', table)
    assert statuses[0] == "verdeeld"  # the gaps first, then shared, then too little
    assert statuses == sorted(statuses, key=STATUS_ORDER.index)
    assert "Beleid ziet urgentie, professionals niet" in table
    _button(started, "sessie_volgende").click().run()
    assert started.header[0].value == "4 · Wat gaat goed?"
    goed = _html(started)
    assert "Volgens de cijfers" in goed and "Volgens de gesprekken" in goed
    assert "beter dan gemiddeld in de gemeente" in goed
    assert started.query_params["stap"] == "4"
    _button(started, "sessie_vorige").click().run()
    assert started.header[0].value == "3 · Is de urgentie gedeeld?"


def test_opening_the_vote_and_seeing_a_vote_arrive(started: AppTest) -> None:
    for _ in range(4):
        _button(started, "sessie_volgende").click().run()
    assert "Ronde 1 · 0 stemmen ontvangen" in _html(started)
    _button(started, "sessie_openen").click().run()
    session = _votes().sessions("GM9999")[0]
    assert session.is_open
    assert 'data-stemmers="0"' in _html(started)
    _votes().cast_votes(session.id, "tel-1", "bewoner", {(OUDE_HAVEN, "veiligheid"): 4})
    started.run()
    page = _html(started)
    assert 'data-stemmers="1"' in page and "Ronde 1 · 1 stem ontvangen" in page
    # One phone's vote is nobody's business: no mean until MIN_VOTES phones voted.
    assert "Veiligheid en criminaliteit: nog te weinig stemmen." in page
    assert "de zaal geeft" not in page and "de zaal ziet" not in page
    for phone in ("tel-2", "tel-3"):
        _votes().cast_votes(session.id, phone, "bewoner", {(OUDE_HAVEN, "veiligheid"): 4})
    started.run()
    assert "Veiligheid en criminaliteit: de zaal" in _html(started)
    _button(started, "sessie_sluiten").click().run()
    assert not _votes().session(session.id).is_open
    _button(started, "sessie_nieuwe_ronde").click().run()
    reopened = _votes().session(session.id)
    assert reopened.is_open and reopened.current_round == 2
    assert "Ronde 2 · 0 stemmen ontvangen" in _html(started)


def test_the_set_up_chooses_its_own_gemeente(demo_data: Path, monkeypatch) -> None:
    # Another gemeente is stored and was left chosen by another page: the set-up shows which
    # gemeente the session is about, and switching it offers that gemeente's wijken.
    from synthetic import grid_frame, save_grid

    from urgentie.store.areas import AreaStore

    save_grid(AreaStore(demo_data), grid_frame("GM9998", "Proefdorp", 2024))
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    at = open_page("sessie", query={"gemeente": "GM9998"})
    assert not at.exception
    picker = at.selectbox(key="_w_sessie_gemeente")
    assert picker.value == "GM9998"
    assert picker.options == ["Proefdorp", "Voorbeeldstad (demo)"]
    assert "Oude Haven" not in at.selectbox(key="sessie_wijk").options
    picker.set_value("GM9999").run()
    assert not at.exception
    assert "Oude Haven" in at.selectbox(key="sessie_wijk").options
    assert not _votes().sessions()  # choosing is not starting


def test_a_link_to_an_unknown_session_says_so(demo_data: Path, monkeypatch) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    at = open_page("sessie", query={"sessie": "ZZZZZZ"})
    assert not at.exception
    assert "Sessie 'ZZZZZZ' bestaat niet" in at.error[0].value
    assert at.title[0].value == "Sessie"  # and the set-up is there to start a new one


def test_a_session_code_in_the_link_is_shown_as_typed(demo_data: Path, monkeypatch) -> None:
    # The error echoes the ?sessie= parameter: markdown in it must not become a link.
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    at = open_page("sessie", query={"sessie": "[klik](javascript:alert(1))"})
    assert not at.exception
    shown = at.error[0].value
    assert "\\[klik\\]\\(javascript\\:alert\\(1\\)\\)" in shown
    assert "[klik](" not in shown
