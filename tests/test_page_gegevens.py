"""The page Gegevens driven with Streamlit's AppTest, uploads included.

Streamlit 1.67's AppTest can drive ``st.file_uploader`` (``FileUploader.set_value`` with
``(name, bytes, mime)``), so uploads go through the page itself with real file bytes.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import cbs_files as cf
import pytest
import streamlit as st
from apptest_support import as_read, open_page
from streamlit.testing.v1 import AppTest

from urgentie.errors import UserError
from urgentie.importing import import_files
from urgentie.store.areas import AreaStore


@pytest.fixture
def page(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("URGENTIE_DEMO", "off")  # these tests start from an empty store
    app = open_page("gegevens")
    assert not app.exception
    return app


def _texts(elements) -> list[str]:
    return [as_read(e.value) for e in elements]


def _store_proefstad(tmp_path: Path) -> None:
    import_files([cf.write_kwb_xlsx(tmp_path / "kwb-2024.xlsx")], jaar=None, store=AreaStore())
    st.cache_data.clear()


def test_empty_store_invites_to_add_data(page: AppTest) -> None:
    assert any("nog geen gegevens" in t for t in _texts(page.info))
    assert "Bron: CBS, Kadaster/PDOK — CC BY 4.0" in _texts(page.caption)
    assert page.button(key="gegevens_importeren").disabled  # nothing uploaded yet


def test_upload_through_the_page_stores_and_reports(page: AppTest, tmp_path: Path) -> None:
    xlsx = cf.write_kwb_xlsx(tmp_path / "kwb-2024_proefstad.xlsx").read_bytes()
    page.file_uploader(key="gegevens_bestanden").set_value(
        [
            ("kwb-2024_proefstad.xlsx", xlsx, "application/vnd.ms-excel"),
            ("wijken_2024.geojson", cf.boundaries_geojson_bytes(), "application/geo+json"),
        ]
    )
    page.run()
    page.button(key="gegevens_importeren").click()
    page.run()
    assert not page.exception
    assert any("Geïmporteerd" in t for t in _texts(page.success))
    reports = "\n".join(_texts(page.code))
    assert "GM9991 Proefstad: 1 gemeente, 2 wijken, 4 buurten" in reports
    overview = page.dataframe[0].value
    row = overview[overview["Code"] == "GM9991"].iloc[0]
    assert (row["Wijken"], row["Buurten"], row["Zonder grens"]) == (2, 4, 4)
    assert "kwb-2024_proefstad.xlsx" in row["Bron"] and "wijken_2024.geojson" in row["Bron"]
    stored = AreaStore().load("GM9991", 2024, "wijk")
    assert stored.geometry.notna().all()


def test_bad_upload_shows_a_dutch_error_and_stores_nothing(page: AppTest, tmp_path: Path) -> None:
    good = cf.write_kwb_xlsx(tmp_path / "kwb-2024.xlsx").read_bytes()
    page.file_uploader(key="gegevens_bestanden").set_value(
        [
            ("kwb-2024.xlsx", good, "application/octet-stream"),
            ("afgebroken.xlsx", good[: len(good) // 2], "application/octet-stream"),
        ]
    )
    page.run()
    page.button(key="gegevens_importeren").click()
    page.run()
    errors = _texts(page.error)
    assert any("afgebroken.xlsx" in e and "niets opgeslagen" in e for e in errors)
    assert AreaStore().manifests() == []


def test_upload_needs_a_year_when_the_file_has_none(page: AppTest) -> None:
    data = cf.boundaries_geojson_bytes(jaar=None)
    page.file_uploader(key="gegevens_bestanden").set_value(("grenzen.geojson", data, "x"))
    page.run()
    page.button(key="gegevens_importeren").click()
    page.run()
    assert any("jaar" in e for e in _texts(page.error))
    page.number_input(key="gegevens_jaar").set_value(2024)
    page.button(key="gegevens_importeren").click()
    page.run()
    assert not _texts(page.error)
    assert sorted(AreaStore().boundaries(2024, cf.WIJKEN).index) == sorted(cf.WIJKEN)


def test_delete_needs_confirmation(page: AppTest, tmp_path: Path) -> None:
    _store_proefstad(tmp_path)
    page.run()
    assert page.button(key="gegevens_verwijderen").disabled
    page.checkbox(key="gegevens_verwijder_zeker").check()
    page.run()
    page.button(key="gegevens_verwijderen").click()
    page.run()
    assert any("Verwijderd: Proefstad (GM9991) 2024" in t for t in _texts(page.success))
    assert AreaStore().manifests() == []
    assert any("nog geen gegevens" in t for t in _texts(page.info))


def _fetch(page: AppTest, code: str, jaar: int = 2024) -> None:
    page.text_input[0].input(code)
    page.selectbox[0].set_value(jaar)
    page.button[[b.label for b in page.button].index("Ophalen")].click()
    page.run()


def test_fetch_refuses_a_bad_gemeente_code(page: AppTest) -> None:
    _fetch(page, "Utrecht")
    assert any("geen gemeentecode" in e for e in _texts(page.error))


def _live_module(fetch) -> types.ModuleType:
    """Stands in for ``urgentie.sources.live``, which needs the internet."""
    module = types.ModuleType("urgentie.sources.live")
    module.fetch_to_store = fetch
    return module


def test_failed_fetch_keeps_the_last_good_data(
    page: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_proefstad(tmp_path)
    saved_at = AreaStore().manifest("GM9991", 2024).saved_at

    def fetch(gemeente, jaar, *, store, progress):
        progress("kerncijfers ophalen", 0.3)
        raise UserError("CBS antwoordt niet.")

    monkeypatch.setitem(sys.modules, "urgentie.sources.live", _live_module(fetch))
    _fetch(page, "GM9991")
    errors = _texts(page.error)
    assert any("CBS antwoordt niet." in e and "blijven ongewijzigd bewaard" in e for e in errors)
    assert (page.status[0].label, page.status[0].state) == ("Ophalen mislukt", "error")
    assert AreaStore().manifest("GM9991", 2024).saved_at == saved_at


def test_successful_fetch_shows_the_new_dataset(
    page: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kwb = cf.write_kwb_xlsx(tmp_path / "kwb-2024.xlsx")
    calls = []

    def fetch(gemeente, jaar, *, store, progress):
        calls.append((gemeente, jaar))
        return import_files([kwb], jaar=jaar, store=store, progress=progress)[0]

    monkeypatch.setitem(sys.modules, "urgentie.sources.live", _live_module(fetch))
    _fetch(page, "gm9991", 2023)
    assert calls == [("GM9991", 2023)]
    assert any("GM9991 2023 opgehaald" in t for t in _texts(page.success))
    overview = page.dataframe[0].value
    assert overview[["Code", "Jaar"]].values.tolist() == [["GM9991", 2023]]
