"""Fetch one gemeente-year live from CBS and PDOK into the local store, all or nothing.

Figures come from the StatLine table of the year (:mod:`urgentie.sources.odata`), boundaries from
the PDOK WFS of the same year (:mod:`urgentie.sources.wfs`). Both are downloaded completely into
memory first; only when both are complete are they joined on the CBS code and merged into the
store in one transaction. A failed download therefore writes nothing, and the last good version of
the gemeente-year stays as it was. After that, the app works offline from the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from urgentie.errors import UserError
from urgentie.indicators import BY_KEY
from urgentie.pipeline import ImportReport, Progress, integrate
from urgentie.sources import odata, wfs
from urgentie.sources.http import DownloadError, RetryPolicy
from urgentie.sources.mapping import Incoming, indicator_values, to_canonical
from urgentie.store.areas import CRS, AreaStore, SourceRecord, now_iso
from urgentie.store.reference import NationalReference, save_reference

SUPPORTED_YEARS = odata.SUPPORTED_YEARS
SOURCE_NAME = "CBS StatLine en PDOK WFS"
"""Name of the live source in manifests; a later live fetch replaces the record of the earlier."""

_CODE_INPUT = re.compile(r"^(?:GM)?(\d{1,4})$")


def quiet(_message: str, _fraction: float | None = None) -> None:
    """A progress callback that reports nothing."""
    return None


def validate_year(jaar: object) -> int:
    """``jaar`` as an int when live data exist for it; a Dutch :class:`UserError` otherwise."""
    try:
        year = int(str(jaar).strip())
    except ValueError:
        raise UserError(f"'{jaar}' is geen jaartal.") from None
    odata.table_for(year)
    return year


def resolve_gemeente(value: str, jaar: int, *, allow_lookup: bool = True) -> str:
    """The CBS code for ``value``: ``GM0344``, ``gm0344``, ``0344``, ``344`` or a name.

    Names are looked up in the gemeente list of ``jaar`` (cached after the first time; fetched
    from CBS otherwise). Raises :class:`UserError` in Dutch with suggestions when nothing fits.
    """
    text = str(value or "").strip()
    if not text:
        raise UserError("Kies een gemeente: geef de gemeentecode (bijvoorbeeld GM0344) of de naam.")
    match = _CODE_INPUT.fullmatch(text.upper().replace(" ", ""))
    if match:
        return "GM" + match.group(1).zfill(4)
    compact = text.replace(" ", "")
    if compact.isdigit() or (
        re.fullmatch(r"(?i)(GM|WK|BU)\w*", compact) and any(ch.isdigit() for ch in compact)
    ):
        raise UserError(
            f"'{text}' is geen gemeentecode. Een gemeentecode is GM met vier cijfers, "
            "bijvoorbeeld GM0344 (Utrecht)."
        )
    if not allow_lookup:
        raise UserError(f"Geef de gemeentecode in plaats van '{text}', bijvoorbeeld GM0344.")
    options = gemeente_options(jaar)
    wanted = text.casefold()
    for option in options:
        if option.naam.casefold() == wanted:
            return option.code
    raise UserError(_unknown_name(text, [o.naam for o in options], jaar))


def gemeente_options(jaar: int, *, refresh: bool = False) -> list[odata.GemeenteOption]:
    """Gemeenten (code, name, ``label``) of ``jaar`` for a picker, sorted by name.

    From the disk cache when present (offline), else from CBS. Raises :class:`UserError` in
    Dutch when CBS cannot be reached and nothing is cached.
    """
    jaar = validate_year(jaar)
    try:
        return odata.list_gemeenten(jaar, refresh=refresh)
    except DownloadError as exc:
        raise UserError(
            f"De lijst met gemeenten van {jaar} kon niet worden opgehaald ({exc}). "
            "Geef de gemeentecode, bijvoorbeeld GM0344."
        ) from exc


def _unknown_name(text: str, names: list[str], jaar: int) -> str:
    from rapidfuzz import process

    close = [m[0] for m in process.extract(text, names, limit=3, score_cutoff=70)]
    hint = f" Bedoelt u {', '.join(close)}?" if close else ""
    return f"Gemeente '{text}' bestaat niet in {jaar}.{hint}"


def fetch_to_store(
    gemeente: str,
    jaar: int,
    *,
    store: AreaStore,
    progress: Progress = quiet,
    policy: RetryPolicy | None = None,
) -> ImportReport:
    """Download figures and boundaries of ``gemeente`` in ``jaar`` and store them.

    Parameters
    ----------
    gemeente
        A gemeentecode (``GM0344``, ``0344``) or a gemeente name of that year.
    jaar
        Statistics year, one of :data:`SUPPORTED_YEARS`.
    store
        Where the data go; nothing is written unless every download succeeded.
    progress
        Called with a Dutch message and a fraction 0–1 (or None while the size is unknown).
    policy
        Timeout and retries; by default from ``URGENTIE_HTTP_TIMEOUT`` and
        ``URGENTIE_HTTP_RETRIES``.

    Returns the merge report (rows per level, areas without boundary or figures, missing
    indicators). Raises :class:`UserError` in Dutch when the input is wrong or a download
    fails; the previous data of that gemeente-year are then untouched.
    """
    jaar = validate_year(jaar)
    code = resolve_gemeente(gemeente, jaar)
    policy = policy or RetryPolicy.from_settings()
    table_id = odata.table_for(jaar)

    progress(f"CBS-cijfers ophalen (tabel {table_id})", 0.05)
    try:
        figures = odata.fetch_gemeente(code, jaar, policy)
    except DownloadError as exc:
        raise UserError(_failed("De CBS-cijfers", exc, code, jaar, store)) from exc
    progress(f"{len(figures.rows)} gebieden ontvangen; PDOK-grenzen ophalen", 0.35)
    try:
        boundaries = wfs.fetch_boundaries(
            code, jaar, policy, report=lambda m: progress(f"PDOK-grenzen: {m}", None)
        )
    except DownloadError as exc:
        raise UserError(_failed("De PDOK-grenzen", exc, code, jaar, store)) from exc
    if boundaries.frame.empty:
        raise UserError(
            f"PDOK heeft geen grenzen van {code} voor {jaar} ({boundaries.service.url}). "
            + _what_remains(code, jaar, store)
        )

    progress("Cijfers en grenzen koppelen", 0.75)
    incoming = build_incoming(figures, boundaries, jaar)
    report = integrate(store, incoming, _scaled(progress, 0.8, 1.0))
    if figures.national is not None:
        save_reference(national_reference(figures, jaar), store.root)
    return report


def build_incoming(
    figures: odata.OdataResult, boundaries: wfs.BoundaryResult, jaar: int
) -> Incoming:
    """Join figures and boundaries of one year on the CBS code into one :class:`Incoming`.

    Every figure row and every land boundary is kept (an outer join), so the manifest can list
    areas without a boundary and boundaries without figures. Water features are passed on with
    their flag and left out by the canonical mapping.
    """
    bounds = boundaries.frame
    is_water = bounds["water"].fillna("").eq("JA")
    land = pd.DataFrame(
        {
            "code": bounds.loc[~is_water, "code"].astype(str).to_numpy(),
            "_grens_naam": bounds.loc[~is_water, "naam"].to_numpy(),
            "water": bounds.loc[~is_water, "water"].to_numpy(),
            "geometry": bounds.loc[~is_water, "geometry"].to_numpy(),
        }
    )
    joined = figures.rows.merge(land, on="code", how="outer", sort=False)
    joined["naam"] = joined["naam"].fillna(joined["_grens_naam"])
    water = pd.DataFrame(
        {
            "code": bounds.loc[is_water, "code"].astype(str).to_numpy(),
            "naam": bounds.loc[is_water, "naam"].to_numpy(),
            "water": "JA",
            "geometry": bounds.loc[is_water, "geometry"].to_numpy(),
        }
    )
    if not water.empty:
        joined = pd.concat([joined, water], ignore_index=True)
    # Plain None for "no flag": the canonical water check reads the value as a truth value.
    joined["water"] = joined["water"].astype(object).where(joined["water"].notna(), None)
    geometry = gpd.GeoSeries(joined["geometry"].to_numpy(), crs=CRS)
    raw = joined.drop(columns=["geometry", "_grens_naam"]).reset_index(drop=True)

    columns = figures.columns
    record = SourceRecord(
        kind="api",
        part="beide",
        name=SOURCE_NAME,
        table_id=figures.table_id,
        retrieved_at=now_iso(),
        modified=figures.modified,
    )
    extra = {
        target: column
        for target, column in (
            ("indelingswijziging", columns.indelingswijziging),
            ("postcode", columns.postcode),
        )
        if column
    }
    incoming = to_canonical(
        raw,
        source="odata",
        jaar=jaar,
        record=record,
        code_column="code",
        name_column="naam",
        gemeente_name_column=columns.gemeente_name,
        water_column="water",
        geometry=geometry,
        extra=extra,
        period=figures.period or str(jaar),
        where=f"CBS-tabel {figures.table_id}",
    )
    incoming.notes.extend(_notes(figures, boundaries, incoming.missing_indicators))
    return incoming


def _notes(
    figures: odata.OdataResult, boundaries: wfs.BoundaryResult, missing: list[str]
) -> list[str]:
    title = f" ({figures.title})" if figures.title else ""
    notes = [
        f"Cijfers: CBS-tabel {figures.table_id}{title}, {figures.url}",
        f"Grenzen: {boundaries.service.label}, {boundaries.service.url}",
    ]
    if missing:
        labels = ", ".join(BY_KEY[k].label for k in missing)
        notes.append(f"Niet in CBS-tabel {figures.table_id} (leeg gelaten): {labels}")
    return notes


def national_reference(figures: odata.OdataResult, jaar: int) -> NationalReference:
    """The catalogue indicators of the ``NL00`` row, as the national reference of ``jaar``."""
    assert figures.national is not None
    values, _missing = indicator_values(figures.national.iloc[:1], "odata")
    row = values.iloc[0]
    return NationalReference(
        jaar=jaar,
        table_id=figures.table_id,
        modified=figures.modified,
        values={k: (None if pd.isna(v) else float(v)) for k, v in row.items()},
    )


def _failed(what: str, exc: DownloadError, code: str, jaar: int, store: AreaStore) -> str:
    hint = " Controleer de internetverbinding." if "verbinding" in exc.reason else ""
    return f"{what} konden niet worden opgehaald ({exc}).{hint} " + _what_remains(code, jaar, store)


def _what_remains(code: str, jaar: int, store: AreaStore) -> str:
    if store.manifest(code, jaar) is not None:
        return f"De vorige gegevens van {code} ({jaar}) blijven staan."
    return "Er is niets opgeslagen."


def _scaled(progress: Progress, start: float, end: float) -> Callable[[str, float | None], None]:
    """Map the merge step's 0–1 onto ``start``–``end`` of the whole fetch."""

    def report(message: str, fraction: float | None = None) -> None:
        progress(message, None if fraction is None else start + (end - start) * fraction)

    return report


THIRD_PARTY_SOURCES: dict[str, str] = {"politie": "47018NED", "rivm": "50120NED"}
"""``data fetch --bron``: the third-party tables beside the Kerncijfers."""


def fetch_thirdparty_to_store(
    source: str,
    gemeente: str,
    jaar: int,
    *,
    store: AreaStore,
    progress: Progress = quiet,
    policy: RetryPolicy | None = None,
) -> ImportReport:
    """Download the police (``politie``) or RIVM (``rivm``) figures of ``gemeente`` and store
    them under their own year: the newest at or before ``jaar`` (the Gezondheidsmonitor is
    a survey of some years only).

    All pages are downloaded before anything is written: a failing page (after retries) is a
    Dutch :class:`UserError` and the store is untouched.
    """
    from urgentie.sources import thirdparty

    table_id = THIRD_PARTY_SOURCES[source]
    code = resolve_gemeente(gemeente, jaar)
    policy = policy or RetryPolicy.from_settings()
    progress(f"{thirdparty.TITLES[table_id]} ophalen (tabel {table_id})", 0.05)
    try:
        table = thirdparty.fetch_table(table_id, code, jaar, policy)
    except DownloadError as exc:
        raise UserError(
            _failed(f"De cijfers van tabel {table_id}", exc, code, int(jaar), store)
        ) from exc
    progress(f"{len(table.figures)} gebieden ontvangen ({table.jaar})", 0.6)
    incoming = thirdparty.to_incoming(table, thirdparty.live_record(table))
    return integrate(store, incoming, _scaled(progress, 0.7, 1.0))
