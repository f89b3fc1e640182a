"""Cached access to the notes database for the pages (the only Streamlit caching of notes).

The store (engine and connection pool) is one resource per database URL. The import context
holds the pseudonymiser, whose deduce lookup tables are expensive to build: it is cached as a
resource per gemeente, dataset version and name lists, so a rerun never rebuilds it. Query
results are not cached: they change with every import and correction and are fast to read.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from urgentie import settings
from urgentie.notes import importer
from urgentie.store import db
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore
from urgentie.views import loaders


@st.cache_resource(show_spinner="Database openen…")
def _store(url: str, public: bool) -> NotesStore:
    if public:
        return NotesStore(db.open_public_engine(url))
    return NotesStore.open(url)


def store() -> NotesStore:
    """The notes store of the configured database, schema created or migrated on first use.

    In public mode the database itself refuses every protected column (note texts and what can
    identify a person; :func:`urgentie.store.db.open_public_engine`).
    """
    return _store(db.database_url(), settings.get("URGENTIE_MODE") == "public")


def vote_store() -> VoteStore:
    """Sessions and votes, in the same database as the notes."""
    return VoteStore(store().engine)


@st.cache_resource(show_spinner="Pseudonimisering en codeboek voorbereiden…", max_entries=8)
def _context(
    gemeente: str, stamp: str, terms: tuple[str, ...], aliases: tuple[tuple[str, str], ...]
) -> importer.ImportContext:
    del stamp, terms, aliases  # part of the cache key only
    return importer.build_context(store(), loaders.store(), gemeente)


def import_context(gemeente: str) -> importer.ImportContext:
    """The import context of ``gemeente``, rebuilt only when its areas, the analyst's name
    list or the remembered area names change."""
    notes = store()
    years = [m.jaar for m in loaders.manifests() if m.gemeente_code == gemeente]
    stamp = loaders.saved_at(gemeente, max(years)) if years else ""
    terms = tuple(notes.pseudo_terms())
    aliases = tuple(sorted(notes.area_aliases(gemeente).items()))
    return _context(gemeente, stamp, terms, aliases)


def area_table(gemeente: str) -> pd.DataFrame:
    """Code, name and level of every area of ``gemeente`` (newest year), for pickers: gemeente,
    wijken, buurten, each by name. Made once per dataset version; never modify it."""
    years = [m.jaar for m in loaders.manifests() if m.gemeente_code == gemeente]
    if not years:
        return pd.DataFrame(columns=["code", "naam", "niveau"])
    return _area_table(gemeente, max(years), loaders.saved_at(gemeente, max(years)))


@st.cache_resource(show_spinner=False, max_entries=8)
def _area_table(gemeente: str, jaar: int, stamp: str) -> pd.DataFrame:
    del stamp  # only part of the cache key
    frame = loaders.all_attributes(gemeente, jaar)
    order = {"gemeente": 0, "wijk": 1, "buurt": 2}
    table = pd.DataFrame(frame[["code", "naam", "niveau"]]).copy()
    table["_order"] = table["niveau"].map(order)
    return table.sort_values(["_order", "naam"]).drop(columns="_order").reset_index(drop=True)
