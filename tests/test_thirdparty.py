"""Police (47018NED) and RIVM (50120NED) figures: live with recorded feeds, and from file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import responses
import thirdparty_feeds as feeds

from urgentie.errors import UserError
from urgentie.importing import import_files
from urgentie.indicators import POLITIE_TABLE, RIVM_TABLE
from urgentie.sources import thirdparty
from urgentie.sources.http import DownloadError, RetryPolicy
from urgentie.sources.live import fetch_thirdparty_to_store
from urgentie.store.areas import AreaStore

KWB_HEADER = "gwb_code_10,gwb_code_8,regio,gm_naam,recs,gwb_code,ind_wbi,a_inw,a_hh\n"


def kwb_csv(path: Path, jaar: int) -> Path:
    """A tiny KWB download of the made-up GM0344 (inwoners and huishoudens only)."""
    recs = {"GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}
    lines = [
        f"{c},{c[2:]},{n},Utrecht,{recs[c[:2]]},{c},1,{feeds.INWONERS[c]},"
        f"{feeds.INWONERS[c] // 2}\n"
        for c, n in feeds.AREAS.items()
    ]
    file = path / f"kwb-{jaar}_GM0344.csv"
    file.write_text(KWB_HEADER + "".join(lines), encoding="utf-8")
    return file


@pytest.fixture
def store(data_dir: Path) -> AreaStore:
    store = AreaStore(data_dir)
    import_files([kwb_csv(data_dir.parent, 2023)], jaar=2023, store=store)
    return store


# --- parsing ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "key", "expected"),
    [
        ("WK034401", "misdrijven_per_1000", 1000),
        ("WK034401", "woninginbraak_per_1000", 36),
        ("WK034401", "geweld_per_1000", 7 * 8),
        ("BU03440201", "geweld_per_1000", math.nan),  # one of the seven codes is secret
        ("BU03440102", "vernieling_per_1000", 50),
    ],
)
def test_crime_counts_are_summed_per_indicator(code: str, key: str, expected: float) -> None:
    import pandas as pd

    wide = thirdparty.wide_figures(pd.DataFrame(feeds.crime_rows()), POLITIE_TABLE, 2023)
    value = float(wide.set_index("code").loc[code, key])
    assert (math.isnan(value) and math.isnan(expected)) or value == expected


@pytest.mark.parametrize(
    ("text", "code"), [("1.1.1 ", "1.1.1"), ("1.1.1 Diefstal/inbraak woning", "1.1.1")]
)
def test_crime_code_from_key_or_title(text: str, code: str) -> None:
    assert thirdparty.crime_code(text) == code


# --- live -----------------------------------------------------------------------------------------
@responses.activate
def test_live_police_figures_become_rates_per_1000(store: AreaStore, policy: RetryPolicy) -> None:
    feeds.register(responses.mock, POLITIE_TABLE, pages=3)
    report = fetch_thirdparty_to_store("politie", "GM0344", 2023, store=store, policy=policy)
    assert report.gemeenten[0].jaar == 2023
    frame = store.load("GM0344", 2023).set_index("code")
    # 1000 crimes / 12 000 inwoners * 1000
    assert frame.loc["WK034401", "misdrijven_per_1000"] == pytest.approx(83.3)
    assert frame.loc["GM0344", "woninginbraak_per_1000"] == pytest.approx(3.0)
    assert math.isnan(frame.loc["BU03440201", "geweld_per_1000"])
    assert frame.loc["WK034401", "inwoners"] == 12000  # the Kerncijfers stay
    calls = [c.request.url for c in responses.calls if "/TypedDataSet" in c.request.url]
    assert calls[0].startswith("https://dataderden.cbs.nl/ODataFeed/odata/47018NED/")
    assert len(calls) == 3
    sources = store.manifest("GM0344", 2023).sources
    assert any(s.table_id == POLITIE_TABLE and s.kind == "api" for s in sources)


@responses.activate
def test_live_rivm_estimates_are_stored_under_the_survey_year(
    store: AreaStore, policy: RetryPolicy
) -> None:
    feeds.register(responses.mock, RIVM_TABLE, pages=2)
    report = fetch_thirdparty_to_store("rivm", "GM0344", 2024, store=store, policy=policy)
    assert report.gemeenten[0].jaar == 2022  # the newest survey at or before 2024
    frame = store.load("GM0344", 2022).set_index("code")
    assert frame.loc["WK034401", "pct_eenzaam"] == 52  # the estimate, 18+, not a margin
    assert frame.loc["BU03440101", "pct_moeite_rondkomen"] == 22
    assert math.isnan(frame.loc["BU03440102", "pct_ernstig_eenzaam"])
    # A 2023 view uses them, labelled with their year.
    view = store.view("GM0344", 2023, "wijk", geometry=False).set_index("code")
    assert view.loc["WK034401", "pct_eenzaam"] == 52
    assert view.loc["WK034401", "pct_eenzaam_peiljaar"] == 2022


@responses.activate
def test_a_failing_second_page_stores_nothing(
    store: AreaStore, policy: RetryPolicy, sleeps: list
) -> None:
    feeds.register(responses.mock, POLITIE_TABLE, pages=3, fail_page=1)
    before = store.load("GM0344", 2023)
    with pytest.raises(UserError, match=r"47018NED.*konden niet worden opgehaald"):
        fetch_thirdparty_to_store("politie", "GM0344", 2023, store=store, policy=policy)
    after = store.load("GM0344", 2023)
    assert after["misdrijven_per_1000"].isna().all()
    assert after.drop(columns="geometry").equals(before.drop(columns="geometry"))
    assert sleeps == [1.0, 2.0]  # retried, then given up


@responses.activate
def test_second_page_failure_is_a_download_error_at_source_level(policy: RetryPolicy) -> None:
    feeds.register(responses.mock, RIVM_TABLE, pages=2, fail_page=1, status=503)
    with pytest.raises(DownloadError):
        thirdparty.fetch_table(RIVM_TABLE, "GM0344", 2024, policy)


@responses.activate
def test_police_without_kerncijfers_is_a_clear_error(data_dir: Path, policy) -> None:
    feeds.register(responses.mock, POLITIE_TABLE)
    with pytest.raises(UserError, match="eerst de Kerncijfers van 2023"):
        fetch_thirdparty_to_store(
            "politie", "GM0344", 2023, store=AreaStore(data_dir), policy=policy
        )
    assert AreaStore(data_dir).manifest("GM0344", 2023) is None


# --- file -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("table", "jaar", "key", "code", "expected"),
    [
        (POLITIE_TABLE, 2023, "misdrijven_per_1000", "WK034402", 75.0),
        (POLITIE_TABLE, 2023, "vernieling_per_1000", "GM0344", 10.0),
        (RIVM_TABLE, 2022, "pct_psychische_klachten", "WK034402", 26.0),
        (RIVM_TABLE, 2022, "pct_gezondheid_goed", "GM0344", 76.0),
    ],
)
def test_statline_csv_export_imports(
    store: AreaStore, data_dir: Path, table: str, jaar: int, key: str, code: str, expected
) -> None:
    file = data_dir.parent / f"{table}_export.csv"
    file.write_text(feeds.export_csv(table), encoding="utf-8-sig")
    reports = import_files([file], jaar=jaar, store=store)
    assert reports[0].gemeenten[0].jaar == jaar
    frame = store.load("GM0344", jaar).set_index("code")
    assert frame.loc[code, key] == pytest.approx(expected)


def test_export_with_several_years_names_the_others(store: AreaStore, data_dir: Path) -> None:
    file = data_dir.parent / "misdrijven.csv"
    file.write_text(feeds.export_csv(POLITIE_TABLE), encoding="utf-8")
    reports = import_files([file], jaar=None, store=store)
    assert reports[0].gemeenten[0].jaar == 2023
    assert any("2022" in note for note in reports[0].notes)


def test_export_of_another_table_is_not_mistaken(data_dir: Path) -> None:
    assert thirdparty.table_of(["WijkenEnBuurten", "Perioden", "AantalInwoners_5"]) is None
    assert thirdparty.table_of(["WijkenEnBuurten", "SoortMisdrijf", "GeregistreerdeMisdrijven_1"])
