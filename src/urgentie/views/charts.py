"""Plotly figures for the wijkprofiel (rendered by ``st.plotly_chart``; plotly.js comes bundled
with Streamlit's frontend, so nothing is fetched from a CDN).

Indicators of one domain have different units, so each indicator gets its own small bar chart
(one row of the figure) instead of one shared axis that would mislead.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from urgentie import trends
from urgentie.numbers import format_value
from urgentie.profiletable import fmt, year_columns

AREA = "#1f4e79"
GEMEENTE = "#8fb3d9"
NEDERLAND = "#c9c9c9"
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
"""``st.plotly_chart(config=...)``: no Plotly logo link, no selection tools."""


def _title(row: pd.Series) -> str:
    unit = str(row["unit"]) if isinstance(row["unit"], str) else ""
    return f"{row['label']} ({unit})" if unit and unit != "aantal" else str(row["label"])


def domain_bars(table: pd.DataFrame, *, area_name: str, national: bool) -> go.Figure:
    """Per indicator a row of bars: this area, the gemeente, and the Netherlands if known."""
    rows = max(len(table), 1)
    fig = make_subplots(
        rows=rows,
        cols=1,
        subplot_titles=[_title(r) for _, r in table.iterrows()],
        vertical_spacing=min(0.5 / rows, 0.12),
    )
    labels = [area_name, "Gemeente"] + (["Nederland"] if national else [])
    colours = [AREA, GEMEENTE] + ([NEDERLAND] if national else [])
    for i, (_, row) in enumerate(table.iterrows(), start=1):
        values = [row["value"], row["gemeente"]] + ([row["nederland"]] if national else [])
        key = str(row["indicator"])
        fig.add_trace(
            go.Bar(
                y=labels[::-1],
                x=[0 if _missing(v) else v for v in values][::-1],
                orientation="h",
                marker_color=colours[::-1],
                text=[fmt(key, v) for v in values][::-1],
                # A missing value has no bar: its text stands beside the axis instead.
                textposition=["outside" if _missing(v) else "auto" for v in values][::-1],
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra></extra>",
                showlegend=False,
            ),
            row=i,
            col=1,
        )
    fig.update_layout(
        height=70 + 110 * rows,
        margin={"l": 10, "r": 10, "t": 36, "b": 10},
        separators=",.",
        font={"size": 14},
        bargap=0.25,
    )
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=True)
    fig.update_annotations(font_size=14, xanchor="left", x=0)
    return fig


def trend_lines(table: pd.DataFrame, current_year: int) -> go.Figure | None:
    """The area's value per year, one small chart per indicator; None without earlier years."""
    years = year_columns(table)
    if not years:
        return None
    all_years = [*years, current_year]
    rows = max(len(table), 1)
    titles = []
    for _, row in table.iterrows():
        values = [row[y] for y in years] + [row["value"]]
        change = trends.change_text(str(row["indicator"]), values, all_years)
        titles.append(f"{_title(row)} · {change}" if change else _title(row))
    fig = make_subplots(
        rows=rows,
        cols=1,
        subplot_titles=titles,
        vertical_spacing=min(0.5 / rows, 0.12),
    )
    for i, (_, row) in enumerate(table.iterrows(), start=1):
        values = [row[y] for y in years] + [row["value"]]
        key = str(row["indicator"])
        fig.add_trace(
            go.Scatter(
                x=[str(y) for y in all_years],
                y=[None if _missing(v) else v for v in values],
                mode="lines+markers+text",
                # Precise enough that two different values never read the same.
                text=trends.labels(key, values),
                textposition="top center",
                line={"color": AREA, "width": 3},
                marker={"size": 9},
                hovertemplate="%{x}: %{text}<extra></extra>",
                showlegend=False,
                connectgaps=False,
            ),
            row=i,
            col=1,
        )
        # Counts and shares from zero: 8 750 → 8 770 must not look like a climb.
        span = trends.y_range(values)
        if span is not None:
            fig.update_yaxes(range=span, row=i, col=1)
    fig.update_layout(
        height=70 + 120 * rows,
        margin={"l": 10, "r": 10, "t": 36, "b": 10},
        separators=",.",
        font={"size": 14},
    )
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=True, zerolinecolor="#bbb")
    fig.update_xaxes(type="category")
    fig.update_annotations(font_size=14, xanchor="left", x=0)
    return fig


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def domain_scores(
    labels: list[str], scores: list[float], texts: list[str] | None = None
) -> go.Figure:
    """Domain scores of one area as diverging bars: right (red) = more concern than average.

    ``texts`` are the labels beside the bars (the area's place per domain, plain numbers
    first); without them the z-score is written, for the uitleg."""
    colours = ["#b2182b" if v > 0 else "#2166ac" for v in scores]
    limit = max([1.0, *(abs(v) for v in scores)]) * 1.35
    fig = go.Figure(
        go.Bar(
            y=labels[::-1],
            x=scores[::-1],
            orientation="h",
            marker_color=colours[::-1],
            text=(texts or [format_value(v, "z-score", 2) for v in scores])[::-1],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(
        height=60 + 34 * len(labels),
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        separators=",.",
        font={"size": 14},
        showlegend=False,
    )
    fig.update_xaxes(
        range=[-limit, limit],
        zeroline=True,
        zerolinewidth=2,
        zerolinecolor="#555",
        title_text="← minder zorg · meer zorg →",
        title_font_size=13,
    )
    return fig
