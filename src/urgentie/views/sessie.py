"""The Sessie page: a learning-community session on the projector (1920×1080).

``render()`` is the whole page. Without an active session it shows the set-up: a new session
(title, the wijk on the agenda, the domains to vote on) or an earlier one to continue. With a
session (``?sessie=CODE`` in the URL, so a reload keeps it) it tells the story of the wijk in
five steps (:mod:`urgentie.session.story`) with big *Vorige/Volgende* buttons — also on the
keyboard and a presenter's clicker (arrow keys, Page Up/Down) — and in the last step it opens
the vote, shows the join code, link and QR code, and the results, which refresh by themselves in
an ``st.fragment`` every :data:`LIVE_SECONDS` seconds without rebuilding the rest of the page.

Presentation mode (on by default once a session runs) hides Streamlit's sidebar and toolbar;
the type is big on the whole page (body ≥ 28 px).
"""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd
import streamlit as st
from branca.element import MacroElement
from folium.template import Template
from streamlit_folium import st_folium

from urgentie import choropleth, settings
from urgentie.analysis.alignment import TOO_LITTLE
from urgentie.analysis.profile import profile_table, strengths
from urgentie.analysis.scores import equal_weights
from urgentie.analysis.shared import shared_urgency
from urgentie.choropleth import Measure
from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.errors import UserError
from urgentie.mapdata import MapLayer
from urgentie.notes.coding import load_codebook
from urgentie.session import links, slides
from urgentie.session.agenda import Agenda, agenda_of, new_agenda
from urgentie.session.results import participants, room_comparison, round_results
from urgentie.session.story import (
    STEPS,
    TOO_LITTLE_RULE,
    Story,
    build_story,
    earlier_evidence,
)
from urgentie.session.summary import SessionInfo, file_name, summary_html
from urgentie.store.votes import Session
from urgentie.views import (
    bootstrap,
    loaders,
    notes_data,
    pickers,
    rollen,
    sessie_charts,
    urgency_data,
    widgets,
)
from urgentie.views.map import SELECTED, build_map
from urgentie.views.widgets import md_escape, show_error

SCOPE = "sessie"
LIVE_SECONDS = 2
"""How often the results on the projector refresh (seconds)."""
STEP_KEY = "sessie_stap"
PRESENT_KEY = "sessie_presentatie"
ACTIVE_KEY = "sessie_actief"
MAP_HEIGHT = 620
"""Step 1's map: with the top line, navigation, heading and footer it fits 1080 px (measured by
``tests/test_browser_projector.py``)."""
STEP_SHORT = (
    "1 Kaart",
    "2 Stemmen",
    "3 Gedeeld?",
    "4 Wat gaat goed",
    "5 Stemronde",
    "6 Wie maakt het verschil?",
)

# Projector type. Scoped to this page: Streamlit removes the style element with the page.
BIG_CSS = """
<style>
  [data-testid="stMain"] { font-size: 28px; }
  [data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
  [data-testid="stMain"] .stMarkdown, [data-testid="stMain"] input,
  [data-testid="stMain"] [data-baseweb="select"] { font-size: 28px; line-height: 1.35; }
  [data-testid="stMain"] h1 { font-size: 52px; line-height: 1.15; padding-bottom: 4px; }
  [data-testid="stMain"] h2 { font-size: 42px; line-height: 1.15; }
  [data-testid="stMain"] h3 { font-size: 34px; }
  [data-testid="stMain"] button p { font-size: 28px; }
  [data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 22px; }
  [data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 22px; }
  .st-key-sessie_vorige button, .st-key-sessie_volgende button { min-height: 72px; }
  .st-key-sessie_vorige button p, .st-key-sessie_volgende button p { font-size: 32px;
    font-weight: 700; }
  /* Live results refresh every few seconds: never fade them while they do. */
  [data-stale="true"] { opacity: 1 !important; transition: none !important; }
  .sessie-top { display: flex; justify-content: space-between; align-items: baseline;
    gap: 24px; flex-wrap: wrap; color: #111; }
  /* One line, however long the title and the wijk's name: the projector cannot scroll. */
  .sessie-top .titel { font-size: 30px; font-weight: 700; white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; min-width: 0; flex: 1 1 0; }
  .sessie-top { flex-wrap: nowrap !important; }
  .sessie-top .mee { font-size: 28px; background: #111; color: #fff; padding: 4px 16px;
    border-radius: 8px; }
  .sessie-top .mee b { letter-spacing: 0.12em; }
  .sessie-zinnen { font-size: 34px; line-height: 1.4; margin: 0; padding-left: 1.1em; }
  .sessie-zinnen li { margin-bottom: 18px; }
  .sessie-status { width: 100%; border-collapse: collapse; font-size: 30px; color: #111; }
  .sessie-status td { padding: 10px 16px; border-bottom: 2px solid #ccc; vertical-align: middle; }
  .sessie-status td.thema { font-weight: 700; width: 24%; }
  .sessie-status td.status { width: 20%; }
  .sessie-status .pil { display: inline-block; padding: 4px 14px; border-radius: 999px;
    font-weight: 700; white-space: nowrap; border: 2px solid #111; }
  .sessie-goed h3 { font-size: 34px; margin: 0 0 12px; }
  .sessie-goed ul { font-size: 30px; line-height: 1.35; padding-left: 1.1em; margin: 0; }
  .sessie-goed li { margin-bottom: 16px; }
  .sessie-goed .term { display: inline-block; background: #e6f2ec; border: 2px solid #009E73;
    border-radius: 999px; padding: 0 12px; margin: 4px 6px 0 0; font-size: 26px; }
  .sessie-goed .wie { color: #333; }
  .sessie-code { font-size: 76px; font-weight: 800; letter-spacing: 0.06em; line-height: 1.1;
    font-family: "DejaVu Sans Mono", ui-monospace, monospace; color: #111; margin: 2px 0 10px;
    white-space: nowrap; }
  .sessie-url { font-size: 26px; line-height: 1.3; color: #111; overflow-wrap: anywhere; }
  .sessie-live { font-size: 34px; font-weight: 700; color: #111; }
  .sessie-live .open { color: #006400; }
  .sessie-live .dicht { color: #8b0000; }
  .sessie-vergelijk { font-size: 26px; line-height: 1.3; padding-left: 1.1em; margin: 0; }
</style>
"""

PRESENT_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"]
  { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 18px 40px 12px !important;
    max-width: 100% !important; }
</style>
"""

KEYS_JS = """
<script>
(function () {
  // Presenter clickers send Page Up/Down; the arrow keys do the same. Ignored while typing.
  if (window.urgentieSessieKeys) { return; }
  window.urgentieSessieKeys = true;
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector(".st-key-sessie_volgende")) { return; }  // another page
    var target = event.target;
    if (target && target.closest && target.closest(
        "input, textarea, select, [contenteditable], [role=combobox], [role=slider]")) {
      return;
    }
    // Arrow keys inside a button group move between its buttons; Page Up/Down still work.
    if (event.key.indexOf("Arrow") === 0 && target && target.closest &&
        target.closest("[role=radiogroup]")) {
      return;
    }
    var key = null;
    if (event.key === "ArrowRight" || event.key === "PageDown") { key = "sessie_volgende"; }
    if (event.key === "ArrowLeft" || event.key === "PageUp") { key = "sessie_vorige"; }
    if (!key) { return; }
    var button = document.querySelector(".st-key-" + key + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
</script>
"""


# --- page -----------------------------------------------------------------------------------------
def render() -> None:
    """The whole Sessie page."""
    st.html(BIG_CSS)
    bootstrap.demo_notes_notice()  # the earlier voices rest on the demo's conversations
    try:
        session = _active_session()
    except UserError as exc:
        show_error(exc)
        session = None
    if session is None:
        _setup()
        return
    try:
        agenda = agenda_of(session.config)
        jaar = _year(session.gemeente_code, agenda)
        story = story_for(session.gemeente_code, jaar, agenda, session.id)
    except UserError as exc:
        show_error(exc)
        _leave_button()
        return
    demo = loaders.is_demo(session.gemeente_code, jaar)
    st.session_state.setdefault(PRESENT_KEY, True)
    present = bool(st.session_state[PRESENT_KEY])
    if present:
        st.html(PRESENT_CSS)
    st.html(KEYS_JS, unsafe_allow_javascript=True)
    join = join_link(session.id)
    _top_line(session, agenda, join)
    step = _navigation()
    # A block keyed per step, heading included: a step change replaces the whole block at
    # once, so the previous step's map or chart never lingers under the new heading.
    with st.container(key=f"sessie_{STEPS[step].key}_blok"):
        if STEPS[step].key != "stemronde":  # the vote's heading is its live line
            st.header(f"{step + 1} · {STEPS[step].title}", anchor=False)
        if step == 0:
            _step_map(session.gemeente_code, jaar, story, demo)
        elif step == 1:
            _step_voices(story)
        elif step == 2:
            _step_alignment(story)
        elif step == 3:
            _step_strengths(story)
        elif step == 4:
            _step_vote(session, story, join, demo)
        else:
            rollen.projector_step(session, agenda.area_code, agenda.area_name)
    bottom = st.columns([5, 1], vertical_alignment="center")
    with bottom[0]:
        widgets.attribution(demo)
    with bottom[1]:
        st.toggle("Presentatiemodus", key=PRESENT_KEY)
    if not present:
        with st.expander("Sessie beheren"):
            _export_button(session, story, demo, key="sessie_export_beheer")
            _leave_button()


# --- which session ----------------------------------------------------------------------------
def _active_session() -> Session | None:
    """The session in the URL (``?sessie=CODE``) or chosen earlier in this browser tab."""
    code = st.query_params.get("sessie") or st.session_state.get(ACTIVE_KEY)
    if not code:
        return None
    session = notes_data.vote_store().session(str(code))
    if session is None:
        _forget_session()
        raise UserError(f"Sessie '{code}' bestaat niet (meer). Begin een nieuwe sessie.")
    _remember_session(session.id)
    return session


def _remember_session(code: str) -> None:
    st.session_state[ACTIVE_KEY] = code
    if st.query_params.get("sessie") != code:
        st.query_params["sessie"] = code


def _forget_session() -> None:
    st.session_state.pop(ACTIVE_KEY, None)
    st.session_state.pop(STEP_KEY, None)
    st.session_state.pop(PRESENT_KEY, None)
    for key in ("sessie", "stap"):
        if key in st.query_params:
            del st.query_params[key]


def _leave_button() -> None:
    if st.button("Andere sessie kiezen", icon=":material/logout:", key="sessie_verlaten"):
        _forget_session()
        st.rerun()


# --- set-up ---------------------------------------------------------------------------------------
def _setup() -> None:
    st.title("Sessie")
    st.write(
        "Vertel met de groep het verhaal van één wijk: waar de opgaven zich concentreren, hoe "
        "beleid, professionals, bewoners en de cijfers het zien, of de urgentie gedeeld wordt "
        "en wat goed gaat. Daarna stemt iedereen met de telefoon."
    )
    gemeente_column, year_column, _ = st.columns([2, 1, 2])
    with gemeente_column:
        gemeente = pickers.gemeente_picker(SCOPE)
    if not gemeente:
        st.info("Er zijn nog geen gegevens van een gemeente. Laad ze op de pagina Gegevens.")
        return
    with year_column:
        jaar = pickers.year_picker(
            SCOPE, gemeente, label="Jaar van de cijfers", help="De cijfers van het verhaal."
        )
    wijken = loaders.attributes(gemeente, int(jaar), "wijk")  # type: ignore[arg-type]
    if wijken.empty:
        st.info("Deze gegevens hebben geen wijken. Kies een andere gemeente of laad gegevens.")
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        _new_session_form(gemeente, int(jaar), wijken)
    with right:
        _earlier_sessions(gemeente)
    if settings.get("URGENTIE_MODE") != "public" and not settings.get("URGENTIE_PUBLIC_URL"):
        st.caption(
            "Tip: deelnemers openen de stempagina via de QR-code. Laat ze bij voorkeur een "
            "publieke app gebruiken (URGENTIE_MODE=public, adres in URGENTIE_PUBLIC_URL), zodat "
            "ze alleen Stem en Mijn wijk zien."
        )


def _new_session_form(gemeente: str, jaar: int, wijken: pd.DataFrame) -> None:
    names = dict(zip(wijken["code"].astype(str), wijken["naam"].astype(str), strict=True))
    codes = sorted(names, key=lambda c: names[c].lower())
    with st.form("sessie_nieuw", border=True):
        st.subheader("Nieuwe sessie", anchor=False)
        title = st.text_input("Naam van de sessie", placeholder="Leergemeenschap voorjaar")
        wijk = st.selectbox(
            "Wijk op de agenda", codes, format_func=lambda c: names[c], key="sessie_wijk"
        )
        domains = st.multiselect(
            "Thema's om over te stemmen",
            list(DOMAIN_KEYS),
            default=list(DOMAIN_KEYS),
            format_func=domain_label,
            placeholder="Kies een of meer thema's",
        )
        started = st.form_submit_button(
            "Sessie beginnen", type="primary", icon=":material/play_arrow:"
        )
    if not started:
        return
    try:
        agenda = new_agenda(wijk, domains, jaar, names.get(wijk, wijk))
        # The vote opens in step 5, when the facilitator asks for it.
        session = notes_data.vote_store().create_session(
            title, gemeente, agenda.to_config(), open_=False
        )
    except UserError as exc:
        show_error(exc)
        return
    _remember_session(session.id)
    st.session_state[STEP_KEY] = 0
    st.session_state[PRESENT_KEY] = True
    st.rerun()


def _earlier_sessions(gemeente: str) -> None:
    st.subheader("Eerdere sessies", anchor=False)
    sessions = notes_data.vote_store().sessions(gemeente)
    if not sessions:
        st.write("Nog geen sessies in deze gemeente.")
        return
    for session in sessions[:8]:
        wijk = str(session.config.get("wijk_naam") or session.config.get("wijk") or "")
        label = f"{session.title} · {wijk} · {session.created_at:%d-%m-%Y} · code {session.id}"
        if st.button(md_escape(label), key=f"sessie_hervat_{session.id}", width="stretch"):
            _remember_session(session.id)
            st.session_state[STEP_KEY] = 0
            st.session_state[PRESENT_KEY] = True
            st.rerun()


# --- data for the story (cached) ---------------------------------------------------------------
def _year(gemeente: str, agenda: Agenda) -> int:
    years = pickers.years_of(gemeente)
    if not years:
        raise UserError(f"De gegevens van gemeente {gemeente} zijn niet (meer) geladen.")
    return agenda.jaar if agenda.jaar in years else years[0]


def story_for(gemeente: str, jaar: int, agenda: Agenda, session_id: str) -> Story:
    """Steps 1–4 of the session's wijk, from the voices heard before the session (cached)."""
    stamp = loaders.view_stamp(gemeente, jaar)
    return _story(gemeente, jaar, agenda.area_code, agenda.domains, session_id, stamp=stamp)


@st.cache_data(show_spinner="Het verhaal van de wijk voorbereiden…", ttl=60, max_entries=16)
def _story(
    gemeente: str,
    jaar: int,
    area_code: str,
    domains: tuple[str, ...],
    session_id: str,
    *,
    stamp: str,
) -> Story:
    del stamp  # part of the cache key only
    areas = loaders.areas(gemeente, jaar)
    if area_code not in set(areas["code"].astype(str)):
        raise UserError(f"Wijk {area_code} staat niet in de gegevens van {jaar}.")
    evidence = earlier_evidence(urgency_data.evidence(gemeente), session_id)
    shared = shared_urgency(areas, evidence, level="wijk")
    # The session's year and earlier ones: a later year must not become "current".
    years = sorted(
        m.jaar for m in loaders.manifests() if m.gemeente_code == gemeente and m.jaar <= jaar
    )
    profile = profile_table(area_code, {y: loaders.areas(gemeente, y) for y in years})
    book = load_codebook()
    concern_terms = {d: {t.phrase for t in terms.zorgen} for d, terms in book.domains.items()}
    names = areas.loc[areas["niveau"] == "gemeente", "naam"]
    return build_story(
        shared,
        area_code,
        domains,
        gemeente=str(names.iloc[0]) if len(names) else gemeente,
        strengths=strengths(profile, limit=6),
        codes=notes_data.store().codes_frame(gemeente),
        concern_terms=concern_terms,
    )


# --- header and navigation --------------------------------------------------------------------
def join_link(code: str) -> tuple[str, bool]:
    """The join URL for phones and whether it was moved from ``localhost`` to the network
    address (``URGENTIE_PUBLIC_URL`` wins when set)."""
    public = settings.get("URGENTIE_PUBLIC_URL")
    if public:
        return links.join_url(public, code), False
    base = links.app_base(st.context.url or "http://localhost:8501/sessie")
    base, moved = links.reachable_base(base, links.lan_address())
    return links.join_url(base, code), moved


def _stem_address(url: str) -> str:
    """The join URL as people type it: no scheme, no query (they type the code on the page)."""
    return url.split("://", 1)[-1].split("?", 1)[0]


def _top_line(session: Session, agenda: Agenda, join: tuple[str, bool]) -> None:
    esc = html.escape
    state_text = "stemming open" if session.is_open else "stemming dicht"
    st.html(
        '<div class="sessie-top">'
        f'<span class="titel" title="{esc(session.title)} · wijk {esc(agenda.area_name)}">'
        f"{esc(session.title)} · wijk {esc(agenda.area_name)}</span>"
        f'<span class="mee">Stem mee: {esc(_stem_address(join[0]))} · code '
        f"<b>{esc(session.id)}</b> · {state_text}</span>"
        "</div>"
    )


def _navigation() -> int:
    """Vorige / step choice / Volgende; returns the step (0–5), kept in the URL as ``stap``."""
    if STEP_KEY not in st.session_state:
        raw = str(st.query_params.get("stap", "1"))
        last = len(STEPS) - 1
        st.session_state[STEP_KEY] = min(max(int(raw) - 1, 0), last) if raw.isdigit() else 0
    cols = st.columns([2, 8, 2], vertical_alignment="center")
    step = int(st.session_state[STEP_KEY])
    cols[0].button(
        "◀ Vorige",
        key="sessie_vorige",
        disabled=step == 0,
        on_click=_move,
        args=(-1,),
        width="stretch",
        help="Pijltje links of Page Up",
    )
    cols[2].button(
        "Volgende ▶",
        key="sessie_volgende",
        disabled=step == len(STEPS) - 1,
        on_click=_move,
        args=(1,),
        width="stretch",
        type="primary",
        help="Pijltje rechts of Page Down",
    )
    st.session_state["sessie_stap_keuze"] = step
    with cols[1]:
        st.segmented_control(
            "Stap",
            list(range(len(STEPS))),
            format_func=lambda i: STEP_SHORT[i],
            key="sessie_stap_keuze",
            label_visibility="collapsed",
            on_change=_jump,
            width="stretch",
        )
    step = int(st.session_state[STEP_KEY])
    if st.query_params.get("stap") != str(step + 1):
        st.query_params["stap"] = str(step + 1)
    return step


def _move(delta: int) -> None:
    step = min(max(int(st.session_state.get(STEP_KEY, 0)) + delta, 0), len(STEPS) - 1)
    st.session_state[STEP_KEY] = step


def _jump() -> None:
    chosen = st.session_state.get("sessie_stap_keuze")
    if chosen is not None:  # clicking the current step again deselects it: stay
        st.session_state[STEP_KEY] = int(chosen)


# --- step 1: the map ------------------------------------------------------------------------------
def _step_map(gemeente: str, jaar: int, story: Story, demo: bool) -> None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        layer = _map_layer(gemeente, jaar, demo, loaders.view_stamp(gemeente, jaar))
        shapes = loaders.shapes(gemeente, jaar, "wijk")
        fmap = build_map(layer, selected=shapes.encoded.get(story.area_code))
        fmap.add_child(_projector_map_css())
        st_folium(
            fmap,
            key=f"sessie_kaart_{story.area_code}",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
        )
    with right:
        st.subheader(md_escape(story.name), anchor=False)
        _sentences(story.concentration.sentences())


@st.cache_resource(show_spinner="Kaart voorbereiden…", max_entries=8)
def _map_layer(gemeente: str, jaar: int, demo: bool, stamp: str) -> MapLayer:
    del stamp
    areas = loaders.attributes(gemeente, jaar, "wijk")
    shapes = loaders.shapes(gemeente, jaar, "wijk")
    measure = Measure("urgentie")
    scores = loaders.scores(gemeente, jaar, "wijk", equal_weights())
    values = choropleth.measure_values(measure, areas, scores)
    classed = choropleth.classify_values(values, measure, method="quantiles", k=5)
    return choropleth.value_layer(shapes, areas, values, measure, classed, demo=demo)


class _ProjectorMapCss(MacroElement):
    """Bigger legend, tooltip and attribution for the projector (static CSS, no data)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .urgentie-legend { font-size: 21px !important; max-width: 400px !important; }
          .urgentie-legend .note { font-size: 18px !important; }
          .urgentie-legend .sw { flex-basis: 28px !important; height: 20px !important; }
          .leaflet-tooltip.urgentie-tip { font-size: 22px !important; max-width: 420px; }
          .leaflet-control-attribution { font-size: 15px !important; }
          /* The wijk on the agenda must stand out from the back of the room. */
          .leaflet-selectie-pane path[stroke="#ffffff"] { stroke-width: 13px; }
          .leaflet-selectie-pane path[stroke="{{ this.selected }}"] { stroke-width: 7px; }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ProjectorCss"
        self.selected = SELECTED


def _projector_map_css() -> MacroElement:
    return _ProjectorMapCss()


def _sentences(lines: list[str]) -> None:
    st.html(slides.sentences_html(lines))


# --- step 2: the voices ---------------------------------------------------------------------------
def _step_voices(story: Story) -> None:
    st.plotly_chart(
        sessie_charts.voices_figure(story.voices, story.domains),
        config=sessie_charts.CONFIG,
        key="sessie_stemmen",
        width="stretch",
    )
    st.caption(
        "Balk: 1 = niet urgent … 5 = zeer urgent · stippellijn: het midden (3) · n = gesprekken "
        "of stemmers; bleek: minder dan 3 · gestreept: de CBS-cijfers van het thema"
    )


# --- step 3: alignment ----------------------------------------------------------------------------
def _step_alignment(story: Story) -> None:
    st.html(slides.status_table_html(story))
    if any(line.status == TOO_LITTLE for line in story.alignment):
        st.caption(TOO_LITTLE_RULE)


# --- step 4: what goes well -----------------------------------------------------------------------
def _step_strengths(story: Story) -> None:
    st.html(slides.strengths_html(story))


# --- step 5: the vote -----------------------------------------------------------------------------
def _step_vote(session: Session, story: Story, join: tuple[str, bool], demo: bool) -> None:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        _join_block(session, join)
        _vote_controls(session)
        _export_button(session, story, demo, key="sessie_export")
    with right:
        live_results(session.id, story)


def _join_block(session: Session, join: tuple[str, bool]) -> None:
    url, moved = join
    st.image(links.qr_png(url), width=300)
    st.html(
        '<div class="sessie-url">Scan de code, of ga naar<br>'
        f"<b>{html.escape(_stem_address(url))}</b><br>en typ:</div>"
        f'<div class="sessie-code">{html.escape(session.id)}</div>'
    )
    if links.is_local_only(url):
        st.warning(
            "Dit adres werkt alleen op deze computer. Zet URGENTIE_PUBLIC_URL of open de app "
            "via het netwerkadres, zodat telefoons hem bereiken."
        )
    elif moved:
        st.caption("Netwerkadres van deze computer: telefoons moeten op hetzelfde netwerk zitten.")


def _vote_controls(session: Session) -> None:
    votes = notes_data.vote_store()
    if session.is_open:
        if st.button(
            f"Ronde {session.current_round} sluiten",
            key="sessie_sluiten",
            icon=":material/lock:",
            width="stretch",
        ):
            votes.set_status(session.id, open_=False)
            urgency_data.clear()
            st.rerun()
    else:
        has_votes = not votes.votes_frame([session.id], round_=session.current_round).empty
        if has_votes:
            if st.button(
                f"Ronde {session.current_round + 1} openen",
                key="sessie_nieuwe_ronde",
                type="primary",
                icon=":material/replay:",
                width="stretch",
                help="Na het gesprek opnieuw stemmen; de stemmen van eerdere rondes blijven.",
            ):
                votes.next_round(session.id)
                votes.set_status(session.id, open_=True)
                st.rerun()
            if st.button(
                f"Ronde {session.current_round} weer openen",
                key="sessie_heropenen",
                width="stretch",
            ):
                votes.set_status(session.id, open_=True)
                st.rerun()
        elif st.button(
            "Stemming openen",
            key="sessie_openen",
            type="primary",
            icon=":material/how_to_vote:",
            width="stretch",
        ):
            votes.set_status(session.id, open_=True)
            st.rerun()


@st.fragment(run_every=LIVE_SECONDS)
def live_results(session_id: str, story: Story) -> None:
    """The room's votes of the current round, refreshed every :data:`LIVE_SECONDS` seconds."""
    store = notes_data.vote_store()
    session = store.session(session_id)
    if session is None:
        st.error("Deze sessie bestaat niet meer.")
        return
    votes = store.votes_frame([session.id], round_=session.current_round)
    count = participants(votes)
    status = (
        '<span class="open">stemming open</span>'
        if session.is_open
        else '<span class="dicht">stemming dicht</span>'
    )
    st.html(
        f'<div class="sessie-live" data-stemmers="{count}" data-ronde="{session.current_round}">'
        f"Ronde {session.current_round} · {count} {'stem' if count == 1 else 'stemmen'} "
        f"ontvangen · {status}</div>"
    )
    results = round_results(votes, story.area_code, story.domains, story.voices)
    st.plotly_chart(
        sessie_charts.results_figure(results, story.domains),
        config=sessie_charts.CONFIG,
        key="sessie_uitslag",
        width="stretch",
    )
    compare = room_comparison(votes, story.area_code, story.domains, story.voices)
    voted = compare[compare["room_n"] > 0].assign(size=lambda f: f["difference"].abs())
    if len(voted):
        top = voted.sort_values("size", ascending=False, na_position="last").head(3)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in top["sentence"])
        st.html(f'<ul class="sessie-vergelijk">{items}</ul>')
    st.caption(
        "Balk: de zaal (n = aantal stemmen) · open rondje: wat die groep eerder zei · "
        "stippellijn: het midden (3)"
    )


# --- export ---------------------------------------------------------------------------------------
def _export_button(session: Session, story: Story, demo: bool, *, key: str) -> None:
    st.download_button(
        "Samenvatting (HTML)",
        data=lambda: session_summary(session.id, story, demo).encode("utf-8"),
        file_name=file_name(session.id, session.created_at.date()),
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        key=key,
        width="stretch",
    )


def session_summary(session_id: str, story: Story, demo: bool) -> str:
    """The dated HTML summary of a session with the votes of every round."""
    store = notes_data.vote_store()
    session = store.session(session_id)
    if session is None:
        raise UserError(f"Sessie '{session_id}' bestaat niet.")
    votes = store.votes_frame([session.id])
    rounds = {int(r): part for r, part in votes.groupby("round")} if len(votes) else {}
    info = SessionInfo(
        session.id, session.title, session.created_at, session.current_round, session.is_open
    )
    return summary_html(info, story, rounds, demo=demo, generated=datetime.now())
