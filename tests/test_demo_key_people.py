"""The demo's key people: kwetsbare domains, ending support and a bridge in a verdeeld wijk."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from demo_support import copy_template, notes_store

from urgentie.analysis import evidence as ev
from urgentie.analysis import key_people as kp
from urgentie.analysis.shared import shared_urgency
from urgentie.demo import DEMO_CODE
from urgentie.demo.key_people import demo_key_people, ensure_demo_key_people
from urgentie.demo.story import WIJKEN
from urgentie.keypeople import records, screen
from urgentie.store import db
from urgentie.store.areas import AreaStore
from urgentie.store.key_people import KeyPeopleStore, due_for_review

TODAY = date(2026, 12, 6)


def _people() -> list[records.KeyPerson]:
    return [replace(p, id=i + 1) for i, p in enumerate(demo_key_people(TODAY))]


@pytest.mark.parametrize(
    ("wijk", "kwetsbaar"),
    [
        ("WK999901", ["fysieke_leefomgeving", "veiligheid"]),  # Centrum: one voorzitter
        ("WK999902", ["sociaal_functioneren"]),  # Oude Haven: veiligheid has two
        ("WK999903", ["sociaal_functioneren", "werk_inkomen"]),  # Poortwijk
        ("WK999904", ["werk_inkomen"]),  # Vlietzoom: energie has two
        ("WK999905", ["fysieke_leefomgeving", "opvoeding", "sociaal_functioneren", "veiligheid"]),
        ("WK999906", []),  # Lindenhof: nobody registered, so nothing rests on one person
        ("WK999907", ["gezondheid"]),  # De Brink
        ("WK999909", ["gezondheid", "scholing", "wonen"]),  # Molenwijk
        ("WK999910", ["sociaal_functioneren", "werk_inkomen", "wonen"]),  # De Akkers
    ],
)
def test_kwetsbare_domains(wijk: str, kwetsbaar: list[str]) -> None:
    table = kp.carriers(_people())
    found = table[(table["area_code"] == wijk) & table["kwetsbaar"]]["domain"]
    assert sorted(found) == kwetsbaar


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("ouderenadviseur", kp.ENDING),  # 45 days
        ("wijkfonds", kp.ENDING),  # 90 days
        ("wijkbudget Oude Haven", kp.ENDING),  # 200 days
        ("duurzaamheidsfonds", kp.ENDING),  # 300 days
        ("subsidie welzijnswerk", None),  # 500 days: not within a year
        ("jongerenwerk gemeente", None),  # 700 days
        ("zorgverzekeraar", None),  # no end date
    ],
)
def test_support_ending_within_a_year(label: str, status: str | None) -> None:
    ending = kp.ending_support(_people(), TODAY)
    found = ending.loc[ending["label"] == label, "status"].tolist()
    assert found == ([status] if status else [])


def test_every_demo_label_passes_the_real_screen() -> None:
    keep = [w.naam for w in WIJKEN] + [b for w in WIJKEN for b in w.buurten]
    finder = screen.pseudonymiser_finder(keep_terms=keep)
    for person in demo_key_people(TODAY):
        records.validate(person, finder, today=TODAY)


@pytest.fixture
def demo_with_people(data_dir: Path, demo_notes_template: Path) -> Path:
    return copy_template(demo_notes_template, data_dir)


def test_bridge_across_the_verdeeld_wijk_on_the_real_demo(demo_with_people: Path) -> None:
    root = demo_with_people
    store = KeyPeopleStore(db.open_engine(f"sqlite:///{root / 'urgentie.sqlite'}"))
    assert ensure_demo_key_people(store) == len(demo_key_people())
    assert ensure_demo_key_people(store) == 0  # once only
    people = store.people(DEMO_CODE)
    assert [p.role_label for p in due_for_review(people)] == [
        "voorzitter bewonersvereniging Centrum"
    ]
    notes = notes_store(root)
    evidence = ev.combine(
        notes.ratings_frame(DEMO_CODE),
        notes.codes_frame(DEMO_CODE),
        ev.empty_evidence().iloc[0:0],
    )
    result = shared_urgency(AreaStore(root).load(DEMO_CODE, 2024), evidence, level="wijk")
    bridges = kp.bridges_for_split(result.table, people).set_index(["area_code", "domain"])
    oude_haven = bridges.loc[("WK999902", "veiligheid")]
    assert oude_haven["bridge"] and oude_haven["bridge_roles"] == ["buurtbemiddelaar Oude Haven"]
    # A verdeeld cell without a bridge exists too: there the bridge is missing.
    assert not bridges["bridge"].all()
    notes.engine.dispose()
    store.engine.dispose()
