"""Import CBS files into the area store: read and check every file first, then write once.

A user who imports a KWB sheet together with a boundary file expects both or neither: if the
second file turns out to be broken, the first must not be half in the store. So all files are
read and validated before anything is written, and then every merge is staged in one store
transaction that becomes current at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from urgentie import settings
from urgentie.errors import UserError
from urgentie.indicators import INDICATOR_KEYS
from urgentie.numbers import format_number, format_threshold
from urgentie.pipeline import ImportReport, Progress, integrate
from urgentie.sources import plausibility
from urgentie.sources.common import ReadResult
from urgentie.sources.detect import SourceFile, Upload
from urgentie.sources.files import read_file
from urgentie.store.areas import AreaStore

FileInput = str | Path | Upload | tuple[str, bytes] | SourceFile


def _quiet(_message: str, _fraction: float | None = None) -> None:
    return None


def max_upload_bytes() -> int:
    """The size limit per file, from the setting ``URGENTIE_MAX_UPLOAD_MB``."""
    return int(float(settings.get("URGENTIE_MAX_UPLOAD_MB")) * 1024 * 1024)


def check_size(file: SourceFile) -> None:
    """Raise a Dutch error when ``file`` is larger than the configured limit."""
    limit = max_upload_bytes()
    size = file.size()
    if size > limit:
        raise UserError(
            f"{file.name}: het bestand is {format_number(size / 1024 / 1024, 1)} MB; de grens is "
            f"{format_threshold(float(settings.get('URGENTIE_MAX_UPLOAD_MB')))} MB (instelling "
            "URGENTIE_MAX_UPLOAD_MB)."
        )


def read_all(
    items: Sequence[FileInput], *, jaar: int | None, progress: Progress = _quiet
) -> list[ReadResult]:
    """Read and validate every file; the first unusable file raises, nothing is written."""
    files = [SourceFile.of(item) for item in items]
    if not files:
        raise UserError("Geen bestanden opgegeven.")
    _check_names(files)
    for file in files:
        check_size(file)
    results = []
    for i, file in enumerate(files):
        progress(f"{file.name} lezen", 0.5 * i / len(files))
        result = read_file(file, jaar)
        # Impossible figures are reported per area and left empty before anything is written.
        impossible = plausibility.blank_impossible(result.incoming.frame)
        result.notes.extend(plausibility.summary(impossible))
        note = _empty_indicators_note(result)
        if note:
            result.notes.append(note)
        results.append(result)
    return results


def _empty_indicators_note(result: ReadResult) -> str | None:
    """Indicators whose columns are in the file but hold no figure at all.

    Early CBS releases publish columns before their figures (``.`` or ``-99995`` everywhere);
    the user should know those indicators stay empty, just like absent ones.
    """
    incoming = result.incoming
    if not incoming.has_figures:
        return None
    empty = [
        key
        for key in INDICATOR_KEYS
        if key not in incoming.missing_indicators and incoming.frame[key].isna().all()
    ]
    if not empty:
        return None
    return (
        f"{len(empty)} indicator(en) staan in het bestand maar zonder cijfers (geheim of nog "
        f"niet gepubliceerd): {', '.join(empty)}"
    )


def import_files(
    items: Sequence[FileInput],
    *,
    jaar: int | None,
    store: AreaStore,
    progress: Progress = _quiet,
) -> list[ImportReport]:
    """Import CBS files (paths, uploads or ``(name, bytes)``) all-or-nothing.

    Parameters
    ----------
    items
        The files, in the order they are merged (the order does not change the result:
        figures and boundaries of the same year find each other either way).
    jaar
        The statistics year when the user gave one; otherwise each file says it.
    store
        Where the datasets are written.
    progress
        Called with a Dutch step description and the fraction done (0–1).

    Returns
    -------
    list[ImportReport]
        One report per file, in the order given.

    Raises
    ------
    UserError
        When any file is unusable; then the store is exactly as before.
    """
    results = read_all(items, jaar=jaar, progress=progress)
    reports: list[ImportReport] = []
    try:
        with store.transaction() as tx:
            for i, result in enumerate(results):
                share = 0.45 / len(results)
                step = _scaled(progress, result.incoming.source.name, 0.5 + share * i, share)
                report = integrate(store, result.incoming, step, tx=tx)
                report.notes.extend(result.notes)
                reports.append(report)
            progress("opslaan", 0.97)
    except OSError as exc:
        raise UserError(
            f"Opslaan in de datamap is mislukt ({exc.strerror or exc}). Er is niets gewijzigd."
        ) from exc
    progress("klaar", 1.0)
    return reports


def _scaled(progress: Progress, name: str, start: float, share: float) -> Progress:
    """A progress callback for one file's merge, mapped onto ``[start, start + share]``."""

    def step(message: str, fraction: float | None = None) -> None:
        done = None if fraction is None else start + share * fraction
        progress(f"{name}: {message}", done)

    return step


def _check_names(files: Iterable[SourceFile]) -> None:
    seen: set[str] = set()
    for file in files:
        if file.name in seen:
            raise UserError(f"{file.name} is twee keer opgegeven.")
        seen.add(file.name)
