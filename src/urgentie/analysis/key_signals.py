"""Signals from coded notes: roles that conversations mention in a helping sense.

"7 gesprekken noemen de conciërge van De Eemhof" is a hint for the analyst that someone may be
a key person — never a record: nothing here is stored, and a person enters the register only
when an analyst adds them, by role, and with consent for a name. The role words and the words
that make a mention a helping one live in ``urgentie/keypeople/signals.yaml``.

A mention counts when the note is coded as a strength (``kracht``) or the sentence with the
role has a helping word; "als wijkagent zie ik…" (the speaker's own role) does not count.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

SIGNALS_PATH = Path(__file__).resolve().parents[1] / "keypeople" / "signals.yaml"
MIN_NOTES = 2
"""A role is a signal from this many distinct notes in a wijk: one note is an anecdote."""

COLUMNS = ("area_code", "role", "n_notes", "sentence")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_CAPITAL = r"(?-i:[A-Z][\w'-]*)"
_PLACE = (
    r"(\s+(?-i:van|bij|in|op)\s+(?:(?-i:de|het)\s+)?" + _CAPITAL + r"(?:\s" + _CAPITAL + r"){0,2})?"
)
"""An optional place after the role, as written: "van De Eemhof", "bij het Molenplein"."""


@cache
def _words() -> tuple[re.Pattern[str], tuple[str, ...]]:
    raw = yaml.safe_load(SIGNALS_PATH.read_text(encoding="utf-8"))
    roles = sorted((str(r) for r in raw["roles"]), key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w])(als\s+)?(?:de\s+|het\s+|onze\s+)?(\w*(?:"
        + "|".join(re.escape(r) for r in roles)
        + r"))\b"
        + _PLACE,
        re.IGNORECASE,
    )
    return pattern, tuple(str(w).lower() for w in raw["help_words"])


def mentions(text: str, strength: bool) -> list[str]:
    """The roles a note mentions in a helping sense ("conciërge van De Eemhof"), lower-cased
    role with the place as written."""
    pattern, helps = _words()
    found = []
    for sentence in _SENTENCE.findall(text or ""):
        lower = sentence.lower()
        helping = strength or any(h in lower for h in helps)
        if not helping:
            continue
        for match in pattern.finditer(sentence):
            if match.group(1):  # "als wijkagent": the speaker's own role
                continue
            role = match.group(2).lower()
            place = " ".join((match.group(3) or "").split())
            found.append(f"{role} {place}" if place else role)
    return list(dict.fromkeys(found))


def role_signals(notes: pd.DataFrame, min_notes: int = MIN_NOTES) -> pd.DataFrame:
    """Per wijk and role: how many distinct notes mention it helpfully, with a Dutch sentence.

    ``notes`` has ``id``, ``area_code``, ``text`` and ``codes`` (``domain/polarity`` strings).
    Most mentioned first.
    """
    rows = []
    for note in notes.itertuples():
        strength = any(str(c).endswith("/kracht") for c in (note.codes or []))
        for role in mentions(str(note.text), strength):
            rows.append((note.area_code, role, note.id))
    if not rows:
        return pd.DataFrame(columns=list(COLUMNS))
    frame = pd.DataFrame(rows, columns=["area_code", "role", "note_id"])
    counted = frame.groupby(["area_code", "role"])["note_id"].nunique().reset_index(name="n_notes")
    counted = counted[counted["n_notes"] >= min_notes]
    counted["sentence"] = [
        f"{n} {'gesprek noemt' if n == 1 else 'gesprekken noemen'} de {role}"
        for n, role in zip(counted["n_notes"], counted["role"], strict=True)
    ]
    return counted.sort_values(["n_notes", "role"], ascending=[False, True]).reset_index(drop=True)[
        list(COLUMNS)
    ]
