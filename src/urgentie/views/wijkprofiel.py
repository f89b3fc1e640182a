"""The Wijkprofiel page: every indicator of one area against its gemeente, the Netherlands and
its own earlier years, grouped by domain, with "wat gaat goed" beside the concerns.

Reached from the map (the selected area is in session state) or by a shared link
(``?gebied=WK034401&jaar=2024``): :func:`urgentie.views.state.init` reads the URL on the first
run, and the page keeps the URL in step with the selection.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from urgentie import exports, profiletable
from urgentie.analysis import profile as analysis_profile
from urgentie.canonical import INDELINGSWIJZIGING, LEVEL_LABELS, NATIONAL, gemeente_of
from urgentie.domains import domain, domain_label
from urgentie.views import charts, loaders, pickers, widgets
from urgentie.views.widgets import bound_selectbox, md_escape

SCOPE = "profiel"


def no_data() -> None:
    st.info("Er zijn nog geen gegevens. Laad ze op de pagina Gegevens.")


def nothing_chosen() -> None:
    st.info("Kies een wijk of buurt, of klik op de kaart op een gebied.")
    st.page_link("app_pages/kaart.py", label="Naar de kaart", icon=":material/map:")


def areas_of(gemeente: str, jaar: int) -> pd.DataFrame:
    """The wijken and buurten of a gemeente-year (figures without boundaries)."""
    areas = loaders.all_attributes(gemeente, jaar)
    return areas[areas["niveau"].isin(["wijk", "buurt"])]


def attribution(demo: bool) -> None:
    widgets.attribution(demo)


def choose_gemeente() -> str | None:
    """The gemeente of the selected area (a link may name only the area), else the chosen one."""
    gebied = st.session_state.get("gebied")
    stored = {m.gemeente_code for m in loaders.manifests()}
    if gebied and gemeente_of(str(gebied)) in stored:
        st.session_state["gemeente"] = gemeente_of(str(gebied))
    return pickers.gemeente_in_sidebar(SCOPE)


def choose_year(gemeente: str) -> int | None:
    """The year of the figures (the shared ``jaar``; the gemeente's newest by default)."""
    return pickers.year_picker(SCOPE, gemeente)


def choose_area(areas: pd.DataFrame) -> str | None:
    """The wijk or buurt (the shared ``gebied``: the map's selection or a shared link)."""
    wijk_names = dict(
        zip(
            areas.loc[areas["niveau"] == "wijk", "code"],
            areas.loc[areas["niveau"] == "wijk", "naam"],
            strict=True,
        )
    )
    ordered = areas.sort_values(["wijk_code", "niveau", "naam"], na_position="first")
    # Wijken first, each followed by its buurten: the list reads like the gemeente's structure.
    ordered = ordered.assign(
        _wijk=ordered["code"].where(ordered["niveau"] == "wijk", ordered["wijk_code"])
    ).sort_values(["_wijk", "niveau", "naam"], key=lambda s: s.map(_sort_key))
    labels = {}
    for _, r in ordered.iterrows():
        if r["niveau"] == "wijk":
            labels[r["code"]] = f"{r['naam']} (wijk)"
        else:
            parent = wijk_names.get(r["wijk_code"], "")
            labels[r["code"]] = f"{r['naam']} (buurt{' in ' + parent if parent else ''})"
    within = st.session_state.get("binnen_wijk")
    if st.session_state.get("gebied") is None and within in labels:
        # The map drilled into this wijk's buurten without choosing one: the wijk is still what
        # the user is looking at, so its profile opens instead of "Kies een wijk of buurt".
        st.session_state["gebied"] = within
    return bound_selectbox(
        "Wijk of buurt",
        list(labels),
        "gebied",
        SCOPE,
        format_func=lambda c: labels.get(c, c),
        allow_none=True,
        placeholder="Typ een naam of kies uit de lijst",
    )


def _sort_key(value: object) -> object:
    if value == "wijk":
        return "0"
    if value == "buurt":
        return "1"
    return str(value).lower()


def profile(
    code: str, gemeente: str, jaar: int, years: list[int]
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The normalised profile table and the strengths and concerns as sentences."""
    by_year = {y: loaders.all_attributes(gemeente, y) for y in sorted(years) if y <= jaar}
    raw = analysis_profile.profile_table(code, by_year, loaders.national(jaar))
    table = profiletable.normalise(raw)
    strengths = profiletable.lines(analysis_profile.strengths(raw), table)
    concerns = profiletable.lines(analysis_profile.concerns(raw), table)
    return table, strengths, concerns


def cached_profile(
    code: str, gemeente: str, jaar: int
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """:func:`profile` of one area and year, computed once per version of the data it reads
    (the gemeente's years up to ``jaar`` and the Netherlands of ``jaar``)."""
    years = pickers.years_of(gemeente)
    stamp = "|".join(
        [
            *(loaders.saved_at(gemeente, y) for y in years if y <= jaar),
            loaders.saved_at(NATIONAL, jaar),
        ]
    )
    return _profile(code, gemeente, int(jaar), tuple(years), stamp)


@st.cache_data(show_spinner="Profiel berekenen…", max_entries=64)
def _profile(
    code: str, gemeente: str, jaar: int, years: tuple[int, ...], stamp: str
) -> tuple[pd.DataFrame, list[str], list[str]]:
    del stamp  # only part of the cache key
    return profile(code, gemeente, jaar, list(years))


def header(row: pd.Series, jaar: int, demo: bool) -> None:
    level = LEVEL_LABELS.get(str(row["niveau"]), "")
    badge = " :orange-badge[demo]" if demo else ""
    st.header(f"{md_escape(row['naam'])}{badge}")
    st.caption(f"{level} in {md_escape(row['gemeente_naam'])} · {row['code']} · {jaar}")


def boundary_notes(row: pd.Series, table: pd.DataFrame) -> None:
    value = row.get("indelingswijziging")
    # Missing is pd.NA for an area from a GeoJSON, whose truth value is an error, not False.
    change = "" if value is None or pd.isna(value) else str(value).strip().removesuffix(".0")
    if change in {"2", "3"}:
        st.warning(
            f"Indeling: {INDELINGSWIJZIGING[change]} ten opzichte van vorig jaar. "
            "Vergelijk eerdere jaren met voorzichtigheid."
        )
    elif table["grens_gewijzigd"].any() or bool(row.get("gebiedsindeling_gewijzigd", False)):
        st.warning("De grens van dit gebied is veranderd; eerdere jaren zijn niet helemaal gelijk.")
    older = table[table["peiljaar"].notna() & (table["peiljaar"] < row.get("jaar", 0))]
    if len(older):
        years = ", ".join(str(int(y)) for y in sorted(older["peiljaar"].unique()))
        st.info(
            f"{len(older)} cijfers zijn ouder dan {row.get('jaar')} (cijfers van {years}): CBS "
            "publiceert die pas later. Ze staan met hun jaar in de tabel.",
            icon=":material/history:",
        )


def strengths_and_concerns(strengths: list[str], concerns: list[str]) -> None:
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.subheader(":green[Wat gaat goed]")
        _bullets(strengths, "Geen indicator is duidelijk beter dan in de gemeente.")
    with right, st.container(border=True):
        st.subheader(":red[Aandachtspunten]")
        _bullets(concerns, "Geen indicator is duidelijk slechter dan in de gemeente.")


def _bullets(items: list[str], empty: str) -> None:
    if not items:
        st.write(empty)
        return
    st.markdown("\n".join(f"- {md_escape(item)}" for item in items))


def domains(table: pd.DataFrame, name: str, jaar: int, national: bool) -> None:
    present = profiletable.domains_in(table)
    if not present:
        st.info("Voor dit gebied zijn geen cijfers bekend (geheim of onbekend).")
        return
    tabs = st.tabs([domain_label(d) for d in present])
    for tab, key in zip(tabs, present, strict=True):
        with tab:
            part = table[table["domain"] == key]
            st.caption(domain(key).description)
            known = part[part["value"].notna() | part["gemeente"].notna()]
            left, right = st.columns([3, 2])
            with left:
                bars = profiletable.bar_rows(known)
                st.plotly_chart(
                    charts.domain_bars(bars, area_name=html.escape(name), national=national),
                    config=charts.CONFIG,
                    key=f"profiel_bars_{key}",
                )
            with right:
                trend = charts.trend_lines(profiletable.trend_rows(known), jaar)
                if trend is not None:
                    st.markdown("**Door de jaren heen**")
                    st.plotly_chart(trend, config=charts.CONFIG, key=f"profiel_trend_{key}")
            st.dataframe(
                profiletable.display_table(part, national=national),
                hide_index=True,
                width="stretch",
            )


def downloads(
    row: pd.Series,
    jaar: int,
    table: pd.DataFrame,
    strengths: list[str],
    concerns: list[str],
    *,
    national: bool,
    demo: bool,
) -> None:
    base = f"wijkprofiel_{row['code']}_{jaar}"
    subtitle = (
        f"{LEVEL_LABELS.get(str(row['niveau']), '')} in {row['gemeente_naam']} · "
        f"{row['code']} · {jaar}"
    )
    cols = st.columns(3)
    widgets.table_downloads(
        profiletable.export_table(table),
        base,
        str(row["naam"]),
        [subtitle],
        what="Profiel",
        sheet="Wijkprofiel",
        demo=demo,
        columns=cols[:2],
    )
    cols[2].download_button(
        "Afdrukbare pagina (HTML)",
        data=lambda: exports.profile_html(
            profiletable.printable(
                str(row["naam"]),
                subtitle,
                table,
                strengths,
                concerns,
                national=national,
                demo=demo,
            )
        ).encode("utf-8"),
        file_name=f"{base}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/print:",
    )
