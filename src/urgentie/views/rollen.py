""" "Wie maakt hier het verschil?" in a session: the phone's question and the projector step.

The facilitator opens the question on step 6 of the Sessie page (``rollen`` in the session's
config); phones then show a short form under their ballot. The projector shows the roles that at
least the session's minimum number of people named (``rollen_minimum``, default
:data:`urgentie.analysis.thresholds.MIN_N`), beside what the register knows about the wijk.
"""

from __future__ import annotations

import streamlit as st

from urgentie.analysis.thresholds import MIN_N
from urgentie.errors import UserError
from urgentie.keypeople import nominate, vocab
from urgentie.session import key_people_slide as slide
from urgentie.session.agenda import Agenda
from urgentie.store.key_people import KeyPeopleStore
from urgentie.store.nominations import NominationStore
from urgentie.store.votes import Session
from urgentie.views import notes_data, sleutelfiguren
from urgentie.views.widgets import md_escape, show_error

WATCH_SECONDS = 3


def minimum(session: Session) -> int:
    """The session's minimum number of people before a named role is shown."""
    return max(1, int(session.config.get("rollen_minimum") or MIN_N.value))


@st.cache_resource(show_spinner="Even voorbereiden…", max_entries=8)
def _pseudonymiser(keep: tuple[str, ...]) -> nominate.Pseudonymise:
    return nominate.pseudonymiser(keep)


# --- the phone ----------------------------------------------------------------------------------
@st.fragment(run_every=WATCH_SECONDS)
def watch(session_id: str, asking: bool) -> None:
    """Rerun the phone's page when the facilitator opens or closes the question."""
    session = notes_data.vote_store().session(session_id)
    if session is not None and bool(session.config.get("rollen")) != asking:
        st.rerun()


def phone_section(session: Session, agenda: Agenda, participant: str) -> None:
    """The question on the phone, while the facilitator has it open."""
    asking = bool(session.config.get("rollen"))
    watch(session.id, asking)
    if not asking:
        return
    st.subheader("Wie maakt hier het verschil?")
    st.caption(
        f"Noem de rol van iemand die in {md_escape(agenda.area_name)} het verschil maakt — "
        "bijvoorbeeld 'conciërge van de school' of 'buurtvader'. Geen naam: namen worden "
        "weggelaten."
    )
    types = vocab.labels("types")
    with st.form(f"rol_{session.id}", clear_on_submit=True):
        st.text_input("Rol", max_chars=80, key=f"rol_tekst_{session.id}")
        st.radio(
            "Wat voor iemand?", list(types), format_func=types.get, key=f"rol_type_{session.id}"
        )
        sent = st.form_submit_button("Rol doorgeven", type="primary")
    if sent:
        text = str(st.session_state.get(f"rol_tekst_{session.id}") or "")
        kind = str(st.session_state.get(f"rol_type_{session.id}"))
        try:
            role = nominate.clean_role(text, _pseudonymiser((agenda.area_name,)))
            NominationStore(notes_data.store().engine).nominate(
                session.id, participant, agenda.area_code, role, kind, session.current_round
            )
        except UserError as exc:
            show_error(exc)
            return
        st.success(f"Genoteerd: {md_escape(role)}. Dank je!")


# --- the projector ------------------------------------------------------------------------------
def _set_asking(session: Session, asking: bool) -> None:
    config = {**session.config, "rollen": asking}
    notes_data.vote_store().update_config(session.id, config)


def projector_step(session: Session, area_code: str, area_name: str) -> None:
    """Step 6: the room's roles and the register's view of the wijk (no names)."""
    st.html(slide.CSS)
    sleutelfiguren.register(session.gemeente_code)  # the demo's key people, on first use
    asking = bool(session.config.get("rollen"))
    cols = st.columns([3, 2, 2], vertical_alignment="center")
    with cols[0]:
        if asking:
            st.button(
                "Vraag sluiten", key="rollen_sluiten", on_click=_set_asking, args=(session, False)
            )
        else:
            st.button(
                "Vraag de telefoons: wie maakt hier het verschil?",
                key="rollen_openen",
                type="primary",
                on_click=_set_asking,
                args=(session, True),
            )
    with cols[1]:
        chosen = st.number_input(
            "Tonen vanaf (aantal mensen)",
            min_value=1,
            max_value=20,
            value=minimum(session),
            key="rollen_minimum",
        )
        if int(chosen) != minimum(session):
            notes_data.vote_store().update_config(
                session.id, {**session.config, "rollen_minimum": int(chosen)}
            )
    live_roles(session.id, area_code, area_name)


@st.fragment(run_every=WATCH_SECONDS)
def live_roles(session_id: str, area_code: str, area_name: str) -> None:
    """The two columns, refreshed while phones answer."""
    session = notes_data.vote_store().session(session_id)
    if session is None:
        st.error("Deze sessie bestaat niet meer.")
        return
    engine = notes_data.store().engine
    nominations = NominationStore(engine).frame(session.id)
    nominations = nominations[nominations["area_code"] == area_code]
    roles, hidden = nominate.room_roles(nominations, minimum(session))
    people = KeyPeopleStore(engine).people(session.gemeente_code)
    left = slide.room_html(
        roles, hidden, minimum(session), asking=bool(session.config.get("rollen"))
    )
    right = slide.register_html(people, area_code, area_name)
    st.html(slide.slide_html(left, right))
