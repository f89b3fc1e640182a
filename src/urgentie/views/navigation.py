"""Which pages exist, per mode. ``app.py`` builds ``st.navigation`` from this list."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import streamlit as st

from urgentie.settings import PROJECT_ROOT

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    section: str
    public: bool = False
    default: bool = False
    login: bool = False
    """The sign-in page: shown only when analyst pages are locked behind ``st.login``."""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/kaart.py", "Kaart", ":material/map:", "Verkennen", default=True),
    PageSpec("app_pages/wijkprofiel.py", "Wijkprofiel", ":material/analytics:", "Verkennen"),
    PageSpec(
        "app_pages/gedeelde_urgentie.py", "Gedeelde urgentie", ":material/groups:", "Verkennen"
    ),
    PageSpec("app_pages/gesprekken.py", "Gesprekken", ":material/forum:", "Verkennen"),
    PageSpec(
        "app_pages/sleutelfiguren.py", "Sleutelfiguren", ":material/diversity_3:", "Verkennen"
    ),
    PageSpec("app_pages/sessie.py", "Sessie", ":material/co_present:", "Leergemeenschap"),
    PageSpec("app_pages/stem.py", "Stem", ":material/how_to_vote:", "Leergemeenschap", public=True),
    PageSpec("app_pages/mijn_wijk.py", "Mijn wijk", ":material/home:", "Bewoners", public=True),
    PageSpec("app_pages/gegevens.py", "Gegevens", ":material/database:", "Beheer"),
    PageSpec("app_pages/inloggen.py", "Inloggen", ":material/login:", "Beheer", login=True),
)


STEM_PAGE = "app_pages/stem.py"


def visible_specs(
    mode: str, *, analyst_allowed: bool = True, sign_in: bool = False
) -> list[PageSpec]:
    """The pages a visitor may open.

    - public mode: only the resident pages;
    - analyst mode, visitor not allowed (not signed in, or not on the local computer): the
      resident pages, plus the sign-in page when sign-in is configured (``sign_in``);
    - analyst mode otherwise: everything but the sign-in page.
    """
    if mode == "public":
        return [p for p in PAGES if p.public]
    if not analyst_allowed:
        return [p for p in PAGES if p.public or (p.login and sign_in)]
    return [p for p in PAGES if not p.login]


def pages_for(
    mode: str,
    *,
    analyst_allowed: bool = True,
    sign_in: bool = False,
    session_open: bool | None = None,
) -> dict[str, list[st.Page]]:
    """Pages grouped by section, for ``st.navigation`` (see :func:`visible_specs`).

    For visitors without the analyst pages, Stem is listed only while a session is open
    (``session_open``; None asks the vote store). Otherwise it stays reachable but hidden, so a
    participant with an old link still gets the page's own message ("de stemming is dicht")
    instead of another page.
    """
    sections: dict[str, list[st.Page]] = {}
    specs = visible_specs(mode, analyst_allowed=analyst_allowed, sign_in=sign_in)
    public = mode == "public" or not analyst_allowed
    if public and session_open is None:
        session_open = _session_open()
    resident_default = not any(p.default for p in specs)
    for spec in specs:
        start = (spec.title == "Mijn wijk") if resident_default else spec.default
        page = st.Page(
            # Absolute: st.Page resolves a relative path from the main script's folder, and the
            # app must also work when a page file itself was started (app_setup.ensure_app).
            str(PROJECT_ROOT / spec.path),
            title=spec.title,
            icon=spec.icon,
            # Streamlit serves the default page at "/" only (its own path would say "Page not
            # found"); it keeps a path of its own through the hidden twin below.
            url_path=f"{url_path(spec)}_start" if start else url_path(spec),
            default=start,
            visibility=visibility(spec, public=public, session_open=bool(session_open)),
        )
        sections.setdefault(spec.section, []).append(page)
        if start:
            sections[spec.section].append(
                st.Page(
                    str(PROJECT_ROOT / spec.path),
                    title=spec.title,
                    icon=spec.icon,
                    url_path=url_path(spec),
                    visibility="hidden",
                )
            )
    return sections


def url_path(spec: PageSpec) -> str:
    """The page's own path: ``app_pages/kaart.py`` → ``kaart``."""
    return Path(spec.path).stem


def visibility(spec: PageSpec, *, public: bool, session_open: bool) -> Literal["visible", "hidden"]:
    """Whether a page is listed in the menu: in public mode Stem only while a session is open."""
    if public and spec.path == STEM_PAGE and not session_open:
        return "hidden"
    return "visible"


def _session_open() -> bool:
    """Whether any voting session is open. False whenever the database cannot tell (missing,
    unreachable, refusing): the menu must be built even when the database is down."""
    from urgentie.views import notes_data

    try:
        return notes_data.vote_store().has_open_session()
    except Exception as exc:  # the navigation may not fail: it keeps the analyst pages closed
        # One line per visit, not a traceback: a dead database would otherwise flood the log.
        LOG.warning("Open sessie niet op te vragen, Stem niet in het menu: %s", exc)
        return False
