"""JSON that every parser accepts: a missing value is ``null``, never ``NaN`` or ``Infinity``.

Python's ``json`` writes ``NaN`` for a float NaN, which is not JSON (RFC 8259); pandas gives NaN,
NaT and ``pd.NA`` for missing values. :func:`dumps` turns all of them into ``null`` and refuses
anything else that is not finite.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd


def clean(value: Any) -> Any:
    """``value`` with every missing or non-finite number replaced by None (recursively)."""
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [clean(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        return clean(value.item())
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    return value


def dumps(data: Any, **kwargs: Any) -> str:
    """Strict JSON text of ``data`` (see the module docstring)."""
    return json.dumps(clean(data), allow_nan=False, default=str, ensure_ascii=False, **kwargs)
