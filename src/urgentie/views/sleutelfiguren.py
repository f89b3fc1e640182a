"""Sleutelfiguren page sections: the register by role, its flags, map, bridges and privacy export.

Analyst pages only. Every read of one record and every change is written to the audit log by
:class:`urgentie.store.key_people.KeyPeopleStore`; lists never carry a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from urgentie import settings
from urgentie.analysis import key_network, key_people, key_signals
from urgentie.analysis.alignment import SPLIT
from urgentie.demo import DEMO_CODE
from urgentie.demo.key_people import ensure_demo_key_people
from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.errors import UserError
from urgentie.keypeople import present, privacy, screen, vocab
from urgentie.keypeople.records import Consent, KeyPerson, Link, Support, default_review_date
from urgentie.store.key_people import KeyPeopleStore, due_for_review
from urgentie.views import access, loaders, notes_data, urgency_data
from urgentie.views.map import build_map
from urgentie.views.widgets import md_escape, show_error

NEW = 0
"""The record picker's value for 'a new key person'."""
SUPPORT_ROWS = 3
FORM_KEYS = "kp_form_"
MAP_KEY = "kp_map"


@dataclass(frozen=True)
class Context:
    """What the page works on: the gemeente, its wijken, the store and who is looking."""

    gemeente: str
    jaar: int | None
    wijken: dict[str, str]
    """Wijk code -> name, by name."""
    names: dict[str, str]
    """Every area code of the gemeente -> name (wijken and buurten)."""
    store: KeyPeopleStore
    actor: str

    @property
    def demo(self) -> bool:
        return self.gemeente == DEMO_CODE


def actor() -> str:
    """Who is working, for the audit log: the signed-in account, else where the visitor is."""
    if access.auth_configured() and access.signed_in():
        return str(st.user.get("email") or st.user.get("name") or "ingelogde gebruiker")
    if settings.get("URGENTIE_ANALYST_ACCESS") == "netwerk":
        return "analist (netwerk, niet ingelogd)"
    return "analist (deze computer)"


def access_lines() -> list[str]:
    """Who has access to the register, from this app's settings."""
    return privacy.access_lines(
        str(settings.get("URGENTIE_ANALYST_ACCESS")), access.auth_configured()
    )


@st.cache_resource(show_spinner="Controle op namen voorbereiden…", max_entries=4)
def _finder(keep: tuple[str, ...]) -> screen.Finder:
    return screen.pseudonymiser_finder(keep_terms=keep)


def register(gemeente: str) -> KeyPeopleStore:
    """The register; the demo gemeente gets its fictional key people on first use."""
    store = KeyPeopleStore(notes_data.store().engine)
    if gemeente == DEMO_CODE:
        ensure_demo_key_people(store)
    return store


def setup(gemeente: str) -> Context:
    """The page's context; the demo gemeente gets its fictional key people on first use."""
    table = notes_data.area_table(gemeente)
    names = dict(zip(table["code"], table["naam"], strict=True))
    wijk_rows = table[table["niveau"] == "wijk"]
    wijken = dict(zip(wijk_rows["code"], wijk_rows["naam"], strict=True))
    years = [m.jaar for m in loaders.manifests() if m.gemeente_code == gemeente]
    store = register(gemeente)
    ctx = Context(gemeente, max(years) if years else None, wijken, names, store, actor())
    seen = st.session_state.setdefault("kp_list_logged", set())
    if gemeente not in seen:  # one audit line per visit, not per rerun
        store.log(gemeente, ctx.actor, "lijst")
        seen.add(gemeente)
    return ctx


def finder(ctx: Context) -> screen.Finder:
    """The pseudonymiser check of labels; the gemeente's area names are never a name."""
    return _finder(tuple(sorted(set(ctx.names.values()))))


# --- overview -------------------------------------------------------------------------------------
def flags(ctx: Context, people: list[KeyPerson]) -> None:
    """The signals an analyst acts on: review dates passed, kwetsbare domains, ending support."""
    due = due_for_review(people)
    carriers = key_people.carriers(people)
    ending = key_people.ending_support(people)
    boxed = key_people.boxed_in(people)
    cols = st.columns(4)
    cols[0].metric("Sleutelfiguren", len(people))
    cols[1].metric("Domeinen op één persoon", int(carriers["kwetsbaar"].sum()))
    cols[2].metric(
        "Steun eindigt binnen een jaar", int((ending["status"] == key_people.ENDING).sum())
    )
    cols[3].metric("In hokjes geduwd", len(boxed))
    for person in due:
        st.warning(
            f"Nr {person.id} ({md_escape(person.role_label)}): de herzieningsdatum "
            f"{person.review_date:%d-%m-%Y} is verstreken. Verleng na controle of wis het record "
            "(tabblad Toevoegen of wijzigen).",
            icon=":material/event_busy:",
        )


def overview_section(ctx: Context, people: list[KeyPerson]) -> None:
    """The register table and the figures: per wijk and domain, ending support, boxed in."""
    if not people:
        st.info("Nog geen sleutelfiguren. Voeg de eerste toe op het tabblad Toevoegen of wijzigen.")
        return
    st.subheader("Register")
    st.dataframe(present.people_table(people, ctx.names), hide_index=True, width="stretch")
    st.caption(
        f"Bron: register sleutelfiguren van {md_escape(ctx.names.get(ctx.gemeente, ctx.gemeente))}"
        f", stand {date.today():%d-%m-%Y}; {len(people)} records, per rol. De cijfers hieronder "
        "tellen alleen wie in het register staat: een wijk zonder records is onbekend, niet leeg."
    )
    st.subheader("Waar leunt een wijk op één persoon?")
    st.caption(
        "Per wijk en domein: hoeveel sleutelfiguren het dragen. Kwetsbaar: het domein rust op "
        "precies één persoon."
    )
    carriers = present.carriers_table(key_people.carriers(people), ctx.names)
    st.dataframe(carriers, hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left:
        st.subheader("Steun die afloopt")
        ending = key_people.ending_support(people)
        if ending.empty:
            st.write("Geen steun die binnen een jaar eindigt.")
        else:
            st.dataframe(present.ending_table(ending), hide_index=True, width="stretch")
    with right:
        st.subheader("In hokjes geduwd")
        st.caption("Werkt in meer domeinen dan de financiering dekt.")
        boxed = key_people.boxed_in(people)
        if boxed.empty:
            st.write("Niemand werkt breder dan de financiering dekt.")
        else:
            st.dataframe(present.boxed_table(boxed), hide_index=True, width="stretch")


def signals_section(ctx: Context) -> None:
    """Roles that several conversations mention in a helping sense: a hint, never a record."""
    st.subheader("Signalen uit gesprekken")
    st.caption(
        "Rollen die meerdere gesprekken noemen als iemand die helpt. Een signaal is geen "
        "sleutelfiguur: leg iemand pas vast (per rol, en met toestemming voor een naam) als je "
        "met die persoon hebt gesproken."
    )
    notes = notes_data.store().notes_frame(ctx.gemeente)
    signals = key_signals.role_signals(notes)
    if signals.empty:
        st.write("Geen rol die in twee of meer gesprekken als helpend wordt genoemd.")
        return
    for row in signals.head(12).itertuples():
        wijk = ctx.names.get(str(row.area_code), str(row.area_code))
        st.markdown(f"- **{md_escape(wijk)}**: {md_escape(row.sentence)}")


# --- map ------------------------------------------------------------------------------------------
def map_section(ctx: Context, people: list[KeyPerson]) -> None:
    """Wijken coloured by the number of domains resting on one person."""
    if ctx.jaar is None or not ctx.wijken:
        st.info("Voor de kaart zijn wijkgrenzen nodig. Laad ze op de pagina Gegevens.")
        return
    shapes = loaders.shapes(ctx.gemeente, ctx.jaar, "wijk")
    areas = pd.DataFrame({"code": list(ctx.wijken), "naam": list(ctx.wijken.values())})
    per_area = key_people.per_area(people, ctx.wijken)
    layer = present.kwetsbaar_layer(shapes, areas, per_area, demo=ctx.demo)
    st_folium(
        build_map(layer), key=MAP_KEY, height=520, use_container_width=True, returned_objects=[]
    )


# --- bridges --------------------------------------------------------------------------------------
def bridges_section(ctx: Context, people: list[KeyPerson]) -> None:
    """The role-level network, who bridges whom, the links only one person holds, and whether
    each verdeeld cell of Gedeelde urgentie has a bridge."""
    graph = key_network.build_graph(people)
    if graph.number_of_edges() == 0:
        st.info("Nog geen verbindingen met instellingen of groepen bewoners vastgelegd.")
    else:
        st.plotly_chart(
            present.network_figure(graph, key_network.layout(graph)),
            width="stretch",
            config={"displaylogo": False},
        )
        st.caption(
            "Sleutelfiguren (oranje rondjes), instellingen (blauwe vierkanten) en groepen "
            "bewoners (groene ruiten). Hoe groter het rondje, hoe meer iemand tussen anderen in "
            "staat (tussenpositie, betweenness)."
        )
        left, right = st.columns(2)
        with left:
            st.subheader("Wie verbindt")
            st.dataframe(
                present.centrality_table(key_network.centrality(graph)),
                hide_index=True,
                width="stretch",
            )
        with right:
            st.subheader("Verbindingen via maar één persoon")
            sole = key_network.sole_links(graph)
            if sole.empty:
                st.write("Elke verbinding loopt via meer dan één persoon.")
            else:
                st.dataframe(present.sole_links_table(sole), hide_index=True, width="stretch")
    split_bridges_section(ctx, people)


def split_bridges_section(ctx: Context, people: list[KeyPerson]) -> None:
    """Beside Gedeelde urgentie: per verdeeld wijk and domain, is there a bridge?"""
    st.subheader("Bruggen waar de urgentie verdeeld is")
    st.caption(
        "Waar beleid, professionals, bewoners en cijfers het oneens zijn (verdeeld op de pagina "
        "Gedeelde urgentie), is iemand die beide werelden verbindt het hardst nodig: een "
        "bruggenbouwer, of een sleutelfiguur met verbindingen naar instellingen én bewoners."
    )
    if ctx.jaar is None:
        st.info("Geen gegevens voor Gedeelde urgentie.")
        return
    try:
        table = urgency_data.shared(ctx.gemeente, ctx.jaar, "wijk").table
    except UserError as exc:
        show_error(exc)
        return
    bridges = key_people.bridges_for_split(table, people)
    if bridges.empty:
        st.write("Geen wijk waar de urgentie verdeeld is.")
        return
    st.dataframe(present.bridges_table(bridges, ctx.names), hide_index=True, width="stretch")
    st.page_link(
        "app_pages/gedeelde_urgentie.py", label="Naar Gedeelde urgentie", icon=":material/groups:"
    )


def bridge_note(gemeente: str, area_code: str, domain: str, status: str) -> None:
    """For a verdeeld cell on Gedeelde urgentie: is there a bridge in that wijk and domain?
    Roles only; analyst mode only (in public mode the register is refused)."""
    if status != SPLIT or settings.get("URGENTIE_MODE") == "public":
        return
    cell = pd.DataFrame({"area_code": [area_code], "domain": [domain], "status": [SPLIT]})
    people = register(gemeente).people(gemeente)
    if not people:  # the register is not in use for this gemeente: nothing to say
        return
    found = key_people.bridges_for_split(cell, people)
    roles = found.iloc[0]["bridge_roles"]
    if roles:
        st.markdown(f"**Brug:** {md_escape(', '.join(roles))} (Sleutelfiguren)")
    else:
        st.markdown(
            "**Brug:** geen sleutelfiguur die hier instellingen en bewoners verbindt "
            "(Sleutelfiguren)."
        )


# --- add, edit, withdraw --------------------------------------------------------------------------
def _k(name: str) -> str:
    return FORM_KEYS + name


def _load_into_form(ctx: Context) -> None:
    """Fill the form's widgets from the chosen record (logged as viewed) or empty them."""
    pid = st.session_state.get(_k("pick"), NEW)
    person = ctx.store.person(ctx.gemeente, pid, ctx.actor) if pid else None
    state = st.session_state
    state[_k("role")] = person.role_label if person else ""
    state[_k("type")] = person.person_type if person else next(iter(vocab.labels("types")))
    state[_k("world")] = person.world if person else "bewoner"
    state[_k("org")] = person.organisation_kind if person else "geen"
    state[_k("since")] = person.since if person else None
    state[_k("wijken")] = list(person.areas) if person else []
    state[_k("domains")] = list(person.domains) if person else []
    state[_k("needs")] = list(person.needs) if person else []
    links = person.links if person else ()
    state[_k("systeem")] = "\n".join(k.label for k in links if k.kind == "systeem")
    state[_k("leef")] = "\n".join(k.label for k in links if k.kind == "leef")
    support = list(person.support) if person else []
    for i in range(SUPPORT_ROWS):
        item = support[i] if i < len(support) else None
        state[_k(f"s{i}_kind")] = item.kind if item else ""
        state[_k(f"s{i}_label")] = item.label if item else ""
        state[_k(f"s{i}_until")] = item.until if item else None
        state[_k(f"s{i}_domains")] = list(item.domains) if item else []
    state[_k("basis")] = person.legal_basis if person else "algemeen_belang"
    state[_k("review")] = person.review_date if person else default_review_date()
    consent = person.consent if person else None
    state[_k("name")] = (person.name or "") if person else ""
    state[_k("c_date")] = consent.date if consent else None
    state[_k("c_purpose")] = consent.purpose if consent else "ondersteuning"
    state[_k("c_by")] = consent.asked_by if consent else ""


def _choice(list_name: str, key: str, label: str) -> None:
    options = vocab.labels(list_name)
    st.selectbox(label, list(options), key=_k(key), format_func=options.__getitem__)


def edit_section(ctx: Context, people: list[KeyPerson]) -> None:
    """Pick a record (or a new one), edit it in a form, renew or withdraw it."""
    if _k("role") not in st.session_state:
        st.session_state[_k("pick")] = NEW
        _load_into_form(ctx)
    labels = {NEW: "Nieuwe sleutelfiguur", **{p.id: f"Nr {p.id} — {p.role_label}" for p in people}}
    if st.session_state.get(_k("pick")) not in labels:
        st.session_state[_k("pick")] = NEW
        _load_into_form(ctx)
    st.selectbox(
        "Sleutelfiguur",
        list(labels),
        key=_k("pick"),
        format_func=labels.__getitem__,
        on_change=_load_into_form,
        args=(ctx,),
    )
    st.caption(
        "Leg een rol vast, geen persoon: 'buurtvader Molenwijk', 'wijkagent', 'conciërge "
        "basisschool'. Niets over geloof, afkomst, gezondheid of privéleven: zulke woorden "
        "worden geweigerd."
    )
    with st.form(_k("form")):
        st.text_input("Rol", key=_k("role"), max_chars=screen.MAX_LABEL)
        cols = st.columns(3)
        with cols[0]:
            _choice("types", "type", "Type")
        with cols[1]:
            _choice("worlds", "world", "Wereld")
        with cols[2]:
            _choice("organisation_kinds", "org", "Soort organisatie")
        cols = st.columns(3)
        cols[0].multiselect(
            "Wijken", list(ctx.wijken), key=_k("wijken"), format_func=ctx.wijken.get
        )
        cols[1].multiselect("Domeinen", DOMAIN_KEYS, key=_k("domains"), format_func=domain_label)
        needs = vocab.labels("needs")
        cols[2].multiselect("Wat is nodig", list(needs), key=_k("needs"), format_func=needs.get)
        cols = st.columns(3)
        cols[0].date_input(
            "Actief sinds",
            key=_k("since"),
            format="DD-MM-YYYY",
            min_value=date(1950, 1, 1),  # Streamlit's default stops ten years back
            max_value=date.today(),
        )
        cols[1].text_area("Instellingen (systeemwereld), één per regel", key=_k("systeem"))
        cols[2].text_area("Groepen bewoners (leefwereld), één per regel", key=_k("leef"))
        st.markdown("**Steun**")
        kinds = {"": "—", **vocab.labels("support_kinds")}
        for i in range(SUPPORT_ROWS):
            cols = st.columns([1, 2, 1, 2])
            cols[0].selectbox(
                "Soort", list(kinds), key=_k(f"s{i}_kind"), format_func=kinds.get,
                label_visibility="visible" if i == 0 else "collapsed",
            )  # fmt: skip
            cols[1].text_input(
                "Omschrijving", key=_k(f"s{i}_label"), max_chars=screen.MAX_LABEL,
                label_visibility="visible" if i == 0 else "collapsed",
            )  # fmt: skip
            cols[2].date_input(
                "Tot", key=_k(f"s{i}_until"), format="DD-MM-YYYY",
                label_visibility="visible" if i == 0 else "collapsed",
            )  # fmt: skip
            cols[3].multiselect(
                "Financiering dekt", DOMAIN_KEYS, key=_k(f"s{i}_domains"),
                format_func=domain_label,
                label_visibility="visible" if i == 0 else "collapsed",
            )  # fmt: skip
        cols = st.columns(2)
        with cols[0]:
            _choice("legal_bases", "basis", "Grondslag")
        cols[1].date_input("Herzien op", key=_k("review"), format="DD-MM-YYYY")
        with st.expander("Naam (alleen met vastgelegde toestemming)"):
            st.caption(
                "Zonder toestemming is de rol genoeg. Een naam wordt alleen bewaard met de datum, "
                "het doel en wie het vroeg; de grondslag is dan altijd toestemming."
            )
            st.text_input("Naam", key=_k("name"), max_chars=screen.MAX_LABEL)
            cols = st.columns(3)
            cols[0].date_input("Toestemming gegeven op", key=_k("c_date"), format="DD-MM-YYYY")
            with cols[1]:
                _choice("consent_purposes", "c_purpose", "Doel")
            cols[2].text_input("Gevraagd door (rol)", key=_k("c_by"), max_chars=screen.MAX_LABEL)
        saved = st.form_submit_button("Opslaan", type="primary", icon=":material/save:")
    if saved:
        _save(ctx)
    pid = st.session_state.get(_k("pick"), NEW)
    if pid:
        _record_actions(ctx, pid)


def _form_person(ctx: Context) -> KeyPerson:
    state = st.session_state
    pid = state.get(_k("pick"), NEW)

    def lines(key: str) -> list[str]:
        return [line.strip() for line in str(state.get(_k(key)) or "").splitlines() if line.strip()]

    links = [Link("systeem", t) for t in lines("systeem")] + [
        Link("leef", t) for t in lines("leef")
    ]
    support = []
    for i in range(SUPPORT_ROWS):
        kind = state.get(_k(f"s{i}_kind")) or ""
        label = str(state.get(_k(f"s{i}_label")) or "").strip()
        if not kind and not label:
            continue
        if not kind:
            raise UserError(f"Kies bij steun '{label}' de soort steun.")
        support.append(
            Support(
                kind,
                label,
                state.get(_k(f"s{i}_until")),
                tuple(state.get(_k(f"s{i}_domains")) or ()),
            )
        )
    name = str(state.get(_k("name")) or "").strip() or None
    consent = None
    if name and state.get(_k("c_date")):
        consent = Consent(
            state[_k("c_date")], state[_k("c_purpose")], str(state.get(_k("c_by")) or "")
        )
    return KeyPerson(
        id=pid or None,
        gemeente_code=ctx.gemeente,
        role_label=str(state.get(_k("role")) or ""),
        person_type=state[_k("type")],
        world=state[_k("world")],
        organisation_kind=state[_k("org")],
        since=state.get(_k("since")),
        areas=tuple(state.get(_k("wijken")) or ()),
        domains=tuple(state.get(_k("domains")) or ()),
        needs=tuple(state.get(_k("needs")) or ()),
        links=tuple(links),
        support=tuple(support),
        legal_basis=state[_k("basis")],
        review_date=state.get(_k("review")) or default_review_date(),
        name=name,
        consent=consent,
    )


def _save(ctx: Context) -> None:
    try:
        person = _form_person(ctx)
        pid = ctx.store.save(person, ctx.actor, finder(ctx), known_areas=set(ctx.wijken))
    except UserError as exc:
        show_error(exc)
        return
    st.session_state["kp_flash"] = f"Nr {pid} ({person.role_label.strip()}) is opgeslagen."
    st.session_state.pop(_k("role"), None)  # the form starts fresh on the next run
    st.rerun()


def _record_actions(ctx: Context, pid: int) -> None:
    """Renew after a check, or withdraw: erase the record and everything of it."""
    cols = st.columns(2)
    with cols[0]:
        if st.button("Gecontroleerd: herzieningsdatum een jaar verder", key=_k("renew")):
            new_date = ctx.store.renew(ctx.gemeente, pid, ctx.actor)
            st.session_state["kp_flash"] = f"Nr {pid} wordt herzien op {new_date:%d-%m-%Y}."
            st.session_state.pop(_k("role"), None)
            st.rerun()
    with cols[1]:
        sure = st.checkbox(
            "Ik wil deze sleutelfiguur intrekken: alles van deze persoon wordt gewist",
            key=_k(f"sure_{pid}"),
        )
        if st.button("Intrekken en wissen", key=_k("withdraw"), disabled=not sure, type="primary"):
            ctx.store.withdraw(ctx.gemeente, pid, ctx.actor)
            st.session_state["kp_flash"] = (
                f"Nr {pid} is ingetrokken en gewist. Het logboek bewaart alleen het nummer."
            )
            st.session_state.pop(_k("role"), None)
            st.rerun()


def flash() -> None:
    """The confirmation of the last save, renewal or withdrawal (once)."""
    message = st.session_state.pop("kp_flash", None)
    if message:
        st.success(md_escape(message), icon=":material/check_circle:")


# --- privacy --------------------------------------------------------------------------------------
def privacy_section(ctx: Context, people: list[KeyPerson]) -> None:
    """What is stored and why, access, retention, the audit log, and the export."""
    parts = privacy.sections(people, ctx.store.audit_frame(ctx.gemeente), access_lines())
    st.caption(
        "Voor de privacyfunctionaris: wat het register bewaart en waarom, de grondslag, "
        "bewaar- en herzieningsdatums, wie toegang heeft en het logboek. Namen staan er niet in."
    )
    for title, frame in parts.items():
        st.subheader(title)
        st.dataframe(frame, hide_index=True, width="stretch")
    name = f"sleutelfiguren-privacy-{ctx.gemeente}-{date.today():%Y%m%d}"

    def logged(make: object) -> object:
        def run() -> object:
            ctx.store.log(ctx.gemeente, ctx.actor, "export")
            return make()  # type: ignore[operator]

        return run

    cols = st.columns(3)
    cols[0].download_button(
        "Export als CSV",
        data=logged(lambda: privacy.csv_export(parts)),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[1].download_button(
        "Export als Excel",
        data=logged(lambda: privacy.excel_export(parts)),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[2].download_button(
        "Export als HTML",
        data=logged(lambda: privacy.html_export(parts, ctx.names.get(ctx.gemeente, ctx.gemeente))),
        file_name=f"{name}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )
