"""Police and RIVM figures per wijk and buurt: CBS third-party tables (dataderden.cbs.nl).

- **Politie** ``47018NED`` *Geregistreerde misdrijven; soort misdrijf, wijk en buurt,
  jaarcijfers*: one row per ``SoortMisdrijf`` × ``WijkenEnBuurten`` × ``Perioden`` with the count
  ``GeregistreerdeMisdrijven_1``. The catalogue sums the codes of an indicator
  (:attr:`~urgentie.indicators.Indicator.codes`) and divides by the inwoners of the same year
  from the Kerncijfers (the merge does that, see :mod:`urgentie.pipeline`), so the figures are
  per 1 000 inwoners.
- **RIVM** ``50120NED`` *Gezondheid per wijk en buurt* (Gezondheidsmonitor Volwassenen en
  Ouderen): one row per ``Marges`` × ``Leeftijd`` × ``WijkenEnBuurten`` × ``Perioden`` with
  percentages as topic columns (``Eenzaam_27``). We keep ``Marges`` ``MW00000`` (the estimate
  itself, not its interval) and ``Leeftijd`` ``20300`` (18 jaar en ouder). ``Perioden`` is the
  survey year; the figures are stored under that year and the latest-figure rule labels them.

Both are read live through ``cbsodata`` with ``catalog_url="dataderden.cbs.nl"`` (the same
feed protocol as the Kerncijfers, with ``odata.nextLink`` paging) and from their StatLine CSV
export with OData keys as headers (``WijkenEnBuurten;Perioden;SoortMisdrijf;
GeregistreerdeMisdrijven_1``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import cbsodata
import geopandas as gpd
import numpy as np
import pandas as pd

from urgentie.canonical import CODE_PATTERNS, clean_code, to_number
from urgentie.errors import UserError
from urgentie.indicators import INDICATORS, POLITIE_TABLE, RIVM_TABLE, Indicator, base_name
from urgentie.sources.http import InvalidResponseError, RetryPolicy, with_retries
from urgentie.sources.mapping import Incoming, to_canonical
from urgentie.store.areas import SourceRecord, now_iso

CATALOG = "dataderden.cbs.nl"
FEED_URL = "https://dataderden.cbs.nl/ODataFeed/odata/{table_id}/"
DIMENSION = "WijkenEnBuurten"
PERIOD = "Perioden"
CRIME_TYPE = "SoortMisdrijf"
CRIME_MEASURE = "GeregistreerdeMisdrijven"
RIVM_MARGIN, RIVM_ESTIMATE = "Marges", "MW00000"
RIVM_AGE, RIVM_ADULTS = "Leeftijd", "20300"
TITLES = {
    POLITIE_TABLE: "Geregistreerde misdrijven; soort misdrijf, wijk en buurt (politie)",
    RIVM_TABLE: "Gezondheid per wijk en buurt (RIVM/GGD Gezondheidsmonitor)",
}
FORMAT = "StatLine-export (politie/RIVM)"
_PERIOD = re.compile(r"^(\d{4})JJ00$")
_CODE_TITLE = re.compile(r"^(\d+\.\d+\.\d+)\b")


def indicators_of(table_id: str) -> tuple[Indicator, ...]:
    """The catalogue indicators that come from ``table_id``."""
    return tuple(i for i in INDICATORS if i.table == table_id)


def period_year(value: object) -> int | None:
    """``2023JJ00`` -> 2023; None for other periods (months, quarters)."""
    match = _PERIOD.match(str(value).strip())
    return int(match.group(1)) if match else None


def crime_code(value: object) -> str:
    """``'1.1.1 '`` or ``'1.1.1 Diefstal/inbraak woning'`` -> ``1.1.1``."""
    text = str(value).strip()
    match = _CODE_TITLE.match(text)
    return match.group(1) if match else text


@dataclass
class ThirdPartyTable:
    """One gemeente's figures of one third-party table and year, wide: one row per area."""

    table_id: str
    jaar: int
    figures: pd.DataFrame
    """``code`` plus one column per catalogue indicator of the table. Police columns hold
    *counts* (divided by inwoners when merged); RIVM columns hold percentages."""
    names: dict[str, str]
    modified: str = ""


def wide_figures(rows: pd.DataFrame, table_id: str, jaar: int) -> pd.DataFrame:
    """Long OData rows of one year (keys as columns) -> one row per area code.

    Raises a Dutch :class:`UserError` when the table lacks the columns it must have.
    """
    if DIMENSION not in rows.columns:
        raise UserError(f"Tabel {table_id}: kolom {DIMENSION} met gebiedscodes ontbreekt.")
    rows = rows.copy()
    rows["code"] = rows[DIMENSION].map(clean_code)
    if PERIOD in rows.columns:
        rows = rows[rows[PERIOD].map(period_year) == int(jaar)]
    pattern = "|".join(p.pattern.strip("^$") for p in CODE_PATTERNS.values())
    rows = rows[rows["code"].str.fullmatch(pattern)]
    measures = {base_name(str(c)): str(c) for c in rows.columns}
    if table_id == POLITIE_TABLE:
        return _crime(rows, measures, table_id)
    return _health(rows, measures, table_id)


def _crime(rows: pd.DataFrame, measures: dict[str, str], table_id: str) -> pd.DataFrame:
    if CRIME_TYPE not in rows.columns or CRIME_MEASURE not in measures:
        raise UserError(
            f"Tabel {table_id}: kolommen {CRIME_TYPE} en {CRIME_MEASURE}_1 ontbreken; is dit "
            "de tabel Geregistreerde misdrijven per wijk en buurt?"
        )
    counts = to_number(rows[measures[CRIME_MEASURE]])
    frame = pd.DataFrame({"code": rows["code"], "soort": rows[CRIME_TYPE].map(crime_code)})
    frame["n"] = counts.to_numpy()
    wide = pd.DataFrame({"code": sorted(frame["code"].unique())})
    for ind in indicators_of(table_id):
        part = frame[frame["soort"].isin(ind.codes)]
        # A sum is only known when every code of the indicator has a figure for the area.
        complete = part.groupby("code")["n"].count() == len(ind.codes)
        total = part.groupby("code")["n"].sum(min_count=1).where(complete)
        wide[ind.key] = wide["code"].map(total).astype("float64")
    return wide


def _health(rows: pd.DataFrame, measures: dict[str, str], table_id: str) -> pd.DataFrame:
    for column, wanted in ((RIVM_MARGIN, RIVM_ESTIMATE), (RIVM_AGE, RIVM_ADULTS)):
        if column in rows.columns:
            rows = rows[rows[column].astype(str).str.strip() == wanted]
    found = [i for i in indicators_of(table_id) if str(i.odata) in measures]
    if not found:
        raise UserError(
            f"Tabel {table_id}: geen bekende maat (zoals Eenzaam of PsychischeKlachten); is dit "
            "de tabel Gezondheid per wijk en buurt van het RIVM?"
        )
    wide = pd.DataFrame({"code": rows["code"].to_numpy()})
    for ind in indicators_of(table_id):
        column = measures.get(str(ind.odata))
        wide[ind.key] = to_number(rows[column]).to_numpy(dtype="float64") if column else np.nan
    return wide.drop_duplicates("code").reset_index(drop=True)


def to_incoming(table: ThirdPartyTable, record: SourceRecord) -> Incoming:
    """Canonical rows (figures only, no boundaries) ready for the merge."""
    figures = table.figures
    if figures.empty:
        raise UserError(
            f"Tabel {table.table_id} heeft geen cijfers voor {table.jaar} in deze selectie."
        )
    names = figures["code"].map(lambda c: table.names.get(c, ""))
    raw = figures[["code"]].assign(naam=names)
    incoming = to_canonical(
        raw,
        source="kwb",
        jaar=table.jaar,
        record=record,
        code_column="code",
        name_column="naam",
        has_figures=False,
        period=str(table.jaar),
        where=record.name,
    )
    values = figures.set_index("code")
    keys = [i.key for i in indicators_of(table.table_id)]
    for key in keys:
        incoming.frame[key] = incoming.frame["code"].astype(str).map(values[key]).astype(float)
    incoming.has_figures = True
    incoming.missing_indicators = [k for k in keys if incoming.frame[k].isna().all()]
    if table.table_id == POLITIE_TABLE:
        incoming.per_thousand = tuple(keys)
        incoming.notes.append(
            "Misdrijven zijn per 1 000 inwoners gerekend met de inwoners van de Kerncijfers van "
            f"{table.jaar}."
        )
    else:
        incoming.notes.append(
            f"Gezondheidsmonitor {table.jaar}: modelschattingen van het RIVM (18 jaar en ouder), "
            "geen tellingen."
        )
    incoming.frame = gpd.GeoDataFrame(incoming.frame, geometry="geometry", crs=incoming.frame.crs)
    return incoming


# --- live ---------------------------------------------------------------------------------------
def region_filter(gemeente: str) -> str:
    """``$filter`` for one gemeente with its wijken and buurten on the region dimension."""
    digits = gemeente[2:]
    return " or ".join(f"startswith({DIMENSION},'{p}{digits}')" for p in ("GM", "WK", "BU"))


def _download(table_id: str, gemeente: str, policy: RetryPolicy) -> dict[str, list[dict]]:
    try:
        return cbsodata.download_data(
            table_id,
            typed=False,
            filters=region_filter(gemeente),
            catalog_url=CATALOG,
            timeout=policy.timeout,
        )
    except (KeyError, TypeError) as exc:
        raise InvalidResponseError(f"onverwacht antwoord van CBS ({exc} ontbreekt)") from exc
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise InvalidResponseError("onverwacht antwoord van CBS (geen dataset)") from exc


def fetch_table(
    table_id: str, gemeente: str, jaar: int, policy: RetryPolicy | None = None
) -> ThirdPartyTable:
    """Download one gemeente's rows of a third-party table; the newest year at or before
    ``jaar`` that the table has (the Gezondheidsmonitor is not yearly).

    Raises :class:`urgentie.sources.http.DownloadError` when the download fails after retries
    (a failing page fails the whole download: nothing half is returned) and :class:`UserError`
    when the table has no figures for the gemeente.
    """
    policy = policy or RetryPolicy.from_settings()
    data = with_retries(lambda: _download(table_id, gemeente, policy), policy)
    for part in ("TypedDataSet", "TableInfos"):
        if part not in data:
            raise InvalidResponseError(f"onverwacht antwoord van CBS ({part} ontbreekt)")
    rows = pd.DataFrame(data["TypedDataSet"])
    if rows.empty or PERIOD not in rows.columns:
        raise UserError(f"Tabel {table_id} heeft geen cijfers voor gemeente {gemeente}.")
    years = sorted({y for y in rows[PERIOD].map(period_year).dropna() if y <= int(jaar)})
    if not years:
        raise UserError(f"Tabel {table_id} heeft geen jaarcijfers van {jaar} of eerder.")
    chosen = int(years[-1])
    names = {
        clean_code(d.get("Key", "")): str(d.get("Title") or "").strip()
        for d in data.get(DIMENSION, [])
    }
    info = data["TableInfos"][0] if data["TableInfos"] else {}
    return ThirdPartyTable(
        table_id=table_id,
        jaar=chosen,
        figures=wide_figures(rows, table_id, chosen),
        names=names,
        modified=str(info.get("Modified", "")).strip(),
    )


def live_record(table: ThirdPartyTable) -> SourceRecord:
    """Provenance of a live download (shown on Gegevens and in ``data list``)."""
    return SourceRecord(
        kind="api",
        part="cijfers",
        name=f"{TITLES[table.table_id]} {table.jaar}",
        table_id=table.table_id,
        retrieved_at=now_iso(),
        modified=table.modified,
    )


# --- file (StatLine CSV export with keys) ---------------------------------------------------------
def table_of(columns: list[str]) -> str | None:
    """Which third-party table a header belongs to, or None."""
    names = {base_name(str(c).strip()) for c in columns}
    if DIMENSION not in names:
        return None
    if CRIME_TYPE in names and CRIME_MEASURE in names:
        return POLITIE_TABLE
    if {str(i.odata) for i in indicators_of(RIVM_TABLE)} & names:
        return RIVM_TABLE
    return None


def read_export(raw: pd.DataFrame, name: str, jaar: int | None) -> list[ThirdPartyTable]:
    """The tables of one export, one per year it holds (or only ``jaar`` when given).

    Raises a Dutch :class:`UserError` when the header is not one of these tables or the file
    has no yearly figures.
    """
    raw = raw.rename(columns=lambda c: str(c).strip())
    table_id = table_of(list(raw.columns))
    if table_id is None:
        raise UserError(f"{name}: geen export van de politie- of RIVM-tabel.")
    if PERIOD not in raw.columns:
        raise UserError(f"{name}: kolom {PERIOD} ontbreekt (jaar van de cijfers).")
    years = sorted({int(y) for y in raw[PERIOD].map(period_year).dropna()})
    if jaar is not None:
        years = [y for y in years if y == int(jaar)]
    if not years:
        wanted = f" van {jaar}" if jaar is not None else ""
        raise UserError(f"{name}: geen jaarcijfers{wanted} (Perioden zoals 2023JJ00).")
    return [ThirdPartyTable(table_id, y, wide_figures(raw, table_id, y), {}) for y in years]


def file_record(name: str, table: ThirdPartyTable) -> SourceRecord:
    return SourceRecord(
        kind="bestand",
        part="cijfers",
        name=name,
        table_id=table.table_id,
        file_format=FORMAT,
    )
