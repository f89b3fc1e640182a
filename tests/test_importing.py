"""Importing files into the store: all or nothing, in any order, within the size limit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import cbs_files as cf
import pytest

from urgentie.canonical import NATIONAL
from urgentie.errors import UserError
from urgentie.importing import import_files
from urgentie.store.areas import AreaStore


def _kwb(tmp_path: Path) -> Path:
    return cf.write_kwb_xlsx(tmp_path / "kwb-2024_proefstad.xlsx")


def _boundaries(tmp_path: Path, **kwargs) -> Path:
    path = tmp_path / "wijk_gegeneraliseerd_2024.geojson"
    path.write_bytes(cf.boundaries_geojson_bytes(**kwargs))
    return path


def _snapshot(root: Path) -> dict[str, str]:
    """Every file under the data directory with a hash of its content."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_figures_then_boundaries_attach_to_the_wijken(data_dir: Path, tmp_path: Path) -> None:
    store = AreaStore()
    first = import_files([_kwb(tmp_path)], jaar=None, store=store)
    assert first[0].gemeenten[0].counts == {"gemeente": 1, "wijk": 2, "buurt": 4}
    assert len(first[0].gemeenten[0].without_geometry) == 7
    second = import_files([_boundaries(tmp_path)], jaar=None, store=store)
    assert second[0].notes  # told that the file only brought boundaries
    frame = store.load(cf.GM, 2024).set_index("code")
    assert frame.loc[list(cf.WIJKEN)].geometry.notna().all()
    # The gemeente outline is the union of its wijken (2 x 2 km).
    area = frame.geometry.to_crs("EPSG:28992").area
    assert area[cf.GM] == pytest.approx(area[list(cf.WIJKEN)].sum())
    assert area[cf.GM] == pytest.approx(4_000_000, rel=1e-3)
    manifest = store.manifest(cf.GM, 2024)
    assert sorted(manifest.without_geometry) == sorted(cf.BUURTEN)
    assert {s.part for s in manifest.sources} == {"cijfers", "grenzen"}
    # Figures survive a boundary-only import.
    assert frame.loc["WK999101", "inwoners"] == 600


@pytest.mark.parametrize("together", [True, False], ids=["een-import", "twee-imports"])
def test_order_of_figures_and_boundaries_does_not_matter(
    data_dir: Path, tmp_path: Path, together: bool
) -> None:
    store = AreaStore()
    files = [_boundaries(tmp_path), _kwb(tmp_path)]
    if together:
        import_files(files, jaar=None, store=store)
    else:
        for path in files:
            import_files([path], jaar=None, store=store)
    frame = store.load(cf.GM, 2024).set_index("code")
    assert frame.loc[list(cf.WIJKEN)].geometry.notna().all()
    assert frame.loc["WK999102", "inwoners"] == 400
    assert sorted(store.manifest(cf.GM, 2024).without_geometry) == sorted(cf.BUURTEN)


def test_boundary_file_without_names_keeps_the_names(data_dir: Path, tmp_path: Path) -> None:
    store = AreaStore()
    import_files([_kwb(tmp_path)], jaar=None, store=store)
    path = tmp_path / "grenzen_2024.geojson"
    text = cf.boundaries_geojson_bytes().decode().replace('"statnaam"', '"iets_anders"')
    path.write_text(text, encoding="utf-8")
    import_files([path], jaar=None, store=store)
    frame = store.load(cf.GM, 2024).set_index("code")
    assert frame.loc["WK999101", "naam"] == "Noord"
    assert (frame["gemeente_naam"] == "Proefstad").all()


def test_boundaries_before_any_figures_wait_in_the_library(data_dir: Path, tmp_path: Path) -> None:
    store = AreaStore()
    report = import_files([_boundaries(tmp_path)], jaar=None, store=store)[0]
    assert report.gemeenten == []
    assert report.boundaries_stored == 2
    assert store.manifests() == []
    assert sorted(store.boundaries(2024, cf.WIJKEN).index) == sorted(cf.WIJKEN)


def test_geopackage_brings_figures_and_boundaries(data_dir: Path, tmp_path: Path) -> None:
    store = AreaStore()
    path = cf.write_wijkbuurtkaart_gpkg(tmp_path / "wijkenbuurten_2024.gpkg")
    report = import_files([path], jaar=None, store=store)[0]
    assert report.excluded == 1
    manifest = store.manifest(cf.GM, 2024)
    assert manifest.counts == {"gemeente": 1, "wijk": 2, "buurt": 4}
    assert manifest.without_geometry == []
    assert manifest.sources[0].part == "beide"
    assert manifest.sources[0].file_format == "GeoPackage"


def test_several_gemeenten_also_update_the_national_overview(
    data_dir: Path, tmp_path: Path
) -> None:
    text = cf.kwb_csv_text() + cf.kwb_csv_text().split("\n", 1)[1].replace("9991", "9992")
    path = tmp_path / "kwb-2024.csv"
    path.write_text(text, encoding="utf-8")
    store = AreaStore()
    reports = import_files([path], jaar=None, store=store)
    assert [g.gemeente_code for g in reports[0].gemeenten] == ["GM9991", "GM9992"]
    national = store.manifest(NATIONAL, 2024)
    assert national.counts == {"gemeente": 2, "wijk": 4, "buurt": 0}


def test_reimport_replaces_and_keeps_one_dataset(data_dir: Path, tmp_path: Path) -> None:
    store = AreaStore()
    import_files([_kwb(tmp_path)], jaar=None, store=store)
    before = store.manifest(cf.GM, 2024)
    import_files([_kwb(tmp_path)], jaar=None, store=store)
    assert len(store.manifests()) == 1
    assert len(store.manifest(cf.GM, 2024).sources) == len(before.sources)


class _Upload:
    """What ``st.file_uploader`` hands over: a name and ``getvalue()``."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data

    def getvalue(self) -> bytes:
        return self._data


def test_uploads_and_name_bytes_pairs(data_dir: Path, tmp_path: Path) -> None:
    store = AreaStore()
    reports = import_files(
        [
            _Upload("kwb-2024.xlsx", _kwb(tmp_path).read_bytes()),
            ("grenzen.geojson", cf.boundaries_geojson_bytes()),
        ],
        jaar=None,
        store=store,
    )
    assert [r.source for r in reports] == ["kwb-2024.xlsx", "grenzen.geojson"]
    assert store.load(cf.GM, 2024, "wijk").geometry.notna().all()


def test_progress_is_reported_in_order(data_dir: Path, tmp_path: Path) -> None:
    steps: list[tuple[str, float | None]] = []
    import_files(
        [_kwb(tmp_path), _boundaries(tmp_path)],
        jaar=None,
        store=AreaStore(),
        progress=lambda m, f=None: steps.append((m, f)),
    )
    fractions = [f for _m, f in steps if f is not None]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any("kwb-2024_proefstad.xlsx" in m for m, _f in steps)


# --- all or nothing ----------------------------------------------------------------------------
@pytest.fixture
def stored(data_dir: Path, tmp_path: Path) -> tuple[AreaStore, dict[str, str]]:
    """A store holding Proefstad with boundaries, and a snapshot of every file in it."""
    store = AreaStore()
    import_files([_kwb(tmp_path), _boundaries(tmp_path)], jaar=None, store=store)
    return store, _snapshot(data_dir)


@pytest.mark.parametrize(("name", "make", "message"), cf.BAD_FILES, ids=cf.BAD_FILE_IDS)
def test_a_bad_file_leaves_the_store_unchanged(
    stored, data_dir: Path, tmp_path: Path, name: str, make, message: str
) -> None:
    store, before = stored
    saved_at = store.manifest(cf.GM, 2024).saved_at
    good = ("wijkenbuurten_2023.gpkg", cf.write_wijkbuurtkaart_gpkg(tmp_path / "g.gpkg", 2023))
    good_bytes = (good[0], good[1].read_bytes())
    with pytest.raises(UserError, match=message):
        import_files([good_bytes, (name, make(tmp_path))], jaar=None, store=store)
    assert store.manifest(cf.GM, 2024).saved_at == saved_at
    assert store.manifest(cf.GM, 2023) is None  # the good file was not stored either
    assert _snapshot(data_dir) == before


def test_a_failure_while_writing_leaves_nothing(stored, data_dir: Path, tmp_path: Path) -> None:
    store, before = stored
    # GM9992's folder cannot be made (a file is in the way): the second merge fails after
    # the first (GM9991, 2023, with boundaries) was already staged.
    (data_dir / "gebieden" / "GM9992").write_text("in de weg", encoding="utf-8")
    before = _snapshot(data_dir)
    other = cf.kwb_csv_text().replace("9991", "9992").encode()
    gpkg = cf.write_wijkbuurtkaart_gpkg(tmp_path / "wijkenbuurten_2023.gpkg", 2023)
    with pytest.raises(UserError, match="Er is niets gewijzigd"):
        import_files([gpkg, ("kwb-2023.csv", other)], jaar=None, store=store)
    assert store.manifest(cf.GM, 2023) is None
    assert _snapshot(data_dir) == before
    assert not (data_dir / "grenzen" / "2023").exists()


def test_files_over_the_size_limit_are_refused(
    stored, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, before = stored
    monkeypatch.setenv("URGENTIE_MAX_UPLOAD_MB", "0.001")
    with pytest.raises(UserError, match=r"MB; de grens is 0,001 MB \(instelling URGENTIE_MAX"):
        import_files([_kwb(tmp_path)], jaar=None, store=store)
    assert _snapshot(data_dir) == before


def test_the_same_file_twice_is_refused(data_dir: Path, tmp_path: Path) -> None:
    path = _kwb(tmp_path)
    with pytest.raises(UserError, match="twee keer"):
        import_files([path, path], jaar=None, store=AreaStore())


def test_a_missing_path_is_a_dutch_error(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="niet gevonden"):
        import_files([tmp_path / "bestaat-niet.xlsx"], jaar=None, store=AreaStore())


def test_report_names_indicators_without_any_figure(data_dir: Path, tmp_path: Path) -> None:
    # Make g_wozbag (WOZ-waarde) "." in every row: the column is there, the figures are not.
    rows = tuple((*r[:15], ".", *r[16:]) for r in cf.KWB_ROWS)
    path = tmp_path / "kwb-2024.csv"
    path.write_text(cf.kwb_csv_text(rows), encoding="utf-8")
    report = import_files([path], jaar=None, store=AreaStore())[0]
    note = next(n for n in report.notes if "zonder cijfers" in n)
    assert "woz_waarde" in note
    assert "inwoners" not in note
    # Indicators whose columns are absent are listed separately.
    assert "pct_jeugdzorg" in report.missing_indicators
    assert "pct_jeugdzorg" not in note


def test_integrate_on_its_own_commits_one_source(data_dir: Path, tmp_path: Path) -> None:
    """Other sources (live, demo) call ``integrate`` without a transaction of their own."""
    from urgentie.pipeline import integrate
    from urgentie.sources.detect import SourceFile
    from urgentie.sources.files import read_file

    store = AreaStore()
    incoming = read_file(SourceFile.of(_kwb(tmp_path))).incoming
    report = integrate(store, incoming)
    assert report.gemeenten[0].counts == {"gemeente": 1, "wijk": 2, "buurt": 4}
    assert store.manifest(cf.GM, 2024).counts == report.gemeenten[0].counts
