"""One error boundary around every page: a Dutch message for the user, the detail in the log.

A traceback shows server paths, library versions and sometimes data to whoever looks at the
screen, residents included. So no exception may reach Streamlit's own error display: a
:class:`~urgentie.errors.UserError` is already a Dutch explanation and is shown as is; anything
else is logged with its traceback under a short reference, and the user sees only a Dutch
message with that reference (``client.showErrorDetails`` is off as a second line of defence).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from urgentie.errors import UserError
from urgentie.views.widgets import md_escape

LOG = logging.getLogger("urgentie.pagina")

UNEXPECTED = (
    "Er ging iets mis bij het tonen van deze pagina. Probeer het opnieuw of kies een andere "
    "pagina. Blijft het gebeuren, geef dan deze foutcode door aan de beheerder: {ref}."
)


def reference() -> str:
    """A short code that links what the user saw to the logged traceback."""
    return uuid.uuid4().hex[:8]


@contextmanager
def page_errors() -> Iterator[None]:
    """Run a page; turn any exception into a Dutch message. Streamlit's own control flow
    (``st.stop``, ``st.rerun``, ``st.switch_page``) derives from BaseException and passes."""
    try:
        yield
    except UserError as exc:
        st.error(md_escape(str(exc)), icon=":material/error:")
    except Exception:
        ref = reference()
        LOG.exception("Onverwachte fout op een pagina (foutcode %s)", ref)
        st.error(UNEXPECTED.format(ref=ref), icon=":material/error:")


SETTINGS_TITLE = "Urgentiekaart kan niet starten"
SETTINGS_INTRO = (
    "Een of meer instellingen hebben een ongeldige waarde. Zolang dat zo is, toont de app geen "
    "enkele pagina: een tikfout mag nooit pagina's openzetten die afgeschermd moeten zijn."
)
SETTINGS_HINT = "Pas de instelling aan (zie docs/instellingen.md) en start de app opnieuw."


def settings_error_page(found: list[str]) -> None:
    """The only page while a setting is invalid: what is wrong, and no navigation at all."""

    def instellingen() -> None:
        st.title(SETTINGS_TITLE)
        st.write(SETTINGS_INTRO)
        for problem in found:
            st.error(md_escape(problem), icon=":material/settings:")
        st.caption(SETTINGS_HINT)

    page = st.navigation(
        [st.Page(instellingen, title="Instellingen", url_path="instellingen")],
        position="hidden",
    )
    page.run()
