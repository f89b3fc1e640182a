"""Screening of the few short labels the Sleutelfiguren register accepts.

A label (a role such as "buurtvader Molenwijk", an institution, a group of residents, who asked
for consent) is refused when

- it names a special category of personal data — religion, origin, health, private life,
  sexuality, politics, union membership or a criminal record — by a word of
  ``special_categories.yaml``; the 2026 fines for secret "krachtenveldanalyses" were about exactly
  such registers;
- the project's pseudonymiser finds a personal detail in it (a name, an age, an address, a phone
  number …): a label describes a role, never a person. A person's name has its own field, stored
  only with recorded consent.

Refusals are :class:`UserError` messages in Dutch that say what to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import yaml

from urgentie.errors import UserError

TERMS_PATH = Path(__file__).with_name("special_categories.yaml")
MAX_LABEL = 80
"""Longest label: a role fits in a few words; a longer text becomes a description of a life."""

CATEGORY_LABELS: dict[str, str] = {
    "religie": "geloof of levensovertuiging",
    "afkomst": "afkomst",
    "gezondheid": "gezondheid",
    "privéleven": "privéleven",
    "seksualiteit": "seksuele geaardheid",
    "politiek": "politieke voorkeur",
    "vakbond": "vakbondslidmaatschap",
    "strafrecht": "strafrechtelijk verleden",
}

PERSONAL_KINDS: frozenset[str] = frozenset(
    {
        "persoon",
        "leeftijd",
        "adres",
        "huisnummer",
        "telefoon",
        "e-mail",
        "website",
        "account",
        "datum",
        "kenteken",
        "nummer",
        "term",
    }
)
"""Pseudonymiser finds that refuse a label. Street, building and shop names ("conciërge van De
Eemhof") stay allowed: they say where a role is, not who fills it."""

_WORD = re.compile(r"[\wÀ-ÿ'-]+", re.UNICODE)

Finder = Callable[[str], list[str]]
"""Given a label, the kinds of personal detail the pseudonymiser finds in it."""


@cache
def special_terms() -> dict[str, tuple[str, ...]]:
    """Category -> its words (lower case; a trailing ``*`` matches longer words too)."""
    raw = yaml.safe_load(TERMS_PATH.read_text(encoding="utf-8"))
    return {str(cat): tuple(str(t).lower() for t in terms) for cat, terms in raw.items()}


def special_category(text: str) -> tuple[str, str] | None:
    """(category, word) of the first special-category word in ``text``, or None."""
    words = [w.lower().strip("'-") for w in _WORD.findall(text)]
    for category, terms in special_terms().items():
        for term in terms:
            prefix = term.endswith("*")
            stem = term.rstrip("*")
            for word in words:
                if word == stem or (prefix and word.startswith(stem)):
                    return category, word
    return None


def pseudonymiser_finder(keep_terms: Iterable[str] = ()) -> Finder:
    """A :data:`Finder` backed by the project's pseudonymiser; ``keep_terms`` (area names) are
    never taken for a name."""
    from urgentie.notes.pseudonymise import get_pseudonymiser

    pseudonymiser = get_pseudonymiser(keep_terms=tuple(keep_terms))

    def find(text: str) -> list[str]:
        return [r.kind for r in pseudonymiser.run(text).replacements]

    return find


def screen_label(text: str, field: str, finder: Finder | None, *, required: bool = True) -> str:
    """The cleaned label, or a Dutch :class:`UserError` saying why it cannot be stored.

    ``field`` names the field in the message ("De rol"); ``finder`` is the pseudonymiser check
    (None only where the caller screened already).
    """
    cleaned = " ".join(str(text or "").split())
    if not cleaned:
        if required:
            raise UserError(f"{field} is leeg. Vul een korte omschrijving in.")
        return ""
    if len(cleaned) > MAX_LABEL:
        raise UserError(
            f"{field} is te lang ({len(cleaned)} tekens; hoogstens {MAX_LABEL}). Noem alleen de "
            "rol of de organisatie, geen beschrijving van een persoon."
        )
    found = special_category(cleaned)
    if found is not None:
        category, word = found
        raise UserError(
            f"{field} kan niet worden bewaard: '{word}' zegt iets over "
            f"{CATEGORY_LABELS.get(category, category)}. Dat is een bijzonder persoonsgegeven; "
            "het register legt alleen rollen vast. Laat het woord weg."
        )
    if finder is not None:
        from urgentie.notes.pseudonymise import KIND_LABELS

        kinds = [k for k in finder(cleaned) if k in PERSONAL_KINDS]
        if kinds:
            raise UserError(
                f"{field} bevat een {KIND_LABELS[kinds[0]]}. Beschrijf een rol ('buurtvader "
                "Molenwijk', 'wijkagent'), geen persoon. Een naam mag alleen in het veld Naam, "
                "met vastgelegde toestemming."
            )
    return cleaned


def screen_name(text: str, finder: Finder | None) -> str:
    """A person's name for the name field: short, and no special-category words in it."""
    cleaned = " ".join(str(text or "").split())
    if len(cleaned) > MAX_LABEL:
        raise UserError(f"De naam is te lang (hoogstens {MAX_LABEL} tekens).")
    if cleaned and special_category(cleaned) is not None:
        raise UserError(
            "De naam bevat een woord over geloof, afkomst, gezondheid of privéleven. Vul alleen "
            "de naam in."
        )
    del finder  # a name is expected here; its consent is checked by the caller
    return cleaned
