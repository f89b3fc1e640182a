"""Recorded dataderden.cbs.nl feeds of the police (47018NED) and RIVM (50120NED) tables.

Written by this project in the real OData v3 shape ``cbsodata`` reads: a service document, then
each entity set as ``{"odata.metadata", "value"}`` with ``odata.nextLink`` for a next page.
Dimension keys are space-padded as CBS pads them (``"WK034401  "``, ``"1.1.1 "``), missing
figures are ``null``. The gemeente is the small made-up GM0344 of ``live_feeds``; every figure
is invented.
"""

from __future__ import annotations

from typing import Any

import responses
from responses import matchers

BASE = "https://dataderden.cbs.nl/ODataFeed/odata/{table}/"
AREAS = {
    "GM0344": "Utrecht",
    "WK034401": "Wijk 01 West",
    "WK034402": "Wijk 02 Noordwest",
    "BU03440101": "Lombok",
    "BU03440102": "Oog in Al",
    "BU03440201": "Zuilen",
}
INWONERS = {
    "GM0344": 20000,
    "WK034401": 12000,
    "WK034402": 8000,
    "BU03440101": 7000,
    "BU03440102": 5000,
    "BU03440201": 8000,
}
# Counts per crime code and area, 2023.
CRIME_2023 = {
    "0.0.0": {
        "GM0344": 1600,
        "WK034401": 1000,
        "WK034402": 600,
        "BU03440101": 700,
        "BU03440102": 300,
        "BU03440201": 600,
    },
    "1.1.1": {
        "GM0344": 60,
        "WK034401": 36,
        "WK034402": 24,
        "BU03440101": 20,
        "BU03440102": 16,
        "BU03440201": 24,
    },
    "2.2.1": {
        "GM0344": 200,
        "WK034401": 120,
        "WK034402": 80,
        "BU03440101": 70,
        "BU03440102": 50,
        "BU03440201": 80,
    },
    **{
        code: {
            "GM0344": 14,
            "WK034401": 8,
            "WK034402": 6,
            "BU03440101": 5,
            "BU03440102": 3,
            "BU03440201": None if code == "1.4.2" else 6,
        }
        for code in ("1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7")
    },
}
# RIVM: measure -> area -> value, survey 2022 (18+, the estimate itself).
HEALTH_2022 = {
    "ErvarenGezondheidGoedZeerGoed": {
        "GM0344": 76,
        "WK034401": 74,
        "WK034402": 79,
        "BU03440101": 72,
        "BU03440102": 77,
        "BU03440201": 79,
    },
    "BeperktVanwegeGezondheid": {
        "GM0344": 24,
        "WK034401": 26,
        "WK034402": 21,
        "BU03440101": 27,
        "BU03440102": 24,
        "BU03440201": 21,
    },
    "PsychischeKlachten": {
        "GM0344": 29,
        "WK034401": 31,
        "WK034402": 26,
        "BU03440101": 33,
        "BU03440102": 28,
        "BU03440201": 26,
    },
    "MistEmotioneleSteun": {
        "GM0344": 7,
        "WK034401": 8,
        "WK034402": 6,
        "BU03440101": 9,
        "BU03440102": 7,
        "BU03440201": 6,
    },
    "Eenzaam": {
        "GM0344": 49,
        "WK034401": 52,
        "WK034402": 45,
        "BU03440101": 55,
        "BU03440102": 48,
        "BU03440201": 45,
    },
    "ErnstigZeerErnstigEenzaam": {
        "GM0344": 13,
        "WK034401": 15,
        "WK034402": 11,
        "BU03440101": 16,
        "BU03440102": None,
        "BU03440201": 11,
    },
    "Mantelzorger": {
        "GM0344": 13,
        "WK034401": 12,
        "WK034402": 14,
        "BU03440101": 12,
        "BU03440102": 13,
        "BU03440201": 14,
    },
    "Vrijwilligerswerk": {
        "GM0344": 30,
        "WK034401": 28,
        "WK034402": 33,
        "BU03440101": 27,
        "BU03440102": 30,
        "BU03440201": 33,
    },
    "MoeiteMetRondkomen": {
        "GM0344": 17,
        "WK034401": 20,
        "WK034402": 13,
        "BU03440101": 22,
        "BU03440102": 17,
        "BU03440201": 13,
    },
}
RIVM_SUFFIX = {
    "ErvarenGezondheidGoedZeerGoed": 4,
    "BeperktVanwegeGezondheid": 17,
    "PsychischeKlachten": 20,
    "MistEmotioneleSteun": 23,
    "Eenzaam": 27,
    "ErnstigZeerErnstigEenzaam": 28,
    "Mantelzorger": 31,
    "Vrijwilligerswerk": 32,
    "MoeiteMetRondkomen": 33,
}


def _pad(code: str, width: int = 10) -> str:
    return code.ljust(width)


def _feed(url: str, entity: str, value: list[dict], link: str | None = None) -> dict:
    page: dict[str, Any] = {
        "odata.metadata": f"{url}$metadata#Cbs.OData.WebAPI.{entity}",
        "value": value,
    }
    if link:
        page["odata.nextLink"] = link
    return page


def crime_rows() -> list[dict]:
    rows = []
    for code, areas in CRIME_2023.items():
        for area, count in areas.items():
            for period, factor in (("2022JJ00", 1.1), ("2023JJ00", 1.0)):
                rows.append(
                    {
                        "ID": len(rows),
                        "SoortMisdrijf": code.ljust(6),
                        "WijkenEnBuurten": _pad(area),
                        "Perioden": period,
                        "GeregistreerdeMisdrijven_1": None
                        if count is None
                        else round(count * factor),
                    }
                )
    return rows


def health_rows() -> list[dict]:
    rows = []
    for area in AREAS:
        for marge in ("MW00000", "MOG0095"):
            for age in ("20300", "53115"):
                row: dict[str, Any] = {
                    "ID": len(rows),
                    "Marges": marge,
                    "Leeftijd": age,
                    "WijkenEnBuurten": _pad(area),
                    "Perioden": "2022JJ00",
                    "Gemeentenaam_1": "Utrecht".ljust(40),
                    "SoortRegio_2": (
                        "Gemeente"
                        if area.startswith("GM")
                        else "Wijk"
                        if area.startswith("WK")
                        else "Buurt"
                    ).ljust(10),
                    "Codering_3": _pad(area),
                }
                for measure, values in HEALTH_2022.items():
                    value = values[area]
                    # Margins and other ages differ: the reader must keep only MW00000 / 20300.
                    if value is not None and (marge != "MW00000" or age != "20300"):
                        value = value + 40
                    row[f"{measure}_{RIVM_SUFFIX[measure]}"] = value
                rows.append(row)
    return rows


def _properties(table: str) -> list[dict]:
    props: list[dict] = []
    if table == "47018NED":
        props.append(
            {
                "ID": 0,
                "Position": 0,
                "Type": "Dimension",
                "Key": "SoortMisdrijf",
                "Title": "Soort misdrijf",
            }
        )
        props.append(
            {
                "ID": 1,
                "Position": 1,
                "Type": "GeoDetail",
                "Key": "WijkenEnBuurten",
                "Title": "Wijken en buurten",
            }
        )
        props.append(
            {
                "ID": 2,
                "Position": 2,
                "Type": "TimeDimension",
                "Key": "Perioden",
                "Title": "Perioden",
            }
        )
        props.append(
            {
                "ID": 3,
                "Position": 3,
                "Type": "Topic",
                "Key": "GeregistreerdeMisdrijven_1",
                "Title": "Geregistreerde misdrijven",
                "Unit": "aantal",
                "Datatype": "Long",
            }
        )
        return props
    for i, key in enumerate(("Marges", "Leeftijd")):
        props.append({"ID": i, "Position": i, "Type": "Dimension", "Key": key, "Title": key})
    props.append(
        {
            "ID": 2,
            "Position": 2,
            "Type": "GeoDetail",
            "Key": "WijkenEnBuurten",
            "Title": "Wijken en buurten",
        }
    )
    props.append(
        {"ID": 3, "Position": 3, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"}
    )
    for measure, suffix in RIVM_SUFFIX.items():
        props.append(
            {
                "ID": 10 + suffix,
                "Position": 10 + suffix,
                "Type": "Topic",
                "Key": f"{measure}_{suffix}",
                "Title": measure,
                "Unit": "%",
                "Datatype": "Double",
            }
        )
    return props


def register(
    rsps: responses.RequestsMock,
    table: str,
    *,
    pages: int = 1,
    fail_page: int | None = None,
    status: int = 500,
) -> None:
    """Every request ``cbsodata.download_data`` makes for ``table`` on dataderden.cbs.nl.

    ``fail_page`` (0-based) answers that page of the TypedDataSet with ``status`` every time.
    """
    url = BASE.format(table=table)
    dims = ["SoortMisdrijf"] if table == "47018NED" else ["Marges", "Leeftijd"]
    names = [
        "TableInfos",
        "UntypedDataSet",
        "TypedDataSet",
        "DataProperties",
        "CategoryGroups",
        *dims,
        "WijkenEnBuurten",
        "Perioden",
    ]
    rsps.add(
        responses.GET,
        url,
        json={
            "odata.metadata": f"{url}$metadata",
            "value": [{"name": n, "url": f"{url}{n}"} for n in names],
        },
    )
    rsps.add(
        responses.GET,
        f"{url}TableInfos",
        json=_feed(
            url,
            "TableInfos",
            [
                {
                    "ID": 0,
                    "Title": table,
                    "Identifier": table,
                    "Modified": "2024-03-15T02:00:00",
                    "Catalog": "Politie" if table == "47018NED" else "RIVM",
                }
            ],
        ),
    )
    rows = crime_rows() if table == "47018NED" else health_rows()
    size = -(-len(rows) // pages)
    for number in range(pages):
        chunk = rows[number * size : (number + 1) * size]
        more = number + 1 < pages
        link = f"{url}TypedDataSet?$format=json&$skip={(number + 1) * size}" if more else None
        match = (
            [matchers.query_param_matcher({"$skip": str(number * size)}, strict_match=False)]
            if number
            else []
        )
        if fail_page == number:
            rsps.add(
                responses.GET,
                f"{url}TypedDataSet",
                status=status,
                match=match,
                body="Service Unavailable",
            )
            continue
        rsps.add(
            responses.GET,
            f"{url}TypedDataSet",
            match=match,
            json=_feed(url, "TypedDataSet", chunk, link),
        )
    rsps.add(
        responses.GET, f"{url}DataProperties", json=_feed(url, "DataProperties", _properties(table))
    )
    rsps.add(responses.GET, f"{url}CategoryGroups", json=_feed(url, "CategoryGroups", []))
    for dim in dims:
        rsps.add(responses.GET, f"{url}{dim}", json=_feed(url, dim, []))
    rsps.add(
        responses.GET,
        f"{url}WijkenEnBuurten",
        json=_feed(
            url, "WijkenEnBuurten", [{"Key": _pad(c), "Title": n} for c, n in AREAS.items()]
        ),
    )
    rsps.add(
        responses.GET,
        f"{url}Perioden",
        json=_feed(
            url,
            "Perioden",
            [{"Key": "2022JJ00", "Title": "2022"}, {"Key": "2023JJ00", "Title": "2023"}],
        ),
    )


def export_csv(table: str) -> str:
    """The StatLine CSV export of the table with OData keys as headers (``;``, quoted)."""
    rows = crime_rows() if table == "47018NED" else health_rows()
    columns = list(rows[0])
    lines = [";".join(f'"{c}"' for c in columns)]
    for row in rows:
        cells = []
        for c in columns:
            v = row[c]
            cells.append('"."' if v is None else f'"{v}"' if isinstance(v, str) else str(v))
        lines.append(";".join(cells))
    return "\n".join(lines) + "\n"
