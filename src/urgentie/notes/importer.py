"""Import conversation notes: read, validate, pseudonymise, code — then, on confirmation, store.

Two steps, so that nothing is written before the user has seen the validation report:

1. :func:`prepare_import` reads the file, checks every row, matches areas, pseudonymises and
   codes the accepted rows, and returns an :class:`ImportPreview` (the validation report). It
   writes nothing.
2. :func:`commit_import` stores the accepted rows of a preview as one batch, in one transaction.

Rows with an unknown or ambiguous area are rejected until the user maps the name to an area
(``mapping``); a name mapped to ``None`` means "skip these rows". Mappings are remembered for the
next import of the same gemeente.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from urgentie import settings
from urgentie.canonical import NATIONAL
from urgentie.errors import UserError
from urgentie.notes import area_match, fields, readers
from urgentie.notes.area_match import AreaMatch, AreaMatcher, Candidate
from urgentie.store.areas import AreaStore
from urgentie.store.db import local_time
from urgentie.store.notes_db import BatchInfo, CodeRecord, NewBatch, NoteRecord, NotesStore

MAX_TEXT_CHARS = 20_000
"""A single note longer than this is almost certainly a whole document pasted into one cell."""


# --- context ------------------------------------------------------------------------------------
@dataclass
class ImportContext:
    """Everything an import of one gemeente needs besides the file: its areas, the remembered
    area names, the pseudonymiser (with the area names and the analyst's own list) and the
    codebook."""

    gemeente: str
    gemeente_naam: str
    jaar: int
    matcher: AreaMatcher
    pseudonymiser: Any
    codebook: Any
    area_names: list[str]

    @property
    def codebook_version(self) -> str:
        return str(self.codebook.version)


def stored_gemeenten(area_store: AreaStore) -> dict[str, str]:
    """Gemeenten with a stored dataset: code -> name (without the national overview)."""
    return {
        m.gemeente_code: m.gemeente_naam
        for m in area_store.manifests()
        if m.gemeente_code != NATIONAL
    }


def resolve_gemeente(area_store: AreaStore, gemeente: str | None) -> str:
    """The gemeente to import for: the one given, or the only one stored."""
    known = stored_gemeenten(area_store)
    if gemeente:
        code = gemeente.strip().upper()
        if code not in known:
            listed = ", ".join(f"{c} ({n})" for c, n in sorted(known.items())) or "geen"
            raise UserError(
                f"Geen gebieden voor gemeente {code} opgeslagen (aanwezig: {listed}). Laad eerst "
                "de gegevens (pagina Gegevens of `python -m urgentie data fetch`)."
            )
        return code
    if len(known) == 1:
        return next(iter(known))
    if not known:
        raise UserError(
            "Er zijn nog geen gebieden opgeslagen; laad eerst gegevens (pagina Gegevens of "
            "`python -m urgentie data fetch`)."
        )
    raise UserError(
        "Er zijn gegevens van meer gemeenten; kies er een met --gemeente: "
        + ", ".join(f"{c} ({n})" for c, n in sorted(known.items()))
    )


def area_keep_terms(area_names: Iterable[str], gemeente_naam: str) -> tuple[str, ...]:
    """The words the pseudonymiser keeps for a gemeente: its name and its areas' names.

    Area names stay: the note is filed under its area anyway, and "[TERM-1]" in place of the
    wijk would erase what the note is about. The analyst's own list is always replaced."""
    return tuple(sorted({*(n for n in area_names if n.strip()), gemeente_naam}))


def area_names(area_store: AreaStore, gemeente: str) -> dict[str, str]:
    """Code -> name of every area of ``gemeente``'s newest stored year."""
    years = area_store.years(gemeente)
    if not years:
        return {}
    areas = area_store.load(gemeente, years[-1])
    return {str(c): str(n) for c, n in zip(areas["code"], areas["naam"], strict=True)}


def gemeente_keep_terms(area_store: AreaStore, gemeente: str) -> tuple[str, ...]:
    """:func:`area_keep_terms` of ``gemeente``'s newest stored year (what ``notes import``
    passes to the pseudonymiser)."""
    years = area_store.years(gemeente)
    if not years:
        raise UserError(f"Geen gebieden voor gemeente {gemeente} opgeslagen.")
    areas = area_store.load(gemeente, years[-1])
    manifest = area_store.manifest(gemeente, years[-1])
    names = {str(n) for n in areas["naam"]}
    return area_keep_terms(names, manifest.gemeente_naam if manifest else gemeente)


def build_context(notes_store: NotesStore, area_store: AreaStore, gemeente: str) -> ImportContext:
    """The import context of ``gemeente`` from its newest stored year.

    The pseudonymiser is process-wide cached per list of names, so building a context per
    import (or per Streamlit rerun) does not rebuild deduce's lookup tables.
    """
    from urgentie.notes import coding, pseudonymise

    years = area_store.years(gemeente)
    if not years:
        raise UserError(f"Geen gebieden voor gemeente {gemeente} opgeslagen.")
    jaar = years[-1]
    areas = area_store.load(gemeente, jaar)
    frame = pd.DataFrame(areas[["code", "naam", "niveau"]])
    manifest = area_store.manifest(gemeente, jaar)
    names = sorted({str(n) for n in frame["naam"] if str(n).strip()})
    keep_terms = area_keep_terms(names, manifest.gemeente_naam if manifest else gemeente)
    extra_terms = tuple(sorted(set(notes_store.pseudo_terms())))
    return ImportContext(
        gemeente=gemeente,
        gemeente_naam=manifest.gemeente_naam if manifest else gemeente,
        jaar=jaar,
        matcher=AreaMatcher(frame, gemeente, notes_store.area_aliases(gemeente)),
        pseudonymiser=pseudonymise.get_pseudonymiser(extra_terms, keep_terms),
        codebook=coding.load_codebook(),
        area_names=names,
    )


# --- report -------------------------------------------------------------------------------------
@dataclass
class NoteDefaults:
    """Values for fields a file leaves out (e.g. a Word report of one conversation)."""

    area: str | None = None
    perspective: str | None = None
    role: str | None = None
    note_date: date | None = None


@dataclass
class ReplacementInfo:
    """One replacement by the pseudonymiser, for the preview. ``original`` is only ever shown
    before storage and only to the analyst."""

    kind: str
    placeholder: str
    original: str
    rule: str = ""
    """Which rule found it, in Dutch (when the pseudonymiser says)."""


@dataclass
class PreparedNote:
    """An accepted row: the record to store and what the preview shows about it."""

    row: int
    location: str
    record: NoteRecord
    original_text: str
    replacements: list[ReplacementInfo]
    area_explain: str
    area_label: str = ""
    """The matched area as ``Naam (CODE)``."""
    warnings: list[str] = field(default_factory=list)


@dataclass
class RejectedRow:
    """A row that will not be imported, and every reason why."""

    row: int
    location: str
    reasons: list[str]
    excerpt: str = ""
    """The start of the row's text, for the analyst's preview only (not pseudonymised)."""


@dataclass
class AreaIssue:
    """A written area name that needs the user's choice, with the rows that use it."""

    written: str
    kind: str
    rows: list[str]
    candidates: list[Candidate]


@dataclass
class ImportPreview:
    """The validation report of one file: nothing of it is stored yet."""

    file_name: str
    sha256: str
    kind: str
    size: int
    gemeente: str
    gemeente_naam: str
    jaar: int
    codebook_version: str
    details: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    file_warnings: list[str] = field(default_factory=list)
    notes: list[PreparedNote] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    area_issues: list[AreaIssue] = field(default_factory=list)
    duplicate_of: list[BatchInfo] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def accepted_count(self) -> int:
        return len(self.notes)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def replacement_counts(self) -> dict[str, int]:
        """How many replacements the pseudonymiser made, by kind, over all accepted rows."""
        counts: Counter[str] = Counter()
        for note in self.notes:
            counts.update(r.kind for r in note.replacements)
        return dict(sorted(counts.items()))

    def duplicate_message(self) -> str | None:
        if not self.duplicate_of:
            return None
        first = self.duplicate_of[0]
        when = local_time(first.created_at) or "eerder"
        return (
            f"Dit bestand (zelfde inhoud) is al geïmporteerd als batch {first.id} op {when}. "
            "Maak die batch eerst ongedaan, of importeer bewust nog een keer."
        )

    def rows_frame(self) -> pd.DataFrame:
        """One row per file row: status, place, area, perspective, date and every problem.

        Contains the start of each row's original text: for the analyst's preview only.
        """
        rows: list[dict[str, Any]] = []
        for note in self.notes:
            r = note.record
            rows.append(
                {
                    "plek": note.location,
                    "_rij": note.row,
                    "status": "met waarschuwing" if note.warnings else "goed",
                    "gebied": note.area_label,
                    "perspectief": r.perspective,
                    "rol": r.role or "",
                    "datum": r.note_date.isoformat() if r.note_date else "",
                    "codes": ", ".join(sorted({f"{c.domain}/{c.polarity}" for c in r.codes})),
                    "vervangen": len(note.replacements),
                    "meldingen": "; ".join(note.warnings),
                    "tekst (begin)": _excerpt(note.original_text),
                }
            )
        for rejected in self.rejected:
            rows.append(
                {
                    "plek": rejected.location,
                    "_rij": rejected.row,
                    "status": "afgewezen",
                    "gebied": "",
                    "perspectief": "",
                    "rol": "",
                    "datum": "",
                    "codes": "",
                    "vervangen": 0,
                    "meldingen": "; ".join(rejected.reasons),
                    "tekst (begin)": _excerpt(rejected.excerpt),
                }
            )
        frame = pd.DataFrame(
            rows,
            columns=[
                "plek",
                "_rij",
                "status",
                "meldingen",
                "tekst (begin)",
                "gebied",
                "perspectief",
                "rol",
                "datum",
                "codes",
                "vervangen",
            ],
        )
        return frame.sort_values(["plek", "_rij"], key=_natural, ignore_index=True).drop(
            columns="_rij"
        )

    def to_json(self) -> dict[str, Any]:
        """The report as plain data (``notes import --json``); no note text, no originals."""
        return {
            "bestand": self.file_name,
            "sha256": self.sha256,
            "soort": self.kind,
            "gemeente": self.gemeente,
            "jaar": self.jaar,
            "codeboek": self.codebook_version,
            "details": self.details,
            "kolommen": self.columns,
            "genegeerde_kolommen": self.ignored_columns,
            "waarschuwingen": self.file_warnings,
            "geaccepteerd": self.accepted_count,
            "afgewezen": self.rejected_count,
            "afgewezen_rijen": [
                {"plek": r.location, "rij": r.row, "redenen": r.reasons} for r in self.rejected
            ],
            "rijen_met_waarschuwing": [
                {"plek": n.location, "rij": n.row, "waarschuwingen": n.warnings}
                for n in self.notes
                if n.warnings
            ],
            "onbekende_gebieden": [
                {
                    "naam": issue.written,
                    "soort": issue.kind,
                    "rijen": issue.rows,
                    "suggesties": [
                        {"code": c.code, "naam": c.naam, "niveau": c.niveau, "score": c.score}
                        for c in issue.candidates
                    ],
                }
                for issue in self.area_issues
            ],
            "vervangen": self.replacement_counts(),
            "al_geimporteerd_als": [b.id for b in self.duplicate_of],
        }


def _excerpt(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def _natural(column: pd.Series) -> pd.Series:
    if column.name == "_rij":
        return column
    return column.str.replace(r"\d+$", "", regex=True)


@dataclass
class BatchReport:
    """What a confirmed import stored."""

    batch_id: int | None
    file_name: str
    gemeente: str
    accepted: int
    rejected: int
    replacements: dict[str, int]
    duplicate_of: list[int] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return self.batch_id is not None and self.accepted > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch_id,
            "bestand": self.file_name,
            "gemeente": self.gemeente,
            "geimporteerd": self.accepted if self.batch_id is not None else 0,
            "afgewezen": self.rejected,
            "vervangen": self.replacements,
            "al_geimporteerd_als": self.duplicate_of,
        }


# --- prepare ------------------------------------------------------------------------------------
def prepare_import(
    data: bytes,
    file_name: str,
    context: ImportContext,
    notes_store: NotesStore,
    *,
    mapping: Mapping[str, str | None] | None = None,
    defaults: NoteDefaults | None = None,
) -> ImportPreview:
    """Read and check a file and pseudonymise and code its accepted rows; store nothing.

    Parameters
    ----------
    data, file_name
        The uploaded bytes and the file's name (only shown; the format is sniffed).
    context
        From :func:`build_context` for the chosen gemeente.
    notes_store
        Used only to detect a re-import of the same content.
    mapping
        Area names as written -> area code chosen by the user (``None``: skip those rows).
    defaults
        Values for fields a row leaves empty.

    Returns the validation report; raises :class:`UserError` when the file as a whole cannot be
    read (format, encoding, size, no text column).
    """
    sha256 = hashlib.sha256(data).hexdigest()
    tables = readers.read_tables(data, file_name)
    preview = ImportPreview(
        file_name=Path(file_name).name or "upload",
        sha256=sha256,
        kind=tables[0].kind,
        size=len(data),
        gemeente=context.gemeente,
        gemeente_naam=context.gemeente_naam,
        jaar=context.jaar,
        codebook_version=context.codebook_version,
        duplicate_of=notes_store.batches_with_hash(sha256),
    )
    validator = _Validator(context, mapping or {}, defaults or NoteDefaults(), preview)
    for table in tables:
        validator.table(table)
    validator.finish()
    return preview


@dataclass(frozen=True)
class NoteFields:
    """The checked fields of one row besides its text and area."""

    perspective: str
    role: str | None
    note_date: date | None
    period: str | None
    ratings: dict[str, float]


class _Validator:
    """Checks rows one by one and fills the preview."""

    def __init__(
        self,
        context: ImportContext,
        mapping: Mapping[str, str | None],
        defaults: NoteDefaults,
        preview: ImportPreview,
    ) -> None:
        self.context = context
        self.mapping = {fields.normalise(k): v for k, v in mapping.items()}
        self.defaults = defaults
        self.preview = preview
        self.issues: dict[str, AreaIssue] = {}
        self.keep_original = bool(settings.get("URGENTIE_KEEP_ORIGINAL_TEXT"))
        self.default_area = self._default_area()

    def _default_area(self) -> AreaMatch | None:
        if not self.defaults.area:
            return None
        found = self.context.matcher.match(self.defaults.area)
        if not found.matched:
            raise UserError(f"Standaardgebied: {found.explain()}.")
        return AreaMatch(found.written, area_match.DEFAULT, found.code, found.naam, 100.0)

    def table(self, table: readers.RawTable) -> None:
        columns = fields.map_columns(table.headers)
        prefix = f"Blad {table.sheet}: " if table.sheet else ""
        if columns.text is None:
            raise UserError(f"{prefix}geen kolom met de tekst van het gesprek gevonden.")
        self.preview.details.update(table.details)
        self.preview.columns.update(columns.describe())
        self.preview.ignored_columns.extend(
            h for h in columns.ignored if h not in self.preview.ignored_columns
        )
        self.preview.file_warnings.extend(prefix + p for p in columns.problems)
        self.preview.file_warnings.extend(prefix + w for w in table.warnings)
        if not columns.areas and self.default_area is None:
            self.preview.file_warnings.append(
                f"{prefix}geen kolom wijk/buurt/gebied: kies een standaardgebied voor alle rijen."
            )
        if columns.perspective is None and not self.defaults.perspective:
            self.preview.file_warnings.append(
                f"{prefix}geen kolom perspectief: kies een standaardperspectief voor alle rijen."
            )
        for record in table.records:
            self.row(table, columns, record)

    def row(
        self, table: readers.RawTable, columns: fields.ColumnMap, record: readers.RawRecord
    ) -> None:
        location = table.location(record)
        values = record.values
        reasons = list(record.errors)
        warnings = list(record.warnings)
        text = fields.clean_text(values.get(columns.text)) if columns.text else ""
        if not text:
            reasons.append("tekst ontbreekt")
        elif len(text) > MAX_TEXT_CHARS:
            reasons.append(f"tekst is langer dan {MAX_TEXT_CHARS} tekens")

        found = self._area(columns, values, location)
        if found is None:
            reasons.append("wijk of buurt ontbreekt")
        elif not found.matched:
            reasons.append(found.explain())
        elif found.kind == area_match.FUZZY:
            warnings.append(f"gebied {found.explain()}")

        perspective, role = None, None
        raw_perspective = values.get(columns.perspective) if columns.perspective else None
        if not fields.clean_text(raw_perspective) and self.defaults.perspective:
            raw_perspective = self.defaults.perspective
        try:
            perspective, role = fields.parse_perspective(raw_perspective)
        except fields.FieldError as exc:
            reasons.append(str(exc))
        written_role = fields.clean_text(values.get(columns.role)) if columns.role else ""
        role = written_role or role or (self.defaults.role or None)

        day, period = self.defaults.note_date, None
        if columns.date and fields.clean_text(values.get(columns.date)):
            try:
                parsed = fields.parse_date(values.get(columns.date))
                day, period = parsed.day, parsed.period
            except fields.FieldError as exc:
                reasons.append(str(exc))
        if day is not None and day > date.today() + timedelta(days=1):
            warnings.append(f"datum {day:%d-%m-%Y} ligt in de toekomst")
        if columns.period and fields.clean_text(values.get(columns.period)):
            period = fields.clean_text(values.get(columns.period))[:20]
        if period is None and day is not None:
            period = str(day.year)

        ratings: dict[str, float] = {}
        for domain, header in columns.urgency.items():
            try:
                rating = fields.parse_rating(values.get(header))
            except fields.FieldError as exc:
                reasons.append(f"{header}: {exc}")
                continue
            if rating is not None:
                ratings[domain] = rating

        if reasons:
            self.preview.rejected.append(
                RejectedRow(record.row, location, reasons, excerpt=text[:120])
            )
            return
        assert found is not None and found.code is not None and perspective is not None
        self.preview.notes.append(
            self._prepare_note(
                record,
                location,
                text,
                found,
                values=NoteFields(perspective, role, day, period, ratings),
                warnings=warnings,
            )
        )

    def _area(
        self, columns: fields.ColumnMap, values: Mapping[str, Any], location: str
    ) -> AreaMatch | None:
        for header, level in columns.areas:
            written = fields.clean_text(values.get(header))
            if not written:
                continue
            key = fields.normalise(written)
            if key in self.mapping:
                code = self.mapping[key]
                if not code:
                    return AreaMatch(written, area_match.SKIPPED)
                if code not in self.context.matcher.areas:
                    raise UserError(
                        f"Gekozen gebied {code} voor '{written}' hoort niet bij "
                        f"{self.context.gemeente}."
                    )
                self.preview.aliases[written] = code
                return AreaMatch(
                    written, area_match.MAPPED, code, self.context.matcher.name(code), 100.0
                )
            found = self.context.matcher.match(written, level)
            if not found.matched and found.kind in (area_match.UNKNOWN, area_match.AMBIGUOUS):
                issue = self.issues.setdefault(
                    key, AreaIssue(written, found.kind, [], list(found.candidates))
                )
                issue.rows.append(location)
            return found
        return self.default_area

    def _prepare_note(
        self,
        record: readers.RawRecord,
        location: str,
        text: str,
        found: AreaMatch,
        *,
        values: NoteFields,
        warnings: list[str],
    ) -> PreparedNote:
        result = self.context.pseudonymiser.run(text)
        record_out = NoteRecord(
            gemeente_code=self.context.gemeente,
            area_code=str(found.code),
            area_name=found.written,
            area_match=found.kind,
            perspective=values.perspective,
            role=values.role,
            note_date=values.note_date,
            period=values.period,
            text=result.text,
            original_text=text if self.keep_original else None,
            replaced=dict(Counter(r.kind for r in result.replacements)),
            source_row=record.row,
            source_sheet=record.sheet,
            ratings=values.ratings,
        )
        return PreparedNote(
            row=record.row,
            location=location,
            record=record_out,
            original_text=text,
            replacements=[
                ReplacementInfo(r.kind, r.placeholder, r.original, getattr(r, "rule", ""))
                for r in result.replacements
            ],
            area_explain=found.explain(),
            area_label=f"{found.naam} ({found.code})",
            warnings=warnings,
        )

    def finish(self) -> None:
        self.preview.area_issues = list(self.issues.values())
        # Coded together: the learned model scores a batch of notes at about half the cost.
        code_notes([n.record for n in self.preview.notes], self.context.codebook)


def code_note(record: NoteRecord, codebook: Any) -> None:
    """Code a record's (pseudonymised) text with ``codebook``; sets codes and cue urgency."""
    record.codes, record.cue_urgency = code_records(record.text, codebook)


CODING_BATCH = 500
"""Notes coded in one call of the model (memory stays flat on a large import)."""


def code_notes(records: Sequence[NoteRecord], codebook: Any) -> None:
    """:func:`code_note` for many records, in batches of :data:`CODING_BATCH`."""
    for start in range(0, len(records), CODING_BATCH):
        part = records[start : start + CODING_BATCH]
        coded_part = code_records_many([r.text for r in part], codebook)
        for record, coded in zip(part, coded_part, strict=True):
            record.codes, record.cue_urgency = coded


def code_records_many(
    texts: Sequence[str], codebook: Any
) -> list[tuple[list[CodeRecord], float | None]]:
    """:func:`code_records` for many texts at once."""
    from urgentie.notes import coding

    coded = coding.code_texts(texts, codebook)
    return [_records(text, hits) for text, hits in zip(texts, coded, strict=True)]


def code_records(text: str, codebook: Any) -> tuple[list[CodeRecord], float | None]:
    """The automatic codes of a text, each with its explanation and the soft urgency of its
    domain, plus the soft urgency of the note as a whole."""
    from urgentie.notes import coding

    return _records(text, coding.code_text(text, codebook))


def _records(text: str, hits: Sequence[Any]) -> tuple[list[CodeRecord], float | None]:
    from urgentie.notes import coding, review

    by_domain = {h.domain: [x for x in hits if x.domain == h.domain] for h in hits}
    urgency = {d: coding.urgency_from_cues(domain_hits) for d, domain_hits in by_domain.items()}
    records = [
        CodeRecord(
            h.domain,
            h.polarity,
            # Stored terms are the codebook's own words only: they are shown where residents
            # look (session summary, Gedeelde urgentie). What the model weighed are words of
            # the note itself, so they stay in the explanation, which only the analyst sees.
            [] if h.source == coding.SOURCE_MODEL else list(h.terms),
            h.cue,
            h.explain(),
            urgency[h.domain],
            review.hit_confidence(h, hits),
        )
        for h in hits
    ]
    return learned_adjustment(text, records), coding.urgency_from_cues(hits)


def learned_adjustment(text: str, records: list[CodeRecord]) -> list[CodeRecord]:
    """The coder's codes corrected by what this installation learned from its analysts'
    corrections (:mod:`urgentie.notes.learning`); unchanged until *Leer van correcties* ran."""
    from urgentie.notes import learning

    base = {f"{r.domain}/{r.polarity}" for r in records}
    wanted, changed = learning.adjust_codes(text, base)
    if not changed:
        return records
    kept = [r for r in records if f"{r.domain}/{r.polarity}" in wanted]
    for code in sorted(wanted - base):
        domain, polarity = code.split("/", 1)
        chance = f"{changed[code]:.2f}".replace(".", ",")
        kept.append(
            CodeRecord(
                domain,
                polarity,
                [],
                None,
                f"geleerd van correcties in deze installatie (kans {chance})",
                None,
                changed[code],
            )
        )
    return kept


def coder_codes(text: str, codebook: Any | None = None) -> set[str]:
    """The codes of the coder alone (no learned corrections), as ``domain/polarity``: the
    baseline that *Leer van correcties* measures against."""
    from urgentie.notes import coding

    return {f"{h.domain}/{h.polarity}" for h in coding.code_text(text, codebook)}


# --- commit -------------------------------------------------------------------------------------
def commit_import(
    preview: ImportPreview,
    notes_store: NotesStore,
    allow_duplicate: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Store the accepted rows of ``preview`` as one batch, all or nothing.

    Raises :class:`UserError` when no row was accepted, or when the same content was imported
    before and ``allow_duplicate`` is false.
    """
    # Checked again now, not only when the preview was made: a second click on "import" or a
    # second browser tab must not store the same file twice.
    preview.duplicate_of = notes_store.batches_with_hash(preview.sha256)
    if preview.duplicate_of and not allow_duplicate:
        raise UserError(preview.duplicate_message() or "Dit bestand is al geïmporteerd.")
    if not preview.notes:
        raise UserError(
            "Er is niets geïmporteerd: geen enkele rij is goedgekeurd. Bekijk de redenen in "
            "het verslag."
        )
    batch = NewBatch(
        file_name=preview.file_name,
        sha256=preview.sha256,
        kind=preview.kind,
        gemeente_code=preview.gemeente,
        codebook_version=preview.codebook_version,
        rejected_count=preview.rejected_count,
        details={
            **preview.details,
            "jaar": preview.jaar,
            "vervangen": preview.replacement_counts(),
        },
        aliases=preview.aliases,
    )
    batch_id = notes_store.write_batch(
        batch,
        [n.record for n in preview.notes],
        progress,
        refuse_duplicate=not allow_duplicate,
    )
    return BatchReport(
        batch_id=batch_id,
        file_name=preview.file_name,
        gemeente=preview.gemeente,
        accepted=preview.accepted_count,
        rejected=preview.rejected_count,
        replacements=preview.replacement_counts(),
        duplicate_of=[b.id for b in preview.duplicate_of],
    )


def import_path(
    path: Path,
    context: ImportContext,
    notes_store: NotesStore,
    *,
    mapping: Mapping[str, str | None] | None = None,
    defaults: NoteDefaults | None = None,
) -> ImportPreview:
    """:func:`prepare_import` for a file on disk, refusing oversized files before reading."""
    from urgentie.notes.sniff import check_size

    if not path.is_file():
        raise UserError(f"Bestand {path} bestaat niet.")
    check_size(path.stat().st_size)
    return prepare_import(
        path.read_bytes(), path.name, context, notes_store, mapping=mapping, defaults=defaults
    )


# --- notes by hand ------------------------------------------------------------------------------
def prepare_manual_note(
    context: ImportContext,
    *,
    text: str,
    area_code: str,
    perspective: str,
    role: str | None = None,
    note_date: date | None = None,
    ratings: Mapping[str, float] | None = None,
) -> ImportPreview:
    """A note typed into the form, checked, pseudonymised and coded like an imported row.

    The preview has exactly one accepted note or one rejected row with the reasons.
    """
    values: dict[str, Any] = {
        "tekst": text,
        "gebied": area_code,
        "perspectief": perspective,
        "rol": role or "",
        "datum": note_date,
    }
    for domain, rating in (ratings or {}).items():
        values[f"urgentie_{domain}"] = rating
    table = readers.RawTable(
        kind="handmatig",
        row_label="formulier",
        headers=list(values),
        records=[readers.RawRecord(row=1, values=values)],
    )
    stamp = datetime.now(UTC).isoformat()
    digest = hashlib.sha256(f"handmatig|{stamp}|{text}".encode()).hexdigest()
    preview = ImportPreview(
        file_name="handmatig ingevoerd",
        sha256=digest,
        kind="handmatig",
        size=len(text.encode()),
        gemeente=context.gemeente,
        gemeente_naam=context.gemeente_naam,
        jaar=context.jaar,
        codebook_version=context.codebook_version,
    )
    validator = _Validator(context, {}, NoteDefaults(), preview)
    validator.table(table)
    preview.file_warnings.clear()
    return preview


# --- re-coding ----------------------------------------------------------------------------------
@dataclass
class RecodeReport:
    """What re-coding all notes did."""

    codebook_version: str
    notes: int
    codes_written: int


def recode_all(notes_store: NotesStore, codebook: Any | None = None) -> RecodeReport:
    """Re-code every note with ``codebook`` (default: the current one), in one transaction.

    Manual codes and automatic codes the analyst corrected are kept (see
    :meth:`NotesStore.replace_automatic_codes`).
    """
    from urgentie.notes import coding

    codebook = codebook or coding.load_codebook()
    pairs = list(notes_store.all_texts())
    coded: dict[int, tuple[list[CodeRecord], float | None]] = {}
    for start in range(0, len(pairs), CODING_BATCH):
        part = pairs[start : start + CODING_BATCH]
        results = code_records_many([text for _, text in part], codebook)
        coded.update(zip((note_id for note_id, _ in part), results, strict=True))
    written = notes_store.replace_automatic_codes(coded, str(codebook.version))
    return RecodeReport(str(codebook.version), len(coded), written)


def parse_mapping(pairs: Iterable[str]) -> dict[str, str | None]:
    """``["De Brinck=WK999903", "Oud=-"]`` -> mapping; ``-`` or empty means "skip these rows"."""
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"--map verwacht NAAM=CODE, niet '{pair}'.")
        name, code = pair.rsplit("=", 1)
        code = code.strip().upper()
        mapping[name.strip()] = None if code in ("", "-") else code
    return mapping
