"""The projector's table and lists: the same status styles as every page, and every text
escaped."""

from __future__ import annotations

import math
import re

import pandas as pd

from urgentie.alignmentmap import STATUS_STYLES
from urgentie.session import slides
from urgentie.session.story import (
    AlignmentLine,
    Concentration,
    FigureStrength,
    NoteStrength,
    Story,
)

EVIL = "<script>alert(1)</script>"


def _story(**changes: object) -> Story:
    story = Story(
        area_code="WK999902",
        name=f"Oude Haven {EVIL}",
        gemeente="Voorbeeldstad",
        domains=("wonen", "veiligheid", "scholing"),
        concentration=Concentration("WK999902", "Oude Haven", math.nan, None, 10, None, 0, ()),
        voices=pd.DataFrame(columns=["domain", "voice", "urgency", "n", "counts"]),
        alignment=[
            AlignmentLine("wonen", "gedeeld urgent", "Iedereen ziet het."),
            AlignmentLine("veiligheid", "verdeeld", f"Beleid ziet urgentie {EVIL}"),
            AlignmentLine("scholing", "te weinig gegevens", "Alleen de cijfers."),
        ],
        figure_strengths=[
            FigureStrength("wonen", f"Koopwoningen {EVIL}", "55,0 %", "40,0 %", "meer")
        ],
        note_strengths=[
            NoteStrength("wonen", 2, {"bewoner": 2}, (f"speeltuin {EVIL}", "buurthuis"))
        ],
    )
    return Story(**{**story.__dict__, **changes})


def test_status_table_uses_the_shared_styles_gaps_first():
    page = slides.status_table_html(_story())
    statuses = re.findall(r'class="pil"[^>]*>[^ ]+ ([^<]+)</span>', page)
    assert statuses == ["verdeeld", "gedeeld urgent", "te weinig gegevens"]
    for status in statuses:
        style = STATUS_STYLES[status]
        assert f'background:{style.colour};color:{style.text}">{style.symbol} {status}' in page
    assert "↕" not in page  # the Sessie once had its own symbol for "verdeeld"


def test_status_table_escapes_sentences():
    page = slides.status_table_html(_story())
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_strengths_escape_labels_and_terms_and_never_show_note_text():
    page = slides.strengths_html(_story())
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") == 2  # the figure's label and the codebook term
    assert '<span class="term">buurthuis</span>' in page
    assert "2 gesprekken" in page and "(2 van bewoners)" in page


def test_strengths_say_so_when_there_are_none():
    page = slides.strengths_html(_story(figure_strengths=[], note_strengths=[]))
    assert slides.NO_FIGURE_STRENGTHS in page
    assert slides.NO_NOTE_STRENGTHS in page


def test_sentences_are_escaped():
    page = slides.sentences_html(["Eén", EVIL])
    assert page.count("<li>") == 2
    assert "<script>" not in page


def test_domains_with_too_little_data_share_one_row():
    lines = [
        AlignmentLine("wonen", "gedeeld urgent", "Iedereen ziet het."),
        AlignmentLine("scholing", "te weinig gegevens", "Alleen de cijfers."),
        AlignmentLine("veiligheid", "te weinig gegevens", "Alleen de cijfers."),
        AlignmentLine("energietransitie", "te weinig gegevens", "Nog geen enkele stem."),
    ]
    page = slides.status_table_html(_story(alignment=lines))
    assert page.count("<tr>") == 2
    assert page.count("te weinig gegevens</span>") == 1
    assert "Scholing, Veiligheid en criminaliteit, Energietransitie" in page
    # Different reasons: the general sentence; the same reason: that one.
    assert slides.TOO_LITTLE_TOGETHER in page
    same = slides.status_table_html(_story(alignment=lines[:3]))
    assert "Alleen de cijfers." in same and slides.TOO_LITTLE_TOGETHER not in same


def test_strengths_are_capped_to_fit_the_screen_and_say_how_many_more():
    many = [
        NoteStrength(d, 9 - i, {"bewoner": 9 - i}, ("buurthuis",))
        for i, d in enumerate(
            ["wonen", "veiligheid", "scholing", "opvoeding", "gezondheid", "energietransitie"]
        )
    ]
    page = slides.strengths_html(_story(note_strengths=many))
    assert page.count('gesprekken <span class="wie">') == slides.MAX_STRENGTHS
    assert "9 gesprekken" in page and "4 gesprekken" not in page
    assert "en nog 2 thema's in de samenvatting" in page
    assert "en nog" not in slides.strengths_html(_story())
