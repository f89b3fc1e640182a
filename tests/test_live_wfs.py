"""PDOK WFS boundaries, against recorded GeoJSON GetFeature responses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from live_feeds import (
    Sleeps,
    collection,
    gebied_feature,
    geojson_box,
    register_wfs,
    wfs_feature,
    wijkenbuurten_features,
)
from responses import matchers

from urgentie.sources import wfs
from urgentie.sources.http import DownloadError, RetryPolicy

URL_2024 = "https://service.pdok.nl/cbs/wijkenbuurten/2024/wfs/v1_0"
FES = "{http://www.opengis.net/fes/2.0}"


def _params(call: responses.Call) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def _buurten(n: int) -> list[dict]:
    """``n`` buurten of GM0344 side by side, for paging."""
    features = []
    for i in range(n):
        feature = wfs_feature("buurt", "BU03440101", f"Buurt {i}")
        code = f"BU034401{i:02d}"
        feature["properties"]["buurtcode"] = code
        feature["geometry"] = geojson_box(5 + i * 0.01, 52, 5.01 + i * 0.01, 52.01)
        features.append(feature)
    return features


def _without_buurten() -> dict[str, list[dict]]:
    return {k: v for k, v in wijkenbuurten_features().items() if k != "wijkenbuurten:buurten"}


def _add_buurten_page(url: str, start: int, page: dict) -> None:
    wanted = {"typeNames": "wijkenbuurten:buurten", "startIndex": str(start)}
    responses.add(
        responses.GET,
        url,
        json=page,
        match=[matchers.query_param_matcher(wanted, strict_match=False)],
    )


@pytest.mark.parametrize(
    ("jaar", "url", "type_names"),
    [
        (
            2019,
            "https://service.pdok.nl/cbs/gebiedsindelingen/2019/wfs/v1_0",
            [
                "gebiedsindelingen:gemeente_gegeneraliseerd",
                "gebiedsindelingen:wijk_gegeneraliseerd",
                "gebiedsindelingen:buurt_gegeneraliseerd",
            ],
        ),
        (
            2021,
            "https://service.pdok.nl/cbs/gebiedsindelingen/2021/wfs/v1_0",
            [
                "gebiedsindelingen:gemeente_gegeneraliseerd",
                "gebiedsindelingen:wijk_gegeneraliseerd",
                "gebiedsindelingen:buurt_gegeneraliseerd",
            ],
        ),
        (
            2022,
            "https://service.pdok.nl/cbs/wijkenbuurten/2022/wfs/v1_0",
            ["wijkenbuurten:gemeenten", "wijkenbuurten:wijken", "wijkenbuurten:buurten"],
        ),
        (
            2024,
            URL_2024,
            ["wijkenbuurten:gemeenten", "wijkenbuurten:wijken", "wijkenbuurten:buurten"],
        ),
    ],
)
def test_service_per_year(jaar: int, url: str, type_names: list[str]) -> None:
    service = wfs.service_for("GM0344", jaar)
    assert service.url == url
    assert [layer.type_names[0] for layer in service.layers] == type_names


@responses.activate
def test_getfeature_request(policy: RetryPolicy) -> None:
    register_wfs(responses.mock, URL_2024, wijkenbuurten_features())

    result = wfs.fetch_boundaries("GM0344", 2024, policy)

    assert len(responses.calls) == 3
    params = _params(responses.calls[2])
    assert params["service"] == "WFS"
    assert params["version"] == "2.0.0"
    assert params["request"] == "GetFeature"
    assert params["typeNames"] == "wijkenbuurten:buurten"
    assert params["outputFormat"] == "application/json"
    assert params["srsName"] == "EPSG:4326"
    assert (params["count"], params["startIndex"]) == ("1000", "0")
    assert params["propertyName"] == "buurtcode,buurtnaam,water,geom"
    fes = ET.fromstring(params["filter"])
    equal = fes.find(f"{FES}PropertyIsEqualTo")
    assert equal is not None
    assert equal.findtext(f"{FES}ValueReference") == "gemeentecode"
    assert equal.findtext(f"{FES}Literal") == "GM0344"
    assert {c.request.req_kwargs["timeout"] for c in responses.calls} == {30}

    frame = result.frame.set_index("code")
    assert result.counts == {"gemeente": 1, "wijk": 3, "buurt": 3}
    assert frame.loc["WK034401", "naam"] == "West"
    assert frame.loc["WK034499", "water"] == "JA"
    assert frame.loc["BU03440101", "niveau"] == "buurt"
    # GeoJSON lon/lat kept as lon/lat.
    assert frame.loc["BU03440101", "geometry"].bounds == pytest.approx((5.0, 52.0, 5.01, 52.02))


@responses.activate
def test_gebiedsindelingen_uses_like_filter_on_statcode(policy: RetryPolicy) -> None:
    url = "https://service.pdok.nl/cbs/gebiedsindelingen/2019/wfs/v1_0"
    register_wfs(
        responses.mock,
        url,
        {
            "gebiedsindelingen:gemeente_gegeneraliseerd": [
                gebied_feature("gemeente", "GM0344", "Utrecht")
            ],
            "gebiedsindelingen:wijk_gegeneraliseerd": [
                gebied_feature("wijk", "WK034401", "West"),
                gebied_feature("wijk", "WK034402", "Noordwest"),
            ],
            "gebiedsindelingen:buurt_gegeneraliseerd": [
                gebied_feature("buurt", "BU03440101", "Oud West")
            ],
        },
    )

    result = wfs.fetch_boundaries("GM0344", 2019, policy)

    gemeente, wijk, _buurt = (_params(c) for c in responses.calls)
    assert "propertyName" not in wijk
    like = ET.fromstring(wijk["filter"]).find(f"{FES}PropertyIsLike")
    assert like is not None
    assert like.get("wildCard") == "*"
    assert like.findtext(f"{FES}ValueReference") == "statcode"
    assert like.findtext(f"{FES}Literal") == "WK0344*"
    equal = ET.fromstring(gemeente["filter"]).find(f"{FES}PropertyIsEqualTo")
    assert equal is not None
    assert equal.findtext(f"{FES}Literal") == "GM0344"
    assert sorted(result.frame["code"]) == ["BU03440101", "GM0344", "WK034401", "WK034402"]
    assert result.frame.set_index("code").loc["WK034402", "naam"] == "Noordwest"


@responses.activate
def test_paging_across_three_pages(policy: RetryPolicy) -> None:
    layers = wijkenbuurten_features()
    layers["wijkenbuurten:buurten"] = _buurten(5)
    register_wfs(responses.mock, URL_2024, layers, page_size=2)

    result = wfs.fetch_boundaries("GM0344", 2024, policy, page_size=2)

    calls = [_params(c) for c in responses.calls]
    buurt_calls = [p for p in calls if p["typeNames"] == "wijkenbuurten:buurten"]
    assert [(p["startIndex"], p["count"]) for p in buurt_calls] == [
        ("0", "2"),
        ("2", "2"),
        ("4", "2"),
    ]
    buurten = result.frame[result.frame["niveau"] == "buurt"]
    assert sorted(buurten["code"]) == [f"BU034401{i:02d}" for i in range(5)]


@responses.activate
def test_short_pages_do_not_stop_paging_before_number_matched(policy: RetryPolicy) -> None:
    # The server caps pages at 2 features although 3 were asked for; numberMatched says 5.
    features = _buurten(5)
    register_wfs(responses.mock, URL_2024, _without_buurten())
    for start in (0, 2, 4):
        _add_buurten_page(URL_2024, start, collection(features[start : start + 2], matched=5))

    result = wfs.fetch_boundaries("GM0344", 2024, policy, page_size=3)

    assert (result.frame["niveau"] == "buurt").sum() == 5


@responses.activate
def test_fewer_features_than_number_matched_is_an_error(policy: RetryPolicy) -> None:
    register_wfs(responses.mock, URL_2024, _without_buurten())
    _add_buurten_page(URL_2024, 0, collection(_buurten(2), matched=4))
    _add_buurten_page(URL_2024, 2, collection([], matched=4))
    with pytest.raises(DownloadError, match="onvolledig antwoord: 2 van 4 buurtgrenzen"):
        wfs.fetch_boundaries("GM0344", 2024, policy, page_size=2)


@responses.activate
def test_page_with_fewer_features_than_number_returned_is_retried(
    policy: RetryPolicy, sleeps: Sleeps
) -> None:
    layers = wijkenbuurten_features()
    cut = collection(layers["wijkenbuurten:wijken"])
    cut["features"] = cut["features"][:1]  # numberReturned still says 3
    wijken = {"typeNames": "wijkenbuurten:wijken"}
    # Registered first, so the first wijken request gets the cut page; the retry the whole one.
    responses.add(
        responses.GET,
        URL_2024,
        json=cut,
        match=[matchers.query_param_matcher(wijken, strict_match=False)],
    )
    register_wfs(responses.mock, URL_2024, layers)

    result = wfs.fetch_boundaries("GM0344", 2024, policy)

    assert result.counts["wijk"] == 3
    assert sleeps == [1.0]


@responses.activate
def test_timeouts_on_every_try(policy: RetryPolicy, sleeps: Sleeps) -> None:
    responses.add(responses.GET, URL_2024, body=requests.exceptions.ConnectTimeout("stil"))
    with pytest.raises(DownloadError) as caught:
        wfs.fetch_boundaries("GM0344", 2024, policy)
    assert str(caught.value) == "time-out na 30 s, 3 pogingen"
    assert sleeps == [1.0, 2.0]


@responses.activate
def test_exception_report_is_not_retried_and_shown(policy: RetryPolicy) -> None:
    report = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">'
        '<ows:Exception exceptionCode="InvalidParameterValue" locator="filter">'
        "<ows:ExceptionText>Filter is ongeldig</ows:ExceptionText>"
        "</ows:Exception></ows:ExceptionReport>"
    )
    responses.add(responses.GET, URL_2024, body=report, status=400, content_type="text/xml")
    with pytest.raises(DownloadError) as caught:
        wfs.fetch_boundaries("GM0344", 2024, policy)
    assert str(caught.value) == "de dienst weigerde het verzoek: Filter is ongeldig, 1 poging"
    assert len(responses.calls) == 1


@responses.activate
def test_unknown_type_name_falls_back_to_the_alternative(policy: RetryPolicy) -> None:
    url = "https://service.pdok.nl/cbs/wijkenbuurten/2023/wfs/v1_0"
    unknown = (
        '<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1">'
        '<ows:Exception exceptionCode="InvalidParameterValue" locator="typeNames">'
        "<ows:ExceptionText>Unknown feature type</ows:ExceptionText></ows:Exception>"
        "</ows:ExceptionReport>"
    )
    register_wfs(responses.mock, url, _without_buurten())
    responses.add(
        responses.GET,
        url,
        body=unknown,
        status=400,
        match=[
            matchers.query_param_matcher({"typeNames": "wijkenbuurten:buurten"}, strict_match=False)
        ],
    )
    buurten = wijkenbuurten_features()["wijkenbuurten:buurten"]
    register_wfs(responses.mock, url, {"cbs_buurten_2023": buurten})

    result = wfs.fetch_boundaries("GM0344", 2023, policy)

    assert result.counts["buurt"] == 3
    assert _params(responses.calls[-1])["typeNames"] == "cbs_buurten_2023"


@responses.activate
def test_latitude_first_coordinates_are_swapped(policy: RetryPolicy) -> None:
    layers = wijkenbuurten_features()
    for features in layers.values():
        for feature in features:
            ring = feature["geometry"]["coordinates"][0]
            feature["geometry"]["coordinates"][0] = [[y, x] for x, y in ring]
    register_wfs(responses.mock, URL_2024, layers)
    result = wfs.fetch_boundaries("GM0344", 2024, policy)
    bounds = result.frame.set_index("code").loc["GM0344", "geometry"].bounds
    assert bounds == pytest.approx((5.0, 52.0, 5.04, 52.02))


@responses.activate
def test_rd_coordinates_are_reprojected(policy: RetryPolicy) -> None:
    layers = wijkenbuurten_features()
    # Utrecht Dom tower in RD New is about (136_860, 455_900): lon 5.121, lat 52.091.
    for features in layers.values():
        for feature in features:
            feature["geometry"] = geojson_box(136_800, 455_800, 136_900, 456_000)
    register_wfs(responses.mock, URL_2024, layers)
    result = wfs.fetch_boundaries("GM0344", 2024, policy)
    lon, lat = result.frame.geometry.iloc[0].centroid.coords[0]
    assert lon == pytest.approx(5.121, abs=0.01)
    assert lat == pytest.approx(52.091, abs=0.01)


@responses.activate
def test_area_in_several_features_becomes_one(policy: RetryPolicy) -> None:
    layers = wijkenbuurten_features()
    second = wfs_feature("gemeente", "GM0344", "Utrecht")
    second["geometry"] = geojson_box(5.04, 52.00, 5.05, 52.01)
    layers["wijkenbuurten:gemeenten"].append(second)
    register_wfs(responses.mock, URL_2024, layers)
    result = wfs.fetch_boundaries("GM0344", 2024, policy)
    gemeente = result.frame[result.frame["code"] == "GM0344"]
    assert len(gemeente) == 1
    assert gemeente.geometry.iloc[0].bounds == pytest.approx((5.0, 52.0, 5.05, 52.02))
