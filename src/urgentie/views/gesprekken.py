"""Widgets of the Gesprekken page: import with validation report, browse, patterns, forms.

Note texts come from files and people: they only reach the browser through ``st.dataframe``,
plain-text widgets, or HTML/Markdown built with :func:`note_html` / :func:`md_escape`, which
escape them. The original (not pseudonymised) text is only ever shown in the import preview,
before anything is stored.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pandas as pd
import plotly.express as px
import streamlit as st

from urgentie import settings
from urgentie.domains import DOMAIN_KEYS, PERSPECTIVE_LABELS, PERSPECTIVES, domain_label
from urgentie.errors import UserError
from urgentie.notes import export, importer, patterns
from urgentie.notes.importer import ImportPreview, NoteDefaults
from urgentie.notes.report import format_batch
from urgentie.numbers import format_value
from urgentie.store.db import local_time
from urgentie.views import notes_data, widgets
from urgentie.views.widgets import md_escape, show_error

UPLOAD_TYPES = ["csv", "tsv", "txt", "md", "xlsx", "docx"]
SKIP = "__overslaan__"
POLARITY_LABELS = {"zorg": "zorg", "kracht": "wat goed gaat"}

_NONCE = "gesprekken_upload_nonce"
_MAPPINGS = "gesprekken_mappings"
_PREVIEW = "gesprekken_preview"
_RESULT = "gesprekken_result"
_MANUAL = "gesprekken_manual_preview"


# --- escaping -----------------------------------------------------------------------------------
def note_html(text: str) -> str:
    """A note as an escaped HTML block that keeps its line breaks."""
    return (
        '<div style="white-space: pre-wrap; border-left: 3px solid #8a8a8a; '
        f'padding: 0.25rem 0.75rem; margin: 0.25rem 0;">{html.escape(text)}</div>'
    )


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a :class:`UserError` as a Dutch error box instead of a traceback."""
    try:
        yield
    except UserError as exc:
        show_error(exc)


def code_label(domain: str, polarity: str) -> str:
    return f"{domain_label(domain)} — {POLARITY_LABELS.get(polarity, polarity)}"


def _area_names(gemeente: str) -> dict[str, str]:
    table = notes_data.area_table(gemeente)
    return dict(zip(table["code"], table["naam"], strict=True))


def _area_picker_label(table: pd.DataFrame) -> dict[str, str]:
    return {str(r.code): f"{r.naam} ({r.niveau}, {r.code})" for r in table.itertuples(index=False)}


# --- import -------------------------------------------------------------------------------------
def import_section(gemeente: str) -> None:
    """Upload → validation report → choose unknown areas → confirm."""
    if message := st.session_state.pop(_RESULT, None):
        st.success(md_escape(message))
    st.markdown(
        "Lees gesprekken in uit **CSV**, **Excel (.xlsx)**, **Word (.docx)** of "
        "**tekst/Markdown**. Kolommen: `datum`, `wijk` of `buurt` (naam of CBS-code), "
        "`perspectief` (beleid, professional, bewoner of een functie zoals wijkagent), "
        "`rol`, `tekst`, en eventueel `urgentie_<domein>` (1–5). "
        "Er wordt niets opgeslagen voordat je bevestigt."
    )
    nonce = st.session_state.setdefault(_NONCE, 0)
    uploaded = st.file_uploader(
        "Bestand met gesprekken", type=UPLOAD_TYPES, key=f"gesprekken_upload_{nonce}"
    )
    with st.expander("Standaardwaarden voor rijen zonder wijk, perspectief, rol of datum"):
        defaults = _defaults_form(gemeente)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    preview = _preview(data, uploaded.name, gemeente, defaults)
    if preview is None:
        return
    report_view(preview)
    resolve_areas(preview, gemeente)
    replacement_preview(preview)
    confirm_import(preview)


def _defaults_form(gemeente: str) -> NoteDefaults:
    table = notes_data.area_table(gemeente)
    labels = _area_picker_label(table)
    left, right = st.columns(2)
    area = left.selectbox(
        "Gebied",
        ["", *labels],
        format_func=lambda c: labels.get(c, "— geen —"),
        key="gesprekken_default_area",
    )
    perspective = right.selectbox(
        "Perspectief",
        ["", *PERSPECTIVES],
        format_func=lambda p: PERSPECTIVE_LABELS.get(p, "— geen —"),
        key="gesprekken_default_perspective",
    )
    role = left.text_input("Rol (bijv. wijkagent)", key="gesprekken_default_role")
    day = right.date_input("Datum", value=None, format="DD-MM-YYYY", key="gesprekken_default_date")
    return NoteDefaults(
        area=area or None,
        perspective=perspective or None,
        role=role.strip() or None,
        note_date=day,
    )


def _preview(
    data: bytes, file_name: str, gemeente: str, defaults: NoteDefaults
) -> ImportPreview | None:
    """The validation report of the upload, kept in the session until its inputs change, so
    that other widgets on the page do not re-read and re-pseudonymise the file."""
    sha = hashlib.sha256(data).hexdigest()
    mapping = st.session_state.setdefault(_MAPPINGS, {}).setdefault(sha, {})
    try:
        context = notes_data.import_context(gemeente)
        key = (sha, file_name, gemeente, id(context), tuple(sorted(mapping.items())), defaults)
        cached = st.session_state.get(_PREVIEW)
        if cached is not None and cached[0] == key:
            return cached[1]
        with st.spinner("Bestand controleren, pseudonimiseren en coderen…"):
            preview = importer.prepare_import(
                data, file_name, context, notes_data.store(), mapping=mapping, defaults=defaults
            )
    except UserError as exc:
        show_error(exc)
        return None
    st.session_state[_PREVIEW] = (key, preview)
    return preview


def report_view(preview: ImportPreview) -> None:
    """Counts, file-level warnings and the table of every row with its problems."""
    st.subheader("Controleverslag")
    counts = preview.replacement_counts()
    cols = st.columns(4)
    cols[0].metric("Goedgekeurd", preview.accepted_count)
    cols[1].metric("Afgewezen", preview.rejected_count)
    cols[2].metric("Met waarschuwing", sum(1 for n in preview.notes if n.warnings))
    cols[3].metric("Vervangen (pseudonimisering)", sum(counts.values()))
    details = ", ".join(f"{k}: {v}" for k, v in preview.details.items())
    st.caption(
        md_escape(
            f"{preview.file_name} — {preview.kind}; {details}. Gebieden van "
            f"{preview.gemeente_naam} ({preview.jaar}); codeboek {preview.codebook_version}."
        )
    )
    if preview.columns:
        found = "; ".join(f"{k}: '{v}'" for k, v in preview.columns.items())
        st.caption(md_escape(f"Herkende kolommen — {found}"))
    if preview.ignored_columns:
        st.caption(md_escape("Genegeerde kolommen: " + ", ".join(preview.ignored_columns)))
    for warning in preview.file_warnings:
        st.warning(md_escape(warning))
    if message := preview.duplicate_message():
        st.warning(md_escape(message))
    if counts:
        st.caption(
            "Vervangen per soort: " + ", ".join(f"{md_escape(k)} {n}" for k, n in counts.items())
        )
    rows = preview.rows_frame()
    st.dataframe(
        rows.style.apply(_row_colours, axis=1),
        hide_index=True,
        width="stretch",
        column_config={"meldingen": st.column_config.TextColumn(width="large")},
    )


def _row_colours(row: pd.Series) -> list[str]:
    colour = {
        "afgewezen": "background-color: rgba(220, 53, 69, 0.18)",
        "met waarschuwing": "background-color: rgba(255, 193, 7, 0.22)",
    }.get(row["status"], "")
    return [colour] * len(row)


def _name_key(written: str) -> str:
    return hashlib.sha1(written.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def resolve_areas(preview: ImportPreview, gemeente: str) -> None:
    """One picker per unknown or ambiguous area name; a choice re-checks the file."""
    mapping: dict[str, str | None] = st.session_state[_MAPPINGS][preview.sha256]
    if not preview.area_issues and not mapping:
        return
    st.subheader("Gebieden kiezen")
    table = notes_data.area_table(gemeente)
    labels = _area_picker_label(table)
    if preview.area_issues:
        st.write(
            "Deze namen herkent de app niet zeker. Kies per naam het gebied, of sla de rijen "
            "over. De keuze wordt onthouden voor volgende imports."
        )
    for issue in preview.area_issues:
        suggested = [c.code for c in issue.candidates if c.code in labels]
        options = ["", SKIP, *suggested, *[c for c in labels if c not in suggested]]
        scores = {c.code: c.score for c in issue.candidates}

        def describe(code: str, scores: dict[str, float] = scores) -> str:
            if code == "":
                return "— kies een gebied —"
            if code == SKIP:
                return "— deze rijen overslaan —"
            score = f" · {format_value(scores[code], '%', 0)} gelijk" if code in scores else ""
            return labels[code] + score

        kind = "dubbelzinnig" if issue.kind == "dubbelzinnig" else "onbekend"
        choice = st.selectbox(
            f"'{md_escape(issue.written)}' ({kind}; {md_escape(', '.join(issue.rows[:6]))})",
            options,
            format_func=describe,
            # Keyed by the name itself: once a name is resolved the next one moves up the list,
            # and a key by position would hand it the previous name's choice.
            key=f"gesprekken_area_{preview.sha256[:12]}_{_name_key(issue.written)}",
        )
        if choice:
            mapping[issue.written] = None if choice == SKIP else choice
            st.rerun()
    if mapping:
        chosen = pd.DataFrame(
            {
                "naam in bestand": list(mapping),
                "gekozen gebied": [labels.get(c or "", "overgeslagen") for c in mapping.values()],
            }
        )
        st.dataframe(chosen, hide_index=True)
        if st.button("Keuzes wissen", key="gesprekken_clear_mapping"):
            mapping.clear()
            st.rerun()


def replacement_preview(preview: ImportPreview) -> None:
    """Per note: the original next to the pseudonymised text, and what was replaced."""
    if not preview.notes:
        return
    total = sum(len(n.replacements) for n in preview.notes)
    with st.expander(f"Voorbeeld per gesprek: wat de pseudonimisering vervangt ({total})"):
        note_preview(preview, key=f"gesprekken_preview_{preview.sha256[:12]}")


def note_preview(preview: ImportPreview, key: str) -> None:
    notes = sorted(preview.notes, key=lambda n: (not n.replacements, n.row))
    index = st.selectbox(
        "Gesprek",
        range(len(notes)),
        format_func=lambda i: f"{notes[i].location} — {len(notes[i].replacements)} vervangen",
        key=key,
    )
    note = notes[index]
    keep = bool(settings.get("URGENTIE_KEEP_ORIGINAL_TEXT"))
    left, right = st.columns(2)
    left.markdown(
        "**Origineel** — "
        + (
            "wordt ook bewaard (URGENTIE_KEEP_ORIGINAL_TEXT staat aan)"
            if keep
            else "alleen in dit voorbeeld, wordt niet bewaard"
        )
    )
    left.html(note_html(note.original_text))
    right.markdown("**Zo wordt het bewaard**")
    right.html(note_html(note.record.text))
    if note.replacements:
        st.dataframe(
            pd.DataFrame(
                {
                    "soort": [r.kind for r in note.replacements],
                    "vervangen door": [r.placeholder for r in note.replacements],
                    "origineel": [r.original for r in note.replacements],
                    "gevonden door": [r.rule for r in note.replacements],
                }
            ),
            hide_index=True,
        )
    else:
        st.caption("Niets vervangen in dit gesprek.")
    record = note.record
    st.caption(
        md_escape(
            f"Gebied: {note.area_explain}. Perspectief: {record.perspective}"
            + (f" ({record.role})" if record.role else "")
            + (f". Datum: {record.note_date:%d-%m-%Y}" if record.note_date else "")
        )
    )
    if record.codes:
        st.dataframe(
            pd.DataFrame(
                {
                    "code": [code_label(c.domain, c.polarity) for c in record.codes],
                    "uitleg": [c.explanation or ", ".join(c.terms) for c in record.codes],
                    "urgentiesignaal": [c.cue or "" for c in record.codes],
                }
            ),
            hide_index=True,
        )
    else:
        st.caption("Geen automatische codes.")


def confirm_import(preview: ImportPreview) -> None:
    allow = False
    if preview.duplicate_of:
        allow = st.checkbox("Toch nog een keer importeren", key="gesprekken_allow_duplicate")
    waiting = sum(len(i.rows) for i in preview.area_issues)
    if waiting:
        st.info(
            f"{waiting} rij(en) wachten op een gekozen gebied; die worden niet geïmporteerd als "
            "je nu bevestigt."
        )
    disabled = not preview.notes or (bool(preview.duplicate_of) and not allow)
    label = f"Importeer {preview.accepted_count} gesprek(ken)"
    if st.button(label, type="primary", disabled=disabled, key="gesprekken_confirm"):
        try:
            report = importer.commit_import(preview, notes_data.store(), allow_duplicate=allow)
        except UserError as exc:
            show_error(exc)
            return
        st.session_state[_RESULT] = format_batch(report)
        st.session_state[_NONCE] = st.session_state.get(_NONCE, 0) + 1
        st.session_state.pop(_PREVIEW, None)
        st.rerun()


# --- browse -------------------------------------------------------------------------------------
def browse_section(gemeente: str) -> None:
    """Filters, the notes table with exports, and one note in full with its codes."""
    notes = notes_data.store()
    names = _area_names(gemeente)
    total = notes.count_notes(gemeente)
    if not total:
        st.info("Nog geen gesprekken voor deze gemeente. Importeer een bestand of voeg er een toe.")
        return
    area_options = sorted(notes.note_areas(gemeente), key=lambda c: (len(c), names.get(c, c)))
    top = st.columns([2, 2, 2])
    areas = top[0].multiselect(
        "Gebied",
        area_options,
        format_func=lambda c: f"{names.get(c, c)} ({c})",
        placeholder="Alle gebieden",
        key="gesprekken_f_area",
    )
    perspectives = top[1].multiselect(
        "Perspectief",
        list(PERSPECTIVES),
        format_func=PERSPECTIVE_LABELS.get,
        placeholder="Alle perspectieven",
        key="gesprekken_f_perspective",
    )
    domains = top[2].multiselect(
        "Domein",
        list(DOMAIN_KEYS),
        format_func=domain_label,
        placeholder="Alle domeinen",
        key="gesprekken_f_domain",
    )
    bottom = st.columns([3, 1, 1])
    search = bottom[0].text_input("Zoeken in de tekst", key="gesprekken_f_search")
    date_from = bottom[1].date_input(
        "Vanaf", value=None, format="DD-MM-YYYY", key="gesprekken_f_from"
    )
    date_to = bottom[2].date_input(
        "Tot en met", value=None, format="DD-MM-YYYY", key="gesprekken_f_to"
    )
    frame = notes.notes_frame(
        gemeente,
        areas=areas or None,
        perspectives=perspectives or None,
        domains=domains or None,
        date_from=date_from,
        date_to=date_to,
        search=search,
    )
    st.caption(f"{len(frame)} van {total} gesprek(ken)")
    if frame.empty:
        st.info("Geen gesprekken met deze filters.")
        return
    st.dataframe(
        notes_table(frame, names),
        hide_index=True,
        width="stretch",
        column_config={"tekst": st.column_config.TextColumn(width="large")},
    )
    left, right, _ = st.columns([1, 1, 3])
    widgets.table_downloads(
        export.export_frame(frame),
        f"gesprekken_{gemeente}",
        "Gesprekken (gepseudonimiseerd)",
        [
            f"{len(frame)} gesprek(ken) met de gekozen filters; de tekst is gepseudonimiseerd "
            "bij het importeren, het origineel wordt nooit geëxporteerd.",
            "Gebiedscodes en -namen:",
        ],
        what="Gesprekken",
        sheet="Gesprekken",
        columns=(left, right),
        key="gesprekken_export",
    )
    note_detail(frame, names)


def notes_table(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The browse table: what a reader needs per note, provenance included."""
    return pd.DataFrame(
        {
            "id": frame["id"],
            "datum": frame["note_date"].dt.strftime("%d-%m-%Y").fillna(""),
            "gebied": [f"{names.get(c, c)} ({c})" for c in frame["area_code"]],
            "perspectief": frame["perspective"],
            "rol": frame["role"].fillna(""),
            "codes": [
                ", ".join(code_label(*c.split("/", 1)) for c in codes) for codes in frame["codes"]
            ],
            "tekst": frame["text"],
            "bron": [
                _provenance_short(r)
                for r in frame[["source_file", "batch_id", "source_row"]].itertuples()
            ],
        }
    )


def _provenance_short(row: Any) -> str:
    where = f", rij {int(row.source_row)}" if pd.notna(row.source_row) else ""
    return f"{row.source_file} (batch {row.batch_id}{where})"


def note_detail(frame: pd.DataFrame, names: dict[str, str]) -> None:
    """One note in full: text, provenance, what was replaced, and its codes to correct."""
    st.subheader("Gesprek bekijken en codes corrigeren")
    labels = {
        int(r.id): f"#{r.id} · {names.get(r.area_code, r.area_code)} · {r.perspective} · "
        + " ".join(str(r.text).split())[:60]
        for r in frame.itertuples(index=False)
    }
    note_id = st.selectbox("Gesprek", list(labels), format_func=labels.get, key="gesprekken_detail")
    notes = notes_data.store()
    note = notes.note(int(note_id))
    if note is None:
        return
    st.html(note_html(note["text"]))
    sheet = f", blad {note['source_sheet']}" if note["source_sheet"] else ""
    row = f", rij {note['source_row']}" if note["source_row"] is not None else ""
    replaced = ", ".join(f"{k} {n}" for k, n in (note["replaced"] or {}).items()) or "niets"
    st.caption(
        md_escape(
            f"Bron: {note['source_file']}{sheet}{row} — batch {note['batch_id']}, opgeslagen "
            f"{local_time(note['created_at'])}. Gebied geschreven als '{note['area_name']}' "
            f"({note['area_match']}) → {names.get(note['area_code'], '')} ({note['area_code']}). "
            f"Perspectief {note['perspective']}"
            + (f" ({note['role']})" if note["role"] else "")
            + f". Vervangen bij import: {replaced}."
        )
    )
    code_editor(int(note_id))


def code_editor(note_id: int) -> None:
    """The codes of a note with their explanation, and a form to correct them."""
    notes = notes_data.store()
    rows = notes.note_codes(note_id)
    if not rows.empty:
        st.dataframe(
            pd.DataFrame(
                {
                    "code": [
                        code_label(d, p)
                        for d, p in zip(rows["domain"], rows["polarity"], strict=True)
                    ],
                    "herkomst": ["automatisch" if a else "handmatig" for a in rows["automatic"]],
                    "uitleg": [
                        e if isinstance(e, str) and e else ", ".join(t or [])
                        for e, t in zip(rows["explanation"], rows["terms"], strict=True)
                    ],
                    "urgentiesignaal": rows["cue"].fillna(""),
                    "status": [
                        "verwijderd door analist" if not active else "actief"
                        for active in rows["active"]
                    ],
                    "codeboek": rows["codebook_version"].fillna(""),
                }
            ),
            hide_index=True,
        )
    active = [f"{r.domain}/{r.polarity}" for r in rows.itertuples(index=False) if bool(r.active)]
    options = [f"{d}/{p}" for d in DOMAIN_KEYS for p in ("zorg", "kracht")]
    with st.form(f"gesprekken_codes_{note_id}"):
        chosen = st.multiselect(
            "Codes van dit gesprek",
            options,
            default=active,
            format_func=lambda c: code_label(*c.split("/", 1)),
            placeholder="Kies codes",
        )
        if st.form_submit_button("Codes opslaan"):
            with user_errors():
                notes.set_codes(note_id, [tuple(c.split("/", 1)) for c in chosen])
                st.success("Codes opgeslagen. Opnieuw coderen laat deze keuze staan.")


# --- patterns -----------------------------------------------------------------------------------
def patterns_section(gemeente: str) -> None:
    """Code frequencies per area × perspective, co-occurrence, and the share corrected."""
    notes = notes_data.store()
    codes = notes.codes_frame(gemeente)
    if codes.empty:
        st.info("Nog geen gecodeerde gesprekken.")
    else:
        left, right = st.columns([2, 1])
        domain = left.selectbox(
            "Domein",
            ["", *DOMAIN_KEYS],
            format_func=lambda d: domain_label(d) if d else "Alle domeinen",
            key="gesprekken_p_domain",
        )
        polarity = right.radio(
            "Soort",
            ["zorg", "kracht", ""],
            format_func=lambda p: {"zorg": "Zorgen", "kracht": "Wat goed gaat", "": "Beide"}[p],
            horizontal=True,
            key="gesprekken_p_polarity",
        )
        names = _area_names(gemeente)
        table = patterns.frequency_table(
            codes, domain=domain or None, polarity=polarity or None, area_names=names
        )
        st.subheader("Hoe vaak het ter sprake komt, per gebied en perspectief")
        st.caption("Aantal gesprekken met deze code; een gesprek telt één keer per cel.")
        if table.empty:
            st.info("Geen gesprekken met deze code.")
        else:
            heat = table[list(PERSPECTIVES)].rename(columns=PERSPECTIVE_LABELS)
            heat.index = [html.escape(str(i)) for i in heat.index]
            figure = px.imshow(
                heat,
                text_auto=True,
                color_continuous_scale="Oranges",
                aspect="auto",
                labels={"x": "perspectief", "y": "gebied", "color": "gesprekken"},
            )
            figure.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0})
            st.plotly_chart(figure, key="gesprekken_heatmap")
            st.dataframe(table, width="stretch")
        st.subheader("Wat samen voorkomt")
        st.caption("Aantal gesprekken dat beide domeinen noemt (diagonaal: dat domein).")
        matrix = patterns.cooccurrence(codes, polarity or None)
        matrix.index = [domain_label(d) for d in matrix.index]
        matrix.columns = [domain_label(d) for d in matrix.columns]
        figure = px.imshow(matrix, text_auto=True, color_continuous_scale="Blues", aspect="auto")
        figure.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0})
        st.plotly_chart(figure, key="gesprekken_cooccurrence")
    coding_quality()


def coding_quality() -> None:
    """The share of automatic codes the analyst corrected, and re-coding."""
    notes = notes_data.store()
    st.subheader("Kwaliteit van de automatische codering")
    shares = notes.correction_shares()
    if shares.empty:
        st.caption("Nog geen codes.")
    else:
        shown = pd.DataFrame(
            {
                "codeboek": shares["codebook_version"],
                "automatische codes": shares["automatic"],
                "verwijderd door analist": shares["corrected"],
                "aandeel gecorrigeerd": shares["share"].map(
                    lambda s: format_value(s * 100, "%", 0, missing="—")
                ),
                "handmatig toegevoegd": shares["manual"],
            }
        )
        st.dataframe(shown, hide_index=True)
    if st.button(
        "Alle gesprekken opnieuw coderen met het huidige codeboek", key="gesprekken_recode"
    ):
        with user_errors():
            result = importer.recode_all(notes)
            st.success(
                f"{result.notes} gesprek(ken) opnieuw gecodeerd met codeboek "
                f"{result.codebook_version}; handmatige correcties zijn bewaard."
            )


# --- a note by hand -----------------------------------------------------------------------------
def manual_note_section(gemeente: str) -> None:
    """A form for one note; checked, pseudonymised and coded like an import, then confirmed."""
    if message := st.session_state.pop(_RESULT + "_manual", None):
        st.success(message)
    table = notes_data.area_table(gemeente)
    labels = _area_picker_label(table)
    with st.form("gesprekken_nieuw", clear_on_submit=False):
        left, right = st.columns(2)
        area = left.selectbox("Gebied", list(labels), format_func=labels.get)
        perspective = right.selectbox(
            "Perspectief", list(PERSPECTIVES), format_func=PERSPECTIVE_LABELS.get
        )
        role = left.text_input("Rol (bijv. wijkagent, buurtbewoner)")
        day = right.date_input("Datum", value=date.today(), format="DD-MM-YYYY")
        text = st.text_area("Wat werd er gezegd?", height=160)
        ratings: dict[str, int] = {}
        with st.expander("Urgentie per domein (optioneel, 1 = niet urgent, 5 = zeer urgent)"):
            cols = st.columns(3)
            for index, key in enumerate(DOMAIN_KEYS):
                value = cols[index % 3].selectbox(
                    domain_label(key), ["—", 1, 2, 3, 4, 5], key=f"gesprekken_rating_{key}"
                )
                if value != "—":
                    ratings[key] = int(value)
        submitted = st.form_submit_button("Controleren")
    if submitted:
        with user_errors():
            st.session_state[_MANUAL] = importer.prepare_manual_note(
                notes_data.import_context(gemeente),
                text=text,
                area_code=str(area),
                perspective=str(perspective),
                role=role,
                note_date=day,
                ratings=ratings,
            )
    preview: ImportPreview | None = st.session_state.get(_MANUAL)
    if preview is None or preview.gemeente != gemeente:
        return
    if preview.rejected:
        st.error("Niet op te slaan: " + md_escape("; ".join(preview.rejected[0].reasons)))
        return
    st.markdown("**Controleer het gesprek voordat je het opslaat.**")
    note_preview(preview, key="gesprekken_manual_note")
    if st.button("Opslaan", type="primary", key="gesprekken_manual_save"):
        with user_errors():
            report = importer.commit_import(preview, notes_data.store())
            st.session_state.pop(_MANUAL, None)
            st.session_state[_RESULT + "_manual"] = f"Gesprek opgeslagen (batch {report.batch_id})."
            st.rerun()


# --- batches and names --------------------------------------------------------------------------
def batches_section(gemeente: str) -> None:
    """Every import of this gemeente, and undoing one as a whole."""
    notes = notes_data.store()
    if message := st.session_state.pop(_RESULT + "_undo", None):
        st.success(message)
    batches = notes.batches(gemeente)
    if not batches:
        st.info("Nog geen imports.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "batch": [b.id for b in batches],
                "datum": [local_time(b.created_at) for b in batches],
                "bestand": [b.file_name for b in batches],
                "soort": [b.kind for b in batches],
                "gesprekken": [b.row_count for b in batches],
                "afgewezen": [b.rejected_count for b in batches],
                "status": [b.status for b in batches],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    active = {b.id: b for b in batches if b.active}
    if not active:
        return
    choice = st.selectbox(
        "Batch ongedaan maken",
        list(active),
        format_func=lambda i: (
            f"batch {i}: {active[i].file_name} ({active[i].row_count} gesprekken)"
        ),
        key="gesprekken_undo_choice",
    )
    sure = st.checkbox(
        f"Ja, verwijder alle {active[choice].row_count} gesprek(ken) van batch {choice}",
        key=f"gesprekken_undo_sure_{choice}",
    )
    if st.button("Ongedaan maken", disabled=not sure, key="gesprekken_undo"):
        with user_errors():
            removed = notes.undo_batch(int(choice))
            st.session_state[_RESULT + "_undo"] = (
                f"Batch {choice} ongedaan gemaakt: {removed} gesprek(ken) verwijderd."
            )
            st.rerun()


def pseudo_terms_section() -> None:
    """The analyst's own list of names (streets, buildings, shops) replaced in every note."""
    notes = notes_data.store()
    st.subheader("Eigen namen om te vervangen")
    st.caption(
        "Namen van straten, gebouwen, winkels of organisaties die een persoon herkenbaar maken. "
        "Ze worden vervangen in elke volgende import. De namen van wijken en buurten blijven "
        "staan: het gesprek hoort bij dat gebied."
    )
    terms = notes.pseudo_terms()
    with st.form("gesprekken_terms"):
        new = st.text_area("Namen toevoegen (één per regel)")
        remove = st.multiselect("Namen verwijderen", terms, placeholder="Kies namen")
        if st.form_submit_button("Lijst bijwerken"):
            added = notes.add_pseudo_terms(new.splitlines())
            removed = sum(notes.remove_pseudo_term(t) for t in remove)
            st.success(f"{added} toegevoegd, {removed} verwijderd.")
    terms = notes.pseudo_terms()
    st.caption(md_escape("Nu op de lijst: " + (", ".join(terms) if terms else "(leeg)")))
