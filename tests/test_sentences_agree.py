"""Every generated sentence agrees with the numbers shown beside it.

Property tests over all combinations of voices (which count, their values), ranks and room
votes: the words (gedeeld urgent, verdeeld, "ziet urgentie", "de meeste zorg", "meer urgentie
dan eerder") are checked against the numbers *as they appear in the sentence or on the step
beside it*, so a rounding that flips a verdict would fail here.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from urgentie.analysis.alignment import (
    PARTLY,
    SHARED_NOT_URGENT,
    SHARED_URGENT,
    SPLIT,
    TOO_LITTLE,
    VOICES,
    alignment,
    counts,
)
from urgentie.analysis.alignment_detail import explain_status
from urgentie.analysis.resident import resident_facts
from urgentie.analysis.scores import _stapeling
from urgentie.analysis.thresholds import GAP, URGENT_ABOVE, VOICE_CALM, VOICE_URGENT
from urgentie.domains import VOICE_NAMES
from urgentie.numbers import round_half_up
from urgentie.session.results import SAME_WITHIN, comparison_sentence
from urgentie.session.story import (
    Concentration,
    DomainScore,
    rank_words,
    status_sentence,
    voice_text,
    worst_fifth,
)

NUMBER = re.compile(r"(?<![\d,])(\d+,\d)(?!\d|,\d)")
"""A number as the app shows a 1–5 urgency: one decimal, decimal comma."""

# Values near the thresholds matter most: draw from a grid of hundredths, so 2,95 / 3,04 / 3,05
# and 1,49-gaps come up often, plus arbitrary floats.
urgency = st.one_of(
    st.integers(100, 500).map(lambda i: i / 100),
    st.floats(1.0, 5.0, allow_nan=False),
)
voice = st.one_of(st.none(), st.tuples(urgency, st.integers(0, 9)))
voices = st.fixed_dictionaries(dict.fromkeys(VOICES, voice))


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", ".")) for n in NUMBER.findall(text)]


def _row(given_voices: dict[str, tuple[float, int] | None]) -> pd.Series:
    rows = [
        {"area_code": "WK1", "domain": "wonen", "perspective": v, "urgency": u, "n": n}
        for v, pair in given_voices.items()
        if pair is not None
        for u, n in [pair]
    ]
    table = alignment(
        pd.DataFrame(rows, columns=["area_code", "domain", "perspective", "urgency", "n"])
    )
    if table.empty:
        return pd.Series({"status": TOO_LITTLE, "gap_text": ""})
    return table.iloc[0]


@settings(max_examples=600, deadline=None)
@given(voices)
def test_alignment_sentences_agree_with_the_voices_shown(given_voices: dict) -> None:
    row = _row(given_voices)
    status = str(row["status"])
    known = {
        v: pair[0]
        for v, pair in given_voices.items()
        if pair is not None and counts(v, pair[1], pair[0])
    }
    # What step 2 shows for each counting voice: the number the sentence must repeat.
    on_step_2 = {v: _numbers(voice_text(u, given_voices[v][1], v))[0] for v, u in known.items()}
    sentence = status_sentence(status, known, str(row.get("gap_text") or ""))
    said = _numbers(sentence)
    values = list(on_step_2.values())
    urgent = [v for v in values if v > URGENT_ABOVE.value]
    calm = [v for v in values if v <= URGENT_ABOVE.value]

    if len(values) < 2:
        assert status == TOO_LITTLE
        return
    assert set(said) - {URGENT_ABOVE.value} <= set(values)  # only numbers shown on step 2
    if status == SHARED_URGENT:
        assert not calm, (on_step_2, sentence)
        assert sorted(said[1:]) == sorted(values)  # every voice, after the midpoint
    elif status == SHARED_NOT_URGENT:
        assert not urgent, (on_step_2, sentence)
        assert sorted(said[1:]) == sorted(values)
    else:
        assert status in {SPLIT, PARTLY}
        assert urgent and calm, (on_step_2, sentence)
        high, low = said
        assert (high, low) == (max(values), min(values))
        gap = round(high - low, 1)
        assert (gap >= GAP.value) == (status == SPLIT), (gap, status, sentence)
        words = sentence.lower()
        if any(w in words for w in ("ziet urgentie", "zien urgentie", "luiden de bel", " hoog")):
            assert high >= VOICE_URGENT.value, sentence
        if re.search(r", \w+ niet\b|verhalen laag", words):
            assert low <= VOICE_CALM.value, sentence
    # The analyst's explanation of the same cell quotes the same numbers.
    explained = explain_status(row)
    assert set(_numbers(explained)) - {URGENT_ABOVE.value, GAP.value} <= set(values) | {
        round(max(values) - min(values), 1)
    }


@given(st.integers(1, 60).flatmap(lambda of: st.tuples(st.integers(1, of), st.just(of))))
def test_rank_words_follow_the_rank(place: tuple[int, int]) -> None:
    rank, of = place
    words = rank_words(rank, of)
    if of == 1:
        assert "enige" in words
        return
    assert f"van de {of} wijken" in words
    assert words.startswith("de meeste zorg van") == (rank == 1)
    assert words.startswith("de minste zorg van") == (rank == of)
    upper = rank - 1 < of - rank  # fewer wijken above than below
    lower = rank - 1 > of - rank
    if 1 < rank < of:
        assert ("helft met de meeste zorg" in words) == upper
        assert ("helft met de minste zorg" in words) == lower
        assert ("midden" in words) == (not upper and not lower)


scores = st.lists(st.one_of(st.none(), st.floats(-3, 3, allow_nan=False)), min_size=2, max_size=14)


@settings(max_examples=200, deadline=None)
@given(st.lists(scores, min_size=1, max_size=5), st.data())
def test_named_worst_domains_are_exactly_the_stapeling(columns: list, data) -> None:
    size = min(len(c) for c in columns)
    frame = pd.DataFrame(
        {f"d{i}": [math.nan if v is None else v for v in c[:size]] for i, c in enumerate(columns)},
        index=[f"WK{i}" for i in range(size)],
    )
    code = data.draw(st.sampled_from(list(frame.index)))
    named = worst_fifth(frame, code)
    stapeling = _stapeling(frame)[code]
    assert len(named) == (0 if pd.isna(stapeling) else int(stapeling))
    for item in named:
        assert item.score > 0 and item.rank <= item.of


@given(urgency, st.integers(0, 12), st.one_of(st.just(math.nan), urgency))
def test_room_comparison_agrees_with_its_numbers(room: float, n: int, earlier: float) -> None:
    sentence = comparison_sentence("wonen", room, n, earlier)
    said = _numbers(sentence)
    if len(said) < 2:
        assert "meer" not in sentence and "minder" not in sentence
        return
    shown_room, shown_earlier = said
    diff = round(shown_room - shown_earlier, 1)
    if "meer urgentie" in sentence:
        assert diff >= SAME_WITHIN
    elif "minder urgentie" in sentence:
        assert diff <= -SAME_WITHIN
    else:
        assert abs(diff) < SAME_WITHIN


def test_voice_names_cover_every_voice() -> None:
    assert set(VOICE_NAMES) >= set(VOICES)


@given(
    st.integers(0, 1000).map(lambda i: i / 10),
    st.integers(0, 1000).map(lambda i: i / 10),
    st.floats(-0.06, 0.06),
)
def test_resident_comparison_agrees_with_the_figure_as_shown(
    value: float, gemeente: float, jitter: float
) -> None:
    # Figures a hair apart (jitter) read the same once rounded: never "meer" or "minder" then.
    profile = pd.DataFrame(
        {"indicator": ["pct_65plus"], "value": [value + jitter], "gemeente": [gemeente]}
    )
    profile.attrs["jaar"] = 2024  # the profile's year, as wijk_profile sets it
    fact = resident_facts("WK1", pd.DataFrame(), profile)[0]
    shown = round_half_up(value + jitter, 0)
    reference = round_half_up(gemeente, 0)
    if shown == reference:
        assert fact.comparison.startswith("ongeveer gemiddeld")
    elif fact.comparison.startswith("meer"):
        assert shown > reference
    elif fact.comparison.startswith("minder"):
        assert shown < reference


@pytest.mark.parametrize(
    ("n_domains", "worse", "expected"),
    [
        (0, (), "Stapeling: geen enkel domein heeft cijfers."),
        (
            1,
            ("sociaal_functioneren",),
            "Stapeling: in het enige domein met cijfers (Sociaal functioneren) hoort Wijk bij de "
            "20 % wijken met de meeste zorg.",
        ),
        (
            1,
            (),
            "Stapeling: in het enige domein met cijfers hoort Wijk niet bij de 20 % wijken met de "
            "meeste zorg.",
        ),
        (
            3,
            (),
            "Stapeling: in geen van de 3 domeinen hoort Wijk bij de 20 % wijken met de "
            "meeste zorg.",
        ),
        (
            3,
            ("wonen", "veiligheid"),
            "Stapeling: in 2 van de 3 domeinen hoort Wijk bij de 20 % wijken met de meeste zorg: "
            "Wonen, Veiligheid en criminaliteit.",
        ),
    ],
)
def test_the_stapeling_sentence_counts_and_names_alike(n_domains, worse, expected) -> None:
    items = tuple(DomainScore(d, 1.0, 1, 10) for d in worse)
    c = Concentration("WK1", "Wijk", 0.5, 3, 10, len(items), n_domains, items)
    assert c.sentences()[-1] == expected
