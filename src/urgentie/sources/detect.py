"""What kind of file did the user give us? Decided from the bytes, never from the extension.

Users rename files, browsers add ``(1)``, and a download that broke off still has its name. So
the kind comes from the content: an xlsx is a zip with ``xl/workbook.xml``, a GeoPackage is an
SQLite database with GeoPackage tables, GeoJSON is a JSON ``FeatureCollection``, anything else
that decodes as text is a table (CSV). Every other case gets a Dutch error that says what the
file looks like instead.
"""

from __future__ import annotations

import io
import re
import sqlite3
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from urgentie.encodings import foreign_lines
from urgentie.errors import UserError

EXPECTED = "Verwacht: KWB-Excel (.xlsx), StatLine-CSV, Wijk- en buurtkaart (GeoPackage) of GeoJSON."


class FileKind(StrEnum):
    """The formats the importer reads."""

    XLSX = "xlsx"
    GPKG = "gpkg"
    GEOJSON = "geojson"
    TEXT = "tekst"


class Upload(Protocol):
    """What ``st.file_uploader`` returns: a name and the bytes."""

    name: str

    def getvalue(self) -> bytes: ...


@dataclass(frozen=True)
class SourceFile:
    """One file to import: a path on disk or bytes from an upload, with its display name."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def of(cls, item: str | Path | Upload | tuple[str, bytes] | SourceFile) -> SourceFile:
        """Wrap a path, an uploaded file or a ``(name, bytes)`` pair."""
        if isinstance(item, SourceFile):
            return item
        if isinstance(item, tuple):
            name, data = item
            return cls(name=str(name), data=bytes(data))
        if isinstance(item, str | Path):
            path = Path(item)
            if not path.is_file():
                raise UserError(f"{path}: bestand niet gevonden.")
            return cls(name=path.name, path=path)
        return cls(name=str(item.name), data=bytes(item.getvalue()))

    def size(self) -> int:
        """Size in bytes."""
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        return self.path.stat().st_size

    def head(self, count: int = 65536) -> bytes:
        """The first ``count`` bytes (cheap for a large file on disk)."""
        if self.data is not None:
            return self.data[:count]
        assert self.path is not None
        with self.path.open("rb") as handle:
            return handle.read(count)

    def read_bytes(self) -> bytes:
        """All bytes of the file."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()

    @contextmanager
    def local_path(self) -> Iterator[Path]:
        """A path on disk with the content (a temporary copy for an upload).

        SQLite and GDAL read files, not bytes, so an uploaded GeoPackage is written out first.
        """
        if self.path is not None:
            yield self.path
            return
        with tempfile.TemporaryDirectory(prefix="urgentie-import-") as tmp:
            suffix = Path(self.name).suffix or ".bin"
            target = Path(tmp) / f"upload{suffix}"
            target.write_bytes(self.read_bytes())
            yield target


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "een PDF-document"),
    (b"\x89PNG", "een PNG-afbeelding"),
    (b"\xff\xd8\xff", "een JPEG-afbeelding"),
    (b"GIF8", "een GIF-afbeelding"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"7z\xbc\xaf", "een 7-Zip-archief"),
    (b"MZ", "een Windows-programma"),
    (b"\x7fELF", "een programma"),
    (b"PAR1", "een Parquet-bestand"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SQLITE = b"SQLite format 3\x00"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def sniff(file: SourceFile) -> FileKind:
    """The kind of ``file``, from its content.

    Raises
    ------
    UserError
        When the file is empty, truncated, of an unsupported kind, or a renamed binary.
    """
    head = file.head()
    if not head:
        raise UserError(f"{file.name}: het bestand is leeg.")
    if head.startswith(_ZIP):
        return _sniff_zip(file)
    if head.startswith(_OLE2):
        raise UserError(
            f"{file.name}: dit is een oud Excel-bestand (.xls). Open het in Excel of "
            "LibreOffice en sla het op als Excel-werkmap (.xlsx)."
        )
    if head.startswith(_SQLITE):
        check_geopackage(file)
        return FileKind.GPKG
    for signature, label in _SIGNATURES:
        if head.startswith(signature):
            raise UserError(f"{file.name}: dit is {label}, geen gegevensbestand. {EXPECTED}")
    text = decode_text(head, file.name, partial=len(head) < file.size())
    if text.lstrip().startswith(("{", "[")):
        return FileKind.GEOJSON
    return FileKind.TEXT


def _sniff_zip(file: SourceFile) -> FileKind:
    names = zip_names(file)
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if any(n.startswith("word/") for n in names):
        raise UserError(f"{file.name}: dit is een Word-document, geen gegevensbestand. {EXPECTED}")
    raise UserError(
        f"{file.name}: dit zip-bestand is geen Excel-werkmap. Pak het eerst uit en importeer "
        f"het bestand dat erin zit. {EXPECTED}"
    )


def zip_names(file: SourceFile) -> list[str]:
    """Member names of a zip (xlsx) file; a truncated or damaged zip is a Dutch error."""
    try:
        with zipfile.ZipFile(io.BytesIO(file.read_bytes())) as archive:
            bad = archive.testzip()
            if bad is not None:
                raise zipfile.BadZipFile(bad)
            return archive.namelist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise UserError(
            f"{file.name}: het bestand is beschadigd of niet helemaal gedownload "
            "(het zip/Excel-bestand is afgebroken). Download het opnieuw."
        ) from exc


def check_geopackage(file: SourceFile) -> None:
    """Raise a Dutch error when an SQLite file is truncated or not a GeoPackage.

    The SQLite header says how many pages the database has; a download that broke off is
    shorter than that, which SQLite itself would only notice halfway through a query.
    """
    head = file.head(100)
    if len(head) < 100:
        raise _truncated_gpkg(file)
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", head[24:32])
    valid_for = struct.unpack(">I", head[92:96])[0]
    if page_count and valid_for == change_counter and file.size() < page_size * page_count:
        raise _truncated_gpkg(file)
    with file.local_path() as path:
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                tables = {
                    row[0]
                    for row in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type='table'"
                    )
                }
            finally:
                connection.close()
        except sqlite3.DatabaseError as exc:
            raise _truncated_gpkg(file) from exc
    if "gpkg_contents" not in tables:
        raise UserError(
            f"{file.name}: dit is een SQLite-database, maar geen GeoPackage. {EXPECTED}"
        )


def _truncated_gpkg(file: SourceFile) -> UserError:
    return UserError(
        f"{file.name}: de GeoPackage is beschadigd of niet helemaal gedownload. "
        "Download het bestand opnieuw."
    )


# Bytes that never occur in text: NUL and the C0 controls other than tab, newline, CR, FF.
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def decode_text(data: bytes, name: str, *, partial: bool = False) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Excel on Windows saves CSV as Windows-1252 and StatLine exports UTF-8 with a BOM; both must
    import with "é" intact. UTF-8 is tried strictly first because Windows-1252 decodes almost
    any bytes: a file that is valid UTF-8 is practically never meant as Windows-1252.
    ``partial`` says ``data`` is only the start of the file, so a multi-byte character may be
    cut at the end.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            if not partial:
                raise UserError(f"{name}: de tekst (UTF-16) is beschadigd.") from None
            return data[: len(data) - len(data) % 2].decode("utf-16", errors="ignore")
    if _BINARY.search(data[:8192]):
        raise UserError(
            f"{name}: dit is een binair bestand van een onbekend soort, geen tekst of tabel. "
            f"Is het misschien hernoemd? {EXPECTED}"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8")
    mixed = foreign_lines(data)
    if mixed and not partial:
        shown = ", ".join(str(n) for n in mixed[:10]) + (" …" if len(mixed) > 10 else "")
        raise UserError(
            f"{name}: het bestand mengt twee coderingen: regel(s) {shown} staan in Windows-1252, "
            "de rest in UTF-8. Zo zouden namen als 'Café' verminkt worden opgeslagen; er is niets "
            "opgeslagen. Sla het bestand opnieuw op als CSV UTF-8."
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1")
