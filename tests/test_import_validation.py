"""Bad data is refused or flagged per row in the import report, never stored silently; no
traceback for a hostile file (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import cbs_files as cf
import pandas as pd
import pytest

from urgentie.errors import UserError
from urgentie.importing import import_files
from urgentie.store.areas import AreaStore

COLUMN = {name: i for i, name in enumerate(cf.KWB_HEADER)}


def _kwb_with(tmp_path: Path, changes: dict[tuple[str, str], object]) -> Path:
    rows = []
    for row in cf.KWB_ROWS:
        values = list(row)
        for (code, column), value in changes.items():
            if row[0] == code:
                values[COLUMN[column]] = value
        rows.append(tuple(values))
    path = tmp_path / "kwb-2024.csv"
    path.write_text(cf.kwb_csv_text(tuple(rows)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("code", "column", "value", "key", "words"),
    [
        ("WK999101", "a_inw", -600, "inwoners", "niet negatief"),
        ("WK999102", "p_hh_lkk", 140, "pct_hh_laag_inkomen", "tussen 0 en 100"),
        ("BU99910101", "p_koopw", -3, "pct_koopwoningen", "tussen 0 en 100"),
    ],
)
def test_an_impossible_figure_is_reported_per_area_and_not_stored(
    data_dir: Path, tmp_path: Path, code: str, column: str, value: object, key: str, words: str
) -> None:
    store = AreaStore()
    report = import_files([_kwb_with(tmp_path, {(code, column): value})], jaar=None, store=store)[0]
    lines = [n for n in report.notes if n.startswith(code)]
    assert len(lines) == 1 and words in lines[0] and "niet opgeslagen" in lines[0], report.notes
    frame = store.load(cf.GM, 2024).set_index("code")
    assert pd.isna(frame.loc[code, key])  # the impossible figure is not stored
    others = frame.drop(index=code)[key].dropna()
    assert len(others) > 0 and (others >= 0).all()  # the rest of the column is


def test_plausible_figures_give_no_message(data_dir: Path, tmp_path: Path) -> None:
    report = import_files([_kwb_with(tmp_path, {})], jaar=None, store=AreaStore())[0]
    assert not [n for n in report.notes if "niet opgeslagen" in n]


# --- GeoJSON: hostile nesting, unknown CRS, coordinates that do not fit the CRS -------------------
def _geojson(tmp_path: Path, data: object | str, name: str = "wijken_2024.geojson") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _collection(crs: str | None, ring: list[list[float]]) -> dict:
    data: dict = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "statcode": "WK999101",
                    "statnaam": "Noord",
                    "jrstatcode": "2024WK999101",
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return data


LONLAT = [[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.01], [5.0, 52.0]]
RD = [[155000, 463000], [156000, 463000], [156000, 464000], [155000, 464000], [155000, 463000]]


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "te diep"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
            '"geometry": ' + "[" * 50_000 + "]" * 50_000 + "}]}",
            "te diep",
        ),
        (_collection("urn:ogc:def:crs:EPSG::99999", LONLAT), "EPSG:99999"),
        (_collection("EPSG:28992", LONLAT), "lengte- en breedtegraden"),
        (_collection("EPSG:4326", RD), "buiten"),
        (_collection("EPSG:28992", [[x + 5_000_000, y] for x, y in RD]), "buiten"),
    ],
    ids=[
        "diep-genest",
        "diepe-geometrie",
        "onbekend-crs",
        "lonlat-onder-rd",
        "rd-onder-wgs84",
        "ver-weg",
    ],
)
def test_a_bad_geojson_is_a_dutch_error_and_nothing_is_stored(
    data_dir: Path, tmp_path: Path, document: object, words: str
) -> None:
    store = AreaStore()
    with pytest.raises(UserError, match=words):
        import_files([_geojson(tmp_path, document)], jaar=None, store=store)
    assert not store.has_data()


def test_a_self_intersecting_polygon_is_repaired_with_a_warning(
    data_dir: Path, tmp_path: Path
) -> None:
    bowtie = [[5.0, 52.0], [5.01, 52.01], [5.01, 52.0], [5.0, 52.01], [5.0, 52.0]]
    store = AreaStore()
    report = import_files([_geojson(tmp_path, _collection(None, bowtie))], jaar=None, store=store)[
        0
    ]
    assert any("WK999101" in n and "hersteld" in n for n in report.notes), report.notes
    frame = store.load(cf.GM, 2024) if store.has_data() else None
    assert frame is None or frame.geometry.is_valid.all()


def test_wijkprofiel_opens_for_an_area_imported_from_a_geojson(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GeoJSON has no indelingswijziging: the missing value (pd.NA) must not crash the page."""
    from apptest_support import open_page

    monkeypatch.setenv("URGENTIE_DEMO", "off")
    path = tmp_path / "buurten_2024.geojson"
    path.write_bytes(cf.wfs_geojson_bytes(jaar_property=2024))
    import_files([path], jaar=2024, store=AreaStore())
    app = open_page("wijkprofiel", query={"gebied": "BU99910101"})
    assert not app.exception, [e.message for e in app.exception]
    assert not [e.value for e in app.error], [e.value for e in app.error]
    assert any("Café de Klok" in s.value for s in [*app.header, *app.subheader, *app.title])


def test_the_command_line_shows_the_dutch_message_without_a_traceback(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from urgentie.cli import main

    path = _geojson(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert main(["data", "import", str(path)]) != 0
    captured = capsys.readouterr()
    assert "te diep genest" in captured.err + captured.out
    assert "Traceback" not in captured.err + captured.out


def test_a_cbs_csv_that_mixes_encodings_is_refused_with_the_lines(
    data_dir: Path, tmp_path: Path
) -> None:
    lines = cf.kwb_csv_text().replace("Oude Kern", "Oude Kérn").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if "Kérn" in line)
    # The header and most rows in UTF-8 ("Café de Klok"), one row as Excel saves it (cp1252).
    encoded = [
        line.encode("cp1252" if i == number else "utf-8") for i, line in enumerate(lines, start=1)
    ]
    path = tmp_path / "kwb-2024.csv"
    path.write_bytes(b"\n".join(encoded) + b"\n")
    store = AreaStore()
    with pytest.raises(UserError, match=f"regel\\(s\\) {number} staan in Windows-1252"):
        import_files([path], jaar=None, store=store)
    assert not store.has_data()
