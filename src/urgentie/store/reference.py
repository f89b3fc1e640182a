"""National reference figures per year: the ``NL00`` row of a Kerncijfers table.

A wijk is compared with its gemeente *and* with the Netherlands. The land row costs one extra row
in a live download, so it is kept here, beside the area datasets::

    referentie/<jaar>.json   {"jaar", "table_id", "modified", "values": {indicator: number|null}}

Written atomically (temporary file, then ``os.replace``) so a reader never sees half a file.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from urgentie import settings


@dataclass
class NationalReference:
    """Indicator values of the Netherlands in one year (None where CBS publishes nothing)."""

    jaar: int
    table_id: str = ""
    modified: str = ""
    values: dict[str, float | None] = field(default_factory=dict)


def _path(root: Path, jaar: int) -> Path:
    return root / "referentie" / f"{int(jaar)}.json"


def save_reference(reference: NationalReference, root: Path | None = None) -> Path:
    """Store ``reference`` (replacing that year's) and return its path."""
    root = Path(root) if root is not None else settings.data_dir()
    path = _path(root, reference.jaar)
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v))
        for k, v in reference.values.items()
    }
    payload = {
        "jaar": int(reference.jaar),
        "table_id": reference.table_id,
        "modified": reference.modified,
        "values": values,
    }
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def load_reference(jaar: int, root: Path | None = None) -> NationalReference | None:
    """The national figures of ``jaar``, or None when they were never downloaded."""
    root = Path(root) if root is not None else settings.data_dir()
    path = _path(root, jaar)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return NationalReference(
        jaar=int(data["jaar"]),
        table_id=str(data.get("table_id", "")),
        modified=str(data.get("modified", "")),
        values={str(k): (None if v is None else float(v)) for k, v in data["values"].items()},
    )


def reference_frame(reference: NationalReference | None) -> pd.DataFrame | None:
    """The reference as one canonical row (code ``NL00``, level ``land``), or None."""
    if reference is None:
        return None
    row: dict[str, object] = {"code": "NL00", "naam": "Nederland", "niveau": "land"}
    row.update(
        {key: (float("nan") if value is None else value) for key, value in reference.values.items()}
    )
    row["jaar"] = reference.jaar
    return pd.DataFrame([row])
