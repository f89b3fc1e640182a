"""What colours the map: values, Dutch formatting, classes, concentration layer, data table."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from synthetic import grid_frame

from urgentie import choropleth
from urgentie.choropleth import (
    ClassedValues,
    Measure,
    class_colours,
    concentration_by_code,
    concentration_layer,
    sequential_palette,
)
from urgentie.mapdata import encode_shapes


@pytest.mark.parametrize(
    ("value", "measure", "expected"),
    [
        (12.345, Measure("indicator", "pct_hh_laag_inkomen"), "12,3 %"),
        (1234567.0, Measure("indicator", "inwoners"), "1.234.567"),
        (412.0, Measure("indicator", "woz_waarde"), "€ 412.000"),
        (2.26, Measure("indicator", "afstand_huisarts"), "2,3 km"),
        (0.5, Measure("urgentie"), "+0,50"),
        (-1.234, Measure("domein", "wonen"), "-1,23"),
        (1.0, Measure("stapeling"), "1 domein"),
        (3.0, Measure("stapeling"), "3 domeinen"),
        (float("nan"), Measure("indicator", "inwoners"), "geheim of onbekend"),
        (None, Measure("urgentie"), "geheim of onbekend"),
    ],
)
def test_a_measure_formats_its_values(value, measure, expected):
    assert measure.format(value) == expected


@pytest.mark.parametrize(
    ("measure", "title"),
    [
        (Measure("indicator", "pct_opleiding_laag"), "Laag opgeleid (%)"),
        (Measure("indicator", "inwoners"), "Aantal inwoners"),
        # Plain numbers first: a score's classes hold places, its z-score is in the uitleg.
        (Measure("urgentie"), "Urgentie (samengesteld): plaats (1 = meeste zorg)"),
        (Measure("domein", "wonen"), "Domeinscore wonen: plaats (1 = meeste zorg)"),
    ],
)
def test_titles_carry_the_unit(measure, title):
    assert measure.title == title


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 9])
def test_palette_runs_from_light_to_dark(n):
    palette = sequential_palette(n)
    assert len(palette) == n == len(set(palette))
    lums = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in palette]
    assert lums == sorted(lums, reverse=True)


def test_better_is_high_reverses_the_palette():
    assert class_colours(5, -1) == class_colours(5, +1)[::-1]


def _scores(codes: list[str]) -> SimpleNamespace:
    rng = np.random.default_rng(3)
    domain = pd.DataFrame({"wonen": rng.normal(size=len(codes))}, index=codes)
    return SimpleNamespace(
        domain=domain,
        composite=pd.Series(rng.normal(size=len(codes)), index=codes),
        stapeling=pd.Series(rng.integers(0, 6, size=len(codes)), index=codes),
    )


@pytest.mark.parametrize("kind", ["urgentie", "domein", "stapeling"])
def test_measure_values_follow_the_area_order(kind):
    areas = grid_frame()
    codes = areas["code"].tolist()
    scores = _scores(codes[::-1])  # scores come in another order
    measure = Measure(kind, "wonen" if kind == "domein" else "")
    values = choropleth.measure_values(measure, areas, scores)
    assert list(values.index) == codes
    source = {
        "urgentie": scores.composite,
        "domein": scores.domain["wonen"],
        "stapeling": scores.stapeling,
    }[kind]
    assert values[codes[0]] == pytest.approx(source[codes[0]])


def test_measure_values_without_scores_are_missing_not_zero():
    values = choropleth.measure_values(Measure("urgentie"), grid_frame(), None)
    assert values.isna().all()


def test_stapeling_gets_one_class_per_count():
    values = pd.Series([0, 1, 2, 5, np.nan], index=list("abcde"), dtype=float)
    classed = choropleth.classify_values(values, Measure("stapeling"))
    assert classed.class_of == {"a": 0, "b": 1, "c": 2, "d": 4, "e": -1}
    assert classed.labels[-1] == "4+ domeinen"
    assert classed.counts == (1, 1, 1, 0, 1)


def test_value_layer_counts_only_drawn_areas_and_reads_worst_first():
    areas = grid_frame()
    buurten = areas[areas["niveau"] == "buurt"].reset_index(drop=True)
    values = pd.Series(np.arange(len(buurten), dtype=float), index=buurten["code"])
    classed = ClassedValues(
        {c: int(v) * 3 // len(values) for c, v in values.items()},
        ("laag", "midden", "hoog"),
        (3, 3, 3),
        tuple(class_colours(3, 1)),
        "equal_interval",
    )
    shapes = encode_shapes(buurten).subset(list(buurten["code"][:4]))
    layer = choropleth.value_layer(shapes, buurten, values, Measure("urgentie"), classed)
    assert layer.count == 4
    # A score's classes are named by the places of their areas (9 buurten, 8 = the highest).
    assert [e.label for e in layer.entries] == ["plaats 1–3", "plaats 4–6", "plaats 7–9"]
    tips = {f["c"]: f["v"] for f in json.loads(layer.features)}
    assert tips[buurten["code"][0]] == "plaats 9 van 9"
    assert not any("," in v for v in tips.values())  # no z-score in the tooltip
    # Counted on this map: the 4 drawn areas (values 0..3 of 9 -> classes 0, 0, 0, 1).
    assert [e.count for e in layer.entries] == [0, 1, 3]
    assert {f["c"] for f in json.loads(layer.features)} == set(buurten["code"][:4])


def _concentration(codes: list[str]) -> SimpleNamespace:
    labels = ["hoog-hoog", "hoog-hoog", "laag-laag", "geen buren", "hoog-laag"]
    labels += ["niet significant"] * (len(codes) - len(labels))
    lisa = pd.Series(labels, index=codes, dtype=object)
    lisa.iloc[-1] = np.nan  # an area without a value has no label
    gi = pd.Series(["hotspot"] * 2 + ["niet significant"] * (len(codes) - 2), index=codes)
    return SimpleNamespace(
        lisa=lisa,
        gi_label=gi,
        moran_i=0.42,
        islands=[codes[3]],
        plain_legend={"hoog-hoog": "Hier clusteren hoge waarden."},
        message="",
    )


def test_concentration_by_code_follows_the_given_codes():
    from urgentie.analysis.concentration import concentration

    areas = grid_frame()
    buurten = areas[areas["niveau"] == "buurt"].reset_index(drop=True)
    codes = buurten["code"].tolist()
    values = pd.Series(np.linspace(0, 1, len(codes)), index=codes)
    result = concentration(buurten.set_axis(pd.Index(codes)), values)
    wanted = [*reversed(codes[1:]), "BU99989999"]  # another order and a code the result lacks
    view = concentration_by_code(result, wanted)
    assert list(view.lisa.index) == wanted == list(view.gi_label.index)
    assert view.lisa[codes[2]] == result.lisa[codes[2]]
    assert pd.isna(view.lisa["BU99989999"])
    assert view.moran_i == result.moran_i
    assert view.plain_legend == result.plain_legend


def test_concentration_layer_legend_and_missing():
    areas = grid_frame()
    buurten = areas[areas["niveau"] == "buurt"].reset_index(drop=True)
    codes = buurten["code"].tolist()
    values = pd.Series(np.linspace(0, 1, len(codes)), index=codes)
    view = concentration_by_code(_concentration(codes), codes)
    layer = concentration_layer(
        encode_shapes(buurten), buurten, values, Measure("urgentie"), view, kind="lisa"
    )
    entries = {e.label: e for e in layer.entries}
    assert entries["Hoog, buren ook hoog"].count == 2
    assert entries["Hoog, buren ook hoog"].note == "Hier clusteren hoge waarden."
    assert entries["geheim of onbekend"].hatched and entries["geheim of onbekend"].count == 1
    # An island has a known figure: its own grey and legend line, not the "unknown" hatch.
    assert entries["Geen buren"].count == 1 and not entries["Geen buren"].hatched
    island = {f["c"]: f for f in json.loads(layer.features)}[codes[3]]
    assert layer.colours[island["k"]] == choropleth.UNTESTED_COLOURS["geen buren"]
    # Plain Dutch on the map: no statistics jargon (that is in the method).
    notes = " ".join(layer.notes)
    assert "geen toeval" in notes and "Over de hele kaart" in notes
    for jargon in ("permutatie", "false discovery", "Moran", "p-waarde", "LISA", "Gi*"):
        assert jargon not in notes and jargon not in layer.title
    features = {f["c"]: f for f in json.loads(layer.features)}
    assert layer.colours[features[codes[0]]["k"]] == choropleth.LISA_COLOURS["hoog-hoog"]
    assert features[codes[-1]]["k"] == -1


@pytest.mark.parametrize(
    ("indicator", "first_is"), [("pct_hh_laag_inkomen", "max"), ("arbeidsparticipatie", "min")]
)
def test_area_table_lists_worst_first(indicator, first_is):
    areas = grid_frame()
    buurten = areas[areas["niveau"] == "buurt"].reset_index(drop=True)
    measure = Measure("indicator", indicator)
    values = pd.Series(buurten[indicator].to_numpy(), index=buurten["code"])
    values.iloc[0] = np.nan
    table = choropleth.area_table(buurten, values, measure, None, None)
    assert list(table.columns) == ["Gebied", "Code", measure.title]
    expected = values.idxmax() if first_is == "max" else values.idxmin()
    assert table["Code"].iloc[0] == expected
    assert math.isnan(table[measure.title].iloc[-1])  # missing last, and still missing
