"""What the columns and cells of a notes file mean: column aliases, perspectives, dates, ratings.

Analysts name their columns in Dutch or English and write perspectives as job titles
("wijkagent", "beleidsmedewerker"). This module maps all of that onto the canonical fields, and
parses dates and 1–5 ratings the way Dutch spreadsheets write them (day first, decimal comma).
Every parse function either returns a value or raises :class:`FieldError` with a Dutch reason.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from urgentie.domains import DOMAIN_KEYS, PERSPECTIVES


class FieldError(ValueError):
    """A cell that cannot be read; the message is Dutch and names the problem."""


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation to single spaces: the key used for matching."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[_\-./\\()\[\]'\"’`*:]+", " ", plain.casefold())
    return re.sub(r"\s+", " ", plain).strip()


# --- columns ------------------------------------------------------------------------------------
TEXT = "tekst"
DATE = "datum"
AREA = "gebied"
PERSPECTIVE = "perspectief"
ROLE = "rol"
PERIOD = "periode"

_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    TEXT: (
        "tekst",
        "text",
        "notitie",
        "notities",
        "note",
        "notes",
        "opmerking",
        "opmerkingen",
        "verslag",
        "citaat",
        "quote",
        "gesprek",
        "comment",
        "comments",
        "samenvatting",
        "observatie",
        "beschrijving",
    ),
    DATE: ("datum", "date", "gespreksdatum", "datum gesprek", "dag"),
    PERSPECTIVE: ("perspectief", "perspective", "invalshoek", "stem", "groep", "doelgroep"),
    ROLE: ("rol", "role", "functie", "function", "beroep", "organisatie", "organisation"),
    PERIOD: ("periode", "period", "jaar", "year"),
}

_AREA_ALIASES: dict[str, str | None] = {
    "wijk": "wijk",
    "wijknaam": "wijk",
    "wijkcode": "wijk",
    "district": "wijk",
    "buurt": "buurt",
    "buurtnaam": "buurt",
    "buurtcode": "buurt",
    "neighbourhood": "buurt",
    "neighborhood": "buurt",
    "gebied": None,
    "gebiedsnaam": None,
    "gebiedscode": None,
    "area": None,
    "area code": None,
    "area name": None,
    "locatie": None,
    "location": None,
}
"""Area column -> the level it names (None: any level). When a file has both a buurt and a wijk
column, the most specific filled cell of a row wins."""

_AREA_ORDER = {"buurt": 0, None: 1, "wijk": 2}

DOMAIN_ALIASES: dict[str, str] = {
    **{normalise(k): k for k in DOMAIN_KEYS},
    "opvoeding en jeugd": "opvoeding",
    "jeugd": "opvoeding",
    "parenting": "opvoeding",
    "youth": "opvoeding",
    "onderwijs": "scholing",
    "education": "scholing",
    "school": "scholing",
    "sociaal": "sociaal_functioneren",
    "social": "sociaal_functioneren",
    "meedoen": "sociaal_functioneren",
    "werk en inkomen": "werk_inkomen",
    "werk": "werk_inkomen",
    "inkomen": "werk_inkomen",
    "armoede": "werk_inkomen",
    "work": "werk_inkomen",
    "income": "werk_inkomen",
    "work income": "werk_inkomen",
    "employment": "werk_inkomen",
    "gezondheid en zorg": "gezondheid",
    "zorg": "gezondheid",
    "health": "gezondheid",
    "housing": "wonen",
    "woningen": "wonen",
    "veiligheid en criminaliteit": "veiligheid",
    "safety": "veiligheid",
    "security": "veiligheid",
    "crime": "veiligheid",
    "leefomgeving": "fysieke_leefomgeving",
    "openbare ruimte": "fysieke_leefomgeving",
    "environment": "fysieke_leefomgeving",
    "physical environment": "fysieke_leefomgeving",
    "public space": "fysieke_leefomgeving",
    "energie": "energietransitie",
    "energy": "energietransitie",
    "energy transition": "energietransitie",
}

_URGENCY_COLUMN = re.compile(r"^(?:urgentie|urgency)\s+(.+)$")


@dataclass
class ColumnMap:
    """Which header holds which field. Headers are the file's own spelling."""

    text: str | None = None
    date: str | None = None
    perspective: str | None = None
    role: str | None = None
    period: str | None = None
    areas: list[tuple[str, str | None]] = field(default_factory=list)
    """(header, level) in the order a row's value is looked for: buurt, any, wijk."""
    urgency: dict[str, str] = field(default_factory=dict)
    """domain key -> header."""
    ignored: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def recognised(self) -> int:
        singles = [self.text, self.date, self.perspective, self.role, self.period]
        return sum(h is not None for h in singles) + len(self.areas) + len(self.urgency)

    def describe(self) -> dict[str, str]:
        """Field label -> header, for the validation report."""
        found: dict[str, str] = {}
        for label, header in (
            ("tekst", self.text),
            ("datum", self.date),
            ("perspectief", self.perspective),
            ("rol", self.role),
            ("periode", self.period),
        ):
            if header is not None:
                found[label] = header
        for header, level in self.areas:
            found[f"gebied ({level or 'wijk of buurt'})"] = header
        for domain, header in self.urgency.items():
            found[f"urgentie {domain}"] = header
        return found


def column_kind(header: str) -> tuple[str, str | None] | None:
    """What one header means: (field, detail) or None when it is not recognised.

    ``detail`` is the area level for area columns and the domain key for urgency columns.
    """
    key = normalise(header)
    if not key:
        return None
    for name, aliases in _COLUMN_ALIASES.items():
        if key in aliases:
            return name, None
    if key in _AREA_ALIASES:
        return AREA, _AREA_ALIASES[key]
    match = _URGENCY_COLUMN.match(key)
    if match:
        domain = DOMAIN_ALIASES.get(match.group(1).strip())
        return ("urgentie", domain) if domain else ("urgentie", None)
    return None


def map_columns(headers: list[str]) -> ColumnMap:
    """Recognise the columns of a header row; unknown ones are listed, never guessed."""
    result = ColumnMap()
    for header in headers:
        if header is None or not str(header).strip():
            continue
        kind = column_kind(str(header))
        if kind is None:
            result.ignored.append(header)
            continue
        name, detail = kind
        if name == AREA:
            result.areas.append((header, detail))
        elif name == "urgentie":
            if detail is None:
                result.problems.append(
                    f"Kolom '{header}': onbekend domein; de kolom wordt genegeerd. Gebruik "
                    f"urgentie_<domein> met een van: {', '.join(DOMAIN_KEYS)}."
                )
            elif detail in result.urgency:
                result.problems.append(f"Kolom '{header}' herhaalt urgentie {detail}; genegeerd.")
            else:
                result.urgency[detail] = header
        else:
            attr = {
                TEXT: "text",
                DATE: "date",
                PERSPECTIVE: "perspective",
                ROLE: "role",
                PERIOD: "period",
            }[name]
            if getattr(result, attr) is None:
                setattr(result, attr, header)
            else:
                result.problems.append(
                    f"Kolom '{header}' is een tweede kolom voor {name}; alleen "
                    f"'{getattr(result, attr)}' wordt gebruikt."
                )
    result.areas.sort(key=lambda item: _AREA_ORDER[item[1]])
    return result


# --- perspectives -------------------------------------------------------------------------------
_PERSPECTIVE_WORDS: dict[str, tuple[str, ...]] = {
    "beleid": (
        "beleid",
        "gemeente",
        "beleidsmaker",
        "beleidsmakers",
        "beleidsmedewerker",
        "beleidsmedewerkers",
        "beleidsadviseur",
        "wethouder",
        "ambtenaar",
        "bestuur",
        "bestuurder",
        "raadslid",
        "gebiedsregisseur",
        "wijkmanager",
        "policy",
        "policy maker",
        "municipality",
    ),
    "professional": (
        "professional",
        "professionals",
        "wijkagent",
        "politie",
        "sociaal werker",
        "maatschappelijk werker",
        "jongerenwerker",
        "opbouwwerker",
        "buurtwerker",
        "welzijnswerker",
        "welzijn",
        "corporatie",
        "woningcorporatie",
        "huismeester",
        "wijkbeheerder",
        "huisarts",
        "praktijkondersteuner",
        "wijkverpleegkundige",
        "jeugdverpleegkundige",
        "ggd",
        "zorgverlener",
        "leerkracht",
        "leraar",
        "docent",
        "school",
        "intern begeleider",
        "schoolmaatschappelijk werker",
        "wijkteam",
        "buurtteam",
        "wijkcoach",
        "buurtcoach",
        "consulent",
        "schuldhulpverlener",
        "boa",
        "handhaver",
        "kinderopvang",
        "pedagogisch medewerker",
        "social worker",
        "youth worker",
        "police",
        "housing association",
        "teacher",
        "nurse",
        "gp",
    ),
    "bewoner": (
        "bewoner",
        "bewoners",
        "bewoonster",
        "buurtbewoonster",
        "wijkbewoonster",
        "inwoner",
        "inwoonster",
        "inwoners",
        "buurtbewoner",
        "buurtbewoners",
        "wijkbewoner",
        "buurtgenoot",
        "huurder",
        "burger",
        "ouder",
        "jongere",
        "resident",
        "residents",
        "citizen",
    ),
}

_PERSPECTIVE_LOOKUP: dict[str, str] = {
    normalise(word): key for key, words in _PERSPECTIVE_WORDS.items() for word in words
}


def parse_perspective(value: object) -> tuple[str, str | None]:
    """Return (perspective, role): ``"wijkagent"`` -> ``("professional", "wijkagent")``.

    The role is the specific word the file used, or None when it already was one of
    ``beleid``/``professional``/``bewoner``. Raises :class:`FieldError` for unknown or mixed
    perspectives; a job title is never guessed.
    """
    raw = clean_text(value)
    key = normalise(raw)
    if not key:
        raise FieldError("perspectief ontbreekt (beleid, professional of bewoner)")
    if key in _PERSPECTIVE_LOOKUP:
        generic = key in PERSPECTIVES or key.rstrip("s") in PERSPECTIVES
        return _PERSPECTIVE_LOOKUP[key], (None if generic else raw)
    found = {
        _PERSPECTIVE_LOOKUP[word]
        for word in _PERSPECTIVE_LOOKUP
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", key)
    }
    if len(found) == 1:
        return found.pop(), raw
    if len(found) > 1:
        raise FieldError(
            f"perspectief '{raw}' noemt meer dan één groep ({', '.join(sorted(found))}); "
            "maak er één rij per perspectief van"
        )
    raise FieldError(
        f"onbekend perspectief '{raw}'; gebruik beleid, professional of bewoner "
        "(of een functie zoals wijkagent, beleidsmedewerker, buurtbewoner)"
    )


# --- cells --------------------------------------------------------------------------------------
def clean_text(value: object) -> str:
    """A cell as trimmed text; None and NaN become the empty string."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s.*)?$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_MONTH_ONLY = re.compile(r"^(?:([a-z]+)\.?\s+(\d{4})|(\d{4})-(\d{1,2}))$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class ParsedDate:
    """A cell from the date column: a day, or only a period (``2024-03`` / ``2024``)."""

    day: date | None
    period: str | None


def parse_date(value: object) -> ParsedDate:
    """Read a Dutch or ISO date; day first (``15-03-2024``), never month first.

    A month or year without a day gives only a period. Raises :class:`FieldError` when the cell
    is not a date at all, rather than guessing.
    """
    if isinstance(value, datetime):
        return ParsedDate(value.date(), str(value.year))
    if isinstance(value, date):
        return ParsedDate(value, str(value.year))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:
            from openpyxl.utils.datetime import from_excel

            day = from_excel(value).date()
            return ParsedDate(day, str(day.year))
        if 1900 <= value <= 2100 and float(value).is_integer():
            return ParsedDate(None, str(int(value)))
    raw = clean_text(value)
    text = raw.lower().strip()
    if not text:
        return ParsedDate(None, None)
    try:
        if m := _ISO.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return ParsedDate(day, str(day.year))
        if m := _DAY_FIRST.match(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            day = date(year, int(m[2]), int(m[1]))
            return ParsedDate(day, str(day.year))
        if (m := _WORDS.match(text)) and m[2] in _MONTHS:
            day = date(int(m[3]), _MONTHS[m[2]], int(m[1]))
            return ParsedDate(day, str(day.year))
    except ValueError as exc:
        raise FieldError(f"datum '{raw}' bestaat niet") from exc
    if m := _MONTH_ONLY.match(text):
        if m[1] and m[1] in _MONTHS:
            return ParsedDate(None, f"{m[2]}-{_MONTHS[m[1]]:02d}")
        if m[3] and 1 <= int(m[4]) <= 12:
            return ParsedDate(None, f"{m[3]}-{int(m[4]):02d}")
    if _YEAR_ONLY.match(text):
        return ParsedDate(None, text)
    raise FieldError(f"datum '{raw}' niet te lezen; schrijf bijvoorbeeld 15-03-2024 of 2024-03-15")


def parse_rating(value: object) -> float | None:
    """A 1–5 urgency rating (``4``, ``3,5``, ``3.5``); None for an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise FieldError(f"urgentie '{value}' is geen getal van 1 tot en met 5")
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = clean_text(value)
        if not raw:
            return None
        try:
            number = float(raw.replace(",", "."))
        except ValueError as exc:
            raise FieldError(f"urgentie '{raw}' is geen getal van 1 tot en met 5") from exc
    if not 1 <= number <= 5:
        raise FieldError(f"urgentie {number:g} ligt niet tussen 1 en 5")
    return number
