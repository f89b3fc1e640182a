"""Proof by attack: the real server, a client that is not local, and every situation in which
access control used to fail open (issue 9).

The server is ``streamlit run app.py`` bound to ``::`` (all addresses, dual-stack). The remote
client runs in a network namespace the test creates (``ip netns``, a veth pair: the server sees
``10.x.y.2``); without root or ``ip netns`` the tests skip (test traffic never leaves the
machine's own loopback and the test's own namespace). The client is ``attack_client.py``:
a Streamlit WebSocket client without a browser that records everything the server sends, and
fetches every ``/media`` file it mentions.

Each test asserts that no analyst page (title or menu entry) and no note text reaches the
remote client, and — as the control that the check can fail — that the local analyst at
``http://127.0.0.1`` and ``http://[::1]`` does get them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from browser_support import ROOT, free_port, wait_healthy

from urgentie.browser_bench import streamlit_command
from urgentie.views.navigation import PAGES

pytestmark = pytest.mark.attack

CLIENT = Path(__file__).with_name("attack_client.py")
ANALYST_SPECS = [p for p in PAGES if not p.public and not p.login]
ANALYST_PATHS = {p.path.removeprefix("app_pages/").removesuffix(".py") for p in ANALYST_SPECS}
ANALYST_TITLES = {p.title for p in ANALYST_SPECS}
VISITS = ["", *sorted(ANALYST_PATHS), "mijn_wijk", "inloggen", "pages/gesprekken"]
DEAD_DATABASE = "postgresql+psycopg://urgentie@127.0.0.1:9/urgentie"


@dataclass
class Network:
    """How the remote client reaches the server: the address it dials, the command prefix."""

    server_address: str
    prefix: list[str] = field(default_factory=list)
    how: str = ""


def _ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def network() -> Iterator[Network]:
    """A network namespace with a veth pair that the test makes (root); skipped otherwise."""
    if os.geteuid() == 0 and shutil.which("ip"):
        tag = os.getpid() % 50_000
        ns, host_if, ns_if = f"urg{tag}", f"urgh{tag}", f"urgc{tag}"
        net = f"10.{200 + tag % 50}.{tag // 50 % 250}"
        steps = [
            ("netns", "add", ns),
            ("link", "add", host_if, "type", "veth", "peer", "name", ns_if),
            ("link", "set", ns_if, "netns", ns),
            ("addr", "add", f"{net}.1/30", "dev", host_if),
            ("link", "set", host_if, "up"),
            ("-n", ns, "addr", "add", f"{net}.2/30", "dev", ns_if),
            ("-n", ns, "link", "set", ns_if, "up"),
            ("-n", ns, "link", "set", "lo", "up"),
        ]
        failed = next((r for step in steps if (r := _ip(*step)).returncode != 0), None)
        if failed is None:
            try:
                yield Network(f"{net}.1", ["ip", "netns", "exec", ns], f"netns {ns}")
            finally:
                _ip("link", "del", host_if)
                _ip("netns", "del", ns)
            return
        _ip("link", "del", host_if)
        _ip("netns", "del", ns)
    # Only a namespace the test made itself: never this machine's own LAN address, which
    # would send test traffic outside the loopback range.
    pytest.skip(
        "geen netwerknaamruimte (root en 'ip netns' nodig): een client die niet lokaal is, kan "
        "niet worden nagebootst"
    )


def client(prefix: list[str], base: str, pages: list[str], agent: bool = False) -> dict:
    """Run attack_client.py (in the namespace when ``prefix`` says so); its JSON result."""
    command = [*prefix, sys.executable, str(CLIENT), *(["--agent"] if agent else []), base, *pages]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def note_texts(data_dir: Path) -> list[str]:
    """The stored note texts (what must never reach a remote client), as 40-character probes."""
    path = data_dir / "urgentie.sqlite"
    if not path.exists():
        return []
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT text FROM notes").all()
    except sa.exc.OperationalError:
        rows = []
    finally:
        engine.dispose()
    return [r[0][:40] for r in rows if r[0] and len(r[0]) >= 40]


def assert_nothing_leaked(result: dict, texts: list[str]) -> None:
    for page, seen in result.items():
        assert not set(seen["pages"]) & ANALYST_TITLES, (page, seen["pages"])
        assert not set(seen["titles"]) & ANALYST_TITLES, (page, seen["titles"])
        leaked = [t for t in texts if t in seen["text"]]
        assert leaked == [], (page, leaked[:3])


@pytest.fixture
def server(data_dir: Path, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """``start(**env) -> port``: the app on ``::``, reachable from the remote client.

    The server's output goes to a file (a pipe nobody reads would fill up and stall it); it is
    stopped by its own process id when the test ends.
    """
    processes: list[subprocess.Popen] = []
    logs: list[object] = []

    def start(**env: str) -> str:
        port = free_port()
        log = (tmp_path / f"server-{port}.log").open("w")
        logs.append(log)
        process = subprocess.Popen(
            streamlit_command(port, "::", watch_files=True),
            cwd=ROOT,
            env={
                **os.environ,
                "URGENTIE_DATA_DIR": str(data_dir),
                "URGENTIE_DEMO": "off",
                "PYTHONPATH": str(ROOT / "src"),
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        wait_healthy(f"http://127.0.0.1:{port}", process)
        return str(port)

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    for log in logs:
        log.close()  # type: ignore[attr-defined]


SITUATIONS = [
    ("normaal", {}),
    ("openbare modus", {"URGENTIE_MODE": "public"}),
    ("tikfout modus", {"URGENTIE_MODE": "publiek"}),
    ("tikfout toegang", {"URGENTIE_ANALYST_ACCESS": "local"}),
    ("tikfout demo", {"URGENTIE_DEMO": "uit"}),
    ("dode database", {"DATABASE_URL": DEAD_DATABASE}),
    ("dode database openbaar", {"DATABASE_URL": DEAD_DATABASE, "URGENTIE_MODE": "public"}),
    ("agent-API aan", {"STREAMLIT_SERVER_ENABLE_AGENT_API": "true"}),
]


@pytest.mark.parametrize(("name", "env"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_a_remote_client_gets_no_analyst_page_and_no_note_text(
    demo_data: Path, server: Callable[..., str], network: Network, name: str, env: dict
) -> None:
    texts = note_texts(demo_data)
    assert len(texts) > 50  # the demo's notes are there to be stolen
    port = server(**env)
    result = client(network.prefix, f"http://{network.server_address}:{port}", VISITS)
    assert_nothing_leaked(result, texts)
    print(f"{name}: {len(VISITS)} bezoeken via {network.how}, {len(texts)} teksten, 0 gelekt")
    if "STREAMLIT_SERVER_ENABLE_AGENT_API" in env:
        # Without a browser there is no client address at all: not local, even from here.
        for prefix, host in ((network.prefix, network.server_address), ([], "127.0.0.1")):
            calls = client(prefix, f"http://{host}:{port}", VISITS, agent=True)
            assert any(c["status"] == 200 for c in calls.values()), calls  # the API is on
            for page, call in calls.items():
                assert not [t for t in texts if t in call["text"]], page
                assert not [t for t in ANALYST_TITLES if f'"{t}"' in call["text"]], page


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]"])
def test_the_local_analyst_gets_the_analyst_pages(
    demo_data: Path, server: Callable[..., str], host: str
) -> None:
    """The control: the same client, from this computer, gets what the remote one may not."""
    texts = note_texts(demo_data)
    port = server()
    result = client([], f"http://{host}:{port}", ["gesprekken", "gegevens"])
    assert result["gesprekken"]["titles"] == ["Gesprekken"]
    assert set(result["gesprekken"]["pages"]) >= ANALYST_TITLES
    assert result["gegevens"]["titles"] == ["Gegevens"]
    assert any(t in result["gesprekken"]["text"] for t in texts)  # the texts are on the page


def test_first_start_on_an_empty_data_folder_leaks_nothing(
    data_dir: Path, server: Callable[..., str], network: Network
) -> None:
    """The demo is built by the first visitor's run; a remote client keeps asking for analyst
    pages all through the build and the import of the demo notes."""
    port = server(URGENTIE_DEMO="auto")
    base = f"http://{network.server_address}:{port}"
    results = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        results.append(client(network.prefix, base, ["gesprekken", "gegevens", ""]))
        if len(note_texts(data_dir)) > 50 and len(results) > 2:
            break
    texts = note_texts(data_dir)  # whatever was imported by the end was there to be taken
    for result in results:
        assert_nothing_leaked(result, texts)
    assert len(results) >= 2
    print(f"eerste start: {len(results)} rondes via {network.how}, {len(texts)} teksten")
