"""Build the demo gemeente through the same pipeline as real CBS data.

The figures are written as KWB tables (the real short-name format with ``"."`` for missing),
read by :func:`urgentie.sources.mapping.to_canonical` as source ``kwb`` and merged with
:func:`urgentie.pipeline.integrate`, so every fresh clone exercises the real import path. The
KWB tables and the conversation notes are also written to ``<data>/demo/`` as plain files, so a
user can see what the tool reads and try an import by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from urgentie.demo.figures import DEMO_NAME, YEARS, kwb_table, latent_fields
from urgentie.demo.geometry import RD, Layout, build_layout
from urgentie.demo.notes import NOTES_FILE, demo_notes
from urgentie.demo.postcodes import write_postcode_file
from urgentie.demo.story import SEED
from urgentie.demo.thirdparty import add_thirdparty
from urgentie.pipeline import ImportReport, Progress, integrate
from urgentie.sources.mapping import Incoming, to_canonical
from urgentie.sources.postcode_file import read_postcode_file
from urgentie.store.areas import AreaStore, SourceRecord
from urgentie.store.postcodes import save_index

DEMO_CODE = "GM9999"
DEMO_DIR = "demo"
DEMO_NOTE = (
    "Voorbeeldstad is een verzonnen demogemeente: de grenzen, cijfers en gesprekken zijn "
    "door de Urgentiekaart gegenereerd en zeggen niets over een echte plaats."
)


@dataclass(frozen=True)
class DemoData:
    """Everything the demo consists of, before it is stored."""

    layout: Layout
    tables: dict[int, pd.DataFrame]
    """KWB table per year (text cells, ``"."`` for missing)."""
    notes: pd.DataFrame


def generate(seed: int = SEED) -> DemoData:
    """Generate geometry, KWB tables and notes deterministically from ``seed``."""
    layout = build_layout(seed)
    latent = latent_fields(layout, seed)
    tables = {jaar: kwb_table(layout, latent, jaar, seed) for jaar in YEARS}
    return DemoData(layout, tables, demo_notes(seed, layout))


def _quiet(_message: str, _fraction: float | None = None) -> None:
    return None


def build_demo(store: AreaStore, progress: Progress = _quiet) -> ImportReport:
    """Create (or recreate) Voorbeeldstad in ``store`` for every demo year.

    Returns one report for all years: its ``gemeenten`` holds a result per year, ``jaar`` is the
    latest year. The KWB tables and ``gesprekken.csv`` are written to ``<data>/demo/``.
    """
    progress("Demogemeente Voorbeeldstad maken", 0.0)
    data = generate()
    folder = Path(store.root) / DEMO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    report = ImportReport(source=DEMO_NAME, jaar=YEARS[-1])
    geometry = _geometry_by_code(data.layout)
    share = 1.0 / (len(YEARS) + 1)
    # All years in one transaction: an interrupted build leaves the previous demo (or none),
    # never a demo with some years missing.
    with store.transaction() as tx:
        for step, (jaar, table) in enumerate(data.tables.items()):
            progress(f"Voorbeeldstad {jaar}", (step + 1) * share)
            _write_csv(table, folder / f"kwb-{jaar}_{DEMO_CODE}_voorbeeldstad.csv", sep=",")
            incoming = _incoming(table, jaar, geometry)
            result = integrate(
                store,
                incoming,
                _scaled(progress, f"{jaar}: ", (step + 1) * share, share),
                tx=tx,
            )
            report.gemeenten.extend(result.gemeenten)
            report.boundaries_stored += result.boundaries_stored
            report.missing_indicators = result.missing_indicators
    _write_csv(data.notes, folder / NOTES_FILE, sep=";")
    # The CBS postcode–huisnummer file of the demo, imported the real way (file → index).
    postcode_file = write_postcode_file(data.layout.buurten, YEARS[-1], folder, SEED)
    addresses, jaar = read_postcode_file(postcode_file)
    save_index(addresses, jaar, Path(store.root))
    progress("klaar", 1.0)
    return report


def _scaled(progress: Progress, prefix: str, start: float, share: float) -> Progress:
    """Report a sub-step's progress as part of the whole build."""

    def report(message: str, fraction: float | None = None) -> None:
        progress(prefix + message, None if fraction is None else start + share * fraction)

    return report


def ensure_demo(store: AreaStore) -> None:
    """Build the demo when the store holds no data at all (a fresh clone); otherwise nothing."""
    if not store.has_data():
        build_demo(store)


def _incoming(table: pd.DataFrame, jaar: int, geometry: gpd.GeoSeries) -> Incoming:
    record = SourceRecord(
        kind="demo",
        part="beide",
        name=DEMO_NAME,
        table_id=f"kwb-{jaar} (gegenereerd)",
    )
    incoming = to_canonical(
        table,
        source="kwb",
        jaar=jaar,
        record=record,
        code_column="gwb_code_10",
        name_column="regio",
        gemeente_name_column="gm_naam",
        geometry=gpd.GeoSeries(table["gwb_code_10"].map(geometry).to_numpy(), crs=RD),
        extra={"postcode": "pst_mvp", "indelingswijziging": "ind_wbi"},
        period=f"{jaar} (verzonnen demogegevens)",
        where=f"demo {jaar}",
    )
    incoming.notes.append(DEMO_NOTE)
    # The police and RIVM tables a real gemeente adds beside the Kerncijfers.
    add_thirdparty(incoming.frame, jaar, SEED)
    incoming.missing_indicators = [
        k
        for k in incoming.missing_indicators
        if k not in incoming.frame.columns or incoming.frame[k].isna().all()
    ]
    return incoming


def _geometry_by_code(layout: Layout) -> gpd.GeoSeries:
    """Boundaries of every area in RD, indexed by CBS code; the gemeente is the union of all."""
    buurten = layout.buurten.set_index("code").geometry
    wijken = layout.wijken.set_index("code").geometry
    gemeente = gpd.GeoSeries(
        [shapely.union_all(layout.buurten.geometry.to_numpy())], index=[DEMO_CODE], crs=RD
    )
    return pd.concat([gemeente, wijken, buurten])


def _write_csv(frame: pd.DataFrame, path: Path, sep: str) -> None:
    """Write atomically, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_csv(tmp, sep=sep, index=False, encoding="utf-8")
    tmp.replace(path)
