"""Nothing phones home: a started server, with pages visited in a real browser, makes no
connection outside the machine and looks up no outside name.

The server runs with a socket guard (a ``sitecustomize`` module the test writes on the server's
``PYTHONPATH``) that records every DNS lookup of a non-local name and every TCP connect to a
non-loopback address into a file. UDP "connects" (Streamlit and the session page use one to
learn the machine's own network address) send no packet and are not recorded. Streamlit, left
alone, looks up ``checkip.amazonaws.com`` at every headless start; the project's config and
start-up prevent that.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import ROOT

GUARD = """
import ipaddress
import os
import socket

_LOG = os.environ.get("URGENTIE_SOCKET_LOG")


def _local(host):
    host = str(host).strip("[]")
    if host in ("localhost", "", "0.0.0.0", "::"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _record(kind, target):
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(f"{kind} {target}\\n")


if _LOG:
    _connect, _connect_ex, _getaddrinfo = (
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
    )

    def _outside(sock, address):
        return (
            sock.family in (socket.AF_INET, socket.AF_INET6)
            and sock.type == socket.SOCK_STREAM
            and not _local(address[0])
        )

    def connect(self, address):
        if _outside(self, address):
            _record("connect", address)
        return _connect(self, address)

    def connect_ex(self, address):
        if _outside(self, address):
            _record("connect", address)
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _local(host):
            _record("dns", host)
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
"""

PAGES = ("/", "/mijn_wijk", "/gedeelde_urgentie", "/wijkprofiel", "/sessie", "/gesprekken")


@pytest.mark.browser
def test_the_server_makes_no_outside_connection(
    demo_data: Path, running_app, offline_page, tmp_path: Path
) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "sockets.log"
    url = running_app(
        "0.0.0.0",  # every interface, as a server for the phones in a session runs
        PYTHONPATH=f"{guard}:{ROOT / 'src'}",
        URGENTIE_SOCKET_LOG=str(log),
        # Headless on every interface as in production: Streamlit would then print its
        # "External URL" after asking checkip.amazonaws.com.
    )
    page = offline_page(1440, 900)
    for path in PAGES:
        page.goto(url + path)
        page.locator("[data-testid=stMainBlockContainer]").wait_for(timeout=60_000)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
        )
    page.wait_for_timeout(1500)
    assert log.parent.exists()
    recorded = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    assert recorded == [], f"de server ging naar buiten: {recorded}"
    assert page.blocked == []


def test_streamlit_never_looks_up_the_external_address(monkeypatch) -> None:
    from streamlit import net_util

    from urgentie.views.bootstrap import no_external_ip_lookup

    asked: list[str] = []
    monkeypatch.setattr(net_util, "_external_ip", None)
    monkeypatch.setattr(
        net_util, "_make_blocking_http_get", lambda url, timeout=5: asked.append(url)
    )
    no_external_ip_lookup()
    assert net_util.get_external_ip() == ""  # matches no browser origin
    assert asked == []


def test_the_config_names_the_server_address_so_a_start_asks_nobody() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["headless"] is True
    assert config["browser"]["serverAddress"] == "localhost"
    assert config["browser"]["gatherUsageStats"] is False
