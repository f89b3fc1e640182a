"""Acceptance on the command line: the real Utrecht 2024 first release plus an earlier full year
(a small KWB file the test writes, in the real format) gives a 2024 view with older figures,
each with its peiljaar, and a composite; the 2024 release alone withholds it."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from urgentie.analysis.scores import composite_withheld, compute_scores, coverage_text
from urgentie.cli import main
from urgentie.store.areas import AreaStore
from urgentie.store.latest import figure_years

WIJKEN = [f"WK0344{n:02d}" for n in range(1, 11)]
# KWB short names of a full release: income, benefits, care, housing, energy, education …
FULL = [
    "a_inw", "a_hh", "p_jz_tn", "g_afs_kv", "a_opl_lg", "a_opl_md", "a_opl_hg", "g_afs_sc",
    "g_3km_sc", "p_arb_pp", "g_ink_pi", "p_hh_lkk", "p_hh_osm", "p_wmo_t", "g_afs_hp",
    "a_soz_ao", "g_wozbag", "p_wcorpw", "p_leegsw", "g_afs_gs", "g_pau_km", "g_gas", "g_ele",
    "p_stadsv", "ind_wbi",
]  # fmt: skip


def full_2023(folder: Path) -> Path:
    """A full KWB 2023 release of Utrecht's ten wijken (invented figures, real layout)."""
    rng = random.Random(2023)
    header = ["gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs", "gwb_code", *FULL]
    rows = []
    for code in ["GM0344", *WIJKEN]:
        values = {k: round(rng.uniform(1, 90), 1) for k in FULL}
        values.update(a_inw=30000, a_hh=15000, a_soz_ao=rng.randint(900, 2500), ind_wbi=1)
        values.update(a_opl_lg=rng.randint(2000, 8000), a_opl_md=9000, a_opl_hg=9000)
        recs = "Gemeente" if code.startswith("GM") else "Wijk"
        rows.append([code, code[2:], f"Gebied {code}", "Utrecht", recs, code, *values.values()])
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path = folder / "kwb-2023_GM0344_volledig.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.shared_data
def test_first_release_plus_earlier_full_year(
    shared_cbs: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx"
    assert main(["data", "import", str(release)]) == 0
    alone = AreaStore().view("GM0344", 2024, "wijk", geometry=False)
    assert composite_withheld(compute_scores(alone))

    assert main(["data", "import", str(full_2023(data_dir.parent)), "--jaar", "2023"]) == 0
    capsys.readouterr()
    assert main(["data", "show", "GM0344", "--jaar", "2024", "--niveau", "wijk"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["code"] for r in rows] == WIJKEN
    first = rows[0]
    # 2024 has population, 2023 the rest: each figure says its year.
    assert first["inwoners_peiljaar"] == "2024" and first["inwoners"] == "29710"
    assert first["pct_hh_laag_inkomen_peiljaar"] == "2023" and first["pct_hh_laag_inkomen"]
    assert first["wmo_per_1000_peiljaar"] == "2023"
    assert first["misdrijven_per_1000"] == "" and first["misdrijven_per_1000_peiljaar"] == ""
    for key in ("inwoners", "pct_hh_laag_inkomen", "woz_waarde", "gasverbruik"):
        assert f"{key}_peiljaar" in rows[0]

    view = AreaStore().view("GM0344", 2024, "wijk", geometry=False)
    result = compute_scores(view)
    assert not composite_withheld(result)
    assert result.composite.notna().all()
    text = coverage_text(result, figure_years(view, list(result.indicator_z.columns)))
    # Sociaal functioneren and veiligheid need the RIVM and police tables.
    assert text == "7 van 9 domeinen, cijfers 2023"


@pytest.mark.shared_data
def test_max_age_keeps_old_figures_out(
    shared_cbs: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx"
    assert main(["data", "import", str(release)]) == 0
    assert main(["data", "import", str(full_2023(data_dir.parent)), "--jaar", "2023"]) == 0
    monkeypatch.setenv("URGENTIE_CIJFERS_MAX_LEEFTIJD", "0")
    view = AreaStore().view("GM0344", 2024, "wijk", geometry=False)
    assert view["pct_hh_laag_inkomen"].isna().all()
