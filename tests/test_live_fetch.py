"""``fetch_to_store``: figures and boundaries together, all or nothing, with Dutch errors."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import requests
import responses
from live_feeds import (
    Region,
    Sleeps,
    collection,
    dimension,
    feed,
    gebied_feature,
    regions,
    register_odata,
    register_wfs,
    table_2019,
    table_2024,
    wijkenbuurten_features,
)
from responses import matchers

from urgentie.errors import UserError
from urgentie.sources import live, wfs
from urgentie.store.areas import AreaStore
from urgentie.store.reference import load_reference

URL_2024 = "https://service.pdok.nl/cbs/wijkenbuurten/2024/wfs/v1_0"
URL_2019 = "https://service.pdok.nl/cbs/gebiedsindelingen/2019/wfs/v1_0"


@pytest.fixture
def store(data_dir: Path) -> AreaStore:
    return AreaStore(data_dir)


def _register_2024(items: list[Region] | None = None) -> None:
    register_odata(responses.mock, table_2024(), items)
    register_wfs(responses.mock, URL_2024, wijkenbuurten_features())


def _wfs_calls() -> list[responses.Call]:
    return [c for c in responses.calls if c.request.url.startswith("https://service.pdok.nl")]


@responses.activate
def test_happy_fetch_joins_figures_and_boundaries(store: AreaStore, policy, data_dir) -> None:
    _register_2024()
    messages: list[tuple[str, float | None]] = []

    report = live.fetch_to_store(
        "GM0344",
        2024,
        store=store,
        progress=lambda m, f=None: messages.append((m, f)),
        policy=policy,
    )

    assert report.gemeenten[0].counts == {"gemeente": 1, "wijk": 2, "buurt": 3}
    assert report.excluded == 1  # the water wijk of the boundaries
    frame = store.load("GM0344", 2024).set_index("code")
    assert "WK034499" not in frame.index
    assert frame.geometry.notna().all() and not frame.geometry.is_empty.any()
    assert frame.loc["BU03440101", "geometry"].bounds == pytest.approx((5.0, 52.0, 5.01, 52.02))
    assert frame.loc["WK034401", "naam"] == "Wijk 01 West"
    assert frame.loc["BU03440102", "wijk_code"] == "WK034401"
    assert frame.loc["BU03440201", "gemeente_naam"] == "Utrecht"
    assert frame.loc["BU03440101", "postcode"] == "3513"
    assert frame.loc["BU03440101", "indelingswijziging"] == "1"
    # Figures come from StatLine: the WFS values (999, sentinel -99995) never leak in.
    assert frame.loc["BU03440101", "inwoners"] == 1234
    assert frame.loc["BU03440102", "inwoners"] == 9000
    assert frame.loc["WK034401", "pct_eenpersoons"] == pytest.approx(100 * 9600 / 16000)
    assert frame.loc["GM0344", "woz_waarde"] == 411
    # CBS null is missing, not zero.
    assert pd.isna(frame.loc["BU03440102", "woz_waarde"])
    assert pd.isna(frame.loc["BU03440101", "pct_hh_laag_inkomen"])
    assert frame.loc["BU03440102", "pct_hh_laag_inkomen"] == 14.0

    manifest = store.manifest("GM0344", 2024)
    assert manifest is not None
    assert manifest.period == "2024"
    assert manifest.gemeente_naam == "Utrecht"
    (source,) = manifest.sources
    assert (source.kind, source.part, source.table_id) == ("api", "beide", "85984NED")
    assert source.modified == "2025-03-27T02:00:00"
    assert datetime.fromisoformat(source.retrieved_at).year >= 2025
    assert any(
        n.startswith("Grenzen: PDOK wijkenbuurten 2024, " + URL_2024) for n in manifest.notes
    )

    reference = load_reference(2024, data_dir)
    assert reference is not None
    assert reference.values["inwoners"] == 17942942
    assert reference.values["pct_eenpersoons"] == pytest.approx(100 * 3200000 / 8180000)
    assert reference.values["pct_jeugdzorg"] is None  # not in this table: missing, not 0
    assert (reference.table_id, reference.modified) == ("85984NED", "2025-03-27T02:00:00")

    fractions = [f for _, f in messages if f is not None]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any("PDOK-grenzen: 3 van 3 buurtgrenzen" in m for m, _ in messages)


@responses.activate
def test_2019_table_and_gebiedsindelingen(store: AreaStore, policy) -> None:
    register_odata(responses.mock, table_2019())
    register_wfs(
        responses.mock,
        URL_2019,
        {
            "gebiedsindelingen:gemeente_gegeneraliseerd": [
                gebied_feature("gemeente", "GM0344", "Utrecht")
            ],
            "gebiedsindelingen:wijk_gegeneraliseerd": [
                gebied_feature("wijk", "WK034401", "West"),
                gebied_feature("wijk", "WK034402", "Noordwest"),
            ],
            "gebiedsindelingen:buurt_gegeneraliseerd": [
                gebied_feature("buurt", c, n)
                for c, n in [
                    ("BU03440101", "Oud West"),
                    ("BU03440102", "Lombok"),
                    ("BU03440201", "Zuilen"),
                ]
            ],
        },
    )

    live.fetch_to_store("GM0344", 2019, store=store, policy=policy)

    frame = store.load("GM0344", 2019).set_index("code")
    # GemiddeldeWoningwaarde_35 (2019 name) lands in the same indicator as 2024's _39.
    assert frame.loc["GM0344", "woz_waarde"] == 411
    assert frame.loc["WK034402", "pct_eenpersoons"] == pytest.approx(100 * 3600 / 9000)
    assert frame.geometry.notna().all()
    manifest = store.manifest("GM0344", 2019)
    assert manifest is not None
    assert manifest.sources[0].table_id == "84583NED"
    # The 2019 table has no low-income column: empty, and said so in the manifest.
    assert frame["pct_hh_laag_inkomen"].isna().all()
    assert "pct_hh_laag_inkomen" in manifest.missing_indicators
    (note,) = [n for n in manifest.notes if n.startswith("Niet in CBS-tabel 84583NED")]
    assert "Huishoudens met een laag inkomen" in note
    assert {c.request.url.split("?")[0] for c in _wfs_calls()} == {URL_2019}


def _second_page_fails(kind: str) -> None:
    """Wijken come in pages of 2; the page at startIndex 2 fails on every try."""
    match = [
        matchers.query_param_matcher(
            {"typeNames": "wijkenbuurten:wijken", "startIndex": "2"}, strict_match=False
        )
    ]
    if kind == "500":
        responses.add(
            responses.GET, URL_2024, status=500, body="Internal Server Error", match=match
        )
    elif kind == "timeout":
        responses.add(
            responses.GET, URL_2024, body=requests.exceptions.ReadTimeout("traag"), match=match
        )
    else:
        whole = json.dumps(collection(wijkenbuurten_features()["wijkenbuurten:wijken"][2:]))
        responses.add(responses.GET, URL_2024, body=whole[:-40], match=match)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("500", "serverfout HTTP 500, 3 pogingen"),
        ("timeout", "time-out na 30 s, 3 pogingen"),
        ("truncated", "onvolledig of ongeldig antwoord, geen geldige JSON, 3 pogingen"),
    ],
)
@responses.activate
def test_failure_on_second_wfs_page_keeps_the_previous_data(
    store: AreaStore, policy, data_dir: Path, monkeypatch: pytest.MonkeyPatch, kind, reason
) -> None:
    _register_2024()
    live.fetch_to_store("GM0344", 2024, store=store, policy=policy)
    before = store.load("GM0344", 2024)
    year_dir = data_dir / "gebieden" / "GM0344" / "2024"
    current = (year_dir / "CURRENT").read_text()
    reference = (data_dir / "referentie" / "2024.json").read_text()

    # A new attempt with different figures, whose boundaries break off on page 2.
    responses.reset()
    changed = regions()
    for region in changed:
        region.values["AantalInwoners"] = 1
    register_odata(responses.mock, table_2024(), changed)
    monkeypatch.setattr(wfs, "PAGE_SIZE", 2)
    layers = wijkenbuurten_features()
    gemeenten = {"wijkenbuurten:gemeenten": layers["wijkenbuurten:gemeenten"]}
    register_wfs(responses.mock, URL_2024, gemeenten)
    responses.add(
        responses.GET,
        URL_2024,
        json=collection(layers["wijkenbuurten:wijken"][:2], matched=3),
        match=[
            matchers.query_param_matcher(
                {"typeNames": "wijkenbuurten:wijken", "startIndex": "0"}, strict_match=False
            )
        ],
    )
    _second_page_fails(kind)

    with pytest.raises(UserError) as caught:
        live.fetch_to_store("GM0344", 2024, store=store, policy=policy)

    assert str(caught.value) == (
        f"De PDOK-grenzen konden niet worden opgehaald ({reason}). "
        "De vorige gegevens van GM0344 (2024) blijven staan."
    )
    second_pages = [c for c in _wfs_calls() if "startIndex=2" in c.request.url]
    assert len(second_pages) == 3
    # Nothing was written: same version, same rows, same figures, no leftovers.
    assert (year_dir / "CURRENT").read_text() == current
    assert [p.name for p in year_dir.iterdir() if p.is_dir()] == [current]
    after = store.load("GM0344", 2024)
    pd.testing.assert_frame_equal(
        pd.DataFrame(after.drop(columns="geometry")), pd.DataFrame(before.drop(columns="geometry"))
    )
    assert after.geometry.geom_equals(before.geometry).all()
    assert (data_dir / "referentie" / "2024.json").read_text() == reference


@responses.activate
def test_timeout_then_success_on_retry(store: AreaStore, policy, sleeps: Sleeps) -> None:
    responses.add(
        responses.GET, table_2024().url, body=requests.exceptions.ReadTimeout("even niets")
    )
    _register_2024()
    report = live.fetch_to_store("GM0344", 2024, store=store, policy=policy)
    assert report.gemeenten[0].counts["buurt"] == 3
    assert sleeps == [1.0]


@responses.activate
def test_cbs_server_error_three_times(store: AreaStore, policy) -> None:
    responses.add(responses.GET, table_2024().url, status=500)
    register_wfs(responses.mock, URL_2024, wijkenbuurten_features())
    with pytest.raises(UserError) as caught:
        live.fetch_to_store("GM0344", 2024, store=store, policy=policy)
    assert str(caught.value) == (
        "De CBS-cijfers konden niet worden opgehaald (serverfout HTTP 500, 3 pogingen). "
        "Er is niets opgeslagen."
    )
    assert store.manifests() == []
    assert _wfs_calls() == []


@responses.activate
def test_no_connection_says_so(store: AreaStore, policy) -> None:
    responses.add(
        responses.GET, table_2024().url, body=requests.exceptions.ConnectionError("geen net")
    )
    with pytest.raises(UserError, match=r"geen verbinding .* Controleer de internetverbinding\."):
        live.fetch_to_store("GM0344", 2024, store=store, policy=policy)


@responses.activate
def test_truncated_cbs_json(store: AreaStore, policy) -> None:
    table = table_2024()
    register_odata(responses.mock, table)
    whole = json.dumps(feed(table, "WijkenEnBuurten", dimension(regions())))
    responses.replace(responses.GET, f"{table.url}WijkenEnBuurten", body=whole[:100])
    with pytest.raises(UserError, match=r"^De CBS-cijfers konden niet worden opgehaald \(onvol"):
        live.fetch_to_store("GM0344", 2024, store=store, policy=policy)
    assert store.manifests() == []


@responses.activate
def test_unknown_gemeente(store: AreaStore, policy) -> None:
    register_odata(responses.mock, table_2024(), [r for r in regions() if r.code == "NL00"])
    with pytest.raises(UserError, match="Gemeente GM9999 komt niet voor in CBS-tabel 85984NED"):
        live.fetch_to_store("GM9999", 2024, store=store, policy=policy)
    assert _wfs_calls() == []
    assert store.manifests() == []


@responses.activate
def test_no_boundaries_at_all_is_an_error(store: AreaStore, policy) -> None:
    register_odata(responses.mock, table_2024())
    register_wfs(responses.mock, URL_2024, {k: [] for k in wijkenbuurten_features()})
    with pytest.raises(UserError, match="PDOK heeft geen grenzen van GM0344 voor 2024"):
        live.fetch_to_store("GM0344", 2024, store=store, policy=policy)
    assert store.manifests() == []


# --- arguments ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("GM0344", "GM0344"),
        ("gm0344", "GM0344"),
        (" 0344 ", "GM0344"),
        ("344", "GM0344"),
        ("GM 0014", "GM0014"),
    ],
)
def test_gemeente_codes_accepted(value: str, expected: str) -> None:
    assert live.resolve_gemeente(value, 2024, allow_lookup=False) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Kies een gemeente"),
        ("GM03445", "geen gemeentecode"),
        ("WK034401", "geen gemeentecode"),
        ("12345", "geen gemeentecode"),
        ("Utrecht", "Geef de gemeentecode"),
    ],
)
def test_gemeente_input_rejected(value: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        live.resolve_gemeente(value, 2024, allow_lookup=False)


@pytest.mark.parametrize(("jaar", "expected"), [(2019, 2019), ("2024", 2024), (2025, 2025)])
def test_years_accepted(jaar: object, expected: int) -> None:
    assert live.validate_year(jaar) == expected


@pytest.mark.parametrize("jaar", [2016, 2026, "vorig jaar"])
def test_years_rejected(jaar: object, store: AreaStore) -> None:
    with pytest.raises(UserError, match=r"jaartal|Kies een jaar van 2017 tot en met 2025"):
        live.fetch_to_store("GM0344", jaar, store=store)  # type: ignore[arg-type]


@responses.activate
def test_gemeente_by_name(data_dir: Path, store: AreaStore, policy) -> None:
    table = table_2024()
    items = [*regions(), Region("GM0345", "Gemeente", "Veenendaal")]
    responses.add(
        responses.GET,
        f"{table.url}WijkenEnBuurten",
        json=feed(table, "WijkenEnBuurten", dimension(items)),
    )
    assert live.resolve_gemeente("utrecht", 2024) == "GM0344"
    expected = r"Gemeente 'Veenendal' bestaat niet in 2024\. Bedoelt u Veenendaal\?"
    with pytest.raises(UserError, match=expected):
        live.resolve_gemeente("Veenendal", 2024)
    assert len(responses.calls) == 1  # the list came from the cache the second time


@responses.activate
def test_gemeente_options_offline_is_a_dutch_error(data_dir: Path) -> None:
    responses.add(
        responses.GET,
        f"{table_2024().url}WijkenEnBuurten",
        body=requests.exceptions.ConnectionError("geen net"),
    )
    with pytest.raises(UserError, match=r"^De lijst met gemeenten van 2024 kon niet worden"):
        live.gemeente_options(2024)
