"""Key-people figures: where a wijk leans on one person, and where support runs out.

Pure pandas on the register's records (names never enter: the store's lists carry none).

- :func:`carriers`: per wijk and domain, how many key people carry it and by which roles;
  a domain resting on exactly one person is *kwetsbaar*.
- :func:`ending_support`: support (funding, a stable partner, a contact person) that ends
  within a year, or has ended.
- :func:`boxed_in`: people working across more domains than their funding covers
  ("in hokjes geduwd": the research's warning against funding per domain).
- :func:`bridges_for_split`: for each *verdeeld* cell of Gedeelde urgentie, whether a bridge
  exists — a bruggenbouwer, or a key person with links to both worlds, in that wijk and domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import pandas as pd

from urgentie import canonical
from urgentie.analysis.alignment import SPLIT
from urgentie.keypeople.records import KeyPerson

WITHIN_DAYS = 365
"""'Eindigt binnen een jaar': support whose end date lies within this many days from today."""

BRIDGE_TYPE = "bruggenbouwer"

CARRIER_COLUMNS = ("area_code", "domain", "n_people", "roles", "types", "kwetsbaar")
SUPPORT_COLUMNS = ("person_id", "role_label", "kind", "label", "until", "days_left", "status")
BOXED_COLUMNS = ("person_id", "role_label", "n_domains", "n_funded", "uncovered")
BRIDGE_COLUMNS = ("area_code", "domain", "bridge", "bridge_roles")

ENDING = "eindigt binnen een jaar"
ENDED = "afgelopen"


def is_bridge(person: KeyPerson) -> bool:
    """A bruggenbouwer by type, or anyone linked to an institution *and* a group of residents."""
    kinds = {link.kind for link in person.links}
    return person.person_type == BRIDGE_TYPE or {"systeem", "leef"} <= kinds


def cells(people: Iterable[KeyPerson]) -> pd.DataFrame:
    """One row per (person, wijk, domain) they work in: person_id, role_label, person_type,
    area_code, domain, bridge."""
    rows = [
        (p.id, p.role_label, p.person_type, area, domain, is_bridge(p))
        for p in people
        for area in p.areas
        for domain in p.domains
    ]
    columns = ["person_id", "role_label", "person_type", "area_code", "domain", "bridge"]
    return pd.DataFrame(rows, columns=columns)


def carriers(people: Iterable[KeyPerson]) -> pd.DataFrame:
    """Per (wijk, domain) with at least one key person: how many carry it, their roles and
    types, and ``kwetsbaar`` when exactly one does. Sorted by wijk, then domain."""
    frame = cells(people)
    if frame.empty:
        return pd.DataFrame(columns=list(CARRIER_COLUMNS))
    grouped = frame.groupby(["area_code", "domain"], sort=True)
    table = grouped.agg(
        n_people=("person_id", "nunique"),
        roles=("role_label", lambda s: sorted(set(s))),
        types=("person_type", lambda s: sorted(set(s))),
    ).reset_index()
    table["kwetsbaar"] = table["n_people"] == 1
    return table[list(CARRIER_COLUMNS)]


def per_area(people: Iterable[KeyPerson], area_codes: Iterable[str]) -> pd.DataFrame:
    """Per wijk (every code in ``area_codes``, also those without anyone): n_people,
    n_domains carried, n_kwetsbaar domains. For the map layer."""
    people = list(people)
    table = carriers(people)
    codes = list(dict.fromkeys(area_codes))
    n_people = {
        code: sum(1 for p in people if code in p.areas) for code in codes
    }  # a person counts once per wijk, whatever the number of domains
    by_area = table.groupby("area_code") if not table.empty else None
    rows = []
    for code in codes:
        if by_area is not None and code in by_area.groups:
            part = by_area.get_group(code)
            rows.append((code, n_people[code], len(part), int(part["kwetsbaar"].sum())))
        else:
            rows.append((code, n_people[code], 0, 0))
    return pd.DataFrame(rows, columns=["area_code", "n_people", "n_domains", "n_kwetsbaar"])


def ending_support(
    people: Iterable[KeyPerson], today: date | None = None, *, within_days: int = WITHIN_DAYS
) -> pd.DataFrame:
    """Support that ends within ``within_days`` (status 'eindigt binnen een jaar') or has
    ended (status 'afgelopen'), soonest first. Support without an end date is not listed."""
    today = today or date.today()
    horizon = today + timedelta(days=within_days)
    rows = []
    for person in people:
        for item in person.support:
            if item.until is None or item.until >= horizon:
                continue
            status = ENDED if item.until < today else ENDING
            days = (item.until - today).days
            rows.append((person.id, person.role_label, item.kind, item.label, item.until, days,
                         status))  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(SUPPORT_COLUMNS))
    return frame.sort_values(["until", "person_id"], kind="stable").reset_index(drop=True)


def boxed_in(people: Iterable[KeyPerson]) -> pd.DataFrame:
    """People with funding that covers fewer of their domains than they work in; ``uncovered``
    lists the domains no funding covers. People without any funding are not listed here
    (they show up as having no support at all)."""
    rows = []
    for person in people:
        funding = [s for s in person.support if s.kind == "financiering"]
        if not funding:
            continue
        funded = {d for s in funding for d in s.domains} & set(person.domains)
        uncovered = [d for d in person.domains if d not in funded]
        if uncovered:
            rows.append((person.id, person.role_label, len(person.domains), len(funded), uncovered))
    return pd.DataFrame(rows, columns=list(BOXED_COLUMNS))


def unsupported(people: Iterable[KeyPerson], today: date | None = None) -> list[KeyPerson]:
    """People with no support that is still running today."""
    today = today or date.today()
    return [p for p in people if not any(s.until is None or s.until >= today for s in p.support)]


def bridges_for_split(
    alignment: pd.DataFrame,
    people: Iterable[KeyPerson],
    wijk_of: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """For each *verdeeld* row of an alignment table (``area_code``, ``domain``, ``status``):
    whether a bridge works in that wijk and domain, and the bridges' roles.

    ``wijk_of`` maps a buurt code to its wijk, so a buurt's cell finds the wijk's key people
    (default: the wijk in the buurt's CBS code).
    """
    if alignment.empty:
        return pd.DataFrame(columns=list(BRIDGE_COLUMNS))
    split = alignment.loc[alignment["status"] == SPLIT, ["area_code", "domain"]]
    frame = cells(people)
    frame = frame[frame["bridge"]]
    roles: dict[tuple[str, str], list[str]] = {}
    for (area, domain), part in frame.groupby(["area_code", "domain"]):
        roles[(str(area), str(domain))] = sorted(set(part["role_label"]))
    rows = []
    for area, domain in split.itertuples(index=False):
        wijk = (wijk_of or {}).get(area) or canonical.wijk_of(str(area)) or area
        found = roles.get((wijk, domain), [])
        rows.append((area, domain, bool(found), found))
    return pd.DataFrame(rows, columns=list(BRIDGE_COLUMNS))
