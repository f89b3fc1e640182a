"""The fixed lists of the Sleutelfiguren register, read from ``vocab.yaml``.

Every choice a record holds (type, world, organisation kind, support kind, needs, legal basis,
consent purpose) is a key of one of these lists; labels are what the UI shows. Keeping them in a
data file means a gemeente can read exactly what can be recorded about a person.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from urgentie.errors import UserError

VOCAB_PATH = Path(__file__).with_name("vocab.yaml")

LISTS: tuple[str, ...] = (
    "types",
    "worlds",
    "organisation_kinds",
    "link_kinds",
    "support_kinds",
    "needs",
    "legal_bases",
    "consent_purposes",
)

FIELD_NAMES: dict[str, str] = {
    "types": "type",
    "worlds": "wereld",
    "organisation_kinds": "soort organisatie",
    "link_kinds": "soort verbinding",
    "support_kinds": "soort steun",
    "needs": "behoefte",
    "legal_bases": "grondslag",
    "consent_purposes": "doel van de toestemming",
}
"""Each list's name inside a Dutch error message."""


@cache
def vocab() -> dict[str, dict[str, str]]:
    """Every fixed list: list name -> {key: Dutch label}, in file order."""
    raw = yaml.safe_load(VOCAB_PATH.read_text(encoding="utf-8"))
    return {name: {str(k): str(v) for k, v in raw[name].items()} for name in LISTS}


def labels(name: str) -> dict[str, str]:
    """The keys and Dutch labels of one list (``types``, ``needs`` …)."""
    return vocab()[name]


def label(name: str, key: str) -> str:
    """The Dutch label of ``key`` in list ``name``; the key itself when it is unknown."""
    return vocab()[name].get(key, key)


def check(name: str, key: str) -> str:
    """``key`` when it is in list ``name``; otherwise a Dutch :class:`UserError`."""
    if key not in vocab()[name]:
        allowed = ", ".join(vocab()[name].values())
        raise UserError(f"Onbekende {FIELD_NAMES[name]} '{key}'. Kies uit: {allowed}.")
    return key
