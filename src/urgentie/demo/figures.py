"""Figures of Voorbeeldstad, written as the rows of a real CBS *KWB* Excel table.

A few latent fields per buurt (see :mod:`urgentie.demo.story`) drive every figure, so the figures
hang together the way real ones do: where *deprivation* is high, incomes, WOZ values and education
are low and bijstand, corporatiebezit and jeugdzorg are high. The fields are smoothed over the
buurt adjacency graph, so neighbouring buurten resemble each other and hot-spot statistics
(Local Moran's I, Getis-Ord) find the concentrations the story put there.

The output follows the KWB download exactly: short column names (``gwb_code_10``, ``regio``,
``a_inw`` …), one row per gemeente, wijk and buurt, text cells, and ``"."`` where CBS publishes
nothing (secret in very small buurten). Counts of people are rounded to multiples of 5 in wijken
and buurten, uitkeringen and education to tens. Wijk and gemeente rows are aggregates of the
unrounded buurt values (weighted by the right denominator for rates), as CBS computes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from urgentie.demo.geometry import Layout
from urgentie.demo.story import WIJKEN, WijkStory

YEARS: tuple[int, ...] = (2022, 2023, 2024)
DEMO_NAME = "Voorbeeldstad (demo)"
"""The gemeente's name as it appears on every page: it says it is a demo."""

# Year factors for the figures that follow national trends (prices, energy use).
_WOZ_YEAR = {2022: 1.0, 2023: 1.12, 2024: 1.135}
_INCOME_YEAR = {2022: 1.0, 2023: 1.05, 2024: 1.11}
_WEALTH_YEAR = {2022: 1.0, 2023: 1.07, 2024: 1.12}
_GAS_YEAR = {2022: 1.0, 2023: 0.87, 2024: 0.84}
_ELE_YEAR = {2022: 1.0, 2023: 0.95, 2024: 0.93}
_GROWTH = {"Lindenhof": 0.03, "Oude Haven": 0.015}
"""Yearly population growth of wijken with new homes; elsewhere about 0.3 %."""

# KWB columns in the order of the real download; each with its decimals and how a wijk or the
# gemeente aggregates it: "sum" (a count), "custom" (computed below) or the name of the weight.
KWB_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("a_inw", 0, "sum"),
    ("a_man", 0, "sum"),
    ("a_vrouw", 0, "sum"),
    ("a_00_14", 0, "sum"),
    ("a_15_24", 0, "sum"),
    ("a_25_44", 0, "sum"),
    ("a_45_64", 0, "sum"),
    ("a_65_oo", 0, "sum"),
    ("a_ongeh", 0, "sum"),
    ("a_gehuwd", 0, "sum"),
    ("a_gesch", 0, "sum"),
    ("a_verwed", 0, "sum"),
    ("a_ste", 0, "sum"),
    ("p_ste", 0, "a_inw"),
    ("a_hh", 0, "sum"),
    ("a_1p_hh", 0, "sum"),
    ("a_hh_z_k", 0, "sum"),
    ("a_hh_m_k", 0, "sum"),
    ("g_hhgro", 1, "custom"),
    ("bev_dich", 0, "custom"),
    ("a_woning", 0, "sum"),
    ("g_wozbag", 0, "a_woning"),
    ("p_1gezw", 0, "a_woning"),
    ("p_mgezw", 0, "a_woning"),
    ("p_leegsw", 0, "a_woning"),
    ("p_koopw", 0, "a_woning"),
    ("p_huurw", 0, "a_woning"),
    ("p_wcorpw", 0, "a_woning"),
    ("p_ov_hw", 0, "a_woning"),
    ("p_e_o_w", 0, "a_woning"),
    ("g_ele", 0, "a_woning"),
    ("g_gas", 0, "a_woning"),
    ("p_stadsv", 1, "a_woning"),
    ("a_opl_lg", 0, "sum"),
    ("a_opl_md", 0, "sum"),
    ("a_opl_hg", 0, "sum"),
    ("p_arb_pp", 0, "n_15_75"),
    ("g_ink_pi", 1, "a_inw"),
    ("p_ink_li", 1, "a_inw"),
    ("p_hh_lkk", 1, "a_hh"),
    ("p_hh_osm", 1, "a_hh"),
    ("p_hh_110", 1, "a_hh"),
    ("m_hh_ver", 1, "a_hh"),
    ("a_soz_wb", 0, "sum"),
    ("a_soz_ao", 0, "sum"),
    ("a_soz_ww", 0, "sum"),
    ("a_jz_tn", 0, "sum"),
    ("p_jz_tn", 1, "n_jeugd"),
    ("a_wmo_t", 0, "sum"),
    ("p_wmo_t", 0, "a_inw"),
    ("g_pau_hh", 1, "a_hh"),
    ("g_pau_km", 0, "a_lan_ha"),
    ("g_afs_hp", 1, "a_inw"),
    ("g_afs_gs", 1, "a_inw"),
    ("g_afs_kv", 1, "a_inw"),
    ("g_afs_sc", 1, "a_inw"),
    ("g_3km_sc", 1, "a_inw"),
    ("a_opp_ha", 0, "sum"),
    ("a_lan_ha", 0, "sum"),
    ("a_wat_ha", 0, "sum"),
    ("ste_mvs", 0, "custom"),
    ("ste_oad", 0, "a_woning"),
)
ID_COLUMNS = ("gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs", "gwb_code", "ind_wbi")
TAIL_COLUMNS = ("pst_mvp", "pst_dekp")

_PEOPLE_COUNTS = {c for c, _, how in KWB_COLUMNS if how == "sum"} - {
    "a_opl_lg",
    "a_opl_md",
    "a_opl_hg",
    "a_soz_wb",
    "a_soz_ao",
    "a_soz_ww",
    "a_opp_ha",
    "a_lan_ha",
    "a_wat_ha",
}
_TENS = ("a_opl_lg", "a_opl_md", "a_opl_hg", "a_soz_wb", "a_soz_ao", "a_soz_ww")
_ALWAYS_PUBLISHED = {
    "a_inw",
    "bev_dich",
    "a_opp_ha",
    "a_lan_ha",
    "a_wat_ha",
    "ste_mvs",
    "ste_oad",
    "g_afs_hp",
    "g_afs_gs",
    "g_afs_kv",
    "g_afs_sc",
    "g_3km_sc",
}
"""Published even for a buurt of a few dozen inhabitants (they describe the place, not people)."""
_SMALL_SECRET = (
    "g_ink_pi",
    "p_ink_li",
    "p_hh_lkk",
    "p_hh_osm",
    "p_hh_110",
    "m_hh_ver",
    "p_arb_pp",
    "a_opl_lg",
    "a_opl_md",
    "a_opl_hg",
    "a_jz_tn",
    "p_jz_tn",
    "a_wmo_t",
    "p_wmo_t",
    "a_ste",
    "p_ste",
    "p_leegsw",
)
"""Secret in buurten under 200 inhabitants: income, education and care data of few people."""


def latent_fields(layout: Layout, seed: int) -> pd.DataFrame:
    """The latent fields per buurt (row order of ``layout.buurten``), fixed over the years.

    Columns: ``deprivation``, ``trend``, ``age``, ``family``, ``newness``, ``urban`` (1 in the
    centre, 0 at the edge), ``density_noise``, ``growth`` and ``kind``. Each field is the wijk's
    story value plus noise, smoothed over neighbours so it varies gradually across wijk borders.
    """
    rng = np.random.default_rng([seed, 1])
    buurten = layout.buurten
    stories = {w.nr: w for w in WIJKEN}
    story_of = [stories[int(nr)] for nr in buurten["wijk_nr"]]
    n = len(buurten)

    def field(value: Callable[[WijkStory], float], noise: float) -> np.ndarray:
        story = np.array([value(s) for s in story_of])
        smooth = _smooth(story + noise * rng.standard_normal(n), layout.neighbours, rounds=2)
        # Blurring shrinks the contrasts; restore the story's spread so an opgave stays one.
        smooth = (smooth - smooth.mean()) / smooth.std() * story.std() + story.mean()
        return smooth + 0.1 * rng.standard_normal(n)

    frame = pd.DataFrame(
        {
            "deprivation": field(lambda s: s.deprivation, 0.45),
            "trend": np.array([s.trend for s in story_of]) + 0.02 * rng.standard_normal(n),
            "age": field(lambda s: s.age, 0.4),
            "family": field(lambda s: s.family, 0.4),
            "newness": np.clip(
                [s.newness + 0.06 * rng.standard_normal() for s in story_of], 0.0, 1.0
            ),
            "urban": np.clip(1.0 - buurten["rel_dist"].to_numpy(), 0.05, 1.0),
            "density_noise": rng.normal(0.0, 0.22, n),
            "growth": [
                _GROWTH.get(s.naam, 0.003) + 0.003 * rng.standard_normal() for s in story_of
            ],
            "kind": buurten["kind"].to_numpy(),
        },
        index=buurten.index,
    )
    return frame


def _smooth(values: np.ndarray, neighbours: list[list[int]], rounds: int) -> np.ndarray:
    """Average each value with the mean of its neighbours, ``rounds`` times (a graph blur)."""
    out = values.astype(float)
    for _ in range(rounds):
        means = np.array([out[nb].mean() if nb else out[i] for i, nb in enumerate(neighbours)])
        out = 0.55 * out + 0.45 * means
    return out


def buurt_truth(layout: Layout, latent: pd.DataFrame, jaar: int, seed: int) -> pd.DataFrame:
    """Unrounded figures per buurt for ``jaar``, in KWB units, plus weight columns.

    The yearly noise is small next to the fixed latent fields, so a buurt keeps its character
    and trends (one wijk improving, one worsening) stand out.
    """
    rng = np.random.default_rng([seed, jaar])
    n = len(latent)
    t_years = jaar - YEARS[0]

    def noise(scale: float) -> np.ndarray:
        return scale * rng.standard_normal(n)

    d = latent["deprivation"].to_numpy() + latent["trend"].to_numpy() * t_years + noise(0.05)
    age = latent["age"].to_numpy()
    fam = latent["family"].to_numpy()
    new = latent["newness"].to_numpy()
    u = latent["urban"].to_numpy()
    kind = latent["kind"].to_numpy()

    area_ha = layout.buurten.geometry.area.to_numpy() / 10_000
    water_share = np.select([kind == "haven", kind == "park"], [0.35, 0.12], 0.03)
    land_ha = area_ha * (1 - water_share)
    density = (1700 + 7600 * u**1.6) * np.exp(latent["density_noise"].to_numpy() + 0.12 * fam)
    inw = land_ha / 100 * density * (1 + latent["growth"].to_numpy()) ** t_years
    inw = np.select([kind == "bedrijven", kind == "park", kind == "haven"], [38, 145, 290], inw)
    inw = inw * (1 + noise(0.004))

    t = pd.DataFrame(index=latent.index)
    t["a_inw"] = inw
    share_man = 0.495 + noise(0.008)
    t["a_man"] = inw * share_man
    t["a_vrouw"] = inw * (1 - share_man)
    p0 = np.clip(15 + 3.6 * fam - 1.8 * age - 2.5 * u, 5, 28)
    p15 = np.clip(11 + 4.5 * u + 0.6 * d - 1.0 * age, 6, 26)
    p65 = np.clip(18 + 6.5 * age - 2.2 * fam - 2.0 * u, 5, 42)
    rest = 100 - p0 - p15 - p65
    p25 = rest * np.clip(0.52 + 0.12 * u - 0.04 * age, 0.35, 0.7)
    t["a_00_14"] = inw * p0 / 100
    t["a_15_24"] = inw * p15 / 100
    t["a_25_44"] = inw * p25 / 100
    t["a_45_64"] = inw * (rest - p25) / 100
    t["a_65_oo"] = inw * p65 / 100
    gesch = np.clip(7 + 1.3 * d + 0.6 * age + 1.0 * u, 3, 15)
    verwed = np.clip(4.5 + 2.4 * age, 1.5, 12)
    gehuwd = np.clip(40 - 9 * u + 4 * fam + 3 * age - 1.5 * d, 18, 62)
    t["a_gesch"] = inw * gesch / 100
    t["a_verwed"] = inw * verwed / 100
    t["a_gehuwd"] = inw * gehuwd / 100
    t["a_ongeh"] = inw * (100 - gesch - verwed - gehuwd) / 100
    p_ste = np.clip(8.5 + 3.8 * age + 0.6 * d + noise(0.6), 2, 22)
    t["a_ste"] = inw * p_ste / 1000
    t["p_ste"] = p_ste

    hh_size = np.clip(2.2 + 0.33 * fam - 0.5 * u - 0.08 * age, 1.4, 3.1)
    hh = inw / hh_size
    one_person = np.clip(35 + 24 * u - 9 * fam + 4 * age + 3 * d, 14, 76)
    with_kids = np.clip(28 + 9 * fam - 7 * u - 3 * age, 6, 58)
    with_kids = np.minimum(with_kids, 96 - one_person)
    t["a_hh"] = hh
    t["a_1p_hh"] = hh * one_person / 100
    t["a_hh_m_k"] = hh * with_kids / 100
    t["a_hh_z_k"] = hh * (100 - one_person - with_kids) / 100
    t["g_hhgro"] = hh_size

    leeg = np.clip(3.8 + 0.8 * d + 2.4 * u + noise(0.6), 1, 12)
    woningen = hh * (1 + leeg / 100)
    t["a_woning"] = woningen
    multi = np.clip(28 + 55 * u + 9 * d - 8 * fam + noise(4), 2, 98)
    t["p_mgezw"] = multi
    t["p_1gezw"] = 100 - multi
    t["p_leegsw"] = leeg
    corp = np.clip(22 + 16 * d + 6 * u + noise(3), 1, 78)
    koop = np.clip(62 - 15 * d - 18 * u + 5 * fam + noise(3), 8, 95)
    unknown = np.clip(1 + noise(0.3), 0.3, 2)
    huur = 100 - koop - unknown
    corp = np.minimum(corp, huur - 1)
    t["p_koopw"] = koop
    t["p_huurw"] = huur
    t["p_wcorpw"] = corp
    t["p_ov_hw"] = huur - corp
    t["p_e_o_w"] = unknown
    t["g_wozbag"] = np.clip(
        305 * np.exp(-0.22 * d + 0.15 * new) * (1.18 - 0.32 * multi / 100) * _WOZ_YEAR[jaar],
        140,
        720,
    ) * (1 + noise(0.01))
    stadsv = np.clip(88 * new**1.6 + noise(1.0), 0, 95)
    stadsv = np.where(stadsv < 0.5, 0.0, stadsv)
    t["p_stadsv"] = stadsv
    villa = np.clip(-d - 0.8, 0, 2)
    t["g_gas"] = (
        1450
        * (1 - 0.32 * multi / 100)
        * (1 - 0.6 * new)
        * (1 - 0.85 * stadsv / 100)
        * (1 + 0.22 * villa)
        * _GAS_YEAR[jaar]
        * (1 + noise(0.02))
    )
    t["g_gas"] = np.maximum(t["g_gas"], 220 + 30 * np.abs(noise(1)))
    t["g_ele"] = (
        2950 * (1 - 0.3 * multi / 100) * (1 + 0.05 * fam + 0.08 * villa) * _ELE_YEAR[jaar]
    ) * (1 + noise(0.015))

    n_15_75 = inw * (1 - p0 / 100 - 0.45 * p65 / 100)
    t["n_15_75"] = n_15_75
    low = np.clip(24 + 8.5 * d - 3 * u + noise(1), 6, 55)
    high = np.clip(36 - 10 * d + 9 * u + noise(1.5), 8, 75)
    known = n_15_75 * 0.93
    t["a_opl_lg"] = known * low / 100
    t["a_opl_hg"] = known * high / 100
    t["a_opl_md"] = known * (100 - low - high) / 100
    t["p_arb_pp"] = np.clip(70 - 4.5 * d - 2 * age + 1.5 * fam + noise(0.8), 50, 82)
    t["g_ink_pi"] = np.clip(
        31.5 * np.exp(-0.13 * d + 0.03 * age) * _INCOME_YEAR[jaar] * (1 + noise(0.01)), 18, 65
    )
    t["p_ink_li"] = np.clip(40 + 9.5 * d + noise(0.8), 12, 78)
    lkk = np.clip(7.2 * np.exp(0.43 * d) * (1 + noise(0.03)), 1.5, 30)
    t["p_hh_lkk"] = lkk
    t["p_hh_osm"] = np.clip(0.78 * lkk + noise(0.3), 1, 25)
    t["p_hh_110"] = np.clip(1.15 * lkk + 0.4 + noise(0.3), 2, 34)
    t["m_hh_ver"] = np.clip(90 * np.exp(-0.7 * d + 0.2 * age) * _WEALTH_YEAR[jaar], 2, 480)
    t["a_soz_wb"] = inw * np.clip(21 * np.exp(0.52 * d), 2, 110) / 1000 * (1 + noise(0.03))
    t["a_soz_ww"] = inw * np.clip(10 * np.exp(0.18 * d), 4, 25) / 1000 * (1 + noise(0.05))
    t["a_soz_ao"] = inw * np.clip(55 * np.exp(0.22 * d + 0.1 * age), 25, 110) / 1000
    jeugd = inw * (p0 / 100 + 0.3 * p15 / 100)
    t["n_jeugd"] = jeugd
    p_jz = np.clip(9.8 * np.exp(0.24 * d + 0.05 * fam) * (1 + noise(0.04)), 3, 20)
    t["a_jz_tn"] = jeugd * p_jz / 100
    t["p_jz_tn"] = p_jz
    p_wmo = np.clip(58 * np.exp(0.22 * d + 0.28 * age) * (1 + noise(0.03)), 20, 170)
    t["a_wmo_t"] = inw * p_wmo / 1000
    t["p_wmo_t"] = p_wmo
    t["g_pau_hh"] = np.clip(1.1 - 0.6 * u - 0.1 * d + 0.12 * fam + 0.1 * villa, 0.3, 1.8)
    # Cars per km² of land: households' cars over the land area.
    t["g_pau_km"] = hh * t["g_pau_hh"] / np.maximum(land_ha / 100, 0.01)
    far = (1 - u) ** 1.4
    place = np.random.default_rng([seed, 2]).standard_normal((4, n)) * 0.08  # fixed per buurt
    t["g_afs_hp"] = np.clip(0.35 + 1.0 * far + place[0], 0.2, 3)
    t["g_afs_gs"] = np.clip(0.4 + 0.9 * far + place[1], 0.2, 3)
    t["g_afs_kv"] = np.clip(0.3 + 0.6 * far + place[2], 0.1, 2)
    t["g_afs_sc"] = np.clip(0.35 + 0.7 * far + place[3], 0.2, 2)
    t["g_3km_sc"] = np.clip(5 + 17 * u, 3, 25)
    t["a_opp_ha"] = area_ha
    t["a_lan_ha"] = land_ha
    t["a_wat_ha"] = area_ha - land_ha
    t["ste_oad"] = np.where(
        kind == "bedrijven", 180.0, (450 + 5400 * u**1.4) * np.exp(0.5 * latent["density_noise"])
    )
    t["bev_dich"] = inw / (land_ha / 100)
    t["ste_mvs"] = stedelijkheid(t["ste_oad"].to_numpy())
    return t


def stedelijkheid(oad: np.ndarray) -> np.ndarray:
    """CBS mate van stedelijkheid (1 = zeer sterk … 5 = niet) from the address density."""
    return np.select([oad >= 2500, oad >= 1500, oad >= 1000, oad >= 500], [1, 2, 3, 4], 5)


def aggregate(truth: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Wijk or gemeente figures from the unrounded buurt figures, one row per group.

    Counts are summed; rates are means weighted by their own denominator (households for
    household shares, homes for housing figures, young people for jeugdzorg …), which is how a
    rate of a larger area relates to those of its parts.
    """
    rows = {}
    for key, part in truth.groupby(groups.to_numpy(), sort=True):
        row: dict[str, float] = {}
        for column, _, how in KWB_COLUMNS:
            if how == "sum":
                row[column] = float(part[column].sum())
            elif how != "custom":
                weights = part[how].to_numpy()
                row[column] = float(np.average(part[column].to_numpy(), weights=weights))
        for helper in ("n_15_75", "n_jeugd"):
            row[helper] = float(part[helper].sum())
        row["g_hhgro"] = row["a_inw"] / row["a_hh"]
        row["bev_dich"] = row["a_inw"] / (row["a_lan_ha"] / 100)
        row["ste_mvs"] = float(stedelijkheid(np.array([row["ste_oad"]]))[0])
        rows[key] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def kwb_table(layout: Layout, latent: pd.DataFrame, jaar: int, seed: int) -> pd.DataFrame:
    """The KWB table of one year: gemeente, wijk and buurt rows, all cells as text.

    Missing cells are ``"."`` as in the real download: figures of very small buurten are secret,
    and uitkeringen under ten people are not published.
    """
    truth = buurt_truth(layout, latent, jaar, seed)
    buurten = layout.buurten
    wijken = aggregate(truth, buurten["wijk_code"])
    gemeente = aggregate(truth, pd.Series("GM9999", index=truth.index))

    buurt_rows = _rounded(truth, "buurt")
    _suppress(buurt_rows, truth)
    wijk_rows = _rounded(wijken, "wijk")
    gemeente_rows = _rounded(gemeente, "gemeente")

    names = dict(zip(layout.wijken["code"], layout.wijken["naam"], strict=True))
    parts = [
        _with_ids(gemeente_rows, ["GM9999"], [DEMO_NAME], "Gemeente"),
        _with_ids(wijk_rows, wijk_rows.index, [names[c] for c in wijk_rows.index], "Wijk"),
        _with_ids(buurt_rows, buurten["code"], buurten["naam"], "Buurt", buurten["postcode"]),
    ]
    table = pd.concat(parts, ignore_index=True)
    # CBS order: the gemeente, then each wijk followed by its buurten.
    wijk_key = table["gwb_code_10"].str[:8].str.replace("BU", "WK", regex=False)
    order = pd.DataFrame({"gm": table["recs"] != "Gemeente", "wijk": wijk_key})
    order["code"] = table["gwb_code_10"].str.startswith("BU")
    table = table.loc[order.sort_values(["gm", "wijk", "code"], kind="stable").index]
    columns = [*ID_COLUMNS, *(c for c, _, _ in KWB_COLUMNS), *TAIL_COLUMNS]
    return table.reindex(columns=columns).fillna(".").reset_index(drop=True)


def _with_ids(
    rows: pd.DataFrame,
    codes: Iterable[str],
    names: Iterable[str],
    recs: str,
    postcodes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """``rows`` with the KWB identifying columns in front (and the postcode for buurten)."""
    code = pd.Series(list(codes), dtype=str)
    ids = pd.DataFrame(
        {
            "gwb_code_10": code,
            "gwb_code_8": code.str[2:],
            "regio": list(names),
            "gm_naam": DEMO_NAME,
            "recs": recs,
            "gwb_code": code,
            "ind_wbi": "1",
            "pst_mvp": list(postcodes) if postcodes is not None else ".",
            "pst_dekp": "1" if postcodes is not None else ".",
        }
    )
    return pd.concat([ids, rows.reset_index(drop=True)], axis=1)


def _rounded(values: pd.DataFrame, level: str) -> pd.DataFrame:
    """Round like CBS and format as text: people counts to fives (not for the gemeente)."""
    out = pd.DataFrame(index=values.index)
    for column, decimals, _ in KWB_COLUMNS:
        series = values[column].astype(float)
        if column in _TENS:
            series = np.maximum((series / 10).round() * 10, 10)
        elif column in _PEOPLE_COUNTS and level != "gemeente":
            series = (series / 5).round() * 5
        out[column] = series.map(lambda v, d=decimals: _fmt(v, d))
    if level != "gemeente":
        # Uitkeringen of fewer than five people are not published (privacy), never shown as 0.
        for column in ("a_soz_wb", "a_soz_ao", "a_soz_ww"):
            out.loc[values[column] < 5, column] = "."
    return out


def _fmt(value: float, decimals: int) -> str:
    if not np.isfinite(value):
        return "."
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}"


def _suppress(rows: pd.DataFrame, truth: pd.DataFrame) -> None:
    """Blank what CBS keeps secret in small buurten (in place)."""
    inw = truth["a_inw"]
    tiny = inw < 50
    rows.loc[tiny, [c for c in rows.columns if c not in _ALWAYS_PUBLISHED]] = "."
    small = inw < 200
    rows.loc[small, list(_SMALL_SECRET)] = "."
    few_young = truth["n_jeugd"] < 60
    rows.loc[few_young, ["a_jz_tn", "p_jz_tn"]] = "."
    few_households = truth["a_hh"] < 100
    rows.loc[few_households, ["m_hh_ver", "p_hh_osm", "p_hh_110"]] = "."
