"""The markdown escape every page uses for text from files and people."""

from __future__ import annotations

import pytest

from urgentie.views.widgets import md_escape


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Oude Haven", "Oude Haven"),
        ("[klik](javascript:x)", "\\[klik\\]\\(javascript\\:x\\)"),
        ("**vet** _schuin_", "\\*\\*vet\\*\\* \\_schuin\\_"),
        (":red[rood] :material/home:", "\\:red\\[rood\\] \\:material/home\\:"),
        ("$x^2$", "\\$x^2\\$"),
        ("<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>"),
        ("1. lijst", "1\\. lijst"),
        ("- punt", "\\- punt"),
        ("# kop", "\\# kop"),
        ("a | b", "a \\| b"),
        ("C:\\pad", "C\\:\\\\pad"),
    ],
)
def test_markdown_characters_are_escaped(text: str, shown: str) -> None:
    assert md_escape(text) == shown


def test_line_breaks_stay_line_breaks() -> None:
    # Markdown joins single lines into one paragraph; two trailing spaces keep the break.
    assert md_escape("eerste regel\ntweede regel") == "eerste regel  \ntweede regel"


def test_non_text_is_written_as_text() -> None:
    assert md_escape(12.5) == "12\\.5"
    assert md_escape(None) == "None"
