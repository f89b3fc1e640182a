"""The postcode index of each gemeente at rest: which wijken and buurten a postcode's addresses
lie in, with the number of addresses (from the CBS postcode–huisnummer file).

One small Parquet file per gemeente (``<data>/postcodes/GM0344.parquet``): a gemeente has a few
thousand postcodes, the whole country's file 9 million addresses, so only the counts are kept.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from urgentie import settings

INDEX_COLUMNS = ("pc6", "wijk_code", "buurt_code", "adressen", "jaar")


def _folder(root: Path | None = None) -> Path:
    return (root or settings.data_dir()) / "postcodes"


def postcode_index(addresses: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Addresses per (postcode, wijk, buurt) from :func:`read_postcode_file` rows."""
    counts = (
        addresses.groupby(["pc6", "wijk_code", "buurt_code"], sort=True)
        .size()
        .rename("adressen")
        .reset_index()
    )
    counts["jaar"] = jaar
    return counts[list(INDEX_COLUMNS)]


def save_index(addresses: pd.DataFrame, jaar: int, root: Path | None = None) -> dict[str, int]:
    """Store the index of every gemeente in ``addresses``; returns postcodes per gemeente.

    Each gemeente's file is written to a temporary name and then renamed, so a reader never
    sees half a file."""
    folder = _folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for gemeente, rows in addresses.groupby("gemeente_code", sort=True):
        index = postcode_index(rows, jaar)
        target = folder / f"{gemeente}.parquet"
        partial = target.with_suffix(".parquet.tmp")
        index.to_parquet(partial, index=False)
        partial.replace(target)
        written[str(gemeente)] = int(index["pc6"].nunique())
    return written


def load_index(gemeente: str, root: Path | None = None) -> pd.DataFrame:
    """The stored index of ``gemeente`` (empty with :data:`INDEX_COLUMNS` when none)."""
    path = _folder(root) / f"{gemeente}.parquet"
    if not path.exists():
        return pd.DataFrame(columns=list(INDEX_COLUMNS))
    return pd.read_parquet(path)
