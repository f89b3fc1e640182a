"""docs/methode.md states the constants the analysis code declares; they must not drift apart."""

from __future__ import annotations

from pathlib import Path

from urgentie.analysis import classify, concentration, profile, scores
from urgentie.numbers import format_number

DOC = Path(__file__).resolve().parents[1] / "docs" / "methode.md"


def test_method_document_states_the_declared_constants():
    text = DOC.read_text(encoding="utf-8")
    t1, t2, t3, t4 = scores.URGENCY_THRESHOLDS
    expected = [
        f"z ≤ {format_number(t1, 0)} ",
        f"{format_number(t1, 0)} < z ≤ {format_number(t2, 2)}",
        f"{format_number(t2, 2)} < z < {format_number(t3, 2)}",
        f"{format_number(t3, 2)} ≤ z < {format_number(t4, 0)}",
        f"z ≥ {format_number(t4, 0)} ",
        f"minder dan {scores.MIN_VALUES} gebieden",
        "slechtste vijfde deel" if scores.WORST_SHARE == 0.2 else "?",
        f"Tot {classify.FISHER_JENKS_MAX_N} gebieden",
        f"binnen {format_number(concentration.SNAP_METRES, 0)} m",
        f"Minder dan {concentration.MIN_AREAS} gebieden",
        f"{format_number(profile.TOLERANCE * 100, 0)} % van het gemiddelde",
        f"meer dan {format_number(profile.GEOMETRY_CHANGE_SHARE * 100, 0)} % verschoven",
        "halve standaardafwijking" if profile.STRENGTH_Z == 0.5 else "?",
    ]
    missing = [phrase for phrase in expected if phrase not in text]
    assert missing == []
