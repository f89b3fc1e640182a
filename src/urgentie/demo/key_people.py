"""The demo's fictional key people (``key_people.yaml``), by role, stored the real way.

Dates in the file are relative to the day the demo is made, so the demo always shows support
that ends within a year and a record past its review date, whatever the date.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from urgentie.demo.build import DEMO_CODE
from urgentie.demo.story import wijk_code
from urgentie.keypeople.records import KeyPerson, Link, Support, default_review_date
from urgentie.keypeople.screen import Finder
from urgentie.store.key_people import KeyPeopleStore

DATA_PATH = Path(__file__).with_name("key_people.yaml")
ACTOR = "demo Voorbeeldstad"


def demo_key_people(today: date | None = None) -> list[KeyPerson]:
    """The demo's key people, dated relative to ``today`` (default: today)."""
    today = today or date.today()
    raw: list[dict[str, Any]] = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    return [_person(entry, today) for entry in raw]


def _person(entry: dict[str, Any], today: date) -> KeyPerson:
    support = []
    for item in entry.get("support") or []:
        kind, label, *rest = item
        days = rest[0] if rest else None
        domains = tuple(rest[1]) if len(rest) > 1 else ()
        until = today + timedelta(days=int(days)) if days is not None else None
        support.append(Support(kind, label, until, domains))
    review_days = entry.get("review_days")
    return KeyPerson(
        gemeente_code=DEMO_CODE,
        role_label=entry["role"],
        person_type=entry["type"],
        world=entry["world"],
        organisation_kind=entry["organisation"],
        areas=tuple(wijk_code(int(nr)) for nr in entry["wijken"]),
        domains=tuple(entry["domains"]),
        review_date=(
            default_review_date(today)
            if review_days is None
            else today + timedelta(days=int(review_days))
        ),
        since=date(today.year - int(entry["since_years"]), 1, 1),
        needs=tuple(entry.get("needs") or ()),
        links=tuple(Link(kind, label) for kind, label in entry.get("links") or []),
        support=tuple(support),
    )


def ensure_demo_key_people(store: KeyPeopleStore, finder: Finder | None = None) -> int:
    """Store the demo's key people when the demo gemeente's register was never used (no audit
    line at all), so an analyst who withdrew them does not see them come back. Returns how
    many were stored."""
    if not store.audit_frame(DEMO_CODE).empty:
        return 0
    people = demo_key_people()
    for person in people:
        store.save(person, ACTOR, finder)
    return len(people)
