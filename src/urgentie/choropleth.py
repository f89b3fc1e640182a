"""What colours the map: a measure per area, its classes and colours, and the legend.

A *measure* is one indicator, a domain score, the composite urgency or the *stapeling* (number of
domains in the worst fifth). It is shown either as classes (``waarden``) or as its spatial
concentration (``lisa`` or ``gi``). This module turns areas + scores into a
:class:`~urgentie.mapdata.MapLayer`; it knows colours and Dutch wording, not Streamlit.

Colours: ColorBrewer's sequential *YlOrRd* (colour-blind safe), and **worse is always darker**:
for an indicator where a higher value is better (income, labour participation) the palette runs
the other way, so a glance at the map never needs the direction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from urgentie import numbers
from urgentie.analysis.reference import CATEGORY_LABELS as CATEGORY_NAMES
from urgentie.analysis.reference import category_label, is_categorical
from urgentie.analysis.scores import INSUFFICIENT_LABEL as INSUFFICIENT
from urgentie.canonical import MISSING_LABEL
from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.indicators import BY_KEY, INDICATORS, Indicator
from urgentie.mapdata import LegendEntry, MapLayer, Shapes, area_names, features_json

if TYPE_CHECKING:  # the analysis pulls in libpysal; the map only needs its type here
    from urgentie.analysis.concentration import Concentration

MeasureKind = Literal["indicator", "domein", "urgentie", "stapeling"]
LayerKind = Literal["waarden", "lisa", "gi"]

MEASURE_KINDS: dict[str, str] = {
    "urgentie": "Urgentie (samengesteld)",
    "domein": "Domeinscore",
    "indicator": "Eén indicator",
    "stapeling": "Stapeling van opgaven",
}
LAYER_KINDS: dict[str, str] = {
    "waarden": "Waarden in klassen",
    "lisa": "Buren: lijkt een gebied op zijn buren?",
    "gi": "Brandpunten: veel zorg bij elkaar",
}
PALETTE = "YlOrRd"

LISA_COLOURS: dict[str, str] = {
    "hoog-hoog": "#b2182b",
    "hoog-laag": "#ef8a62",
    "laag-hoog": "#67a9cf",
    "laag-laag": "#2166ac",
    "niet significant": "#ffffff",
}
GI_COLOURS: dict[str, str] = {
    "hotspot": "#b2182b",
    "coldspot": "#2166ac",
    "niet significant": "#ffffff",
}
UNTESTED_COLOURS: dict[str, str] = {
    "geen buren": "#d9d9d9",
    "niet berekend": "#eeeeee",
}
"""Areas with a value that the statistics could not use: no neighbours, or too few areas. They
get their own grey, never the hatch of "geheim of onbekend" (their figure is known)."""
CATEGORY_LABELS: dict[str, str] = {
    "hoog-hoog": "Hoog, buren ook hoog",
    "hoog-laag": "Hoog, buren laag",
    "laag-hoog": "Laag, buren hoog",
    "laag-laag": "Laag, buren ook laag",
    "hotspot": "Brandpunt: veel bij elkaar",
    "coldspot": "Weinig bij elkaar",
    "niet significant": "Geen duidelijk patroon",
    "geen buren": "Geen buren",
    "niet berekend": "Niet berekend",
}


@dataclass(frozen=True)
class ConcentrationView:
    """The parts of an analysis ``Concentration`` the map shows, indexed by area code."""

    lisa: pd.Series
    gi_label: pd.Series
    moran_i: float
    islands: tuple[str, ...]
    plain_legend: Mapping[str, str]
    message: str = ""
    """Dutch explanation when nothing could be computed (too few areas, all values equal)."""


def concentration_by_code(result: Concentration, codes: list[str]) -> ConcentrationView:
    """The parts of an analysis :class:`~urgentie.analysis.concentration.Concentration` (indexed
    by area code) the map shows, in the order of ``codes``."""
    return ConcentrationView(
        lisa=result.lisa.reindex(codes),
        gi_label=result.gi_label.reindex(codes),
        moran_i=float(result.moran_i),
        islands=tuple(str(code) for code in result.islands),
        plain_legend=dict(result.plain_legend),
        message=result.message,
    )


@dataclass(frozen=True)
class Measure:
    """What colours the map. ``key`` is the indicator or domain key (empty otherwise)."""

    kind: MeasureKind
    key: str = ""

    @property
    def indicator(self) -> Indicator | None:
        return BY_KEY.get(self.key) if self.kind == "indicator" else None

    @property
    def label(self) -> str:
        if self.kind == "indicator":
            return BY_KEY[self.key].label
        if self.kind == "domein":
            return f"Domeinscore {domain_label(self.key).lower()}"
        if self.kind == "stapeling":
            return "Stapeling: domeinen in de slechtste 20 %"
        return "Urgentie (samengesteld)"

    @property
    def unit(self) -> str:
        if self.kind == "indicator":
            return BY_KEY[self.key].unit
        if self.kind == "stapeling":
            return "domeinen"
        return "z-score"

    @property
    def decimals(self) -> int:
        if self.kind == "indicator":
            return BY_KEY[self.key].decimals
        return 0 if self.kind == "stapeling" else 2

    @property
    def direction(self) -> str:
        """``hoger_slechter``, ``hoger_beter`` or ``neutraal`` (scores: higher is worse)."""
        indicator = self.indicator
        return indicator.direction if indicator is not None else "hoger_slechter"

    @property
    def is_score(self) -> bool:
        """A z-score measure (composite or domain): shown as a place, its score only in the
        uitleg."""
        return self.kind in {"urgentie", "domein"}

    @property
    def title(self) -> str:
        """Legend and table title: label with unit ("Laag opgeleid (%)"); a score measure says
        what its classes hold (places, 1 = the most concern), not "z-score"."""
        if self.is_score:
            return f"{self.label}: plaats (1 = meeste zorg)"
        if not self.unit or self.unit == "aantal":
            return self.label
        if self.label.endswith(")"):
            return f"{self.label}, {self.unit}"
        return f"{self.label} ({self.unit})"

    def worse_sign(self) -> int:
        """+1 when higher is worse (also for neutral: darker means higher), -1 when better."""
        return -1 if self.direction == "hoger_beter" else 1

    def format(self, value: object) -> str:
        """A value of this measure in Dutch with its unit ("12,5 %", "+0,50", "2 domeinen");
        a category in words ("1 – zeer sterk stedelijk"); "geheim of onbekend" when missing."""
        if self.kind == "indicator" and is_categorical(self.key):
            return category_label(self.key, value) or MISSING_LABEL
        return numbers.format_value(value, self.unit, self.decimals)


def indicator_choices(areas: pd.DataFrame) -> list[Indicator]:
    """Indicators with at least one value in ``areas``, in catalogue order (grouped by domain)."""
    order = {d: i for i, d in enumerate((*DOMAIN_KEYS, "context"))}
    present = [i for i in INDICATORS if i.key in areas and areas[i.key].notna().any()]
    return sorted(present, key=lambda i: order.get(i.domain, 99))


def measure_values(measure: Measure, areas: pd.DataFrame, scores: object | None) -> pd.Series:
    """The measure per area code (NaN where unknown). ``scores`` is an analysis ScoreResult."""
    codes = pd.Index(areas["code"].astype(str))
    if measure.kind == "indicator":
        return pd.Series(areas[measure.key].to_numpy(dtype=float), index=codes)
    if scores is None:
        return pd.Series(np.nan, index=codes)
    if measure.kind == "domein":
        table = scores.domain  # type: ignore[attr-defined]
        series = table[measure.key] if measure.key in table else pd.Series(dtype=float)
    elif measure.kind == "stapeling":
        series = scores.stapeling  # type: ignore[attr-defined]
    else:
        series = scores.composite  # type: ignore[attr-defined]
    return pd.Series(series, dtype=float).reindex(codes)


INSUFFICIENT_CLASS = -2
"""Feature class of an area whose score rests on too few figures (own style on the map)."""


def insufficient_codes(measure: Measure, scores: object | None) -> frozenset[str]:
    """Areas whose score for ``measure`` is withheld because it rests on too few figures."""
    if scores is None:
        return frozenset()
    if measure.kind == "urgentie":
        flags = scores.insufficient_composite()  # type: ignore[attr-defined]
    elif measure.kind == "domein":
        flags = scores.insufficient_domain(measure.key)  # type: ignore[attr-defined]
    else:
        return frozenset()
    return frozenset(str(c) for c in flags[flags].index)


def sequential_palette(n: int) -> list[str]:
    """``n`` colours from light to dark (ColorBrewer YlOrRd; colour-blind safe)."""
    if n <= 0:
        return []
    if n >= 3:
        return color_brewer(PALETTE, min(n, 9))[:n] if n <= 9 else color_brewer(PALETTE, n)
    base = color_brewer(PALETTE, 5)
    return [base[2]] if n == 1 else [base[1], base[4]]


@dataclass(frozen=True)
class ClassedValues:
    """Classes of one measure: class per code (-1 missing), labels, counts, colour per class."""

    class_of: dict[str, int]
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    colours: tuple[str, ...]
    method: str


def class_colours(n_classes: int, worse_sign: int) -> list[str]:
    """Colour per class index (classes ascend in value); darker = worse whatever the direction."""
    palette = sequential_palette(n_classes)
    return palette if worse_sign >= 0 else palette[::-1]


def classify_values(
    values: pd.Series, measure: Measure, *, method: str = "quantiles", k: int = 5
) -> ClassedValues:
    """Put the values in classes (``urgentie.analysis.classify``) and colour them.

    Stapeling is a small count: every count is its own class (``4+`` at the top), whatever
    the chosen method, because "2 domeinen" reads better than a class boundary of 1,6.
    """
    values = pd.Series(values, dtype=float)
    if measure.kind == "stapeling":
        return _count_classes(values)
    if measure.indicator is not None and is_categorical(measure.key):
        return _category_classes(values, measure.key)
    from urgentie.analysis import classify

    classes = classify.classify(
        values, method, k=k, unit=_class_unit(measure), decimals=measure.decimals
    )
    # Classes.class_of has the index of ``values`` and -1 for a missing value.
    class_of = {str(code): int(c) for code, c in classes.class_of.items()}
    n = len(classes.labels)
    return ClassedValues(
        class_of,
        tuple(str(label) for label in classes.labels),
        tuple(int(c) for c in classes.counts),
        tuple(class_colours(n, measure.worse_sign())),
        method,
    )


def _class_unit(measure: Measure) -> str:
    return "" if measure.unit in {"z-score", "aantal"} else measure.unit


def _category_classes(values: pd.Series, key: str) -> ClassedValues:
    """One class per CBS category (stedelijkheid 1–5), labelled in words, whatever the method:
    a code is a class, not an amount to cut into quantiles."""
    labels = CATEGORY_NAMES[key]
    codes = sorted(labels)
    index = {c: i for i, c in enumerate(codes)}
    class_of = {str(c): (-1 if pd.isna(v) else index.get(int(v), -1)) for c, v in values.items()}
    counts = tuple(sum(1 for k in class_of.values() if k == i) for i in range(len(codes)))
    return ClassedValues(
        class_of,
        tuple(labels[c] for c in codes),
        counts,
        tuple(sequential_palette(len(codes))[::-1]),
        "categorie",
    )


def _count_classes(values: pd.Series, top: int = 4) -> ClassedValues:
    capped = values.clip(upper=top)
    class_of = {str(c): (-1 if pd.isna(v) else int(v)) for c, v in capped.items()}
    labels = tuple(
        f"{n}+ domeinen" if n == top else f"{n} {'domein' if n == 1 else 'domeinen'}"
        for n in range(top + 1)
    )
    counts = tuple(int((capped == n).sum()) for n in range(top + 1))
    return ClassedValues(class_of, labels, counts, tuple(sequential_palette(top + 1)), "aantal")


SCORE_COLUMN = "Score (z, zie uitleg)"
"""The z-score beside a place in the area table: for the analyst, not the headline."""
URGENCY_PLACE_COLUMN = "Urgentie samengesteld: plaats (1 = meeste zorg)"


def places(values: pd.Series) -> pd.Series:
    """Place of each area (1 = the highest score, the most concern; ties share the better
    place), NaN where the score is unknown."""
    return pd.Series(values, dtype=float).rank(ascending=False, method="min")


def place_texts(values: pd.Series) -> dict[str, str]:
    """ "plaats 3 van 10" per area code; "geheim of onbekend" without a score."""
    ranked = places(values)
    of = int(ranked.notna().sum())
    return {
        str(code): MISSING_LABEL if pd.isna(r) else f"plaats {int(r)} van {of}"
        for code, r in ranked.items()
    }


def _classes_as_places(classed: ClassedValues, values: pd.Series) -> ClassedValues:
    """The same classes, labelled by the places of their members ("plaats 1–2") instead of
    score boundaries: a label that a reader can check against the tooltip."""
    ranked = places(values)
    labels = []
    for i, label in enumerate(classed.labels):
        members = [ranked.get(c) for c, k in classed.class_of.items() if k == i]
        members = [int(r) for r in members if r is not None and not pd.isna(r)]
        if not members:
            labels.append(label)
        elif min(members) == max(members):
            labels.append(f"plaats {min(members)}")
        else:
            labels.append(f"plaats {min(members)}–{max(members)}")
    return ClassedValues(
        classed.class_of, tuple(labels), classed.counts, classed.colours, classed.method
    )


def value_layer(
    shapes: Shapes,
    areas: pd.DataFrame,
    values: pd.Series,
    measure: Measure,
    classed: ClassedValues,
    *,
    method_label: str = "",
    demo: bool = False,
    insufficient: frozenset[str] = frozenset(),
    coverage: str = "",
) -> MapLayer:
    """The map layer for a measure shown in classes, with a legend that reads worst first.

    ``insufficient`` are the areas whose score is withheld because it rests on too few figures:
    they get their own style and legend line (*onvoldoende cijfers*), never a class or the
    missing hatch. ``coverage`` ("6 van 9 domeinen, cijfers 2022–2024") joins the title.
    """
    names = area_names(areas)
    if measure.is_score:
        # Plain numbers first: a place among the areas, not a z-score (that is in the uitleg).
        # Withheld scores are NaN, so they take no place.
        display = place_texts(values)
        classed = _classes_as_places(classed, values)
    else:
        display = {str(code): measure.format(v) for code, v in values.items()}
    display.update({str(code): INSUFFICIENT for code in insufficient})
    drawn = [c for c in shapes.encoded if c in display or c in names]
    shapes = shapes.subset(drawn) if len(drawn) != len(shapes.encoded) else shapes
    class_of = {
        **classed.class_of,
        **{c: INSUFFICIENT_CLASS for c in insufficient if classed.class_of.get(c, -1) < 0},
    }
    # Counts are of the areas on this map (a drill-down shows some of the classified areas).
    drawn_classes = [class_of.get(c, -1) for c in shapes.encoded]
    missing = sum(1 for k in drawn_classes if k == -1)
    weak = drawn_classes.count(INSUFFICIENT_CLASS)
    order = range(len(classed.labels))
    # Worst first: the darkest swatch sits on top of the legend for every direction.
    ordered = reversed(order) if measure.worse_sign() >= 0 else order
    entries = [
        LegendEntry(classed.labels[i], classed.colours[i], drawn_classes.count(i)) for i in ordered
    ]
    if weak:
        entries.append(
            LegendEntry(
                INSUFFICIENT,
                "",
                weak,
                note="Te weinig cijfers voor een betrouwbare score.",
                insufficient=True,
            )
        )
    if missing:
        entries.append(LegendEntry(MISSING_LABEL, "", missing, hatched=True))
    notes = [_direction_note(measure)]
    if method_label:
        notes.insert(0, f"Indeling: {method_label}")
    return MapLayer(
        features=features_json(shapes, names, display, class_of),
        colours=classed.colours,
        title=f"{measure.title} · {coverage}" if coverage else measure.title,
        entries=tuple(entries),
        notes=tuple(notes),
        bounds=shapes.bounds,
        count=len(shapes.encoded),
        demo=demo,
    )


def concentration_layer(
    shapes: Shapes,
    areas: pd.DataFrame,
    values: pd.Series,
    measure: Measure,
    result: ConcentrationView,
    *,
    kind: LayerKind,
    demo: bool = False,
) -> MapLayer:
    """The map layer for LISA clusters or Gi* hot spots of a measure.

    ``result`` holds labels per code (missing where the measure is unknown); the legend uses
    its plain-language sentences.
    """
    names = _names(areas)
    labels = (result.lisa if kind == "lisa" else result.gi_label).reindex(values.index)
    colours = {**(LISA_COLOURS if kind == "lisa" else GI_COLOURS), **UNTESTED_COLOURS}
    categories = list(colours)
    index = {label: i for i, label in enumerate(categories)}
    class_of = {str(c): index.get(str(v), -1) if not pd.isna(v) else -1 for c, v in labels.items()}
    display = {
        str(code): _concentration_text(values.get(code), labels.get(code), measure)
        for code in values.index
    }
    plain = result.plain_legend
    counts = labels.value_counts()
    entries = [
        LegendEntry(
            CATEGORY_LABELS.get(cat, cat), colours[cat], int(counts.get(cat, 0)), plain.get(cat, "")
        )
        for cat in categories
        if counts.get(cat, 0) or (cat == "niet significant" and not result.message)
    ]
    missing = sum(1 for c in shapes.encoded if class_of.get(c, -1) < 0)
    if missing:
        entries.append(LegendEntry(MISSING_LABEL, "", missing, hatched=True))
    # Plain Dutch on the map; the statistics (permutations, false discovery rate, Moran's I)
    # are in docs/methode.md and in the uitleg on the page.
    notes = [
        "Een patroon staat er alleen als het vrijwel zeker geen toeval is. Buren: gebieden met "
        "een gedeelde grens."
    ]
    moran = result.moran_i
    if not pd.isna(moran):
        notes.append(f"Over de hele kaart: {_moran_words(moran)}.")
    if result.message:
        notes.insert(0, result.message)
    title = ("Buren" if kind == "lisa" else "Brandpunten") + f" van {measure.label.lower()}"
    return MapLayer(
        features=features_json(shapes, names, display, class_of),
        colours=tuple(colours[c] for c in categories),
        title=title,
        entries=tuple(entries),
        notes=tuple(notes),
        bounds=shapes.bounds,
        count=len(shapes.encoded),
        demo=demo,
        extra={"message": result.message} if result.message else {},
    )


_names = area_names  # concentration_layer's name for it (that function is reworked on main)


def _concentration_text(value: object, label: object, measure: Measure) -> str:
    shown = measure.format(value)
    if label is None or pd.isna(label):
        return shown
    return f"{shown} — {CATEGORY_LABELS.get(str(label), str(label)).lower()}"


def _moran_words(moran: float) -> str:
    if moran > 0.3:
        return "gelijke waarden liggen duidelijk bij elkaar"
    if moran > 0.1:
        return "gelijke waarden liggen wat bij elkaar"
    if moran < -0.1:
        return "hoge en lage waarden wisselen elkaar af"
    return "geen duidelijk ruimtelijk patroon"


def _direction_note(measure: Measure) -> str:
    if measure.kind == "indicator" and is_categorical(measure.key):
        return "Donkerder = stedelijker (een categorie, geen oordeel)."
    if measure.direction == "neutraal":
        return "Donkerder = hoger (geen oordeel over goed of slecht)."
    if measure.direction == "hoger_beter":
        return "Donkerder = meer zorg (hier is een lagere waarde slechter)."
    return "Donkerder = meer zorg."


def area_table(
    areas: pd.DataFrame,
    values: pd.Series,
    measure: Measure,
    classed: ClassedValues | None = None,
    scores: object | None = None,
    *,
    pattern: pd.Series | None = None,
    insufficient: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """The data table that can replace the map (and is exported): one row per area.

    Columns: Gebied, Code, the measure (number, NaN when unknown), Klasse (label or
    "geheim of onbekend") or Patroon (the concentration category), and when scores exist the
    composite urgency and the stapeling.
    """
    frame = pd.DataFrame(
        {
            "Gebied": areas["naam"].astype(str).to_numpy(),
            "Code": areas["code"].astype(str).to_numpy(),
        }
    )
    shown = values.reindex(frame["Code"])
    if measure.is_score:
        # The column holds what its name says: the place; the score itself sits beside it for
        # the analyst (the uitleg), never as the headline.
        frame[measure.title] = places(values).reindex(frame["Code"]).to_numpy(dtype=float)
        frame[SCORE_COLUMN] = shown.to_numpy(dtype=float)
    else:
        frame[measure.title] = shown.to_numpy(dtype=float)
    peiljaar = f"{measure.key}_peiljaar"
    if measure.kind == "indicator" and peiljaar in areas.columns:
        # The year each figure describes: a view may take older figures where a year lacks them.
        frame["Peiljaar"] = pd.array(areas[peiljaar].to_numpy(), dtype="Int64")
    changed = "gebiedsindeling_gewijzigd"
    if changed in areas.columns and areas[changed].fillna(False).astype(bool).any():
        # Code or boundary differs from an earlier year: the series breaks here.
        flags = areas[changed].fillna(False).astype(bool).to_numpy()
        frame["Gebiedsindeling"] = ["gewijzigd" if f else "" for f in flags]
    if classed is not None:
        frame["Klasse"] = [
            classed.labels[k]
            if k >= 0
            else (INSUFFICIENT if code in insufficient else MISSING_LABEL)
            for code, k in ((c, classed.class_of.get(c, -1)) for c in frame["Code"])
        ]
    if pattern is not None:
        labels = pattern.reindex(frame["Code"])
        frame["Patroon"] = [
            MISSING_LABEL if pd.isna(v) else CATEGORY_LABELS.get(str(v), str(v)) for v in labels
        ]
    if scores is not None and measure.kind != "urgentie":
        composite = pd.Series(scores.composite, dtype=float)  # type: ignore[attr-defined]
        frame[URGENCY_PLACE_COLUMN] = places(composite).reindex(frame["Code"]).to_numpy()
    if scores is not None and measure.kind != "stapeling":
        stapeling = pd.Series(scores.stapeling)  # type: ignore[attr-defined]
        frame["Stapeling (domeinen)"] = stapeling.reindex(frame["Code"]).to_numpy()
    ascending = measure.worse_sign() < 0 or measure.is_score  # place 1 first
    return frame.sort_values(measure.title, ascending=ascending, na_position="last").reset_index(
        drop=True
    )


LOCATOR_COLOURS: tuple[str, ...] = ("#1f4e79", "#dde4ec")
"""Chosen area dark blue, the others light grey-blue: orientation only, no judgement."""


def locator_layer(
    shapes: Shapes, areas: pd.DataFrame, selected: str, *, demo: bool = False
) -> MapLayer:
    """A neutral map that only shows where the chosen area lies among its neighbours.

    The resident page uses it: no colours by figures, so the map never ranks or labels a wijk.
    """
    names = area_names(areas)
    classes = {code: (0 if code == selected else 1) for code in shapes.encoded}
    entries = (
        LegendEntry(names.get(selected, selected), LOCATOR_COLOURS[0]),
        LegendEntry("Andere wijken", LOCATOR_COLOURS[1]),
    )
    return MapLayer(
        features=features_json(shapes, names, {}, classes),
        colours=LOCATOR_COLOURS,
        title="Waar ligt de wijk?",
        entries=entries,
        bounds=shapes.bounds,
        count=len(shapes.encoded),
        demo=demo,
    )
