"""The Gesprekken page with AppTest: a real upload (AppTest supports ``st.file_uploader`` in
Streamlit 1.67), the validation report, choosing an area, confirming, browsing, correcting codes,
a note by hand and undoing a batch — and note text always escaped on its way to HTML."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from apptest_support import as_read, open_page
from streamlit.testing.v1 import AppTest

from tests.notes_support import PNG_HEADER, csv_text, make_areas
from urgentie.store.notes_db import NotesStore

SCRIPT = "<script>alert('x')</script>"

ROWS = [
    ["15-03-2024", "De Brinck", "bewoner", "", "Het buurthuis sluit, bel 06-12345678.", "3"],
    ["16-03-2024", "Centrum", "wijkagent", "", f"Overlast en onveilig {SCRIPT} **vet**", "4"],
    ["17-03-2024", "Bloemenbuurt", "gemeente", "", "Het park is opgeknapt.", ""],
]


@pytest.fixture
def app(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    make_areas(data_dir)
    at = open_page("gesprekken")
    assert not at.exception
    return at


def _notes() -> NotesStore:
    return NotesStore.open()


def _upload(at: AppTest, data: bytes, name: str = "gesprekken.csv") -> None:
    at.file_uploader[0].set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _no_raw_script(at: AppTest) -> None:
    for element in [*at.markdown, *at.caption, *at.get("html")]:
        assert "<script" not in element.value


def test_empty_store_explains_what_to_do(app: AppTest) -> None:
    infos = [i.value for i in app.info]
    assert any("Nog geen gesprekken" in i for i in infos)
    assert app.title[0].value == "Gesprekken"


def test_upload_resolve_confirm_browse(app: AppTest) -> None:
    data = csv_text(ROWS).encode()
    _upload(app, data)
    assert _metrics(app) == {
        "Goedgekeurd": "2",
        "Afgewezen": "1",
        "Met waarschuwing": "0",
        "Vervangen (pseudonimisering)": _metrics(app)["Vervangen (pseudonimisering)"],
    }
    report = app.dataframe[0].value
    assert report.loc[report["plek"] == "regel 2", "status"].item() == "afgewezen"
    assert "De Brinck" in report.loc[report["plek"] == "regel 2", "meldingen"].item()
    assert _notes().count_notes() == 0  # nothing stored before confirming

    # Choose the area for "De Brinck": the row is accepted and pseudonymised.
    key = _area_key(data, "De Brinck")
    app.selectbox(key=key).set_value("WK999903")
    app.run()
    assert _metrics(app)["Goedgekeurd"] == "3"
    assert int(_metrics(app)["Vervangen (pseudonimisering)"]) >= 1
    # The preview shows the original (only here) next to the text as it will be stored.
    html_blocks = [h.value for h in app.get("html")]
    assert any("06-12345678" in h for h in html_blocks)
    assert any("buurthuis sluit" in h and "06-12345678" not in h for h in html_blocks)
    preview = app.selectbox(key=f"gesprekken_preview_{hashlib.sha256(data).hexdigest()[:12]}")
    script_note = next(o for o in preview.options if "regel 3" in o)
    preview.set_value(preview.options.index(script_note))
    app.run()
    assert any("&lt;script&gt;" in h.value for h in app.get("html"))
    _no_raw_script(app)

    app.button(key="gesprekken_confirm").click()
    app.run()
    assert not app.exception
    assert any("Geïmporteerd als batch 1: 3 gesprek(ken)" in as_read(s.value) for s in app.success)
    notes = _notes()
    assert notes.count_notes() == 3
    assert "12345678" not in " ".join(notes.notes_frame()["text"])
    assert notes.area_aliases("GM9999") == {"de brinck": "WK999903"}

    # Browse: the table shows every note with its provenance; the script stays text.
    table = next(d.value for d in app.dataframe if "bron" in d.value.columns)
    assert len(table) == 3
    assert set(table["bron"].str.extract(r"batch (\d+)")[0]) == {"1"}
    _no_raw_script(app)

    # Search filter narrows the table.
    app.text_input(key="gesprekken_f_search").set_value("opgeknapt")
    app.run()
    table = next(d.value for d in app.dataframe if "bron" in d.value.columns)
    assert table["tekst"].tolist() == ["Het park is opgeknapt."]


def test_note_with_script_is_escaped_in_detail_view(app: AppTest) -> None:
    _upload(app, csv_text([ROWS[1]]).encode())
    app.button(key="gesprekken_confirm").click()
    app.run()
    detail = [h.value for h in app.get("html") if "Overlast" in h.value]
    assert detail and all("&lt;script&gt;" in h for h in detail)
    _no_raw_script(app)


def test_reupload_is_flagged_and_blocked(app: AppTest) -> None:
    data = csv_text([ROWS[2]]).encode()
    _upload(app, data)
    app.button(key="gesprekken_confirm").click()
    app.run()
    _upload(app, data, "kopie.csv")
    assert any("al geïmporteerd als batch 1" in as_read(w.value) for w in app.warning)
    assert app.button(key="gesprekken_confirm").disabled
    app.checkbox(key="gesprekken_allow_duplicate").check()
    app.run()
    assert not app.button(key="gesprekken_confirm").disabled


def test_renamed_picture_gives_an_error(app: AppTest) -> None:
    _upload(app, PNG_HEADER, "gesprekken.csv")
    assert any("PNG-afbeelding" in as_read(e.value) for e in app.error)
    assert _notes().count_notes() == 0


def test_correct_codes_and_undo_batch(app: AppTest) -> None:
    _upload(app, csv_text([ROWS[2]]).encode())
    app.button(key="gesprekken_confirm").click()
    app.run()
    notes = _notes()
    note_id = int(notes.notes_frame()["id"].item())
    codes = next(m for m in app.multiselect if m.label == "Codes van dit gesprek")
    codes.set_value(["wonen/zorg"])
    next(b for b in app.button if b.label == "Codes opslaan").click()
    app.run()
    assert not app.exception
    active = notes.note_codes(note_id)
    assert set(active.loc[active["active"], "domain"]) == {"wonen"}

    app.checkbox(key="gesprekken_undo_sure_1").check()
    app.run()
    app.button(key="gesprekken_undo").click()
    app.run()
    assert any("Batch 1 ongedaan gemaakt: 1 gesprek(ken)" in s.value for s in app.success)
    assert notes.count_notes() == 0


def test_note_by_hand(app: AppTest) -> None:
    form_text = next(t for t in app.text_area if t.label == "Wat werd er gezegd?")
    form_text.set_value("Mevrouw Jansen belt 06-12345678: veel overlast bij de flat.")
    next(b for b in app.button if b.label == "Controleren").click()
    app.run()
    assert not app.exception
    assert any("Controleer het gesprek" in m.value for m in app.markdown)
    app.button(key="gesprekken_manual_save").click()
    app.run()
    assert any("Gesprek opgeslagen" in s.value for s in app.success)
    stored = _notes().notes_frame()
    assert len(stored) == 1 and "12345678" not in stored["text"].item()
    assert _notes().batches()[0].kind == "handmatig"


def test_public_mode_never_shows_notes(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URGENTIE_MODE", "public")
    make_areas(data_dir)
    at = open_page("gesprekken")
    # Public mode has no Gesprekken page: the app shows the resident page instead.
    assert not any(t.value == "Gesprekken" for t in at.title)
    assert not at.dataframe


@pytest.mark.parametrize(
    "text",
    [
        "[klik](javascript:alert(1))",
        "![plaatje](http://kwaad.example/x.png)",
        "**vet** _schuin_ `code` # kop",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_markdown_from_files_is_shown_literally(text: str) -> None:
    from urgentie.views.gesprekken import note_html
    from urgentie.views.widgets import md_escape

    escaped = md_escape(text)
    for char in set("[]()*_`#<>!") & set(text):
        assert f"\\{char}" in escaped
    html = note_html(text)
    assert html.count("<") == 2  # only the wrapper's own <div> and </div>
    assert html.startswith("<div") and html.endswith("</div>")


def _area_key(data: bytes, written: str) -> str:
    name = hashlib.sha1(written.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"gesprekken_area_{hashlib.sha256(data).hexdigest()[:12]}_{name}"


def test_resolving_one_unknown_name_leaves_the_next_one_open(app: AppTest) -> None:
    rows = [
        ["15-03-2024", "De Brinck", "bewoner", "", "Het buurthuis sluit.", "3"],
        ["16-03-2024", "Oosterhoek", "bewoner", "", "Te weinig groen.", "4"],
    ]
    data = csv_text(rows).encode()
    _upload(app, data)
    app.selectbox(key=_area_key(data, "De Brinck")).set_value("WK999903")
    app.run()
    assert not app.exception
    # The other name keeps its own, empty choice: it is not handed the first name's area.
    assert app.selectbox(key=_area_key(data, "Oosterhoek")).value == ""
    assert _metrics(app)["Goedgekeurd"] == "1"
