"""Who may see the analyst pages.

- With an ``[auth]`` section in ``.streamlit/secrets.toml`` (Streamlit's ``st.login``: OIDC
  provider, client id and secret, redirect URI, cookie secret): only signed-in users.
- Without it, by default only the computer the app runs on (``URGENTIE_ANALYST_ACCESS=lokaal``).
  A facilitator's laptop serves the projector and the participants' phones at once: the phones
  reach the same server over the network and must get only Mijn wijk and Stem, never the notes.
- ``URGENTIE_ANALYST_ACCESS=netwerk`` opens the analyst pages to everyone who reaches the server
  (an internal gemeente server without sign-in). Behind a reverse proxy every visitor looks local:
  configure ``[auth]`` there.

The resident pages never need a sign-in; in public mode there are no analyst pages at all.

Every check here fails closed: a visitor is local only when the server reports a loopback
address (``::ffff:127.0.0.1`` counts: a dual-stack server reports IPv4 that way). No address at
all (Streamlit's agent API, a proxy, anything unexpected) is *not* local, and any error while
deciding means "not allowed".
"""

from __future__ import annotations

import ipaddress
import logging

import streamlit as st

from urgentie import settings
from urgentie.views.widgets import md_escape

LOG = logging.getLogger(__name__)


def auth_configured() -> bool:
    """Whether an ``[auth]`` section is configured in Streamlit's secrets."""
    try:
        return bool(st.secrets.get("auth"))
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def signed_in() -> bool:
    """Whether the current user signed in through ``st.login``."""
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # st.user is unavailable without an auth configuration
        return False


def client_address() -> str | None:
    """The visitor's IP address as the server's socket saw it, or None when there is none.

    Not ``st.context.ip_address``: that one reports ``None`` for ``127.0.0.1`` and ``::1``
    (Streamlit's "local development"), exactly as it does for a caller of the agent API, who
    has no address at all — so None cannot mean "local". The raw address of the session's
    client is read instead (a private Streamlit function, pinned version; should it vanish,
    the answer is None and the app fails closed: the analyst must then sign in or use
    ``netwerk``, a network visitor still gets nothing more).
    """
    try:
        from streamlit.runtime.context import _get_client_context

        context = _get_client_context()
        address = getattr(context, "remote_ip", None) if context is not None else None
    except Exception:  # no runtime, no session: no address
        return None
    return address if isinstance(address, str) and address else None


def is_local_address(address: object) -> bool:
    """True only for a loopback address: ``127.0.0.0/8``, ``::1`` and IPv4-mapped loopback
    (``::ffff:127.0.0.1``). No address, or anything that is not an address, is not local."""
    if not isinstance(address, str) or not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def analyst_allowed() -> bool:
    """Whether this visitor may open the analyst pages (see the module docstring).

    Any error while deciding (a broken secrets file, an unreadable setting) refuses.
    """
    try:
        if auth_configured():
            return signed_in()
        if settings.get("URGENTIE_ANALYST_ACCESS") == "netwerk":
            return True
        return is_local_address(client_address())
    except Exception:  # fail closed: whatever went wrong, the visitor gets the public pages
        LOG.exception("Toegang kon niet worden bepaald; alleen de openbare pagina's getoond")
        return False


def user_name() -> str | None:
    """The signed-in user's name or e-mail (who coded what), or None without sign-in."""
    if not (auth_configured() and signed_in()):
        return None
    name = st.user.get("name") or st.user.get("email")
    return str(name) if name else None


def account_box() -> None:
    """In the sidebar: who is signed in, with a sign-out button (only with sign-in configured)."""
    if not (auth_configured() and signed_in()):
        return
    with st.sidebar:
        name = st.user.get("name") or st.user.get("email") or "ingelogd"
        st.caption(f"Ingelogd als {md_escape(name)}")
        st.button("Uitloggen", on_click=st.logout, icon=":material/logout:")
