"""The Gedeelde urgentie page: do beleid, professionals, bewoners and the figures feel the same
urgency, per area and domain — and where not, why not?

The page file calls these functions in order. Everything comes from one cached
:class:`~urgentie.analysis.shared.SharedUrgency` per gemeente, year and level
(:func:`urgentie.views.urgency_data.shared`). The selected area is the shared ``gebied`` state
(the map, the profile and this page agree on it); the selected domain is this page's own.

Text from files and people (area names, note texts, roles, session titles) reaches the browser
only through ``st.dataframe``, Markdown escaped with :func:`md_escape`, Plotly labels escaped by
:mod:`urgentie.views.alignment_charts`, or the folium layer, which escapes in
:func:`urgentie.mapdata.features_json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from urgentie import alignmentmap, profiletable, settings
from urgentie.alignmentmap import LEGEND_ORDER, STATUS_STYLES, status_label
from urgentie.analysis import alignment_detail as detail
from urgentie.analysis import cell_evidence as cells
from urgentie.analysis.alignment import STATUS_EXPLANATION, TOO_LITTLE, VOICES, largest_gaps
from urgentie.analysis.shared import SharedUrgency
from urgentie.analysis.soft_urgency import CONFIDENCE_LABELS
from urgentie.analysis.thresholds import (
    AUTOMATIC_SHARE_MAX,
    GAP,
    MIN_N,
    MIN_VOICES,
    THRESHOLDS,
    URGENT_ABOVE,
)
from urgentie.canonical import LEVEL_LABELS, NATIONAL
from urgentie.domains import DOMAIN_KEYS, PERSPECTIVE_LABELS, domain_key, domain_label
from urgentie.errors import UserError
from urgentie.numbers import format_number, format_threshold, readable_numbers
from urgentie.store.areas import Manifest
from urgentie.views import alignment_charts as charts
from urgentie.views import (
    bootstrap,
    loaders,
    notes_data,
    pickers,
    sleutelfiguren,
    state,
    urgency_data,
    widgets,
)
from urgentie.views.map import CLICK_OBJECTS, build_map, clicked_code, selection_group
from urgentie.views.widgets import bound_selectbox, copy_back, md_escape, seed, show_error

SCOPE = "gedeeld"
DOMAIN_KEY = "gedeeld_domein"
"""The domain of the selected cell (the area is the shared ``gebied``)."""
LAYER_KEY = "gedeeld_kaartlaag"
VIEW_KEY = "gedeeld_weergave"
TAB_KEY = "gedeeld_tab"
MATRIX_KEY = "gedeeld_matrix"
TABLE_KEY = "gedeeld_tabel"
TREND_KEY = "gedeeld_trends"
MAP_KEY = "gedeeld_folium"
SPLIT_LAYER = "verdeeld"  # a map layer key (the split count), not the status
TABS = ("Matrix", "Kaart", "Grootste kloven", "Door de tijd")
VIEWS = ("Matrix", "Tabel")
MAX_CARDS = 4
"""Notes shown as readable cards per cell; more are listed in a table below them."""
MAP_HEIGHT = 520
ONLY_KNOWN_KEY = "gedeeld_alleen_bekend"
MANY_AREAS = 20
"""From this many areas the matrix starts with only the areas that have a verdict."""
DEFAULTS = {DOMAIN_KEY: None, LAYER_KEY: SPLIT_LAYER, VIEW_KEY: "Matrix"}


@dataclass(frozen=True)
class Context:
    """What the page shows: the dataset, the level and the shared-urgency result."""

    gemeente: str
    jaar: int
    niveau: str
    manifest: Manifest
    result: SharedUrgency
    names: dict[str, str]
    codes: tuple[str, ...]
    """Areas of the level, sorted by name (the matrix rows)."""

    @property
    def demo(self) -> bool:
        return bool(self.manifest.demo)

    @cached_property
    def rows(self) -> dict[tuple[str, str], dict[str, object]]:
        """The alignment table by (area, domain), indexed once per rerun."""
        records = self.result.table.to_dict("records")
        return {(str(r["area_code"]), str(r["domain"])): r for r in records}

    @cached_property
    def matrix(self) -> pd.DataFrame:
        """Status per area (rows, in :attr:`codes` order) and domain, without gaps."""
        return detail.full_matrix(self.result.table, self.codes)

    @cached_property
    def export(self) -> pd.DataFrame:
        """The alignment table as shown in the table view and exported."""
        return detail.export_table(self.result.table, self.names, self.codes)

    def row(self, code: str, domain: str) -> dict[str, object] | None:
        """The alignment row of one cell, or None when nobody spoke and no figures exist."""
        return self.rows.get((code, domain))

    def statuses(self, code: str) -> dict[str, str]:
        """Status per domain of one area (every domain, "te weinig gegevens" by default)."""
        return {d: str(self.matrix.at[code, d]) for d in DOMAIN_KEYS}


# --- set-up ---------------------------------------------------------------------------------------
def setup() -> Context | None:
    """The sidebar choices and the computed result (None: nothing to show yet)."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    stored = [m for m in loaders.manifests() if m.gemeente_code != NATIONAL]
    if not stored:
        st.title("Gedeelde urgentie")
        st.info("Er zijn nog geen gegevens. Laad ze op de pagina Gegevens.")
        st.page_link("app_pages/gegevens.py", label="Naar Gegevens", icon=":material/database:")
        return None
    gemeente, jaar, niveau, manifest = _controls(stored)
    try:
        result = urgency_data.shared(gemeente, jaar, niveau)
    except UserError as exc:
        st.title("Gedeelde urgentie")
        show_error(exc)
        return None
    names = result.names()
    codes = tuple(sorted(names, key=lambda c: (names[c].lower(), c)))
    state.sync_url("gemeente", "jaar", "niveau", "gebied")
    return Context(gemeente, jaar, niveau, manifest, result, names, codes)


def _controls(stored: list[Manifest]) -> tuple[str, int, str, Manifest]:
    with st.sidebar:
        st.markdown("**Wat vergelijk je?**")
        gemeente = str(pickers.gemeente_picker(SCOPE, manifests=stored, after=_reset_area))
        jaar = int(
            pickers.year_picker(  # type: ignore[arg-type]
                SCOPE,
                gemeente,
                manifests=stored,
                label="Jaar van de cijfers",
                help="De cijfers (CBS) van dit jaar zijn de vierde stem; gesprekken en stemmen "
                "tellen uit alle jaren.",
            )
        )
        manifest = next(m for m in stored if m.gemeente_code == gemeente and m.jaar == jaar)
        levels = [lvl for lvl in ("wijk", "buurt") if manifest.counts.get(lvl)] or ["wijk"]
        key = seed("niveau", SCOPE, levels)
        st.segmented_control(
            "Niveau",
            levels,
            key=key,
            required=True,
            format_func=lambda lvl: LEVEL_LABELS[lvl] + "en",
            on_change=copy_back("niveau", key, _reset_area),
            help="Gesprekken over een buurt tellen ook mee voor haar wijk.",
        )
    return gemeente, jaar, str(st.session_state["niveau"]), manifest


def _reset_area() -> None:
    st.session_state["gebied"] = None


# --- header and explanation -----------------------------------------------------------------------
def header(ctx: Context) -> None:
    """Title with the gemeente and a demo badge; one line on what the page answers."""
    badge = " :orange-badge[demo]" if ctx.demo else ""
    st.title(f"Gedeelde urgentie · {md_escape(ctx.manifest.gemeente_naam)}{badge}")
    st.caption(
        f"{LEVEL_LABELS[ctx.niveau]}en, cijfers {ctx.jaar}. Zien beleid, professionals, "
        "bewoners en de cijfers dezelfde urgentie — en waar niet?"
    )
    bootstrap.demo_notes_notice()  # the voices rest on the demo's conversations


def explanation() -> None:
    """The four statuses and the thresholds in plain Dutch (from the declared thresholds)."""
    with st.expander("Hoe lees je dit? De uitkomsten en de drempels", icon=":material/help:"):
        st.markdown(
            "Elke stem staat op één schaal van **1** (helemaal niet urgent) tot **5** (zeer "
            "urgent): **beleid**, **professionals** en **bewoners** uit gesprekken, "
            "beoordelingen en stemmen in sessies, en de **cijfers** (CBS) als vierde stem. Per "
            "gebied en domein worden de stemmen vergeleken:"
        )
        for status in LEGEND_ORDER:
            st.markdown(f"- **{status_label(status)}** — {STATUS_EXPLANATION[status]}")
        st.markdown(
            f"Een stem telt mee vanaf **{format_threshold(MIN_N.value)}** verschillende "
            f"respondenten (de cijfers vanaf één indicator); er zijn minstens "
            f"**{format_threshold(MIN_VOICES.value)}** stemmen nodig. *Verdeeld* betekent: de "
            f"hoogste en laagste stem liggen **{format_threshold(GAP.value)} punt** of meer uit "
            f"elkaar, en de een ligt boven het midden (**{format_threshold(URGENT_ABOVE.value)}"
            "**), de ander erop of eronder. Anders beslist het gemiddelde: boven het midden is "
            "*gedeeld urgent*, anders *gedeeld niet urgent*. Klik op een cel: onder de tabbladen "
            "staat dan in één zin waarom de cel is wat hij is."
        )
        st.markdown("**De drempels** (één keer vastgelegd, voor alle pagina's gelijk):")
        st.markdown(
            "\n".join(
                f"- `{t.name}` = **{format_threshold(t.value)}** — {md_escape(t.doc)}"
                for t in THRESHOLDS
            )
        )
        st.caption(
            "De gewichten van de domeinen op de Kaart tellen hier niet: elk domein wordt apart "
            "vergeleken. De volledige uitleg staat in docs/gedeelde-urgentie.md."
        )


def summary(ctx: Context) -> None:
    """How many cells have each status, as coloured chips: the page's answer at a glance and
    the legend of the matrix and the map (the symbol repeats the colour)."""
    counts = detail.status_counts(ctx.matrix)
    chips = " ".join(
        f'<span style="background:{s.colour};color:{s.text};padding:3px 10px;'
        f"border-radius:4px;border:1px solid #8c8c8c;white-space:nowrap;font-size:1.05rem;"
        f'display:inline-block;margin:0 4px 6px 0;">{s.symbol} {s.status}: '
        f"<b>{counts[s.status]}</b></span>"
        for s in (STATUS_STYLES[k] for k in LEGEND_ORDER)
    )
    # Generated text only (statuses and counts, no data): safe as HTML.
    st.markdown(f"<div>{chips}</div>", unsafe_allow_html=True)
    total = sum(counts.values())
    st.caption(
        f"{total} cellen: {len(ctx.codes)} {LEVEL_LABELS[ctx.niveau].lower()}en × "
        f"{len(DOMAIN_KEYS)} domeinen."
    )


def tabs() -> tuple[st.delta_generator.DeltaGenerator, ...]:
    """The page's tabs; only the open one runs (its state is kept in ``gedeeld_tab``)."""
    return tuple(st.tabs(list(TABS), key=TAB_KEY, on_change="rerun"))


def is_open(tab: object) -> bool:
    """Whether a tab is the selected one (True when Streamlit does not track it)."""
    return getattr(tab, "open", None) is not False


# --- matrix ---------------------------------------------------------------------------------------
def matrix_section(ctx: Context) -> None:
    """The area × domain matrix (or the same data as a table), and its downloads."""
    key = seed(VIEW_KEY, SCOPE, list(VIEWS))
    st.segmented_control(
        "Weergave",
        list(VIEWS),
        key=key,
        required=True,
        on_change=copy_back(VIEW_KEY, key),
        help="De tabel toont dezelfde gegevens als de matrix, ook voor schermlezers.",
    )
    if st.session_state.get(VIEW_KEY) == "Tabel":
        _alignment_table(ctx)
    else:
        _matrix(ctx)
    _downloads(ctx)


def _matrix(ctx: Context) -> None:
    matrix = ctx.matrix
    shown = _rows_to_show(ctx, matrix)
    if not shown:
        st.info(
            "Nog geen enkel gebied heeft genoeg gesprekken, stemmen of cijfers voor een "
            "uitspraak. Zet de schakelaar hierboven uit om alle gebieden te zien."
        )
        return
    matrix = matrix.loc[shown]
    hover = {
        (code, domain): charts.cell_hover(ctx.names[code], domain, ctx.row(code, domain))
        for code in shown
        for domain in DOMAIN_KEYS
    }
    st.caption("Klik op een cel voor de stemmen en de onderbouwing; beweeg erover voor de cijfers.")
    st.plotly_chart(
        charts.matrix_figure(matrix, ctx.names, hover, selected=_selected_cell(ctx)),
        key=MATRIX_KEY,
        on_select=_on_matrix_click,
        selection_mode="points",
        config=charts.CONFIG,
        alt="Matrix van gebieden en domeinen, gekleurd naar gedeelde urgentie. "
        "Kies Weergave Tabel voor dezelfde gegevens als tabel.",
    )


def _rows_to_show(ctx: Context, matrix: pd.DataFrame) -> list[str]:
    """All areas, or only those with a verdict somewhere (the default for many areas)."""
    key = f"{ONLY_KNOWN_KEY}_{ctx.niveau}"  # its own default per level
    st.session_state.setdefault(key, len(ctx.codes) > MANY_AREAS)
    only = st.toggle(
        "Alleen gebieden met een uitspraak",
        key=key,
        help="Verbergt de gebieden waar in geen enkel domein genoeg gesprekken, stemmen of "
        "cijfers zijn. Gesprekken over een buurt tellen ook mee voor haar wijk.",
    )
    if not only:
        return list(matrix.index)
    shown = detail.with_verdict(matrix)
    hidden = len(matrix) - len(shown)
    if hidden:
        level = LEVEL_LABELS[ctx.niveau].lower()
        st.caption(f"{hidden} {level}{'' if hidden == 1 else 'en'} zonder uitspraak verborgen.")
    return shown


def _selected_cell(ctx: Context) -> tuple[str, str] | None:
    code = st.session_state.get("gebied")
    domain = st.session_state.get(DOMAIN_KEY)
    if code in ctx.names and domain in DOMAIN_KEYS:
        return str(code), str(domain)
    return None


def _on_matrix_click() -> None:
    event = st.session_state.get(MATRIX_KEY) or {}
    points = (event.get("selection") or {}).get("points") or []
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple) and len(custom) == 2:
            select_cell(str(custom[0]), str(custom[1]))
            return


def select_cell(code: str, domain: str) -> None:
    """Make ``code`` the shared selected area and ``domain`` this page's selected domain."""
    st.session_state["gebied"] = code
    st.session_state[DOMAIN_KEY] = domain


def _status_styler(frame: pd.DataFrame) -> object:
    colours = {status_label(s): STATUS_STYLES[s] for s in LEGEND_ORDER}

    def style(value: object) -> str:
        found = colours.get(str(value))
        return f"background-color: {found.colour}; color: {found.text}" if found else ""

    return frame.style.map(style, subset=["Status"])


def _alignment_table(ctx: Context) -> None:
    table = ctx.export
    shown = readable_numbers(table).assign(Status=table["Status"].map(status_label))
    st.markdown(f"**Gedeelde urgentie per gebied en domein** — {len(shown)} cellen")
    event = st.dataframe(
        _status_styler(shown),
        hide_index=True,
        width="stretch",
        height=520,
        on_select="rerun",
        selection_mode="single-row",
        key=TABLE_KEY,
        column_config={
            "Gebied": st.column_config.TextColumn(width="medium"),
            "Kloof": st.column_config.TextColumn(width="medium"),
        },
    )
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if rows:
        picked = table.iloc[rows[0]]
        domain = domain_key(str(picked["Domein"]))
        if (picked["Code"], domain) != _selected_cell(ctx):
            select_cell(str(picked["Code"]), domain)
            st.rerun()


def _downloads(ctx: Context) -> None:
    table = ctx.export
    base = f"urgentiekaart_gedeelde-urgentie_{ctx.gemeente}_{ctx.jaar}_{ctx.niveau}"
    notes = [
        f"Gedeelde urgentie, {LEVEL_LABELS[ctx.niveau].lower()}en, cijfers {ctx.jaar}",
        *(f"{t.name} = {format_threshold(t.value)}: {t.doc}" for t in THRESHOLDS),
    ]
    widgets.table_downloads(
        table, base, "Gedeelde urgentie", notes, sheet="Gedeelde urgentie", demo=ctx.demo
    )


# --- per area -------------------------------------------------------------------------------------
def area_section(ctx: Context) -> None:
    """The selected area: its four voices per domain, and the selected cell with its evidence."""
    st.subheader("Per gebied")
    cols = st.columns(2)
    with cols[0]:
        code = _area_picker(ctx)
    with cols[1]:
        domain = _domain_picker()
    if code is None:
        st.info("Klik op een cel in de matrix, op een gebied op de kaart, of kies een gebied.")
        return
    statuses = ctx.statuses(code)
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.markdown(f"**De vier stemmen in {md_escape(ctx.names[code])}**")
        voices = detail.area_voices(ctx.result.voices, code)
        st.plotly_chart(
            charts.voices_figure(voices, statuses),
            key="gedeeld_stemmen",
            config=charts.CONFIG,
            alt=f"De vier stemmen per domein in {ctx.names[code]}; de tabel eronder geeft "
            "dezelfde getallen.",
        )
    with right:
        cell_panel(ctx, code, domain)
    st.dataframe(
        detail.area_voice_table(voices, statuses).assign(
            Status=lambda f: f["Status"].map(status_label)
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Per stem: urgentie 1–5 · n = aantal verschillende respondenten · vertrouwen ("
        f"{CONFIDENCE_LABELS['hoog']}; {CONFIDENCE_LABELS['laag']}). Te weinig: "
        f"minder dan {format_threshold(MIN_N.value)} respondenten, telt niet mee. Tussen haakjes "
        "waar een stem op rust: expliciet (beoordelingen en stemmen), bevestigd (codes die een "
        "analist bevestigde) of automatisch (codes van de coder alleen); rust een stem voor meer "
        f"dan {format_threshold(AUTOMATIC_SHARE_MAX.value * 100)}% op automatische codes, dan is "
        "het vertrouwen hoogstens voorzichtig. Cijfers: het aantal indicatoren."
    )


def _area_picker(ctx: Context) -> str | None:
    return bound_selectbox(
        "Gebied",
        list(ctx.codes),
        "gebied",
        SCOPE,
        format_func=lambda c: ctx.names.get(c, c),
        allow_none=True,
        placeholder="Typ een naam of kies uit de lijst",
    )


def _domain_picker() -> str:
    if st.session_state.get(DOMAIN_KEY) not in DOMAIN_KEYS:
        st.session_state[DOMAIN_KEY] = DOMAIN_KEYS[0]
    return str(
        bound_selectbox("Domein", list(DOMAIN_KEYS), DOMAIN_KEY, SCOPE, format_func=domain_label)
    )


def cell_panel(ctx: Context, code: str, domain: str, *, key: str = "cel") -> None:
    """One cell: its status, why, and the evidence behind each voice."""
    row = ctx.row(code, domain)
    status = str(row["status"]) if row is not None else TOO_LITTLE
    st.markdown(f"**{md_escape(ctx.names[code])} × {md_escape(domain_label(domain))}**")
    style = STATUS_STYLES[status]
    gap = str(row["gap_text"]) if row is not None and row["gap_text"] else ""
    st.markdown(
        f'<span style="background:{style.colour};color:{style.text};padding:3px 10px;'
        f'border-radius:4px;font-weight:600">{style.symbol} {status}</span>',
        unsafe_allow_html=True,  # static: colour and status come from this module
    )
    if gap:
        st.markdown(f"**Kloof:** {md_escape(gap)}")
    sleutelfiguren.bridge_note(ctx.gemeente, code, domain, status)  # only for verdeeld
    st.write(detail.explain_status(row))
    evidence_tabs(ctx, code, domain, key=key)


def evidence_tabs(ctx: Context, code: str, domain: str, *, key: str) -> None:
    """The evidence of one cell, one click away: figures, notes, ratings, votes."""
    cell = cells.cell_evidence(ctx.result.evidence, code, domain)
    labels = [
        "Cijfers",
        f"Gesprekken ({len(cell.note_ids)})",
        f"Beoordelingen ({len(cell.ratings)})",
        f"Stemmen ({int(cell.votes['n'].sum()) if len(cell.votes) else 0})",
    ]
    figures, notes_tab, ratings_tab, votes_tab = st.tabs(labels)
    with figures:
        _figures_evidence(ctx, code, domain)
    with notes_tab:
        _notes_evidence(ctx, cell, domain, key=key)
    with ratings_tab:
        _ratings_evidence(cell)
    with votes_tab:
        _votes_evidence(ctx, cell)


def _figures_evidence(ctx: Context, code: str, domain: str) -> None:
    from urgentie.analysis import scores as scoring

    result = ctx.result.scores
    if result is None or domain not in result.domain.columns:
        st.caption(
            "De CBS Kerncijfers hebben voor dit domein geen cijfers"
            + (" (veiligheid staat er niet in)." if domain == "veiligheid" else ".")
        )
        return
    table = scoring.explain(result, ctx.result.areas, code, domain=domain)
    st.dataframe(
        profiletable.explain_table(table),
        hide_index=True,
        width="stretch",
        column_config={
            "z-score": st.column_config.NumberColumn(format="%+.2f"),
            "Gewicht": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    st.caption(
        "De domeinscore is het gemiddelde van de z-scores (positief = meer zorg dan de andere "
        f"{LEVEL_LABELS[ctx.niveau].lower()}en); die gaat naar de schaal 1–5 van de stem cijfers."
    )


def analyst_mode() -> bool:
    """Note texts are shown only in analyst mode (the public mode never reads them)."""
    return settings.get("URGENTIE_MODE") != "public"


def _notes(gemeente: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, str]]:
    """Pseudonymised notes, their codes and the import file names of one gemeente."""
    return _notes_of(gemeente, urgency_data.version())


@st.cache_data(show_spinner=False, max_entries=8)
def _notes_of(gemeente: str, stamp: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, str]]:
    del stamp  # only part of the cache key
    store = notes_data.store()
    batches = {b.id: b.file_name for b in store.batches(gemeente)}
    return store.notes_frame(gemeente), store.codes_frame(gemeente), batches


def _notes_evidence(ctx: Context, cell: cells.CellEvidence, domain: str, *, key: str) -> None:
    if not cell.note_ids:
        st.caption("Geen gesprekken over dit gebied en domein.")
        return
    if not analyst_mode():
        st.caption(f"{len(cell.note_ids)} gesprekken; teksten alleen in de analistenmodus.")
        return
    notes, codes, batches = _notes(ctx.gemeente)
    cards = cells.note_cards(cell, notes, codes, domain, batches)
    st.caption(
        "Gepseudonimiseerde fragmenten, nieuwste eerst. Een beoordeling (1–5) telt zwaarder "
        "dan een codering; de volledige tekst staat op de pagina Gesprekken."
    )
    for card in cards.head(MAX_CARDS).itertuples(index=False):
        with st.container(border=True):
            _note_card(card)
    if len(cards) > MAX_CARDS:
        st.markdown(f"**Alle {len(cards)} gesprekken**")
        st.dataframe(
            _cards_table(cards),
            hide_index=True,
            width="stretch",
            column_config={"Fragment": st.column_config.TextColumn(width="large")},
            key=f"gedeeld_notes_{key}",
        )


def _note_card(card: object) -> None:
    date = pd.Timestamp(card.date).strftime("%d-%m-%Y") if pd.notna(card.date) else "zonder datum"
    who = PERSPECTIVE_LABELS.get(card.perspective, card.perspective)
    head = " · ".join(md_escape(part) for part in (date, who, card.role, card.area_name) if part)
    st.markdown(f"**{head}**")
    st.markdown(md_escape(card.snippet))
    bits = []
    if card.codes:
        bits.append("codes: " + ", ".join(cells_label(p) for p in card.codes))
    if card.terms:
        bits.append("woorden: " + ", ".join(card.terms))
    if card.cue:
        bits.append("signaal: " + card.cue)
    if card.rating is not None and pd.notna(card.rating):
        bits.append(f"beoordeling {format_threshold(float(card.rating))}")
    if card.counts_as:
        bits.append("telt als " + card.counts_as)
    bits.append("bron: " + card.source)
    st.caption(md_escape(" · ".join(bits)))


def cells_label(polarity: str) -> str:
    """``zorg`` / ``wat goed gaat`` for a code's polarity."""
    return {"zorg": "zorg", "kracht": "wat goed gaat"}.get(polarity, polarity)


def _cards_table(cards: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Datum": pd.to_datetime(cards["date"]).dt.strftime("%d-%m-%Y"),
            "Perspectief": cards["perspective"].map(lambda p: PERSPECTIVE_LABELS.get(p, p)),
            "Rol": cards["role"],
            "Gebied": cards["area_name"],
            "Fragment": cards["snippet"],
            "Codes": cards["codes"].map(lambda c: ", ".join(cells_label(p) for p in c)),
            "Woorden": cards["terms"].map(", ".join),
            "Beoordeling": pd.to_numeric(cards["rating"], errors="coerce"),
            "Telt als": cards["counts_as"],
            "Bron": cards["source"],
        }
    )


def _ratings_evidence(cell: cells.CellEvidence) -> None:
    if cell.ratings.empty:
        st.caption("Geen expliciete beoordelingen (1–5) in gesprekken over dit gebied en domein.")
        return
    ratings = cell.ratings.sort_values("date", ascending=False)
    per_voice = ratings.groupby("perspective")["value"].agg(["mean", "count"])
    st.markdown(
        " · ".join(
            f"{PERSPECTIVE_LABELS.get(p, p)}: gemiddeld {format_number(r['mean'])} "
            f"({int(r['count'])}×)"
            for p, r in per_voice.iterrows()
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Datum": pd.to_datetime(ratings["date"]).dt.strftime("%d-%m-%Y"),
                "Perspectief": ratings["perspective"].map(lambda p: PERSPECTIVE_LABELS.get(p, p)),
                "Beoordeling (1-5)": ratings["value"],
                "Gesprek": ratings["note_id"].map(lambda i: f"notitie {i}"),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _session_titles(gemeente: str) -> dict[str, str]:
    return _titles_of(gemeente, urgency_data.version())


@st.cache_data(show_spinner=False, max_entries=8)
def _titles_of(gemeente: str, stamp: str) -> dict[str, str]:
    del stamp  # only part of the cache key
    return {s.id: s.title for s in notes_data.vote_store().sessions(gemeente)}


def _votes_evidence(ctx: Context, cell: cells.CellEvidence) -> None:
    if cell.votes.empty:
        st.caption("Nog geen stemmen uit sessies over dit gebied en domein.")
        return
    titles = _session_titles(ctx.gemeente)
    votes = cell.votes
    st.dataframe(
        pd.DataFrame(
            {
                "Sessie": votes["session_id"].map(lambda s: f"{titles.get(s, s)} ({s})"),
                "Ronde": votes["round"],
                "Perspectief": votes["perspective"].map(lambda p: PERSPECTIVE_LABELS.get(p, p)),
                "Stemmers": votes["n"],
                "Gemiddelde (1-5)": [format_number(v) for v in votes["mean"]],
                "Datum": pd.to_datetime(votes["date"]).dt.strftime("%d-%m-%Y"),
            }
        ),
        hide_index=True,
        width="stretch",
    )


# --- map ------------------------------------------------------------------------------------------
def map_section(ctx: Context) -> None:
    """The alignment of one domain (or the number of split domains) on the map."""
    options = [SPLIT_LAYER, *DOMAIN_KEYS]
    choice = bound_selectbox(
        "Kleur de kaart naar",
        options,
        LAYER_KEY,
        SCOPE,
        format_func=lambda o: (
            "Aantal domeinen verdeeld"
            if o == SPLIT_LAYER
            else f"Gedeelde urgentie: {domain_label(o)}"
        ),
    )
    shapes = loaders.shapes(ctx.gemeente, ctx.jaar, ctx.niveau)
    areas = ctx.result.areas
    if choice == SPLIT_LAYER:
        split = detail.split_domains(ctx.result.table, ctx.codes)
        layer = alignmentmap.split_count_layer(shapes, areas, split, demo=ctx.demo)
    else:
        gaps = {
            code: str(ctx.rows[(code, choice)]["gap_text"])
            for code in ctx.codes
            if (code, choice) in ctx.rows
        }
        layer = alignmentmap.status_layer(
            shapes, areas, ctx.matrix[choice].to_dict(), choice, gaps=gaps, demo=ctx.demo
        )
    selected = st.session_state.get("gebied")
    outline = shapes.encoded.get(selected) if selected else None
    st_folium(
        build_map(layer),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=CLICK_OBJECTS,
        # The overview of all areas stays: the statuses are compared across the gemeente.
        feature_group_to_add=selection_group(outline, zoom=False),
        on_change=_on_map_click,
    )
    st.caption("Klik op een gebied: onder de tabbladen staan dan zijn stemmen.")


def _on_map_click() -> None:
    code = clicked_code(st.session_state.get(MAP_KEY))
    if code:
        st.session_state["gebied"] = code
        layer = st.session_state.get(LAYER_KEY)
        if layer in DOMAIN_KEYS:
            st.session_state[DOMAIN_KEY] = layer


# --- largest gaps ---------------------------------------------------------------------------------
def gaps_section(ctx: Context, top: int = 10) -> None:
    """The widest splits first, each with its voices and evidence in an expander."""
    gaps = largest_gaps(ctx.result.table, top=top)
    if gaps.empty:
        st.info(
            "Nergens lopen de stemmen ver uiteen: geen enkele cel is verdeeld. Dat kan ook "
            "betekenen dat er nog te weinig gesprekken en stemmen zijn; zie de matrix."
        )
        return
    st.caption(
        "Waar de stemmen het verst uit elkaar liggen (spreiding tussen de hoogste en laagste "
        "stem). Open een kloof voor de onderbouwing: cijfers, gesprekken, beoordelingen, stemmen."
    )
    for rank, row in enumerate(gaps.itertuples(index=False), start=1):
        code, domain = str(row.area_code), str(row.domain)
        label = (
            f"{rank}. {md_escape(ctx.names.get(code, code))} · {domain_label(domain)} — "
            f"{md_escape(row.gap_text)} (verschil {format_number(row.spread)})"
        )
        with st.expander(label):
            st.markdown(_voices_line(row._asdict()))
            st.write(detail.explain_status(row._asdict()))
            evidence_tabs(ctx, code, domain, key=f"kloof{rank}")
            st.button(
                "Toon dit gebied onder de tabbladen",
                key=f"gedeeld_kloof_{rank}",
                on_click=select_cell,
                args=(code, domain),
                icon=":material/arrow_downward:",
            )


def _voices_line(row: dict[str, object]) -> str:
    parts = []
    for voice in VOICES:
        urgency = pd.to_numeric(row.get(f"urgency_{voice}"), errors="coerce")
        n = int(pd.to_numeric(row.get(f"n_{voice}"), errors="coerce") or 0)
        text = detail.voice_text(float(urgency), n, voice, "")
        parts.append(f"**{PERSPECTIVE_LABELS[voice]}** {md_escape(text)}")
    return " · ".join(parts)


# --- over time ------------------------------------------------------------------------------------
def over_time_section(ctx: Context) -> None:
    """Per area × domain the spread per period and the verdict: do the voices converge?"""
    periods = detail.periods_of(ctx.result.over_time)
    if not periods:
        years = ctx.result.evidence["date"].dropna() if len(ctx.result.evidence) else []
        only = sorted({d.year for d in pd.to_datetime(years)}) if len(years) else []
        st.info(
            "Alle gesprekken en stemmen vallen in één periode"
            + (f" ({only[0]})" if len(only) == 1 else "")
            + ": of de stemmen naar elkaar toe groeien is nog niet te zien. Dat kan zodra er "
            "gesprekken of stemmen uit een tweede jaar zijn."
            if len(only) <= 1
            else "Er is geen gebied en domein met in twee jaren genoeg gegevens om te vergelijken."
        )
        return
    st.caption(
        f"Periodes: {', '.join(periods)} (per kalenderjaar). De cijfers zijn steeds die van "
        f"{ctx.jaar}. Spreiding = verschil tussen de hoogste en laagste stem die meetelt; een "
        "half punt minder heet 'naar elkaar toe', een half punt meer 'uiteen'."
    )
    trends = detail.trend_table(ctx.result.trend, ctx.names)
    if trends.empty:
        st.info("Geen gebied en domein heeft in twee periodes genoeg stemmen om te vergelijken.")
    else:
        shown = trends.drop(columns=["area_code", "domain"])
        event = st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key=TREND_KEY,
            column_config={
                "Spreiding eerst": st.column_config.NumberColumn(format="localized"),
                "Spreiding laatst": st.column_config.NumberColumn(format="localized"),
            },
        )
        rows = getattr(getattr(event, "selection", None), "rows", None) or []
        if rows:
            picked = trends.iloc[rows[0]]
            if (picked["area_code"], picked["domain"]) != _selected_cell(ctx):
                select_cell(str(picked["area_code"]), str(picked["domain"]))
                st.rerun()
    cell = _selected_cell(ctx)
    if cell is None:
        st.caption("Kies een regel of een cel in de matrix voor de stemmen per periode.")
        return
    code, domain = cell
    data = detail.cell_over_time(ctx.result.over_time, code, domain)
    st.markdown(f"**{md_escape(ctx.names[code])} × {md_escape(domain_label(domain))}**")
    verdict = ctx.result.trend
    match = (
        verdict[(verdict["area_code"] == code) & (verdict["domain"] == domain)]
        if len(verdict)
        else verdict
    )
    if len(match):
        st.markdown(f"Oordeel: **{md_escape(match.iloc[0]['verdict'])}**.")
    else:
        st.caption(
            "Voor deze cel is er geen tweede periode met genoeg stemmen: geen oordeel over de "
            "ontwikkeling."
        )
    if data.empty:
        return
    st.dataframe(detail.cell_period_table(data), hide_index=True, width="stretch")
    if detail.drawable_periods(data) >= 2:
        st.plotly_chart(
            charts.over_time_figure(data),
            key="gedeeld_tijd",
            config=charts.CONFIG,
            alt="De stemmen van deze cel per periode; de tabel erboven geeft dezelfde getallen.",
        )


def attribution(ctx: Context) -> None:
    """Source line on every page with CBS data, and the demo label."""
    widgets.attribution(ctx.demo)
