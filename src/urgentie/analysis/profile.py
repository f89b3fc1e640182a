"""The profile of one wijk or buurt: its figures next to the gemeente, the Netherlands and
earlier years, with plain-language comparisons, what goes well and what worries.

Comparisons in words use one declared tolerance (:data:`TOLERANCE`): a value within 5 % of the
reference is "ongeveer gemiddeld". The gemeente value comes from the one reference function,
:func:`urgentie.analysis.reference.reference_value` (own CBS row, else the CBS-defined aggregate,
labelled). Counts and categorical codes are never compared in words with a gemeente value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from urgentie.analysis.reference import aggregation, reference_value
from urgentie.analysis.scores import compute_scores
from urgentie.canonical import MISSING_LABEL, NATIONAL, gemeente_of
from urgentie.domains import domain_label
from urgentie.errors import UserError
from urgentie.geometry import make_valid
from urgentie.indicators import INDICATORS, Indicator

TOLERANCE = 0.05
"""Relative difference (5 % of the reference) within which a value counts as "ongeveer gemiddeld"
or a trend as "ongeveer gelijk gebleven"."""

STRENGTH_Z = 0.5
"""An indicator is a strength when its direction-adjusted z-score among the areas of the
gemeente is at most -0.5 (half a standard deviation better), a concern at +0.5 or more."""

GEOMETRY_CHANGE_SHARE = 0.10
"""Boundaries count as changed when the symmetric difference of two years' polygons exceeds 10 %
of the area: generalised CBS boundaries differ a little between years without a real change."""


PROFILE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "domain",
    "domain_label",
    "label",
    "plain",
    "unit",
    "decimals",
    "direction",
    "value",
    "gemeente",
    "gemeente_bron",
    "wijk",
    "nederland",
    "verschil",
    "verschil_nederland",
    "z_adjusted",
    "trend",
    "grens_gewijzigd",
    "peiljaar",
)
"""Fixed columns of :func:`profile_table`; one ``waarde_<jaar>`` column per year follows."""


# --- words ---------------------------------------------------------------------------------------
def comparison_sign(value: float, reference: float, tolerance: float = TOLERANCE) -> float:
    """+1 when ``value`` is clearly more than ``reference``, -1 when clearly less, 0 when within
    ``tolerance`` (relative to the reference), NaN when either is missing."""
    if _missing(value) or _missing(reference):
        return math.nan
    margin = abs(reference) * tolerance
    if reference == 0:
        return 0.0 if value == 0 else float(np.sign(value))
    if abs(value - reference) <= margin:
        return 0.0
    return 1.0 if value > reference else -1.0


def compare_in_words(
    value: float,
    reference: float,
    direction: str = "neutraal",
    *,
    where: str = "in de gemeente",
    judged: bool = False,
    tolerance: float = TOLERANCE,
) -> str:
    """Plain Dutch (B1) comparison of a value with an average.

    By default it says how much: "meer dan gemiddeld in de gemeente", "ongeveer gemiddeld in de
    gemeente", "minder dan gemiddeld in de gemeente". With ``judged=True`` and a direction that is
    not neutral it says whether that is good: "beter dan …" / "slechter dan …". A missing value
    gives "geheim of onbekend"; a missing reference "geen vergelijking mogelijk".
    """
    if _missing(value):
        return MISSING_LABEL
    sign = comparison_sign(value, reference, tolerance)
    if math.isnan(sign):
        return "geen vergelijking mogelijk"
    if sign == 0:
        return f"ongeveer gemiddeld {where}"
    if judged and direction in {"hoger_slechter", "hoger_beter"}:
        worse = (sign > 0) == (direction == "hoger_slechter")
        return f"{'slechter' if worse else 'beter'} dan gemiddeld {where}"
    return f"{'meer' if sign > 0 else 'minder'} dan gemiddeld {where}"


def trend_in_words(
    earlier: float, now: float, direction: str, since: int, *, tolerance: float = TOLERANCE
) -> str:
    """ "beter geworden sinds 2022", "gestegen sinds 2022", "ongeveer gelijk gebleven sinds 2022";
    empty when one of the values is missing."""
    sign = comparison_sign(now, earlier, tolerance)
    if math.isnan(sign):
        return ""
    if sign == 0:
        return f"ongeveer gelijk gebleven sinds {since}"
    if direction in {"hoger_slechter", "hoger_beter"}:
        worse = (sign > 0) == (direction == "hoger_slechter")
        return f"{'slechter' if worse else 'beter'} geworden sinds {since}"
    return f"{'gestegen' if sign > 0 else 'gedaald'} sinds {since}"


# --- the profile ---------------------------------------------------------------------------------
def profile_table(
    area_code: str,
    areas_by_year: Mapping[int, pd.DataFrame],
    national: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """All indicators of one area next to its gemeente, the Netherlands and earlier years.

    Parameters
    ----------
    area_code
        A wijk or buurt code (a gemeente code compares the gemeente with the Netherlands).
    areas_by_year
        Canonical tables of the gemeente per year (all levels or at least the area's level).
        The latest year that holds the area is the current one.
    national
        Canonical table with the Netherlands: a row ``NL00``, or national areas (gemeenten or
        wijken) that are aggregated by :func:`~urgentie.analysis.reference.reference_value`.
        None leaves ``nederland`` empty.

    Returns
    -------
    pandas.DataFrame
        One row per catalogue indicator, columns :data:`PROFILE_COLUMNS` and ``waarde_<jaar>``
        per year (oldest first). ``verschil`` compares with the gemeente in words (judged better
        or worse where the indicator has a direction), ``z_adjusted`` is the area's
        direction-adjusted z-score among the areas of its level in the gemeente (positive =
        worse), ``trend`` compares with the earliest earlier year that has a value, unless the
        boundary changed (``grens_gewijzigd``; the reason is in ``DataFrame.attrs["grens"]``).
    """
    code = str(area_code)
    years = sorted(int(y) for y in areas_by_year)
    present = [y for y in years if _row(areas_by_year[y], code) is not None]
    if not present:
        raise UserError(f"Gebied {code} komt in geen van de jaren voor.")
    current = present[-1]
    table = areas_by_year[current]
    row = _row(table, code)
    assert row is not None
    level = str(row.get("niveau", ""))
    gm = _text(row.get("gemeente_code")) or gemeente_of(code)
    is_gemeente = level == "gemeente"
    peers = _peers(table, level, gm)
    gm_row = None if is_gemeente else _row(table, gm)
    wijk_code = row.get("wijk_code")
    wijk_row = _row(table, str(wijk_code)) if level == "buurt" and _text(wijk_code) else None
    nl_values = _national_values(national, level)
    z = _area_z(peers, code) if not is_gemeente else {}
    changed, reason = boundary_changed(code, areas_by_year)
    history = {y: _row(areas_by_year[y], code) for y in years}

    rows = []
    for ind in INDICATORS:
        value = _value(row, ind.key)
        gemeente, source = (math.nan, "") if is_gemeente else _gemeente_value(ind, gm_row, peers)
        nederland = nl_values.get(ind.key, math.nan)
        past = {y: _value(history[y], ind.key) for y in years}
        record = {
            "indicator": ind.key,
            "domain": ind.domain,
            "domain_label": domain_label(ind.domain),
            "label": ind.label,
            "plain": ind.plain or ind.label,
            "unit": ind.unit,
            "decimals": ind.decimals,
            "direction": ind.direction,
            "value": value,
            "gemeente": gemeente,
            "gemeente_bron": source,
            "wijk": _value(wijk_row, ind.key),
            "nederland": nederland,
            "verschil": compare_in_words(value, gemeente, ind.direction, judged=True)
            if not is_gemeente and _comparable(ind)
            else "",
            "verschil_nederland": compare_in_words(
                value, nederland, ind.direction, where="in Nederland", judged=True
            )
            if _comparable(ind)
            else "",
            "z_adjusted": z.get(ind.key, math.nan),
            "trend": _trend(ind, past, current, changed),
            "grens_gewijzigd": changed,
            "peiljaar": _peiljaar(row, ind.key, value, current),
        }
        record.update({f"waarde_{y}": past[y] for y in years})
        rows.append(record)
    frame = pd.DataFrame(rows, columns=[*PROFILE_COLUMNS, *(f"waarde_{y}" for y in years)])
    frame.attrs.update({"jaar": current, "grens": reason, "code": code, "niveau": level})
    return frame


def strengths(
    profile: pd.DataFrame, *, threshold: float = STRENGTH_Z, limit: int | None = 5
) -> pd.DataFrame:
    """ "Wat gaat goed": indicators clearly better than the gemeente, best first.

    Clearly better means a direction-adjusted z-score ≤ ``-threshold`` *and* a value more than
    the tolerance better than the gemeente average, so the words and the score agree.
    """
    better = profile["verschil"].str.startswith("beter") & (profile["z_adjusted"] <= -threshold)
    found = profile[better].sort_values("z_adjusted")
    return found.head(limit) if limit else found


def concerns(
    profile: pd.DataFrame, *, threshold: float = STRENGTH_Z, limit: int | None = 5
) -> pd.DataFrame:
    """ "Zorgen": indicators clearly worse than the gemeente, worst first (mirror of
    :func:`strengths`)."""
    worse = profile["verschil"].str.startswith("slechter") & (profile["z_adjusted"] >= threshold)
    found = profile[worse].sort_values("z_adjusted", ascending=False)
    return found.head(limit) if limit else found


def boundary_changed(area_code: str, areas_by_year: Mapping[int, pd.DataFrame]) -> tuple[bool, str]:
    """Whether the area's boundary changed across the given years, and the reason in Dutch.

    Changed when CBS flags it (``indelingswijziging`` 3 in a later year), when the code is
    missing in an earlier year that has areas of the same gemeente and level, or when two
    years' polygons differ by more than :data:`GEOMETRY_CHANGE_SHARE`.
    """
    code = str(area_code)
    years = sorted(int(y) for y in areas_by_year)
    rows = {y: _row(areas_by_year[y], code) for y in years}
    held = [y for y in years if rows[y] is not None]
    if not held:
        return False, ""
    first = held[0]
    for y in held[1:]:
        if _text(rows[y].get("indelingswijziging")) == "3":  # type: ignore[union-attr]
            return True, f"CBS meldt een grenswijziging in {y}."
    level = str(rows[held[-1]].get("niveau", ""))  # type: ignore[union-attr]
    gm = code[2:6]
    for y in years:
        if y in held or y > held[-1]:
            continue
        table = areas_by_year[y]
        same = table[
            (table["niveau"].astype(str) == level) & table["code"].astype(str).str[2:6].eq(gm)
        ]
        if len(same):
            return True, f"In {y} bestond dit gebied nog niet onder deze code."
    previous = first
    for y in held[1:]:
        share = _geometry_change(rows[previous], rows[y])
        if share > GEOMETRY_CHANGE_SHARE:
            return True, f"De grens is tussen {previous} en {y} verschoven."
        previous = y
    return False, ""


# --- helpers -------------------------------------------------------------------------------------
def _missing(value: object) -> bool:
    try:
        return value is None or math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _row(table: pd.DataFrame, code: str) -> pd.Series | None:
    if table is None or "code" not in table.columns:
        return None
    match = table[table["code"].astype(str) == code]
    return match.iloc[0] if len(match) else None


def _value(row: pd.Series | None, key: str) -> float:
    if row is None or key not in row.index:
        return math.nan
    value = row[key]
    return math.nan if _missing(value) else float(value)


def _peers(table: pd.DataFrame, level: str, gm: str) -> pd.DataFrame:
    same_level = table["niveau"].astype(str) == level if "niveau" in table.columns else True
    in_gm = table["gemeente_code"].astype(str) == gm if "gemeente_code" in table.columns else True
    return table[same_level & in_gm]


def _peiljaar(row: pd.Series, key: str, value: float, current: int) -> float:
    """The year the figure describes: its ``<key>_peiljaar`` (a view), else the view's year."""
    if math.isnan(value):
        return math.nan
    found = _value(row, f"{key}_peiljaar")
    return found if not math.isnan(found) else float(current)


def _comparable(ind: Indicator) -> bool:
    """A count (the gemeente total) or a category code is never "more than average"."""
    return aggregation(ind.key) not in {"som", "categorie"}


def _gemeente_value(
    ind: Indicator, gm_row: pd.Series | None, peers: pd.DataFrame
) -> tuple[float, str]:
    ref = reference_value(ind.key, gm_row, peers)
    return ref.value, ref.bron


def _national_values(national: pd.DataFrame | None, level: str) -> dict[str, float]:
    if national is None or national.empty:
        return {}
    land = _row(national, NATIONAL)
    areas = national
    if "niveau" in national.columns:
        levels = national["niveau"].astype(str)
        choice = "gemeente" if (levels == "gemeente").any() else level
        areas = national[levels == choice]
        if areas.empty:
            areas = national
    return {ind.key: reference_value(ind.key, land, areas).value for ind in INDICATORS}


def _area_z(peers: pd.DataFrame, code: str) -> dict[str, float]:
    if len(peers) < 2:
        return {}
    result = compute_scores(peers)
    if code not in result.indicator_z.index:
        return {}
    return {k: float(v) for k, v in result.indicator_z.loc[code].items() if not math.isnan(v)}


def _trend(ind: Indicator, past: dict[int, float], current: int, changed: bool) -> str:
    earlier = [y for y in sorted(past) if y < current and not math.isnan(past[y])]
    if not earlier:
        return ""
    if changed:
        return "niet te vergelijken: de grens is gewijzigd"
    return trend_in_words(past[earlier[0]], past[current], ind.direction, earlier[0])


def _geometry_change(a: pd.Series | None, b: pd.Series | None) -> float:
    geoms = [getattr(r, "get", lambda _k: None)("geometry") for r in (a, b)]
    if any(g is None or getattr(g, "is_empty", True) for g in geoms):
        return 0.0
    import geopandas as gpd

    valid = make_valid(gpd.GeoSeries(geoms))
    first, second = valid.iloc[0], valid.iloc[1]
    area = max(first.area, second.area)
    if area <= 0:
        return 0.0
    return float(first.symmetric_difference(second).area / area)
