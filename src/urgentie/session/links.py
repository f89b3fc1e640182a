"""The join link of a session and its QR code, made on this machine (no QR web service).

Phones in the room must reach the facilitator's server. When the facilitator opened the app
as ``localhost``, that address means "this phone" on a phone; :func:`reachable_base` then
offers the laptop's address in the local network instead, and the page says so.
"""

from __future__ import annotations

import io
import ipaddress
import socket
from urllib.parse import quote, urlsplit, urlunsplit

import segno

STEM_PATH = "stem"
"""URL path of the Stem page (``st.Page`` derives it from ``app_pages/stem.py``)."""

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def app_base(page_url: str, page_path: str = "sessie") -> str:
    """The app's root URL from the URL of one of its pages (no trailing slash).

    ``http://host:8501/sessie`` → ``http://host:8501``; a ``baseUrlPath`` in front stays
    (``https://host/urgentie/sessie`` → ``https://host/urgentie``).
    """
    parts = urlsplit(page_url.strip())
    path = parts.path.rstrip("/")
    if path.rsplit("/", 1)[-1] == page_path:
        path = path.rsplit("/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def join_url(base: str, code: str) -> str:
    """The URL a participant opens: ``<base>/stem?sessie=CODE``."""
    return f"{base.rstrip('/')}/{STEM_PATH}?sessie={quote(code.strip().upper())}"


def is_local_only(url: str) -> bool:
    """True when ``url`` names this machine only (localhost, 127.x, ::1, 0.0.0.0)."""
    host = (urlsplit(url).hostname or "").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def lan_address() -> str | None:
    """This machine's address in the local network, or None when it has none.

    Connecting a UDP socket sends nothing; it only asks the operating system which interface
    it would use, which works offline as long as a network is configured.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.254.254.254", 1))
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if ipaddress.ip_address(address).is_loopback else address


def with_host(url: str, host: str) -> str:
    """``url`` with its host replaced (the port, path and scheme stay)."""
    parts = urlsplit(url)
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def reachable_base(base: str, lan: str | None) -> tuple[str, bool]:
    """A base URL that phones can open, and whether it was changed from ``base``.

    A public base (a real host name or network address) is kept. A local-only base is moved to
    ``lan`` when there is one; otherwise it is returned unchanged (the page warns).
    """
    if is_local_only(base) and lan:
        return with_host(base, lan), True
    return base, False


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """A QR code of ``url`` as PNG bytes (error correction M, quiet zone of four modules)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()
