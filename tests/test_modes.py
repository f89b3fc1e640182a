"""Public mode and sign-in: residents never reach analyst pages or what anyone said."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import APP, as_read, open_page
from streamlit.testing.v1 import AppTest

from urgentie.demo import DEMO_CODE
from urgentie.store import db
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore
from urgentie.views import error_boundary
from urgentie.views.access import is_local_address
from urgentie.views.navigation import PAGES, visible_specs

ANALYST_PAGES = [
    p.path.removeprefix("app_pages/").removesuffix(".py")
    for p in PAGES
    if not p.public and not p.login
]


@pytest.fixture
def public(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo with its notes (pseudonymised through the real import), in public mode."""
    monkeypatch.setenv("URGENTIE_MODE", "public")
    return demo_data


def test_public_mode_lists_only_resident_pages() -> None:
    paths = {p.path for p in visible_specs("public")}
    assert "app_pages/mijn_wijk.py" in paths
    assert not paths & {f"app_pages/{name}.py" for name in ANALYST_PAGES}


@pytest.mark.parametrize("page", ANALYST_PAGES)
def test_public_mode_cannot_open_an_analyst_page(public: Path, page: str) -> None:
    app = open_page(page)
    assert not app.exception
    titles = [t.value for t in app.title]
    assert titles[:1] == ["Mijn wijk"], titles  # the resident page, not the analyst page
    # Nothing a resident sees contains a note's text.
    shown = " ".join(str(e.value) for e in [*app.markdown, *app.caption, *app.text])
    notes = NotesStore.open(f"sqlite:///{public / 'urgentie.sqlite'}").notes_frame()
    assert not any(text[:40] in shown for text in notes["text"].head(50))


def test_resident_page_shows_themes_without_reading_note_texts(public: Path) -> None:
    app = open_page("mijn_wijk", query={"gebied": "WK999902"})
    assert not app.exception, [e.message for e in app.exception]
    assert any("Waar buren en professionals over praten" in h.value for h in app.subheader)
    assert app.dataframe  # suppressed themes are shown


def test_public_engine_refuses_note_texts(public: Path) -> None:
    import sqlalchemy as sa

    from urgentie.store.schema import codes, notes

    engine = db.open_public_engine(f"sqlite:///{public / 'urgentie.sqlite'}")
    store = NotesStore(engine)
    refused = [
        store.notes_frame,  # the note texts
        store.codes_frame,  # the matched words and cue phrases
        lambda: store.engine.connect().execute(sa.select(notes.alias().c.text)),  # an alias
        lambda: store.engine.connect().execute(  # a subquery
            sa.select(sa.select(notes.c.text).subquery())
        ),
        lambda: store.engine.connect().execute(sa.select(notes)),  # the whole table
        lambda: store.engine.connect().exec_driver_sql("SELECT text FROM notes"),  # raw SQL
        lambda: store.engine.connect().execute(sa.select(codes.c.terms)),
    ]
    for query in refused:  # the early error, or the database's own refusal for raw SQL
        with pytest.raises((db.NoteTextForbiddenError, sa.exc.DatabaseError)):
            query()
    # What the resident view needs still works: facts about codes and ratings carry no words.
    facts = store.code_facts()
    assert len(facts) > 0 and not {"terms", "cue", "explanation"} & set(facts.columns)
    assert len(store.ratings_frame()) > 0


def test_sign_in_locks_the_analyst_pages(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    open_without_auth = open_page("kaart")
    assert "Kaart" in open_without_auth.title[0].value  # control: the page itself opens
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "geheim",
        "client_id": "urgentiekaart",
        "client_secret": "geheim",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    }
    app.switch_page("app_pages/kaart.py")
    app.run()
    assert not app.exception
    assert not any("Kaart" in t.value for t in app.title)
    app.switch_page("app_pages/inloggen.py")
    app.run()
    assert [t.value for t in app.title][:1] == ["Inloggen"]
    assert any(b.label == "Inloggen" for b in app.button)


def test_without_sign_in_configured_the_analyst_pages_are_open() -> None:
    paths = {p.path for p in visible_specs("analyst", analyst_allowed=True)}
    assert {f"app_pages/{name}.py" for name in ANALYST_PAGES} <= paths
    assert "app_pages/inloggen.py" not in paths


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("::ffff:127.0.0.1", True),  # a dual-stack server reports IPv4 loopback this way
        (None, False),  # no address (Streamlit's agent API): not proven local
        ("", False),
        ("::ffff:192.168.1.23", False),
        ("192.168.1.23", False),
        ("10.0.0.5", False),
        ("fe80::1%eth0", False),
        ("geen-adres", False),
    ],
)
def test_only_the_local_computer_counts_as_local(address: str | None, local: bool) -> None:
    assert is_local_address(address) is local


def test_visitors_from_the_network_get_no_analyst_pages_and_no_sign_in_without_auth() -> None:
    paths = {p.path for p in visible_specs("analyst", analyst_allowed=False, sign_in=False)}
    assert paths == {p.path for p in PAGES if p.public}
    with_auth = {p.path for p in visible_specs("analyst", analyst_allowed=False, sign_in=True)}
    assert with_auth == paths | {"app_pages/inloggen.py"}


def test_a_typo_in_the_mode_stops_the_app(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    monkeypatch.setenv("URGENTIE_MODE", "publiek")
    app = open_page("kaart")
    assert any("URGENTIE_MODE" in as_read(e.value) for e in app.error)
    # The error page only, rather than the analyst pages (see test_access.py for every typo).
    assert [t.value for t in app.title] == [error_boundary.SETTINGS_TITLE]


def test_postcode_search_finds_the_wijk_and_a_failed_one_clears_it(
    public: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from urgentie.views import mijn_wijk

    monkeypatch.setenv("URGENTIE_POSTCODE_LIVE", "false")  # no PDOK from a test

    app = open_page("mijn_wijk")
    key = "_w_mijnwijk_postcode"
    buurten = AreaStore(public).load_attributes(DEMO_CODE, 2024, "buurt")
    buurt = buurten.dropna(subset=["postcode"]).iloc[-1]
    app.text_input(key=key).input(f"{buurt['postcode']} ab").run()
    assert not app.exception
    assert app.session_state["gebied"] == buurt["wijk_code"]
    # A postcode of nowhere: a Dutch warning, and the wijk from before is gone.
    app.text_input(key=key).input("1011 AB").run()
    assert [w.value for w in app.warning] == [mijn_wijk.POSTCODE_NOT_FOUND]
    assert app.session_state["gebied"] is None
    # Not a postcode at all: says so.
    app.text_input(key=key).input("abc").run()
    assert [w.value for w in app.warning] == [mijn_wijk.NOT_A_POSTCODE]
