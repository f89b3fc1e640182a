"""Review of automatic codes: uncertainty order, who/when, re-coding keeps decisions, learning
from corrections (measured on held-out corrections), and the workbench on the Gesprekken page."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from apptest_support import as_read, open_page

from tests.notes_support import GEMEENTE, make_areas
from urgentie.notes import importer, learning, review
from urgentie.store.notes_db import CodeRecord, NewBatch, NoteRecord, NotesStore


def _store_notes(texts: list[str], codes: list[list[tuple[str, str, float]]]) -> NotesStore:
    store = NotesStore.open()
    records = [
        NoteRecord(
            gemeente_code=GEMEENTE,
            area_code="WK999901",
            area_name="Centrum",
            area_match="exact",
            perspective="bewoner",
            text=text,
            codes=[CodeRecord(d, p, ["woord"], None, "uitleg", None, c) for d, p, c in hits],
        )
        for text, hits in zip(texts, codes, strict=True)
    ]
    store.write_batch(NewBatch("t.csv", "x" * 64, "csv", GEMEENTE, "v1"), records)
    return store


# (terms, negated, conflicting, expected confidence)
LEXICON_CONFIDENCE = [
    (1, False, False, 0.55),
    (2, False, False, 0.67),
    (5, False, False, 0.95),
    (1, True, False, 0.35),
    (1, True, True, 0.2),
]


@pytest.mark.parametrize(("terms", "negated", "conflicting", "expected"), LEXICON_CONFIDENCE)
def test_lexicon_confidence_rule(terms, negated, conflicting, expected):
    assert review.lexicon_confidence(terms, negated, conflicting) == expected


def test_a_coder_that_exposes_a_probability_is_used_as_it_is():
    hit = SimpleNamespace(domain="wonen", polarity="zorg", terms=["a"], probability=0.91)
    assert review.hit_confidence(hit) == 0.91
    plain = SimpleNamespace(domain="wonen", polarity="zorg", terms=["a"], negations=[])
    other = SimpleNamespace(domain="wonen", polarity="kracht")
    assert review.hit_confidence(plain, [plain, other]) == 0.4


# (confidences, words, expected uncertainty)
UNCERTAINTY = [
    ([0.5], 3, 1.0),
    ([0.95, 0.55], 3, 0.9),
    ([0.95], 3, 0.1),
    ([], 30, 0.5),
    ([], 90, 1.0),
]


@pytest.mark.parametrize(("confidences", "words", "expected"), UNCERTAINTY)
def test_note_uncertainty(confidences, words, expected):
    assert review.note_uncertainty(confidences, words) == pytest.approx(expected)


def test_queue_puts_unreviewed_uncertain_notes_first(data_dir: Path):
    uncoded = " ".join(["woord"] * 30)  # 30 words and no code: uncertainty 0.5
    store = _store_notes(
        ["zeker", "twijfel", uncoded],
        [[("wonen", "zorg", 0.95)], [("veiligheid", "zorg", 0.5)], []],
    )
    frame = store.notes_frame(GEMEENTE)
    queue = review.review_queue(frame, store.codes_frame(GEMEENTE, active_only=False))
    assert list(queue["text"]) == ["twijfel", uncoded, "zeker"]
    first = int(queue.iloc[0]["id"])
    store.set_codes(first, [("veiligheid", "zorg")], analyst="Sanne")
    queue = review.review_queue(frame, store.codes_frame(GEMEENTE, active_only=False))
    assert int(queue.iloc[-1]["id"]) == first and bool(queue.iloc[-1]["reviewed"])


def test_review_stores_who_and_when_and_survives_recoding(data_dir: Path):
    store = _store_notes(
        ["Overlast en schimmel in de flat."],
        [[("veiligheid", "zorg", 0.6), ("wonen", "zorg", 0.6)]],
    )
    note_id = int(store.notes_frame(GEMEENTE)["id"].iloc[0])
    store.set_codes(note_id, [("wonen", "zorg"), ("gezondheid", "zorg")], analyst="Sanne")
    rows = store.note_codes(note_id).set_index(["domain", "polarity"])
    assert rows.loc[("wonen", "zorg"), "confirmed"]
    assert not rows.loc[("veiligheid", "zorg"), "active"]
    assert set(rows["reviewed_by"]) == {"Sanne"} and rows["reviewed_at"].notna().all()
    reviews = store.reviews_frame(GEMEENTE)
    assert reviews.loc[0, "codes"] == ["gezondheid/zorg", "wonen/zorg"]
    importer.recode_all(store)
    active = store.note_codes(note_id)
    active = active[active["active"].astype(bool)]
    assert {f"{d}/{p}" for d, p in zip(active["domain"], active["polarity"], strict=True)} >= {
        "wonen/zorg",
        "gezondheid/zorg",
    }
    removed = store.note_codes(note_id).set_index(["domain", "polarity"])
    assert not removed.loc[("veiligheid", "zorg"), "active"]


def test_blind_review_changes_no_codes(data_dir: Path):
    store = _store_notes(["Tekst."], [[("wonen", "zorg", 0.6)]])
    note_id = int(store.notes_frame(GEMEENTE)["id"].iloc[0])
    store.record_blind_review(note_id, "Kees", [("opvoeding", "zorg")])
    assert list(store.note_codes(note_id)["domain"]) == ["wonen"]
    reviews = store.reviews_frame(GEMEENTE)
    assert reviews.loc[0, "blind"] and reviews.loc[0, "analyst"] == "Kees"
    assert learning.corrections_as_training(store.engine) == []


LOCAL_WORDS = [
    # "het blauwe hok": a local name for a troubled spot, in no codebook
    ("Het blauwe hok bij de snackbar is weer een drama.", ["veiligheid/zorg"]),
    ("Blauwe hok achter de school, elke avond herrie.", ["veiligheid/zorg"]),
    ("Weer dat blauwe hok, ze gooien flessen.", ["veiligheid/zorg"]),
    ("Het blauwe hok is een probleem voor de buren.", ["veiligheid/zorg"]),
    ("Rond het blauwe hok voelt niemand zich prettig.", ["veiligheid/zorg"]),
    ("Blauwe hok aan het water, veel lawaai.", ["veiligheid/zorg"]),
    ("Het buurthuis heeft een mooie moestuin.", ["sociaal_functioneren/kracht"]),
    ("Mooie moestuin, buren helpen elkaar.", ["sociaal_functioneren/kracht"]),
    ("Veel mensen komen naar de moestuin.", ["sociaal_functioneren/kracht"]),
    ("De moestuin brengt buren samen.", ["sociaal_functioneren/kracht"]),
    ("In de moestuin leren kinderen koken.", ["sociaal_functioneren/kracht"]),
    ("Moestuin open op zaterdag.", ["sociaal_functioneren/kracht"]),
]


def test_learning_is_measured_on_held_out_corrections():
    """A coder that knows none of these local words, and a model trained on the rest of the
    corrections: the held-out ones are coded better after learning."""
    report = learning.measure(LOCAL_WORDS, lambda _text: set())
    assert report.held_out == 3 and report.trained_on == 9
    assert report.before.recall == 0.0
    assert report.after.recall > report.before.recall and report.after.f1 > report.before.f1
    assert "F1 0,00 →" in report.sentence()


def test_learn_saves_a_model_that_imports_and_recoding_use(data_dir: Path):
    make_areas(data_dir)
    store = _store_notes([t for t, _ in LOCAL_WORDS], [[] for _ in LOCAL_WORDS])
    for note_id, (_, wanted) in zip(
        sorted(store.notes_frame(GEMEENTE)["id"]), LOCAL_WORDS, strict=True
    ):
        store.set_codes(int(note_id), [tuple(c.split("/")) for c in wanted], analyst="Sanne")
    examples = learning.corrections_as_training(store.engine)
    assert len(examples) == len(LOCAL_WORDS)
    report = learning.learn(store.engine, lambda _text: set())
    assert report.saved and report.learned_codes == [
        "sociaal_functioneren/kracht",
        "veiligheid/zorg",
    ]
    text = "Weer bij het blauwe hok."
    assert importer.coder_codes(text) == set()  # the coder alone does not know the local name
    records, _ = importer.code_records(text, None)
    learned = [r for r in records if r.domain == "veiligheid"]
    assert learned and "geleerd van correcties" in learned[0].explanation


def test_workbench_accepts_with_the_keyboard_buttons(data_dir: Path, monkeypatch):
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    make_areas(data_dir)
    store = _store_notes(
        ["Veel overlast van jongeren.", "Schimmel in huis."],
        [[("veiligheid", "zorg", 0.9)], [("wonen", "zorg", 0.5), ("gezondheid", "zorg", 0.55)]],
    )
    at = open_page("gesprekken", state={"review_analyst": "Sanne", "review_active": True})
    assert not at.exception
    first = [m.value for m in at.markdown if "Gesprek 1 van 2" in m.value]
    assert first, "the workbench shows the most uncertain note first"
    assert any("zekerheid 0,50" in m.value for m in at.markdown)
    schimmel = int(store.notes_frame(GEMEENTE, search="schimmel")["id"].iloc[0])
    # Codes are listed by domain: 1 = gezondheid, 2 = wonen. Key 1 switches gezondheid off.
    at.button(key=f"review_toggle_{schimmel}_1").click().run()
    assert any("Gezondheid en zorg — zorg (vervalt" in as_read(m.value) for m in at.markdown)
    at.button(key="review_accept").click().run()
    assert not at.exception
    rows = store.note_codes(schimmel).set_index("domain")
    assert bool(rows.loc["wonen", "active"]) and not bool(rows.loc["gezondheid", "active"])
    assert rows.loc["wonen", "reviewed_by"] == "Sanne"
    assert any("Gesprek 1 van 1" in m.value for m in at.markdown)
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.key and b.key.startswith("review")}
    assert shortcuts["review_accept"].upper() == "A" and shortcuts["review_skip"].upper() == "N"


def test_agreement_tab_lists_kappa_and_disagreements(data_dir: Path, monkeypatch):
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    make_areas(data_dir)
    store = _store_notes(
        ["a", "b", "c", "d"],
        [[("wonen", "zorg", 0.6)], [("wonen", "zorg", 0.6)], [], [("veiligheid", "zorg", 0.6)]],
    )
    ids = sorted(int(i) for i in store.notes_frame(GEMEENTE)["id"])
    decisions = [[("wonen", "zorg")], [], [], [("veiligheid", "zorg")]]
    for note_id, wanted in zip(ids, decisions, strict=True):
        store.set_codes(note_id, wanted, analyst="Sanne")
        store.record_blind_review(
            note_id, "Kees", wanted if note_id != ids[2] else [("wonen", "zorg")]
        )
    at = open_page("gesprekken", state={"agreement_first": "Kees"})
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Overeenstemming"] == "88%"  # 7 of 8 decisions, as worked by hand below
    tables = [t.value for t in at.dataframe]
    assert any("wel gecodeerd door" in t.columns for t in tables)
    assert isinstance(tables[0], pd.DataFrame)


def test_agreement_figures_by_hand():
    """Worked by hand: per code 'wonen' po 0.75, pe 0.5 -> kappa 0.5; 'veiligheid' identical ->
    kappa 1; pooled po 7/8, pe 36/64 -> kappa 0.714."""
    from urgentie.notes import agreement

    a = {1: {"wonen/zorg"}, 2: {"wonen/zorg"}, 3: set(), 4: {"veiligheid/zorg"}, 9: {"x/zorg"}}
    b = {1: {"wonen/zorg"}, 2: set(), 3: set(), 4: {"veiligheid/zorg"}}
    result = agreement.compare(a, b, "Sanne", "Kees")
    assert result.notes == 4  # note 9 was coded by one of them only
    per = result.per_code.set_index("code")
    assert per.loc["wonen/zorg", "kappa"] == pytest.approx(0.5)
    assert per.loc["wonen/zorg", "agreement"] == pytest.approx(0.75)
    assert per.loc["veiligheid/zorg", "kappa"] == pytest.approx(1.0)
    assert result.overall_agreement == pytest.approx(7 / 8)
    assert result.overall_kappa == pytest.approx((7 / 8 - 36 / 64) / (1 - 36 / 64))
    assert result.disagreements.to_dict("records") == [
        {
            "note_id": 2,
            "code": "wonen/zorg",
            "label": "Wonen — zorg",
            "coded_by": "Sanne",
            "not_by": "Kees",
        }
    ]
    assert "kappa 0,71" in agreement.format_agreement(result)


def test_a_schema_1_database_is_migrated_to_review_columns(tmp_path: Path):
    """A database made before the workbench (schema 1) gains the review columns and tables,
    and keeps its codes."""
    import sqlalchemy as sa

    from urgentie.store import db, schema

    engine = db.make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    db.migrate(engine)
    with engine.begin() as conn:
        for column in ("confidence", "confirmed", "reviewed_by", "reviewed_at"):
            conn.execute(sa.text(f"ALTER TABLE codes DROP COLUMN {column}"))
        conn.execute(sa.text("DROP TABLE code_reviews"))
        conn.execute(sa.text("DROP TABLE coding_samples"))
        conn.execute(sa.text("DELETE FROM schema_version"))
        conn.execute(sa.text("INSERT INTO schema_version VALUES (1, CURRENT_TIMESTAMP)"))
    assert db.migrate(engine) == schema.SCHEMA_VERSION
    columns = {c["name"] for c in sa.inspect(engine).get_columns("codes")}
    assert {"confidence", "confirmed", "reviewed_by", "reviewed_at"} <= columns
    assert sa.inspect(engine).has_table("code_reviews")


def test_cli_learn_and_agreement(data_dir: Path, capsys):
    from urgentie.cli import main

    store = _store_notes([t for t, _ in LOCAL_WORDS], [[] for _ in LOCAL_WORDS])
    ids = sorted(int(i) for i in store.notes_frame(GEMEENTE)["id"])
    for note_id, (_, wanted) in zip(ids, LOCAL_WORDS, strict=True):
        store.set_codes(note_id, [tuple(c.split("/")) for c in wanted], analyst="Sanne")
        store.record_blind_review(note_id, "Kees", [tuple(c.split("/")) for c in wanted])
    store.record_blind_review(ids[0], "Kees", [])
    assert main(["notes", "leer"]) == 0
    out = capsys.readouterr().out
    assert "Gemeten op 3 beoordeelde gesprekken" in out and "Correctiemodel opgeslagen" in out
    assert main(["notes", "overeenstemming", "--analisten", "Sanne", "Kees"]) == 0
    out = capsys.readouterr().out
    assert "12 gesprek(ken) door beide gecodeerd" in out
    assert "verschil: gesprek" in out and "wel Sanne, niet Kees" in out
    assert main(["notes", "overeenstemming"]) == 0
    assert "automatische codering ↔ analist" in capsys.readouterr().out
    assert main(["notes", "overeenstemming", "--analisten", "Sanne", "Piet"]) == 2
    assert "Onbekende analist" in capsys.readouterr().err


def test_reviews_samples_and_migration_on_sqlite_and_postgresql(db_url: str):
    """Who coded what, blind double coding and samples on both databases, and a schema-1
    database brought to schema 2 on both."""
    import sqlalchemy as sa

    from urgentie.store import db, schema

    store = NotesStore.open(db_url)
    store.write_batch(
        NewBatch("t.csv", "q" * 64, "csv", GEMEENTE, "v1"),
        [
            NoteRecord(
                gemeente_code=GEMEENTE,
                area_code="WK999901",
                area_name="Centrum",
                area_match="exact",
                perspective="bewoner",
                text="Overlast",
                codes=[CodeRecord("veiligheid", "zorg", ["overlast"], None, "x", 4.0, 0.55)],
            )
        ],
    )
    note_id = int(store.notes_frame(GEMEENTE)["id"].iloc[0])
    store.set_codes(note_id, [("veiligheid", "zorg"), ("wonen", "zorg")], analyst="Sanne")
    store.record_blind_review(note_id, "Kees", [("veiligheid", "zorg")])
    assert store.create_sample("proef", [note_id], "Sanne") == 1
    with pytest.raises(Exception, match="al een steekproef"):
        store.create_sample("proef", [note_id])
    assert store.samples() == {"proef": [note_id]}
    reviews = store.reviews_frame(GEMEENTE).set_index("analyst")
    assert reviews.loc["Kees", "codes"] == ["veiligheid/zorg"] and reviews.loc["Kees", "blind"]
    codes = store.codes_frame(GEMEENTE).set_index("domain")
    assert (
        bool(codes.loc["veiligheid", "confirmed"]) and codes.loc["wonen", "reviewed_by"] == "Sanne"
    )
    assert codes.loc["veiligheid", "confidence"] == pytest.approx(0.55)
    # Back to schema 1 and up again: the migration runs on this dialect.
    with store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE code_reviews"))
        conn.execute(sa.text("DROP TABLE coding_samples"))
        for column in ("confidence", "confirmed", "reviewed_by", "reviewed_at"):
            conn.execute(sa.text(f"ALTER TABLE codes DROP COLUMN {column}"))
        conn.execute(sa.text("DELETE FROM schema_version"))
        conn.execute(sa.insert(schema.schema_version).values(version=1, applied_at=db.now()))
    assert db.migrate(store.engine) == schema.SCHEMA_VERSION
    assert len(store.codes_frame(GEMEENTE)) == 2
    store.engine.dispose()


def test_blind_double_coding_on_the_page(data_dir: Path, monkeypatch):
    monkeypatch.setenv("URGENTIE_DEMO", "off")
    make_areas(data_dir)
    store = _store_notes(["Overlast.", "Schimmel."], [[("veiligheid", "zorg", 0.6)], []])
    ids = sorted(int(i) for i in store.notes_frame(GEMEENTE)["id"])
    store.create_sample("proef", ids, "Sanne")
    at = open_page("gesprekken", state={"review_analyst": "Kees"})
    assert not at.exception
    assert any("0 van 2 gecodeerd door Kees" in c.value for c in at.caption)
    # Blind: the automatic suggestion of the first note is not offered as a choice.
    pills = next(p for p in at.get("button_group") if p.key == f"review_blind_codes_{ids[0]}")
    assert pills.value == []
    pills.set_value(["wonen/zorg"])
    at.button(key=f"FormSubmitter:review_blind_{ids[0]}-Opslaan en volgende").click().run()
    assert not at.exception
    reviews = store.reviews_frame(GEMEENTE)
    assert reviews.loc[0, "codes"] == ["wonen/zorg"] and bool(reviews.loc[0, "blind"])
    assert list(store.note_codes(ids[0])["domain"]) == ["veiligheid"]  # codes unchanged
    assert any("1 van 2 gecodeerd door Kees" in c.value for c in at.caption)


def test_learning_on_a_gemeentes_own_words():
    """32 corrections in local phrasing ("zit de hele dag alleen", "gepest", "patiëntenstop",
    "brood met brood", "elke nacht kermis"): on the 8 held out, a coder that knows none of it
    gains what the correction model learned from the other 24."""
    import yaml

    fixture = Path(__file__).with_name("fixtures") / "correcties_eigen_woorden.yaml"
    notes = yaml.safe_load(fixture.read_text(encoding="utf-8"))["notes"]
    examples = [(n["text"], n["codes"]) for n in notes]
    report = learning.measure(examples, lambda _text: set())
    assert (report.trained_on, report.held_out) == (24, 8)
    assert report.before.f1 == 0.0 and report.after.f1 >= 0.75
    assert report.after.precision >= 0.9
