"""What an uploaded file really is, from its bytes: never trust the extension.

:func:`sniff` returns the format (``xlsx``, ``docx`` or ``tekst``) and, for text, the decoded
content and its encoding. Everything else — images, PDFs, old Office files, archives, files with
NUL bytes — is refused with a Dutch message that says what to do instead.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from urgentie import settings
from urgentie.encodings import decode_per_line, foreign_lines
from urgentie.errors import UserError
from urgentie.numbers import format_number, format_threshold

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "een PNG-afbeelding"),
    (b"\xff\xd8\xff", "een JPEG-afbeelding"),
    (b"GIF87a", "een GIF-afbeelding"),
    (b"GIF89a", "een GIF-afbeelding"),
    (b"%PDF", "een PDF-document"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"7z\xbc\xaf\x27\x1c", "een 7-Zip-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"\x7fELF", "een programma"),
    (b"MZ", "een Windows-programma"),
    (b"{\\rtf", "een RTF-document (sla het op als .docx of .txt)"),
    (b"SQLite format 3\x00", "een SQLite-database"),
    (b"PAR1", "een Parquet-bestand"),
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SUPPORTED = "CSV, Excel (.xlsx), Word (.docx) of tekst (.txt/.md)"


@dataclass(frozen=True)
class Sniffed:
    """The format of an upload and, for text, its decoded content."""

    kind: str
    """``xlsx``, ``docx`` or ``tekst`` (CSV or plain text; the reader decides which)."""
    text: str | None = None
    encoding: str | None = None
    foreign_lines: tuple[int, ...] = ()
    """Lines of a UTF-8 file that were written in Windows-1252 (see :func:`decode_mixed`)."""


def check_size(size: int) -> None:
    """Refuse a file above ``URGENTIE_MAX_UPLOAD_MB`` before reading it."""
    limit_mb = float(settings.get("URGENTIE_MAX_UPLOAD_MB"))
    if size > limit_mb * 1024 * 1024:
        raise UserError(
            f"Het bestand is {format_number(size / 1024 / 1024, 1)} MB; de grens is "
            f"{format_threshold(limit_mb)} MB "
            "(instelling URGENTIE_MAX_UPLOAD_MB). Splits het bestand of verhoog de grens."
        )


def sniff(data: bytes) -> Sniffed:
    """Recognise the format of ``data``; raise :class:`UserError` for anything unsupported."""
    check_size(len(data))
    if not data.strip():
        raise UserError("Het bestand is leeg.")
    if data.startswith(b"PK\x03\x04"):
        return Sniffed(_zip_kind(data))
    if data.startswith(_OLE):
        raise UserError(
            "Dit is een bestand in het oude Office-formaat (.xls of .doc). Open het en sla het "
            "op als Excel-werkmap (.xlsx) of Word-document (.docx)."
        )
    for magic, label in _MAGIC:
        if data.startswith(magic):
            raise UserError(f"Dit bestand is {label}, geen {SUPPORTED}.")
    text, encoding, foreign = decode_mixed(data)
    return Sniffed("tekst", text, encoding, foreign)


MAX_UNPACKED_RATIO = 100
"""An Office file unpacks to a few times its size; a hundredfold is a zip bomb."""


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _refuse_zip_bomb(archive, len(data))
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
            )
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(
            "Het bestand lijkt een Office-document maar is beschadigd of onvolledig."
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "opendocument" in mimetype:
        raise UserError(
            "Dit is een OpenDocument-bestand (LibreOffice). Sla het op als .xlsx, .docx of CSV."
        )
    raise UserError(f"Dit is een ZIP-archief, geen {SUPPORTED}.")


def _refuse_zip_bomb(archive: zipfile.ZipFile, size: int) -> None:
    """Refuse an archive that would unpack to far more than an Office file ever does, before
    any member is read (a 'document' of a few kB that unpacks to gigabytes)."""
    unpacked = sum(max(0, info.file_size) for info in archive.infolist())
    limit_mb = float(settings.get("URGENTIE_MAX_UPLOAD_MB"))
    if unpacked > max(size * MAX_UNPACKED_RATIO, 1024 * 1024) or unpacked > limit_mb * 1024**2 * 20:
        raise UserError(
            f"Het bestand zou uitgepakt {format_number(unpacked / 1024 / 1024, 0)} MB worden, "
            f"veel meer dan een Office-document van {format_number(size / 1024, 0)} kB ooit is. "
            "Het wordt niet geopend (mogelijk een zip-bom)."
        )


def decode_mixed(data: bytes) -> tuple[str, str, tuple[int, ...]]:
    """Like :func:`decode`, but a UTF-8 file with a few Windows-1252 lines (two files pasted
    together) is decoded line by line instead of as Windows-1252 throughout, which would turn
    every ``é`` of the UTF-8 lines into ``Ã©``. Returns the numbers of the Windows-1252 lines,
    for the import report."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        text, encoding = decode(data)
        return text, encoding, ()
    foreign = foreign_lines(data)
    if foreign:
        text, _ = decode(decode_per_line(data).encode("utf-8"))
        return text, "UTF-8 met regels in Windows-1252", tuple(foreign)
    text, encoding = decode(data)
    return text, encoding, ()


def decode(data: bytes) -> tuple[str, str]:
    """Decode text: UTF-16 or UTF-8 by their byte-order mark, else UTF-8, else Windows-1252.

    Returns (text, encoding name). Refuses NUL bytes and binary content with a Dutch message,
    since a NUL never belongs in a note and PostgreSQL cannot store it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UserError("Het bestand is beschadigd (ongeldige UTF-16-tekst).") from exc
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict(data[3:], "utf-8", "UTF-8 met BOM")
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, encoding = _strict(data, "cp1252", "Windows-1252")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise UserError(
            f"Het bestand bevat NUL-tekens (eerste op regel {line}): dit is geen gewoon "
            "tekstbestand. Sla het opnieuw op als CSV (UTF-8) of tekst."
        )
    control = sum(1 for c in text[:100_000] if ord(c) < 32 and c not in "\t\n\r\f\v")
    if control > max(5, len(text[:100_000]) // 100):
        raise UserError(f"Dit lijkt geen tekstbestand. Gebruik {SUPPORTED}.")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as exc:
        raise UserError(
            f"De tekens in het bestand zijn niet te lezen ({label} verwacht, fout bij byte "
            f"{exc.start}). Sla het op als CSV UTF-8."
        ) from exc
