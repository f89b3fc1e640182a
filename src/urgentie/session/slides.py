"""HTML of the projector steps that are tables and lists rather than charts (steps 1, 3 and 4).

The Sessie page puts these fragments into ``st.html`` under its own big-type CSS (the class
names ``sessie-*`` are styled there). Every text from data — wijk and domain names, sentences,
codebook terms — is escaped here; the status colours and symbols are the ones of every other
page (:data:`urgentie.alignmentmap.STATUS_STYLES`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from urgentie.alignmentmap import STATUS_STYLES
from urgentie.domains import domain_label
from urgentie.session.story import Story, by_status

NO_FIGURE_STRENGTHS = "Geen cijfer is duidelijk beter dan gemiddeld in de gemeente."
NO_NOTE_STRENGTHS = "In de gesprekken is (nog) niets gecodeerd als iets dat goed gaat."


def sentences_html(lines: Sequence[str]) -> str:
    """A list of short sentences (step 1), each escaped."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'<ul class="sessie-zinnen">{items}</ul>'


def status_table_html(story: Story) -> str:
    """Step 3: per agenda domain a row with its status as a coloured pill (symbol and word, so
    colour is never the only cue) and the sentence that explains it; the gaps first."""
    esc = html.escape
    rows = []
    for line in by_status(story.alignment):
        style = STATUS_STYLES[line.status]
        rows.append(
            "<tr>"
            f'<td class="thema">{esc(domain_label(line.domain))}</td>'
            f'<td class="status"><span class="pil" style="background:{style.colour};'
            f'color:{style.text}">{esc(style.symbol)} {esc(line.status)}</span></td>'
            f"<td>{esc(line.sentence)}</td>"
            "</tr>"
        )
    return f'<table class="sessie-status"><tbody>{"".join(rows)}</tbody></table>'


def strengths_html(story: Story) -> str:
    """Step 4: strengths from the figures and from coded notes — counts, groups and codebook
    terms only, never a note's text."""
    esc = html.escape
    figures = (
        "".join(
            f"<li><b>{esc(f.label)}</b>: {esc(f.value)} — {esc(f.words)} ({esc(f.gemeente)})</li>"
            for f in story.figure_strengths
        )
        or f"<li>{esc(NO_FIGURE_STRENGTHS)}</li>"
    )
    notes = []
    for item in story.note_strengths:
        what = "gesprek" if item.notes == 1 else "gesprekken"
        terms = "".join(f'<span class="term">{esc(t)}</span>' for t in item.terms)
        notes.append(
            f"<li><b>{esc(domain_label(item.domain))}</b>: {item.notes} {what} "
            f'<span class="wie">({esc(item.who())})</span><br>{terms}</li>'
        )
    notes_html = "".join(notes) or f"<li>{esc(NO_NOTE_STRENGTHS)}</li>"
    return (
        '<div class="sessie-goed" style="display:flex;gap:56px">'
        f'<div style="flex:1"><h3>Volgens de cijfers</h3><ul>{figures}</ul></div>'
        f'<div style="flex:1"><h3>Volgens de gesprekken</h3><ul>{notes_html}</ul></div>'
        "</div>"
    )
