"""Which wijk is mine? A postcode or a (misspelt) name, to the wijken of one gemeente.

A postcode is looked up in three places, in order, and the first that knows it answers:

1. the CBS table *Buurt, wijk en gemeente voor postcode huisnummer* (imported from file: every
   address of the gemeente, so every postcode, with the number of addresses per wijk);
2. PDOK's Locatieserver, live (only when the caller passes ``live``);
3. the Kerncijfers' *meest voorkomende postcode* per buurt (always there, but one postcode per
   buurt, so most postcodes are not in it).

A postcode whose addresses lie in more than one wijk is returned with all of them, the wijk with
the most addresses first, so the page can ask which one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process, utils

FROM_FILE = "CBS-bestand postcode en huisnummer"
FROM_PDOK = "PDOK Locatieserver"
FROM_KWB = "meest voorkomende postcode van de buurt (CBS Kerncijfers)"

NAME_CUTOFF = 75
"""rapidfuzz WRatio (0–100) from which a typed name is offered as "Bedoelt u …?"; typing
"Oude Havn" for "Oude Haven" scores about 95, an unrelated wijk below 50."""
NAME_SUGGESTIONS = 3


@dataclass(frozen=True)
class Postcode:
    """A typed postcode: the four digits, and the full six positions when letters were given."""

    pc4: str
    pc6: str | None


@dataclass(frozen=True)
class PostcodeMatch:
    """The wijken of a postcode, most addresses first, and where that came from."""

    wijken: tuple[str, ...]
    source: str
    addresses: Mapping[str, int] = field(default_factory=dict)
    """Addresses per wijk where the source counts them (file, PDOK); empty for the KWB."""

    @property
    def ambiguous(self) -> bool:
        return len(self.wijken) > 1


def parse_postcode(text: str) -> Postcode | None:
    """``"3511 ab"`` → Postcode("3511", "3511AB"); ``"3511"`` → Postcode("3511", None)."""
    match = re.fullmatch(r"\s*([1-9]\d{3})\s*([A-Za-z]{2})?\s*", text or "")
    if not match:
        return None
    letters = match.group(2)
    return Postcode(match.group(1), match.group(1) + letters.upper() if letters else None)


def find_wijken(
    text: str,
    areas: pd.DataFrame,
    index: pd.DataFrame | None = None,
    live: Callable[[str], Counter[str]] | None = None,
) -> PostcodeMatch | None:
    """The wijken of this gemeente (``areas``, all levels) where the postcode's addresses lie,
    or None when no source knows the postcode here. ``index`` is the stored postcode index of
    the gemeente; ``live`` a PDOK lookup (postcode → addresses per wijk code)."""
    postcode = parse_postcode(text)
    if postcode is None:
        return None
    wijken = set(areas.loc[areas["niveau"] == "wijk", "code"].astype(str))
    if index is not None and len(index):
        if postcode.pc6:
            rows = index[index["pc6"] == postcode.pc6]
        else:
            rows = index[index["pc6"].str[:4] == postcode.pc4]
        counts = rows.groupby("wijk_code")["adressen"].sum()
        found = _ordered({str(k): int(v) for k, v in counts.items() if k in wijken})
        if found:
            return PostcodeMatch(tuple(found), FROM_FILE, found)
    if live is not None:
        counted = live(postcode.pc6 or postcode.pc4)
        found = _ordered({k: int(v) for k, v in counted.items() if k in wijken})
        if found:
            return PostcodeMatch(tuple(found), FROM_PDOK, found)
    buurten = _kwb_buurten(areas, postcode.pc4)
    if len(buurten):
        codes = list(dict.fromkeys(str(c) for c in buurten["wijk_code"] if c in wijken))
        if codes:
            return PostcodeMatch(tuple(codes), FROM_KWB)
    return None


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _kwb_buurten(areas: pd.DataFrame, pc4: str) -> pd.DataFrame:
    if "postcode" not in areas.columns:
        return areas.iloc[0:0]
    postcodes = areas["postcode"].astype("string").str.strip().str[:4]
    return areas[(areas["niveau"] == "buurt") & (postcodes == pc4)]


def suggest_names(typed: str, labels: list[str]) -> list[str]:
    """The labels most like ``typed`` (typos, missing words, other case), best first; empty
    when none comes near (:data:`NAME_CUTOFF`)."""
    if not typed.strip():
        return []
    found = process.extract(
        typed,
        labels,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=NAME_SUGGESTIONS,
        score_cutoff=NAME_CUTOFF,
    )
    return [label for label, _score, _i in found]


def name_choice(typed: str, options: Mapping[str, str]) -> tuple[str, list[str]]:
    """What a typed name means: ``("gekozen", [code])`` for an exact option (any case),
    ``("bedoelt", labels)`` for near misses to offer, ``("onbekend", [])`` otherwise."""
    by_lower = {label.casefold(): label for label in options}
    exact = by_lower.get(typed.strip().casefold())
    if exact is not None:
        return "gekozen", [options[exact]]
    suggestions = suggest_names(typed, list(options))
    return ("bedoelt", suggestions) if suggestions else ("onbekend", [])
