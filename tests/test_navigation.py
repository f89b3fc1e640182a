"""Which pages the menu lists per mode: Stem in public mode only while a session is open."""

from __future__ import annotations

import pytest

from urgentie.views.navigation import PAGES, visibility

STEM = next(p for p in PAGES if p.path == "app_pages/stem.py")
MIJN_WIJK = next(p for p in PAGES if p.path == "app_pages/mijn_wijk.py")


@pytest.mark.parametrize(
    ("spec", "public", "session_open", "expected"),
    [
        (STEM, True, False, "hidden"),
        (STEM, True, True, "visible"),
        (STEM, False, False, "visible"),
        (MIJN_WIJK, True, False, "visible"),
    ],
)
def test_stem_is_listed_in_public_mode_only_while_a_session_is_open(
    spec, public: bool, session_open: bool, expected: str
) -> None:
    assert visibility(spec, public=public, session_open=session_open) == expected
