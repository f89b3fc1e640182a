"""Soft urgency carries its uncertainty: how much of a voice rests on explicit ratings, on codes an
analyst confirmed and on automatic codes alone, and a confidence mark that reflects it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.notes_support import GEMEENTE
from urgentie.analysis import evidence as ev
from urgentie.analysis.alignment_detail import area_voice_table, area_voices
from urgentie.analysis.soft_urgency import basis_text, soft_urgency
from urgentie.store.notes_db import CodeRecord, NewBatch, NoteRecord, NotesStore


def _rows(bases: list[str], value: float = 4.0) -> pd.DataFrame:
    kind = {"expliciet": "beoordeling", "bevestigd": "codering", "automatisch": "codering"}
    return pd.DataFrame(
        {
            "area_code": "WK999901",
            "domain": "wonen",
            "perspective": "bewoner",
            "kind": [kind[b] for b in bases],
            "value": value,
            "respondent": [f"notitie:{i}" for i in range(len(bases))],
            "date": pd.Timestamp("2024-01-01"),
            "basis": bases,
        }
    )


# (bases of ten agreeing respondents, expected confidence, automatic share)
CASES = [
    (["expliciet"] * 10, "hoog", 0.0),
    (["bevestigd"] * 10, "hoog", 0.0),
    (["bevestigd"] * 5 + ["automatisch"] * 5, "hoog", 0.5),
    (["bevestigd"] * 4 + ["automatisch"] * 6, "laag", 0.6),
    (["automatisch"] * 10, "laag", 1.0),
]


@pytest.mark.parametrize(("bases", "confidence", "share"), CASES)
def test_confidence_reflects_what_the_voice_rests_on(bases, confidence, share):
    voice = soft_urgency(_rows(bases)).iloc[0]
    assert voice["confidence"] == confidence
    assert voice["automatic_share"] == pytest.approx(share)
    assert voice["n_bevestigd"] + voice["n_automatisch"] + voice["n_expliciet"] == voice["n"]


def test_evidence_without_a_basis_column_counts_codes_as_automatic():
    frame = _rows(["automatisch"] * 4).drop(columns="basis")
    voice = soft_urgency(frame).iloc[0]
    assert voice["n_automatisch"] == 4 and voice["confidence"] == "laag"


def test_a_confirmed_note_moves_from_automatic_to_confirmed(data_dir: Path):
    store = NotesStore.open()
    records = [
        NoteRecord(
            gemeente_code=GEMEENTE,
            area_code="WK999901",
            area_name="Centrum",
            area_match="exact",
            perspective="bewoner",
            text=f"Schimmel {i}",
            codes=[CodeRecord("wonen", "zorg", ["schimmel"], None, "x", 4.0, 0.6)],
        )
        for i in range(3)
    ]
    store.write_batch(NewBatch("t.csv", "z" * 64, "csv", GEMEENTE, "v1"), records)
    facts = store.code_facts(GEMEENTE)
    assert set(ev.from_codes(facts)["basis"]) == {"automatisch"}
    first = int(facts["note_id"].min())
    store.set_codes(first, [("wonen", "zorg")], analyst="Sanne")
    voice = soft_urgency(ev.from_codes(store.code_facts(GEMEENTE))).iloc[0]
    assert (voice["n_bevestigd"], voice["n_automatisch"]) == (1, 2)
    table = area_voice_table(
        area_voices(soft_urgency(ev.from_codes(store.code_facts(GEMEENTE))), "WK999901", ["wonen"]),
        {},
    )
    assert "(1 bevestigd · 2 automatisch)" in table.loc[0, "Bewoners"]
    assert basis_text(0, 1, 2) == "1 door een analist bevestigde codes, 2 automatische codes"
