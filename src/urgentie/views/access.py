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
"""

from __future__ import annotations

import ipaddress

import streamlit as st

from urgentie import settings
from urgentie.views.widgets import md_escape


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


def is_local_address(address: object) -> bool:
    """True for a loopback address (``127.0.0.1``, ``::1``) and when there is no client address
    at all: Streamlit's AppTest runs the script without a browser and gives no string."""
    if not isinstance(address, str) or not address:
        return True
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def analyst_allowed() -> bool:
    """Whether this visitor may open the analyst pages (see the module docstring)."""
    if auth_configured():
        return signed_in()
    if settings.get("URGENTIE_ANALYST_ACCESS") == "netwerk":
        return True
    return is_local_address(st.context.ip_address)


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
