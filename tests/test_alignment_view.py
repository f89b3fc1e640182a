"""How alignment looks: status colours (colour-blind and greyscale safe), the map layers, the
matrix and voices figures — and that every name from data is escaped on its way to HTML."""

from __future__ import annotations

import itertools
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from urgentie.alignmentmap import (
    LEGEND_ORDER,
    STATUS_STYLES,
    split_count_layer,
    status_label,
    status_layer,
)
from urgentie.analysis.alignment import STATUSES, alignment
from urgentie.analysis.alignment_detail import area_voices, full_matrix
from urgentie.mapdata import encode_shapes
from urgentie.views.alignment_charts import cell_hover, matrix_figure, voices_figure
from urgentie.views.map import build_map, legend_html, rendered_html

# --- colours ---------------------------------------------------------------------
# Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB.
DEUTERANOPIA = np.array(
    [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]
)
PROTANOPIA = np.array(
    [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]
)


def _linear(colour: str) -> np.ndarray:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of a linear RGB colour."""
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _luminance(colour: str) -> float:
    return float(np.array([0.2126, 0.7152, 0.0722]) @ _linear(colour))


def test_one_style_per_status() -> None:
    assert set(STATUS_STYLES) == set(STATUSES)
    assert set(LEGEND_ORDER) == set(STATUSES)
    assert len({s.symbol for s in STATUS_STYLES.values()}) == len(STATUSES)


def test_statuses_differ_in_lightness_so_greyscale_keeps_them_apart() -> None:
    lightness = sorted(_lab(_linear(s.colour))[0] for s in STATUS_STYLES.values())
    assert min(b - a for a, b in itertools.pairwise(lightness)) >= 15


@pytest.mark.parametrize(
    "simulation", [None, DEUTERANOPIA, PROTANOPIA], ids=["normaal", "deut", "prot"]
)
def test_statuses_stay_distinct_for_colour_blind_readers(simulation: np.ndarray | None) -> None:
    labs = []
    for style in STATUS_STYLES.values():
        linear = _linear(style.colour)
        labs.append(_lab(simulation @ linear if simulation is not None else linear))
    distances = [float(np.linalg.norm(a - b)) for a, b in itertools.combinations(labs, 2)]
    assert min(distances) >= 20  # ΔE*ab: clearly different side by side


def test_symbols_are_readable_on_their_fill() -> None:
    for style in STATUS_STYLES.values():
        light, dark = sorted((_luminance(style.colour), _luminance(style.text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, style.status


# --- map layers ---------------------------------------------------------------------
@pytest.fixture
def areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "code": ["WK01", "WK02", "WK03"],
            "naam": ["<script>alert(1)</script>", "Noord", "{{ 7*7 }}"],
        },
        geometry=[box(5, 52, 5.01, 52.01), box(5.01, 52, 5.02, 52.01), box(5.02, 52, 5.03, 52.01)],
        crs="EPSG:4326",
    )


def test_status_layer_colours_each_area_and_counts_the_legend(areas: gpd.GeoDataFrame) -> None:
    shapes = encode_shapes(areas)
    layer = status_layer(
        shapes,
        areas,
        {"WK01": "verdeeld", "WK02": "gedeeld urgent"},
        "veiligheid",
        gaps={"WK01": "bewoners luiden de bel, beleid niet"},
    )
    features = {f["c"]: f for f in json.loads(layer.features)}
    assert layer.colours[features["WK01"]["k"]] == STATUS_STYLES["verdeeld"].colour
    assert layer.colours[features["WK03"]["k"]] == STATUS_STYLES["te weinig gegevens"].colour
    assert "bewoners luiden de bel" in features["WK01"]["v"]
    counts = {e.label: e.count for e in layer.entries}
    counted = {"verdeeld", "gedeeld urgent", "te weinig gegevens"}
    assert counts == {status_label(s): 1 if s in counted else 0 for s in STATUSES}
    # Names reach the browser escaped, and Jinja never sees them.
    assert features["WK01"]["n"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    page = rendered_html(build_map(layer))
    assert "<script>alert(1)" not in page
    assert "{{ 7*7 }}" in page  # shown as typed: never evaluated as a template


def test_split_count_layer_hatches_areas_without_data(areas: gpd.GeoDataFrame) -> None:
    split = pd.Series({"WK01": 0.0, "WK02": 4.0, "WK03": float("nan")})
    layer = split_count_layer(encode_shapes(areas), areas, split)
    features = {f["c"]: f for f in json.loads(layer.features)}
    assert features["WK01"]["k"] == 0 and features["WK01"]["v"] == "0 domeinen verdeeld"
    assert features["WK02"]["k"] == 3  # "3 of meer"
    assert features["WK03"]["k"] == -1 and features["WK03"]["v"] == "te weinig gegevens"
    hatched = [e for e in layer.entries if e.hatched]
    assert len(hatched) == 1 and hatched[0].count == 1
    assert "3 of meer domeinen" in legend_html(layer)


# --- figures ---------------------------------------------------------------------
def _voices(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_code", "domain", "perspective", "urgency", "n"])


@pytest.fixture
def voices() -> pd.DataFrame:
    return _voices(
        [
            ("WK01", "wonen", "beleid", 4.5, 4),
            ("WK01", "wonen", "professional", 2.0, 5),
            ("WK01", "wonen", "bewoner", 3.0, 1),
            ("WK02", "scholing", "cijfers", 4.0, 3),
        ]
    ).assign(confidence=["laag", "laag", "te weinig", None])


def test_matrix_figure_cells_symbols_and_clickable_cells(voices: pd.DataFrame) -> None:
    table = alignment(voices)
    names = {"WK01": "<b>Haven</b>", "WK02": "Noord"}
    matrix = full_matrix(table, ["WK01", "WK02"])
    row = table.set_index(["area_code", "domain"]).loc[("WK01", "wonen")].to_dict()
    hover = {("WK01", "wonen"): cell_hover(names["WK01"], "wonen", row)}
    fig = matrix_figure(matrix, names, hover, selected=("WK01", "wonen"))
    clickable = [t for t in fig.data if t.customdata is not None]
    assert len(clickable) == 1 and len(clickable[0].customdata) == 2 * matrix.shape[1]
    cell = next(i for i, c in enumerate(clickable[0].customdata) if tuple(c) == ("WK01", "wonen"))
    tip = clickable[0].hovertext[cell]
    assert "&lt;b&gt;Haven&lt;/b&gt;" in tip and "<b>Haven" not in tip
    assert "≠ verdeeld — beleid ziet urgentie, professionals niet" in tip
    assert "Bewoners: te weinig (n=1)" in tip
    symbols = [s for t in fig.data if getattr(t, "mode", "") == "text" for s in t.text]
    assert symbols.count("≠") == 1 and symbols.count("?") == 2 * matrix.shape[1] - 1
    assert list(fig.layout.yaxis.ticktext) == ["&lt;b&gt;Haven&lt;/b&gt;", "Noord"]
    assert len(fig.layout.shapes) == 1  # the selected cell's frame


def test_voices_figure_shows_too_few_open_and_silent_voices_not_at_all(
    voices: pd.DataFrame,
) -> None:
    area = area_voices(voices, "WK01", ["wonen", "scholing"])
    fig = voices_figure(area, {"wonen": "verdeeld"})
    drawn = {
        (t.legendgroup, t.marker.symbol): list(t.x) for t in fig.data if t.x and t.x != (None,)
    }
    assert drawn[("beleid", "circle")] == [4.5]
    assert drawn[("bewoner", "square-open")] == [3.0]  # too few: open marker, not hidden
    assert all(0 not in xs for xs in drawn.values())  # nothing drawn as 0
    assert ("cijfers", "triangle-up") not in drawn  # silent in WK01: absent
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["geen gegevens"]  # scholing has no voice at all in WK01
