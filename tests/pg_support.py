"""A throwaway PostgreSQL server for the store's tests, and the ``db_url`` fixture.

The server is the real thing: ``initdb`` + ``pg_ctl`` from the Debian package
(``/usr/lib/postgresql/*/bin``), on a free loopback port, with its socket and data in a temporary
directory, started once per test session and stopped afterwards. As root, PostgreSQL refuses to
run, so the binaries run as the ``postgres`` system user (``runuser``). Every test gets its own
fresh database. When ``DATABASE_URL_TEST`` names a server already running, that one is used.
Tests skip (with the reason) only when no PostgreSQL binaries are installed at all.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary directory; ``url(db)`` gives a psycopg URL."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="urgentie-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, user="postgres", group="postgres")
            self.root.chmod(0o700)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    def start(self) -> None:
        done = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb mislukt: {done.stderr}")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=on"
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start mislukt: {done.stderr}\n{log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Admin URL of a running PostgreSQL server (``postgres`` database)."""
    external = os.environ.get("DATABASE_URL_TEST", "").strip()
    if external:
        yield external
        return
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(
            "Geen PostgreSQL-programma's in /usr/lib/postgresql/*/bin (Debian-pakket "
            "'postgresql'); scripts/test.sh installeert ze."
        )
    cluster = ThrowawayCluster(bin_dir)
    cluster.start()
    try:
        yield cluster.url()
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server; dropped after the test."""
    name = f"urgentie_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The database URL for a store test, once for SQLite and once for real PostgreSQL.

    ``DATABASE_URL`` is set to it as well, so code that reads the setting uses the same database.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'urgentie.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("DATABASE_URL", url)
    return url
