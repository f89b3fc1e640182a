"""The CBS table *Buurt, wijk en gemeente <jaar> voor postcode huisnummer* (file, never fetched).

CBS publishes it yearly as ``<jaar>-cbs-pc6huisnr<jaar>0801_buurt.zip`` holding
``pc6hnr<jaar>0801_gwb.csv``: one row per address (postcode + house number), semicolon
separated, with the buurt, wijk and gemeente of that year as bare numbers::

    PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024
    3511AB;1;3440101;34401;344

The numbers lose their leading zeros (buurt 03440101 is written 3440101); this reader restores
them and gives CBS codes (``BU03440101``, ``WK034401``, ``GM0344``). The whole country has some
9 million rows, so only the columns needed are read, with fixed types.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

import pandas as pd

from urgentie.errors import UserError

COLUMNS = ("pc6", "huisnummer", "buurt_code", "wijk_code", "gemeente_code")
"""The canonical columns of one address."""

_YEAR_COLUMN = re.compile(r"^(Buurt|Wijk|Gemeente)(\d{4})$", re.IGNORECASE)
_CSV_NAME = re.compile(r"pc6hnr\d{8}_gwb\.csv$", re.IGNORECASE)


def read_postcode_file(path: Path, gemeente: str | None = None) -> tuple[pd.DataFrame, int]:
    """The addresses of the CBS postcode–huisnummer file (``.csv`` or the CBS ``.zip``).

    Returns the frame (:data:`COLUMNS`) and the year the file names in its columns
    (``Buurt2024`` → 2024). With ``gemeente`` (``GM0344``) only that gemeente's rows. Raises
    :class:`UserError` in Dutch when the file is not this table.
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"Bestand niet gevonden: {path}")
    with _open_csv(path) as handle:
        header = handle.readline().decode("utf-8-sig").strip()
        columns = [c.strip().strip('"') for c in header.split(";")]
        year, names = _columns(columns, path.name)
        handle.seek(0)
        frame = pd.read_csv(
            handle,
            sep=";",
            usecols=[names["pc6"], names["huisnummer"], *names["codes"]],
            dtype=str,
            encoding="utf-8-sig",
        )
    frame.columns = ["pc6", "huisnummer", "buurt_code", "wijk_code", "gemeente_code"]
    frame["pc6"] = frame["pc6"].str.replace(" ", "", regex=False).str.upper()
    frame["buurt_code"] = "BU" + frame["buurt_code"].str.strip().str.zfill(8)
    frame["wijk_code"] = "WK" + frame["wijk_code"].str.strip().str.zfill(6)
    frame["gemeente_code"] = "GM" + frame["gemeente_code"].str.strip().str.zfill(4)
    bad = ~frame["pc6"].str.fullmatch(r"[1-9]\d{3}[A-Z]{2}", na=False)
    if bad.all():
        raise UserError(f"{path.name}: geen geldige postcodes in de kolom PC6.")
    frame = frame[~bad]
    if gemeente:
        frame = frame[frame["gemeente_code"] == gemeente]
    return frame.reset_index(drop=True)[list(COLUMNS)], year


def _open_csv(path: Path) -> IO[bytes]:
    if path.suffix.lower() != ".zip":
        return path.open("rb")
    archive = zipfile.ZipFile(path)
    inner = [n for n in archive.namelist() if _CSV_NAME.search(n)]
    if not inner:
        raise UserError(
            f"{path.name}: geen bestand pc6hnr…_gwb.csv in dit zip-bestand. Is dit het CBS-bestand "
            "'Buurt, wijk en gemeente voor postcode huisnummer'?"
        )
    return archive.open(inner[0])  # seekable: the header is read first, then the whole file


def _columns(columns: list[str], name: str) -> tuple[int, dict]:
    lower = {c.lower(): c for c in columns}
    years: dict[str, tuple[str, int]] = {}
    for column in columns:
        match = _YEAR_COLUMN.match(column)
        if match:
            years[match.group(1).lower()] = (column, int(match.group(2)))
    missing = [c for c in ("pc6", "huisnummer") if c not in lower]
    missing += [f"{k.capitalize()}<jaar>" for k in ("buurt", "wijk", "gemeente") if k not in years]
    if missing:
        raise UserError(
            f"{name}: dit is niet het CBS-bestand 'Buurt, wijk en gemeente voor postcode "
            f"huisnummer'; de kolom(men) {', '.join(missing)} ontbreken."
        )
    year = years["buurt"][1]
    return year, {
        "pc6": lower["pc6"],
        "huisnummer": lower["huisnummer"],
        "codes": [years[k][0] for k in ("buurt", "wijk", "gemeente")],
    }
