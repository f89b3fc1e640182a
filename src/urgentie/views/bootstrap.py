"""Work done once per server process before the first page renders."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from urgentie import assets, settings
from urgentie.errors import UserError
from urgentie.store import db
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore
from urgentie.views.widgets import md_escape

LOG = logging.getLogger(__name__)


def no_external_ip_lookup() -> None:
    """Never let Streamlit ask checkip.amazonaws.com for this machine's external address.

    Besides the start message (prevented by ``browser.serverAddress`` in
    ``.streamlit/config.toml``), Streamlit looks it up when a browser connects from an origin
    that is neither localhost nor the machine's network address (a reverse proxy's name, a
    phone that uses ``laptop.local``). An empty answer, cached where Streamlit caches its own,
    matches no origin, so such a browser is judged on the configured origins alone.
    """
    from streamlit import net_util

    net_util._external_ip = ""  # Streamlit offers no setting for this lookup


@st.cache_resource(show_spinner="Urgentiekaart voorbereiden…")
def ensure_ready() -> str:
    """Copy Leaflet into ``static/`` and create the demo gemeente when no data is stored.

    Returns a short Dutch status line. Cached as a resource, so it runs once per process. The
    demo's conversation notes follow in the background (:func:`demo_notes_job`): pseudonymising
    them needs deduce's lookup tables, which take minutes to build on a fresh machine, and the
    map must not wait for that.
    """
    assets.install_leaflet()
    no_external_ip_lookup()
    store = AreaStore()
    status = "Gegevens gevonden."
    if settings.get("URGENTIE_DEMO") != "off" and not store.has_data():
        from urgentie.demo import ensure_demo

        ensure_demo(store)
        status = "Demogemeente Voorbeeldstad aangemaakt."
    return status


@contextmanager
def _import_store() -> Iterator[NotesStore]:
    """A store with the rights to import, for the demo notes only, closed afterwards.

    Not :func:`notes_data.store`: in public mode that one may not even read the import batches.
    The demo is the app's own preparation, not page code; on PostgreSQL in public mode the role
    cannot write notes, and the job reports that in Dutch.
    """
    notes = NotesStore.open()
    try:
        yield notes
    finally:
        notes.engine.dispose()


def start_demo_notes() -> None:
    """Start the demo notes job now (first start), unless the database is unavailable: the page
    must still open; the analyst pages say what is wrong when they need the database."""
    try:
        demo_notes_job()
    except Exception as exc:  # retried on the next run (a failed resource is not cached)
        LOG.warning("Demogesprekken nog niet gestart: %s", exc)


@dataclass
class DemoNotesJob:
    """The background import of the demo's notes: running, finished, or failed (Dutch)."""

    running: bool = False
    error: str = ""
    imported: int = 0

    def run(self) -> None:
        from urgentie.demo.conversations import ensure_demo_notes

        try:
            with _import_store() as notes:
                report = ensure_demo_notes(AreaStore(), notes)
            self.imported = report.accepted if report else 0
        except UserError as exc:
            self.error = str(exc)
        except Exception as exc:  # a background thread must report its failure, not vanish
            self.error = f"De demogesprekken konden niet worden geladen: {exc}"
        finally:
            self.running = False


@st.cache_resource
def demo_notes_job() -> DemoNotesJob:
    """Start importing the demo notes in a thread when they are pending (once per process)."""
    from urgentie.demo.conversations import demo_notes_pending

    job = DemoNotesJob()
    if settings.get("URGENTIE_DEMO") == "off":
        return job
    if settings.get("URGENTIE_MODE") == "public" and not db.database_url().startswith("sqlite"):
        # On PostgreSQL public mode connects as a read-only role; the analyst app imports.
        return job
    with _import_store() as notes:
        pending = demo_notes_pending(AreaStore(), notes)
    if pending:
        job.running = True
        threading.Thread(target=job.run, name="demo-notes", daemon=True).start()
    return job


WAIT_SECONDS = 3
"""How often a waiting page looks whether the demo's conversations are ready."""

PREPARING = (
    "De gesprekken van de demogemeente worden nog voorbereid: ze worden eerst "
    "gepseudonimiseerd. De eerste keer op een nieuwe computer duurt dat enkele minuten. "
    "Wat op gesprekken en stemmen rust, verschijnt hier vanzelf zodra ze klaar zijn."
)


def demo_notes_notice() -> None:
    """Tell the user that the demo notes are still being prepared (or that it failed); while
    they are, the notice looks every :data:`WAIT_SECONDS` seconds and reloads the page's data
    itself when they are ready — no "ververs de pagina" needed."""
    job = demo_notes_job()
    if job.running:
        _waiting()
    elif job.error:
        st.warning(md_escape(job.error))


@st.fragment(run_every=WAIT_SECONDS)
def _waiting() -> None:
    job = demo_notes_job()
    if job.running:
        st.info(PREPARING, icon=":material/hourglass_top:")
        return
    # Ready: everything computed without the notes (evidence, stories) is stale.
    st.cache_data.clear()
    from urgentie.views import urgency_data

    urgency_data.clear()
    st.rerun(scope="app")
