"""Map classes: split the values of one layer into k classes with Dutch legend labels.

``mapclassify`` does the splitting; this module makes it safe for real data (missing values, few
distinct values, a single value, nothing at all) and writes the legend the way a Dutch reader
expects it, with the numbers of :mod:`urgentie.numbers` and the unit.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Literal

import mapclassify
import numpy as np
import pandas as pd

from urgentie.analysis.randomness import seeded_global_rng
from urgentie.errors import UserError
from urgentie.indicators import BY_KEY
from urgentie.numbers import format_number, unit_suffix

Method = Literal["quantiles", "natural_breaks", "equal_interval"]

METHODS: dict[str, str] = {
    "quantiles": "Kwantielen (evenveel gebieden per klasse)",
    "natural_breaks": "Natuurlijke grenzen (Fisher-Jenks)",
    "equal_interval": "Gelijke intervallen",
}
"""Classification methods with their Dutch label (select box, legend note, export)."""


def method_phrase(method: str) -> str:
    """The method's label inside a sentence ("kwantielen (evenveel gebieden per klasse)")."""
    label = METHODS.get(method, method)
    return label[:1].lower() + label[1:]


FISHER_JENKS_MAX_N = 500
"""Exact Fisher-Jenks is O(k·n²) in pure Python (23 s for the 3,393 Dutch wijken without numba).
Above this many values ``natural_breaks`` uses mapclassify's NaturalBreaks (1-D k-means, the
same optimisation target) with a fixed seed, which takes a fraction of a second."""

NATURAL_BREAKS_SEED = 12345
"""Seed for NaturalBreaks, so the same data always give the same classes."""

MISSING_CLASS = -1


@dataclass
class Classes:
    """The result of :func:`classify`."""

    method: str
    bins: list[float]
    """Upper bound of each class (the last one is the maximum)."""
    labels: list[str]
    """Dutch legend label per class, e.g. ``"12,5 – 18,0 %"``."""
    class_of: pd.Series
    """Class 0..k-1 per area (index of the input), -1 where the value is missing."""
    counts: list[int]
    """Number of areas per class."""
    lower: float = math.nan
    """The lowest value (start of the first class)."""

    @property
    def k(self) -> int:
        return len(self.bins)


def classify(
    values: pd.Series,
    method: Method,
    k: int = 5,
    *,
    unit: str = "",
    decimals: int = 1,
) -> Classes:
    """Split ``values`` into at most ``k`` classes.

    Parameters
    ----------
    values
        One value per area; NaN and ±inf are missing and get class -1.
    method
        ``quantiles``, ``natural_breaks`` or ``equal_interval`` (see :data:`METHODS`).
    k
        Wanted number of classes. With at most ``k`` distinct values every value gets its own
        class, labelled with the value itself (also for a single value).
    unit, decimals
        For the legend labels (``"%"``, 1 → ``"12,5 – 18,0 %"``). Units that are not a unit of
        measure (``aantal``, ``code …``) are left out of the labels.

    Returns
    -------
    Classes
        With no values at all: no bins, no labels, every area -1.
    """
    if method not in METHODS:
        raise UserError(f"Onbekende indeling: {method}. Kies uit {', '.join(METHODS)}.")
    if k < 1:
        raise UserError("Het aantal klassen moet minstens 1 zijn.")
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    present = numbers.dropna()
    class_of = pd.Series(MISSING_CLASS, index=values.index, dtype="int64", name="klasse")
    if present.empty:
        return Classes(method, [], [], class_of, [])

    y = present.to_numpy()
    distinct = np.unique(y)
    lower = float(distinct[0])
    if len(distinct) <= k:
        # No more distinct values than classes: one class per value, labelled with the value.
        bins = [float(v) for v in distinct]
        suffix = unit_suffix(unit)
        labels = [f"{format_number(v, decimals)} {suffix}".rstrip() for v in bins]
    else:
        bins = _bins(y, method, k)
        labels = legend_labels(bins, lower, unit=unit, decimals=decimals)

    yb = np.searchsorted(np.asarray(bins), y, side="left")
    yb = np.minimum(yb, len(bins) - 1)  # guards against float noise above the last bound
    class_of.loc[present.index] = yb
    counts = [int((yb == i).sum()) for i in range(len(bins))]
    return Classes(method, bins, labels, class_of, counts, lower)


def _bins(y: np.ndarray, method: str, k: int) -> list[float]:
    with warnings.catch_warnings():
        # mapclassify warns when it reduces k itself; we already chose a feasible k.
        warnings.simplefilter("ignore")
        if method == "quantiles":
            result = mapclassify.Quantiles(y, k=k)
        elif method == "equal_interval":
            result = mapclassify.EqualInterval(y, k=k)
        elif len(y) <= FISHER_JENKS_MAX_N:
            result = mapclassify.FisherJenks(y, k=k)
        else:
            with seeded_global_rng(NATURAL_BREAKS_SEED):
                result = mapclassify.NaturalBreaks(y, k=k)
    bins = sorted({float(b) for b in np.asarray(result.bins, dtype="float64")})
    # The last class always ends at the maximum, also when the classifier rounded it away.
    top = float(np.max(y))
    bins = [b for b in bins if b < top] + [top]
    return bins


def legend_labels(
    bins: list[float], lower: float, *, unit: str = "", decimals: int = 1
) -> list[str]:
    """Dutch labels ``"lower – bound unit"`` for classes with upper bounds ``bins``.

    A class whose two ends look the same after rounding is labelled with one number.
    """
    suffix = unit_suffix(unit)
    labels = []
    start = lower
    for bound in bins:
        low, high = format_number(start, decimals), format_number(bound, decimals)
        text = low if low == high else f"{low} – {high}"
        labels.append(f"{text} {suffix}".rstrip())
        start = bound
    return labels


def worse_is_high(key: str) -> bool:
    """Whether a *higher* value of this map layer is worse, so the map can draw worse darker.

    ``key`` is an indicator key (its direction decides; neutral indicators count as "higher
    is darker" without a judgement) or any score layer — a domain key, ``composite``,
    ``stapeling``, adjusted z-scores, hard urgency — for which higher is worse by construction.
    """
    indicator = BY_KEY.get(key)
    if indicator is None:
        return True
    return indicator.direction != "hoger_beter"
