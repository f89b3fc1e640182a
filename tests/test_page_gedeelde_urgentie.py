"""AppTest of the Gedeelde urgentie page on the demo, with its notes imported the real way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_support import open_page
from demo_support import DEMO_WIJKEN
from notes_support import make_areas
from streamlit.testing.v1 import AppTest

from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore
from urgentie.views import gedeeld


@pytest.fixture
def demo_dir(demo_data_with_script: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    return demo_data_with_script


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def _figure(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def test_matrix_shows_every_demo_wijk_and_the_oude_haven_split(demo_dir: Path) -> None:
    at = _ok(open_page("gedeelde_urgentie"))
    assert at.title[0].value.startswith("Gedeelde urgentie · Voorbeeldstad")
    assert "demo" in at.title[0].value
    figure = _figure(at)
    assert set(figure["layout"]["yaxis"]["ticktext"]) == DEMO_WIJKEN
    # The cell's tooltip names the status and the gap.
    tips = [t for trace in figure["data"] for t in trace.get("hovertext") or []]
    haven = next(t for t in tips if t.startswith("<b>Oude Haven · Veiligheid"))
    assert "≠ verdeeld — beleid ziet urgentie, professionals niet" in haven
    assert any(
        "Bron: CBS, Kadaster/PDOK — CC BY 4.0 · demogegevens (fictief)" in t for t in _texts(at)
    )
    downloads = {b.label for b in at.get("download_button")}
    assert downloads == {"Tabel als CSV", "Tabel als Excel"}

    # The same data as a table (for screen readers and export).
    at.session_state[gedeeld.VIEW_KEY] = "Tabel"
    _ok(at.run())
    table = next(d.value for d in at.dataframe if "Kloof" in d.value.columns)
    assert set(table["Gebied"]) == DEMO_WIJKEN
    row = table[
        (table["Gebied"] == "Oude Haven") & (table["Domein"] == "Veiligheid en criminaliteit")
    ]
    assert row["Status"].iloc[0] == "≠ verdeeld"
    assert row["Kloof"].iloc[0] == "beleid ziet urgentie, professionals niet"


def test_selected_cell_explains_itself_and_shows_escaped_notes(demo_dir: Path) -> None:
    at = open_page("gedeelde_urgentie", query={"gebied": "WK999902"})
    at.session_state[gedeeld.DOMAIN_KEY] = "veiligheid"
    _ok(at.run())
    texts = _texts(at)
    assert "**Oude Haven × Veiligheid en criminaliteit**" in texts
    assert "**Kloof:** beleid ziet urgentie, professionals niet" in texts
    why = [t for t in texts if t.startswith("Verdeeld: ") and "de hoogste stem (beleid" in t]
    assert why and "verdeeld vanaf 1,5" in why[0]
    labels = [t.label for t in at.tabs]
    assert any(label.startswith("Gesprekken (") and label != "Gesprekken (0)" for label in labels)
    # The note with a script tag is shown as text: escaped in Markdown, nowhere raw.
    assert any("\\<script\\>alert" in t for t in texts)
    assert not any("<script>" in t for t in texts)
    # Its card says what it counts as and where it came from.
    assert any("telt als beoordeling \\(gewicht 1\\)" in t for t in texts)
    # The voices of the whole area, per domain, with n.
    voices = next(d.value for d in at.dataframe if "Professionals" in d.value.columns)
    safety = voices[voices["Domein"] == "Veiligheid en criminaliteit"].iloc[0]
    # Registered crime (police) gives the figures a voice on safety.
    assert safety["Cijfers (CBS)"].endswith("4 indicatoren")
    assert "n=" in safety["Professionals"]


def test_a_gap_opens_its_evidence(demo_dir: Path) -> None:
    at = open_page("gedeelde_urgentie")
    at.session_state[gedeeld.TAB_KEY] = "Grootste kloven"
    _ok(at.run())
    labels = [e.label for e in at.expander]
    gap = next(
        i
        for i, label in enumerate(labels)
        if "Oude Haven · Veiligheid en criminaliteit — beleid ziet urgentie, professionals niet"
        in label
    )
    expander = at.expander[gap]
    inner = [t.label for t in expander.tabs]
    assert inner[0] == "Cijfers" and inner[1].startswith("Gesprekken (")
    ratings = next(d.value for d in expander.dataframe if "Beoordeling (1-5)" in d.value.columns)
    assert set(ratings["Perspectief"]) >= {"Beleid (gemeente)", "Professionals"}
    assert ratings["Beoordeling (1-5)"].between(1, 5).all()
    assert [m.value for m in expander.markdown if "\\<script\\>" in m.value]
    # The button moves the whole page to this cell.
    expander.button[0].click()
    _ok(at.run())
    assert at.session_state["gebied"] == "WK999902"
    assert at.session_state[gedeeld.DOMAIN_KEY] == "veiligheid"


def test_over_time_shows_verdicts_per_cell(demo_dir: Path) -> None:
    at = open_page("gedeelde_urgentie")
    at.session_state[gedeeld.TAB_KEY] = "Door de tijd"
    _ok(at.run())
    trends = next(d.value for d in at.dataframe if "Oordeel" in d.value.columns)
    assert "de stemmen groeien naar elkaar toe" in set(trends["Oordeel"])
    assert set(trends["Oordeel"]) <= {
        "de stemmen groeien naar elkaar toe",
        "de stemmen lopen uiteen",
        "ongeveer gelijk gebleven",
    }


@pytest.fixture
def votes_only(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A gemeente without figures, whose only evidence is one session's votes (one period)."""
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    make_areas(data_dir)
    notes = NotesStore.open(f"sqlite:///{data_dir / 'urgentie.sqlite'}")
    votes = VoteStore(notes.engine)
    session = votes.create_session("Leergemeenschap <i>maart</i>", "GM9999")
    for i in range(3):
        votes.cast_votes(session.id, f"b{i}", "bewoner", {("WK999901", "wonen"): 5})
        votes.cast_votes(session.id, f"p{i}", "professional", {("WK999901", "wonen"): 1})
    notes.engine.dispose()
    return data_dir


def test_votes_are_evidence_and_one_period_is_said_plainly(votes_only: Path) -> None:
    at = open_page("gedeelde_urgentie", query={"gebied": "WK999901"})
    at.session_state[gedeeld.DOMAIN_KEY] = "wonen"
    at.session_state[gedeeld.TAB_KEY] = "Door de tijd"
    _ok(at.run())
    info = [i.value for i in at.info]
    assert any(
        text.startswith("Alle gesprekken en stemmen vallen in één periode (") for text in info
    )
    texts = _texts(at)
    assert "**Kloof:** bewoners luiden de bel, professionals niet" in texts
    votes = next(d.value for d in at.dataframe if "Stemmers" in d.value.columns)
    assert votes["Stemmers"].tolist() == [3, 3]
    assert votes["Sessie"].iloc[0].startswith("Leergemeenschap <i>maart</i> (")  # plain text


def test_empty_store_says_what_to_do(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    at = _ok(open_page("gedeelde_urgentie"))
    assert at.info[0].value.startswith("Er zijn nog geen gegevens")
