"""What a session is about: one wijk and the domains the room votes on.

The agenda lives in the session's free-form ``config`` (:class:`urgentie.store.votes.Session`),
so the Stem page on a phone knows what to ask without any state of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from urgentie.canonical import level_of
from urgentie.domains import DOMAIN_KEYS
from urgentie.errors import UserError


@dataclass(frozen=True)
class Agenda:
    """The wijk on the agenda, the domains voted on (in the catalogue's order) and the year."""

    area_code: str
    domains: tuple[str, ...]
    jaar: int | None = None
    area_name: str = ""
    """The wijk's name, stored too: the Stem page on a phone shows it without loading areas."""

    def to_config(self) -> dict[str, Any]:
        """The agenda as stored in ``Session.config``."""
        return {
            "wijk": self.area_code,
            "wijk_naam": self.area_name,
            "domeinen": list(self.domains),
            "jaar": self.jaar,
        }


def new_agenda(
    area_code: str, domains: Iterable[str], jaar: int | None = None, area_name: str = ""
) -> Agenda:
    """A checked agenda; raises :class:`UserError` in Dutch for a missing wijk or no domains.

    Domains are kept in the order of :data:`urgentie.domains.DOMAIN_KEYS` whatever order they
    were ticked in, so every screen and the summary list them the same way.
    """
    code = str(area_code or "").strip().upper()
    if level_of(code) != "wijk":
        raise UserError("Kies de wijk die op de agenda staat.")
    chosen = set(domains)
    unknown = chosen - set(DOMAIN_KEYS)
    if unknown:
        raise UserError(f"Onbekend domein: {', '.join(sorted(unknown))}.")
    ordered = tuple(d for d in DOMAIN_KEYS if d in chosen)
    if not ordered:
        raise UserError("Kies minstens één domein om over te stemmen.")
    return Agenda(code, ordered, int(jaar) if jaar is not None else None, str(area_name or code))


def agenda_of(config: Mapping[str, Any]) -> Agenda:
    """The agenda stored in a session's config; :class:`UserError` when it has none."""
    if not config.get("wijk"):
        raise UserError("Deze sessie heeft geen wijk op de agenda.")
    domains = config.get("domeinen") or list(DOMAIN_KEYS)
    jaar = config.get("jaar")
    name = str(config.get("wijk_naam") or config["wijk"])
    return new_agenda(str(config["wijk"]), [str(d) for d in domains], jaar, name)


def ballot(area_code: str, choices: Mapping[str, int | None]) -> dict[tuple[str, str], int]:
    """A phone's choices as votes for :meth:`VoteStore.cast_votes`.

    ``choices`` maps a domain to 1–5, or to None for "weet ik niet", which is no vote at all
    (not a 3): a participant who does not know should not pull the mean to the middle.
    """
    return {(area_code, d): int(v) for d, v in choices.items() if v is not None}
