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
from urgentie.analysis.alignment import TOO_LITTLE
from urgentie.domains import domain_label
from urgentie.session.story import AlignmentLine, Story, by_status

NO_FIGURE_STRENGTHS = "Geen cijfer is duidelijk beter dan gemiddeld in de gemeente."
NO_NOTE_STRENGTHS = "In de gesprekken is (nog) niets gecodeerd als iets dat goed gaat."
TOO_LITTLE_TOGETHER = "Hier zijn nog te weinig stemmen om te vergelijken."
MAX_STRENGTHS = 4
"""Items per column on step 4: more do not fit a 1920×1080 screen in projector type."""


def sentences_html(lines: Sequence[str]) -> str:
    """A list of short sentences (step 1), each escaped."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'<ul class="sessie-zinnen">{items}</ul>'


def status_table_html(story: Story) -> str:
    """Step 3: per agenda domain a row with its status as a coloured pill (symbol and word, so
    colour is never the only cue) and the sentence that explains it; the gaps first. The domains
    with too little data share one last row, so nine domains still fit one projector screen."""
    lines = by_status(story.alignment)
    known = [line for line in lines if line.status != TOO_LITTLE]
    rows = [_status_row(domain_label(line.domain), line.status, line.sentence) for line in known]
    too_little = [line for line in lines if line.status == TOO_LITTLE]
    if len(too_little) == 1:
        line = too_little[0]
        rows.append(_status_row(domain_label(line.domain), TOO_LITTLE, line.sentence))
    elif too_little:
        names = ", ".join(domain_label(line.domain) for line in too_little)
        rows.append(_status_row(names, TOO_LITTLE, _together(too_little)))
    return f'<table class="sessie-status"><tbody>{"".join(rows)}</tbody></table>'


def _status_row(theme: str, status: str, sentence: str) -> str:
    esc = html.escape
    style = STATUS_STYLES[status]
    return (
        "<tr>"
        f'<td class="thema">{esc(theme)}</td>'
        f'<td class="status"><span class="pil" style="background:{style.colour};'
        f'color:{style.text}">{esc(style.symbol)} {esc(status)}</span></td>'
        f"<td>{esc(sentence)}</td>"
        "</tr>"
    )


def _together(lines: Sequence[AlignmentLine]) -> str:
    """One sentence for several domains with too little data: theirs when they all say the
    same, otherwise the general one."""
    sentences = {line.sentence for line in lines}
    return sentences.pop() if len(sentences) == 1 else TOO_LITTLE_TOGETHER


def strengths_html(story: Story) -> str:
    """Step 4: strengths from the figures and from coded notes — counts, groups and codebook
    terms only, never a note's text."""
    esc = html.escape
    figures = (
        "".join(
            f"<li><b>{esc(f.label)}</b>: {esc(f.value)} — {esc(f.words)} ({esc(f.gemeente)})</li>"
            for f in story.figure_strengths[:MAX_STRENGTHS]
        )
        or f"<li>{esc(NO_FIGURE_STRENGTHS)}</li>"
    ) + _more(len(story.figure_strengths), "cijfers")
    notes = []
    # The story lists them most-mentioned first, so the cut drops the thinnest evidence.
    for item in story.note_strengths[:MAX_STRENGTHS]:
        what = "gesprek" if item.notes == 1 else "gesprekken"
        terms = "".join(f'<span class="term">{esc(t)}</span>' for t in item.terms)
        notes.append(
            f"<li><b>{esc(domain_label(item.domain))}</b>: {item.notes} {what} "
            f'<span class="wie">({esc(item.who())})</span><br>{terms}</li>'
        )
    notes_html = "".join(notes) or f"<li>{esc(NO_NOTE_STRENGTHS)}</li>"
    notes_html += _more(len(story.note_strengths), "thema's")
    return (
        '<div class="sessie-goed" style="display:flex;gap:56px">'
        f'<div style="flex:1"><h3>Volgens de cijfers</h3><ul>{figures}</ul></div>'
        f'<div style="flex:1"><h3>Volgens de gesprekken</h3><ul>{notes_html}</ul></div>'
        "</div>"
    )


def _more(total: int, what: str) -> str:
    """A last line naming how many were left out for space; they are in the summary."""
    left = total - MAX_STRENGTHS
    if left <= 0:
        return ""
    return f'<li class="meer">en nog {left} {what} in de samenvatting</li>'
