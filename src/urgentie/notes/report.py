"""The validation report as plain Dutch text, for the command line.

Text from files is passed through :func:`terminal_safe` so that a note cannot move the cursor,
change colours or hide lines in the analyst's terminal (escape sequences in a CSV cell).
"""

from __future__ import annotations

import re

from urgentie.notes.importer import BatchReport, ImportPreview
from urgentie.numbers import format_value

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MAX_LISTED = 50
"""Rows listed by name in the text report; the JSON report always lists all."""


def terminal_safe(text: str) -> str:
    """Text without control characters (ANSI escapes included); newlines kept."""
    return _CONTROL.sub("�", text)


def format_preview(preview: ImportPreview) -> str:
    """The validation report: what was read, accepted, rejected (with reasons) and replaced."""
    lines = [
        f"Bestand: {terminal_safe(preview.file_name)} ({_kind_label(preview)})",
        f"Gemeente: {preview.gemeente} {terminal_safe(preview.gemeente_naam)}, gebieden van "
        f"{preview.jaar}; codeboek {preview.codebook_version}",
    ]
    if preview.columns:
        found = ", ".join(f"{k} = '{terminal_safe(v)}'" for k, v in preview.columns.items())
        lines.append(f"Kolommen: {found}")
    if preview.ignored_columns:
        ignored = ", ".join(terminal_safe(c) for c in preview.ignored_columns)
        lines.append(f"Genegeerde kolommen: {ignored}")
    for warning in preview.file_warnings:
        lines.append(f"Let op: {terminal_safe(warning)}")
    if preview.duplicate_of:
        lines.append(f"Let op: {preview.duplicate_message()}")
    lines.append("")
    lines.append(f"Goedgekeurd: {preview.accepted_count} rij(en)")
    lines.append(f"Afgewezen:   {preview.rejected_count} rij(en)")
    for rejected in preview.rejected[:MAX_LISTED]:
        reasons = "; ".join(terminal_safe(r) for r in rejected.reasons)
        lines.append(f"  {rejected.location}: {reasons}")
    if preview.rejected_count > MAX_LISTED:
        lines.append(f"  … en nog {preview.rejected_count - MAX_LISTED} (zie --json)")
    warned = [n for n in preview.notes if n.warnings]
    if warned:
        lines.append(f"Met waarschuwing: {len(warned)} rij(en)")
        for note in warned[:MAX_LISTED]:
            lines.append(f"  {note.location}: {terminal_safe('; '.join(note.warnings))}")
    if preview.area_issues:
        lines.append("")
        lines.append(
            "Gebieden om te kiezen (gebruik --map 'NAAM=CODE', of 'NAAM=-' om over te slaan):"
        )
        for issue in preview.area_issues:
            rows = ", ".join(issue.rows[:8]) + (" …" if len(issue.rows) > 8 else "")
            lines.append(f"  '{terminal_safe(issue.written)}' ({issue.kind}; {rows})")
            for candidate in issue.candidates[:5]:
                lines.append(
                    f"      {candidate.code}  {candidate.label()}  "
                    + format_value(candidate.score, "%", 0)
                )
    counts = preview.replacement_counts()
    lines.append("")
    if counts:
        listed = ", ".join(f"{kind} {n}" for kind, n in counts.items())
        lines.append(f"Gepseudonimiseerd: {sum(counts.values())} vervanging(en): {listed}")
    else:
        lines.append("Gepseudonimiseerd: niets te vervangen gevonden.")
    return "\n".join(lines)


def format_batch(report: BatchReport) -> str:
    """One line: what a confirmed import stored."""
    if report.batch_id is None or not report.accepted:
        return "Niets geïmporteerd."
    return (
        f"Geïmporteerd als batch {report.batch_id}: {report.accepted} gesprek(ken)"
        f"{f', {report.rejected} rij(en) afgewezen' if report.rejected else ''}. "
        f"Ongedaan maken: python -m urgentie notes undo {report.batch_id}"
    )


def _kind_label(preview: ImportPreview) -> str:
    labels = {
        "csv": "CSV",
        "xlsx": "Excel",
        "docx": "Word",
        "tekst": "tekst",
        "handmatig": "formulier",
    }
    details = ", ".join(f"{k} {terminal_safe(str(v))}" for k, v in preview.details.items())
    return labels.get(preview.kind, preview.kind) + (f"; {details}" if details else "")
