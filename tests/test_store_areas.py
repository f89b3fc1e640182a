from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from urgentie.indicators import INDICATOR_KEYS
from urgentie.store.areas import AreaStore, Manifest, SourceRecord


def _frame(values: list[float]) -> gpd.GeoDataFrame:
    rows = []
    for i, value in enumerate(values):
        row = {
            "code": f"WK99990{i}",
            "naam": f"Wijk {i}",
            "niveau": "wijk",
            "gemeente_code": "GM9999",
            "gemeente_naam": "Proefstad",
            "wijk_code": None,
            "jaar": 2024,
            "indelingswijziging": "1",
            "postcode": None,
        }
        row.update(dict.fromkeys(INDICATOR_KEYS, float("nan")))
        row["inwoners"] = value
        rows.append(row)
    geoms = [box(5 + i * 0.01, 52, 5.01 + i * 0.01, 52.01) for i in range(len(values))]
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs="EPSG:4326")


def _manifest() -> Manifest:
    return Manifest("GM9999", "Proefstad", 2024, sources=[SourceRecord("bestand", "beide", "x")])


def test_save_and_load_round_trip(data_dir: Path) -> None:
    store = AreaStore()
    store.save(_frame([100, 200]), _manifest())
    loaded = store.load("GM9999", 2024, "wijk")
    assert loaded["inwoners"].tolist() == [100, 200]
    assert store.manifest("GM9999", 2024).counts == {"gemeente": 0, "wijk": 2, "buurt": 0}
    assert len(store.load_map_geometry("GM9999", 2024, "wijk")) == 2


def test_failed_save_keeps_the_last_good_version(data_dir: Path) -> None:
    store = AreaStore()
    store.save(_frame([100, 200]), _manifest())
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.stage(_frame([1, 2]), _manifest())
        raise RuntimeError("download brak af")
    assert store.load("GM9999", 2024)["inwoners"].tolist() == [100, 200]
    # Nothing of the failed attempt is left behind.
    versions = [p for p in (data_dir / "gebieden" / "GM9999" / "2024").iterdir() if p.is_dir()]
    assert len(versions) == 1


def test_new_save_replaces_and_prunes(data_dir: Path) -> None:
    store = AreaStore()
    store.save(_frame([100, 200]), _manifest())
    store.save(_frame([300]), _manifest())
    store.save(_frame([400]), _manifest())
    assert store.load("GM9999", 2024)["inwoners"].tolist() == [400]
    # The live version and the one just replaced (a reader may still be reading it); older
    # versions are gone.
    versions = [p for p in (data_dir / "gebieden" / "GM9999" / "2024").iterdir() if p.is_dir()]
    assert len(versions) == 2


def test_delete_leaves_nothing_and_a_damaged_dataset_does_not_break_the_list(
    data_dir: Path,
) -> None:
    store = AreaStore()
    store.save(_frame([100]), _manifest())
    other = _manifest()
    other.jaar = 2023
    frame = _frame([5])
    frame["jaar"] = 2023
    store.save(frame, other)
    (data_dir / "gebieden" / "GM9999" / "2023" / "CURRENT").write_text("v-bestaat-niet")
    assert [m.jaar for m in store.manifests()] == [2024]  # the damaged one is left out
    assert store.delete("GM9999", 2024)
    assert not (data_dir / "gebieden" / "GM9999" / "2024").exists()
    assert not any(
        p.name.startswith(".verwijderd") for p in (data_dir / "gebieden" / "GM9999").iterdir()
    )


def test_unknown_dataset_is_a_clear_error(data_dir: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Geen gegevens voor GM0001"):
        AreaStore().load("GM0001", 2024)


def test_reads_through_a_transaction_see_staged_work(data_dir: Path) -> None:
    store = AreaStore()
    with store.transaction() as tx:
        tx.stage(_frame([100]), _manifest())
        # Visible inside the transaction, not outside it yet.
        assert tx.manifest("GM9999", 2024).counts == {"gemeente": 0, "wijk": 1, "buurt": 0}
        assert tx.load("GM9999", 2024)["inwoners"].tolist() == [100]
        assert store.manifest("GM9999", 2024) is None
        tx.save_boundaries(_frame([1, 2]), 2024)
        assert sorted(tx.boundaries(2024, ["WK999900", "WK999901"]).index) == [
            "WK999900",
            "WK999901",
        ]
        assert store.boundaries(2024, ["WK999900"]).empty
        # Staging the same dataset again replaces the earlier staged version.
        tx.stage(_frame([300, 400]), _manifest())
    assert store.load("GM9999", 2024)["inwoners"].tolist() == [300, 400]
    versions = [p for p in (data_dir / "gebieden" / "GM9999" / "2024").iterdir() if p.is_dir()]
    assert len(versions) == 1  # the first save of this dataset: nothing earlier to keep
    assert len(store.boundaries(2024, ["WK999900", "WK999901"])) == 2


def test_rolled_back_transaction_leaves_no_trace(data_dir: Path) -> None:
    store = AreaStore()
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.stage(_frame([100]), _manifest())
        tx.save_boundaries(_frame([1]), 2024)
        raise RuntimeError("afgebroken")
    assert store.manifests() == []
    assert [p for p in data_dir.rglob("*") if p.is_file()] == []
