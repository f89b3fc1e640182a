"""The Stem page: a participant votes from their phone (390×844) during a session.

Opened through the QR code (``/stem?sessie=CODE``) or by typing the code. The participant says
who they are here as (bewoner, professional, beleid) and rates each domain on the agenda from
1 to 5, or "weet ik niet" (no vote). One phone is one participant per round: the browser keeps
a random token in a cookie (:mod:`urgentie.session.device`), and the store keeps only a hash of
it, so voting again replaces the earlier vote. While the vote is closed the page checks every
few seconds and moves on by itself when the facilitator opens it (or starts a new round).

This page reads only sessions and votes, never a note: it is public (``URGENTIE_MODE=public``).
"""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from urgentie.domains import domain_label
from urgentie.errors import UserError
from urgentie.session import device
from urgentie.session.agenda import Agenda, agenda_of, ballot
from urgentie.store.votes import Session
from urgentie.views import notes_data, rollen
from urgentie.views.widgets import md_escape, show_error

WATCH_SECONDS = 3
"""How often a waiting phone checks whether the vote opened or a new round began."""
TOKEN_STATE = "_stem_apparaat"  # noqa: S105 - a session-state key, not a secret
PERSPECTIVE_STATE = "_stem_perspectief"
FORM_SHOWN_STATE = "_stem_formulier_getoond"
DONT_KNOW = 0
OPTIONS = (1, 2, 3, 4, 5, DONT_KNOW)
PERSPECTIVE_CHOICES: dict[str, str] = {
    "bewoner": "Ik woon in de wijk (bewoner)",
    "professional": "Ik werk in de wijk (professional)",
    "beleid": "Ik werk bij de gemeente (beleid)",
}
AS_WHO: dict[str, str] = {
    "bewoner": "bewoner",
    "professional": "professional",
    "beleid": "beleid (gemeente)",
}
SCALE_WORDS = {1: "niet urgent", 2: "weinig urgent", 3: "neutraal", 4: "urgent", 5: "zeer urgent"}
_CODE = re.compile(r"[A-Z0-9]{6}")
BAD_CODE = "Een code bestaat uit 6 letters en cijfers, zoals op het scherm."
"""A join code as the VoteStore makes it: 6 letters and digits (typed in any case)."""

PHONE_CSS = """
<style>
  [data-testid="stMain"] [data-testid="stButtonGroup"] button { min-height: 54px; }
  [data-testid="stMain"] [data-testid="stButtonGroup"] button p { font-size: 22px;
    font-weight: 600; }
  [data-testid="stMain"] [data-testid="stRadioOption"] { min-height: 44px; align-items: center; }
  [data-testid="stMain"] [data-testid="stRadioOption"] p { font-size: 19px; }
  [data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 20px; font-weight: 700; }
  [data-testid="stMain"] [data-testid="stFormSubmitButton"] button { min-height: 60px; }
  [data-testid="stMain"] [data-testid="stFormSubmitButton"] button p { font-size: 22px;
    font-weight: 700; }
  [data-testid="stMain"] [data-testid="stBaseButton-secondary"] { min-height: 52px; }
  [data-testid="stMain"] [data-testid="stBaseButton-secondary"] p { font-size: 18px; }
  [data-testid="stMain"] li, [data-testid="stMain"] [data-testid="stMarkdown"] p
  { font-size: 18px; }
  .stem-schaal { font-size: 17px; background: #f1f3f6; border-radius: 8px; padding: 8px 12px;
    color: #111; line-height: 1.4; }
  .stem-thema { font-size: 20px; font-weight: 700; margin: 6px 0 -10px; color: #111; }
  @media (max-width: 640px) {
    [data-testid="stSidebar"], [data-testid="stExpandSidebarButton"],
    [data-testid="stSidebarCollapsedControl"] { display: none !important; }
    [data-testid="stMain"] h1 { font-size: 30px; }
    [data-testid="stMainBlockContainer"] { padding: 56px 14px 40px; }
  }
</style>
"""


# --- page -----------------------------------------------------------------------------------------
def render() -> None:
    """The whole Stem page."""
    st.html(PHONE_CSS)
    st.title("Stemmen")
    code = _code()
    if code is None:
        if str(st.query_params.get("sessie", "")).strip():
            st.error(BAD_CODE)  # a link that lost or gained characters on its way
        _ask_code()
        return
    store = notes_data.vote_store()
    session = store.session(code)
    if session is None:
        st.error(
            f"Er is geen sessie met code {md_escape(code)}. Kijk nog eens naar de code op het "
            "scherm en typ hem hieronder."
        )
        _ask_code()
        return
    try:
        agenda = agenda_of(session.config)
    except UserError as exc:
        show_error(exc)
        return
    participant = device.participant_id(device_token(), session.id)
    st.markdown(f"**{md_escape(session.title)}** · wijk {md_escape(agenda.area_name)}")
    _watch(session.id, session.is_open, session.current_round)
    rollen.phone_section(session, agenda, participant)  # "wie maakt hier het verschil?"
    mine = _my_votes(session, participant)
    if not session.is_open:
        st.info(
            "De stemming is nu dicht. Zodra de begeleider een stemronde opent, gaat deze pagina "
            "vanzelf verder."
        )
        if len(mine):
            _received(mine, agenda, session, editable=False)
        elif _sent_too_late(session):
            st.warning(
                "De ronde werd gesloten voordat je stem binnen was: in deze ronde telt hij niet "
                "mee."
            )
        return
    if len(mine) and not st.session_state.get(_edit_key(session)):
        _received(mine, agenda, session, editable=True)
        return
    _ballot_form(session, agenda, participant, mine)


def _code() -> str | None:
    return clean_code(str(st.query_params.get("sessie", "")))


def clean_code(text: str) -> str | None:
    """A session code as people type it: the projector spaces its letters ("H59 AH6"), so
    spaces and dashes are dropped and the case does not matter. None when it is no code."""
    code = re.sub(r"[\s-]+", "", text).upper()
    return code if _CODE.fullmatch(code) else None


def _ask_code() -> None:
    with st.form("stem_code", border=False):
        typed = st.text_input(
            "Code van de sessie", max_chars=12, placeholder="de code op het scherm"
        )
        joined = st.form_submit_button("Meedoen", type="primary", width="stretch")
    if joined:
        code = clean_code(typed)
        if code is None:
            st.error(BAD_CODE)
            return
        st.query_params["sessie"] = code
        st.rerun()


# --- the device token ---------------------------------------------------------------------------
def device_token() -> str:
    """This browser's token: from its cookie, else from this tab's session, else a new one.

    ``st.context.cookies`` holds the cookies of the page load, so a new token reaches the cookie
    through a small script now and is read back from the cookie after a reload; until then the
    session state keeps it.
    """
    cookie = device.valid_token(st.context.cookies.get(device.COOKIE_NAME))
    token = cookie or device.valid_token(st.session_state.get(TOKEN_STATE)) or device.new_token()
    st.session_state[TOKEN_STATE] = token
    if cookie != token:
        st.html(device.cookie_script(token), unsafe_allow_javascript=True)
    return token


# --- waiting for the facilitator ----------------------------------------------------------------
@st.fragment(run_every=WATCH_SECONDS)
def _watch(session_id: str, is_open: bool, round_: int) -> None:
    """Rerun the page when the vote opens or closes or a new round starts (checked every few
    seconds; draws nothing)."""
    session = notes_data.vote_store().session(session_id)
    if session is None or (session.is_open, session.current_round) != (is_open, round_):
        st.rerun()


# --- the ballot ---------------------------------------------------------------------------------
def _edit_key(session: Session) -> str:
    return f"stem_wijzigen_{session.id}_{session.current_round}"


def _my_votes(session: Session, participant: str) -> pd.DataFrame:
    votes = notes_data.vote_store().votes_frame([session.id], round_=session.current_round)
    return votes[votes["participant"] == participant] if len(votes) else votes


def _send_key(session: Session) -> str:
    return f"stem_{session.id}_{session.current_round}_versturen"


def _sent_too_late(session: Session) -> bool:
    """Whether this phone pressed "Stem versturen" on the form of a round that has closed in
    the meantime (the press arrives, the form is no longer drawn). Only then is there a vote
    to say was not counted; someone who merely had the form open did not send anything."""
    shown = st.session_state.get(FORM_SHOWN_STATE) == (session.id, session.current_round)
    return shown and bool(st.session_state.get(_send_key(session)))


def _ballot_form(session: Session, agenda: Agenda, participant: str, mine: pd.DataFrame) -> None:
    before = {str(d): int(r) for d, r in zip(mine["domain"], mine["rating"], strict=True)}
    perspective = (
        str(mine["perspective"].iloc[0]) if len(mine) else st.session_state.get(PERSPECTIVE_STATE)
    )
    prefix = f"stem_{session.id}_{session.current_round}"
    st.session_state[FORM_SHOWN_STATE] = (session.id, session.current_round)
    with st.form(f"{prefix}_formulier", border=False):
        options = list(PERSPECTIVE_CHOICES)
        chosen = st.radio(
            "Wie ben je hier?",
            options,
            index=options.index(perspective) if perspective in options else None,
            format_func=PERSPECTIVE_CHOICES.get,
            key=f"{prefix}_perspectief",
        )
        st.html(
            '<div class="stem-schaal">Hoe urgent is elk thema in deze wijk?<br>'
            "<b>1</b> = niet urgent · <b>3</b> = neutraal · <b>5</b> = zeer urgent<br>"
            "Weet je het niet? Laat <b>?</b> staan: dat telt niet mee.</div>"
        )
        choices: dict[str, int | None] = {}
        for domain in agenda.domains:
            st.html(f'<div class="stem-thema">{html.escape(domain_label(domain))}</div>')
            value = st.segmented_control(
                domain_label(domain),
                list(OPTIONS),
                default=before.get(domain, DONT_KNOW),
                format_func=lambda v: "?" if v == DONT_KNOW else str(v),
                key=f"{prefix}_{domain}",
                label_visibility="collapsed",
                width="stretch",
            )
            choices[domain] = None if value in (None, DONT_KNOW) else int(value)
        sent = st.form_submit_button(
            "Stem versturen", type="primary", width="stretch", key=_send_key(session)
        )
    if not sent:
        return
    if chosen is None:
        st.error("Kies eerst wie je hier bent: bewoner, professional of beleid.")
        return
    votes = ballot(agenda.area_code, choices)
    if not votes:
        st.error("Geef bij minstens één thema een cijfer van 1 tot 5.")
        return
    try:
        notes_data.vote_store().cast_votes(
            session.id,
            participant,
            chosen,
            votes,
            whole_ballot=True,
            round_=session.current_round,  # the round this form was shown for
        )
    except UserError as exc:
        show_error(exc)
        return
    st.session_state[PERSPECTIVE_STATE] = chosen
    st.session_state[_edit_key(session)] = False
    st.rerun()


def _received(mine: pd.DataFrame, agenda: Agenda, session: Session, *, editable: bool) -> None:
    st.success(f"Je stem is ontvangen (ronde {session.current_round}).", icon=":material/check:")
    ratings = dict(zip(mine["domain"], mine["rating"], strict=True))
    perspective = str(mine["perspective"].iloc[0])
    lines = [f"- Je stemde als **{AS_WHO.get(perspective, perspective)}**"]
    for domain in agenda.domains:
        rating = ratings.get(domain)
        text = "weet ik niet" if rating is None else f"{int(rating)} ({SCALE_WORDS[int(rating)]})"
        lines.append(f"- {md_escape(domain_label(domain))}: {text}")
    st.markdown("\n".join(lines))
    if editable and st.button(
        "Stem wijzigen", icon=":material/edit:", width="stretch", key="stem_wijzig"
    ):
        st.session_state[_edit_key(session)] = True
        st.rerun()
