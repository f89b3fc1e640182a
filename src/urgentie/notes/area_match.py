"""Match area names and codes as people write them to the areas of a gemeente.

Order of trust: a CBS code; a name the analyst resolved before (remembered alias); the exact name
(accents, case, punctuation and a ``Wijk 03`` prefix ignored); then one clearly best fuzzy match
(``rapidfuzz``) above :data:`MATCH_SCORE` and at least :data:`MARGIN` points ahead of the next
area. Anything else is *unknown* or *ambiguous* and goes back to the user with suggestions:
an area is never guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from urgentie.canonical import gemeente_of, level_of
from urgentie.notes.fields import normalise
from urgentie.numbers import format_value
from urgentie.store.notes_db import alias_key

MATCH_SCORE = 85.0
"""Lowest similarity (0–100) at which a fuzzy match is accepted on its own."""
MARGIN = 8.0
"""How far the best area must lead the next one for the fuzzy match to be unambiguous."""
SUGGEST_SCORE = 55.0
"""Lowest similarity at which an area is offered as a suggestion."""

_PREFIX = re.compile(r"^(?:wijk|buurt)\s*\d+\s+")

EXACT = "code"
NAME = "naam"
ALIAS = "eerder gekozen"
FUZZY = "lijkt op"
MAPPED = "gekozen"
DEFAULT = "standaard"
UNKNOWN = "onbekend"
AMBIGUOUS = "dubbelzinnig"
OTHER_GEMEENTE = "andere gemeente"
SKIPPED = "overgeslagen"


@dataclass(frozen=True)
class Candidate:
    """An area offered for a name, with its similarity score (0–100)."""

    code: str
    naam: str
    niveau: str
    score: float

    def label(self) -> str:
        return f"{self.naam} ({self.niveau}, {self.code})"


@dataclass(frozen=True)
class AreaMatch:
    """The outcome of matching one written name."""

    written: str
    kind: str
    """How it matched (``code``, ``naam``, ``lijkt op`` …) or why not (``onbekend``,
    ``dubbelzinnig``, ``andere gemeente``)."""
    code: str | None = None
    naam: str | None = None
    score: float | None = None
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    @property
    def matched(self) -> bool:
        return self.code is not None

    def explain(self) -> str:
        """Dutch one-liner for the report: what was matched and how sure it is."""
        if self.kind == FUZZY:
            return (
                f"'{self.written}' → {self.naam} ({self.code}), "
                f"{format_value(self.score, '%', 0)} gelijk"
            )
        if self.matched:
            return f"'{self.written}' → {self.naam} ({self.code})"
        if self.kind == SKIPPED:
            return f"gebied '{self.written}': rij overgeslagen op verzoek"
        if self.kind == OTHER_GEMEENTE:
            return f"gebiedscode '{self.written}' hoort bij een andere gemeente"
        suggestions = ", ".join(c.label() for c in self.candidates[:3])
        reason = (
            f"gebied '{self.written}' is dubbelzinnig"
            if self.kind == AMBIGUOUS
            else f"gebied '{self.written}' is onbekend"
        )
        return f"{reason}; kies het gebied" + (f" (bijv. {suggestions})" if suggestions else "")


class AreaMatcher:
    """Matches names to the areas (all levels) of one gemeente."""

    def __init__(
        self,
        areas: pd.DataFrame,
        gemeente_code: str,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        """``areas`` has columns code, naam, niveau; ``aliases`` maps
        :func:`~urgentie.store.notes_db.alias_key` of a name to a code."""
        self.gemeente_code = gemeente_code
        self.areas = {
            str(row.code): (str(row.naam), str(row.niveau))
            for row in areas[["code", "naam", "niveau"]].itertuples(index=False)
        }
        self.aliases = {k: v for k, v in (aliases or {}).items() if v in self.areas}
        self._by_key: dict[str, list[str]] = {}
        for code, (naam, _) in self.areas.items():
            for key in {normalise(naam), _PREFIX.sub("", normalise(naam))}:
                self._by_key.setdefault(key, []).append(code)
        self._keys = list(self._by_key)

    def name(self, code: str) -> str:
        return self.areas[code][0]

    def candidate(self, code: str, score: float = 100.0) -> Candidate:
        naam, niveau = self.areas[code]
        return Candidate(code, naam, niveau, score)

    def match(self, written: str, level: str | None = None) -> AreaMatch:
        """Match one name or code; ``level`` (``wijk``/``buurt``, from the column name) breaks
        a tie between areas of the same name on different levels."""
        text = written.strip()
        code = text.upper().replace(" ", "")
        if level_of(code) is not None:
            if code in self.areas:
                return AreaMatch(text, EXACT, code, self.name(code), 100.0)
            if gemeente_of(code) != self.gemeente_code:
                return AreaMatch(text, OTHER_GEMEENTE)
            return AreaMatch(text, UNKNOWN)
        if alias_key(text) in self.aliases:
            found = self.aliases[alias_key(text)]
            return AreaMatch(text, ALIAS, found, self.name(found), 100.0)
        key = _PREFIX.sub("", normalise(text))
        exact = self._by_key.get(key, []) or self._by_key.get(normalise(text), [])
        exact = sorted(set(exact))
        if len(exact) > 1 and level is not None:
            on_level = [c for c in exact if self.areas[c][1] == level]
            exact = on_level or exact
        if len(exact) == 1:
            return AreaMatch(text, NAME, exact[0], self.name(exact[0]), 100.0)
        if len(exact) > 1:
            return AreaMatch(text, AMBIGUOUS, candidates=tuple(self.candidate(c) for c in exact))
        return self._fuzzy(text, key, level)

    def _fuzzy(self, text: str, key: str, level: str | None) -> AreaMatch:
        scored = process.extract(
            key, self._keys, scorer=_similarity, limit=12, score_cutoff=SUGGEST_SCORE
        )
        best_per_area: dict[str, float] = {}
        for choice, score, _ in scored:
            for code in self._by_key[choice]:
                best_per_area[code] = max(best_per_area.get(code, 0.0), float(score))
        ranked = sorted(best_per_area.items(), key=lambda item: (-item[1], item[0]))
        if level is not None:
            # A "wijk" column prefers wijken among equally good names, never a worse one.
            ranked.sort(key=lambda item: (-item[1], self.areas[item[0]][1] != level, item[0]))
        candidates = tuple(self.candidate(code, score) for code, score in ranked[:5])
        if not ranked or ranked[0][1] < MATCH_SCORE:
            return AreaMatch(text, UNKNOWN, candidates=candidates)
        best_code, best = ranked[0]
        rivals = [
            s
            for c, s in ranked[1:]
            if self.areas[c][0] != self.areas[best_code][0]
            or level is None
            or self.areas[c][1] == self.areas[best_code][1]
        ]
        if rivals and best - rivals[0] < MARGIN:
            return AreaMatch(text, AMBIGUOUS, candidates=candidates)
        return AreaMatch(text, FUZZY, best_code, self.name(best_code), best, candidates)


def _similarity(a: str, b: str, **_: object) -> float:
    """Edit-distance similarity, forgiving word order (``Oost Centrum`` / ``Centrum-Oost``)."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
