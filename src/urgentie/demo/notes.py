"""Conversation notes of Voorbeeldstad: generated, varied, and shaped by the story.

The notes are written to ``<data>/demo/gesprekken.csv`` by :func:`urgentie.demo.build_demo` in
this plain format (UTF-8, separator ``;``, one header line, fields with a ``;`` or quote are
quoted the CSV way)::

    datum;wijk;perspectief;rol;tekst;urgentie_opvoeding;urgentie_scholing;…;urgentie_energietransitie

- ``datum``: ISO date ``YYYY-MM-DD`` (2023–2025, in five conversation rounds);
- ``wijk``: where the note is about, as people write it: a wijk name (``Molenwijk``), a CBS code
  (``WK999909``) or a buurt name (``Korenmolen``);
- ``perspectief``: ``beleid``, ``professional`` or ``bewoner``;
- ``rol``: free text (``wijkagent``, ``wethouder``, ``bewoner (vrijwilliger buurthuis)`` …);
- ``tekst``: the note itself, *not* pseudonymised: it contains names, streets with house
  numbers, ages, phone numbers and e-mail addresses, so the import's pseudonymisation has
  something real to do;
- ``urgentie_<domein>`` for every domain of :mod:`urgentie.domains`: an explicit urgency rating
  1–5 given in the conversation, empty when none was given.

Each note's tone follows a rating drawn around the mean the story gives that wijk, perspective
and domain at that moment (see :mod:`urgentie.demo.story`), so the designed agreements and
disagreements show in the texts as well as in the explicit ratings.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from urgentie.demo import phrases
from urgentie.demo.geometry import Layout, build_layout
from urgentie.demo.story import SEED, WIJKEN, WijkStory, wijk_code
from urgentie.domains import DOMAIN_KEYS, PERSPECTIVES

NOTES_FILE = "gesprekken.csv"
RATING_PREFIX = "urgentie_"
COLUMNS: tuple[str, ...] = (
    "datum",
    "wijk",
    "perspectief",
    "rol",
    "tekst",
    *(f"{RATING_PREFIX}{d}" for d in DOMAIN_KEYS),
)
PERIODS: tuple[tuple[date, date], ...] = (
    (date(2023, 2, 1), date(2023, 6, 30)),
    (date(2023, 9, 1), date(2023, 12, 15)),
    (date(2024, 1, 15), date(2024, 6, 30)),
    (date(2024, 9, 1), date(2024, 12, 15)),
    (date(2025, 1, 15), date(2025, 6, 30)),
)
"""Conversation rounds: the story's ratings move from the first to the last round."""

_RATED_SHARE = {"beleid": 0.8, "professional": 0.75, "bewoner": 0.6}
_OTHER_FOCUS_RATED = 0.9
"""A rated conversation usually scores every theme the speaker cares about, not only one."""
_FOCUS_WEIGHT = 6.0


def demo_notes(seed: int = SEED, layout: Layout | None = None) -> pd.DataFrame:
    """All demo notes as a DataFrame with :data:`COLUMNS`, sorted by date.

    Ratings are nullable integers (``Int64``); everything is deterministic for ``seed``.
    ``layout`` saves recomputing the geometry when the caller already has it.
    """
    layout = layout or build_layout(seed)
    rng = np.random.default_rng([seed, 3])
    rows: list[dict[str, object]] = []
    for story in WIJKEN:
        buurten = layout.buurten.loc[layout.buurten["wijk_nr"] == story.nr]
        names = buurten["naam"].tolist()
        living = buurten.loc[buurten["kind"] == "woon", "naam"].tolist()
        for round_nr in range(len(PERIODS)):
            # Residents are heard most (keukentafelgesprekken, wijkschouw), policy least: enough
            # distinct respondents per wijk that the resident page can show themes above k = 5.
            counts = {
                "beleid": 1 + int(rng.random() < 0.3),
                "professional": 2 + int(rng.random() < 0.6),
                "bewoner": 3 + int(rng.integers(0, 3)),
            }
            for perspective in PERSPECTIVES:
                for _ in range(counts[perspective]):
                    rows.append(
                        _note(
                            rng,
                            story,
                            buurten=names,
                            living=living,
                            perspective=perspective,
                            round_nr=round_nr,
                        )
                    )
    frame = pd.DataFrame(rows)
    for column in COLUMNS[5:]:
        frame[column] = pd.array(frame[column], dtype="Int64")
    frame = frame.sort_values(["datum", "wijk"], kind="stable").reset_index(drop=True)
    return frame[list(COLUMNS)]


def mean_rating(story: WijkStory, perspective: str, domain: str, progress: float) -> float:
    """The story's mean rating for one perspective and domain, ``progress`` 0 (2023) … 1 (2025)."""
    start, end = story.ratings.get(perspective, {}).get(domain, (story.base, story.base))
    return start + (end - start) * progress


def _note(
    rng: np.random.Generator,
    story: WijkStory,
    *,
    buurten: list[str],
    living: list[str],
    perspective: str,
    round_nr: int,
) -> dict[str, object]:
    progress = round_nr / (len(PERIODS) - 1)
    focus = list(story.ratings.get(perspective, {}))
    weights = np.array([_FOCUS_WEIGHT if d in focus else 1.0 for d in DOMAIN_KEYS])
    domain = str(rng.choice(DOMAIN_KEYS, p=weights / weights.sum()))
    rating = _draw(rng, mean_rating(story, perspective, domain, progress))
    tone = _tone(rng, story, perspective, domain, rating)
    role = _role(rng, perspective, domain)
    slots = _slots(rng, story, living or buurten, role)
    text = _compose(
        rng,
        story,
        perspective=perspective,
        role=role,
        domain=domain,
        tone=tone,
        rating=rating,
        slots=slots,
    )

    ratings: dict[str, int | None] = dict.fromkeys(DOMAIN_KEYS)
    if rng.random() < _RATED_SHARE[perspective]:
        ratings[domain] = rating
        for other in focus:
            if other != domain and rng.random() < _OTHER_FOCUS_RATED:
                ratings[other] = _draw(rng, mean_rating(story, perspective, other, progress))
    start, end = PERIODS[round_nr]
    day = start + timedelta(days=int(rng.integers(0, (end - start).days + 1)))
    return {
        "datum": day.isoformat(),
        "wijk": _place(rng, story, buurten, perspective),
        "perspectief": perspective,
        "rol": role,
        "tekst": text,
        **{f"{RATING_PREFIX}{d}": r for d, r in ratings.items()},
    }


def _draw(rng: np.random.Generator, mean: float) -> int:
    """A whole rating 1–5 around ``mean``: people differ, but not wildly."""
    return int(np.clip(round(mean + rng.normal(0.0, 0.5)), 1, 5))


def _tone(
    rng: np.random.Generator, story: WijkStory, perspective: str, domain: str, rating: int
) -> str:
    if rating >= 4:
        return "urgent"
    if rating == 3:
        return "zorg"
    if perspective != "beleid" and domain in story.improved:
        return "verbeterd"
    if perspective != "beleid" and story.mild and rng.random() < 0.6:
        return "veerkracht"
    return "rustig"


def _role(rng: np.random.Generator, perspective: str, domain: str) -> str:
    if perspective == "beleid":
        pool = phrases.BELEID_ROLES[domain] if rng.random() < 0.6 else phrases.BELEID_GENERAL
        return str(rng.choice(pool))
    if perspective == "professional":
        return str(rng.choice(phrases.PROFESSIONAL_ROLES[domain]))
    return str(rng.choice(phrases.BEWONER_ROLES))


def _place(rng: np.random.Generator, story: WijkStory, buurten: list[str], perspective: str) -> str:
    """How the note names its area: mostly the wijk name, sometimes a code or a buurt name."""
    draw = rng.random()
    by_name, by_code = (0.45, 0.5) if perspective == "bewoner" else (0.6, 0.78)
    if draw < by_name:
        return story.naam
    if draw < by_code:
        return wijk_code(story.nr)
    return str(rng.choice(buurten))


def _slots(
    rng: np.random.Generator, story: WijkStory, buurten: list[str], role: str
) -> dict[str, str]:
    first, volunteer = (str(v) for v in rng.choice(phrases.FIRST_NAMES, 2, replace=False))
    last = str(rng.choice(phrases.SURNAMES))
    mail_name = f"{first}.{last}".lower().replace(" ", "").replace("ı", "i")
    # The speaker's own age fits the role, and nobody has lived somewhere longer than they live.
    low, high = {"jongere": (15, 23), "oudere bewoner": (68, 93)}.get(role, (24, 80))
    own_age = int(rng.integers(low, high + 1))
    # Nobody has lived in a new-build wijk for decades.
    longest = min(own_age, 14 if story.newness > 0.5 else 46)
    return {
        "wijk": story.naam,
        "buurt": str(rng.choice(buurten)),
        "straat": str(rng.choice(story.streets)),
        "nr": str(int(rng.integers(1, 180))),
        "voorziening": story.voorziening,
        "school": story.school,
        "winkel": story.winkel,
        "plein": story.plein,
        "voornaam": first,
        "vrijwilliger": volunteer,
        "man": str(rng.choice(phrases.MEN)),
        "achternaam": last,
        "leeftijd": str(int(rng.integers(19, 91))),
        "leeftijd_werk": str(int(rng.integers(18, 67))),
        "leeftijd_oud": str(int(rng.integers(68, 95))),
        "eigen_leeftijd": str(own_age),
        "jaren": str(int(rng.integers(2, max(3, longest)))),
        "telefoon": f"06-{int(rng.integers(10_000_000, 99_999_999))}",
        "email": f"{mail_name}@{rng.choice(phrases.MAIL_DOMAINS)}",
    }


def _compose(
    rng: np.random.Generator,
    story: WijkStory,
    *,
    perspective: str,
    role: str,
    domain: str,
    tone: str,
    rating: int,
    slots: dict[str, str],
) -> str:
    """Opener, core sentence, and optional trend, strength, personal detail and closing."""
    register = "bewoner" if perspective == "bewoner" else "inst"
    if tone == "veerkracht":
        core = str(rng.choice(phrases.VEERKRACHT[register]))
    else:
        fragments = phrases.BEWONER if register == "bewoner" else phrases.INST
        core = str(rng.choice(fragments[domain][tone]))
    parts: list[str] = []
    opener = str(rng.choice(_openers(perspective, role)))
    # Two colons in one sentence read badly: skip a colon opener before a core with a colon.
    if rng.random() < 0.55 and not (opener.endswith(":") and ":" in core):
        parts.append(opener)
    parts.append(core)
    worsening = tone in ("urgent", "zorg") and story.trend > 0.2 and perspective != "beleid"
    if worsening and rng.random() < 0.6:
        parts.append(str(rng.choice(phrases.WORSE[register])))
    closing = ""
    if rng.random() < 0.3:
        level = "hoog" if rating >= 3 else "laag"
        closing = str(rng.choice(phrases.CLOSINGS[perspective][level]))
        if level == "hoog":
            # An alarmed closing belongs right after the concern, not after a strength.
            parts.append(closing)
            closing = ""
    calm = tone in ("rustig", "verbeterd", "veerkracht")
    if rng.random() < (0.6 if calm else 0.3):
        parts.append(str(rng.choice(phrases.STRENGTHS)))
    if rng.random() < 0.35:
        parts.append(str(rng.choice(phrases.PERSONAL[register])))
    if closing:
        parts.append(closing)
    sentences: list[str] = []
    for part in parts:
        text = _sentence(part.format(**slots))
        if sentences and sentences[-1].endswith(":") and not part.startswith("{"):
            # Dutch continues in lower case after a colon (place names start with a slot).
            text = text[:1].lower() + text[1:]
        sentences.append(text)
    return " ".join(sentences)


def _openers(perspective: str, role: str) -> tuple[str, ...]:
    if perspective == "beleid":
        return phrases.OPENERS_BELEID
    if perspective == "professional":
        return phrases.OPENERS_PROFESSIONAL.get(role, ("Vanuit mijn werk in de wijk:",))
    return phrases.OPENERS_BEWONER


def _sentence(text: str) -> str:
    """Capitalise the first letter (a fragment may start with a place name in lower case)."""
    return text[:1].upper() + text[1:] if text else text
