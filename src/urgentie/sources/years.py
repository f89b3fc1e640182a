"""Which statistics year does a file describe?

Figures and boundaries are joined per year (codes and boundaries change every year), so a wrong
year silently attaches figures to the wrong map. The order of evidence: the year the user gave,
then a ``jaar``/``jrstatcode``/``Perioden`` column in the file, then the file name
(``kwb-2024.xlsx``, ``wijken_2024_nl.geojson``). Contradictions are errors, not guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from urgentie.errors import UserError

FIRST_YEAR = 2000
LAST_YEAR = 2099

_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_YEAR_COLUMNS = ("jaar", "jrstatcode", "jaarcode", "perioden")
ASK_YEAR = "Geef het jaar op (op de opdrachtregel met --jaar, op de pagina in het veld Jaar)."


def year_from_name(name: str) -> int | None:
    """The one year in a file name (``kwb-2024_GM0344.xlsx`` -> 2024), or None.

    Digits that are part of a longer number (``85984NED``, ``13112024``) do not count; a name
    with two different years gives None, because either could be meant.
    """
    years = {int(y) for y in _YEAR_IN_NAME.findall(name)}
    return years.pop() if len(years) == 1 else None


def years_in_columns(raw: pd.DataFrame) -> set[int]:
    """Years found in a year-like column (``jaar`` 2024, ``jrstatcode`` '2024BU…',
    ``Perioden`` '2024JJ00'); empty when the file has no such column."""
    lookup = {str(c).strip().lower(): c for c in raw.columns}
    for name in _YEAR_COLUMNS:
        if name in lookup:
            values = raw[lookup[name]].dropna().astype(str).str.strip()
            found = values.str.extract(r"^(\d{4})", expand=False).dropna()
            return {int(y) for y in found}
    return set()


def resolve_year(name: str, given: int | None, found: Iterable[int]) -> int:
    """The year of file ``name``; see the module docstring for the order of evidence.

    Raises
    ------
    UserError
        When the file mixes years, contradicts the given year, or no year can be found.
    """
    found = sorted(set(found))
    if len(found) > 1:
        raise UserError(
            f"{name}: het bestand bevat gegevens van meerdere jaren "
            f"({', '.join(map(str, found))}). Splits het per jaar en importeer elk apart."
        )
    if given is not None:
        check_year(given, name)
        if found and found[0] != given:
            raise UserError(
                f"{name}: u gaf jaar {given} op, maar het bestand zegt {found[0]}. "
                "Cijfers en grenzen horen bij hetzelfde jaar; controleer het jaar."
            )
        return given
    if found:
        return check_year(found[0], name)
    from_name = year_from_name(name)
    if from_name is not None:
        return check_year(from_name, name)
    raise UserError(f"{name}: het jaar staat niet in het bestand of in de naam. {ASK_YEAR}")


def check_year(jaar: int, name: str = "") -> int:
    """Return ``jaar`` when it is a plausible statistics year, else raise a Dutch error."""
    if not FIRST_YEAR <= int(jaar) <= LAST_YEAR:
        where = f"{name}: " if name else ""
        raise UserError(f"{where}jaar {jaar} is geen geldig jaar voor CBS-gegevens.")
    return int(jaar)
