"""HTML of the session step "Wie maakt het verschil?" (1920×1080, projector type).

Two columns: the roles the room named (only those at least the session's minimum named), and
what the register knows about the wijk on the agenda — types, roles and counts per domain, and
the domains that rest on one person. Roles and counts only: never a name. Every text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

import pandas as pd

from urgentie.analysis import key_people
from urgentie.domains import domain_label
from urgentie.keypeople import vocab
from urgentie.keypeople.records import KeyPerson

MAX_ROOM_ROLES = 6
MAX_DOMAINS = 6
"""Rows per column that fit a 1920×1080 screen in projector type."""

CSS = """
<style>
  .sessie-rollen { display: flex; gap: 56px; color: #111; }
  .sessie-rollen > div { flex: 1; min-width: 0; }
  .sessie-rollen h3 { font-size: 34px; margin: 0 0 12px; }
  .sessie-rollen ul { font-size: 30px; line-height: 1.35; padding-left: 1.1em; margin: 0; }
  .sessie-rollen li { margin-bottom: 12px; }
  .sessie-rollen .n { display: inline-block; min-width: 1.6em; font-weight: 800; }
  .sessie-rollen .type { color: #333; font-size: 26px; }
  .sessie-rollen .typen { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 14px; }
  .sessie-rollen .typen span { border: 2px solid #111; border-radius: 999px; padding: 2px 14px;
    font-size: 26px; }
  .sessie-rollen .kwetsbaar { border-left: 8px solid #d95f02; padding-left: 14px;
    font-size: 28px; margin-top: 14px; }
  .sessie-rollen .stil { color: #444; font-size: 26px; }
</style>
"""


def room_html(roles: pd.DataFrame, hidden: int, minimum: int, *, asking: bool) -> str:
    """The room's answers: roles named by at least ``minimum`` people, with their counts."""
    esc = html.escape
    items = [
        f'<li><span class="n">{int(r.n)}×</span> {esc(str(r.role))} '
        f'<span class="type">({esc(vocab.label("types", str(r.person_type)).lower())})</span></li>'
        for r in roles.head(MAX_ROOM_ROLES).itertuples()
    ]
    if not items:
        items.append(f'<li class="stil">Nog geen rol die minstens {minimum} mensen noemden.</li>')
    more = len(roles) - MAX_ROOM_ROLES
    if more > 0:
        items.append(f'<li class="stil">en nog {more} andere rollen</li>')
    status = "De telefoons kunnen nu een rol noemen." if asking else "De vraag is dicht."
    hidden_line = (
        f'<p class="stil">{hidden} andere {"rol is" if hidden == 1 else "rollen zijn"} door '
        f"minder dan {minimum} mensen genoemd en blijft onzichtbaar.</p>"
        if hidden
        else ""
    )
    return (
        f"<h3>Genoemd door de zaal</h3><ul>{''.join(items)}</ul>{hidden_line}"
        f'<p class="stil">{esc(status)} Alleen rollen, geen namen.</p>'
    )


def register_html(people: Sequence[KeyPerson], area_code: str, area_name: str) -> str:
    """What the register knows about one wijk: types, roles per domain, kwetsbare domains."""
    esc = html.escape
    here = [p for p in people if area_code in p.areas]
    if not here:
        return (
            f"<h3>In het register: {esc(area_name)}</h3>"
            '<p class="stil">Nog geen sleutelfiguren vastgelegd voor deze wijk.</p>'
        )
    counts = {key: sum(p.person_type == key for p in here) for key in vocab.labels("types")}
    types = "".join(
        f"<span>{esc(label)}: <b>{counts[key]}</b></span>"
        for key, label in vocab.labels("types").items()
    )
    carriers = key_people.carriers(here)
    carriers = carriers[carriers["area_code"] == area_code].sort_values(
        ["n_people", "domain"], ascending=[False, True]
    )
    rows = [
        f'<li><span class="n">{int(r.n_people)}</span> {esc(domain_label(str(r.domain)))}: '
        f'<span class="type">{esc(", ".join(r.roles))}</span></li>'
        for r in carriers.head(MAX_DOMAINS).itertuples()
    ]
    fragile = [domain_label(str(d)) for d in carriers.loc[carriers["kwetsbaar"], "domain"]]
    fragile_html = (
        '<div class="kwetsbaar"><b>Rust op één persoon:</b> '
        + esc(", ".join(sorted(fragile)))
        + "</div>"
        if fragile
        else '<div class="kwetsbaar">Geen domein rust op één persoon.</div>'
    )
    return (
        f"<h3>In het register: {esc(area_name)}</h3>"
        f'<div class="typen">{types}</div><ul>{"".join(rows)}</ul>{fragile_html}'
        f'<p class="stil">Register sleutelfiguren, stand {date.today():%d-%m-%Y}; '
        f"{len(here)} {'persoon' if len(here) == 1 else 'personen'}, alleen rollen.</p>"
    )


def slide_html(left: str, right: str) -> str:
    """The two columns side by side."""
    return f'<div class="sessie-rollen"><div>{left}</div><div>{right}</div></div>'
