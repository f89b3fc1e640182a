"""Recorded CBS StatLine and PDOK WFS responses, written by this project in the real formats.

- StatLine OData v3 feed (``https://opendata.cbs.nl/ODataFeed/odata/<id>/``), as ``cbsodata``
  requests it: a service document, then every entity set as ``{"odata.metadata", "value"}``
  with ``odata.nextLink`` when there is a next page. The TypedDataSet pads strings to a fixed width
  (``"GM0344    "``, ``"Gemeente  "``) and has ``null`` for missing figures; DataProperties and
  TableInfos have the fields of the real 85984NED files (see ``../shared/data/cbs/kerncijfers``).
- PDOK WFS 2.0 GetFeature as GeoJSON: a FeatureCollection with ``numberMatched`` and
  ``numberReturned``, camelCase properties, ``water`` ``JA``/``NEE`` and sentinels (-99995).

The gemeente is a small, made-up version of GM0344 Utrecht: 2 wijken, 3 buurten, one water wijk
in the boundaries only. Every figure below is invented for the tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
import responses
from responses import matchers
from shapely.geometry import box, mapping

from urgentie.sources.http import RetryPolicy

FEED = "https://opendata.cbs.nl/ODataFeed/odata/{table}/"


class Sleeps(list):
    """Stands in for ``time.sleep`` in a retry policy: records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def policy(sleeps: Sleeps) -> RetryPolicy:
    """Three attempts, 30 s timeout, waits of 1 s then 2 s (recorded in ``sleeps``)."""
    return RetryPolicy(timeout=30, attempts=3, backoff=1.0, sleep=sleeps)


@dataclass(frozen=True)
class Column:
    base: str
    key: str
    title: str
    datatype: str
    unit: str
    decimals: int = 0


@dataclass
class Table:
    table_id: str
    year: int
    modified: str
    columns: list[Column]

    @property
    def url(self) -> str:
        return FEED.format(table=self.table_id)

    def key(self, base: str) -> str:
        return next(c.key for c in self.columns if c.base == base)


def _regio(suffixes: tuple[int, int, int, int]) -> list[Column]:
    gm, soort, cod, ind = suffixes
    return [
        Column("Gemeentenaam", f"Gemeentenaam_{gm}", "Gemeentenaam", "String", "naam"),
        Column("SoortRegio", f"SoortRegio_{soort}", "Soort regio", "String", "omschrijving"),
        Column("Codering", f"Codering_{cod}", "Codering", "String", "code"),
        Column(
            "IndelingswijzigingGemeenteWijkBuurt",
            f"IndelingswijzigingGemeenteWijkBuurt_{ind}",
            "Indelingswijziging gemeente, wijk, buurt",
            "String",
            "code",
        ),
    ]


def table_2024() -> Table:
    """Keys as in the real DataProperties of 85984NED."""
    return Table(
        "85984NED",
        2024,
        "2025-03-27T02:00:00",
        [
            *_regio((1, 2, 3, 4)),
            Column("AantalInwoners", "AantalInwoners_5", "Aantal inwoners", "Long", "aantal"),
            Column(
                "HuishoudensTotaal", "HuishoudensTotaal_29", "Huishoudens totaal", "Long", "aantal"
            ),
            Column(
                "Eenpersoonshuishoudens",
                "Eenpersoonshuishoudens_30",
                "Eenpersoonshuishoudens",
                "Long",
                "aantal",
            ),
            Column(
                "GemiddeldeWOZWaardeVanWoningen",
                "GemiddeldeWOZWaardeVanWoningen_39",
                "Gemiddelde WOZ-waarde van woningen",
                "Long",
                "x 1 000 euro",
            ),
            Column(
                "HuishoudensMetEenLaagInkomen",
                "HuishoudensMetEenLaagInkomen_89",
                "Huishoudens met een laag inkomen",
                "Double",
                "%",
                1,
            ),
            Column(
                "MeestVoorkomendePostcode",
                "MeestVoorkomendePostcode_125",
                "Meest voorkomende postcode",
                "String",
                "code",
            ),
        ],
    )


def table_2019() -> Table:
    """A 2019-style table: other suffixes, the old WOZ base name, no low-income column."""
    return Table(
        "84583NED",
        2019,
        "2020-07-01T02:00:00",
        [
            *_regio((1, 2, 3, 4)),
            Column("AantalInwoners", "AantalInwoners_5", "Aantal inwoners", "Long", "aantal"),
            Column(
                "HuishoudensTotaal", "HuishoudensTotaal_28", "Huishoudens totaal", "Long", "aantal"
            ),
            Column(
                "Eenpersoonshuishoudens",
                "Eenpersoonshuishoudens_29",
                "Eenpersoonshuishoudens",
                "Long",
                "aantal",
            ),
            Column(
                "GemiddeldeWOZWaardeVanWoningen",
                "GemiddeldeWoningwaarde_35",
                "Gemiddelde woningwaarde",
                "Long",
                "x 1 000 euro",
            ),
            Column(
                "MeestVoorkomendePostcode",
                "MeestVoorkomendePostcode_101",
                "Meest voorkomende postcode",
                "String",
                "code",
            ),
        ],
    )


@dataclass
class Region:
    code: str
    soort: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    gemeente: str = "Utrecht"


def regions() -> list[Region]:
    """Figures by base name; None is what CBS sends for a secret or unknown figure."""

    def v(inw: int, hh: int | None, een: int | None, woz: int | None, laag: float | None, pc=None):
        return {
            "AantalInwoners": inw,
            "HuishoudensTotaal": hh,
            "Eenpersoonshuishoudens": een,
            "GemiddeldeWOZWaardeVanWoningen": woz,
            "HuishoudensMetEenLaagInkomen": laag,
            "MeestVoorkomendePostcode": pc,
            "IndelingswijzigingGemeenteWijkBuurt": "1",
        }

    nl = v(17942942, 8180000, 3200000, 400, 7.1)
    nl["IndelingswijzigingGemeenteWijkBuurt"] = None
    return [
        Region("NL00", "Land", "Nederland", nl, gemeente="Nederland"),
        Region("GM0344", "Gemeente", "Utrecht", v(374238, 190000, 95000, 411, 10.5)),
        Region("WK034401", "Wijk", "Wijk 01 West", v(29710, 16000, 9600, 350, 12.3)),
        Region("BU03440101", "Buurt", "Oud West", v(1234, 800, 400, 420, None, "3513")),
        Region("BU03440102", "Buurt", "Lombok", v(9000, 5000, 3000, None, 14.0, "3531")),
        Region("WK034402", "Wijk", "Wijk 02 Noordwest", v(20000, 9000, 3600, 300, 9.0)),
        Region("BU03440201", "Buurt", "Zuilen", v(20000, 9000, 3600, 300, 9.0, "3553")),
    ]


# --- OData v3 feed ------------------------------------------------------------------------------


def feed(table: Table, entity_set: str, value: list[dict], next_link: str | None = None) -> dict:
    page: dict[str, Any] = {
        "odata.metadata": f"{table.url}$metadata#Cbs.OData.WebAPI.{entity_set}",
        "value": value,
    }
    if next_link:
        page["odata.nextLink"] = next_link
    return page


def service_document(table: Table) -> dict:
    names = [
        "TableInfos",
        "UntypedDataSet",
        "TypedDataSet",
        "DataProperties",
        "CategoryGroups",
        "WijkenEnBuurten",
    ]
    return {
        "odata.metadata": f"{table.url}$metadata",
        "value": [{"name": n, "url": f"{table.url}{n}"} for n in names],
    }


def table_infos(table: Table) -> list[dict]:
    title = f"Kerncijfers wijken en buurten {table.year}"
    return [
        {
            "ID": 0,
            "Title": title,
            "ShortTitle": title,
            "Identifier": table.table_id,
            "Summary": "Kerncijfers over demografische en sociaal-economische kenmerken",
            "Modified": table.modified,
            "ReasonDelivery": "Actualisering",
            "ExplanatoryText": "",
            "Language": "nl",
            "Catalog": "CBS",
            "Frequency": "Onregelmatig",
            "Period": str(table.year),
            "ShortDescription": "",
            "Description": "",
            "DefaultPresentation": "",
            "DefaultSelection": "$filter=((WijkenEnBuurten eq 'NL00      '))",
            "GraphTypes": "Table,Map",
            "OutputStatus": "Regulier",
            "Source": "CBS.",
            "MetaDataModified": table.modified,
            "SearchPriority": "2",
        }
    ]


def data_properties(table: Table) -> list[dict]:
    props: list[dict] = [
        {
            "odata.type": "Cbs.OData.GeoDetail",
            "ID": 0,
            "Position": 0,
            "ParentID": None,
            "Type": "GeoDetail",
            "Key": "WijkenEnBuurten",
            "Title": "Wijken en buurten",
            "Description": "",
            "MapYear": table.year,
        },
        {
            "odata.type": "Cbs.OData.TopicGroup",
            "ID": 1,
            "Position": None,
            "ParentID": None,
            "Type": "TopicGroup",
            "Key": "",
            "Title": "Regioaanduiding",
            "Description": "",
        },
    ]
    for i, column in enumerate(table.columns, start=2):
        props.append(
            {
                "odata.type": "Cbs.OData.Topic",
                "ID": i,
                "Position": int(column.key.rsplit("_", 1)[1]),
                "ParentID": 1,
                "Type": "Topic",
                "Key": column.key,
                "Title": column.title,
                "Description": "",
                "Datatype": column.datatype,
                "Unit": column.unit,
                "Decimals": column.decimals,
                "Default": "Impossible",
                "PresentationType": "Absolute",
            }
        )
    return props


def _pad(value: Any, width: int) -> Any:
    return value.ljust(width) if isinstance(value, str) else value


def typed_rows(table: Table, items: list[Region]) -> list[dict]:
    rows = []
    for i, region in enumerate(items):
        row: dict[str, Any] = {"ID": i, "WijkenEnBuurten": region.code.ljust(10)}
        for column in table.columns:
            if column.base == "Gemeentenaam":
                value: Any = _pad(region.gemeente, 40)
            elif column.base == "SoortRegio":
                value = _pad(region.soort, 10)
            elif column.base == "Codering":
                value = _pad(region.code, 10)
            else:
                value = region.values.get(column.base)
                value = _pad(value, 10) if column.datatype == "String" else value
            row[column.key] = value
        rows.append(row)
    return rows


def dimension(items: list[Region]) -> list[dict]:
    return [
        {
            "Key": r.code.ljust(10),
            "Title": r.title,
            "Description": "",
            "CategoryGroupID": None,
            "DetailRegionCode": r.code,
            "Municipality": "" if r.code == "NL00" else "GM" + r.code[2:6],
        }
        for r in items
    ]


def register_odata(
    rsps: responses.RequestsMock,
    table: Table,
    items: list[Region] | None = None,
    *,
    data_pages: int = 1,
) -> None:
    """Every request ``cbsodata.download_data`` makes for one table, in its order."""
    items = regions() if items is None else items
    url = table.url
    rsps.add(responses.GET, url, json=service_document(table))
    rsps.add(responses.GET, f"{url}TableInfos", json=feed(table, "TableInfos", table_infos(table)))
    rows = typed_rows(table, items)
    size = -(-len(rows) // data_pages) if rows else 1
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    for number, chunk in enumerate(chunks):
        more = number + 1 < len(chunks)
        link = f"{url}TypedDataSet?$format=json&$skip={(number + 1) * size}" if more else None
        match = (
            [matchers.query_param_matcher({"$skip": str(number * size)}, strict_match=False)]
            if number
            else []
        )
        rsps.add(
            responses.GET,
            f"{url}TypedDataSet",
            json=feed(table, "TypedDataSet", chunk, link),
            match=match,
        )
    rsps.add(
        responses.GET,
        f"{url}DataProperties",
        json=feed(table, "DataProperties", data_properties(table)),
    )
    rsps.add(responses.GET, f"{url}CategoryGroups", json=feed(table, "CategoryGroups", []))
    rsps.add(
        responses.GET,
        f"{url}WijkenEnBuurten",
        json=feed(table, "WijkenEnBuurten", dimension(items)),
    )


# --- PDOK WFS ------------------------------------------------------------------------------------

SHAPES = {
    "GM0344": box(5.00, 52.00, 5.04, 52.02),
    "WK034401": box(5.00, 52.00, 5.02, 52.02),
    "WK034402": box(5.02, 52.00, 5.04, 52.02),
    "WK034499": box(5.04, 52.00, 5.05, 52.02),
    "BU03440101": box(5.00, 52.00, 5.01, 52.02),
    "BU03440102": box(5.01, 52.00, 5.02, 52.02),
    "BU03440201": box(5.02, 52.00, 5.04, 52.02),
}


def _geojson(shape: Any) -> dict:
    """GeoJSON geometry with lists, as it arrives over the wire (shapely gives tuples)."""
    return json.loads(json.dumps(mapping(shape)))


def wfs_feature(level: str, code: str, name: str, water: str = "NEE", **props: Any) -> dict:
    """One feature of the wijkenbuurten layers (camelCase, as the WFS serves them)."""
    prefix = {"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}[level]
    properties: dict[str, Any] = {
        f"{prefix}code": code,
        f"{prefix}naam": name,
        "gemeentecode": "GM" + code[2:6],
        "gemeentenaam": "Utrecht",
        "water": water,
        "aantalInwoners": -99995,
        "omgevingsadressendichtheid": -99995,
    }
    properties.update(props)
    return {
        "type": "Feature",
        "id": f"{prefix}en.{code}",
        "geometry": _geojson(SHAPES[code]),
        "properties": properties,
    }


def gebied_feature(level: str, code: str, name: str) -> dict:
    """One feature of the gebiedsindelingen layers (``statcode``/``statnaam``)."""
    return {
        "type": "Feature",
        "id": f"{level}_gegeneraliseerd.{code}",
        "geometry": _geojson(SHAPES[code]),
        "properties": {
            "id": 1,
            "statcode": code,
            "jrstatcode": f"2019{code}",
            "statnaam": name,
            "rubriek": level,
        },
    }


def geojson_box(minx: float, miny: float, maxx: float, maxy: float) -> dict:
    return _geojson(box(minx, miny, maxx, maxy))


def collection(features: list[dict], matched: int | str | None = None) -> dict:
    return {
        "type": "FeatureCollection",
        "numberMatched": len(features) if matched is None else matched,
        "numberReturned": len(features),
        "timeStamp": "2025-04-01T10:00:00Z",
        "features": features,
    }


def wijkenbuurten_features() -> dict[str, list[dict]]:
    return {
        "wijkenbuurten:gemeenten": [wfs_feature("gemeente", "GM0344", "Utrecht")],
        "wijkenbuurten:wijken": [
            wfs_feature("wijk", "WK034401", "West"),
            wfs_feature("wijk", "WK034402", "Noordwest"),
            wfs_feature("wijk", "WK034499", "Groot water", water="JA"),
        ],
        "wijkenbuurten:buurten": [
            wfs_feature("buurt", "BU03440101", "Oud West", aantalInwoners=999),
            wfs_feature("buurt", "BU03440102", "Lombok"),
            wfs_feature("buurt", "BU03440201", "Zuilen"),
        ],
    }


def register_wfs(
    rsps: responses.RequestsMock,
    url: str,
    layers: dict[str, list[dict]],
    page_size: int = 1000,
) -> None:
    """GetFeature pages per type name, ``page_size`` features each, matched on startIndex."""
    for type_name, features in layers.items():
        starts = range(0, max(len(features), 1), page_size)
        for start in starts:
            chunk = features[start : start + page_size]
            rsps.add(
                responses.GET,
                url,
                json=collection(chunk, matched=len(features)),
                match=[
                    matchers.query_param_matcher(
                        {"typeNames": type_name, "startIndex": str(start)}, strict_match=False
                    )
                ],
            )
