"""REFI-QDA exchange on the Gesprekken page: download a .qdpx project or .qdc codebook, and
read the codes of a .qdpx (or check a .qdc codebook) back, with a preview before anything is
stored. The logic lives in :mod:`urgentie.notes.qda`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from urgentie.notes import qda
from urgentie.views import notes_data
from urgentie.views.gesprekken import user_errors
from urgentie.views.widgets import md_escape

_DONE = "qda_import_done"
_PROJECT = "qda_project"


def exchange_section(gemeente: str) -> None:
    """Export for ATLAS.ti, MAXQDA, NVivo and QualCoder, and import codes back."""
    notes = notes_data.store()
    st.markdown(
        "Uitwisselen met **ATLAS.ti, MAXQDA, NVivo en QualCoder** volgens de REFI-QDA-standaard. "
        "Alleen de gepseudonimiseerde tekst gaat mee; elk bestand wordt gecontroleerd tegen het "
        "gepubliceerde schema."
    )
    frame = notes.notes_frame(gemeente)
    left, right = st.columns(2)
    with user_errors():
        # Built on request, not on every rerun: the page reruns on each key in the workbench.
        prepared = st.session_state.get(_PROJECT)
        if not frame.empty and left.button(
            f"Project maken ({len(frame)} gesprekken)", key="qda_prepare"
        ):
            table = notes_data.area_table(gemeente)
            names = dict(zip(table["code"], table["naam"], strict=True))
            data = qda.write_qdpx(frame, notes.codes_frame(gemeente), gemeente, names)
            prepared = st.session_state[_PROJECT] = (gemeente, len(frame), data)
        if prepared is not None and prepared[0] == gemeente:
            left.download_button(
                f"Project (.qdpx, {prepared[1]} gesprekken)",
                prepared[2],
                file_name=f"gesprekken_{gemeente}.qdpx",
                mime="application/zip",
                key="qda_export_qdpx",
            )
        right.download_button(
            "Codeboek (.qdc)",
            qda.write_qdc(),
            file_name="codeboek_urgentiekaart.qdc",
            mime="application/xml",
            key="qda_export_qdc",
        )
    if message := st.session_state.pop(_DONE, None):
        st.success(md_escape(message))
    uploaded = st.file_uploader(
        "Codes terughalen uit een .qdpx-project of een .qdc-codeboek",
        type=["qdpx", "qdc"],
        key="qda_upload",
    )
    if uploaded is None:
        return
    with user_errors():
        data = uploaded.getvalue()
        if not data.startswith(b"PK"):
            _show_codebook(qda.read_qdc(data))
            return
        texts = {int(i): str(t) for i, t in zip(frame["id"], frame["text"], strict=True)}
        imported = qda.read_qdpx_codes(data, texts)
        current: dict[int, set[str]] = {}
        codes = notes.codes_frame(gemeente)
        for n, d, p in codes[["note_id", "domain", "polarity"]].itertuples(index=False):
            current.setdefault(int(n), set()).add(f"{d}/{p}")
        wanted = qda.note_codes(imported)
        changes = {n: c for n, c in wanted.items() if c != current.get(n, set())}
        st.markdown(
            md_escape(
                f"Codes voor {len(wanted)} gesprek(ken) gevonden, {len(changes)} anders dan nu; "
                f"{len(imported.unknown_sources)} bron(nen) zonder gesprek hier, "
                f"{imported.skipped_codings} codering(en) met een code die niet past."
            )
        )
        if changes:
            st.dataframe(
                pd.DataFrame(
                    {
                        "gesprek": list(changes),
                        "nu": [
                            ", ".join(qda.code_name(c) for c in sorted(current.get(n, set())))
                            for n in changes
                        ],
                        "uit het project": [
                            ", ".join(qda.code_name(c) for c in sorted(c_))
                            for c_ in changes.values()
                        ],
                    }
                ),
                hide_index=True,
                key="qda_changes",
            )
            if st.button("Codes overnemen", type="primary", key="qda_apply"):
                changed = qda.apply_imported(notes, imported, current, fallback="QDA-import")
                st.session_state[_DONE] = (
                    f"{changed} gesprek(ken) bijgewerkt; wie codeerde en wanneer is bewaard."
                )
                st.rerun()


def _show_codebook(mappings: list[qda.CodeMapping]) -> None:
    matched = sum(1 for m in mappings if m.target)
    st.markdown(f"Codeboek: {matched} van {len(mappings)} codes passen op de eigen codes.")
    st.dataframe(
        pd.DataFrame(
            {
                "code in het bestand": [m.name for m in mappings],
                "past op": [qda.code_name(m.target) if m.target else "—" for m in mappings],
                "hoe": [m.how for m in mappings],
            }
        ),
        hide_index=True,
        key="qda_codebook",
    )
