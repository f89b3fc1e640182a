"""Plotly figures for the projector: big type, colour-blind-safe colours, every value written.

Each agenda domain gets its own small panel (a grid of at most three columns) with one
horizontal bar per voice on the 1–5 scale, starting at 1. The value and its *n* stand in a
column to the right of the scale, so they never collide with a bar or a marker and read like a
table from the back of the room. The voice is written beside every bar, so the colours
(Okabe–Ito, safe for the common colour-vision deficiencies) only help; the figures' voice is
hatched as well, because it is not a person's judgement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from urgentie.analysis.alignment import VOICES
from urgentie.domains import (
    CIJFERS,
    PERSPECTIVES,
    VOICE_COLOURS,
    VOICE_SHORT_LABELS,
    domain_label,
)
from urgentie.numbers import format_number
from urgentie.session.results import TOO_FEW_VOTES, result_text
from urgentie.session.story import voice_text

EARLIER = "#111111"
"""Ring of the earlier voice next to the room's bar."""

FONT = 22
TITLE_FONT = 28
LABEL_X = 5.35
"""Where the value column starts, right of the scale's end (5)."""
BAR_FROM = 0.5
"""Bars start half a step left of the scale, so a 1 ("niet urgent") is a visible bar, not
the same empty track as no answer at all."""
X_RANGE = (0.45, 9.2)
"""The scale with room for labels such as "te weinig (n=2)" or "2,0 (3 cijfers)"."""
X_RANGE_RESULTS = (0.45, 10.4)
"""The room's labels in bigger type, the longest "te weinig stemmen" (in smaller type)."""

CONFIG = {"displayModeBar": False, "responsive": True}
"""``st.plotly_chart(config=...)``: no toolbar on a projector."""


def _grid(domains: Sequence[str]) -> tuple[int, int]:
    cols = min(3, max(1, len(domains)))
    return math.ceil(len(domains) / cols), cols


def _figure(domains: Sequence[str]) -> tuple[go.Figure, int, int]:
    rows, cols = _grid(domains)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[domain_label(d) for d in domains],
        horizontal_spacing=0.11,
        vertical_spacing=min(0.42 / rows, 0.14) if rows > 1 else 0.0,
    )
    return fig, rows, cols


def _finish(
    fig: go.Figure, rows: int, panel_height: int, x_range: tuple[float, float] = X_RANGE
) -> go.Figure:
    fig.update_layout(
        height=50 + rows * panel_height,
        margin={"l": 8, "r": 8, "t": 46, "b": 8},
        font={"size": FONT, "color": "#111111"},
        separators=",.",
        showlegend=False,
        bargap=0.2,
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )
    fig.update_xaxes(
        range=list(x_range),
        tickvals=[1, 2, 3, 4, 5],
        showgrid=False,
        zeroline=False,
        showticklabels=False,
        fixedrange=True,
    )
    fig.update_yaxes(tickfont={"size": FONT, "color": "#111111"}, fixedrange=True, ticksuffix=" ")
    fig.update_annotations(font={"size": TITLE_FONT, "color": "#111111"}, xanchor="left")
    _left_titles(fig)
    return fig


def _scale(fig: go.Figure, row: int, col: int) -> None:
    """Light lines at 1–5 with the middle (3) dotted: the scale without tick labels."""
    for x in (1, 2, 4, 5):
        fig.add_vline(x=x, line={"color": "#d0d0d0", "width": 1}, row=row, col=col)
    fig.add_vline(x=3, line={"color": "#555555", "width": 2, "dash": "dot"}, row=row, col=col)


def _labels(
    fig: go.Figure,
    y: list[str],
    texts: list[str],
    *,
    row: int,
    col: int,
    size: int | list[int] = FONT,
) -> None:
    fig.add_trace(
        go.Scatter(
            x=[LABEL_X] * len(y),
            y=y,
            mode="text",
            text=texts,
            textposition="middle right",
            textfont={"size": size, "color": "#111111"},
            hoverinfo="skip",
        ),
        row=row,
        col=col,
    )


def voices_figure(voices: pd.DataFrame, domains: Sequence[str]) -> go.Figure:
    """Step 2: per domain the four voices on 1–5, each with ``value (n=…)``.

    A voice with too few respondents is drawn pale with "te weinig (n=2)"; a voice that said
    nothing gets no bar and the word "niemand" (or "geen cijfers").
    """
    fig, rows, cols = _figure(domains)
    table = voices.set_index(["domain", "voice"])
    order = list(VOICES)[::-1]  # beleid on top
    labels = [VOICE_SHORT_LABELS[v] for v in order]
    for i, domain in enumerate(domains):
        row, col = (i // cols) + 1, (i % cols) + 1
        lengths, texts, opacities = [], [], []
        for voice in order:
            record = table.loc[(domain, voice)]
            urgency, n = float(record["urgency"]), int(record["n"])
            drawn = not math.isnan(urgency) and n > 0
            lengths.append(urgency - BAR_FROM if drawn else 0)
            texts.append(voice_text(urgency, n, voice))
            opacities.append(1.0 if bool(record["counts"]) else 0.3)
        fig.add_trace(
            go.Bar(
                y=labels,
                x=lengths,
                base=BAR_FROM,
                orientation="h",
                marker={
                    "color": [VOICE_COLOURS[v] for v in order],
                    "opacity": opacities,
                    "pattern": {"shape": ["/" if v == CIJFERS else "" for v in order]},
                    "line": {"color": "#111111", "width": 1},
                },
                customdata=texts,
                hovertemplate="%{y}: %{customdata}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        _labels(fig, labels, texts, row=row, col=col)
        _scale(fig, row, col)  # after the traces: plotly skips lines on empty panels
    return _finish(fig, rows, 185)


def results_figure(results: pd.DataFrame, domains: Sequence[str]) -> go.Figure:
    """Step 5: per domain the room's mean per perspective (bar, with its number of votes) and
    the earlier voice of the same group (a black ring) where it had enough respondents."""
    fig, rows, cols = _figure(domains)
    table = results.set_index(["domain", "perspective"])
    order = list(PERSPECTIVES)[::-1]
    labels = [VOICE_SHORT_LABELS[p] for p in order]
    for i, domain in enumerate(domains):
        row, col = (i // cols) + 1, (i % cols) + 1
        lengths, texts, earlier = [], [], []
        for perspective in order:
            record = table.loc[(domain, perspective)]
            mean, n = float(record["mean"]), int(record["n"])
            lengths.append(mean - BAR_FROM if n and not math.isnan(mean) else 0)
            texts.append(result_text(mean, n))
            old = float(record["earlier"])
            earlier.append(old if bool(record["earlier_counts"]) and not math.isnan(old) else None)
        fig.add_trace(
            go.Bar(
                y=labels,
                x=lengths,
                base=BAR_FROM,
                orientation="h",
                marker={
                    "color": [VOICE_COLOURS[p] for p in order],
                    "line": {"color": "#111111", "width": 1},
                },
                customdata=texts,
                hovertemplate="%{y}: %{customdata}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                y=labels,
                x=earlier,
                mode="markers",
                marker={
                    "symbol": "circle-open",
                    "size": 24,
                    "color": EARLIER,
                    "line": {"width": 4, "color": EARLIER},
                },
                customdata=[format_number(e, missing="") for e in earlier],
                hovertemplate="%{y}: eerder %{customdata}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        # The room's numbers big; "te weinig stemmen" is words, not a number to read from afar.
        sizes = [FONT - 2 if t == TOO_FEW_VOTES else FONT + 4 for t in texts]
        _labels(fig, labels, texts, row=row, col=col, size=sizes)
        _scale(fig, row, col)
    return _finish(fig, rows, 150, X_RANGE_RESULTS)


def _left_titles(fig: go.Figure) -> None:
    """Put every panel title at the left edge of its panel (they are centred by default)."""
    spans = {
        (round(fig.layout[name].domain[0], 4), round(fig.layout[name].domain[1], 4))
        for name in fig.layout
        if name.startswith("xaxis")
    }
    for annotation in fig.layout.annotations:
        for start, end in spans:
            if start - 1e-3 <= annotation.x <= end + 1e-3:
                annotation.x = start
                break
