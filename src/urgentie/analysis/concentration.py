"""Where do high values cluster? Local spatial statistics with honest significance.

Two complementary local statistics, both with conditional permutation p-values (esda):

- **LISA** (local Moran's I): is an area like its neighbours (hoog-hoog, laag-laag) or an
  outlier among them (hoog-laag, laag-hoog)?
- **Getis-Ord Gi\\*** (``G_Local(star=True)``): is the area *together with* its neighbours
  unusually high (hotspot) or low (coldspot)?

With one test per area, some areas look significant by chance; the p-values are therefore
corrected with the Benjamini-Hochberg false discovery rate (:func:`benjamini_hochberg`) before
an area gets a label. The global Moran's I says whether the whole map is clustered.

**What "high" means.** The statistics only know high and low. Pass values in which *high means
worse* — a direction-adjusted score (``ScoreResult.indicator_z[key]``, ``ScoreResult.domain[d]``
or ``ScoreResult.composite``) or a raw indicator turned round with :func:`orient` — and say so
with ``high_means_worse=True``; the plain-language legend then speaks of unfavourable values.

Neighbours are *queen* contiguity (sharing a border or a corner), found with a small snapping
tolerance (:data:`SNAP_METRES`) because CBS's generalised boundaries leave hairline gaps and
do not share vertices: on the 3,393 Dutch wijken of 2024, libpysal's vertex-based Queen finds
4.4 neighbours per wijk, geometric intersection 5.4 and a 5 m tolerance 5.6.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal import weights as lpw

from urgentie.analysis.randomness import seeded_global_rng
from urgentie.canonical import MISSING_LABEL
from urgentie.geometry import make_valid
from urgentie.indicators import BY_KEY

SNAP_METRES = 5.0
"""Areas whose boundaries come within this distance count as neighbours (hairline gaps)."""

MIN_AREAS = 8
"""Fewer areas with a value and a neighbour than this: no cluster analysis, but an explanation."""

RD_NEW = "EPSG:28992"
_RD_BOUNDS = (3.0, 50.6, 7.4, 53.8)  # lon/lat box of the Netherlands where RD New is valid

HH, LL, HL, LH = "hoog-hoog", "laag-laag", "hoog-laag", "laag-hoog"
NOT_SIGNIFICANT = "niet significant"
HOTSPOT, COLDSPOT = "hotspot", "coldspot"
ISLAND = "geen buren"
NOT_COMPUTED = "niet berekend"
MISSING = MISSING_LABEL

LISA_LABELS: tuple[str, ...] = (HH, LL, HL, LH, NOT_SIGNIFICANT)
GI_LABELS: tuple[str, ...] = (HOTSPOT, COLDSPOT, NOT_SIGNIFICANT)
_QUADRANT = {1: HH, 2: LH, 3: LL, 4: HL}  # esda's Moran_Local.q coding


@dataclass
class Concentration:
    """Local and global clustering of one layer; all Series indexed by area code."""

    lisa: pd.Series
    """:data:`LISA_LABELS`, or :data:`MISSING` (no value), :data:`ISLAND` (no neighbours),
    :data:`NOT_COMPUTED` (too few areas)."""
    lisa_p: pd.Series
    """Pseudo p-value of local Moran's I (conditional permutation); NaN where not computed."""
    gi_label: pd.Series
    """:data:`GI_LABELS` or the same special labels as ``lisa``."""
    gi_z: pd.Series
    """Standardised Gi* (positive = higher than the surroundings)."""
    gi_p: pd.Series
    """Pseudo p-value of Gi* (conditional permutation)."""
    significant_after_fdr: pd.DataFrame
    """Boolean columns ``lisa`` and ``gi``: significant after the Benjamini-Hochberg correction."""
    moran_i: float
    moran_p: float
    islands: list[str]
    """Areas with a value but without neighbours (or geometry); left out of the statistics."""
    alpha: float
    fdr_threshold: float
    """Largest LISA p-value that is still significant after BH (0 when none is)."""
    n: int
    """Number of areas in the statistics."""
    plain_legend: dict[str, str]
    """Plain Dutch explanation of every label that can occur."""
    gi_fdr_threshold: float = 0.0
    missing: list[str] = field(default_factory=list)
    """Areas without a value."""
    fdr: bool = True
    """Whether the labels use the FDR-corrected significance (else plain ``p <= alpha``)."""
    message: str = ""
    """Dutch explanation when the statistics were not (fully) computed; empty otherwise."""
    moran_expected: float = math.nan
    """Expected global Moran's I without clustering, -1/(n-1)."""

    @property
    def computed(self) -> bool:
        """False when there were too few areas or no variation: read :attr:`message`."""
        return not math.isnan(self.moran_i)


# --- neighbours ----------------------------------------------------------------------------------
def contiguity(
    areas: gpd.GeoDataFrame, *, snap_metres: float = SNAP_METRES
) -> tuple[lpw.W, list[str]]:
    """Queen contiguity between areas, keyed by area code, and the codes without neighbours.

    Geometries are repaired first (:func:`urgentie.geometry.make_valid`) and projected to metres
    (RD New in the Netherlands, else the local UTM zone) so the snapping tolerance is in metres;
    a frame without CRS is taken as already in metres. Areas without geometry are islands.
    """
    codes = areas["code"].astype(str).tolist()
    geoms = make_valid(areas.geometry)
    has_geom = (geoms.notna() & ~geoms.is_empty).to_numpy()
    frame = gpd.GeoDataFrame(
        {"code": [c for c, ok in zip(codes, has_geom, strict=True) if ok]},
        geometry=list(geoms[has_geom]),
        crs=areas.crs,
    )
    frame = _to_metres(frame).set_index("code")
    neighbours: dict[str, list[str]] = {c: [] for c in codes}
    if len(frame):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fuzzy = lpw.fuzzy_contiguity(
                frame,
                buffering=snap_metres > 0,
                buffer=snap_metres / 2 if snap_metres > 0 else None,
                predicate="intersects",
                silence_warnings=True,
            )
        for code, found in fuzzy.neighbors.items():
            neighbours[str(code)] = sorted({str(c) for c in found if str(c) != str(code)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = lpw.W(neighbours, id_order=codes, silence_warnings=True)
    islands = [c for c in codes if not neighbours[c]]
    return w, islands


def _to_metres(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None or not frame.crs.is_geographic or frame.empty:
        return frame
    minx, miny, maxx, maxy = frame.total_bounds
    lon0, lat0, lon1, lat1 = _RD_BOUNDS
    if minx >= lon0 and maxx <= lon1 and miny >= lat0 and maxy <= lat1:
        return frame.to_crs(RD_NEW)
    return frame.to_crs(frame.estimate_utm_crs())


# --- statistics ----------------------------------------------------------------------------------
def concentration(
    areas: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    permutations: int = 999,
    alpha: float = 0.05,
    seed: int = 12345,
    fdr: bool = True,
    high_means_worse: bool | None = None,
    w: lpw.W | None = None,
) -> Concentration:
    """LISA, Gi* and global Moran's I of ``values`` on the map of ``areas``.

    Parameters
    ----------
    areas
        Canonical table with ``code`` and geometry (one level).
    values
        One value per area, indexed by area code (like ``ScoreResult.composite``) or aligned
        with ``areas.index``. Pass values where high = worse (see the module docstring).
    permutations, seed
        Conditional permutations for the pseudo p-values; the seed makes results repeatable.
        With 999 permutations the smallest possible p-value is 0,001.
    alpha
        Significance level, applied after the Benjamini-Hochberg correction when ``fdr``.
    high_means_worse
        Only for the wording of :attr:`Concentration.plain_legend`.
    w
        Contiguity from :func:`contiguity` (keyed by code), to reuse it between layers.

    Returns
    -------
    Concentration
        Areas without a value are labelled :data:`MISSING` and left out; areas without
        neighbours :data:`ISLAND`. With fewer than :data:`MIN_AREAS` areas or no variation the
        labels say so and :attr:`Concentration.message` explains in Dutch.
    """
    codes = pd.Index(areas["code"].astype(str), name="code")
    y_all = _align(values, areas, codes)
    missing = codes[y_all.isna()].tolist()
    if w is None:
        w, _ = contiguity(areas)
    without = set(missing)
    with_value = [c for c in codes if c not in without]
    # Neighbours without a value do not count; an area whose neighbours all lack one is an island.
    sub = _subset(w, with_value)
    islands = [c for c in with_value if not sub.neighbors.get(c)]
    alone = set(islands)
    used = [c for c in with_value if c not in alone]

    legend = plain_legend(high_means_worse)
    base = _empty_result(
        codes, missing=missing, islands=islands, alpha=alpha, fdr=fdr, legend=legend
    )
    if len(used) < MIN_AREAS:
        base.message = (
            f"Te weinig gebieden om clusters te zoeken: {len(used)} gebieden met een cijfer en "
            f"minstens één buur, er zijn er minstens {MIN_AREAS} nodig."
        )
        base.lisa.loc[used] = NOT_COMPUTED
        base.gi_label.loc[used] = NOT_COMPUTED
        base.n = len(used)
        return base
    y = y_all.loc[used].to_numpy(dtype="float64")
    if np.allclose(y, y[0]):
        base.message = "Alle gebieden hebben hetzelfde cijfer: er is niets dat clustert."
        base.lisa.loc[used] = NOT_SIGNIFICANT
        base.gi_label.loc[used] = NOT_SIGNIFICANT
        base.lisa_p.loc[used] = 1.0
        base.gi_p.loc[used] = 1.0
        base.gi_z.loc[used] = 0.0
        base.n = len(used)
        base.significant_after_fdr.loc[used] = False
        return base

    w_used = _subset(w, used)
    lisa_q, lisa_p, gi_z, gi_p, moran_i, moran_p = _statistics(y, w_used, permutations, seed)

    lisa_threshold, lisa_sig = benjamini_hochberg(lisa_p, alpha)
    gi_threshold, gi_sig = benjamini_hochberg(gi_p, alpha)
    lisa_use = lisa_sig if fdr else lisa_p <= alpha
    gi_use = gi_sig if fdr else gi_p <= alpha

    lisa_labels = [
        _QUADRANT.get(int(q), NOT_SIGNIFICANT) if s else NOT_SIGNIFICANT
        for q, s in zip(lisa_q, lisa_use, strict=True)
    ]
    gi_labels = [
        (HOTSPOT if z > 0 else COLDSPOT) if s and z != 0 else NOT_SIGNIFICANT
        for z, s in zip(gi_z, gi_use, strict=True)
    ]
    base.lisa.loc[used] = lisa_labels
    base.lisa_p.loc[used] = lisa_p
    base.gi_label.loc[used] = gi_labels
    base.gi_z.loc[used] = gi_z
    base.gi_p.loc[used] = gi_p
    base.significant_after_fdr.loc[used, "lisa"] = lisa_sig
    base.significant_after_fdr.loc[used, "gi"] = gi_sig
    base.moran_i, base.moran_p = moran_i, moran_p
    base.moran_expected = -1.0 / (len(used) - 1)
    base.fdr_threshold, base.gi_fdr_threshold = lisa_threshold, gi_threshold
    base.n = len(used)
    return base


def _statistics(
    y: np.ndarray, w: lpw.W, permutations: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Run esda on one vector; returns LISA quadrants and p, Gi* z and p, global I and p."""
    from esda import G_Local, Moran, Moran_Local

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w.transform = "r"
        lisa = Moran_Local(y, w, transformation="r", permutations=permutations, seed=seed, n_jobs=1)
        # Gi* divides by the sum of the values, so shift them to be positive; its standardised
        # score is invariant under such a shift, and so are the permutation ranks.
        shifted = y - y.min() + 1.0
        w.transform = "b"
        gi = G_Local(
            shifted, w, transform="B", star=True, permutations=permutations, seed=seed, n_jobs=1
        )
        w.transform = "r"
        with seeded_global_rng(seed):
            moran = Moran(y, w, transformation="r", permutations=permutations)
    return (
        np.asarray(lisa.q),
        np.asarray(lisa.p_sim, dtype="float64"),
        np.asarray(gi.Zs, dtype="float64"),
        np.asarray(gi.p_sim, dtype="float64"),
        float(moran.I),
        float(moran.p_sim),
    )


def benjamini_hochberg(
    p_values: np.ndarray | pd.Series, alpha: float = 0.05
) -> tuple[float, np.ndarray]:
    """Benjamini-Hochberg false discovery rate over ``m`` tests.

    Sort the p-values, find the largest rank ``k`` with ``p_(k) <= k/m · alpha``; the ``k``
    smallest p-values are significant. Returns ``(threshold, significant)``: the largest
    significant p-value (0.0 when none is) and a boolean array in the input order. NaN p-values
    are no test and never significant. (``esda.fdr`` returns alpha/m instead of "none" when
    nothing passes and uses a strict inequality; this is the textbook procedure.)
    """
    p = np.asarray(p_values, dtype="float64")
    significant = np.zeros(p.shape, dtype=bool)
    valid = ~np.isnan(p)
    m = int(valid.sum())
    if m == 0:
        return 0.0, significant
    sorted_p = np.sort(p[valid])
    passes = sorted_p <= alpha * np.arange(1, m + 1) / m
    if not passes.any():
        return 0.0, significant
    threshold = float(sorted_p[np.nonzero(passes)[0].max()])
    significant[valid] = p[valid] <= threshold
    return threshold, significant


def plain_legend(high_means_worse: bool | None = None) -> dict[str, str]:
    """Plain Dutch explanation of each label, for a legend or a tooltip.

    With ``high_means_worse`` (the usual case: :func:`orient` turns indicators round) the text
    speaks of "veel zorg" and "weinig zorg"; False says "gunstig" for high values; None keeps it
    neutral (high and low values). No statistics in the words: they are in the method.
    """
    if high_means_worse is None:
        high, low = "hoge waarden", "lage waarden"
    elif high_means_worse:
        high, low = "veel zorg", "weinig zorg"
    else:
        high, low = "hoge (gunstige) waarden", "lage (ongunstige) waarden"
    return {
        HH: f"Hier liggen gebieden met {high} naast elkaar; dat is geen toeval.",
        LL: f"Hier liggen gebieden met {low} naast elkaar; dat is geen toeval.",
        HL: f"Een gebied met {high} tussen buren met {low}.",
        LH: f"Een gebied met {low} tussen buren met {high}.",
        HOTSPOT: f"Dit gebied en zijn buren hebben samen {high}; dat is geen toeval.",
        COLDSPOT: f"Dit gebied en zijn buren hebben samen {low}; dat is geen toeval.",
        NOT_SIGNIFICANT: "Geen duidelijk patroon: het verschil met de buren kan toeval zijn.",
        ISLAND: "Dit gebied heeft geen buren op de kaart en doet niet mee.",
        MISSING: "Voor dit gebied is geen cijfer bekend; het doet niet mee.",
        NOT_COMPUTED: "Te weinig gebieden om clusters te zoeken.",
    }


def orient(values: pd.Series, indicator_key: str) -> pd.Series:
    """Turn an indicator round where more is better, so that high = worse for the statistics.

    Neutral indicators are returned unchanged (high = more, without a judgement).
    """
    return values * -1.0 if BY_KEY[indicator_key].direction == "hoger_beter" else values


# --- helpers -------------------------------------------------------------------------------------
def _align(values: pd.Series, areas: pd.DataFrame, codes: pd.Index) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    index_as_text = pd.Index(numbers.index.astype(str))
    if index_as_text.isin(codes).any():
        numbers.index = index_as_text
        return numbers.reindex(codes)
    aligned = numbers.reindex(areas.index)
    aligned.index = codes
    return aligned


def _subset(w: lpw.W, ids: list[str]) -> lpw.W:
    keep = set(ids)
    neighbours = {i: [j for j in w.neighbors.get(i, []) if j in keep] for i in ids}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lpw.W(neighbours, id_order=list(ids), silence_warnings=True)


def _empty_result(
    codes: pd.Index,
    *,
    missing: list[str],
    islands: list[str],
    alpha: float,
    fdr: bool,
    legend: dict[str, str],
) -> Concentration:
    lisa = pd.Series(NOT_SIGNIFICANT, index=codes, dtype="object", name="lisa")
    lisa.loc[missing] = MISSING
    lisa.loc[islands] = ISLAND
    gi_label = lisa.rename("gi")
    nan = pd.Series(np.nan, index=codes, dtype="float64")
    flags = pd.DataFrame({"lisa": False, "gi": False}, index=codes)
    return Concentration(
        lisa=lisa,
        lisa_p=nan.rename("lisa_p"),
        gi_label=gi_label.copy(),
        gi_z=nan.rename("gi_z"),
        gi_p=nan.rename("gi_p"),
        significant_after_fdr=flags,
        moran_i=math.nan,
        moran_p=math.nan,
        islands=list(islands),
        alpha=alpha,
        fdr_threshold=0.0,
        n=0,
        plain_legend=legend,
        missing=list(missing),
        fdr=fdr,
    )
