"""Domains and voices: labels back to keys, and one name and colour per voice."""

from __future__ import annotations

import pytest

from urgentie.domains import (
    CIJFERS,
    DOMAIN_KEYS,
    PERSPECTIVE_LABELS,
    VOICE_COLOURS,
    VOICE_NAMES,
    VOICE_SHORT_LABELS,
    domain_key,
    domain_label,
)


@pytest.mark.parametrize("key", [*DOMAIN_KEYS, "context"])
def test_a_label_leads_back_to_its_domain(key: str) -> None:
    assert domain_key(domain_label(key)) == key


def test_an_unknown_label_is_an_error_not_a_guess() -> None:
    with pytest.raises(KeyError):
        domain_key("Verkeer")


def test_every_voice_has_one_name_label_and_a_distinct_colour() -> None:
    voices = set(PERSPECTIVE_LABELS)
    assert CIJFERS in voices
    assert set(VOICE_NAMES) == set(VOICE_SHORT_LABELS) == set(VOICE_COLOURS) == voices
    assert len(set(VOICE_COLOURS.values())) == len(voices)
