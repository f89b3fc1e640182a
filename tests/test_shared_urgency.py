"""Shared urgency end to end on the demo: notes through the real import, votes, alignment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from demo_support import copy_template, notes_store

from urgentie.analysis import evidence as ev
from urgentie.analysis.shared import shared_urgency
from urgentie.demo import DEMO_CODE
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore
from urgentie.store.votes import VoteStore


@pytest.fixture(scope="module")
def demo(
    demo_notes_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AreaStore, NotesStore]]:
    root = copy_template(demo_notes_template, tmp_path_factory.mktemp("demo"))  # votes are added
    notes = notes_store(root)
    yield AreaStore(root), notes
    notes.engine.dispose()


def _result(areas: AreaStore, notes: NotesStore, votes: pd.DataFrame | None = None):
    frame = areas.load(DEMO_CODE, 2024)
    evidence = ev.combine(
        notes.ratings_frame(DEMO_CODE),
        notes.codes_frame(DEMO_CODE),
        votes if votes is not None else ev.empty_evidence().iloc[0:0],
    )
    return shared_urgency(frame, evidence, level="wijk")


def _row(result, wijk_name: str, domain: str) -> pd.Series:
    code = {v: k for k, v in result.names().items()}[wijk_name]
    table = result.table.set_index(["area_code", "domain"])
    return table.loc[(code, domain)]


def test_demo_patterns_come_out_of_the_real_pipeline(demo) -> None:
    areas, notes = demo
    result = _result(areas, notes)
    oude_haven = _row(result, "Oude Haven", "veiligheid")
    assert oude_haven["status"] == "verdeeld"
    assert oude_haven["gap_text"].startswith("beleid ziet urgentie")
    assert _row(result, "Molenwijk", "werk_inkomen")["status"] == "gedeeld urgent"
    zuiderpark = result.table[result.table["area_code"] == _code(result, "Zuiderpark")]
    # The well-off wijk: nobody calls anything urgent (its high gas use is a gap the figures
    # raise on their own: "cijfers hoog, verhalen laag").
    assert not (zuiderpark["status"] == "gedeeld urgent").any()
    assert (zuiderpark["status"] == "gedeeld niet urgent").sum() >= 2
    # Every voice is on the 1–5 scale and counts distinct respondents.
    assert result.voices["urgency"].between(1, 5).all()
    assert set(result.voices["perspective"]) == {"beleid", "professional", "bewoner", "cijfers"}


def _code(result, name: str) -> str:
    return {v: k for k, v in result.names().items()}[name]


def test_votes_become_a_voice(demo, tmp_path: Path) -> None:
    areas, notes = demo
    votes = VoteStore(notes.engine)
    session = votes.create_session("Leergemeenschap", DEMO_CODE)
    wijk = areas.load(DEMO_CODE, 2024, "wijk")["code"].iloc[0]
    for i in range(4):
        votes.cast_votes(session.id, f"apparaat-{i}", "bewoner", {(wijk, "scholing"): 5})
    frame = votes.votes_frame([session.id])
    result = _result(areas, notes, frame)
    voice = result.voices.set_index(["area_code", "domain", "perspective"]).loc[
        (wijk, "scholing", "bewoner")
    ]
    assert voice["n_stem"] == 4
    assert voice["n"] >= 4


def test_convergence_is_found_where_the_demo_converges(demo) -> None:
    areas, notes = demo
    result = _result(areas, notes)
    assert not result.trend.empty
    assert set(result.trend["verdict"]) <= {
        "de stemmen groeien naar elkaar toe",
        "de stemmen lopen uiteen",
        "ongeveer gelijk gebleven",
    }
    assert (result.trend["verdict"] == "de stemmen groeien naar elkaar toe").any()
