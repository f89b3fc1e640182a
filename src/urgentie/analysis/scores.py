"""Standardised scores: how much worse or better an area is than the areas it is compared with.

The method, declared once:

1. **Reference.** Per indicator the mean and standard deviation over the compared areas
   (:func:`reference_stats`). Every area counts once: the mean is *not* population-weighted,
   because the question is "how does this area stand among the other areas", and the usual
   standardisation (z-scores centred on zero with spread one across areas) needs the unweighted
   mean. The standard deviation is the population form (``ddof=0``): the areas of a gemeente are
   all its areas, not a sample. Pass the statistics of the national areas of the same level to
   compare with the Netherlands instead.
2. **z-score** per indicator: ``(value - mean) / std``. An indicator with fewer than
   :data:`MIN_VALUES` values or no spread (std 0) gives no z-score and contributes nothing; the
   reason is kept in :attr:`ScoreResult.excluded` and shown by :func:`explain`.
3. **Direction.** The z-score is multiplied by +1 when more is worse and by -1 when more is
   better, so in every adjusted score **positive = worse**. Only
   :attr:`~urgentie.indicators.Indicator.scored` indicators count (not neutral, not context).
4. **Domain score**: the mean of the adjusted z-scores of the domain's indicators that the area
   has a value for — but only when it has at least ``URGENCY_MIN_INDICATOREN_DOMEIN``
   (``URGENTIE_MIN_INDICATOREN_DOMEIN``) of them; otherwise NaN with the reason *onvoldoende
   cijfers* (missing is missing, never 0; one figure is no picture of a domain).
5. **Composite**: the weighted mean of the domain scores with the user's domain weights; domains
   an area has no score for are left out and the remaining weights renormalised. An area with
   fewer scored domains than ``URGENTIE_MIN_DOMEINEN_SAMENGESTELD`` gets no composite
   (*onvoldoende cijfers*): a composite of one domain would pass for the whole picture.
6. **Stapeling** (accumulation): in how many domains the area is among the worst fifth
   (:data:`WORST_SHARE`) of the compared areas *and* worse than the reference average.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from urgentie.canonical import MISSING_LABEL
from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.errors import UserError
from urgentie.indicators import BY_KEY, INDICATOR_KEYS, Indicator, scored_indicators

MIN_VALUES = 3
"""An indicator needs at least this many areas with a value before a z-score means anything."""

WORST_SHARE = 0.2
"""Stapeling counts the domains in which an area is in the worst fifth of the compared areas."""

URGENCY_THRESHOLDS: tuple[float, float, float, float] = (-1.0, -0.25, 0.25, 1.0)
"""Domain score → hard urgency 1–5 (the ``cijfers`` voice):

=====================  =======  =========================================
domain score (z)       urgency  meaning
=====================  =======  =========================================
z ≤ -1                 1        duidelijk beter dan gemiddeld
-1 < z ≤ -0,25         2        iets beter dan gemiddeld
-0,25 < z < 0,25       3        ongeveer gemiddeld
0,25 ≤ z < 1           4        iets slechter dan gemiddeld
z ≥ 1                  5        duidelijk slechter dan gemiddeld
=====================  =======  =========================================

Symmetric around the reference average, so urgency 3 means "like the other areas".
"""

URGENCY_LABELS: dict[int, str] = {
    1: "duidelijk beter dan gemiddeld",
    2: "iets beter dan gemiddeld",
    3: "ongeveer gemiddeld",
    4: "iets slechter dan gemiddeld",
    5: "duidelijk slechter dan gemiddeld",
}

EXPLAIN_COLUMNS: tuple[str, ...] = (
    "indicator",
    "label",
    "domain",
    "unit",
    "value",
    "reference_mean",
    "z",
    "z_adjusted",
    "weight",
    "direction",
    "opmerking",
)
"""Columns of :func:`explain`; ``opmerking`` says in Dutch why a row does not count."""

REASON_TOO_FEW = f"te weinig gebieden met een cijfer om te vergelijken (minder dan {MIN_VALUES})"
REASON_NO_SPREAD = "alle gebieden hebben hetzelfde cijfer, dus er is geen verschil"
REASON_NO_REFERENCE = "geen vergelijkingscijfer"
REASON_NO_DATA = "geen cijfers voor deze gebieden"
INSUFFICIENT_LABEL = "onvoldoende cijfers"
"""What an area shows instead of a score that rests on too few figures (legend, table, text)."""


def min_indicators() -> int:
    """Declared minimum of indicators with a figure for a domain score (at least 1)."""
    from urgentie import settings

    return max(1, int(settings.get("URGENTIE_MIN_INDICATOREN_DOMEIN")))


def min_domains() -> int:
    """Declared minimum of scored domains for a composite (at least 1)."""
    from urgentie import settings

    return max(1, int(settings.get("URGENTIE_MIN_DOMEINEN_SAMENGESTELD")))


def reference_stats(areas: pd.DataFrame, niveau: str | None = None) -> pd.DataFrame:
    """Mean, standard deviation (``ddof=0``) and number of values per indicator.

    Returns a frame indexed by indicator key (every catalogue key present in ``areas``) with
    columns ``mean``, ``std`` and ``n``. Unweighted: each area counts once (see the module
    docstring). The areas must be one level — the wijken of a gemeente, or all Dutch wijken;
    pass ``niveau`` to take that level from a table that holds several (the national dataset
    holds gemeenten and wijken).
    """
    if niveau is not None and "niveau" in areas.columns:
        areas = areas[areas["niveau"].astype(str) == niveau]
    _check_one_level(areas)
    keys = [k for k in INDICATOR_KEYS if k in areas.columns]
    values = _numeric(areas, keys)
    return pd.DataFrame(
        {
            "mean": values.mean(),
            "std": values.std(ddof=0),
            "n": values.count().astype("int64"),
        },
        index=pd.Index(keys, name="indicator"),
    )


@dataclass
class ScoreResult:
    """Scores of a set of areas, all indexed by area code. Positive = worse everywhere."""

    indicator_z: pd.DataFrame
    """Direction-adjusted z-score per scored indicator that could be used (columns)."""
    domain: pd.DataFrame
    """Mean adjusted z per domain that has data (columns, in domain order); NaN = no data."""
    composite: pd.Series
    """Weighted mean of the domain scores, weights renormalised over domains with a score."""
    stapeling: pd.Series
    """Number of domains in which the area is in the worst fifth and worse than average."""
    reference: pd.DataFrame
    """The statistics the z-scores were computed against (see :func:`reference_stats`)."""
    weights: dict[str, float]
    """The effective domain weights (before renormalisation)."""
    excluded: dict[str, str] = field(default_factory=dict)
    """Scored indicators that contribute nothing, with the Dutch reason."""
    raw_z: pd.DataFrame = field(default_factory=pd.DataFrame)
    """z-scores before the direction adjustment (same shape as ``indicator_z``)."""
    indicator_counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Per area and domain: how many usable indicators had a figure (the domain's coverage)."""
    domain_count: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))
    """Per area: how many domains (with weight > 0) have a score (the composite's coverage)."""
    min_indicators: int = 1
    min_domains: int = 1

    def insufficient_domain(self, key: str) -> pd.Series:
        """Areas with some figures in domain ``key`` but fewer than the minimum."""
        if key not in self.indicator_counts.columns:
            return pd.Series(False, index=self.composite.index)
        counts = self.indicator_counts[key]
        return (counts > 0) & (counts < self.min_indicators)

    def insufficient_composite(self) -> pd.Series:
        """Areas with at least one scored domain but fewer than the minimum: no composite."""
        return (self.domain_count > 0) & (self.domain_count < self.min_domains)

    def coverage(self) -> tuple[int, int]:
        """(most domains any compared area has a score in, domains of the composite)."""
        most = int(self.domain_count.max()) if len(self.domain_count) else 0
        return most, len([w for w in self.weights.values() if w > 0])


def equal_weights() -> dict[str, float]:
    """Weight 1 for every domain that has scored indicators in the catalogue (all nine)."""
    with_indicators = {i.domain for i in scored_indicators()}
    return {d: 1.0 for d in DOMAIN_KEYS if d in with_indicators}


def compute_scores(
    areas: pd.DataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    reference: pd.DataFrame | None = None,
    minimum_indicators: int | None = None,
    minimum_domains: int | None = None,
) -> ScoreResult:
    """Direction-adjusted z-scores, domain scores, composite and stapeling for ``areas``.

    Parameters
    ----------
    areas
        Canonical table of one level (``code`` + indicator columns).
    weights
        Domain weights; merged over :func:`equal_weights`, so ``{"wonen": 2}`` makes wonen count
        twice and leaves the others at 1. A weight of 0 leaves a domain out of the composite.
        Negative, non-finite or unknown keys raise :class:`~urgentie.errors.UserError`.
    reference
        Statistics from :func:`reference_stats`. None compares the areas with each other (the
        gemeente view); pass the statistics of all Dutch areas of the level to compare with NL.
    minimum_indicators, minimum_domains
        Coverage thresholds; None uses the declared settings (:func:`min_indicators`,
        :func:`min_domains`).

    Returns
    -------
    ScoreResult
        Everything indexed by area code, in the order of ``areas``.
    """
    _check_codes(areas)
    ref = reference_stats(areas) if reference is None else reference
    codes = pd.Index(areas["code"].astype(str), name="code")
    used, excluded = _usable(areas, ref, list(scored_indicators()))

    values = _numeric(areas, [i.key for i in used])
    values.index = codes
    raw = pd.DataFrame(index=codes, dtype="float64")
    for ind in used:
        raw[ind.key] = (values[ind.key] - float(ref.at[ind.key, "mean"])) / float(
            ref.at[ind.key, "std"]
        )
    signs = pd.Series({i.key: float(i.worse_sign()) for i in used}, dtype="float64")
    adjusted = raw * signs if used else raw.copy()

    need = min_indicators() if minimum_indicators is None else max(1, int(minimum_indicators))
    need_domains = min_domains() if minimum_domains is None else max(1, int(minimum_domains))
    domain = pd.DataFrame(index=codes, dtype="float64")
    counts = pd.DataFrame(index=codes, dtype="int64")
    for key in DOMAIN_KEYS:
        members = [i.key for i in used if i.domain == key]
        if members:
            counts[key] = adjusted[members].notna().sum(axis=1).astype("int64")
            # Too few figures: no score, never a confident number from one proxy.
            domain[key] = adjusted[members].mean(axis=1, skipna=True).where(counts[key] >= need)

    effective = _effective_weights(weights)
    weighted = [d for d in domain.columns if effective.get(d, 0.0) > 0]
    scored = domain[weighted].notna().sum(axis=1).astype("int64") if weighted else None
    domain_count = scored if scored is not None else pd.Series(0, index=codes, dtype="int64")
    composite = _composite(domain, effective).where(domain_count >= need_domains)
    return ScoreResult(
        indicator_z=adjusted,
        domain=domain,
        composite=composite.rename("composite"),
        stapeling=_stapeling(domain),
        reference=ref,
        weights=effective,
        excluded=excluded,
        raw_z=raw,
        indicator_counts=counts,
        domain_count=domain_count.rename("domeinen"),
        min_indicators=need,
        min_domains=need_domains,
    )


def coverage_text(result: ScoreResult, span: tuple[int, int] | None = None) -> str:
    """``6 van 9 domeinen, cijfers 2022–2024``: the coverage of a set of scores in one line.

    The first number is the most domains any compared area has a score in; ``span`` is the
    oldest and newest peiljaar of the figures (see :func:`urgentie.store.latest.figure_years`).
    """
    most, total = result.coverage()
    text = f"{most} van {total} domeinen"
    if span is not None:
        first, last = span
        text += f", cijfers {first}" if first == last else f", cijfers {first}–{last}"
    return text


def composite_withheld(result: ScoreResult) -> bool:
    """True when no compared area reaches the minimum of scored domains for a composite."""
    return bool(result.composite.notna().sum() == 0)


def best_covered_domain(result: ScoreResult) -> str | None:
    """The domain with a score for the most areas (ties: catalogue order); None when none."""
    if result.domain.empty or not len(result.domain.columns):
        return None
    counts = result.domain.notna().sum()
    if int(counts.max()) == 0:
        return None
    return str(counts.idxmax())


def explain(
    result: ScoreResult, areas: pd.DataFrame, code: str, domain: str | None = None
) -> pd.DataFrame:
    """Why an area has its score: one row per indicator (or per domain for the composite).

    With ``domain`` given: one row per scored indicator of that domain, with the area's value,
    the reference mean, the raw and adjusted z-score and its share (``weight``) in the domain
    score. Indicators that do not count keep ``weight`` 0 and say why in ``opmerking`` (no
    value for this area, too few areas, no spread).

    With ``domain=None``: one row per domain of the composite, with the domain score in
    ``value``/``z``/``z_adjusted`` and the renormalised share of its weight in ``weight``.
    Columns are :data:`EXPLAIN_COLUMNS` in both cases.
    """
    code = str(code)
    if code not in result.indicator_z.index:
        raise UserError(f"Gebied {code} hoort niet bij de vergeleken gebieden.")
    if domain is None:
        return _explain_composite(result, code)
    if domain not in DOMAIN_KEYS:
        raise UserError(f"Onbekend domein: {domain}.")
    row = areas.loc[areas["code"].astype(str) == code].iloc[0]
    adjusted = result.indicator_z.loc[code] if len(result.indicator_z.columns) else pd.Series()
    counted = [
        k
        for k in adjusted.index
        if BY_KEY[k].domain == domain and not math.isnan(float(adjusted[k]))
    ]
    share = 1.0 / len(counted) if counted else 0.0
    rows = []
    for ind in scored_indicators(domain):
        value = _float(row.get(ind.key))
        mean = _ref(result.reference, ind.key, "mean")
        z_adj = float(adjusted[ind.key]) if ind.key in adjusted.index else math.nan
        if ind.key in result.excluded:
            note = result.excluded[ind.key]
        elif math.isnan(value):
            note = MISSING_LABEL
        else:
            note = ""
        rows.append(
            {
                "indicator": ind.key,
                "label": ind.label,
                "domain": ind.domain,
                "unit": ind.unit,
                "value": value,
                "reference_mean": mean,
                "z": _cell(result.raw_z, code, ind.key),
                "z_adjusted": z_adj,
                "weight": share if ind.key in counted else 0.0,
                "direction": ind.direction,
                "opmerking": note,
            }
        )
    return pd.DataFrame(rows, columns=list(EXPLAIN_COLUMNS))


def hard_urgency(domain_score: float | pd.Series) -> float | pd.Series:
    """Map a standardised (domain) score to the 1–5 urgency scale of the ``cijfers`` voice.

    Thresholds are :data:`URGENCY_THRESHOLDS`. Returns floats 1.0–5.0 (a Series for a Series),
    NaN where the score is missing, so the result averages directly with votes and notes.
    """
    if isinstance(domain_score, pd.Series):
        values = domain_score.astype("float64").to_numpy()
        return pd.Series(_urgency(values), index=domain_score.index, name=domain_score.name)
    return float(_urgency(np.array([float(domain_score)], dtype="float64"))[0])


def _urgency(values: np.ndarray) -> np.ndarray:
    t1, t2, t3, t4 = URGENCY_THRESHOLDS
    out = np.full(values.shape, np.nan)
    finite = ~np.isnan(values)
    v = values[finite]
    # Closed on the outer side, so -1 is already "clearly better" and +1 "clearly worse".
    out[finite] = np.select(
        [v <= t1, v <= t2, v < t3, v < t4],
        [1.0, 2.0, 3.0, 4.0],
        default=5.0,
    )
    return out


# --- helpers -------------------------------------------------------------------------------------
def _numeric(areas: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(index=areas.index)
    for key in keys:
        frame[key] = pd.to_numeric(areas[key], errors="coerce").astype("float64")
    return frame


def _check_one_level(areas: pd.DataFrame) -> None:
    if "niveau" in areas.columns and areas["niveau"].dropna().nunique() > 1:
        raise UserError(
            "Scores vergelijken gebieden van één niveau (alleen wijken of alleen buurten)."
        )


def _check_codes(areas: pd.DataFrame) -> None:
    if "code" not in areas.columns:
        raise UserError("De tabel mist de kolom 'code' met de gebiedscodes.")
    dupes = areas["code"][areas["code"].duplicated()]
    if len(dupes):
        raise UserError(f"Gebiedscodes komen dubbel voor: {', '.join(map(str, dupes[:5]))}.")
    _check_one_level(areas)


def _usable(
    areas: pd.DataFrame, ref: pd.DataFrame, scored: list[Indicator]
) -> tuple[list[Indicator], dict[str, str]]:
    used, excluded = [], {}
    for ind in scored:
        if ind.key not in areas.columns or areas[ind.key].isna().all():
            excluded[ind.key] = REASON_NO_DATA
            continue
        if ind.key not in ref.index:
            excluded[ind.key] = REASON_NO_REFERENCE
            continue
        n, std = _ref(ref, ind.key, "n"), _ref(ref, ind.key, "std")
        if math.isnan(n) or n < MIN_VALUES:
            excluded[ind.key] = REASON_TOO_FEW
        elif math.isnan(std) or std <= 0:
            excluded[ind.key] = REASON_NO_SPREAD
        else:
            used.append(ind)
    return used, excluded


def _ref(ref: pd.DataFrame, key: str, column: str) -> float:
    if key not in ref.index or column not in ref.columns:
        return math.nan
    return _float(ref.at[key, column])


def _cell(frame: pd.DataFrame, code: str, key: str) -> float:
    if key not in frame.columns or code not in frame.index:
        return math.nan
    return _float(frame.at[code, key])


def _float(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def _effective_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    effective = equal_weights()
    for key, weight in (weights or {}).items():
        if key not in effective:
            known = ", ".join(effective)
            raise UserError(f"Onbekend domein voor een gewicht: {key}. Bekend zijn: {known}.")
        number = _float(weight)
        if not math.isfinite(number) or number < 0:
            raise UserError(
                f"Het gewicht van {domain_label(key)} moet 0 of groter zijn (nu: {weight})."
            )
        effective[key] = number
    return effective


def _composite(domain: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    if domain.empty or not len(domain.columns):
        return pd.Series(np.nan, index=domain.index, dtype="float64", name="composite")
    w = pd.Series({d: weights.get(d, 0.0) for d in domain.columns}, dtype="float64")
    present = domain.notna()
    denominator = present.mul(w, axis=1).sum(axis=1)
    numerator = domain.fillna(0.0).mul(w, axis=1).sum(axis=1)
    composite = numerator / denominator.where(denominator > 0)
    return composite.rename("composite")


def _stapeling(domain: pd.DataFrame) -> pd.Series:
    counts = pd.Series(0, index=domain.index, dtype="int64", name="stapeling")
    for key in domain.columns:
        scores = domain[key]
        n = int(scores.notna().sum())
        if n == 0:
            continue
        # Number of areas with a strictly worse score; ties share the better position.
        worse_than_me = scores.rank(ascending=False, method="min") - 1
        in_worst = (worse_than_me < WORST_SHARE * n) & (scores > 0)
        counts += in_worst.fillna(False).astype("int64")
    # An area without a single domain score has no stapeling at all: missing, not 0.
    return counts.astype("Int64").mask(domain.isna().all(axis=1))


def _explain_composite(result: ScoreResult, code: str) -> pd.DataFrame:
    scores = result.domain.loc[code] if len(result.domain.columns) else pd.Series(dtype=float)
    present = {d: w for d, w in result.weights.items() if d in scores.index}
    counted = {d: w for d, w in present.items() if not math.isnan(float(scores[d])) and w > 0}
    total = sum(counted.values())
    rows = []
    for key, weight in result.weights.items():
        score = float(scores[key]) if key in scores.index else math.nan
        counted_here = _cell(result.indicator_counts, code, key)
        if key not in scores.index:
            note = "geen bruikbare cijfers in dit domein"
        elif math.isnan(score) and counted_here > 0:
            # Some figures, too few for a score: say how many, never a confident number.
            note = (
                f"{INSUFFICIENT_LABEL} ({int(counted_here)} indicator(en), minimaal "
                f"{result.min_indicators})"
            )
        elif math.isnan(score):
            note = MISSING_LABEL
        elif weight == 0:
            note = "gewicht 0: telt niet mee"
        else:
            note = ""
        rows.append(
            {
                "indicator": key,
                "label": domain_label(key),
                "domain": key,
                "unit": "score",
                "value": score,
                "reference_mean": 0.0,
                "z": score,
                "z_adjusted": score,
                "weight": counted[key] / total if key in counted and total > 0 else 0.0,
                "direction": "hoger_slechter",
                "opmerking": note,
            }
        )
    return pd.DataFrame(rows, columns=list(EXPLAIN_COLUMNS))
