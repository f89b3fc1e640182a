"""The Kaart page: choose what colours the map, click an area, read why it scores as it does.

``app_pages/kaart.py`` composes the page from these parts. The choices (gemeente, year, level,
measure, classes, weights) live in session state (:mod:`urgentie.views.state`); everything they
determine is computed once per combination in :func:`map_view` and cached, so a rerun that
changes none of them only re-emits the same map. The map and the profile panel beside it sit in
one ``st.fragment``: a click on the map (or a choice in the area list) reruns just that
fragment, and the new selection is drawn as an outline passed through ``feature_group_to_add``
so the map itself is not reloaded in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from urgentie import choropleth, exports, profiletable
from urgentie.analysis import classify
from urgentie.analysis.scores import INSUFFICIENT_LABEL, equal_weights
from urgentie.canonical import LEVEL_LABELS, MISSING_LABEL, NATIONAL
from urgentie.choropleth import LAYER_KINDS, MEASURE_KINDS, Measure
from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.errors import UserError
from urgentie.indicators import BY_KEY, scored_indicators
from urgentie.mapdata import MapLayer, Shapes
from urgentie.store.areas import Manifest
from urgentie.views import charts, loaders, pickers, widgets
from urgentie.views.map import (
    CLICK_OBJECTS,
    build_map,
    clicked_code,
    rendered_html,
    selection_group,
)
from urgentie.views.widgets import bound_selectbox, copy_back, md_escape, seed

SCOPE = "kaart"
WEIGHTED_DOMAINS: tuple[str, ...] = tuple(equal_weights())
"""Domains with scored indicators in the catalogue (all nine): one weight slider each."""
MAP_KEY = "kaart_folium"
PROFILE_PAGE = "app_pages/wijkprofiel.py"
MAP_HEIGHT = 580

COMPARE_LABELS = {"gemeente": "de wijken van de gemeente", "nederland": "heel Nederland"}


@dataclass(frozen=True)
class Choice:
    """Everything the user chose that changes the map (hashable: it keys the caches)."""

    gemeente: str
    jaar: int
    niveau: str
    measure: Measure
    layer: str
    method: str
    k: int
    weights: tuple[tuple[str, float], ...]
    national: bool
    within: str | None


@dataclass(frozen=True)
class MapView:
    """What :func:`map_view` computed for one :class:`Choice` (shared, never modified)."""

    choice: Choice
    areas: pd.DataFrame
    shapes: Shapes
    layer: MapLayer
    values: pd.Series
    classed: choropleth.ClassedValues | None
    scores: object | None
    table: pd.DataFrame
    codes: tuple[str, ...]
    """Areas shown (all of the level, or the buurten of one wijk), sorted by name."""
    coverage: str = ""
    """How much the layer rests on: "6 van 9 domeinen, cijfers 2022–2024" or "cijfers van
    2022" (title, legend and the "zorg het grootst" list all say it)."""


# --- computing ----------------------------------------------------------------------------------
def map_view(choice: Choice, demo: bool) -> MapView:
    """The map layer, values, classes, scores and table for one choice, cached per choice."""
    stamp = loaders.view_stamp(choice.gemeente, choice.jaar)
    if choice.national:  # the scores compare with the Netherlands: its version counts too
        stamp += "|" + loaders.saved_at(NATIONAL, choice.jaar)
    return _map_view(choice, demo, stamp)


@st.cache_resource(show_spinner="Kaart berekenen…", max_entries=48)
def _map_view(choice: Choice, demo: bool, stamp: str) -> MapView:
    del stamp
    areas = loaders.attributes(choice.gemeente, choice.jaar, choice.niveau)
    if areas.empty:
        raise UserError(f"Geen {choice.niveau}en in deze gegevens.")
    shapes = loaders.shapes(choice.gemeente, choice.jaar, choice.niveau)
    scores = loaders.scores(
        choice.gemeente, choice.jaar, choice.niveau, dict(choice.weights), national=choice.national
    )
    if not len(scores.domain.columns):  # type: ignore[attr-defined]
        # No scored indicator has values here (a boundary-only dataset): the map still shows
        # indicators, and the panel says that scores are unavailable.
        scores = None
    measure = choice.measure
    values = choropleth.measure_values(measure, areas, scores)
    shown = areas
    if choice.within:
        shown = areas[areas["wijk_code"] == choice.within]
        shapes = shapes.subset(list(shown["code"].astype(str)))
    classed = None
    pattern = None
    weak = choropleth.insufficient_codes(measure, scores)
    coverage = layer_coverage(measure, shown, scores, choice.jaar)
    if choice.layer == "waarden":
        classed = choropleth.classify_values(values, measure, method=choice.method, k=choice.k)
        layer = choropleth.value_layer(
            shapes,
            shown,
            values.reindex(shown["code"].astype(str)),
            measure,
            classed,
            method_label=_method_line(choice, classed),
            demo=demo,
            insufficient=weak,
            coverage=coverage,
        )
    else:
        from urgentie.analysis.concentration import orient  # libpysal: only when asked

        # High = worse for the statistics; scores are oriented that way already.
        adjusted = orient(values, measure.key) if measure.indicator is not None else values
        result = loaders.concentration(choice.gemeente, choice.jaar, choice.niveau, adjusted)
        pattern = result.lisa if choice.layer == "lisa" else result.gi_label
        layer = choropleth.concentration_layer(
            shapes,
            shown,
            values.reindex(shown["code"].astype(str)),
            measure,
            result,
            kind=choice.layer,  # type: ignore[arg-type]
            demo=demo,
        )
    table = choropleth.area_table(
        shown,
        values.reindex(shown["code"].astype(str)),
        measure,
        classed,
        scores,
        pattern=pattern,
        insufficient=weak,
    )
    ordered = shown.sort_values("naam")["code"].astype(str)
    return MapView(
        choice, areas, shapes, layer, values, classed, scores, table, tuple(ordered), coverage
    )


def layer_coverage(measure: Measure, areas: pd.DataFrame, scores: object | None, jaar: int) -> str:
    """What the layer rests on, in one line: domains and years for scores, the peiljaar of an
    indicator ("cijfers van 2022" when older than the view's year)."""
    from urgentie.analysis import scores as scoring
    from urgentie.store.latest import figure_years, older_text, years_text

    if measure.kind == "indicator":
        span = figure_years(areas, [measure.key])
        if span is None:
            return ""
        if span[0] == span[1]:
            return older_text(span[0], jaar) or years_text(span)
        return years_text(span)
    if scores is None:
        return ""
    keys = [i.key for i in scored_indicators()]
    return scoring.coverage_text(scores, figure_years(areas, keys))  # type: ignore[arg-type]


def covered_choice(choice: Choice) -> tuple[Choice, str]:
    """The choice the Kaart opens on: never a composite that rests on fewer domains than the
    declared minimum. Such a choice becomes the best-covered domain (or, without any domain
    score, the first indicator with figures), with the reason in Dutch; otherwise the choice
    itself and an empty reason."""
    from urgentie.analysis import scores as scoring

    if choice.measure.kind != "urgentie" or choice.layer != "waarden":
        return choice, ""
    result = loaders.scores(
        choice.gemeente, choice.jaar, choice.niveau, dict(choice.weights), national=choice.national
    )
    if not scoring.composite_withheld(result):  # type: ignore[arg-type]
        return choice, ""
    most, total = result.coverage()  # type: ignore[attr-defined]
    need = result.min_domains  # type: ignore[attr-defined]
    reason = (
        f"De samengestelde urgentie is niet getoond: geen enkel gebied heeft cijfers in "
        f"{need} of meer domeinen (hoogstens {most} van {total}). "
    )
    best = scoring.best_covered_domain(result)  # type: ignore[arg-type]
    if best is not None:
        measure = Measure("domein", best)
        reason += f"De kaart toont het domein met de meeste cijfers: {domain_label(best)}."
    else:
        areas = loaders.attributes(choice.gemeente, choice.jaar, choice.niveau)
        # A scored indicator says more than context; context only when there is nothing else.
        found = sorted(choropleth.indicator_choices(areas), key=lambda i: not i.scored)
        if not found:
            return choice, reason
        measure = Measure("indicator", found[0].key)
        reason += f"Geen domein heeft genoeg cijfers; de kaart toont {found[0].label}."
    return replace(choice, measure=measure), reason


def coverage_notice(reason: str) -> None:
    """Say why the Kaart opened on another layer than the composite."""
    if reason:
        st.info(reason, icon=":material/info:")


def _method_line(choice: Choice, classed: choropleth.ClassedValues) -> str:
    if classed.method == "aantal":
        return "één klasse per aantal domeinen"
    if classed.method == "categorie":
        return "één klasse per CBS-categorie"
    if not classed.labels:
        return ""  # nothing known: no classes to describe
    return f"{classify.method_phrase(choice.method)}, {len(classed.labels)} klassen"


# --- page ---------------------------------------------------------------------------------------
def no_data() -> None:
    """What the page says before any data is stored."""
    st.title("Kaart")
    st.info("Er zijn nog geen gegevens. Laad ze op de pagina Gegevens.")
    st.page_link("app_pages/gegevens.py", label="Naar Gegevens", icon=":material/database:")


def no_scores_notice(view: MapView) -> None:
    """Explain an empty score map (a dataset with only boundaries or population counts)."""
    if view.choice.measure.kind != "indicator" and view.values.isna().all():
        st.info(
            "Voor deze gegevens zijn geen scores te berekenen: er zijn geen indicatoren met "
            "waarden die iets zeggen over zorg (alleen grenzen of bevolkingsaantallen). "
            "Kies bij *Kleur de kaart naar* een indicator."
        )


def attribution(manifest: Manifest) -> None:
    widgets.attribution(manifest.demo)


def title(manifest: Manifest, choice: Choice) -> None:
    name = "Heel Nederland" if manifest.gemeente_code == NATIONAL else manifest.gemeente_naam
    demo = " :orange-badge[demo]" if manifest.demo else ""
    st.title(f"Kaart · {md_escape(name)}{demo}")
    st.caption(
        f"{LEVEL_LABELS[choice.niveau]}en, {choice.jaar}. Waar concentreren de opgaven zich? "
        "Klik op een gebied of kies het in de lijst."
    )


def controls(stored: list[Manifest]) -> tuple[Choice, Manifest]:
    """The choice widgets (in the sidebar, so the map gets the page); returns the choice and
    the dataset's manifest."""
    with st.sidebar:
        st.markdown("**Wat toont de kaart?**")
        gemeente = str(
            pickers.gemeente_picker(
                SCOPE, manifests=stored, include_national=True, after=_reset_area
            )
        )
        jaar = int(pickers.year_picker(SCOPE, gemeente, manifests=stored))  # type: ignore[arg-type]
        manifest = next(m for m in stored if m.gemeente_code == gemeente and m.jaar == jaar)
        levels = [lvl for lvl in ("wijk", "buurt") if manifest.counts.get(lvl)] or ["wijk"]
        key = seed("niveau", SCOPE, levels)
        niveau = st.segmented_control(
            "Niveau",
            levels,
            key=key,
            format_func=lambda lvl: LEVEL_LABELS[lvl] + "en",
            required=True,
            on_change=copy_back("niveau", key, _reset_area),
        )
        kind = bound_selectbox(
            "Kleur de kaart naar",
            list(MEASURE_KINDS),
            "kleur",
            SCOPE,
            format_func=MEASURE_KINDS.get,
        )
        areas = loaders.attributes(gemeente, jaar, niveau)
        measure = _measure_widget(kind, areas)
        # Filled below once the choice is known: what the map shows when it is not the choice.
        shown_instead = st.empty()
        layer = bound_selectbox(
            "Toon", list(LAYER_KINDS), "laag", SCOPE, format_func=LAYER_KINDS.get
        )
        national_ok = (
            niveau == "wijk" and gemeente != NATIONAL and loaders.has_dataset(NATIONAL, jaar)
        )
        compare = "gemeente"
        if national_ok:
            compare = bound_selectbox(
                "Vergelijk met",
                ["gemeente", "nederland"],
                "vergelijk",
                SCOPE,
                format_func=COMPARE_LABELS.get,
                help="Scores zeggen hoeveel een wijk afwijkt van het gemiddelde van deze groep.",
            )
        method, k, weights = _settings_expander()
    within = st.session_state.get("binnen_wijk") if niveau == "buurt" else None
    if within and not str(within).startswith("WK" + gemeente[2:]):
        within = None
    choice = Choice(
        gemeente=gemeente,
        jaar=int(jaar),
        niveau=niveau,
        measure=measure,
        layer=layer,
        method=method,
        k=int(k),
        weights=tuple(sorted(weights.items())),
        national=compare == "nederland",
        within=within,
    )
    covered, reason = covered_choice(choice)
    if reason:
        # The widget keeps the user's choice; say beside it what the map shows instead.
        shown_instead.caption(
            f"Nu op de kaart: **{md_escape(covered.measure.label)}** — te weinig domeinen met "
            "cijfers voor de samengestelde urgentie (zie de uitleg boven de kaart)."
        )
    return choice, manifest


def _measure_widget(kind: str, areas: pd.DataFrame) -> Measure:
    if kind == "indicator":
        choices = choropleth.indicator_choices(areas)
        if not choices:
            st.warning("Deze gegevens hebben geen indicatoren met waarden.")
            return Measure("urgentie")
        key = bound_selectbox(
            "Indicator",
            [i.key for i in choices],
            "indicator",
            SCOPE,
            format_func=lambda k: f"{domain_label(BY_KEY[k].domain)} · {BY_KEY[k].label}",
        )
        return Measure("indicator", key)
    if kind == "domein":
        present = [
            d
            for d in DOMAIN_KEYS
            if any(areas[i.key].notna().any() for i in scored_indicators(d) if i.key in areas)
        ]
        if not present:
            st.warning("Geen domein heeft hier cijfers.")
            return Measure("urgentie")
        key = bound_selectbox("Domein", present, "domein", SCOPE, format_func=domain_label)
        return Measure("domein", key)
    st.caption(
        "Gemiddelde van de domeinscores, met de gewichten onder *Klassen en gewichten*."
        if kind == "urgentie"
        else "In hoeveel domeinen een gebied bij de slechtste 20 % hoort."
    )
    return Measure(kind)  # type: ignore[arg-type]


def _settings_expander() -> tuple[str, int, dict[str, float]]:
    """Class method, number of classes and background tiles; domain weights below."""
    with st.expander("Klassen en achtergrond"):
        method = bound_selectbox(
            "Klassenindeling",
            list(classify.METHODS),
            "methode",
            SCOPE,
            format_func=classify.METHODS.__getitem__,
        )
        key = seed("klassen", SCOPE)
        k = st.slider("Aantal klassen", 3, 7, key=key, on_change=copy_back("klassen", key))
        key = seed("basiskaart", SCOPE)
        st.toggle(
            "Achtergrondkaart (PDOK, vraagt internet)",
            key=key,
            on_change=copy_back("basiskaart", key),
        )
    with st.expander("Gewichten van de domeinen"):
        weights = _weight_sliders()
    return method, k, weights


def _weight_sliders() -> dict[str, float]:
    st.caption("Hoe zwaar elk domein telt in de samengestelde urgentie (0 = telt niet mee).")
    current = dict(st.session_state.get("gewichten") or {})
    weights: dict[str, float] = {}
    for d in WEIGHTED_DOMAINS:
        key = f"_w_{SCOPE}_gewicht_{d}"
        if key not in st.session_state:
            st.session_state[key] = float(current.get(d, 1.0))
        weights[d] = st.slider(
            domain_label(d), 0.0, 3.0, step=0.5, key=key, on_change=_store_weights
        )
    st.button("Gelijk maken", on_click=_equal_weights, help="Alle domeinen weer even zwaar (1).")
    return weights


def _store_weights() -> None:
    st.session_state["gewichten"] = {
        d: float(st.session_state[f"_w_{SCOPE}_gewicht_{d}"]) for d in WEIGHTED_DOMAINS
    }


def _equal_weights() -> None:
    for d in WEIGHTED_DOMAINS:
        st.session_state[f"_w_{SCOPE}_gewicht_{d}"] = 1.0
    st.session_state["gewichten"] = equal_weights()


def _reset_area() -> None:
    """Another gemeente or level: the selected area and the drill-down no longer apply."""
    st.session_state["gebied"] = None
    st.session_state["binnen_wijk"] = None


def area_names(view: MapView) -> dict[str, str]:
    """Names for lists and headings; across the Netherlands with the gemeente ("Centrum" is
    the name of dozens of wijken)."""
    codes = view.areas["code"].astype(str)
    names = view.areas["naam"].astype(str)
    if view.choice.gemeente == NATIONAL:
        names = names + " (" + view.areas["gemeente_naam"].astype(str) + ")"
    return dict(zip(codes, names, strict=True))


# --- the fragment: map (or table) and profile panel -----------------------------------------------
@st.fragment
def map_and_profile(view: MapView, has_buurten: bool) -> None:
    names = area_names(view)
    _drill_banner(view)
    left, right = st.columns([3, 2], gap="medium")
    with right:
        bound_selectbox(
            "Zoek een gebied",
            list(view.codes),
            "gebied",
            SCOPE,
            format_func=lambda c: names.get(c, c),
            allow_none=True,
            placeholder="Typ een naam of kies uit de lijst",
            help="Typ een deel van de naam; pijltjestoetsen en Enter werken ook.",
        )
        key = seed("weergave", SCOPE, ["Kaart", "Tabel"])
        st.segmented_control(
            "Weergave",
            ["Kaart", "Tabel"],
            key=key,
            required=True,
            on_change=copy_back("weergave", key),
            help="De tabel toont dezelfde gegevens als de kaart, ook voor schermlezers.",
        )
    selected = st.session_state.get("gebied") if st.session_state.get("gebied") in names else None
    with left:
        if st.session_state.get("weergave") == "Tabel":
            _table(view)
        else:
            _map(view, selected)
    with right:
        _profile_panel(view, selected, names, has_buurten)


def _map(view: MapView, selected: str | None) -> None:
    fmap = build_map(view.layer, basemap=bool(st.session_state.get("basiskaart")))
    outline = view.shapes.encoded.get(selected) if selected else None
    if view.layer.extra.get("message"):
        st.info(view.layer.extra["message"], icon=":material/info:")
    st_folium(
        fmap,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=CLICK_OBJECTS,
        feature_group_to_add=selection_group(outline),
        on_change=_on_map_click,
    )
    missing = len(view.codes) - view.layer.count
    if missing > 0:
        st.caption(f"{missing} gebied(en) zonder grens staan niet op de kaart; zie de tabel.")
    st.download_button(
        "Kaart downloaden (HTML, werkt zonder internet)",
        data=lambda: _standalone(view, selected),
        file_name=_file_name(view, "kaart") + ".html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )


def _standalone(view: MapView, selected: str | None) -> bytes:
    outline = view.shapes.encoded.get(selected) if selected else None
    page = rendered_html(build_map(view.layer, selected=outline))
    return exports.standalone_map_html(page, title=f"Urgentiekaart — {view.layer.title}").encode()


def _on_map_click() -> None:
    """Select the clicked area (runs before the fragment reruns)."""
    code = clicked_code(st.session_state.get(MAP_KEY))
    if code:
        st.session_state["gebied"] = code


def _table(view: MapView) -> None:
    st.markdown(f"**{md_escape(view.layer.title)}** — {len(view.table)} gebieden, slechtste eerst")
    event = st.dataframe(
        view.table,
        hide_index=True,
        width="stretch",
        height=MAP_HEIGHT - 60,
        on_select="rerun",
        selection_mode="single-row",
        key="kaart_tabel",
        column_config=_table_columns(view),
    )
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if rows:
        code = str(view.table.iloc[rows[0]]["Code"])
        if code != st.session_state.get("gebied"):
            st.session_state["gebied"] = code
            st.rerun(scope="fragment")
    widgets.table_downloads(
        view.table,
        _file_name(view, "tabel"),
        view.layer.title,
        _export_notes(view),
        demo=view.layer.demo,
    )


def _export_notes(view: MapView) -> list[str]:
    """The "Bron" sheet: which gemeente, year and level, what the columns hold, and the map's
    own notes (class method, direction)."""
    c = view.choice
    gemeente = str(view.areas["gemeente_naam"].iloc[0]) if len(view.areas) else c.gemeente
    lines = [f"Gemeente: {gemeente} ({c.gemeente}) · jaar {c.jaar} · niveau {c.niveau}"]
    if c.measure.is_score:
        lines.append(
            "Plaats: 1 = de meeste zorg van de gebieden in deze tabel (gelijke scores delen de "
            "betere plaats). Score (z): het gemiddelde van de richting-gecorrigeerde z-scores; "
            "positief = meer zorg dan gemiddeld (zie docs/methode.md)."
        )
    return [*lines, *view.layer.notes]


def _table_columns(view: MapView) -> dict:
    # "localized": the reader's browser decides the decimal sign (a comma in Dutch).
    measure = view.choice.measure
    return {
        measure.title: st.column_config.NumberColumn(measure.title, format="localized"),
        choropleth.SCORE_COLUMN: st.column_config.NumberColumn(format="%+.2f"),
        choropleth.URGENCY_PLACE_COLUMN: st.column_config.NumberColumn(format="%d"),
    }


def _file_name(view: MapView, what: str) -> str:
    c = view.choice
    key = c.measure.key or c.measure.kind
    return f"urgentiekaart_{what}_{c.gemeente}_{c.jaar}_{c.niveau}_{key}"


def _drill_banner(view: MapView) -> None:
    within = view.choice.within
    if not within:
        return
    wijk = loaders.attributes(view.choice.gemeente, view.choice.jaar, "wijk")
    wijk_names = dict(zip(wijk["code"].astype(str), wijk["naam"].astype(str), strict=True))
    cols = st.columns([4, 2])
    cols[0].info(
        f"Buurten van wijk **{md_escape(wijk_names.get(within, within))}**. De klassen gelden "
        "voor alle "
        "buurten van de gemeente, zodat kleuren vergelijkbaar blijven."
    )
    if cols[1].button("Terug naar alle wijken", icon=":material/arrow_back:"):
        st.session_state["niveau"] = "wijk"
        st.session_state["gebied"] = within
        st.session_state["binnen_wijk"] = None
        st.rerun()


# --- profile panel --------------------------------------------------------------------------------
def _profile_panel(
    view: MapView, code: str | None, names: dict[str, str], has_buurten: bool
) -> None:
    if code is None:
        _no_selection(view)
        return
    row = view.areas[view.areas["code"].astype(str) == code].iloc[0]
    measure = view.choice.measure
    st.subheader(md_escape(names[code]))
    where = LEVEL_LABELS.get(str(row["niveau"]), "")
    st.caption(f"{where} in {md_escape(row['gemeente_naam'])} · {code}")
    cols = st.columns(2)
    weak = choropleth.insufficient_codes(measure, view.scores)
    # Plain numbers first: a score is shown as the area's place; the z-score is in the uitleg.
    if code in weak:
        headline = INSUFFICIENT_LABEL
    elif measure.is_score:
        headline = choropleth.place_texts(view.values).get(code, "")
    else:
        headline = measure.format(view.values.get(code))
    cols[0].metric(measure.label, headline)
    if view.scores is not None and measure.kind != "urgentie":
        composite = pd.Series(view.scores.composite, dtype=float)  # type: ignore[attr-defined]
        weak_composite = code in choropleth.insufficient_codes(Measure("urgentie"), view.scores)
        cols[1].metric(
            "Urgentie (samengesteld)",
            INSUFFICIENT_LABEL
            if weak_composite
            else choropleth.place_texts(composite).get(code, ""),
        )
    if view.coverage:
        st.caption(f"Gebaseerd op: {md_escape(view.coverage)}")
    if bool(row.get("gebiedsindeling_gewijzigd", False)):
        st.caption(
            "Gebiedsindeling gewijzigd: code of grens verschilt van een eerder jaar; oudere "
            "cijfers worden voor dit gebied niet gebruikt."
        )
    if view.scores is not None:
        _stapeling_line(view, code)
        _explanation(view, code)
    else:
        st.caption("Voor deze gegevens zijn geen scores te berekenen (te weinig indicatoren).")
    _profile_links(view, code, names, has_buurten)


def _no_selection(view: MapView) -> None:
    st.subheader("Geen gebied gekozen")
    st.write("Klik op een gebied op de kaart, of zoek het op naam in de lijst.")
    column = view.choice.measure.title
    top = view.table.dropna(subset=[column]).head(5)
    if len(top):
        basis = (
            f"volgens de kaart; {md_escape(view.coverage)}" if view.coverage else "volgens de kaart"
        )
        indicator = view.choice.measure.indicator
        if indicator is not None and not indicator.scored:
            # Context (inwoners, leeftijd …) is no concern: never "zorg".
            st.markdown(f"**Hoogste waarden** (context, geen oordeel; {basis}):")
        else:
            st.markdown(f"**Hier is de zorg het grootst** ({basis}):")
        of = int(view.table[column].notna().sum())
        for _, row in top.iterrows():
            if view.choice.measure.is_score:
                text = f"plaats {int(row[column])} van {of}"
            else:
                text = view.choice.measure.format(row[column])
            st.markdown(f"- {md_escape(row['Gebied'])}: {md_escape(text)}")


def _stapeling_line(view: MapView, code: str) -> None:
    stapeling = pd.Series(view.scores.stapeling).get(code)  # type: ignore[attr-defined]
    domains = view.scores.domain  # type: ignore[attr-defined]
    n_domains = int(domains.notna().any().sum())
    if stapeling is not None and not pd.isna(stapeling):
        st.markdown(
            f"**Stapeling:** in **{int(stapeling)}** van de {n_domains} domeinen met cijfers "
            "hoort dit gebied bij de slechtste 20 %."
        )


def _explanation(view: MapView, code: str) -> None:
    """Why this score: per domain, then per indicator value, reference, z and weight."""
    from urgentie.analysis import scores as scoring

    domain = view.choice.measure.key if view.choice.measure.kind == "domein" else None
    if view.choice.measure.kind == "indicator":
        domain = BY_KEY[view.choice.measure.key].domain
    domains = view.scores.domain  # type: ignore[attr-defined]
    row = domains.loc[code] if code in domains.index else pd.Series(dtype=float)
    known = row.dropna().sort_values(ascending=False)
    if len(known):
        st.markdown("**Plaats per domein** (1 = de meeste zorg van alle gebieden)")
        place = {d: choropleth.place_texts(domains[d]).get(code, "") for d in known.index}
        st.plotly_chart(
            charts.domain_scores(
                [domain_label(d) for d in known.index],
                known.tolist(),
                [place[d] for d in known.index],
            ),
            config={**charts.CONFIG, "displayModeBar": False},
            key="kaart_domeinscores",
        )
    number_format = {
        "z-score": st.column_config.NumberColumn(format="%+.2f"),
        "Gewicht": st.column_config.NumberColumn(format="%.2f"),
    }
    title = "Waarom deze score?" + (f" — {domain_label(domain)}" if domain else "")
    with st.expander(title, expanded=domain is not None):
        if domain is not None:
            table = scoring.explain(view.scores, view.areas, code, domain=domain)
            st.dataframe(
                profiletable.explain_table(table, gemeente=_gemeente_values(view)),
                hide_index=True,
                width="stretch",
                column_config=number_format,
            )
        else:
            # The composite rests on domains, and each domain on indicators: show both.
            parts = [scoring.explain(view.scores, view.areas, code, domain=d) for d in known.index]
            indicators = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
            st.markdown("**Indicatoren** (gewicht = aandeel in de domeinscore)")
            st.dataframe(
                profiletable.explain_table(
                    indicators, with_domain=True, gemeente=_gemeente_values(view)
                ),
                hide_index=True,
                width="stretch",
                column_config=number_format,
            )
            st.markdown("**Domeinen** (gewicht = aandeel in de samengestelde urgentie)")
            composite = scoring.explain(view.scores, view.areas, code, domain=None)
            st.dataframe(
                profiletable.explain_table(composite),
                hide_index=True,
                width="stretch",
                column_config=number_format,
            )
        st.caption(
            "z-score: hoeveel standaardafwijkingen het gebied van het gemiddelde afwijkt, "
            "met het teken zo gekozen dat positief altijd *meer zorg* betekent."
        )


def _gemeente_values(view: MapView) -> dict[str, float] | None:
    """The gemeente value per indicator, from the one reference function (as on every page)."""
    from urgentie.analysis.reference import gemeente_references

    if view.choice.gemeente == NATIONAL:
        return None
    own = loaders.attributes(view.choice.gemeente, view.choice.jaar, "gemeente")
    refs = gemeente_references(
        pd.concat([own, view.areas], ignore_index=True), view.choice.gemeente, view.choice.niveau
    )
    return {k: r.value for k, r in refs.items()}


def _profile_links(view: MapView, code: str, names: dict[str, str], has_buurten: bool) -> None:
    st.page_link(
        PROFILE_PAGE,
        label=f"Open het wijkprofiel van {md_escape(names[code])}",
        icon=":material/analytics:",
        query_params={"gebied": code, "jaar": str(view.choice.jaar)},
    )
    can_drill = view.choice.niveau == "wijk" and view.choice.gemeente != NATIONAL and has_buurten
    if can_drill and st.button(
        f"Bekijk de buurten van {md_escape(names[code])}",
        icon=":material/zoom_in:",
        key="kaart_drill",
    ):
        st.session_state["niveau"] = "buurt"
        st.session_state["binnen_wijk"] = code
        st.session_state["gebied"] = None
        st.rerun()


__all__ = [
    "MISSING_LABEL",
    "Choice",
    "MapView",
    "attribution",
    "controls",
    "coverage_notice",
    "covered_choice",
    "layer_coverage",
    "map_and_profile",
    "map_view",
    "no_data",
    "no_scores_notice",
    "title",
]
