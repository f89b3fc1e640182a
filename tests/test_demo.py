"""The demo gemeente Voorbeeldstad: geometry, figures and the pipeline path.

The demo is built once per module into a temporary store (about two seconds); tests that need a
fresh data directory use the ``data_dir`` fixture.
"""

from __future__ import annotations

from pathlib import Path

import esda
import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
import shapely

from urgentie.canonical import CODE_PATTERNS, wijk_of
from urgentie.demo import DEMO_CODE, DEMO_NAME, YEARS, build_demo, ensure_demo, generate
from urgentie.demo.geometry import RD, build_layout
from urgentie.demo.story import SEED, WIJKEN
from urgentie.demo.thirdparty import RIVM_YEARS
from urgentie.indicators import BY_KEY, INDICATOR_KEYS, RIVM_TABLE
from urgentie.store.areas import AreaStore, Manifest, SourceRecord


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> AreaStore:
    store = AreaStore(tmp_path_factory.mktemp("demo") / "data")
    build_demo(store)
    return store


@pytest.fixture(scope="module")
def frames(store: AreaStore) -> dict[int, gpd.GeoDataFrame]:
    return {jaar: store.load(DEMO_CODE, jaar) for jaar in YEARS}


@pytest.fixture(scope="module")
def layout():
    return build_layout(SEED)


def _level(frame: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    return frame[frame["niveau"] == level].reset_index(drop=True)


# --- geometry -------------------------------------------------------------------------------


def test_buurten_tile_the_outline_without_gaps_or_overlaps(layout) -> None:
    tiles = layout.buurten.geometry
    outline_area = layout.outline.area
    union = shapely.union_all(tiles.to_numpy())
    assert union.area == pytest.approx(outline_area, rel=1e-9)
    assert tiles.area.sum() == pytest.approx(outline_area, rel=1e-9)
    assert union.symmetric_difference(layout.outline).area < 1e-3
    left, right = shapely.STRtree(tiles.to_numpy()).query(tiles.to_numpy(), "intersects")
    pairs = [(i, j) for i, j in zip(left, right, strict=True) if i < j]
    assert pairs, "neighbouring buurten must touch"
    overlap = sum(tiles.iloc[i].intersection(tiles.iloc[j]).area for i, j in pairs)
    assert overlap < 1e-3  # square metres, over the whole town


def test_stored_tiling_stays_exact_after_reprojection(frames) -> None:
    buurten = _level(frames[2024], "buurt").to_crs(RD)
    gemeente = _level(frames[2024], "gemeente").to_crs(RD).geometry.iloc[0]
    union = shapely.union_all(buurten.geometry.to_numpy())
    assert buurten.area.sum() == pytest.approx(gemeente.area, rel=1e-7)
    assert union.symmetric_difference(gemeente).area < 1.0


def test_every_buurt_lies_in_exactly_one_wijk_which_is_their_union(frames) -> None:
    frame = frames[2024]
    buurten = _level(frame, "buurt")
    wijken = _level(frame, "wijk").to_crs(RD)
    points = buurten.to_crs(RD).geometry.representative_point()
    for point, code in zip(points, buurten["wijk_code"], strict=True):
        containing = wijken.loc[wijken.contains(point), "code"].tolist()
        assert containing == [code]
    for _, wijk in wijken.iterrows():
        members = buurten[buurten["wijk_code"] == wijk["code"]].to_crs(RD)
        union = shapely.union_all(members.geometry.to_numpy())
        assert union.symmetric_difference(wijk.geometry).area < 1.0
        assert wijk.geometry.geom_type == "Polygon", "a wijk is one contiguous piece"


def test_size_codes_and_names(frames) -> None:
    frame = frames[2024]
    wijken, buurten = _level(frame, "wijk"), _level(frame, "buurt")
    assert len(wijken) >= 8
    assert len(buurten) >= 50
    assert (frame["gemeente_code"] == DEMO_CODE).all()
    for level, codes in (("wijk", wijken["code"]), ("buurt", buurten["code"])):
        assert codes.str.match(CODE_PATTERNS[level]).all()
        assert codes.str[2:6].eq("9999").all()
    assert (buurten["code"].map(wijk_of) == buurten["wijk_code"]).all()
    assert frame["naam"].is_unique, "a name must point to one area (notes use names)"
    assert "demo" in _level(frame, "gemeente")["naam"].iloc[0].lower()
    assert set(wijken["naam"]) == {w.naam for w in WIJKEN}


def test_centre_has_smaller_buurten_than_the_edge(layout) -> None:
    buurten = layout.buurten
    inner = buurten.loc[buurten["rel_dist"] < 0.3].area.median()
    outer = buurten.loc[buurten["rel_dist"] > 0.7].area.median()
    assert outer > 2 * inner


def test_demo_lies_on_open_water_away_from_every_real_gemeente(frames, shared_cbs: Path) -> None:
    real = gpd.read_file(shared_cbs / "geo" / "gemeenten_2024_nl_wgs84.geojson")
    town = _level(frames[2024], "gemeente").geometry.iloc[0]
    assert not real.intersects(town).any()
    assert not real["gemeentecode"].eq(DEMO_CODE).any()


def test_every_buurt_has_a_postcode_that_points_to_one_wijk(frames) -> None:
    buurten = _level(frames[2024], "buurt")
    assert buurten["postcode"].str.fullmatch(r"[1-9]\d{3}").all()
    wijken_per_postcode = buurten.groupby("postcode")["wijk_code"].nunique()
    assert (wijken_per_postcode == 1).all()


# --- determinism ----------------------------------------------------------------------------


def test_generation_is_deterministic() -> None:
    first, second = generate(), generate()
    for jaar in YEARS:
        pd.testing.assert_frame_equal(first.tables[jaar], second.tables[jaar])
    pd.testing.assert_frame_equal(first.notes, second.notes)
    assert first.layout.buurten.geometry.geom_equals_exact(
        second.layout.buurten.geometry, tolerance=0
    ).all()


def test_two_builds_store_identical_data(store: AreaStore, tmp_path: Path) -> None:
    other = AreaStore(tmp_path / "data")
    steps: list[tuple[str, float | None]] = []
    build_demo(other, lambda message, fraction=None: steps.append((message, fraction)))
    fractions = [f for _, f in steps if f is not None]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0
    assert steps[-1] == ("klaar", 1.0)
    for jaar in YEARS:
        a, b = store.load(DEMO_CODE, jaar), other.load(DEMO_CODE, jaar)
        pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"))
        assert a.geometry.geom_equals_exact(b.geometry, tolerance=0).all()
    notes = (Path(store.root) / "demo" / "gesprekken.csv").read_bytes()
    assert notes == (Path(other.root) / "demo" / "gesprekken.csv").read_bytes()


# --- figures --------------------------------------------------------------------------------


def test_every_indicator_has_values_for_three_years(frames) -> None:
    assert len(YEARS) >= 3
    for jaar, frame in frames.items():
        gemeente = _level(frame, "gemeente").iloc[0]
        buurten = _level(frame, "buurt")
        for key in INDICATOR_KEYS:
            if BY_KEY[key].table == RIVM_TABLE and jaar not in RIVM_YEARS:
                # The Gezondheidsmonitor has survey years: 2023 has no RIVM figures of its own.
                assert not np.isfinite(gemeente[key]), (jaar, key)
                continue
            assert np.isfinite(gemeente[key]), (jaar, key)
            assert buurten[key].notna().mean() >= 0.9, (jaar, key)


def test_a_view_between_survey_years_uses_the_latest_rivm_figures(store) -> None:
    view = store.view(DEMO_CODE, 2023, "wijk", geometry=False)
    assert view["pct_eenzaam"].notna().all()
    assert set(view["pct_eenzaam_peiljaar"]) == {2022}
    assert set(view["misdrijven_per_1000_peiljaar"]) == {2023}


PLAUSIBLE = [
    ("pct_hh_laag_inkomen", 1.0, 30.0),
    ("pct_hh_sociaal_minimum", 0.5, 25.0),
    ("inkomen_per_inwoner", 18.0, 65.0),
    ("woz_waarde", 120.0, 750.0),
    ("pct_jeugdzorg", 3.0, 20.0),
    ("wmo_per_1000", 20.0, 170.0),
    ("bijstand_per_1000", 1.0, 120.0),
    ("arbeidsparticipatie", 50.0, 82.0),
    ("pct_opleiding_laag", 5.0, 60.0),
    ("pct_corporatiewoningen", 0.0, 80.0),
    ("pct_koopwoningen", 5.0, 96.0),
    ("pct_65plus", 3.0, 45.0),
    ("pct_0_14", 3.0, 30.0),
    ("gasverbruik", 150.0, 2200.0),
    ("elektriciteitsverbruik", 1200.0, 4000.0),
    ("pct_stadsverwarming", 0.0, 100.0),
    ("afstand_huisarts", 0.1, 3.0),
    ("stedelijkheid", 1.0, 5.0),
]


@pytest.mark.parametrize(("key", "low", "high"), PLAUSIBLE)
def test_values_lie_in_plausible_ranges(frames, key: str, low: float, high: float) -> None:
    for frame in frames.values():
        values = frame[key].dropna()
        assert values.between(low, high).all(), (key, values.min(), values.max())
    # A demo without contrast tells no story: the buurten must spread out.
    buurten = _level(frames[2024], "buurt")[key].dropna()
    assert buurten.max() > buurten.min()


def test_deprivation_drives_the_related_indicators(frames) -> None:
    buurten = _level(frames[2024], "buurt").dropna(subset=["pct_hh_laag_inkomen"])
    corr = buurten[
        [
            "pct_hh_laag_inkomen",
            "bijstand_per_1000",
            "pct_corporatiewoningen",
            "woz_waarde",
            "pct_opleiding_laag",
            "inkomen_per_inwoner",
        ]
    ].corr(method="spearman")["pct_hh_laag_inkomen"]
    assert corr["bijstand_per_1000"] > 0.8
    assert corr["pct_corporatiewoningen"] > 0.6
    assert corr["pct_opleiding_laag"] > 0.7
    assert corr["woz_waarde"] < -0.6
    assert corr["inkomen_per_inwoner"] < -0.7


@pytest.mark.parametrize(
    "key", ["pct_hh_laag_inkomen", "bijstand_per_1000", "pct_jeugdzorg", "woz_waarde"]
)
def test_indicators_cluster_in_space(frames, key: str) -> None:
    for jaar in (YEARS[0], YEARS[-1]):
        buurten = _level(frames[jaar], "buurt").dropna(subset=[key]).reset_index(drop=True)
        weights = libpysal.weights.Queen.from_dataframe(buurten, use_index=False)
        weights.transform = "r"
        moran = esda.Moran(buurten[key].to_numpy(), weights, permutations=999)
        assert moran.I > 0.3, (key, jaar, moran.I)
        assert moran.p_sim < 0.01


def test_local_hot_spots_are_the_designed_opgave_wijken(frames) -> None:
    buurten = _level(frames[YEARS[-1]], "buurt").dropna(subset=["pct_hh_laag_inkomen"])
    buurten = buurten.reset_index(drop=True)
    weights = libpysal.weights.Queen.from_dataframe(buurten, use_index=False)
    weights.transform = "r"
    local = esda.Moran_Local(
        buurten["pct_hh_laag_inkomen"].to_numpy(), weights, permutations=999, seed=7
    )
    hot = buurten.loc[(local.q == 1) & (local.p_sim < 0.05), "wijk_code"]
    assert len(hot) >= 4
    wijken = _level(frames[YEARS[-1]], "wijk")
    names = dict(zip(wijken["code"], wijken["naam"], strict=True))
    deprived = {w.naam for w in WIJKEN if w.deprivation >= 0.8}
    in_opgave = hot.map(names).isin(deprived).mean()
    assert in_opgave >= 0.8


def test_trends_one_wijk_improves_one_worsens(frames) -> None:
    def value(jaar: int, naam: str) -> float:
        wijken = _level(frames[jaar], "wijk").set_index("naam")
        return float(wijken.at[naam, "pct_hh_laag_inkomen"])

    first, last = YEARS[0], YEARS[-1]
    assert value(last, "Oude Haven") < value(first, "Oude Haven") - 1.5
    assert value(last, "Vlietzoom") > value(first, "Vlietzoom") + 1.5
    stable = value(last, "Zuiderpark") - value(first, "Zuiderpark")
    assert abs(stable) < 1.0


def test_one_wijk_does_well_and_one_is_the_main_opgave(frames) -> None:
    wijken = _level(frames[YEARS[-1]], "wijk").set_index("naam")
    assert wijken["pct_hh_laag_inkomen"].idxmax() == "Molenwijk"
    assert wijken["pct_hh_laag_inkomen"].idxmin() == "Zuiderpark"
    assert wijken["woz_waarde"].idxmax() == "Zuiderpark"
    assert wijken["inkomen_per_inwoner"].idxmax() in {"Zuiderpark", "De Brink"}


def test_population_counts_are_rounded_to_fives(frames) -> None:
    for frame in frames.values():
        small = frame[frame["niveau"].isin(["wijk", "buurt"])]
        assert (small["inwoners"] % 5 == 0).all()
        assert (small["huishoudens"].dropna() % 5 == 0).all()


def test_small_buurten_have_secret_cells_never_zero(frames) -> None:
    generated = generate()
    for jaar, frame in frames.items():
        buurten = _level(frame, "buurt")
        tiny = buurten[buurten["inwoners"] < 50]
        assert len(tiny) == 1, "the bedrijventerrein"
        for key in ("pct_hh_laag_inkomen", "bijstand_per_1000", "pct_jeugdzorg", "woz_waarde"):
            assert tiny[key].isna().all()
        assert buurten[list(INDICATOR_KEYS)].isna().to_numpy().sum() > 20
        table = generated.tables[jaar]
        assert (table == ".").to_numpy().sum() > 20
        numeric = table.drop(columns=["gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs"])
        numeric = numeric.drop(columns=["gwb_code", "ind_wbi", "pst_mvp", "pst_dekp"])
        # Secret cells are ".", never 0. Zero is a real value only where it can truly occur:
        # no stadsverwarming, no water, no deaths, no homes of unknown ownership.
        zeros = {c for c in numeric.columns if (numeric[c] == "0").any()}
        assert zeros <= {"p_stadsv", "a_wat_ha", "a_ste", "p_e_o_w"}
        tiny_row = table[table["gwb_code_10"].isin(tiny["code"])].iloc[0]
        for column in ("p_hh_lkk", "g_ink_pi", "a_soz_wb", "p_jz_tn", "g_wozbag", "a_00_14"):
            assert tiny_row[column] == "."


def _weighted(buurten: pd.DataFrame, key: str, weight: str) -> float:
    part = buurten.dropna(subset=[key, weight])
    return float(np.average(part[key], weights=part[weight]))


@pytest.mark.parametrize(
    ("key", "weight", "tolerance"),
    [
        ("pct_hh_laag_inkomen", "huishoudens", 0.3),
        ("bijstand_per_1000", "inwoners", 1.5),
        ("pct_jeugdzorg", "inwoners", 0.8),
        ("arbeidsparticipatie", "inwoners", 1.0),
        ("afstand_huisarts", "inwoners", 0.1),
    ],
)
def test_wijk_and_gemeente_rows_aggregate_their_buurten(
    frames, key: str, weight: str, tolerance: float
) -> None:
    frame = frames[YEARS[-1]]
    buurten, wijken = _level(frame, "buurt"), _level(frame, "wijk")
    for _, wijk in wijken.iterrows():
        members = buurten[buurten["wijk_code"] == wijk["code"]]
        assert wijk["inwoners"] == pytest.approx(members["inwoners"].sum(), abs=5 * len(members))
        assert wijk[key] == pytest.approx(_weighted(members, key, weight), abs=tolerance)
    gemeente = _level(frame, "gemeente").iloc[0]
    assert gemeente["inwoners"] == pytest.approx(buurten["inwoners"].sum(), abs=5 * len(buurten))
    assert gemeente[key] == pytest.approx(_weighted(buurten, key, weight), abs=tolerance)


def test_kwb_tables_use_the_real_short_names(shared_cbs: Path) -> None:
    real = pd.read_csv(shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.csv", nrows=1)
    table = generate().tables[2024]
    assert set(table.columns) <= set(real.columns)
    assert list(table.columns[:5]) == list(real.columns[:5])


# --- pipeline and store ---------------------------------------------------------------------


def test_demo_goes_through_the_pipeline_into_the_store(store: AreaStore, frames) -> None:
    manifests = [m for m in store.manifests() if m.gemeente_code == DEMO_CODE]
    assert sorted(m.jaar for m in manifests) == list(YEARS)
    for manifest in manifests:
        assert manifest.demo is True
        assert manifest.gemeente_naam == DEMO_NAME
        assert str(manifest.jaar) in manifest.period
        # Only the Gezondheidsmonitor misses a year: 2023 is no survey year.
        expected = (
            []
            if manifest.jaar in RIVM_YEARS
            else sorted(k for k in INDICATOR_KEYS if BY_KEY[k].table == RIVM_TABLE)
        )
        assert manifest.missing_indicators == expected
        assert manifest.without_geometry == []
        assert [s.kind for s in manifest.sources] == ["demo"]
        assert any("verzonnen" in note for note in manifest.notes)
    for frame in frames.values():
        assert set(frame["niveau"]) == {"gemeente", "wijk", "buurt"}
        assert frame.geometry.notna().all()
        assert not frame.geometry.is_empty.any()
        assert frame.crs.to_epsg() == 4326
    # Map geometry was made at save time for every level.
    for level in ("gemeente", "wijk", "buurt"):
        assert len(store.load_map_geometry(DEMO_CODE, YEARS[-1], level)) > 0


def test_build_writes_plain_files_for_the_user(store: AreaStore) -> None:
    folder = Path(store.root) / "demo"
    for jaar in YEARS:
        table = pd.read_csv(folder / f"kwb-{jaar}_{DEMO_CODE}_voorbeeldstad.csv", dtype=str)
        assert table["gwb_code_10"].iloc[0] == DEMO_CODE
        assert (table == ".").to_numpy().any()
    assert (folder / "gesprekken.csv").is_file()


def test_ensure_demo_builds_only_into_an_empty_store(data_dir: Path) -> None:
    store = AreaStore()
    assert store.root == data_dir
    ensure_demo(store)
    stamp = store.manifest(DEMO_CODE, YEARS[-1]).saved_at
    assert stamp
    ensure_demo(store)  # data present: nothing happens
    assert store.manifest(DEMO_CODE, YEARS[-1]).saved_at == stamp


def test_ensure_demo_leaves_a_store_with_real_data_alone(tmp_path: Path) -> None:
    store = AreaStore(tmp_path / "data")
    frame = _real_looking_frame()
    store.save(
        frame, Manifest("GM0344", "Utrecht", 2024, sources=[SourceRecord("bestand", "beide", "x")])
    )
    ensure_demo(store)
    assert [m.gemeente_code for m in store.manifests()] == ["GM0344"]
    assert not (tmp_path / "data" / "demo").exists()


def _real_looking_frame() -> gpd.GeoDataFrame:
    """One wijk of a real-looking gemeente, written by the test itself."""
    row = {
        "code": "WK034401",
        "naam": "Wijk 01 West",
        "niveau": "wijk",
        "gemeente_code": "GM0344",
        "gemeente_naam": "Utrecht",
        "wijk_code": None,
        "jaar": 2024,
        "indelingswijziging": "1",
        "postcode": None,
    } | dict.fromkeys(INDICATOR_KEYS, float("nan"))
    return gpd.GeoDataFrame(
        pd.DataFrame([row]), geometry=[shapely.box(5.0, 52.0, 5.1, 52.1)], crs="EPSG:4326"
    )


def test_documentation_describes_every_wijk(layout) -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "demo.md").read_text("utf-8")
    for story in WIJKEN:
        assert f"| {story.naam} | `WK9999{story.nr:02d}` |" in text
    assert f"{len(layout.wijken)} wijken en {len(layout.buurten)} buurten" in text
