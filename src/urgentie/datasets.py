"""Stored datasets described for people: the overview table and the export of one dataset.

Used by ``python -m urgentie data list|show`` and by the page Gegevens, so both say the same.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import pandas as pd

from urgentie.canonical import LEVELS
from urgentie.errors import UserError
from urgentie.indicators import BY_KEY, INDICATOR_KEYS
from urgentie.store.areas import AreaStore, Manifest
from urgentie.store.latest import CHANGED_COLUMN, peiljaar_column

SOURCE_KINDS = {"api": "CBS/PDOK (live)", "bestand": "bestand", "demo": "demo"}
PARTS = {"cijfers": "cijfers", "grenzen": "grenzen", "beide": "cijfers en grenzen"}


def overview(manifests: Iterable[Manifest]) -> pd.DataFrame:
    """One row per stored dataset with its provenance, in Dutch column names.

    Columns: Gemeente, Code, Jaar, Periode, Gemeenten/Wijken/Buurten (counts), Zonder grens,
    Ontbrekende indicatoren, Demo, Bron, CBS-tabel, Opgehaald, Opgeslagen.
    """
    rows = []
    for m in manifests:
        rows.append(
            {
                "Gemeente": m.gemeente_naam,
                "Code": m.gemeente_code,
                "Jaar": m.jaar,
                "Periode": m.period,
                "Gemeenten": m.counts.get("gemeente", 0),
                "Wijken": m.counts.get("wijk", 0),
                "Buurten": m.counts.get("buurt", 0),
                "Bron": "; ".join(
                    f"{PARTS.get(s.part, s.part)}: {SOURCE_KINDS.get(s.kind, s.kind)} {s.name}"
                    + (f" ({s.file_format})" if s.file_format else "")
                    for s in m.sources
                ),
                "CBS-tabel": ", ".join(sorted({s.table_id for s in m.sources if s.table_id})),
                "Opgehaald": ", ".join(
                    sorted({_date(s.retrieved_at) for s in m.sources if s.retrieved_at})
                ),
                "Zonder grens": len(m.without_geometry),
                "Ontbrekende indicatoren": len(m.missing_indicators),
                "Demo": "ja" if m.demo else "",
                "Opgeslagen": _date(m.saved_at),
            }
        )
    return pd.DataFrame(rows, columns=list(_COLUMNS))


_COLUMNS = (
    "Gemeente",
    "Code",
    "Jaar",
    "Periode",
    "Gemeenten",
    "Wijken",
    "Buurten",
    "Zonder grens",
    "Ontbrekende indicatoren",
    "Demo",
    "Bron",
    "CBS-tabel",
    "Opgehaald",
    "Opgeslagen",
)


def _date(iso: str) -> str:
    """``2025-03-27T10:12:00+00:00`` -> ``2025-03-27 10:12`` (UTC, as stored)."""
    return iso.replace("T", " ")[:16] if iso else ""


def missing_labels(manifest: Manifest) -> list[str]:
    """Dutch labels of the indicators this dataset has no figures for."""
    return [BY_KEY[k].label if k in BY_KEY else k for k in manifest.missing_indicators]


def find_manifest(store: AreaStore, gemeente: str, jaar: int | None) -> Manifest:
    """The manifest of ``gemeente`` in ``jaar`` (the latest stored year when None).

    Raises a Dutch :class:`UserError` naming what is stored when nothing matches.
    """
    code = gemeente.strip().upper()
    stored = [m for m in store.manifests() if m.gemeente_code == code]
    if not stored:
        known = ", ".join(sorted({m.gemeente_code for m in store.manifests()})) or "geen"
        raise UserError(f"Geen gegevens voor {code}. Opgeslagen gemeenten: {known}.")
    if jaar is None:
        return max(stored, key=lambda m: m.jaar)
    for m in stored:
        if m.jaar == jaar:
            return m
    years = ", ".join(str(m.jaar) for m in sorted(stored, key=lambda m: m.jaar))
    raise UserError(f"Geen gegevens voor {code} in {jaar}. Opgeslagen jaren: {years}.")


def export_table(store: AreaStore, gemeente: str, jaar: int, niveau: str | None) -> pd.DataFrame:
    """The view of one year as a flat table: code, naam, niveau, parents, then per indicator
    its figure and its ``<indicator>_peiljaar``, and ``gebiedsindeling_gewijzigd``.

    The figures are the latest per indicator at or before ``jaar`` (see
    :meth:`AreaStore.view`), so a 2024 view of a first release carries the income of 2022 with
    peiljaar 2022. Missing figures stay missing (NaN), so a CSV shows an empty cell, never 0.
    """
    if niveau is not None and niveau not in LEVELS:
        raise UserError(f"Onbekend niveau {niveau!r}; kies gemeente, wijk of buurt.")
    table = pd.DataFrame(store.view(gemeente, jaar, niveau, geometry=False))
    columns = ["code", "naam", "niveau", "gemeente_code", "gemeente_naam", "wijk_code"]
    figures = [c for key in INDICATOR_KEYS for c in (key, peiljaar_column(key))]
    for column in (*columns, *figures, CHANGED_COLUMN):
        if column not in table.columns:
            table[column] = pd.NA
    order = {lvl: i for i, lvl in enumerate(LEVELS)}
    table = table.assign(_order=table["niveau"].map(order)).sort_values(["_order", "code"])
    table[CHANGED_COLUMN] = table[CHANGED_COLUMN].map(lambda v: "ja" if v is True else "")
    return table[[*columns, *figures, CHANGED_COLUMN]].reset_index(drop=True)


def format_number(value: object) -> str:
    """A figure for CSV output: whole numbers without ``.0``, NaN as an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(round(value, 6))
    return str(value)


def json_value(value: object) -> object:
    """A cell for JSON output: NaN and NA as null, whole floats as integers."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "item"):  # numpy scalars
        return json_value(value.item())
    return value


def gemeente_code(text: str) -> str:
    """``GM0344``, ``gm0344`` or ``0344`` -> ``GM0344``; anything else is a Dutch error."""
    code = str(text).strip().upper()
    if re.fullmatch(r"\d{1,4}", code):
        code = "GM" + code.zfill(4)
    if not re.fullmatch(r"GM\d{4}", code):
        raise UserError(
            f"{str(text).strip()!r} is geen gemeentecode. Gebruik GM met vier cijfers, "
            "bijvoorbeeld GM0344 (Utrecht)."
        )
    return code
