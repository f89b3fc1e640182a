"""Plotly figures of the Gedeelde urgentie page: the status matrix, the voices of one area, and
one cell over time. No Streamlit here; plotly.js comes bundled with Streamlit's frontend.

Plotly writes axis labels and hover texts as (a subset of) HTML, so every name from data is
passed through :func:`html.escape` first; everything else is generated text.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from urgentie.alignmentmap import LEGEND_ORDER, STATUS_STYLES, status_label
from urgentie.analysis.alignment import TOO_LITTLE, VOICES
from urgentie.analysis.alignment_detail import voice_text
from urgentie.analysis.thresholds import URGENT_ABOVE
from urgentie.domains import (
    CIJFERS,
    PERSPECTIVE_LABELS,
    VOICE_COLOURS,
    VOICE_SHORT_LABELS,
    domain_label,
)
from urgentie.numbers import format_number

SHORT_DOMAIN: dict[str, str] = {
    "opvoeding": "Opvoeding",
    "scholing": "Scholing",
    "sociaal_functioneren": "Sociaal",
    "werk_inkomen": "Werk/inkomen",
    "gezondheid": "Gezondheid",
    "wonen": "Wonen",
    "veiligheid": "Veiligheid",
    "fysieke_leefomgeving": "Leefomgeving",
    "energietransitie": "Energie",
}
"""Column heads of the matrix: short enough for nine columns on a phone."""

VOICE_MARKERS: dict[str, str] = {
    "beleid": "circle",
    "professional": "diamond",
    "bewoner": "square",
    CIJFERS: "triangle-up",
}
"""A distinct marker shape per voice, beside its colour (:data:`VOICE_COLOURS`)."""

_LANE = {"beleid": -0.18, "professional": -0.06, "bewoner": 0.06, CIJFERS: 0.18}
"""Each voice has its own lane within a domain's row, so equal values never hide each other."""

CONFIG = {"displaylogo": False, "displayModeBar": False}
ROW_PX = 40
"""Height of a matrix row; rows are lower when there are many (the buurten of a gemeente)."""


def row_height(rows: int) -> int:
    """Pixels per matrix row: 40 up to 20 rows, 28 beyond (68 buurten stay one scroll long)."""
    return ROW_PX if rows <= 20 else 28


FONT = {"size": 14}
TICKS = {"size": 15, "color": "#1a1a1a"}


def _class_scale(colours: Sequence[str]) -> list[list[object]]:
    """A stepped colour scale: value i of 0..n-1 gets exactly colour i."""
    n = len(colours)
    scale: list[list[object]] = []
    for i, colour in enumerate(colours):
        low = 0 if i == 0 else (i - 0.5) / (n - 1)
        high = 1 if i == n - 1 else (i + 0.5) / (n - 1)
        scale += [[low, colour], [high, colour]]
    return scale


def matrix_figure(
    matrix: pd.DataFrame,
    names: Mapping[str, str],
    hover: Mapping[tuple[str, str], str],
    *,
    selected: tuple[str, str] | None = None,
) -> go.Figure:
    """Areas (rows) × domains (columns), coloured by status, with the status symbol in the cell.

    A transparent marker sits on every cell so a click selects it (Streamlit's selection events
    do not work on heatmaps) and its tooltip shows ``hover[(code, domain)]``. ``selected``
    gets a dark frame.
    """
    codes = list(matrix.index)
    domains = list(matrix.columns)
    order = list(LEGEND_ORDER)
    z = [
        [order.index(s) if s in order else order.index(TOO_LITTLE) for s in row]
        for row in matrix.to_numpy().tolist()
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(domains))),
            y=list(range(len(codes))),
            colorscale=_class_scale([STATUS_STYLES[s].colour for s in order]),
            zmin=0,
            zmax=len(order) - 1,
            showscale=False,
            xgap=3,
            ygap=3,
            hoverinfo="skip",
        )
    )
    xs, ys, texts, custom = [], [], [], []
    by_colour: dict[str, tuple[list[int], list[int], list[str]]] = {}
    for i, code in enumerate(codes):
        for j, domain in enumerate(domains):
            status = str(matrix.iat[i, j])
            style = STATUS_STYLES.get(status, STATUS_STYLES[TOO_LITTLE])
            xs.append(j)
            ys.append(i)
            texts.append(hover.get((code, domain), status_label(status)))
            custom.append([code, domain])
            cx, cy, symbols = by_colour.setdefault(style.text, ([], [], []))
            cx.append(j)
            cy.append(i)
            symbols.append(style.symbol)
    # The symbols, one trace per text colour: Plotly dims unselected points after a click, and
    # a trace whose "selected" and "unselected" text colour are its own colour stays legible.
    for colour, (cx, cy, symbols) in by_colour.items():
        fig.add_trace(
            go.Scatter(
                x=cx,
                y=cy,
                mode="text",
                text=symbols,
                textfont={"color": colour, "size": 20},
                selected={"textfont": {"color": colour}},
                unselected={"textfont": {"color": colour}},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    # Transparent markers carry the tooltip and the click (Streamlit reports no heatmap clicks).
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"symbol": "square", "size": 34, "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            hovertext=texts,
            hoverinfo="text",
            customdata=custom,
            showlegend=False,
        )
    )
    if selected and selected[0] in codes and selected[1] in domains:
        i, j = codes.index(selected[0]), domains.index(selected[1])
        fig.add_shape(
            type="rect",
            x0=j - 0.5,
            x1=j + 0.5,
            y0=i - 0.5,
            y1=i + 0.5,
            line={"color": "#0b2545", "width": 4},
        )
    fig.update_layout(
        height=70 + row_height(len(codes)) * len(codes),
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        font=FONT,
        plot_bgcolor="#ffffff",
        dragmode=False,
        clickmode="event+select",
        hoverlabel={"align": "left", "font_size": 14},
        hoverdistance=40,
    )
    fig.update_xaxes(
        tickvals=list(range(len(domains))),
        ticktext=[SHORT_DOMAIN.get(d, html.escape(d)) for d in domains],
        side="top",
        tickfont=TICKS,
        fixedrange=True,
        showgrid=False,
        zeroline=False,
        range=[-0.5, len(domains) - 0.5],
    )
    fig.update_yaxes(
        tickvals=list(range(len(codes))),
        ticktext=[html.escape(str(names.get(c, c))) for c in codes],
        tickfont=TICKS,
        # A fixed range: autorange would pad for the (invisible) click markers.
        range=[len(codes) - 0.5, -0.5],
        fixedrange=True,
        showgrid=False,
        zeroline=False,
        automargin=True,
    )
    return fig


def cell_hover(name: str, domain: str, row: Mapping[str, object] | None) -> str:
    """The tooltip of one matrix cell: area and domain, status with the named gap, each voice
    with its urgency and *n* (or why it does not count). ``name`` is escaped here."""
    status = str((row or {}).get("status") or TOO_LITTLE)
    gap = str((row or {}).get("gap_text") or "")
    lines = [
        f"<b>{html.escape(name)} · {html.escape(domain_label(domain))}</b>",
        status_label(status) + (f" — {html.escape(gap)}" if gap else ""),
    ]
    for voice in VOICES:
        urgency = _float((row or {}).get(f"urgency_{voice}"))
        n = _int((row or {}).get(f"n_{voice}"))
        lines.append(f"{PERSPECTIVE_LABELS[voice]}: {voice_text(urgency, n, voice, '')}")
    return "<br>".join(lines)


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _int(value: object) -> int:
    number = _float(value)
    return 0 if math.isnan(number) else int(number)


def voices_figure(area: pd.DataFrame, statuses: Mapping[str, str]) -> go.Figure:
    """The four voices of one area per domain on the 1–5 scale.

    ``area`` is :func:`urgentie.analysis.alignment_detail.area_voices`. A voice that counts is a
    filled marker; one with too few respondents an open marker (it is shown, but does not
    count); a silent voice is absent. The band behind a row spans the voices that count, in
    the colour of the status.
    """
    domains = list(dict.fromkeys(area["domain"]))
    fig = go.Figure()
    for i in range(0, len(domains), 2):
        # Every other row lightly shaded: each voice's lane clearly belongs to its domain.
        fig.add_hrect(y0=i - 0.5, y1=i + 0.5, fillcolor="#f3f4f6", line_width=0, layer="below")
    for i, domain in enumerate(domains):
        rows = area[(area["domain"] == domain) & area["counts"]]
        if len(rows) >= 2:
            status = statuses.get(domain, TOO_LITTLE)
            fig.add_shape(
                type="line",
                x0=float(rows["urgency"].min()),
                x1=float(rows["urgency"].max()),
                y0=i,
                y1=i,
                line={"color": STATUS_STYLES[status].colour, "width": 14},
                opacity=0.35,
                layer="below",
            )
    for voice in VOICES:
        colour, symbol = VOICE_COLOURS[voice], VOICE_MARKERS[voice]
        mine = area[area["perspective"] == voice]
        for counted in (True, False):
            part = mine[(mine["counts"] == counted) & mine["urgency"].notna()]
            fig.add_trace(
                go.Scatter(
                    x=part["urgency"].tolist(),
                    y=[domains.index(d) + _LANE[voice] for d in part["domain"]],
                    mode="markers",
                    name=VOICE_SHORT_LABELS[voice],
                    legendgroup=voice,
                    showlegend=counted,
                    marker={
                        "color": colour,
                        "symbol": symbol if counted else f"{symbol}-open",
                        "size": 15 if counted else 13,
                        "line": {
                            "width": 1 if counted else 2,
                            "color": "#ffffff" if counted else colour,
                        },
                    },
                    opacity=1 if counted else 0.75,
                    hovertext=[
                        f"{PERSPECTIVE_LABELS[voice]} · {html.escape(domain_label(d))}: "
                        + voice_text(u, int(n), voice, c)
                        for d, u, n, c in zip(
                            part["domain"],
                            part["urgency"],
                            part["n"],
                            part["confidence"],
                            strict=True,
                        )
                    ],
                    hoverinfo="text",
                )
            )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="open: te weinig gegevens",
            marker={"color": "#777777", "symbol": "circle-open", "size": 13, "line": {"width": 2}},
            hoverinfo="skip",
        )
    )
    fig.add_vline(x=URGENT_ABOVE.value, line={"color": "#777777", "dash": "dot", "width": 1})
    silent = [
        i
        for i, d in enumerate(domains)
        if area[(area["domain"] == d)]["urgency"].notna().sum() == 0
    ]
    for i in silent:
        fig.add_annotation(
            x=1,
            y=i,
            text="geen gegevens",
            showarrow=False,
            xanchor="left",
            font={"color": "#555555", "size": 13},
        )
    # Short domain names: the full ones are in the table under the chart and in the tooltips,
    # and on a phone the labels would otherwise take the width the scale needs.
    labels = [
        f"{SHORT_DOMAIN.get(d, html.escape(d))} {STATUS_STYLES[statuses.get(d, TOO_LITTLE)].symbol}"
        for d in domains
    ]
    fig.update_layout(
        height=120 + 46 * len(domains),
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
        font=FONT,
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font_size": 13},
        plot_bgcolor="#ffffff",
        dragmode=False,
        hoverlabel={"align": "left", "font_size": 14},
    )
    fig.update_xaxes(
        range=[0.7, 5.3],
        tickvals=[1, 2, 3, 4, 5],
        ticktext=["1", "2", "3", "4", "5"],
        tickfont=TICKS,
        title={"text": "1 = niet urgent · 3 = neutraal · 5 = zeer urgent", "font": {"size": 13}},
        showgrid=True,
        gridcolor="#e5e5e5",
        zeroline=False,
        fixedrange=True,
    )
    fig.update_yaxes(
        tickvals=list(range(len(domains))),
        ticktext=labels,
        tickfont=TICKS,
        autorange="reversed",
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        automargin=True,
        range=[len(domains) - 0.5, -0.5],
    )
    return fig


def over_time_figure(cell: pd.DataFrame) -> go.Figure:
    """One cell's voices per period: do they grow towards each other?

    ``cell`` is :func:`urgentie.analysis.alignment_detail.cell_over_time`. Only voices that
    count in a period are drawn there (a gap in a line is a period with too few respondents);
    the spread per period is written under the axis.
    """
    periods = [str(p) for p in cell["period"]]
    fig = go.Figure()
    for voice in VOICES:
        colour, symbol = VOICE_COLOURS[voice], VOICE_MARKERS[voice]
        values = [
            float(u) if ok else None
            for u, ok in zip(cell[f"urgency_{voice}"], cell[f"counts_{voice}"], strict=True)
        ]
        if all(v is None for v in values):
            continue
        fig.add_trace(
            go.Scatter(
                x=periods,
                y=values,
                mode="lines+markers",
                name=PERSPECTIVE_LABELS[voice],
                line={"color": colour, "width": 3, "dash": "dot" if voice == CIJFERS else "solid"},
                marker={"symbol": symbol, "size": 12, "color": colour},
                connectgaps=False,
                customdata=[format_number(v, missing="") for v in values],
                hovertemplate="%{x}: %{customdata}<extra>" + PERSPECTIVE_LABELS[voice] + "</extra>",
            )
        )
    spreads = ["spreiding " + format_number(_float(s), missing="–") for s in cell["spread"]]
    fig.update_layout(
        height=320,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        font=FONT,
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font_size": 13},
        plot_bgcolor="#ffffff",
        dragmode=False,
        separators=",.",
    )
    fig.update_xaxes(
        type="category",
        tickvals=periods,
        ticktext=[f"{p}<br>{s}" for p, s in zip(periods, spreads, strict=True)],
        tickfont=TICKS,
        fixedrange=True,
    )
    fig.update_yaxes(
        range=[0.7, 5.3],
        tickvals=[1, 2, 3, 4, 5],
        ticktext=["1 niet", "2", "3", "4", "5 zeer"],
        tickfont=TICKS,
        gridcolor="#e5e5e5",
        fixedrange=True,
        title_text="urgentie",
    )
    return fig
