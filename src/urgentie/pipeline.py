"""Merge canonical rows from any source into the stored datasets, all or nothing.

Figures and boundaries of the same year are joined on the CBS code. Figures may come without
boundaries (KWB Excel, StatLine CSV, the StatLine API) and boundaries without figures (a
gebiedsindelingen file): whatever arrives first waits in the store, and whatever arrives later is
attached to it. Rows that do not match are kept and reported in the manifest, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from urgentie.canonical import BASE_COLUMNS, LEVELS, NATIONAL
from urgentie.errors import UserError
from urgentie.geometry import make_valid
from urgentie.indicators import INDICATOR_KEYS
from urgentie.sources.mapping import Incoming
from urgentie.store.areas import CRS, AreaStore, Manifest, Transaction

Progress = Callable[[str, float | None], None]


def _quiet(_message: str, _fraction: float | None = None) -> None:
    return None


@dataclass
class GemeenteResult:
    """What one import did to one gemeente-year."""

    gemeente_code: str
    gemeente_naam: str
    jaar: int
    counts: dict[str, int]
    without_geometry: list[str]
    without_figures: list[str]


@dataclass
class ImportReport:
    """The outcome of one import, for the CLI and the Gegevens page."""

    source: str
    jaar: int
    gemeenten: list[GemeenteResult] = field(default_factory=list)
    boundaries_stored: int = 0
    excluded: int = 0
    missing_indicators: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Dutch remarks about how the source was read (shown with the report, not stored)."""

    def summary(self) -> str:
        """Dutch summary, one line per gemeente."""
        years = {g.jaar for g in self.gemeenten}
        several = len(years) > 1
        lines = [f"Import van {self.source} ({', '.join(map(str, sorted(years or {self.jaar})))}):"]
        for g in self.gemeenten:
            counts = ", ".join(_count_text(n, lvl) for lvl, n in g.counts.items() if n)
            year = f" {g.jaar}" if several else ""
            lines.append(f"  {g.gemeente_code} {g.gemeente_naam}{year}: {counts}")
            if g.without_geometry:
                lines.append(
                    f"    {len(g.without_geometry)} gebied(en) zonder grens, bv. "
                    + ", ".join(g.without_geometry[:5])
                )
            if g.without_figures:
                lines.append(
                    f"    {len(g.without_figures)} grens/grenzen zonder cijfers, bv. "
                    + ", ".join(g.without_figures[:5])
                )
        if self.boundaries_stored:
            lines.append(
                f"  {self.boundaries_stored} grenzen opgeslagen; ze worden ook gebruikt voor "
                "cijfers die later komen."
            )
        if self.excluded:
            lines.append(f"  {self.excluded} water- of buitenlandgebied(en) overgeslagen.")
        if self.missing_indicators:
            lines.append(
                f"  {len(self.missing_indicators)} indicator(en) niet in deze bron (leeg): "
                + ", ".join(self.missing_indicators)
            )
        lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines)


_PLURALS = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}


def _count_text(count: int, level: str) -> str:
    """``1 gemeente``, ``10 wijken``: a count with the Dutch singular or plural."""
    return f"{count} {level if count == 1 else _PLURALS.get(level, level)}"


def integrate(
    store: AreaStore,
    incoming: Incoming,
    progress: Progress = _quiet,
    *,
    tx: Transaction | None = None,
) -> ImportReport:
    """Merge ``incoming`` into ``store`` and return what happened.

    Every touched gemeente-year, and the boundary library, is written in one transaction: when
    anything fails, nothing changes. When the rows span more than one gemeente, the national
    dataset (``NL00``) of that year is updated too, so the map can show all of them at once.

    Pass ``tx`` (from ``store.transaction()``) to merge several sources all-or-nothing: each
    merge then sees what the earlier ones staged, and nothing is current until the caller's
    transaction commits.
    """
    if tx is None:
        with store.transaction() as own:
            return integrate(store, incoming, progress, tx=own)
    frame = incoming.frame
    report = ImportReport(
        source=incoming.source.name,
        jaar=incoming.jaar,
        excluded=incoming.excluded,
        missing_indicators=list(incoming.missing_indicators),
    )
    if incoming.has_geometry:
        with_geom = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
        if not with_geom.empty:
            report.boundaries_stored = tx.save_boundaries(with_geom, incoming.jaar)
    gemeenten = sorted(frame["gemeente_code"].unique())
    library = _library_for(tx, incoming, frame)
    for i, gm in enumerate(gemeenten):
        progress(f"{gm} samenvoegen", i / max(len(gemeenten), 1))
        rows = frame[frame["gemeente_code"] == gm]
        merged, manifest = _merge_one(tx, incoming, gm, rows, library)
        if merged is None:
            continue
        tx.stage(merged, manifest)
        report.gemeenten.append(
            GemeenteResult(
                gm,
                manifest.gemeente_naam,
                incoming.jaar,
                {lvl: int((merged["niveau"] == lvl).sum()) for lvl in LEVELS},
                manifest.without_geometry,
                manifest.without_figures,
            )
        )
    if len(gemeenten) > 1 and (incoming.has_figures or incoming.partial_figures):
        progress("landelijk overzicht bijwerken", 0.95)
        national, manifest = _merge_national(tx, incoming)
        tx.stage(national, manifest)
    progress("klaar", 1.0)
    return report


def _library_for(store: Transaction, incoming: Incoming, frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Stored boundaries for incoming rows that bring none themselves."""
    need = frame.loc[frame.geometry.isna() | frame.geometry.is_empty, "code"]
    if need.empty:
        return gpd.GeoSeries([], crs=CRS, dtype="geometry")
    return store.boundaries(incoming.jaar, need)


def _merge_one(
    store: Transaction,
    incoming: Incoming,
    gm: str,
    rows: gpd.GeoDataFrame,
    library: gpd.GeoSeries,
) -> tuple[gpd.GeoDataFrame | None, Manifest]:
    existing_manifest = store.manifest(gm, incoming.jaar)
    existing = store.load(gm, incoming.jaar) if existing_manifest else None
    if existing is None and not incoming.has_figures:
        # Boundaries only and nothing to attach them to: they wait in the library.
        return None, Manifest(gm, gm, incoming.jaar)
    if incoming.per_thousand:
        rows = _per_thousand(rows, existing, incoming)
    merged = _combine(existing, rows, incoming.has_figures)
    merged = _attach_geometry(merged, library)
    manifest = existing_manifest or Manifest(gm, gm, incoming.jaar, period=incoming.period)
    manifest.gemeente_naam = _gemeente_name(merged, gm)
    manifest.sources = [s for s in manifest.sources if s.name != incoming.source.name] + [
        incoming.source
    ]
    if incoming.has_figures:
        manifest.period = incoming.period or manifest.period
        manifest.missing_indicators = sorted(k for k in INDICATOR_KEYS if merged[k].isna().all())
    manifest.demo = incoming.source.kind == "demo"
    manifest.without_geometry = sorted(
        merged.loc[merged.geometry.isna() | merged.geometry.is_empty, "code"].tolist()
    )
    manifest.without_figures = _without_figures(merged)
    manifest.notes = sorted(set(manifest.notes) | set(incoming.notes))
    return merged, manifest


def _per_thousand(
    rows: gpd.GeoDataFrame, existing: gpd.GeoDataFrame | None, incoming: Incoming
) -> gpd.GeoDataFrame:
    """Counts -> per 1 000 inwoners, with the inwoners of the same gemeente and year.

    The inwoners come from the stored Kerncijfers (or from the same import, staged earlier in
    the transaction). Without them a rate cannot be made: a Dutch error, nothing is written.
    """
    inwoners = pd.Series(dtype="float64")
    if existing is not None and "inwoners" in existing.columns:
        inwoners = pd.to_numeric(existing.set_index("code")["inwoners"], errors="coerce")
    known = rows["code"].map(inwoners)
    if known.notna().sum() == 0:
        gm = str(rows["gemeente_code"].iloc[0]) if len(rows) else ""
        raise UserError(
            f"Misdrijven per 1 000 inwoners van {gm} in {incoming.jaar} hebben het aantal "
            f"inwoners nodig: importeer of haal eerst de Kerncijfers van {incoming.jaar} op. "
            "Er is niets gewijzigd."
        )
    rows = rows.copy()
    per = 1000.0 / known.where(known > 0)
    for key in incoming.per_thousand:
        rows[key] = (pd.to_numeric(rows[key], errors="coerce") * per).round(1)
    return rows


def _combine(
    existing: gpd.GeoDataFrame | None, rows: gpd.GeoDataFrame, has_figures: bool
) -> gpd.GeoDataFrame:
    """Union of stored and incoming rows by code.

    Incoming figures replace stored ones where the incoming value is present; a boundary-only
    import never blanks stored figures. Incoming geometry replaces stored geometry.
    """
    rows = rows.set_index("code", drop=False)
    if existing is None or existing.empty:
        return gpd.GeoDataFrame(rows.reset_index(drop=True), geometry="geometry", crs=CRS)
    old = existing.set_index("code", drop=False)
    combined = old.reindex(old.index.union(rows.index))
    new_codes = rows.index.difference(old.index)
    for column in (*BASE_COLUMNS, *INDICATOR_KEYS):
        if column not in rows.columns:
            continue
        if column in INDICATOR_KEYS and not has_figures:
            continue
        incoming_values = rows[column]
        # Keep stored values where the new source has none: a boundary file without a
        # gemeentenaam column must not blank the names the figures brought.
        present = incoming_values.notna()
        if column == "naam":
            # A source without names falls back to the code; a stored real name is better.
            present &= ~(incoming_values == rows["code"]) | ~rows.index.isin(old.index)
        combined.loc[present[present].index, column] = incoming_values[present]
    geom_present = rows.geometry.notna() & ~rows.geometry.is_empty
    combined.loc[geom_present[geom_present].index, "geometry"] = rows.geometry[geom_present]
    if not has_figures:
        # A boundary file may name areas the figures do not have; they carry no figures.
        combined.loc[new_codes, list(INDICATOR_KEYS)] = float("nan")
    out = gpd.GeoDataFrame(combined.reset_index(drop=True), geometry="geometry", crs=CRS)
    for key in INDICATOR_KEYS:
        out[key] = pd.to_numeric(out[key], errors="coerce").astype("float64")
    return out


def _attach_geometry(frame: gpd.GeoDataFrame, library: gpd.GeoSeries) -> gpd.GeoDataFrame:
    """Fill missing geometry from the boundary library, then by dissolving the children.

    A gemeente or wijk without a boundary of its own gets the union of its wijken or buurten
    when every one of them has a boundary, so the gemeente outline and wijk level still show.
    """
    frame = frame.copy()
    missing = frame.geometry.isna() | frame.geometry.is_empty
    if missing.any() and not library.empty:
        found = frame.loc[missing, "code"].map(library)
        frame.loc[missing, "geometry"] = gpd.GeoSeries(found.values, index=found.index, crs=CRS)
    for level, child_level, parent_column in (
        ("wijk", "buurt", "wijk_code"),
        ("gemeente", "wijk", "gemeente_code"),
    ):
        missing = (frame.geometry.isna() | frame.geometry.is_empty) & (frame["niveau"] == level)
        for idx in frame.index[missing]:
            children = frame[
                (frame["niveau"] == child_level) & (frame[parent_column] == frame.at[idx, "code"])
            ]
            has = children.geometry.notna() & ~children.geometry.is_empty
            if len(children) and has.all():
                frame.at[idx, "geometry"] = make_valid(children.geometry).union_all()
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS)


def _without_figures(frame: gpd.GeoDataFrame) -> list[str]:
    keys = [k for k in INDICATOR_KEYS if k in frame.columns]
    empty = frame[keys].isna().all(axis=1)
    return sorted(frame.loc[empty, "code"].tolist())


def _gemeente_name(frame: pd.DataFrame, gm: str) -> str:
    names = frame["gemeente_naam"].dropna()
    return str(names.iloc[0]) if len(names) else gm


def _merge_national(store: Transaction, incoming: Incoming) -> tuple[gpd.GeoDataFrame, Manifest]:
    """Union of every gemeente in this import into the national dataset of the year."""
    rows = incoming.frame[incoming.frame["niveau"].isin(["gemeente", "wijk"])]
    existing_manifest = store.manifest(NATIONAL, incoming.jaar)
    existing = store.load(NATIONAL, incoming.jaar) if existing_manifest else None
    merged = _combine(existing, rows, has_figures=True)
    manifest = existing_manifest or Manifest(
        NATIONAL, "Nederland", incoming.jaar, period=incoming.period
    )
    manifest.sources = [s for s in manifest.sources if s.name != incoming.source.name] + [
        incoming.source
    ]
    manifest.without_geometry = sorted(
        merged.loc[merged.geometry.isna() | merged.geometry.is_empty, "code"].tolist()
    )
    manifest.missing_indicators = sorted(k for k in INDICATOR_KEYS if merged[k].isna().all())
    return merged, manifest
