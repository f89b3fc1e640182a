"""Access fails closed (AppTest): typos, unknown or remote addresses and a dead database never
open an analyst page; an unexpected error shows a Dutch message, never a traceback.

The same situations against a real server and a real network client: ``test_attack_server.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import as_read, open_page

from urgentie.views import access, error_boundary
from urgentie.views.navigation import PAGES

ANALYST_PAGES = [
    p.path.removeprefix("app_pages/").removesuffix(".py")
    for p in PAGES
    if not p.public and not p.login
]
DEAD_DATABASE = "postgresql+psycopg://urgentie@127.0.0.1:9/urgentie"
"""Port 9 (discard) on loopback: nothing listens, the connection is refused at once."""


def titles(app: object) -> list[str]:
    return [t.value for t in app.title]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("env", "value"),
    [
        ("URGENTIE_MODE", "publiek"),  # Dutch for public: the typo settings.py warns about
        ("URGENTIE_MODE", "analist"),
        ("URGENTIE_ANALYST_ACCESS", "local"),  # English for lokaal
        ("URGENTIE_ANALYST_ACCESS", "iedereen"),
        ("URGENTIE_DEMO", "uit"),
        ("URGENTIE_HTTP_TIMEOUT", "dertig"),
        ("URGENTIE_MAX_ROWS", "veel"),
    ],
)
@pytest.mark.parametrize("visitor", ["127.0.0.1", "192.168.1.23"])
def test_a_settings_typo_shows_only_the_error_page(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, env: str, value: str, visitor: str
) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    monkeypatch.setenv(env, value)
    monkeypatch.setattr(access, "client_address", lambda: visitor)
    for page in ("gesprekken", "gegevens", "mijn_wijk"):
        app = open_page(page)
        assert not app.exception
        assert titles(app) == [error_boundary.SETTINGS_TITLE]
        assert any(env in as_read(e.value) for e in app.error), [e.value for e in app.error]


@pytest.mark.parametrize("address", ["192.168.1.23", "::ffff:10.0.0.5", None, ""])
@pytest.mark.parametrize("page", ANALYST_PAGES)
def test_a_visitor_not_proven_local_gets_the_resident_page(
    demo_areas_data: Path, monkeypatch: pytest.MonkeyPatch, address: str | None, page: str
) -> None:
    monkeypatch.setattr(access, "client_address", lambda: address)
    app = open_page(page)
    assert not app.exception
    assert titles(app)[:1] == ["Mijn wijk"]


def test_ipv4_mapped_loopback_is_the_analyst(
    demo_areas_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "client_address", lambda: "::ffff:127.0.0.1")
    assert titles(open_page("gegevens"))[:1] == ["Gegevens"]


def test_an_error_while_deciding_access_refuses(
    demo_areas_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> str:
        raise RuntimeError("kapot")

    monkeypatch.setattr(access, "client_address", broken)
    assert titles(open_page("gesprekken"))[:1] == ["Mijn wijk"]


@pytest.mark.parametrize("mode", ["analyst", "public"])
def test_a_dead_database_opens_nothing_for_the_network(
    demo_areas_data: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", DEAD_DATABASE)
    monkeypatch.setenv("URGENTIE_MODE", mode)
    monkeypatch.setattr(access, "client_address", lambda: "192.168.1.23")
    for page in ("gesprekken", "gegevens", "sessie"):
        app = open_page(page)
        assert not app.exception
        assert titles(app)[:1] == ["Mijn wijk"]


def test_a_dead_database_gives_the_analyst_a_dutch_error(
    demo_areas_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", DEAD_DATABASE)
    app = open_page("gesprekken")
    assert not app.exception
    assert any("niet bereikbaar" in e.value for e in app.error), [e.value for e in app.error]


def test_an_unexpected_error_shows_a_dutch_message_and_no_traceback(
    demo_areas_data: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from urgentie.views import mijn_wijk

    def crash(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("/geheim/pad/op/de/server.py")

    monkeypatch.setattr(mijn_wijk, "header", crash)
    app = open_page("mijn_wijk")
    assert not app.exception  # nothing reached Streamlit's own error display
    shown = " ".join(e.value for e in app.error)
    assert "foutcode" in shown and "geheim" not in shown and "ZeroDivision" not in shown
    assert "ZeroDivisionError" in caplog.text  # the detail is in the server's log


@pytest.mark.parametrize("page", ["gesprekken", "gegevens"])
def test_a_page_file_run_on_its_own_runs_the_app_and_its_access_check(
    demo_data: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    """Should Streamlit ever run a page file without app.py, the guard at its top runs the app,
    which chooses the page: a network visitor still gets Mijn wijk, not the file asked for."""
    from streamlit.testing.v1 import AppTest

    from urgentie.store.notes_db import NotesStore

    monkeypatch.setattr(access, "client_address", lambda: "192.168.1.23")
    app = AppTest.from_file(str(Path(__file__).parents[1] / "app_pages" / f"{page}.py"))
    app.run(timeout=120)
    assert not app.exception
    assert titles(app)[:1] == ["Mijn wijk"]
    shown = " ".join(str(e.value) for e in [*app.markdown, *app.caption, *app.text])
    texts = NotesStore.open(f"sqlite:///{demo_data / 'urgentie.sqlite'}").notes_frame()["text"]
    assert not any(t[:40] in shown for t in texts)


def test_a_phone_votes_in_public_mode_through_the_guarded_database(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Public mode's database refuses protected columns but lets Stem store a vote."""
    from test_page_stem import _phone, _session, _vote

    from tests.notes_support import make_areas
    from urgentie.store.notes_db import NotesStore
    from urgentie.store.votes import VoteStore

    monkeypatch.setenv("URGENTIE_DEMO", "off")
    make_areas(data_dir)
    votes = VoteStore(NotesStore.open().engine)
    session = _session(votes)
    monkeypatch.setenv("URGENTIE_MODE", "public")
    monkeypatch.setattr(access, "client_address", lambda: "192.168.1.23")
    at = _phone(session.id)
    _vote(at, session.id, "bewoner", {"wonen": 4})
    stored = votes.votes_frame([session.id])
    assert list(stored["rating"]) == [4]
    votes.engine.dispose()
