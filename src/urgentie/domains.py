"""Domains of the wijkaanpak and the perspectives that judge them.

The domains come from the *Manifest voor een succesvolle wijkaanpak*; every indicator, code and
vote belongs to exactly one of them. ``context`` holds population figures that describe an area
without saying whether things go well or badly; it never enters an urgency score.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    """A policy domain: its key, Dutch label and a one-line plain-language description."""

    key: str
    label: str
    description: str


DOMAINS: tuple[Domain, ...] = (
    Domain("opvoeding", "Opvoeding en jeugd", "Opgroeien, gezinnen en jeugdhulp."),
    Domain("scholing", "Scholing", "Onderwijs, opleidingsniveau en scholen in de buurt."),
    Domain(
        "sociaal_functioneren",
        "Sociaal functioneren",
        "Meedoen, contact met anderen, eenzaamheid.",
    ),
    Domain("werk_inkomen", "Werk en inkomen", "Werk, inkomen, armoede en uitkeringen."),
    Domain("gezondheid", "Gezondheid en zorg", "Gezondheid, zorg en ondersteuning (Wmo)."),
    Domain("wonen", "Wonen", "Woningen, woningmarkt en leegstand."),
    Domain(
        "veiligheid",
        "Veiligheid en criminaliteit",
        "Veiligheid en overlast: geregistreerde misdrijven van de politie, gesprekken en stemmen.",
    ),
    Domain(
        "fysieke_leefomgeving",
        "Fysieke leefomgeving",
        "Openbare ruimte, voorzieningen dichtbij, groen.",
    ),
    Domain("energietransitie", "Energietransitie", "Energieverbruik en verduurzaming."),
)

CONTEXT = Domain("context", "Bevolking (context)", "Hoeveel mensen er wonen en hoe ze wonen.")

DOMAIN_KEYS: tuple[str, ...] = tuple(d.key for d in DOMAINS)
_ALL = {d.key: d for d in (*DOMAINS, CONTEXT)}


def domain(key: str) -> Domain:
    """Return the domain with ``key`` (also ``context``); KeyError for unknown keys."""
    return _ALL[key]


def domain_label(key: str) -> str:
    """The Dutch label of a domain key."""
    return _ALL[key].label


def domain_key(label: str) -> str:
    """The key of a domain by its Dutch label (a table row back to its domain); KeyError for
    a label that is no domain's."""
    return _BY_LABEL[label]


_BY_LABEL = {d.label: d.key for d in (*DOMAINS, CONTEXT)}


PERSPECTIVES: tuple[str, ...] = ("beleid", "professional", "bewoner")
"""The three human voices; hard data is the fourth voice, :data:`CIJFERS`."""

CIJFERS = "cijfers"

PERSPECTIVE_LABELS: dict[str, str] = {
    "beleid": "Beleid (gemeente)",
    "professional": "Professionals",
    "bewoner": "Bewoners",
    CIJFERS: "Cijfers (CBS)",
}
"""Column heads and legends: each voice with what it is."""

VOICE_SHORT_LABELS: dict[str, str] = {
    "beleid": "Beleid",
    "professional": "Professionals",
    "bewoner": "Bewoners",
    CIJFERS: "Cijfers",
}
"""Chart axes and legends, where the width is short."""

VOICE_NAMES: dict[str, str] = {
    "beleid": "beleid",
    "professional": "professionals",
    "bewoner": "bewoners",
    CIJFERS: "de cijfers",
}
"""A voice inside a sentence ("alleen de cijfers hebben genoeg gegevens")."""

VOICE_COLOURS: dict[str, str] = {
    "beleid": "#0072B2",  # blue
    "professional": "#E69F00",  # orange
    "bewoner": "#009E73",  # bluish green
    CIJFERS: "#595959",  # dark grey: the figures are not a person's judgement
}
"""One colour per voice on every chart: Okabe–Ito, safe for the common colour-vision
deficiencies; charts also write the voice or give it its own marker, so colour is never the
only cue."""
