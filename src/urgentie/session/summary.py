"""The dated summary of a session: one self-contained HTML page, ready to print or mail.

It holds the session's title, date, gemeente and wijk, the key figures and statuses of the story,
and the vote results of every round per perspective, with the CBS attribution and the demo label
when the data is the demo. No asset is loaded from anywhere (no link, no image, no font file)
and every text is escaped — a session title is typed by a user.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from urgentie.analysis.alignment import VOICES
from urgentie.analysis.thresholds import MIN_N
from urgentie.canonical import ATTRIBUTION, DEMO_LABEL
from urgentie.domains import PERSPECTIVE_LABELS, PERSPECTIVES, domain_label
from urgentie.numbers import format_number, format_threshold
from urgentie.session.results import (
    TOO_FEW_VOTES,
    enough_votes,
    participants,
    room_comparison,
    round_results,
)
from urgentie.session.story import Story, by_status, voice_text

_CSS = """
  @page { size: A4; margin: 16mm 14mm; }
  body { font: 11pt/1.45 "Source Sans Pro", system-ui, sans-serif; color: #111; margin: 24px;
    max-width: 60em; }
  h1 { font-size: 20pt; margin: 0 0 4px; }
  h2 { font-size: 14pt; margin: 22px 0 6px; border-bottom: 2px solid #1f4e79; }
  h3 { font-size: 12pt; margin: 14px 0 4px; }
  .sub { color: #333; margin: 0 0 14px; }
  .demo { display: inline-block; background: #fde68a; color: #111; padding: 1px 8px;
    border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; font-size: 10pt; margin: 4px 0 8px; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #ccc;
    vertical-align: top; }
  th { background: #eef2f7; }
  td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
  .status { font-weight: 600; white-space: nowrap; }
  section, table, tr { break-inside: avoid; page-break-inside: avoid; }
  .note, footer { color: #444; font-size: 9pt; }
  footer { margin-top: 20px; border-top: 1px solid #ccc; padding-top: 4px; }
  @media print { body { margin: 0; } .noprint { display: none; } }
"""


@dataclass(frozen=True)
class SessionInfo:
    """What the summary says about the session itself (from ``VoteStore.session``)."""

    code: str
    title: str
    created_at: datetime
    current_round: int
    is_open: bool


def file_name(code: str, day: date) -> str:
    """``urgentiekaart_sessie_ABC234_2026-03-14.html``."""
    return f"urgentiekaart_sessie_{code}_{day:%Y-%m-%d}.html"


def summary_html(
    info: SessionInfo,
    story: Story,
    rounds: Mapping[int, pd.DataFrame],
    *,
    demo: bool,
    generated: datetime,
) -> str:
    """The summary page.

    Parameters
    ----------
    info
        The session (code, typed title, date, current round, open or closed).
    story
        Steps 1–4 of the wijk on the agenda (:func:`urgentie.session.story.build_story`).
    rounds
        Votes of the session per round number (``VoteStore.votes_frame`` split by round);
        rounds without votes may be left out.
    demo
        Whether the figures are the demo's (then the page says so in its header and footer).
    generated
        When the summary was made (shown beside the session's own date).
    """
    esc = html.escape
    session_day = f"{info.created_at:%d-%m-%Y}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(f'Sessie {info.title} — {session_day}')}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{esc(info.title)}</h1>",
        '<p class="sub">'
        + esc(
            f"Leergemeenschap · {story.gemeente} · wijk {story.name} · sessie van {session_day}"
            f" · code {info.code}"
        )
        + (f' <span class="demo">{esc(DEMO_LABEL)}</span>' if demo else "")
        + "</p>",
        '<p class="noprint"><button onclick="window.print()">Afdrukken of als pdf bewaren'
        "</button></p>",
        '<p class="note">'
        + esc(
            f"Samenvatting gemaakt op {generated:%d-%m-%Y} om {generated:%H:%M}. "
            f"Thema's op de agenda: {', '.join(domain_label(d) for d in story.domains)}."
        )
        + "</p>",
        _concentration(story),
        _voices(story),
        _alignment(story),
        _strengths(story),
        _rounds(story, rounds, info),
        "<footer>"
        + esc(f"{ATTRIBUTION} · Urgentiekaart · {generated:%d-%m-%Y}")
        + (f" · {esc(DEMO_LABEL)}" if demo else "")
        + "</footer>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _section(title: str, body: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2>{body}</section>"


def _list(items: Sequence[str], empty: str) -> str:
    rows = "".join(f"<li>{html.escape(i)}</li>" for i in items) or f"<li>{html.escape(empty)}</li>"
    return f"<ul>{rows}</ul>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: int = 0) -> str:
    """A table of texts; columns from ``numeric`` on (when > 0) are set as numbers."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, text in enumerate(row):
            css = ' class="num"' if numeric and i >= numeric else ""
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _concentration(story: Story) -> str:
    return _section(
        "1. Waar concentreren de opgaven zich?", _list(story.concentration.sentences(), "")
    )


def _voices(story: Story) -> str:
    table = story.voices.set_index(["domain", "voice"])
    rows = []
    for domain in story.domains:
        cells = [domain_label(domain)]
        for voice in VOICES:
            row = table.loc[(domain, voice)]
            cells.append(voice_text(float(row["urgency"]), int(row["n"]), voice))
        rows.append(cells)
    body = _table(["Thema", *(PERSPECTIVE_LABELS[v] for v in VOICES)], rows, numeric=1)
    note = (
        '<p class="note">Urgentie op een schaal van 1 (niet urgent) tot 5 (zeer urgent); '
        "n = aantal verschillende gesprekken of stemmers. Een groep telt mee vanaf "
        f"{format_threshold(MIN_N.value)}.</p>"
    )
    return _section("2. Hoe ziet elke stem het?", body + note)


def _alignment(story: Story) -> str:
    rows = [[domain_label(a.domain), a.status, a.sentence] for a in by_status(story.alignment)]
    return _section("3. Is de urgentie gedeeld?", _table(["Thema", "Status", "Toelichting"], rows))


def _strengths(story: Story) -> str:
    figures = _list(
        [f.sentence() for f in story.figure_strengths],
        "Geen cijfer is duidelijk beter dan gemiddeld in de gemeente.",
    )
    notes = _list(
        [
            f"{domain_label(s.domain)}: {s.notes} "
            f"{'gesprek' if s.notes == 1 else 'gesprekken'} ({s.who()})"
            + (f" — {', '.join(s.terms)}" if s.terms else "")
            for s in story.note_strengths
        ],
        "In de gesprekken is (nog) niets gecodeerd als iets dat goed gaat.",
    )
    body = f"<h3>Volgens de cijfers</h3>{figures}<h3>Volgens de gesprekken</h3>{notes}"
    return _section("4. Wat gaat goed?", body)


def _rounds(story: Story, rounds: Mapping[int, pd.DataFrame], info: SessionInfo) -> str:
    numbers = sorted(r for r, votes in rounds.items() if len(votes))
    if not numbers:
        return _section("5. Stemrondes", "<p>Er is in deze sessie niet gestemd.</p>")
    parts = []
    for number_ in numbers:
        votes = rounds[number_]
        results = round_results(votes, story.area_code, story.domains, story.voices)
        table = results.set_index(["domain", "perspective"])
        compare = room_comparison(votes, story.area_code, story.domains, story.voices)
        rows = []
        for domain in story.domains:
            cells = [domain_label(domain)]
            for perspective in PERSPECTIVES:
                row = table.loc[(domain, perspective)]
                cells.append(_mean_text(float(row["mean"]), int(row["n"])))
            line = compare[compare["domain"] == domain].iloc[0]
            cells.append(_mean_text(float(line["room"]), int(line["room_n"])))
            cells.append(format_number(float(line["earlier"]), missing="–"))
            rows.append(cells)
        header = [
            "Thema",
            *(PERSPECTIVE_LABELS[p] for p in PERSPECTIVES),
            "Zaal samen",
            "Eerder (gesprekken en cijfers)",
        ]
        status = " (loopt nog)" if number_ == info.current_round and info.is_open else ""
        count = participants(votes)
        heading = f"Ronde {number_}{status}: {count} {'deelnemer' if count == 1 else 'deelnemers'}"
        parts.append(
            f"<h3>{html.escape(heading)}</h3>"
            + _table(header, rows, numeric=1)
            + _list(list(compare.loc[compare["room_n"] > 0, "sentence"]), "")
        )
    note = (
        '<p class="note">Gemiddelde stem (1 = niet urgent, 5 = zeer urgent) met het aantal '
        "stemmen tussen haakjes. Elk apparaat stemt één keer per ronde; wie opnieuw stemt, "
        "vervangt zijn eerdere stem. 'Weet ik niet' telt niet mee.</p>"
    )
    return _section("5. Stemrondes", "".join(parts) + note)


def _mean_text(mean: float, n: int) -> str:
    if n == 0:
        return "–"
    if not enough_votes(n) or math.isnan(mean):
        return TOO_FEW_VOTES
    return f"{format_number(mean)} ({n})"
