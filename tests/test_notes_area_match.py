"""Matching written area names to the areas of a gemeente: never a silent guess."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.notes_support import AREAS
from urgentie.notes import area_match
from urgentie.notes.area_match import AreaMatcher


@pytest.fixture(scope="module")
def matcher() -> AreaMatcher:
    frame = pd.DataFrame(AREAS, columns=["code", "naam", "niveau"])
    return AreaMatcher(frame, "GM9999", aliases={"de brinck": "WK999903", "oud": "WK000000"})


@pytest.mark.parametrize(
    ("written", "level", "kind", "code"),
    [
        # exact codes and names (case, accents, punctuation, a "Wijk 02" prefix ignored)
        ("WK999902", None, area_match.EXACT, "WK999902"),
        ("wk 999902", None, area_match.EXACT, "WK999902"),
        ("bloemenbuurt", None, area_match.NAME, "WK999902"),
        ("Wijk 02 Bloemenbuurt", None, area_match.NAME, "WK999902"),
        ("Stationskwartíer", None, area_match.NAME, "BU99990102"),
        ("Noord Oost", None, area_match.NAME, "WK999903"),
        # a name on two levels: the column decides, otherwise the user does
        ("Centrum", "wijk", area_match.NAME, "WK999901"),
        ("Centrum", "buurt", area_match.NAME, "BU99990101"),
        ("Centrum", None, area_match.AMBIGUOUS, None),
        # typos: one clearly best match
        ("Bloemenbuurd", None, area_match.FUZZY, "WK999902"),
        ("Stationkwartier", None, area_match.FUZZY, "BU99990102"),
        ("Noord-Ost", None, area_match.FUZZY, "WK999903"),
        # two equally close areas: ambiguous
        ("Noord-Wost", None, area_match.AMBIGUOUS, None),
        ("Centrm", None, area_match.AMBIGUOUS, None),
        ("Centrm", "wijk", area_match.FUZZY, "WK999901"),
        # nothing close enough
        ("Noord", None, area_match.UNKNOWN, None),
        ("Kralingen", None, area_match.UNKNOWN, None),
        # remembered choices; an alias to a code that no longer exists is ignored
        ("De Brinck", None, area_match.ALIAS, "WK999903"),
        ("Oud", None, area_match.UNKNOWN, None),
        # codes of another gemeente or that do not exist
        ("WK034401", None, area_match.OTHER_GEMEENTE, None),
        ("BU99999999", None, area_match.UNKNOWN, None),
    ],
)
def test_match_table(
    matcher: AreaMatcher, written: str, level: str | None, kind: str, code: str | None
) -> None:
    found = matcher.match(written, level)
    assert (found.kind, found.code) == (kind, code)


def test_fuzzy_match_shows_its_score(matcher: AreaMatcher) -> None:
    found = matcher.match("Bloemenbuurd")
    assert area_match.MATCH_SCORE <= found.score < 100
    assert "Bloemenbuurt (WK999902)" in found.explain()
    assert f"{found.score:.0f} % gelijk" in found.explain()


def test_unknown_and_ambiguous_names_come_with_suggestions(matcher: AreaMatcher) -> None:
    ambiguous = matcher.match("Noord-Wost")
    assert {c.code for c in ambiguous.candidates[:2]} == {"WK999903", "WK999904"}
    assert "dubbelzinnig" in ambiguous.explain()
    unknown = matcher.match("Noord")
    assert unknown.candidates and unknown.candidates[0].code in {"WK999903", "WK999904"}
    assert "onbekend" in unknown.explain()
