"""CBS StatLine "Kerncijfers wijken en buurten" of one gemeente, live through ``cbsodata``.

One table per year (:data:`CBS_TABLES`). A gemeente's rows are fetched with a ``$filter`` on the
table's dimension (``startswith(WijkenEnBuurten,'WK0344')``): CBS documents filters on the
dimension, while filters on topic columns such as ``SoortRegio_2`` are unreliable on the API. The
result is checked again in pandas on ``Codering_3.strip()``, because the dimension key is padded
and the code column, not the title, is the region code.

Why ``cbsodata.download_data`` and not ``get_data``: both fetch the service document and every
entity set in one pass (``get_data`` is ``download_data`` plus replacing the dimension key by its
title). ``download_data`` hands back the TableInfos and DataProperties of that same pass, so the
figures, the column keys and the table's ``Modified`` stamp always describe one version of the
table, even when CBS updates it during the download. We replace keys by titles ourselves and keep
the key, which is the padded region code.

Timeouts: ``cbsodata`` forwards extra keyword arguments to ``requests.Session.send`` (its
docstrings: "Optional arguments that ``requests.get()`` takes"), so ``timeout=`` reaches every
request it sends. Retries: it opens a new ``Session`` per page and offers no adapter to mount a
``urllib3.Retry`` on, so :func:`urgentie.sources.http.with_retries` retries the whole call with
exponential backoff. For one gemeente that is a handful of requests, so repeating them is cheap.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import cbsodata
import pandas as pd

from urgentie import settings
from urgentie.canonical import NATIONAL
from urgentie.errors import UserError
from urgentie.indicators import resolve_odata_keys
from urgentie.sources.http import InvalidResponseError, RetryPolicy, with_retries

CBS_TABLES: dict[int, str] = {
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}
"""StatLine table "Kerncijfers wijken en buurten" per statistics year."""

SUPPORTED_YEARS: tuple[int, ...] = tuple(sorted(CBS_TABLES))
FEED_URL = "https://opendata.cbs.nl/ODataFeed/odata/{table_id}/"
DIMENSION = "WijkenEnBuurten"
"""The region dimension of every Kerncijfers table (a ``GeoDetail`` in DataProperties)."""

CODE_BASE, LEVEL_BASE = "Codering", "SoortRegio"
GEMEENTE_NAME_BASE = "Gemeentenaam"
INDELING_BASE = "IndelingswijzigingGemeenteWijkBuurt"
POSTCODE_BASE = "MeestVoorkomendePostcode"

_LEVEL_PREFIX = {"Gemeente": "GM", "Wijk": "WK", "Buurt": "BU", "Land": "NL"}
_GM_PATTERN = re.compile(r"^GM\d{4}$")


def table_for(jaar: int) -> str:
    """The StatLine table id of ``jaar``; a Dutch :class:`UserError` for other years."""
    try:
        return CBS_TABLES[int(jaar)]
    except (KeyError, TypeError, ValueError):
        raise UserError(
            f"Voor {jaar} zijn er geen Kerncijfers wijken en buurten op te halen. "
            f"Kies een jaar van {SUPPORTED_YEARS[0]} tot en met {SUPPORTED_YEARS[-1]}."
        ) from None


def gemeente_filter(gemeente: str) -> str:
    """OData ``$filter`` for the land row and one gemeente with its wijken and buurten.

    ``startswith`` on the dimension needs no padding (an ``eq`` would need ``'GM0344    '``).
    """
    digits = gemeente[2:]
    prefixes = (NATIONAL, f"GM{digits}", f"WK{digits}", f"BU{digits}")
    return " or ".join(f"startswith({DIMENSION},'{p}')" for p in prefixes)


@dataclass
class RegionColumns:
    """The keys of the identifying columns in one table (their suffix differs per year)."""

    code: str
    level: str
    gemeente_name: str | None
    indelingswijziging: str | None
    postcode: str | None


@dataclass
class OdataResult:
    """One gemeente's rows of one Kerncijfers table, with the table's metadata.

    ``rows`` has the table's topic keys as columns (in table order, padded strings stripped) plus
    ``code`` (from ``Codering``), ``niveau`` (from ``SoortRegio``) and ``naam`` (the dimension
    title). ``national`` holds the ``NL00`` row in the same shape, or None.
    """

    table_id: str
    title: str
    modified: str
    period: str
    url: str
    rows: pd.DataFrame
    national: pd.DataFrame | None
    columns: RegionColumns
    keys: dict[str, str]
    """Canonical base name -> key in this table (see ``resolve_odata_keys``)."""


def _download(table_id: str, filters: str, policy: RetryPolicy) -> dict[str, list[dict]]:
    """``cbsodata.download_data`` with a timeout; a malformed feed is an invalid response."""
    try:
        # typed=False is cbsodata's default and downloads the *TypedDataSet* (numbers, None for
        # missing): the flag is inverted in cbsodata 1.3.5, see FORMATS.md 2.2.
        return cbsodata.download_data(
            table_id, typed=False, filters=filters, timeout=policy.timeout
        )
    except (KeyError, TypeError) as exc:
        raise InvalidResponseError(
            f"onverwacht antwoord van CBS (onderdeel {exc} ontbreekt)"
        ) from exc
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        # list.remove() in cbsodata: the service document does not list the data set.
        raise InvalidResponseError(
            "onverwacht antwoord van CBS (geen dataset in de tabel)"
        ) from exc


def fetch_gemeente(gemeente: str, jaar: int, policy: RetryPolicy | None = None) -> OdataResult:
    """Download the land row and every gemeente, wijk and buurt row of ``gemeente`` in ``jaar``.

    Raises :class:`urgentie.sources.http.DownloadError` when the download fails (after retries)
    and :class:`UserError` when the table does not know the gemeente or lacks a code column.
    """
    policy = policy or RetryPolicy.from_settings()
    table_id = table_for(jaar)
    data = with_retries(lambda: _download(table_id, gemeente_filter(gemeente), policy), policy)
    return parse_download(data, gemeente, table_id)


def parse_download(data: dict[str, list[dict]], gemeente: str, table_id: str) -> OdataResult:
    """Turn the entity sets of one ``download_data`` pass into an :class:`OdataResult`."""
    for part in ("TableInfos", "DataProperties", "TypedDataSet"):
        if part not in data:
            raise InvalidResponseError(f"onverwacht antwoord van CBS ({part} ontbreekt)")
    info = data["TableInfos"][0] if data["TableInfos"] else {}
    properties = data["DataProperties"]
    topic_keys = [p["Key"] for p in properties if p.get("Type") == "Topic" and p.get("Key")]
    dimension = next(
        (p["Key"] for p in properties if p.get("Type") in ("GeoDetail", "Dimension")), DIMENSION
    )
    keys = resolve_odata_keys(topic_keys)
    columns = _region_columns(keys, table_id)

    frame = pd.DataFrame(data["TypedDataSet"])
    # Same columns as DataProperties, in table order: a key the rows lack is all-missing.
    frame = frame.reindex(columns=[dimension, *topic_keys])
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: v.strip() if isinstance(v, str) else v)
    titles = {
        str(d.get("Key", "")).strip(): str(d.get("Title") or "").strip()
        for d in data.get(dimension, [])
    }
    frame["code"] = frame[columns.code].fillna("").astype(str)
    level_names = frame[columns.level].fillna("").astype(str)
    frame["niveau"] = level_names.str.lower()
    dimension_keys = frame[dimension].astype("string")
    frame["naam"] = dimension_keys.map(titles).astype("string").fillna(dimension_keys)

    national = frame[frame["code"] == NATIONAL]
    digits = gemeente[2:]
    # Double-check the server-side filter: keep exactly this gemeente's codes.
    ours = frame["code"].eq(gemeente) | frame["code"].str.match(rf"^(WK|BU){digits}")
    rows = frame[ours].reset_index(drop=True)
    if rows.empty or not rows["code"].eq(gemeente).any():
        title = info.get("Title", table_id)
        raise UserError(
            f"Gemeente {gemeente} komt niet voor in CBS-tabel {table_id} ({title}). "
            "Controleer de code: gemeentecodes veranderen bij een herindeling."
        )
    _check_levels(rows, level_names[ours].reset_index(drop=True), table_id)
    return OdataResult(
        table_id=table_id,
        title=str(info.get("Title", "")).strip(),
        modified=str(info.get("Modified", "")).strip(),
        period=str(info.get("Period", "")).strip(),
        url=FEED_URL.format(table_id=table_id),
        rows=rows,
        national=national.reset_index(drop=True) if len(national) else None,
        columns=columns,
        keys=keys,
    )


def _region_columns(keys: dict[str, str], table_id: str) -> RegionColumns:
    missing = [b for b in (CODE_BASE, LEVEL_BASE) if b not in keys]
    if missing:
        raise UserError(
            f"CBS-tabel {table_id} heeft geen kolom {' of '.join(missing)}; zonder gebiedscodes "
            "kunnen de cijfers niet aan wijken en buurten worden gekoppeld."
        )
    return RegionColumns(
        code=keys[CODE_BASE],
        level=keys[LEVEL_BASE],
        gemeente_name=keys.get(GEMEENTE_NAME_BASE),
        indelingswijziging=keys.get(INDELING_BASE),
        postcode=keys.get(POSTCODE_BASE),
    )


def _check_levels(rows: pd.DataFrame, level_names: pd.Series, table_id: str) -> None:
    """``SoortRegio`` must agree with the code: a mismatch means the columns are misread."""
    expected = level_names.map(_LEVEL_PREFIX)
    wrong = rows[expected.isna() | (rows["code"].str[:2] != expected)]
    if not wrong.empty:
        sample = ", ".join(
            f"{c} ({level_names[i] or 'leeg'})" for i, c in wrong["code"].head(3).items()
        )
        raise UserError(
            f"CBS-tabel {table_id}: soort regio past niet bij de gebiedscode, bijvoorbeeld "
            f"{sample}."
        )


# --- gemeente picker --------------------------------------------------------------------------


@dataclass(frozen=True)
class GemeenteOption:
    """One entry of the gemeente picker."""

    code: str
    naam: str

    @property
    def label(self) -> str:
        return f"{self.naam} ({self.code})"


def _cache_path(jaar: int) -> Path:
    return settings.data_dir() / "cache" / f"cbs-gemeenten-{int(jaar)}.json"


def cached_gemeenten(jaar: int) -> list[GemeenteOption] | None:
    """The gemeenten of ``jaar`` from the local cache, or None when not cached (no network)."""
    path = _cache_path(jaar)
    if not path.is_file():
        return None
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        return [GemeenteOption(str(i["code"]), str(i["naam"])) for i in items]
    except (ValueError, KeyError, TypeError):
        return None  # a damaged cache is fetched again


def list_gemeenten(
    jaar: int, *, refresh: bool = False, policy: RetryPolicy | None = None
) -> list[GemeenteOption]:
    """Every gemeente (code and name) in the Kerncijfers table of ``jaar``, sorted by name.

    Read from the table's region dimension (keys are the padded codes, titles the names) and
    cached in the data directory, so the picker works offline after the first time.
    Raises :class:`urgentie.sources.http.DownloadError` when CBS cannot be reached and nothing
    is cached.
    """
    if not refresh:
        cached = cached_gemeenten(jaar)
        if cached:
            return cached
    table_id = table_for(jaar)
    policy = policy or RetryPolicy.from_settings()
    dimension = with_retries(
        lambda: cbsodata.get_meta(table_id, DIMENSION, timeout=policy.timeout), policy
    )
    options = sorted(
        {
            GemeenteOption(str(d["Key"]).strip(), str(d.get("Title") or "").strip())
            for d in dimension
            if _GM_PATTERN.match(str(d.get("Key", "")).strip())
        },
        key=lambda o: (o.naam.casefold(), o.code),
    )
    if not options:
        raise InvalidResponseError(f"CBS-tabel {table_id} noemt geen gemeenten")
    path = _cache_path(jaar)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps([asdict(o) for o in options], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    tmp.replace(path)
    return options
