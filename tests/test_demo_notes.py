"""The demo conversation notes: volume, variety, the designed patterns and the CSV format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from urgentie.demo import NOTES_FILE, build_demo, demo_notes
from urgentie.demo.geometry import build_layout
from urgentie.demo.notes import COLUMNS, PERIODS
from urgentie.demo.phrases import FIRST_NAMES
from urgentie.demo.story import SEED
from urgentie.domains import DOMAIN_KEYS, PERSPECTIVES
from urgentie.store.areas import AreaStore


@pytest.fixture(scope="module")
def layout():
    return build_layout(SEED)


@pytest.fixture(scope="module")
def notes(layout) -> pd.DataFrame:
    frame = demo_notes(SEED, layout)
    frame["wijk_naam"] = frame["wijk"].map(_lookup(layout))
    return frame


def _lookup(layout) -> dict[str, str]:
    """Every way a note may name its area (wijk name, wijk code, buurt name) -> wijk name."""
    wijken = layout.wijken
    by_code = dict(zip(wijken["code"], wijken["naam"], strict=True))
    lookup = dict(zip(wijken["naam"], wijken["naam"], strict=True)) | by_code
    buurten = layout.buurten
    lookup |= dict(zip(buurten["naam"], buurten["wijk_code"].map(by_code), strict=True))
    return lookup


def _ratings(notes: pd.DataFrame) -> pd.DataFrame:
    """Long table of explicit ratings: wijk_naam, perspectief, datum, domein, rating."""
    columns = [f"urgentie_{d}" for d in DOMAIN_KEYS]
    long = notes.melt(
        id_vars=["wijk_naam", "perspectief", "datum"], value_vars=columns, var_name="domein"
    ).dropna(subset=["value"])
    long["domein"] = long["domein"].str.removeprefix("urgentie_")
    return long.rename(columns={"value": "rating"})


def _mean(notes: pd.DataFrame, wijk: str, perspective: str, domain: str | None = None) -> float:
    ratings = _ratings(notes)
    mask = (ratings["wijk_naam"] == wijk) & (ratings["perspectief"] == perspective)
    if domain:
        mask &= ratings["domein"] == domain
    assert mask.sum() >= 2, (wijk, perspective, domain)
    return float(ratings.loc[mask, "rating"].astype(float).mean())


def test_enough_notes_in_the_documented_columns(notes: pd.DataFrame) -> None:
    assert len(notes) >= 150
    assert list(notes.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert set(notes["perspectief"]) == set(PERSPECTIVES)
    assert notes["tekst"].str.len().min() >= 20
    # Varied, not one sentence repeated: most texts are unique.
    assert notes["tekst"].nunique() >= 0.9 * len(notes)


def test_every_note_names_a_demo_area_in_one_of_three_ways(notes: pd.DataFrame, layout) -> None:
    assert notes["wijk_naam"].notna().all()
    kinds = notes["wijk"].map(
        lambda v: (
            "code"
            if v.startswith("WK9999")
            else "wijk"
            if v in set(layout.wijken["naam"])
            else "buurt"
        )
    )
    assert set(kinds) == {"code", "wijk", "buurt"}


def test_every_wijk_hears_all_three_perspectives(notes: pd.DataFrame, layout) -> None:
    table = pd.crosstab(notes["wijk_naam"], notes["perspectief"])
    assert set(table.index) == set(layout.wijken["naam"])
    assert (table[list(PERSPECTIVES)] >= 3).all().all()


def test_dates_spread_over_rounds_from_2023_to_2025(notes: pd.DataFrame) -> None:
    dates = pd.to_datetime(notes["datum"], format="%Y-%m-%d")
    assert dates.min().year == 2023
    assert dates.max().year == 2025
    rounds = pd.cut(
        dates,
        [pd.Timestamp(start) for start, _ in PERIODS]
        + [pd.Timestamp(PERIODS[-1][1]) + pd.Timedelta(days=1)],
        right=False,
    )
    assert rounds.notna().all()
    assert rounds.nunique() == len(PERIODS) >= 4


def test_ratings_are_whole_numbers_from_one_to_five(notes: pd.DataFrame) -> None:
    ratings = _ratings(notes)["rating"].astype(int)
    assert ratings.between(1, 5).all()
    rated = notes[[f"urgentie_{d}" for d in DOMAIN_KEYS]].notna().any(axis=1)
    assert 0.3 < rated.mean() < 0.95, "some notes carry ratings, not all"


def test_agree_urgent_in_molenwijk(notes: pd.DataFrame) -> None:
    for perspective in PERSPECTIVES:
        assert _mean(notes, "Molenwijk", perspective, "werk_inkomen") >= 3.5


def test_agree_not_urgent_in_zuiderpark(notes: pd.DataFrame) -> None:
    for perspective in PERSPECTIVES:
        assert _mean(notes, "Zuiderpark", perspective) <= 2.5


def test_beleid_sees_urgency_where_professionals_say_it_improved(notes: pd.DataFrame) -> None:
    beleid = _mean(notes, "Oude Haven", "beleid", "veiligheid")
    professional = _mean(notes, "Oude Haven", "professional", "veiligheid")
    assert beleid - professional >= 1.5
    texts = notes.loc[
        (notes["wijk_naam"] == "Oude Haven") & (notes["perspectief"] == "professional"), "tekst"
    ]
    assert texts.str.contains("rustiger|afgenomen|minder|verdwenen|werkt", regex=True).any()


def test_residents_sound_the_alarm_in_het_veld(notes: pd.DataFrame) -> None:
    bewoner = _mean(notes, "Het Veld", "bewoner", "veiligheid")
    assert bewoner >= 4.0
    assert bewoner - _mean(notes, "Het Veld", "beleid", "veiligheid") >= 1.5


def test_stories_are_mild_in_de_akkers(notes: pd.DataFrame) -> None:
    assert _mean(notes, "De Akkers", "bewoner") <= 2.5
    texts = notes.loc[notes["wijk_naam"] == "De Akkers", "tekst"]
    assert texts.str.contains("redden ons|kent elkaar|veerkracht|samen op", regex=True).any()


def test_perspectives_converge_over_time_in_vlietzoom(notes: pd.DataFrame) -> None:
    """Professionals see the decline first; beleid catches up in the later rounds."""
    ratings = _ratings(notes)
    ratings = ratings[
        (ratings["wijk_naam"] == "Vlietzoom")
        & ratings["domein"].isin(["werk_inkomen", "opvoeding", "veiligheid"])
    ]
    # The first two rounds (2023) against the last two (autumn 2024 and 2025).
    late = ratings["datum"] >= PERIODS[-2][0].isoformat()
    early = ratings["datum"] < PERIODS[2][0].isoformat()

    def mean(perspective: str, when: pd.Series) -> float:
        mask = (ratings["perspectief"] == perspective) & when
        assert mask.sum() >= 3
        return float(ratings.loc[mask, "rating"].astype(float).mean())

    assert mean("beleid", late) - mean("beleid", early) >= 1.0
    gap_early = mean("professional", early) - mean("beleid", early)
    gap_late = mean("professional", late) - mean("beleid", late)
    assert gap_early >= 1.0
    assert gap_late < gap_early - 0.5


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("phone number", r"\b06-\d{8}\b"),
        ("e-mail address", r"\b[\w.]+@[\w-]+\.nl\b"),
        ("age in brackets", r"\(\d{2}\)"),
        ("age as years", r"\b\d{2} jaar\b"),
        ("street and house number", r"\b[A-Z][a-z]+(?:straat|laan|weg|kade) \d{1,3}\b"),
        ("title and surname", r"\b(?:[Mm]evrouw|[Mm]eneer) (?:de |van |El )?[A-Z]\w+"),
        ("first and last name", rf"\b(?:{'|'.join(FIRST_NAMES)}) (?:de |van |El )?[A-Z]\w+"),
        ("school or shop", r"basisschool|supermarkt|bakkerij|kapsalon|slagerij"),
    ],
)
def test_notes_contain_personal_details_to_pseudonymise(
    notes: pd.DataFrame, what: str, pattern: str
) -> None:
    hits = notes["tekst"].str.contains(pattern, regex=True)
    assert hits.sum() >= 3, what
    assert hits.mean() < 0.6, f"{what} should appear in some notes, not all"


def test_notes_mention_strengths(notes: pd.DataFrame) -> None:
    strengths = notes["tekst"].str.contains("Wat goed gaat|vrijwilligers|opgeknapt|Positief")
    assert strengths.sum() >= 15


def test_written_csv_is_plain_and_reads_back(tmp_path: Path, notes: pd.DataFrame) -> None:
    store = AreaStore(tmp_path / "data")
    build_demo(store)
    path = Path(store.root) / "demo" / NOTES_FILE
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "plain UTF-8 without BOM"
    header = raw.decode("utf-8").splitlines()[0]
    assert header.split(";") == list(COLUMNS)
    back = pd.read_csv(path, sep=";", dtype={"datum": str}, encoding="utf-8")
    for column in COLUMNS[5:]:
        back[column] = back[column].astype("Int64")
    pd.testing.assert_frame_equal(back, notes[list(COLUMNS)], check_dtype=False)
