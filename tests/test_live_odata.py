"""CBS StatLine Kerncijfers through cbsodata, against recorded OData v3 feed responses."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from live_feeds import (
    Region,
    Sleeps,
    dimension,
    feed,
    regions,
    register_odata,
    table_2019,
    table_2024,
)

from urgentie.errors import UserError
from urgentie.sources import odata
from urgentie.sources.http import DownloadError, RetryPolicy


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize(
    ("jaar", "table_id"),
    [
        (2017, "83765NED"),
        (2019, "84583NED"),
        (2020, "84799NED"),
        (2021, "85039NED"),
        (2022, "85318NED"),
        (2023, "85618NED"),
        (2024, "85984NED"),
        (2025, "86165NED"),
    ],
)
def test_table_per_year(jaar: int, table_id: str) -> None:
    assert odata.table_for(jaar) == table_id


@pytest.mark.parametrize("jaar", [2016, 2030, "twintig"])
def test_unsupported_year_is_a_dutch_error(jaar: object) -> None:
    with pytest.raises(UserError, match="Kies een jaar van 2017 tot en met 2025"):
        odata.table_for(jaar)  # type: ignore[arg-type]


def test_filter_is_on_the_dimension_and_needs_no_padding() -> None:
    assert odata.gemeente_filter("GM0344") == (
        "startswith(WijkenEnBuurten,'NL00') or startswith(WijkenEnBuurten,'GM0344') or "
        "startswith(WijkenEnBuurten,'WK0344') or startswith(WijkenEnBuurten,'BU0344')"
    )


@responses.activate
def test_fetch_gemeente_2024(policy: RetryPolicy) -> None:
    table = table_2024()
    register_odata(responses.mock, table)

    result = odata.fetch_gemeente("GM0344", 2024, policy)

    rows = result.rows.set_index("code")
    assert list(rows.index) == [
        "GM0344",
        "WK034401",
        "BU03440101",
        "BU03440102",
        "WK034402",
        "BU03440201",
    ]
    # Level from SoortRegio, name from the dimension title, padding gone everywhere.
    assert rows.loc["WK034401", "niveau"] == "wijk"
    assert rows.loc["WK034401", "naam"] == "Wijk 01 West"
    assert rows.loc["BU03440101", "Gemeentenaam_1"] == "Utrecht"
    assert rows.loc["BU03440101", "MeestVoorkomendePostcode_125"] == "3513"
    assert rows.loc["BU03440101", "AantalInwoners_5"] == 1234
    assert rows.isna().loc["BU03440102", "GemiddeldeWOZWaardeVanWoningen_39"]
    # The land row is kept apart as the national reference.
    assert result.national is not None
    assert result.national.loc[0, "AantalInwoners_5"] == 17942942
    assert (result.table_id, result.modified, result.period) == (
        "85984NED",
        "2025-03-27T02:00:00",
        "2024",
    )
    assert result.title == "Kerncijfers wijken en buurten 2024"
    assert result.columns.code == "Codering_3"
    assert result.columns.postcode == "MeestVoorkomendePostcode_125"


@responses.activate
def test_requests_sent_to_cbs(policy: RetryPolicy) -> None:
    table = table_2024()
    register_odata(responses.mock, table)

    odata.fetch_gemeente("GM0344", 2024, policy)

    urls = [c.request.url.split("?")[0] for c in responses.calls]
    assert urls == [
        "https://opendata.cbs.nl/ODataFeed/odata/85984NED/",
        "https://opendata.cbs.nl/ODataFeed/odata/85984NED/TableInfos",
        "https://opendata.cbs.nl/ODataFeed/odata/85984NED/TypedDataSet",
        "https://opendata.cbs.nl/ODataFeed/odata/85984NED/DataProperties",
        "https://opendata.cbs.nl/ODataFeed/odata/85984NED/CategoryGroups",
        "https://opendata.cbs.nl/ODataFeed/odata/85984NED/WijkenEnBuurten",
    ]
    data_query = _query(responses.calls[2].request.url)
    assert data_query["$filter"] == [odata.gemeente_filter("GM0344")]
    assert data_query["$format"] == ["json"]
    # The UntypedDataSet (padded strings) is never downloaded, and every request has a timeout.
    assert all("UntypedDataSet" not in c.request.url for c in responses.calls)
    assert {c.request.req_kwargs["timeout"] for c in responses.calls} == {30}


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (table_2019(), "GemiddeldeWoningwaarde_35"),
        (table_2024(), "GemiddeldeWOZWaardeVanWoningen_39"),
    ],
)
@responses.activate
def test_keys_resolved_by_base_name_per_table(table, expected: str, policy: RetryPolicy) -> None:
    register_odata(responses.mock, table)
    result = odata.fetch_gemeente("GM0344", table.year, policy)
    assert result.keys["GemiddeldeWOZWaardeVanWoningen"] == expected
    assert result.rows.set_index("code").loc["GM0344", expected] == 411


@responses.activate
def test_follows_next_link_over_pages(policy: RetryPolicy) -> None:
    table = table_2024()
    register_odata(responses.mock, table, data_pages=3)
    result = odata.fetch_gemeente("GM0344", 2024, policy)
    assert len(result.rows) == 6
    data_calls = [c for c in responses.calls if "/TypedDataSet" in c.request.url]
    assert [_query(c.request.url).get("$skip") for c in data_calls] == [None, ["3"], ["6"]]


@responses.activate
def test_rows_of_other_gemeenten_are_dropped(policy: RetryPolicy) -> None:
    # Should the server ignore part of the filter, the code column still decides.
    extra = [
        Region("GM0345", "Gemeente", "Veenendaal", {"AantalInwoners": 1}),
        Region("BU03450101", "Buurt", "Elders", {"AantalInwoners": 2}),
    ]
    register_odata(responses.mock, table_2024(), [*regions(), *extra])
    result = odata.fetch_gemeente("GM0344", 2024, policy)
    assert not result.rows["code"].str.contains("0345").any()
    assert len(result.rows) == 6


@responses.activate
def test_wijk_and_buurt_codes_with_letters(policy: RetryPolicy) -> None:
    # Since 2023 Amsterdam has more than 100 wijken: WK0363AA, BU0363AA01.
    items = [
        Region("GM0363", "Gemeente", "Amsterdam", {"AantalInwoners": 931298}, "Amsterdam"),
        Region("WK0363AA", "Wijk", "Burgwallen-Oude Zijde", {"AantalInwoners": 4000}, "Amsterdam"),
        Region("BU0363AA01", "Buurt", "Kop Zeedijk", {"AantalInwoners": 1000}, "Amsterdam"),
    ]
    register_odata(responses.mock, table_2024(), items)
    result = odata.fetch_gemeente("GM0363", 2024, policy)
    assert result.rows["code"].tolist() == ["GM0363", "WK0363AA", "BU0363AA01"]
    assert result.rows["niveau"].tolist() == ["gemeente", "wijk", "buurt"]


@responses.activate
def test_unknown_gemeente_is_a_dutch_error(policy: RetryPolicy) -> None:
    nl_only = [r for r in regions() if r.code == "NL00"]
    register_odata(responses.mock, table_2024(), nl_only)
    with pytest.raises(UserError, match=r"Gemeente GM9999 komt niet voor in CBS-tabel 85984NED"):
        odata.fetch_gemeente("GM9999", 2024, policy)


@responses.activate
def test_table_without_code_column_is_an_error(policy: RetryPolicy) -> None:
    table = table_2024()
    table.columns = [c for c in table.columns if c.base != "Codering"]
    register_odata(responses.mock, table)
    with pytest.raises(UserError, match="geen kolom Codering"):
        odata.fetch_gemeente("GM0344", 2024, policy)


@responses.activate
def test_level_that_contradicts_the_code_is_an_error(policy: RetryPolicy) -> None:
    items = regions()
    items[2].soort = "Buurt"  # WK034401 labelled as a buurt
    register_odata(responses.mock, table_2024(), items)
    with pytest.raises(UserError, match=r"soort regio past niet .*WK034401 \(Buurt\)"):
        odata.fetch_gemeente("GM0344", 2024, policy)


# --- timeouts and retries -------------------------------------------------------------------------


@responses.activate
def test_timeout_then_success(policy: RetryPolicy, sleeps: Sleeps) -> None:
    table = table_2024()
    responses.add(responses.GET, table.url, body=requests.exceptions.ReadTimeout("traag"))
    register_odata(responses.mock, table)
    result = odata.fetch_gemeente("GM0344", 2024, policy)
    assert len(result.rows) == 6
    assert sleeps == [1.0]


@responses.activate
def test_server_error_three_times(policy: RetryPolicy, sleeps: Sleeps) -> None:
    responses.add(responses.GET, table_2024().url, status=500, json={"error": "intern"})
    with pytest.raises(DownloadError) as caught:
        odata.fetch_gemeente("GM0344", 2024, policy)
    assert str(caught.value) == "serverfout HTTP 500, 3 pogingen"
    assert len(responses.calls) == 3
    assert sleeps == [1.0, 2.0]  # exponential backoff


@responses.activate
def test_not_found_is_not_retried(policy: RetryPolicy, sleeps: Sleeps) -> None:
    responses.add(responses.GET, table_2024().url, status=404)
    with pytest.raises(DownloadError, match="HTTP 404, niet gevonden, 1 poging"):
        odata.fetch_gemeente("GM0344", 2024, policy)
    assert len(responses.calls) == 1
    assert sleeps == []


@responses.activate
def test_truncated_page_is_retried_and_then_reported(policy: RetryPolicy) -> None:
    table = table_2024()
    register_odata(responses.mock, table)
    whole = json.dumps(feed(table, "TableInfos", []))
    responses.replace(responses.GET, f"{table.url}TableInfos", body=whole[: len(whole) // 2])
    with pytest.raises(DownloadError, match=r"onvolledig of ongeldig antwoord.*3 pogingen"):
        odata.fetch_gemeente("GM0344", 2024, policy)


def test_policy_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URGENTIE_HTTP_TIMEOUT", "7.5")
    monkeypatch.setenv("URGENTIE_HTTP_RETRIES", "0")
    policy = RetryPolicy.from_settings()
    assert (policy.timeout, policy.attempts) == (7.5, 1)  # at least one try
    assert [RetryPolicy(backoff=2).wait_before(n) for n in (2, 3, 4)] == [2, 4, 8]


# --- gemeente picker ------------------------------------------------------------------------------


@responses.activate
def test_list_gemeenten_reads_the_dimension_and_caches(data_dir: Path, policy) -> None:
    table = table_2024()
    items = [
        *regions(),
        Region("GM0014", "Gemeente", "Groningen"),
        Region("GM1680", "Gemeente", "Aa en Hunze"),
    ]
    responses.add(
        responses.GET,
        f"{table.url}WijkenEnBuurten",
        json=feed(table, "WijkenEnBuurten", dimension(items)),
    )

    options = odata.list_gemeenten(2024, policy=policy)

    assert [(o.code, o.naam) for o in options] == [
        ("GM1680", "Aa en Hunze"),
        ("GM0014", "Groningen"),
        ("GM0344", "Utrecht"),
    ]
    assert options[0].label == "Aa en Hunze (GM1680)"
    assert (data_dir / "cache" / "cbs-gemeenten-2024.json").is_file()
    # Second time: from the cache, no request (the picker works offline).
    assert odata.list_gemeenten(2024, policy=policy) == options
    assert len(responses.calls) == 1


@responses.activate
def test_list_gemeenten_offline_without_cache(data_dir: Path, policy) -> None:
    responses.add(
        responses.GET,
        f"{table_2024().url}WijkenEnBuurten",
        body=requests.exceptions.ConnectionError("geen netwerk"),
    )
    with pytest.raises(DownloadError, match="geen verbinding met de server, 3 pogingen"):
        odata.list_gemeenten(2024, policy=policy)
    assert odata.cached_gemeenten(2024) is None


@pytest.mark.shared_data
def test_real_2024_metadata_resolves_every_catalogue_indicator(shared_cbs: Path) -> None:
    """Parse a download made of the real DataProperties/TableInfos of 85984NED."""
    from urgentie.sources.mapping import indicator_values

    folder = shared_cbs / "kerncijfers"
    properties = json.loads((folder / "85984NED_DataProperties.json").read_text("utf-8"))
    infos = json.loads((folder / "85984NED_TableInfos.json").read_text("utf-8"))
    subset = json.loads((folder / "85984NED_gm_wk_subset_2024.json").read_text("utf-8"))
    rows = []
    for code in ["GM0344", *[c for c in subset if c.startswith("WK0344")]]:
        row = {"WijkenEnBuurten": code.ljust(10), "Codering_3": code.ljust(10)}
        row["SoortRegio_2"] = ("Gemeente" if code.startswith("GM") else "Wijk").ljust(10)
        row.update(subset[code])
        rows.append(row)
    data = {"TableInfos": infos, "DataProperties": properties, "TypedDataSet": rows}

    result = odata.parse_download(data, "GM0344", "85984NED")

    assert result.modified == "2025-03-27T02:00:00"
    assert result.columns.code == "Codering_3"
    assert result.rows.set_index("code").loc["GM0344", "AantalInwoners_5"] == 374238
    assert len(result.rows) == 11  # Utrecht and its 10 wijken
    _, missing = indicator_values(result.rows, "odata")
    assert missing == []  # every column the catalogue needs exists in the 2024 table
