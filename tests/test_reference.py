"""One reference value: the gemeente's own CBS figure, else the CBS-defined aggregate, labelled."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from urgentie.analysis.reference import (
    category_label,
    gemeente_references,
    is_categorical,
    reference_value,
)

WIJKEN = pd.DataFrame(
    {
        "code": ["WK999901", "WK999902", "WK999903"],
        "niveau": "wijk",
        "gemeente_code": "GM9999",
        "inwoners": [100.0, 300.0, 600.0],
        "huishoudens": [50.0, 200.0, 250.0],
        "pct_hh_laag_inkomen": [10.0, 20.0, 40.0],
        "inkomen_per_inwoner": [30.0, 25.0, 20.0],
        "vermogen_mediaan": [10.0, 20.0, 60.0],
        "stedelijkheid": [1.0, 1.0, 3.0],
        "misdrijven_per_1000": [50.0, 40.0, 30.0],
    }
)

# (indicator, expected value, expected label) without a gemeente row
CASES = [
    ("inwoners", 1000.0, "som van de wijken"),
    ("huishoudens", 500.0, "som van de wijken"),
    # share of households: (10·50 + 20·200 + 40·250) / 500 = 29
    ("pct_hh_laag_inkomen", 29.0, "gemiddelde van de wijken, gewogen naar huishoudens"),
    # average per person: (30·100 + 25·300 + 20·600) / 1000 = 22.5
    ("inkomen_per_inwoner", 22.5, "gemiddelde van de wijken, gewogen naar inwoners"),
    # rate per 1 000: (50·100 + 40·300 + 30·600) / 1000 = 35
    ("misdrijven_per_1000", 35.0, "gemiddelde van de wijken, gewogen naar inwoners"),
    ("vermogen_mediaan", 30.0, "gemiddelde van de wijken (benadering)"),
    ("stedelijkheid", 1.0, "meest voorkomende categorie van de wijken"),
    ("pct_eenzaam", math.nan, ""),
]


@pytest.mark.parametrize(("key", "value", "label"), CASES)
def test_aggregate_as_cbs_defines_it(key: str, value: float, label: str) -> None:
    ref = reference_value(key, None, WIJKEN)
    assert (math.isnan(ref.value) and math.isnan(value)) or ref.value == pytest.approx(value)
    assert ref.bron == label


@pytest.mark.parametrize("key", ["inwoners", "pct_hh_laag_inkomen", "stedelijkheid"])
def test_own_cbs_row_wins(key: str) -> None:
    own = pd.Series({"code": "GM9999", key: 7.0})
    ref = reference_value(key, own, WIJKEN)
    assert (ref.value, ref.bron) == (7.0, "gemeente (CBS)")


def test_a_count_with_a_missing_area_is_no_total() -> None:
    areas = WIJKEN.assign(inwoners=[100.0, None, 600.0])
    assert math.isnan(reference_value("inwoners", None, areas).value)


def test_gemeente_references_of_a_view_with_all_levels() -> None:
    gm = pd.DataFrame(
        {
            "code": ["GM9999"],
            "niveau": ["gemeente"],
            "gemeente_code": ["GM9999"],
            "inwoners": [999.0],
        }
    )
    view = pd.concat([gm, WIJKEN], ignore_index=True)
    refs = gemeente_references(view, "GM9999", "wijk")
    assert refs["inwoners"].value == 999.0
    assert refs["pct_hh_laag_inkomen"].value == pytest.approx(29.0)


@pytest.mark.parametrize(
    ("value", "label"),
    [(1, "1 – zeer sterk stedelijk"), (5.0, "5 – niet stedelijk"), (None, "")],
)
def test_stedelijkheid_is_a_category(value, label) -> None:
    assert is_categorical("stedelijkheid")
    assert not is_categorical("inwoners")
    assert category_label("stedelijkheid", value) == label


def test_stedelijkheid_on_the_map_is_one_class_per_category() -> None:
    from urgentie.choropleth import Measure, classify_values

    measure = Measure("indicator", "stedelijkheid")
    values = pd.Series({"WK1": 1.0, "WK2": 1.0, "WK3": 3.0, "WK4": None})
    classed = classify_values(values, measure, method="quantiles", k=3)
    assert classed.labels[0] == "1 – zeer sterk stedelijk" and len(classed.labels) == 5
    assert classed.class_of == {"WK1": 0, "WK2": 0, "WK3": 2, "WK4": -1}
    assert measure.format(3.0) == "3 – matig stedelijk"


def test_profile_bars_leave_out_counts_and_categories() -> None:
    from urgentie.profiletable import bar_rows, trend_rows

    table = pd.DataFrame({"indicator": ["inwoners", "stedelijkheid", "pct_65plus"]})
    assert bar_rows(table)["indicator"].tolist() == ["pct_65plus"]
    assert trend_rows(table)["indicator"].tolist() == ["inwoners", "pct_65plus"]


def test_every_page_gets_the_same_gemeente_value(demo_template) -> None:
    """Kaart (gemeente_references), Wijkprofiel/Sessie/Mijn wijk (profile_table) and the
    profile export read one function: the same number for every indicator."""
    from urgentie.analysis.profile import profile_table
    from urgentie.analysis.resident import wijk_profile
    from urgentie.demo import DEMO_CODE
    from urgentie.profiletable import export_table, normalise
    from urgentie.store.areas import AreaStore

    store = AreaStore(demo_template)
    view = store.view(DEMO_CODE, 2024, geometry=False)
    wijk = str(view.loc[view["niveau"] == "wijk", "code"].iloc[0])
    kaart = gemeente_references(view, DEMO_CODE, "wijk")
    profiel = profile_table(wijk, {2024: view}).set_index("indicator")
    bewoner = wijk_profile(wijk, view).set_index("indicator")
    export = export_table(normalise(profile_table(wijk, {2024: view}))).set_index("Indicator")
    for key, ref in kaart.items():
        assert profiel.at[key, "gemeente"] == pytest.approx(ref.value, nan_ok=True), key
        assert bewoner.at[key, "gemeente"] == pytest.approx(ref.value, nan_ok=True), key
        label = profiel.at[key, "label"]
        assert export.at[label, "Gemeente"] == pytest.approx(ref.value, nan_ok=True), key
    # Counts are the gemeente total, never a mean of its wijken.
    wijken = view[view["niveau"] == "wijk"]
    assert kaart["inwoners"].value == pytest.approx(wijken["inwoners"].sum(), rel=0.01)
