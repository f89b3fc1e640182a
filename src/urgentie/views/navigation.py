"""Which pages exist, per mode. ``app.py`` builds ``st.navigation`` from this list."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    section: str
    public: bool = False
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/kaart.py", "Kaart", ":material/map:", "Verkennen", default=True),
    PageSpec("pages/wijkprofiel.py", "Wijkprofiel", ":material/analytics:", "Verkennen"),
    PageSpec("pages/gedeelde_urgentie.py", "Gedeelde urgentie", ":material/groups:", "Verkennen"),
    PageSpec("pages/gesprekken.py", "Gesprekken", ":material/forum:", "Verkennen"),
    PageSpec("pages/sessie.py", "Sessie", ":material/co_present:", "Leergemeenschap"),
    PageSpec("pages/stem.py", "Stem", ":material/how_to_vote:", "Leergemeenschap", public=True),
    PageSpec("pages/mijn_wijk.py", "Mijn wijk", ":material/home:", "Bewoners", public=True),
    PageSpec("pages/gegevens.py", "Gegevens", ":material/database:", "Beheer"),
)


def pages_for(mode: str) -> dict[str, list[st.Page]]:
    """Pages grouped by section; public mode gets only the resident pages."""
    sections: dict[str, list[st.Page]] = {}
    public = mode == "public"
    specs = [p for p in PAGES if p.public] if public else list(PAGES)
    for spec in specs:
        page = st.Page(
            spec.path,
            title=spec.title,
            icon=spec.icon,
            default=(spec.title == "Mijn wijk") if public else spec.default,
        )
        sections.setdefault(spec.section, []).append(page)
    return sections
