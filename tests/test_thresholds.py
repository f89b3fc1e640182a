from __future__ import annotations

from pathlib import Path

import pytest

from urgentie.analysis.thresholds import THRESHOLDS, Threshold

DOC = Path(__file__).resolve().parents[1] / "docs" / "gedeelde-urgentie.md"


@pytest.mark.parametrize("threshold", THRESHOLDS, ids=lambda t: t.name)
def test_every_threshold_is_documented_with_its_value(threshold: Threshold) -> None:
    text = DOC.read_text(encoding="utf-8")
    value = f"{threshold.value:g}".replace(".", ",")
    assert f"| `{threshold.name}` | {value} |" in text or (
        f"| `{threshold.name}` | {value},0 |" in text
    )
