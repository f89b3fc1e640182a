"""Who may see the analyst pages: everyone locally, or only signed-in users (OIDC).

When ``.streamlit/secrets.toml`` has an ``[auth]`` section (Streamlit's ``st.login``: OIDC
provider, client id and secret, redirect URI, cookie secret), the analyst pages are locked until
the user signs in. Without it the app is a local analyst tool and everything is open. The
resident pages never need a sign-in; in public mode there are no analyst pages at all.
"""

from __future__ import annotations

import streamlit as st


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


def analyst_allowed() -> bool:
    """Analyst pages are open when no sign-in is configured, or when the user signed in."""
    return not auth_configured() or signed_in()


def account_box() -> None:
    """In the sidebar: who is signed in, with a sign-out button (only with sign-in configured)."""
    if not (auth_configured() and signed_in()):
        return
    with st.sidebar:
        name = st.user.get("name") or st.user.get("email") or "ingelogd"
        st.caption(f"Ingelogd als {name}")
        st.button("Uitloggen", on_click=st.logout, icon=":material/logout:")
