"""The benchmark's generated data and its report (speed itself is never asserted in tests)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from urgentie import bench
from urgentie.canonical import CODE_PATTERNS
from urgentie.store.areas import AreaStore

BOUNDS = (100_000.0, 400_000.0, 130_000.0, 425_000.0)


@pytest.fixture(scope="module")
def coverage():
    return bench.voronoi_coverage(150, BOUNDS, seed=1, towns=4)


def test_generated_cells_are_a_true_coverage(coverage):
    cells = np.asarray(coverage.values)
    assert 140 <= len(cells) <= 150  # points outside the frame are dropped, none are merged
    assert shapely.is_valid(cells).all()
    assert shapely.coverage_is_valid(cells)  # no overlaps, neighbours share exact vertices
    frame_area = (BOUNDS[2] - BOUNDS[0]) * (BOUNDS[3] - BOUNDS[1])
    assert shapely.union_all(cells).area == pytest.approx(frame_area, rel=1e-9)  # no gaps


def test_generated_cells_have_real_world_vertex_density(coverage):
    vertices = shapely.get_num_coordinates(np.asarray(coverage.values))
    lengths = shapely.length(np.asarray(coverage.values))
    # Densified every 30 m: a vertex per ~30 m of boundary, hundreds per cell.
    assert np.median(lengths / vertices) == pytest.approx(30, rel=0.25)
    assert np.median(vertices) > 100


def test_generated_areas_are_canonical(coverage):
    frame = bench.generated_areas(coverage, "GM9990", "Proef", wijken=8)
    buurten = frame[frame["niveau"] == "buurt"]
    wijken = frame[frame["niveau"] == "wijk"]
    assert len(wijken) == 8
    assert buurten["code"].is_unique and frame["code"].is_unique
    assert buurten["code"].map(CODE_PATTERNS["buurt"].match).all()
    assert set(buurten["wijk_code"]) == set(wijken["code"])
    share_missing = buurten["pct_65plus"].isna().mean()
    assert 0 < share_missing < 0.2  # some figures missing, as in real data
    assert frame.crs.to_epsg() == 4326


def test_simplified_map_is_lighter_than_the_naive_map(data_dir, coverage):
    store = AreaStore()
    frame = bench.generated_areas(coverage, "GM9990", "Proef")
    bench._save(store, frame, "GM9990", "Proef", demo=False)
    figures = bench.Figures("x", "proef")
    bench.measure_maps(store, "GM9990", "buurt", figures)
    assert figures.polygons == len(frame)
    assert figures.vertices_map < figures.vertices / 2
    assert figures.payload_bytes * 10 < figures.payload_naive_bytes
    assert figures.ratios()["payload"] > 10


@pytest.mark.parametrize(
    ("payload", "naive", "switch", "rerun", "rebuilt", "expected"),
    [
        (5_000_000, 100_000_000, 200.0, 100.0, False, {"all": True}),
        (6_500_000, 100_000_000, 200.0, 100.0, False, {"nl_buurten_payload": False}),
        (5_000_000, 40_000_000, 200.0, 100.0, False, {"nl_buurten_ratio": False}),
        (5_000_000, 100_000_000, 350.0, 100.0, False, {"gemeente_switch": False}),
        (5_000_000, 100_000_000, 200.0, 180.0, False, {"non_map_rerun": False}),
        (5_000_000, 100_000_000, 200.0, 100.0, True, {"non_map_rerun": False}),
    ],
)
def test_report_checks_the_targets(payload, naive, switch, rerun, rebuilt, expected):
    demo = bench.Figures("demo", "demo", switch_ms=switch, rerun_ms=50.0)
    demo.map_rebuilt_on_rerun = False
    buurten = bench.Figures(
        "nl_buurten",
        "buurten",
        payload_bytes=payload,
        payload_naive_bytes=naive,
        rerun_ms=rerun,
        map_rebuilt_on_rerun=rebuilt,
    )
    nl = bench.Figures("nl_wijken", "wijken", skipped="bestand ontbreekt")
    met = bench.report([demo, nl, buurten])["met"]
    assert "nl_wijken_payload" not in met  # skipped datasets are not judged
    if expected == {"all": True}:
        assert all(met.values())
    else:
        for key, value in expected.items():
            assert met[key] is value
    text = bench.as_text(bench.report([demo, nl, buurten]))
    assert "overgeslagen: bestand ontbreekt" in text


def test_page_times_time_the_kaart_page_without_rebuilding_the_map(data_dir, coverage):
    from urgentie.views.apptiming import page_times

    store = AreaStore()
    frame = bench.generated_areas(coverage, "GM9990", "Proef")
    bench._save(store, frame, "GM9990", "Proef", demo=False)
    times = page_times(data_dir, "GM9990", 2024, "wijk")
    # Both runs were timed by the page clock (not the AppTest fallback) and the rerun caused by
    # the search list did not rebuild the map.
    assert 0 < times.first_ms <= times.first_wall_ms
    assert 0 < times.rerun_ms <= times.rerun_wall_ms
    assert times.map_rebuilt is False


def test_the_notes_bench_measures_every_step_on_the_same_notes():
    from urgentie.notes import bench_notes

    figures = bench_notes.run(30, progress=lambda _m: None).as_dict()
    assert figures["notes"] == 30
    assert set(figures["steps"]) == {
        "pseudonymise", "coder_old", "coder_new", "pipeline_old", "pipeline_new",
    }  # fmt: skip
    for step in figures["steps"].values():
        assert step["notes"] == 30
        assert step["seconds"] > 0
    text = bench_notes.as_text(figures)
    assert "codeboek + geleerd model" in text
    assert "notities/s" in text


def test_the_browser_benchmark_reports_ratios_and_memory_in_dutch() -> None:
    from urgentie import browser_bench

    text = browser_bench.as_text(
        {
            "geladen": ["demo", "Utrecht"],
            "leeg_ms": 259.1,
            "klik_ms": 990.7,
            "stap_ms": 657.0,
            "stem_ms": 3504.7,
            "klik_ratio": 3.82,
            "stap_ratio": 2.54,
            "stem_ratio": 13.53,
            "server_geheugen_mb": 404.4,
        }
    )
    assert "geladen: demo, Utrecht" in text
    assert "3,8 × leeg" in text and "2,5 × leeg" in text and "13,5 × leeg" in text
    assert "404 MB" in text and "(maatstaf)" in text
    assert browser_bench.as_text({"skipped": "x ontbreekt"}).endswith("x ontbreekt")


def test_bench_takes_the_browser_option() -> None:
    from urgentie.cli import build_parser

    args = build_parser().parse_args(["bench", "--browser", "--json"])
    assert args.browser and args.json
