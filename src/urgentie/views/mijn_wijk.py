"""Mijn wijk: the resident view, in plain Dutch and safe for a public site.

What this page never does: show a note text, show a count below k, rank or judge a wijk. It
reads figures from the area store and only aggregated codes from the notes database (never the
text columns), so it works in public mode.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from urgentie import settings
from urgentie.analysis import resident
from urgentie.analysis.disclosure import TOTAL
from urgentie.analysis.postcode_lookup import (
    PostcodeMatch,
    find_wijken,
    name_choice,
    parse_postcode,
)
from urgentie.analysis.resident import Fact, ThemeTable, themes
from urgentie.analysis.thresholds import K_ANONYMITY
from urgentie.canonical import NATIONAL
from urgentie.choropleth import locator_layer
from urgentie.numbers import format_number
from urgentie.sources.http import DownloadError, InvalidResponseError
from urgentie.sources.locatieserver import wijk_counts
from urgentie.store.areas import Manifest
from urgentie.store.postcodes import load_index
from urgentie.views import bootstrap, loaders, pickers, urgency_data, widgets
from urgentie.views.map import build_map
from urgentie.views.widgets import md_escape

SCOPE = "mijnwijk"


def resident_manifests() -> list[Manifest]:
    """Datasets a resident can choose: real gemeenten with wijken, newest year each."""
    newest: dict[str, Manifest] = {}
    for m in loaders.manifests():
        if m.gemeente_code == NATIONAL or not m.counts.get("wijk"):
            continue
        if m.gemeente_code not in newest or m.jaar > newest[m.gemeente_code].jaar:
            newest[m.gemeente_code] = m
    return sorted(newest.values(), key=lambda m: m.gemeente_naam)


def choose_gemeente(manifests: list[Manifest]) -> Manifest:
    """A gemeente picker in the page (residents have no sidebar) when there is more than one;
    the shared state keeps the choice."""
    code = pickers.gemeente_picker(SCOPE, manifests=manifests, hide_single=True)
    return next(m for m in manifests if m.gemeente_code == code)


def choose_wijk(areas: pd.DataFrame, gemeente: str) -> str | None:
    """The resident's wijk: by name (wijk or buurt, typos forgiven) or by postcode (every
    postcode of the gemeente, see :mod:`urgentie.analysis.postcode_lookup`). Returns a wijk
    code."""
    wijken = areas[areas["niveau"] == "wijk"].sort_values("naam")
    by_name, by_postcode = st.tabs(["Zoek op naam", "Zoek op postcode"])
    with by_postcode:
        key = f"_w_{SCOPE}_postcode"
        text = st.text_input(
            "Uw postcode",
            placeholder="bijvoorbeeld 1234 AB",
            key=key,
            help="Met de letters erbij vinden we uw wijk het preciest; de cijfers zijn genoeg.",
            on_change=_postcode_entered,
            args=(areas, gemeente, key),
        )
        outcome = st.session_state.get(OUTCOME_KEY)
        if text and parse_postcode(text) is None:
            st.warning(NOT_A_POSTCODE)
        elif text and outcome == "niet gevonden":
            st.warning(POSTCODE_NOT_FOUND)
        elif text and isinstance(outcome, PostcodeMatch):
            _postcode_answer(outcome, areas)
    with by_name:
        _choose_by_name(areas)
    code = st.session_state.get("gebied")
    return code if code in set(wijken["code"]) else None


OUTCOME_KEY = f"_{SCOPE}_postcode_uitkomst"
NOT_A_POSTCODE = (
    "Dat is geen postcode. Een postcode is vier cijfers en twee letters, zoals 1234 AB."
)
POSTCODE_NOT_FOUND = (
    "Deze postcode vinden we niet in deze gemeente. Zoek op naam, of probeer de postcode van een "
    "buur."
)
PDOK_UNREACHABLE = (
    "De PDOK Locatieserver was niet bereikbaar; we zochten alleen in de gegevens op deze computer."
)
CHOOSE_WIJK = "Deze postcode ligt in meer dan één wijk. In welke woont u?"


def _postcode_entered(areas: pd.DataFrame, gemeente: str, key: str) -> None:
    """A new postcode chooses its wijk (or asks which, when it lies in several); one that finds
    nothing clears the wijk shown before, so the page never answers a new question with the old
    wijk."""
    text = st.session_state.get(key) or ""
    st.session_state.pop(OUTCOME_KEY, None)
    if not text.strip() or parse_postcode(text) is None:
        return  # emptying the field is not a new question
    live = _live_lookup() if settings.get("URGENTIE_POSTCODE_LIVE") else None
    found = find_wijken(text, areas, _postcode_index(gemeente), live)
    if found is None:
        st.session_state.pop("gebied", None)
        st.session_state[OUTCOME_KEY] = "niet gevonden"
        return
    st.session_state[OUTCOME_KEY] = found
    if found.ambiguous:
        st.session_state.pop("gebied", None)  # the resident says which
    else:
        st.session_state["gebied"] = found.wijken[0]


def _postcode_answer(found: PostcodeMatch, areas: pd.DataFrame) -> None:
    names = dict(zip(areas["code"].astype(str), areas["naam"].astype(str), strict=False))
    if found.ambiguous:
        total = sum(found.addresses.values())

        def label(code: str) -> str:
            count = found.addresses.get(code)
            return (
                f"{names.get(code, code)} ({count} van de {total} adressen)"
                if count
                else (names.get(code, code))
            )

        chosen = st.radio(CHOOSE_WIJK, list(found.wijken), format_func=label, index=None)
        if chosen is not None and chosen != st.session_state.get("gebied"):
            st.session_state["gebied"] = chosen
            st.rerun()
    st.caption(f"Gevonden via: {found.source}.")


@st.cache_data(show_spinner=False, max_entries=16)
def _postcode_index_cached(gemeente: str, stamp: float) -> pd.DataFrame:
    del stamp  # only the cache key: a new import gives a new file time
    return load_index(gemeente)


def _postcode_index(gemeente: str) -> pd.DataFrame:
    path = settings.data_dir() / "postcodes" / f"{gemeente}.parquet"
    return _postcode_index_cached(gemeente, path.stat().st_mtime if path.exists() else 0.0)


def _live_lookup() -> Callable[[str], Counter[str]]:
    def lookup(postcode: str) -> Counter[str]:
        try:
            return wijk_counts(postcode)
        except (DownloadError, InvalidResponseError):
            st.toast(PDOK_UNREACHABLE, icon=":material/cloud_off:")
            return Counter()

    return lookup


def _choose_by_name(areas: pd.DataFrame) -> None:
    """A list of wijk and buurt names that also takes a typed name: a typo gets "Bedoelt u …?"
    (rapidfuzz), never Streamlit's English "No results"."""
    options = resident.name_options(areas)
    current = st.session_state.get("gebied")
    labels = list(options)
    index = next((i for i, k in enumerate(labels) if options[k] == current), None)
    choice = st.selectbox(
        "Uw wijk of buurt",
        labels,
        index=index,
        placeholder="Typ de naam van uw wijk of buurt",
        key=f"_w_{SCOPE}_naam_{current}",
        accept_new_options=True,
    )
    if choice is None:
        return
    kind, found = name_choice(choice, options)
    if kind == "gekozen":
        if found[0] != current:
            st.session_state["gebied"] = found[0]
            st.rerun()
        return
    if kind == "onbekend":
        st.warning(
            f"We vinden geen wijk of buurt die lijkt op ‘{md_escape(choice)}’. Kijk de naam na "
            "of zoek op postcode."
        )
        return
    st.info(f"We vinden ‘{md_escape(choice)}’ niet precies. Bedoelt u:")
    for i, label in enumerate(found):
        if st.button(md_escape(label), key=f"_{SCOPE}_bedoelt_{i}"):
            st.session_state["gebied"] = options[label]
            st.rerun()


def header(manifest: Manifest) -> None:
    st.title("Mijn wijk")
    st.write(
        "Hoe gaat het in uw wijk? Hier ziet u een paar cijfers van het CBS, vergeleken met de "
        "hele gemeente, en waar buren en professionals over praten."
    )
    if manifest.demo:
        st.info(
            "Dit is een voorbeeld met verzonnen gegevens (demo). Voorbeeldstad bestaat niet.",
            icon=":material/info:",
        )
        bootstrap.demo_notes_notice()  # what neighbours say comes from the demo's conversations


def wijk_summary(code: str, areas: pd.DataFrame) -> None:
    """Name, size and a locator map of the wijk."""
    row = areas[areas["code"] == code].iloc[0]
    st.header(md_escape(row["naam"]))
    people = row.get("inwoners")
    if pd.notna(people):
        count = format_number(round(float(people), -1), 0)
        st.write(f"In {md_escape(row['naam'])} wonen ongeveer **{count}** mensen.")


def locator_map(manifest: Manifest, areas: pd.DataFrame, code: str) -> None:
    shapes = loaders.shapes(manifest.gemeente_code, manifest.jaar, "wijk")
    if not shapes.encoded:
        return
    layer = locator_layer(shapes, areas[areas["niveau"] == "wijk"], code, demo=manifest.demo)
    st_folium(
        build_map(layer),
        key=f"{SCOPE}_kaart",
        height=320,
        use_container_width=True,
        returned_objects=[],
    )


def good_things(profile: pd.DataFrame, theme_tone: dict[str, str]) -> None:
    """What goes well first: figures clearly better than the gemeente, themes mostly positive."""
    st.subheader("Wat goed gaat")
    lines = resident.good_things(profile, theme_tone)
    if lines:
        st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
    else:
        st.write("Hier hebben we nog te weinig gegevens over.")


def figures(facts: list[Fact]) -> None:
    st.subheader("Cijfers over uw wijk")
    # One gemeente value (urgentie.analysis.reference): its own CBS figure, not a wijk mean.
    st.caption("Vergeleken met de gemeente als geheel.")
    for fact in facts:
        st.markdown(
            f"**{md_escape(fact.label)}**: {md_escape(fact.value_text)}  \n"
            f":gray[{md_escape(fact.comparison)}]"
        )


def conversation_themes(manifest: Manifest, code: str) -> ThemeTable:
    """What bewoners and professionals raise in the wijk and its buurten, suppressed below k."""
    mentions = urgency_data.mentions(manifest.gemeente_code)
    areas = loaders.all_attributes(manifest.gemeente_code, manifest.jaar)
    buurten = areas[(areas["niveau"] == "buurt") & (areas["wijk_code"] == code)]
    codes = [code, *buurten["code"].tolist()]
    return themes(mentions, codes, k=int(K_ANONYMITY.value))


def conversations(table: ThemeTable) -> None:
    """Themes from conversations as counts of people; never what anyone said."""
    st.subheader("Waar buren en professionals over praten")
    k = int(K_ANONYMITY.value)
    if table.table.hidden.all().all():
        st.write(
            "Er zijn in deze wijk nog te weinig gesprekken om iets te laten zien zonder dat "
            "iemand herkenbaar wordt."
        )
        return
    st.caption(
        f"Aantal mensen dat een onderwerp noemde in gesprekken. Minder dan {k} laten we niet "
        "zien, en soms een getal extra, zodat niemand herkenbaar is. We tonen nooit wat iemand "
        "letterlijk zei."
    )
    shown = table.display()
    visible = ~table.table.hidden[TOTAL].to_numpy()
    st.dataframe(shown[visible], hide_index=True, width="stretch")
    if not visible.all():
        st.caption("Over de andere onderwerpen spraken te weinig mensen om iets te laten zien.")


def footer(manifest: Manifest) -> None:
    st.divider()
    # The demo's period says "verzonnen demogegevens" itself; the header explains the demo.
    widgets.attribution(extra=f". Cijfers over {manifest.period or manifest.jaar}.")
