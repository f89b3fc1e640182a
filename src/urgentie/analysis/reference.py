"""The one reference value of an indicator for a gemeente (or the Netherlands).

Every page and export that puts an area next to "de gemeente" takes the number from
:func:`reference_value`, so the Kaart, the Wijkprofiel, the Sessie, Mijn wijk and the exports
show the same gemeente value for the same indicator and year. The rule, declared once:

1. The gemeente's own CBS figure when the data has the gemeente row (CBS computes it from all
   persons or households, which no average of areas can reproduce exactly).
2. Otherwise an aggregate of the areas of one level, computed the way CBS defines the figure:
   **counts are summed** (never averaged), **shares and averages are weighted** by the
   population they are about (inwoners or huishoudens), **categorical codes** (stedelijkheid)
   are not aggregated at all — the most common category is given and labelled as such.
   Medians and densities have no exact aggregate without data we do not have; they get the plain
   mean of the areas, labelled as an approximation.

The label (``bron``) says which of these it is, so no page presents an aggregate as a CBS figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from urgentie.indicators import BY_KEY

Aggregation = Literal["som", "inwoners", "huishoudens", "categorie", "gebieden"]

COUNTS: frozenset[str] = frozenset({"inwoners", "huishoudens"})
CATEGORICAL: frozenset[str] = frozenset({"stedelijkheid"})
HOUSEHOLD_WEIGHTED: frozenset[str] = frozenset(
    {
        "pct_hh_met_kinderen",
        "pct_eenpersoons",
        "pct_hh_laag_inkomen",
        "pct_hh_sociaal_minimum",
        "pct_hh_tot_110_minimum",
        "autos_per_huishouden",
        # Figures per dwelling (households ≈ occupied dwellings).
        "woz_waarde",
        "pct_corporatiewoningen",
        "pct_koopwoningen",
        "pct_leegstand",
        "pct_meergezinswoningen",
        "gasverbruik",
        "elektriciteitsverbruik",
        "pct_stadsverwarming",
    }
)
UNWEIGHTED: frozenset[str] = frozenset(
    {"bevolkingsdichtheid", "omgevingsadressendichtheid", "vermogen_mediaan", "autos_per_km2"}
)
"""Densities and medians: no exact aggregate from the areas' figures alone."""

CATEGORY_LABELS: dict[str, dict[int, str]] = {
    "stedelijkheid": {
        1: "1 – zeer sterk stedelijk",
        2: "2 – sterk stedelijk",
        3: "3 – matig stedelijk",
        4: "4 – weinig stedelijk",
        5: "5 – niet stedelijk",
    }
}
"""Categorical codes as words: a higher stedelijkheid code is *less* urban, never "more"."""

SOURCE_CBS = "gemeente (CBS)"


@dataclass(frozen=True)
class Reference:
    """A reference value with the words that say how it was made."""

    value: float
    bron: str
    """``gemeente (CBS)``, ``som van de wijken``, ``gemiddelde van de wijken, gewogen naar
    inwoners``, ``meest voorkomende categorie van de wijken`` …; empty when there is no value."""


def aggregation(key: str) -> Aggregation:
    """How the areas are combined for indicator ``key`` (see the module docstring)."""
    if key in COUNTS:
        return "som"
    if key in CATEGORICAL:
        return "categorie"
    if key in UNWEIGHTED:
        return "gebieden"
    if key in HOUSEHOLD_WEIGHTED:
        return "huishoudens"
    return "inwoners"


def is_categorical(key: str) -> bool:
    """Whether the indicator is a code (shown as a category, never as a bar or a mean)."""
    return key in CATEGORICAL


def category_label(key: str, value: object) -> str:
    """``1 – zeer sterk stedelijk`` for stedelijkheid 1; empty for a missing value."""
    try:
        code = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return CATEGORY_LABELS.get(key, {}).get(code, str(code))


def reference_value(
    key: str, own_row: pd.Series | None, areas: pd.DataFrame, *, level: str = ""
) -> Reference:
    """The gemeente (or national) value of indicator ``key``.

    Parameters
    ----------
    key
        Catalogue key.
    own_row
        The gemeente's own row (``GM…``) or the land row (``NL00``); None when the data has
        none.
    areas
        The areas of one level to aggregate when the own row has no figure.
    level
        ``wijk`` or ``buurt``: names the areas in the label ("som van de wijken").
    """
    own = _number(own_row.get(key)) if own_row is not None and key in own_row.index else math.nan
    if not math.isnan(own):
        return Reference(own, SOURCE_CBS)
    if areas is None or key not in areas.columns or areas.empty:
        return Reference(math.nan, "")
    values = pd.to_numeric(areas[key], errors="coerce")
    if values.notna().sum() == 0:
        return Reference(math.nan, "")
    names = _plural(level or _level_of(areas))
    how = aggregation(key)
    if how == "som":
        # A total is only a total when every area has a figure; otherwise it would undercount.
        if values.isna().any():
            return Reference(math.nan, "")
        return Reference(float(values.sum()), f"som van de {names}")
    if how == "categorie":
        mode = values.dropna().mode()
        return Reference(float(mode.min()), f"meest voorkomende categorie van de {names}")
    if how == "gebieden":
        return Reference(float(values.mean()), f"gemiddelde van de {names} (benadering)")
    weights = pd.to_numeric(areas[how], errors="coerce") if how in areas.columns else None
    if weights is not None:
        ok = values.notna() & weights.notna() & (weights > 0)
        if ok.any():
            mean = float(np.average(values[ok], weights=weights[ok]))
            return Reference(mean, f"gemiddelde van de {names}, gewogen naar {how}")
    return Reference(float(values.mean()), f"gemiddelde van de {names} (ongewogen)")


def reference_values(
    own_row: pd.Series | None, areas: pd.DataFrame, *, level: str = ""
) -> dict[str, Reference]:
    """:func:`reference_value` for every catalogue indicator."""
    return {key: reference_value(key, own_row, areas, level=level) for key in BY_KEY}


def gemeente_references(view: pd.DataFrame, gemeente: str, level: str) -> dict[str, Reference]:
    """The gemeente values of a view that holds all levels (or at least the gemeente row and
    the areas of ``level``): what every page puts next to an area of that level."""
    codes = view["code"].astype(str) if "code" in view.columns else pd.Series(dtype=str)
    rows = view[codes == gemeente]
    own = rows.iloc[0] if len(rows) else None
    areas = view
    if "niveau" in view.columns:
        areas = view[view["niveau"].astype(str) == level]
    if "gemeente_code" in areas.columns:
        areas = areas[areas["gemeente_code"].astype(str) == gemeente]
    return reference_values(own, areas, level=level)


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def _level_of(areas: pd.DataFrame) -> str:
    if "niveau" in areas.columns and areas["niveau"].notna().any():
        return str(areas["niveau"].dropna().iloc[0])
    return ""


def _plural(level: str) -> str:
    return {"wijk": "wijken", "buurt": "buurten", "gemeente": "gemeenten"}.get(level, "gebieden")
