"""A key person as the register holds it, and the checks every record passes before it is stored.

The checks are the register's boundaries in code: every choice comes from a fixed list
(:mod:`urgentie.keypeople.vocab`), every label is short and screened
(:mod:`urgentie.keypeople.screen`), and a name exists only together with a recorded consent
(date, purpose, who asked) and a review date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.errors import UserError
from urgentie.keypeople import screen, vocab

REVIEW_DAYS = 365
"""Default time until a record must be reviewed (renewed or erased): one year."""


@dataclass(frozen=True)
class Link:
    """A link to an institution (``systeem``) or a group of residents (``leef``), by label."""

    kind: str
    label: str


@dataclass(frozen=True)
class Support:
    """What supports a key person (funding, a stable partner, a contact person) and until when;
    ``domains`` are the domains a funding covers."""

    kind: str
    label: str
    until: date | None = None
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Consent:
    """The recorded consent that allows a name: when, for what, and who asked (by role)."""

    date: date
    purpose: str
    asked_by: str


@dataclass(frozen=True)
class KeyPerson:
    """One key person, by role. ``name`` is None unless ``consent`` is recorded."""

    gemeente_code: str
    role_label: str
    person_type: str
    world: str
    organisation_kind: str
    areas: tuple[str, ...]
    domains: tuple[str, ...]
    review_date: date
    legal_basis: str = "algemeen_belang"
    since: date | None = None
    needs: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    support: tuple[Support, ...] = ()
    name: str | None = None
    consent: Consent | None = None
    id: int | None = None


def default_review_date(today: date | None = None) -> date:
    """The review date of a new record: one year from today."""
    return (today or date.today()) + timedelta(days=REVIEW_DAYS)


def _domains(keys: tuple[str, ...], what: str) -> tuple[str, ...]:
    unknown = [k for k in keys if k not in DOMAIN_KEYS]
    if unknown:
        raise UserError(f"Onbekend domein '{unknown[0]}' bij {what}.")
    return tuple(dict.fromkeys(keys))


def validate(
    person: KeyPerson,
    finder: screen.Finder | None,
    *,
    known_areas: set[str] | None = None,
    today: date | None = None,
) -> KeyPerson:
    """The record, cleaned, or a Dutch :class:`UserError` naming the first thing to fix.

    ``finder`` is the pseudonymiser check of labels; ``known_areas`` the wijk codes of the
    gemeente (None: not checked).
    """
    today = today or date.today()
    role = screen.screen_label(person.role_label, "De rol", finder)
    for name, key in (
        ("types", person.person_type),
        ("worlds", person.world),
        ("organisation_kinds", person.organisation_kind),
        ("legal_bases", person.legal_basis),
    ):
        vocab.check(name, key)
    for need in person.needs:
        vocab.check("needs", need)
    if not person.areas:
        raise UserError("Kies minstens één wijk waarin deze sleutelfiguur actief is.")
    if known_areas is not None:
        unknown = [a for a in person.areas if a not in known_areas]
        if unknown:
            raise UserError(f"Wijk '{unknown[0]}' hoort niet bij deze gemeente.")
    if not person.domains:
        raise UserError("Kies minstens één domein waarin deze sleutelfiguur werkt.")
    domains = _domains(person.domains, "de sleutelfiguur")
    if person.since is not None and person.since > today:
        raise UserError("'Actief sinds' ligt in de toekomst.")
    links = []
    for link in person.links:
        vocab.check("link_kinds", link.kind)
        what = "De instelling" if link.kind == "systeem" else "De groep bewoners"
        links.append(Link(link.kind, screen.screen_label(link.label, what, finder)))
    support = []
    for item in person.support:
        vocab.check("support_kinds", item.kind)
        label = screen.screen_label(item.label, "De steun", finder)
        covered = _domains(item.domains, f"steun '{label}'")
        if item.kind != "financiering" and covered:
            raise UserError(
                f"Alleen financiering dekt domeinen; '{label}' is "
                f"{vocab.label('support_kinds', item.kind).lower()}."
            )
        support.append(Support(item.kind, label, item.until, covered))
    name = screen.screen_name(person.name or "", finder) or None
    consent = person.consent
    legal_basis = person.legal_basis
    if name is not None:
        if consent is None:
            raise UserError(
                "Een naam wordt alleen bewaard met vastgelegde toestemming. Vul de datum, het "
                "doel en wie het vroeg in, of laat de naam leeg: dan is de rol genoeg."
            )
        if consent.date > today:
            raise UserError("De datum van de toestemming ligt in de toekomst.")
        vocab.check("consent_purposes", consent.purpose)
        asked_by = screen.screen_label(consent.asked_by, "'Gevraagd door'", finder)
        consent = Consent(consent.date, consent.purpose, asked_by)
        legal_basis = "toestemming"  # a name rests on consent, never on anything else
        if person.review_date <= consent.date:
            raise UserError("De herzieningsdatum moet na de datum van de toestemming liggen.")
    else:
        consent = None  # no name, nothing to consent to: no consent data kept either
    if person.review_date > today + timedelta(days=2 * REVIEW_DAYS):
        raise UserError("Kies een herzieningsdatum binnen twee jaar: de gegevens worden herzien.")
    return replace(
        person,
        role_label=role,
        domains=domains,
        needs=tuple(dict.fromkeys(person.needs)),
        links=tuple(links),
        support=tuple(support),
        name=name,
        consent=consent,
        legal_basis=legal_basis,
    )


def describe_domains(keys: tuple[str, ...] | list[str]) -> str:
    """Domain keys as Dutch labels, comma separated."""
    return ", ".join(domain_label(k) for k in keys)
