"""Signals from notes: roles mentioned in a helping sense, counted per wijk, never stored."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from demo_support import notes_store

from urgentie.analysis.key_signals import mentions, role_signals
from urgentie.demo import DEMO_CODE
from urgentie.store.key_people import KeyPeopleStore


@pytest.mark.parametrize(
    ("text", "strength", "expected"),
    [
        ("De conciërge van De Eemhof regelt alles.", False, ["conciërge van De Eemhof"]),
        (
            "Dankzij de buurtvaders bij het Molenplein is het rustig.",
            False,
            ["buurtvaders bij het Molenplein"],
        ),
        ("Sinds de buurtconciërge er is, is het schoon.", False, ["buurtconciërge"]),
        ("Als wijkagent zie ik dat het beter gaat.", True, []),  # the speaker's own role
        ("De huismeester is nooit bereikbaar.", False, []),  # no helping sense
        ("De huismeester is er elke dag.", True, ["huismeester"]),  # a note coded as strength
        ("De juf van [STRAAT-1] helpt.", False, ["juf"]),  # a placeholder is no place
    ],
)
def test_mentions(text: str, strength: bool, expected: list[str]) -> None:
    assert mentions(text, strength) == expected


def test_role_signals_count_distinct_notes_per_wijk() -> None:
    notes = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "area_code": ["WK1", "WK1", "WK1", "WK2"],
            "text": [
                "De conciërge van De Eemhof helpt iedereen. De conciërge van De Eemhof regelt het.",
                "Dankzij de conciërge van De Eemhof gaat het goed.",
                "De buurtvader helpt.",
                "De conciërge van De Eemhof helpt.",
            ],
            "codes": [[], [], [], []],
        }
    )
    table = role_signals(notes)
    assert table[["area_code", "role", "n_notes"]].values.tolist() == [
        ["WK1", "conciërge van De Eemhof", 2]
    ]
    assert table.iloc[0]["sentence"] == "2 gesprekken noemen de conciërge van De Eemhof"


def test_signals_on_the_demo_notes_store_nothing(demo_data: Path) -> None:
    notes = notes_store(demo_data)
    table = role_signals(notes.notes_frame(DEMO_CODE))
    assert len(table) >= 1 and (table["n_notes"] >= 2).all()
    assert KeyPeopleStore(notes.engine).count() == 0  # a signal is never a person
    notes.engine.dispose()
