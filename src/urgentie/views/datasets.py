"""Widgets of the page Gegevens: stored datasets, file upload, fetch from CBS, demo, delete.

Every action that changes the store clears the loaders' caches and reruns the page, so the
overview at the top shows the new state at once; the outcome is kept in session state and
shown after the rerun. Errors are shown in Dutch and never leave half-written data behind
(the importer and the store are all-or-nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from urgentie import datasets
from urgentie.errors import UserError
from urgentie.pipeline import ImportReport
from urgentie.sources.odata import SUPPORTED_YEARS
from urgentie.store.areas import Manifest
from urgentie.views import bootstrap, loaders, widgets
from urgentie.views.widgets import md_escape, show_error

FETCH_YEARS = tuple(sorted(SUPPORTED_YEARS, reverse=True))
"""Years offered in the form "Ophalen bij CBS", newest first: every year the live source knows."""
KEEPS_LAST_GOOD = "De laatst opgeslagen gegevens blijven ongewijzigd bewaard."
_OUTCOME = "gegevens_uitkomst"


@dataclass
class Outcome:
    """What the last action on this page did, shown after the rerun."""

    kind: str
    """``success``, ``error`` or ``info``."""
    message: str
    reports: list[ImportReport] = field(default_factory=list)


def _remember(outcome: Outcome) -> None:
    st.session_state[_OUTCOME] = outcome


def _changed(outcome: Outcome) -> None:
    """The store changed: drop cached tables, keep the outcome, show the page afresh."""
    loaders.clear()
    _remember(outcome)
    st.rerun()


def show_outcome() -> None:
    """The result of the last action (import, fetch, demo, delete), if any."""
    outcome: Outcome | None = st.session_state.pop(_OUTCOME, None)
    if outcome is None:
        return
    show = {"success": st.success, "error": st.error}.get(outcome.kind, st.info)
    show(md_escape(outcome.message))  # names file and gemeente names
    for report in outcome.reports:
        show_report(report)


def show_report(report: ImportReport) -> None:
    """One import report: a line per gemeente, then what was missing or left out."""
    with st.expander(f"Verslag: {report.source} ({report.jaar})", expanded=True):
        st.code(report.summary(), language=None)


def stored_datasets(manifests: Sequence[Manifest]) -> None:
    """The overview table of stored datasets and, per dataset, what it lacks."""
    st.subheader("Opgeslagen gegevens")
    if not manifests:
        st.info(
            "Er zijn nog geen gegevens opgeslagen. Importeer een bestand, haal een gemeente "
            "op bij CBS of maak de demogemeente."
        )
        return
    st.dataframe(
        datasets.overview(manifests),
        hide_index=True,
        width="stretch",
        column_config={
            "Jaar": st.column_config.NumberColumn(format="%d"),
            "Zonder grens": st.column_config.NumberColumn(help="Gebieden zonder grens op de kaart"),
            "Ontbrekende indicatoren": st.column_config.NumberColumn(
                help="Indicatoren zonder cijfers in deze gegevens"
            ),
        },
    )
    for manifest in manifests:
        _details(manifest)


def _details(manifest: Manifest) -> None:
    missing = datasets.missing_labels(manifest)
    if not (missing or manifest.without_geometry or manifest.without_figures or manifest.notes):
        return
    label = md_escape(
        f"Details {manifest.gemeente_naam} ({manifest.gemeente_code}) {manifest.jaar}"
    )
    with st.expander(label):
        if missing:
            st.markdown(
                f"**Indicatoren zonder cijfers ({len(missing)}):** " + md_escape(", ".join(missing))
            )
        if manifest.without_geometry:
            st.markdown(
                f"**Gebieden zonder grens ({len(manifest.without_geometry)}):** "
                + md_escape(", ".join(manifest.without_geometry[:50]))
                + (" …" if len(manifest.without_geometry) > 50 else "")
            )
        if manifest.without_figures:
            st.markdown(
                f"**Grenzen zonder cijfers ({len(manifest.without_figures)}):** "
                + md_escape(", ".join(manifest.without_figures[:50]))
            )
        for note in manifest.notes:
            st.caption(md_escape(note))


def upload_files() -> None:
    """Upload one or more CBS files, check them all, store them all (or nothing)."""
    st.subheader("Bestanden importeren")
    st.caption(
        "KWB-Excel (kwb-JJJJ.xlsx), StatLine-export (CSV), Wijk- en buurtkaart (GeoPackage) "
        "of GeoJSON met CBS-codes. Alle bestanden worden eerst gecontroleerd; bij een fout "
        "wordt niets opgeslagen."
    )
    files = st.file_uploader("Bestanden", accept_multiple_files=True, key="gegevens_bestanden")
    jaar = st.number_input(
        "Jaar (alleen nodig als het bestand het niet zegt)",
        min_value=2000,
        max_value=2099,
        value=None,
        step=1,
        placeholder="uit het bestand",
        key="gegevens_jaar",
    )
    if st.button("Importeren", type="primary", disabled=not files, key="gegevens_importeren"):
        run_upload(files or [], int(jaar) if jaar is not None else None)


def run_upload(files: Sequence[object], jaar: int | None) -> None:
    """Import uploaded files; on success the page reruns with the reports."""
    from urgentie.importing import import_files

    bar = st.progress(0.0, text="Bestanden controleren…")
    try:
        reports = import_files(
            list(files),  # type: ignore[arg-type]
            jaar=jaar,
            store=loaders.store(),
            progress=_progress_to(bar),
        )
    except UserError as exc:
        bar.empty()
        show_error(f"{exc} Er is niets opgeslagen.")
        return
    names = ", ".join(r.source for r in reports)
    _changed(Outcome("success", f"Geïmporteerd: {names}.", reports))


def _progress_to(bar: object) -> Callable[[str, float | None], None]:
    def progress(message: str, fraction: float | None = None) -> None:
        if fraction is not None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=message)  # type: ignore[attr-defined]

    return progress


def fetch_from_cbs() -> None:
    """The form "Ophalen bij CBS": one gemeente and year, live from CBS and PDOK."""
    st.subheader("Ophalen bij CBS")
    with st.form("gegevens_ophalen"):
        code = st.text_input("Gemeentecode", placeholder="bijvoorbeeld GM0344")
        jaar = st.selectbox("Jaar", FETCH_YEARS, index=0)
        sources = st.multiselect(
            "Bronnen",
            list(FETCH_SOURCES),
            default=["kerncijfers"],
            format_func=FETCH_SOURCES.__getitem__,
            help="De politie- en RIVM-cijfers worden per wijk en buurt bij de Kerncijfers "
            "gezet; misdrijven per 1 000 inwoners hebben de Kerncijfers van hetzelfde jaar nodig.",
        )
        submitted = st.form_submit_button("Ophalen")
    if submitted:
        reports = []
        for source in [s for s in FETCH_SOURCES if s in sources]:
            report = run_fetch(code, int(jaar), source)
            if report is None:
                # What was fetched before stays stored; the error above stays on screen.
                loaders.clear()
                return
            reports.append(report)
        if reports:
            names = ", ".join(FETCH_SOURCES[s] for s in sources[: len(reports)])
            text = f"{datasets.gemeente_code(code)} {jaar} opgehaald bij CBS: {names}."
            _changed(Outcome("success", text, reports))


FETCH_SOURCES: dict[str, str] = {
    "kerncijfers": "Kerncijfers en grenzen (CBS, PDOK)",
    "politie": "Geregistreerde misdrijven (politie, 47018NED)",
    "rivm": "Gezondheidsmonitor (RIVM/GGD, 50120NED)",
}


def run_fetch(code: str, jaar: int, source: str = "kerncijfers") -> ImportReport | None:
    """Fetch one gemeente-year (or its police or RIVM figures) inside a status box; a failure
    keeps the last good data. The report when it worked, None otherwise."""
    try:
        gemeente = datasets.gemeente_code(code)
    except UserError as exc:
        show_error(exc)
        return None
    what = FETCH_SOURCES.get(source, source)
    with st.status(f"{gemeente} {jaar}: {what} ophalen…", expanded=True) as status:
        bar = st.progress(0.0)
        try:
            # HTTP clients: imported only when asked (through sys.modules, so tests can stand in).
            if source == "kerncijfers":
                from urgentie.sources.live import fetch_to_store

                report = fetch_to_store(
                    gemeente, jaar, store=loaders.store(), progress=_progress_to(bar)
                )
            else:
                from urgentie.sources.live import fetch_thirdparty_to_store

                report = fetch_thirdparty_to_store(
                    source, gemeente, jaar, store=loaders.store(), progress=_progress_to(bar)
                )
        except UserError as exc:
            status.update(label="Ophalen mislukt", state="error")
            show_error(f"{exc} {KEEPS_LAST_GOOD}")
            return None
        except Exception as exc:  # network and service failures of any kind
            status.update(label="Ophalen mislukt", state="error")
            st.error(f"Ophalen bij CBS is mislukt ({type(exc).__name__}). {KEEPS_LAST_GOOD}")
            return None
        status.update(label="Opgehaald", state="complete")
    return report


def demo_button() -> None:
    """(Re)create the fictional demo gemeente Voorbeeldstad."""
    st.subheader("Demogemeente")
    st.caption("Voorbeeldstad is verzonnen; de app toont het overal als demo.")
    if st.button("Demogemeente (opnieuw) maken", key="gegevens_demo"):
        from urgentie.demo import build_demo

        try:
            with st.spinner("Voorbeeldstad maken…"):
                report = build_demo(loaders.store(), lambda _m, _f=None: None)
        except UserError as exc:
            show_error(exc)
            return
        # Its conversations follow in the background, as at the first start.
        bootstrap.demo_notes_job.clear()
        bootstrap.demo_notes_job()
        _changed(Outcome("success", "Demogemeente Voorbeeldstad gemaakt.", [report]))


def delete_dataset(manifests: Sequence[Manifest]) -> None:
    """Delete one stored dataset, after an explicit confirmation."""
    st.subheader("Gegevens verwijderen")
    if not manifests:
        st.caption("Er is niets om te verwijderen.")
        return
    labels = {f"{m.gemeente_naam} ({m.gemeente_code}) {m.jaar}": m for m in manifests}
    choice = st.selectbox("Welke gegevens?", list(labels), key="gegevens_verwijder_keuze")
    sure = st.checkbox(
        "Ja, ik wil deze gegevens verwijderen. Dit kan niet ongedaan worden gemaakt.",
        key="gegevens_verwijder_zeker",
    )
    if st.button("Verwijderen", disabled=not sure, key="gegevens_verwijderen"):
        manifest = labels[choice]
        loaders.store().delete(manifest.gemeente_code, manifest.jaar)
        st.session_state.pop("gegevens_verwijder_zeker", None)
        _changed(Outcome("success", f"Verwijderd: {choice}."))


def attribution() -> None:
    """The CBS/PDOK licence line that every page with CBS data shows."""
    widgets.attribution()
