"""The demo's police and RIVM figures: the third-party tables every real gemeente can add.

Registered crime (politie, CBS 47018NED) exists for every year; the Gezondheidsmonitor small-area
estimates (RIVM, CBS 50120NED) only for its survey years, so the demo shows the latest-figure
rule at work: a 2023 view takes the health figures of 2022, labelled "cijfers van 2022".
Figures follow the same story as the Kerncijfers (they are derived from the area's share of
households with a low income and its age), with fixed noise, rounded like the publishers do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RIVM_YEARS: tuple[int, ...] = (2020, 2022, 2024)
"""Survey years of the Gezondheidsmonitor Volwassenen en Ouderen."""


def add_thirdparty(frame: pd.DataFrame, jaar: int, seed: int) -> None:
    """Add the police (and in survey years the RIVM) indicators to canonical ``frame`` in place.

    Areas whose low-income share is secret stay without these figures too (small buurten).
    """
    order = np.argsort(frame["code"].astype(str).to_numpy())
    rng = np.random.default_rng([seed, jaar, 10])
    noise = np.empty(len(frame))
    noise[order] = rng.standard_normal(len(frame))
    low = pd.to_numeric(frame.get("pct_hh_laag_inkomen"), errors="coerce").to_numpy(float)
    old = pd.to_numeric(frame.get("pct_65plus"), errors="coerce").to_numpy(float)
    young = pd.to_numeric(frame.get("pct_15_24"), errors="coerce").to_numpy(float)
    urban = 5 - pd.to_numeric(frame.get("stedelijkheid"), errors="coerce").fillna(3).to_numpy()
    old = np.where(np.isnan(old), 18.0, old)
    young = np.where(np.isnan(young), 12.0, young)

    def put(key: str, values: np.ndarray, low_: float, high: float, decimals: int) -> None:
        frame[key] = np.round(np.clip(values, low_, high), decimals)

    put("misdrijven_per_1000", 22 + 2.1 * low + 5 * urban + 3 * noise, 5, 250, 1)
    put("woninginbraak_per_1000", 0.6 + 0.06 * low + 0.25 * noise, 0, 15, 1)
    put("geweld_per_1000", 1.5 + 0.32 * low + 0.08 * young + 0.4 * noise, 0, 40, 1)
    put("vernieling_per_1000", 2.5 + 0.22 * low + 0.5 * urban + 0.4 * noise, 0, 40, 1)
    if jaar not in RIVM_YEARS:
        return
    put("pct_eenzaam", 36 + 0.7 * low + 0.12 * old + noise, 20, 75, 0)
    put("pct_ernstig_eenzaam", 7 + 0.35 * low + 0.5 * noise, 2, 30, 0)
    put("pct_mist_steun", 4 + 0.22 * low + 0.3 * noise, 1, 20, 0)
    put("pct_vrijwilligerswerk", 36 - 0.6 * low + noise, 8, 55, 0)
    put("pct_mantelzorger", 11 + 0.12 * old + 0.5 * noise, 5, 25, 0)
    put("pct_gezondheid_goed", 80 - 0.8 * low - 0.15 * old + noise, 45, 92, 0)
    put("pct_psychische_klachten", 13 + 0.55 * low + noise, 5, 45, 0)
    put("pct_beperkt_gezondheid", 17 + 0.4 * low + 0.2 * old + noise, 8, 45, 0)
    put("pct_moeite_rondkomen", 7 + 1.1 * low + noise, 2, 50, 0)
