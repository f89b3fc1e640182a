from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from urgentie.domains import DOMAIN_KEYS
from urgentie.indicators import (
    INDICATORS,
    Ratio,
    base_name,
    check_catalogue,
    resolve_odata_keys,
    squash,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "indicatoren.md"


def test_catalogue_is_consistent() -> None:
    assert check_catalogue() == []
    assert len(INDICATORS) >= 30


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.key)
def test_every_indicator_is_documented(indicator) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"`{indicator.key}` — {indicator.label}" in text


@pytest.mark.parametrize("domain", DOMAIN_KEYS)
def test_every_domain_has_at_least_two_scored_indicators(domain: str) -> None:
    scored = [i.key for i in INDICATORS if i.scored and i.domain == domain]
    assert len(scored) >= 2, scored


@pytest.mark.parametrize(
    "key", ["pct_eenpersoons", "pct_gescheiden", "pct_verweduwd", "pct_hh_met_kinderen"]
)
def test_marital_status_and_household_composition_are_context_only(key: str) -> None:
    ind = next(i for i in INDICATORS if i.key == key)
    assert ind.domain == "context"
    assert not ind.scored


@pytest.mark.parametrize("indicator", [i for i in INDICATORS if i.table], ids=lambda i: i.key)
def test_third_party_indicators_name_their_table_and_year_in_the_docs(indicator) -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"`{indicator.key}` — ")[1].split("### ")[0]
    assert indicator.table in section
    assert "jaar" in section


@pytest.mark.parametrize(
    ("key", "base"),
    [
        ("GemiddeldeWOZWaardeVanWoningen_39", "GemiddeldeWOZWaardeVanWoningen"),
        ("k_0Tot15Jaar_8", "k_0Tot15Jaar"),
        ("Codering_3", "Codering"),
        ("WijkenEnBuurten", "WijkenEnBuurten"),
    ],
)
def test_base_name_strips_the_position_suffix(key: str, base: str) -> None:
    assert base_name(key) == base


def test_renamed_base_name_resolves_through_alias() -> None:
    # 2019 (84583NED) called the WOZ value GemiddeldeWoningwaarde_35.
    resolved = resolve_odata_keys(["ID", "AantalInwoners_5", "GemiddeldeWoningwaarde_35"])
    assert resolved["GemiddeldeWOZWaardeVanWoningen"] == "GemiddeldeWoningwaarde_35"
    assert resolved["AantalInwoners"] == "AantalInwoners_5"


def test_first_of_duplicate_base_names_wins() -> None:
    resolved = resolve_odata_keys(["Nederland_17", "Nederland_20"])
    assert resolved["Nederland"] == "Nederland_17"


def test_camel_and_snake_case_squash_equal() -> None:
    assert squash("percentagePersonen0Tot15Jaar") == squash("percentage_personen_0_tot_15_jaar")
    assert squash("percHuurwoningenInBezitWoningcorporaties") == squash(
        "perc_huurwoningen_in_bezit_woningcorporaties"
    )


def _columns(spec) -> tuple[str, ...]:
    return spec.columns() if isinstance(spec, Ratio) else (spec,)


@pytest.mark.shared_data
def test_catalogue_names_exist_in_the_real_2024_sources(shared_cbs: Path) -> None:
    keys = [
        r["Key"]
        for r in csv.DictReader((shared_cbs / "kerncijfers" / "85984NED_columns.csv").open())
    ]
    odata = resolve_odata_keys(keys)
    kwb = set(
        (shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.csv")
        .open()
        .readline()
        .strip()
        .split(",")
    )
    baarn = json.loads((shared_cbs / "geo" / "buurten_2024_GM0308_baarn.geojson").read_text())
    gpkg = set(baarn["features"][0]["properties"])
    for ind in INDICATORS:
        if ind.table:  # third-party tables: tested with their own recordings
            continue
        for column in _columns(ind.odata):
            assert column in odata, (ind.key, column)
        for column in _columns(ind.kwb):
            assert column in kwb, (ind.key, column)
        for column in _columns(ind.gpkg):
            assert column in gpkg, (ind.key, column)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.key)
def test_every_indicator_has_a_definition_source_and_year_in_the_docs(indicator) -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"`{indicator.key}` — ")[1].split("### ")[0]
    assert indicator.description and indicator.description in section
    assert "- bron: " in section and "jaar" in section
