"""How alignment looks: one colour, symbol and short label per status, and the alignment map.

Colours are chosen to survive colour blindness *and* a greyscale print or a washed-out projector:
the four statuses differ in lightness (CIE L* about 31, 55, 77 and 95) as well as in hue, and a
symbol (▲ ▼ ≠ ?) repeats the status wherever it is shown, so colour is never the only cue.
The hues avoid the red–green axis: a deep wine red, orange, light blue and light grey stay
distinct under deuteranopia and protanopia (checked with the Machado et al. 2009 simulation in
``tests/test_alignment_view.py``).

The map layers are :class:`~urgentie.mapdata.MapLayer` objects for
:func:`urgentie.views.map.build_map`, like the choropleth layers of :mod:`urgentie.choropleth`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from urgentie.analysis.alignment import (
    PARTLY,
    SHARED_NOT_URGENT,
    SHARED_URGENT,
    SPLIT,
    STATUS_ORDER,
    TOO_LITTLE,
)
from urgentie.analysis.thresholds import GAP
from urgentie.canonical import MISSING_LABEL
from urgentie.choropleth import sequential_palette
from urgentie.domains import domain_label
from urgentie.mapdata import LegendEntry, MapLayer, Shapes, area_names, features_json
from urgentie.numbers import format_threshold


@dataclass(frozen=True)
class StatusStyle:
    """How one status is drawn: fill, text colour on that fill, a symbol and a short label."""

    status: str
    colour: str
    text: str
    symbol: str
    short: str


STATUS_STYLES: dict[str, StatusStyle] = {
    SHARED_URGENT: StatusStyle(SHARED_URGENT, "#7a0b2e", "#ffffff", "▲", "urgent"),
    SPLIT: StatusStyle(SPLIT, "#a84c00", "#ffffff", "≠", "verdeeld"),
    PARTLY: StatusStyle(PARTLY, "#e08214", "#000000", "◐", "deels urgent"),
    SHARED_NOT_URGENT: StatusStyle(SHARED_NOT_URGENT, "#9ecae1", "#000000", "▼", "niet urgent"),
    TOO_LITTLE: StatusStyle(TOO_LITTLE, "#f0f0f0", "#333333", "?", "te weinig"),
}
"""Per status; the keys are exactly :data:`urgentie.analysis.alignment.STATUSES`."""

LEGEND_ORDER: tuple[str, ...] = STATUS_ORDER
"""The legend reads from what needs attention to what cannot be said (one order everywhere)."""


def status_label(status: str) -> str:
    """``≠ verdeeld``: the symbol and the status, for tables and legends."""
    style = STATUS_STYLES.get(status, STATUS_STYLES[TOO_LITTLE])
    return f"{style.symbol} {status}"


def status_layer(
    shapes: Shapes,
    areas: pd.DataFrame,
    statuses: Mapping[str, str],
    domain: str,
    *,
    gaps: Mapping[str, str] | None = None,
    demo: bool = False,
) -> MapLayer:
    """Areas coloured by the alignment status of one domain.

    ``statuses`` maps area code → status (areas without one are "te weinig gegevens");
    ``gaps`` the named gap of the ``verdeeld`` areas for the tooltip. Names and texts are
    escaped by :func:`urgentie.mapdata.features_json`.
    """
    names = area_names(areas)
    order = list(LEGEND_ORDER)
    drawn = [c for c in shapes.encoded if c in names]
    shapes = shapes.subset(drawn) if len(drawn) != len(shapes.encoded) else shapes
    class_of: dict[str, int] = {}
    display: dict[str, str] = {}
    for code in shapes.encoded:
        status = statuses.get(code, TOO_LITTLE)
        class_of[code] = order.index(status) if status in order else order.index(TOO_LITTLE)
        gap = (gaps or {}).get(code, "")
        display[code] = status_label(status) + (f" — {gap}" if gap else "")
    counted = list(class_of.values())
    entries = tuple(
        LegendEntry(status_label(s), STATUS_STYLES[s].colour, counted.count(i))
        for i, s in enumerate(order)
    )
    return MapLayer(
        features=features_json(shapes, names, display, class_of),
        colours=tuple(STATUS_STYLES[s].colour for s in order),
        title=f"Gedeelde urgentie: {domain_label(domain).lower()}",
        entries=entries,
        notes=(
            f"Verdeeld: de stemmen liggen {format_threshold(GAP.value)} punt of meer uit elkaar, "
            "aan beide kanten van het midden van de schaal.",
        ),
        bounds=shapes.bounds,
        count=len(shapes.encoded),
        demo=demo,
    )


SPLIT_TOP = 3
"""Classes of the split-count layer: 0, 1, 2 and 3 or more domains ``verdeeld``."""


def split_count_layer(
    shapes: Shapes, areas: pd.DataFrame, split: pd.Series, *, demo: bool = False
) -> MapLayer:
    """Areas coloured by how many domains are ``verdeeld`` (darker = more).

    ``split`` is :func:`urgentie.analysis.alignment_detail.split_domains`; NaN (no domain with
    enough data) gets the hatch and "te weinig gegevens", never the class "0".
    """
    names = area_names(areas)
    drawn = [c for c in shapes.encoded if c in names]
    shapes = shapes.subset(drawn) if len(drawn) != len(shapes.encoded) else shapes
    colours = sequential_palette(SPLIT_TOP + 1)
    class_of: dict[str, int] = {}
    display: dict[str, str] = {}
    for code in shapes.encoded:
        value = split.get(code, float("nan"))
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            class_of[code] = -1
            display[code] = TOO_LITTLE
            continue
        n = int(value)
        class_of[code] = min(n, SPLIT_TOP)
        display[code] = f"{n} {'domein' if n == 1 else 'domeinen'} verdeeld"
    counted = list(class_of.values())
    entries = [
        LegendEntry(_split_label(k), colours[k], counted.count(k))
        for k in reversed(range(SPLIT_TOP + 1))
    ]
    missing = counted.count(-1)
    if missing:
        entries.append(LegendEntry(TOO_LITTLE, "", missing, hatched=True))
    return MapLayer(
        features=features_json(shapes, names, display, class_of),
        colours=tuple(colours),
        title="Aantal domeinen waarin de urgentie verdeeld is",
        entries=tuple(entries),
        notes=("Donkerder = in meer domeinen lopen de stemmen uiteen.",),
        bounds=shapes.bounds,
        count=len(shapes.encoded),
        demo=demo,
    )


def _split_label(k: int) -> str:
    if k >= SPLIT_TOP:
        return f"{SPLIT_TOP} of meer domeinen"
    return f"{k} {'domein' if k == 1 else 'domeinen'}"


__all__ = [
    "LEGEND_ORDER",
    "MISSING_LABEL",
    "STATUS_STYLES",
    "StatusStyle",
    "split_count_layer",
    "status_label",
    "status_layer",
]
