from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from urgentie.analysis.disclosure import TOTAL, derivable, with_margins
from urgentie.analysis.resident import (
    STIGMATISING_WORDS,
    find_by_postcode,
    good_things,
    name_options,
    normalise_postcode,
    plain_strength,
    resident_facts,
    theme_counts,
    themes,
    wijk_profile,
)
from urgentie.demo import DEMO_CODE
from urgentie.store.areas import AreaStore


@pytest.fixture(scope="module")
def demo_areas(demo_template: Path) -> pd.DataFrame:
    return AreaStore(demo_template).load(DEMO_CODE, 2024)  # reading only


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("9912 AB", "9912"),
        ("9912ab", "9912"),
        (" 9912 ", "9912"),
        ("0912 AB", None),
        ("99", None),
        ("abcd", None),
        ("", None),
    ],
)
def test_postcodes_are_normalised(text: str, digits: str | None) -> None:
    assert normalise_postcode(text) == digits


def test_resident_figures_read_like_every_other_page(demo_areas: pd.DataFrame) -> None:
    # Residents get at most one decimal, and the shared Dutch notation (urgentie.numbers):
    # "12,5 %", "1,2 km" — the same text the analyst's wijkprofiel shows for the same value.
    wijk = demo_areas.loc[demo_areas["niveau"] == "wijk", "code"].iloc[0]
    facts = resident_facts(wijk, demo_areas)
    assert facts
    shapes = re.compile(r"^(\d{1,4}|\d{1,3}(\.\d{3})+)(,\d)?( %| km| per 1 000 inwoners)?$")
    for fact in facts:
        assert fact.value_text == "geheim of onbekend" or shapes.match(fact.value_text), fact
    percentages = [f.value_text for f in facts if f.value_text.endswith("%")]
    assert percentages and all(t.endswith(" %") for t in percentages)


def test_every_demo_postcode_finds_its_buurt(demo_areas: pd.DataFrame) -> None:
    buurten = demo_areas[demo_areas["niveau"] == "buurt"].dropna(subset=["postcode"])
    assert len(buurten) > 40
    for _, row in buurten.head(10).iterrows():
        found = find_by_postcode(demo_areas, f"{row['postcode']} XY")
        assert row["code"] in set(found["code"])
        assert set(found["niveau"]) == {"buurt"}


def test_resident_facts_describe_without_judging(demo_areas: pd.DataFrame) -> None:
    wijken = demo_areas[demo_areas["niveau"] == "wijk"]["code"]
    seen = set()
    for code in wijken:
        for fact in resident_facts(code, demo_areas):
            text = f"{fact.label} {fact.value_text} {fact.comparison}".lower()
            assert not any(word in text for word in STIGMATISING_WORDS), text
            assert "beter" not in fact.comparison and "slechter" not in fact.comparison
            seen.add(fact.comparison)
    # Across the demo wijken the comparisons go both ways.
    assert {"meer dan gemiddeld in de gemeente", "minder dan gemiddeld in de gemeente"} <= seen


def _mentions(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["respondent", "area_code", "domain", "perspective", "polarity"]
    )


def test_themes_hide_small_counts_and_cannot_be_derived() -> None:
    rows = [(f"n{i}", "WK1", "wonen", "bewoner", "zorg") for i in range(9)]
    rows += [(f"p{i}", "WK1", "wonen", "professional", "zorg") for i in range(2)]
    rows += [(f"n{i}", "WK1", "veiligheid", "bewoner", "kracht") for i in range(6)]
    rows += [(f"p{i}", "WK1", "veiligheid", "professional", "kracht") for i in range(7)]
    mentions = _mentions(rows)
    result = themes(mentions, ["WK1"], k=5)
    hidden = result.table.hidden
    assert hidden.at["wonen", "professional"]
    assert not hidden.loc["veiligheid"].any()
    counts = theme_counts(mentions, ["WK1"])
    assert derivable(with_margins(counts, "rows"), hidden) == []
    shown = result.display()
    assert "2" not in shown.to_numpy().ravel().tolist()
    # A phone shows the first columns: the total and the tone come before the perspectives.
    assert list(shown.columns[:3]) == ["Domein", "Samen", "Wat overheerst"]
    assert set(shown.columns[3:]) == {"Bewoners", "Professionals"}
    assert result.tone["veiligheid"] == "vooral wat goed gaat"
    assert "wonen" not in result.tone or not hidden.at["wonen", TOTAL]


@pytest.mark.parametrize(
    ("plain", "direction", "sentence"),
    [
        (
            "huishoudens met een laag inkomen",
            "hoger_slechter",
            "Minder huishoudens met een laag inkomen dan gemiddeld in de gemeente.",
        ),
        (
            "mensen met werk",
            "hoger_beter",
            "Meer mensen met werk dan gemiddeld in de gemeente.",
        ),
        (
            "afstand tot de basisschool",
            "hoger_slechter",
            "De basisschool is dichterbij dan gemiddeld in de gemeente.",
        ),
    ],
)
def test_a_strength_is_said_without_judging(plain: str, direction: str, sentence: str) -> None:
    assert plain_strength(plain, direction) == sentence


def test_good_things_lists_figures_then_positive_themes(demo_areas: pd.DataFrame) -> None:
    wijken = demo_areas[demo_areas["niveau"] == "wijk"]
    lines_per_wijk = {
        code: good_things(wijk_profile(code, demo_areas), {"wonen": "vooral wat goed gaat"})
        for code in wijken["code"]
    }
    # Every wijk ends with the theme its neighbours are positive about; some have figures first.
    for lines in lines_per_wijk.values():
        assert lines[-1] == "Over wonen zijn buren en professionals vooral positief."
    assert any(len(lines) > 1 for lines in lines_per_wijk.values())
    for lines in lines_per_wijk.values():
        for line in lines[:-1]:
            assert line.endswith("dan gemiddeld in de gemeente.")
            assert not any(word in line.lower() for word in STIGMATISING_WORDS)
    assert good_things(wijk_profile(wijken["code"].iloc[0], demo_areas), {"wonen": "gemengd"}) == [
        line for line in lines_per_wijk[wijken["code"].iloc[0]] if not line.startswith("Over wonen")
    ]


def test_a_buurt_name_finds_its_wijk() -> None:
    areas = pd.DataFrame(
        {
            "code": ["WK000101", "WK000102", "BU00010101", "BU00010102", "BU00010201"],
            "naam": ["Noord", "Centrum", "Noord", "Rozenhof", "Markt"],
            "niveau": ["wijk", "wijk", "buurt", "buurt", "buurt"],
            "wijk_code": [None, None, "WK000101", "WK000101", "WK000102"],
        }
    )
    assert name_options(areas) == {
        "Centrum": "WK000102",
        "Noord": "WK000101",
        "Markt (buurt in Centrum)": "WK000102",
        "Rozenhof (buurt in Noord)": "WK000101",  # the buurt "Noord" adds nothing to its wijk
    }
    assert list(name_options(areas))[:2] == ["Centrum", "Noord"]  # wijken first, by name


# --- figures that exist (issue 10) ------------------------------------------------------------
def _profile(values: dict[str, float], peiljaar: int = 2024) -> pd.DataFrame:
    from urgentie.indicators import INDICATOR_KEYS

    frame = pd.DataFrame(
        {
            "indicator": list(INDICATOR_KEYS),
            "value": [values.get(k, float("nan")) for k in INDICATOR_KEYS],
            "gemeente": [values.get(k, float("nan")) for k in INDICATOR_KEYS],
            "peiljaar": [peiljaar if k in values else float("nan") for k in INDICATOR_KEYS],
        }
    )
    frame.attrs["jaar"] = 2024
    return frame


@pytest.mark.parametrize(
    ("known", "unknown_shown"),
    [
        (set(), 2),  # nothing known: two unknowns, never a list of blanks
        ({"pct_0_14", "pct_65plus", "pct_eenpersoons"}, 2),  # a first CBS release
        (
            {
                "pct_0_14",
                "pct_65plus",
                "pct_eenpersoons",
                "pct_hh_laag_inkomen",
                "arbeidsparticipatie",
                "pct_koopwoningen",
                "wmo_per_1000",
                "afstand_huisarts",
                "afstand_supermarkt",
                "afstand_school",
            },
            0,
        ),
    ],
)
def test_at_most_two_resident_figures_are_unknown(known: set[str], unknown_shown: int) -> None:
    from urgentie.analysis.resident import RESIDENT_INDICATORS, resident_keys

    profile = _profile(dict.fromkeys(known, 10.0)).set_index("indicator")
    keys = resident_keys(profile)
    unknown = [k for k in keys if pd.isna(profile.at[k, "value"])]
    assert len(unknown) == unknown_shown
    assert set(known) & set(RESIDENT_INDICATORS) <= set(keys)


def test_an_older_resident_figure_says_its_year() -> None:
    from urgentie.analysis.resident import resident_facts

    profile = _profile({"pct_hh_laag_inkomen": 12.0}, peiljaar=2022)
    areas = pd.DataFrame({"jaar": [2024]})
    fact = next(f for f in resident_facts("WK1", areas, profile) if f.key == "pct_hh_laag_inkomen")
    assert fact.value_text == "12,0 % (cijfers van 2022)"


@pytest.mark.shared_data
def test_real_utrecht_2024_resident_figures(shared_cbs, data_dir) -> None:
    from urgentie.analysis.resident import good_things, resident_facts, wijk_profile
    from urgentie.importing import import_files
    from urgentie.store.areas import AreaStore

    store = AreaStore()
    import_files(
        [shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx"], jaar=None, store=store
    )
    view = store.view("GM0344", 2024, geometry=False)
    for code in view.loc[view["niveau"] == "wijk", "code"]:
        profile = wijk_profile(code, view)
        facts = resident_facts(code, view, profile)
        unknown = [f for f in facts if f.value_text == "geheim of onbekend"]
        assert len(facts) - len(unknown) >= 5
        assert len(unknown) <= 2
        lines = " ".join(good_things(profile, {}))
        assert "alleen" not in lines and "gescheiden" not in lines and "partner" not in lines
    rows = wijk_profile("WK034403", view).set_index("indicator")
    assert rows.loc["inwoners", "gemeente"] == 374238  # the gemeente's own CBS row
    assert rows.loc["inwoners", "verschil"] == ""
