"""One stable participant id per phone and session, without knowing who holds the phone.

A browser gets a random token (:func:`new_token`) that the Stem page keeps in a cookie. The vote
store never sees the token itself, only :func:`participant_id`: a hash of the token *and* the
session code. So one phone is one participant within a session (voting again replaces its vote),
while the ids of one phone in two sessions cannot be linked to each other.
"""

from __future__ import annotations

import hashlib
import re
import secrets

COOKIE_NAME = "urgentie_apparaat"
COOKIE_MAX_AGE = 365 * 24 * 3600
"""A year: a community centre's session series should see the same phone as the same voter."""

_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")


def new_token() -> str:
    """A fresh random device token (URL-safe, 128 bits of randomness, 22 characters)."""
    return secrets.token_urlsafe(16)


def valid_token(value: object) -> str | None:
    """``value`` when it looks like a token this module made, else None.

    A cookie is user input: anything else (empty, too short, other characters) is ignored and
    a new token is made, so nothing odd ever reaches the script that writes the cookie.
    """
    if isinstance(value, str) and _TOKEN.fullmatch(value):
        return value
    return None


def participant_id(token: str, session_id: str) -> str:
    """The id a vote is stored under: 32 hex characters of SHA-256 over session and token."""
    if valid_token(token) is None:
        raise ValueError("geen geldig apparaattoken")
    digest = hashlib.sha256(f"urgentie-stem|{session_id.strip().upper()}|{token}".encode())
    return digest.hexdigest()[:32]


def cookie_script(token: str) -> str:
    """A ``<script>`` that stores ``token`` in the browser's cookie for the whole app.

    Only a validated token is written (it has no quote or semicolon to escape from the string).
    ``SameSite=Lax`` keeps the cookie to this site; it is not ``HttpOnly`` because JavaScript
    sets it, and it holds nothing but the random token.
    """
    if valid_token(token) is None:
        raise ValueError("geen geldig apparaattoken")
    return (
        "<script>document.cookie = "
        f'"{COOKIE_NAME}={token}; Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax";</script>'
    )
