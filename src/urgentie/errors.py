"""Errors whose message is meant for the user: Dutch, specific, and safe to show as is."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or an unavailable service, explained in Dutch. The CLI prints it without a
    traceback and exits non-zero; pages show it with ``st.error``."""
