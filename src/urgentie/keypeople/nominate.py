"""The room's answer to "wie maakt hier het verschil?": a role, never a name.

A phone's short text is screened like every register label (no special categories) and
pseudonymised: names and other personal details are *removed*, so "juf Anouk" is kept as "juf".
The projector shows a role only when at least the session's minimum number of participants
named it (:func:`room_roles`), so one person's answer is never on the screen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

import pandas as pd

from urgentie.errors import UserError
from urgentie.keypeople import screen

_PLACEHOLDER = re.compile(r"\[[A-Z-]+-\d+\]")
_ARTICLE = re.compile(r"^(de|het|een|onze|die)\s+")
_EDGE = re.compile(r"^[\s,.;:!?'\"()-]+|[\s,.;:!?'\"()-]+$")


Pseudonymise = Callable[[str], str]
"""Text -> the text with personal details replaced by placeholders (``[PERSOON-1]``)."""


def pseudonymiser(keep_terms: Iterable[str] = ()) -> Pseudonymise:
    """The project's pseudonymiser as a :data:`Pseudonymise` function."""
    from urgentie.notes.pseudonymise import get_pseudonymiser

    instance = get_pseudonymiser(keep_terms=tuple(keep_terms))
    return lambda text: instance.run(text).text


def clean_role(text: str, pseudonymise: Pseudonymise | None) -> str:
    """The role as stored: short, lower case, special-category words refused, names removed.

    ``pseudonymise`` None skips the removal of names (tests of the other rules only).
    """
    cleaned = screen.screen_label(text, "De rol", None)
    if pseudonymise is not None:
        cleaned = _PLACEHOLDER.sub(" ", pseudonymise(cleaned))
    cleaned = _EDGE.sub("", " ".join(cleaned.split())).lower()
    cleaned = _ARTICLE.sub("", cleaned)
    if len(cleaned) < 3:
        raise UserError("Noem een rol, zoals 'conciërge van de school' of 'wijkagent' — geen naam.")
    return cleaned


def role_key(role: str) -> str:
    """Roles that differ only in case, spaces or punctuation count as one."""
    return re.sub(r"[^\w]+", " ", role.casefold()).strip()


def room_roles(nominations: pd.DataFrame, minimum: int) -> tuple[pd.DataFrame, int]:
    """The roles at least ``minimum`` participants named (per wijk), most named first, with
    the type most of them chose; and how many other roles stay hidden below the minimum.

    Columns: area_code, role, person_type, n.
    """
    columns = ["area_code", "role", "person_type", "n"]
    if nominations.empty:
        return pd.DataFrame(columns=columns), 0
    frame = nominations.assign(key=nominations["role_label"].map(role_key))
    # A participant counts once per role, whatever the round.
    frame = frame.drop_duplicates(["area_code", "key", "participant"], keep="last")
    rows = []
    hidden = 0
    for (area, _key), part in frame.groupby(["area_code", "key"]):
        n = part["participant"].nunique()
        if n < minimum:
            hidden += 1
            continue
        label = Counter(part["role_label"]).most_common(1)[0][0]
        kind = Counter(part["person_type"]).most_common(1)[0][0]
        rows.append((area, label, kind, n))
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["n", "role"], ascending=[False, True]).reset_index(drop=True)
    return table, hidden
