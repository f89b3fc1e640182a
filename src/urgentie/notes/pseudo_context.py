"""Context rules of the pseudonymiser (round 2, issue 11): details that only their surroundings
give away.

The first independent measurement (round 1, ``evalsets/pseudo_notes_round1.yaml``) missed
mostly what residents type quickly: first names in lower case ("ik zeg tegen kees"), streets
without a street ending ("Achter de Kerk", "aan de Markt"), bare house numbers ("hij woont op
12"), case numbers ("klantnummer KL-22319") and the ages of two people at once ("ze zijn 61 en
65"). Each rule here needs a cue in the text, so that ordinary words stay: a lower-case word is
only a name when it is a known first name, no ordinary word (``pseudo_cues.yaml``) and a cue
stands before it or a verb in the singular follows it.

The word lists are data: ``pseudo_cues.yaml``, loaded by :mod:`urgentie.notes.pseudo_lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from urgentie.notes import pseudo_lexicon as lex
from urgentie.notes.pseudo_rules import (
    NAME_VERBS,
    Span,
    Token,
    is_infinitive_subject,
    numbers_after,
    sentence_starts,
)

# ---------------------------------------------------------------------------------------------
# Lower-case names
# ---------------------------------------------------------------------------------------------

_VERBS = NAME_VERBS | lex.NAME_VERBS_EXTRA


def _cue_index(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The cue phrases by their last word, so that a token is checked with one dict look-up
    instead of a pass over every phrase (this runs for every word of every note)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[-1], []).append(phrase)
    return {word: tuple(found) for word, found in index.items()}


def _cue_ends_at(
    tokens: Sequence[Token], i: int, index: dict[str, tuple[tuple[str, ...], ...]]
) -> bool:
    """Whether a phrase of ``index`` ends right before token ``i``."""
    if i == 0:
        return False
    for phrase in index.get(tokens[i - 1].low, ()):
        k = len(phrase)
        if k <= i and tuple(t.low for t in tokens[i - k : i]) == phrase:
            return True
    return False


_LOWER_CUES = _cue_index(lex.LOWER_NAME_BEFORE)


def _cue_before(tokens: Sequence[Token], i: int) -> bool:
    """Whether a cue word or phrase ("tegen", "dat is", "buurvrouw") ends right before ``i``."""
    return _cue_ends_at(tokens, i, _LOWER_CUES)


def _verb_follows(tokens: Sequence[Token], end: int) -> bool:
    """A verb in the singular after the name, directly or after "van <…>" and "die":
    "kees zegt", "kees van hiernaast zegt", "kees van boven die heeft"."""
    n = len(tokens)
    if end < n and tokens[end].low in _VERBS:
        return True
    if end < n and tokens[end].low == "van":
        for k in range(end + 2, min(end + 5, n)):
            if tokens[k].low in _VERBS:
                return True
            if not tokens[k].is_word:
                return False
    return False


def _opens_clause(tokens: Sequence[Token], i: int, starts: Sequence[bool]) -> bool:
    return starts[i] or (i > 0 and tokens[i - 1].low in lex.LOWER_NAME_OPENERS)


def find_lower_names(
    tokens: Sequence[Token],
    is_lower_first_name: Callable[[Token], bool],
    is_lower_surname: Callable[[Token], bool],
) -> list[Span]:
    """First names typed in lower case, found by their context.

    - after a cue ("tegen kees", "bel anton", "dat is greet", "buurvrouw truus");
    - opening a clause with a verb in the singular after it ("ja kees zegt", "kees van
      hiernaast die zegt");
    - joined by "van" or "en" to a name found so ("kees van greet", "kees en greet");
    - a surname particle that is no Dutch word with a surname after it, in the same places
      ("el amrani van boven heeft").
    """
    spans: list[Span] = []
    starts = sentence_starts(tokens)
    n = len(tokens)
    for i, token in enumerate(tokens):
        if not token.is_word or token.is_cap:
            continue
        if token.low in lex.LOWER_SURNAME_PARTICLES and i + 1 < n:
            nxt = tokens[i + 1]
            if (
                nxt.is_word
                and not nxt.is_cap
                and is_lower_surname(nxt)
                and (
                    _cue_before(tokens, i)
                    or (_opens_clause(tokens, i, starts) and _verb_follows(tokens, i + 2))
                )
            ):
                spans.append(Span("persoon", token.start, nxt.end, "naam in kleine letters"))
            continue
        # The context first: the name look-up is the dear part, and most words have no cue.
        by_cue = _cue_before(tokens, i)
        if not by_cue and not (_opens_clause(tokens, i, starts) and _verb_follows(tokens, i + 1)):
            continue
        if not is_lower_first_name(token):
            continue
        spans.append(Span("persoon", token.start, token.end, "naam in kleine letters"))
        # "kees van greet zegt", "kees en greet": a first name joined to a found one.
        if i + 2 < n and tokens[i + 1].low in {"van", "en"} and is_lower_first_name(tokens[i + 2]):
            other = tokens[i + 2]
            spans.append(Span("persoon", other.start, other.end, "naam in kleine letters"))
    return spans


_CAPITAL_CUES = frozenset(
    p
    for p in lex.LOWER_NAME_BEFORE
    if not (len(p) == 1 and p[0] in lex.PLACE_PREPOSITIONS | {"van"})
)
_CAPITAL_CUE_INDEX = _cue_index(_CAPITAL_CUES)


def find_cued_names(
    tokens: Sequence[Token],
    is_unknown: Callable[[Token], bool],
    may_be_person: Callable[[Token], bool],
) -> list[Span]:
    """Capitalised words that no list knows, in the contexts of :func:`find_lower_names`:
    "ik zeg tegen Quelmira", "bel Quelmira maar", "Bewoners noemen hem Quelmira", "maar
    Quelmira wil", "Quelmira van hiernaast die zegt". After a bare preposition a capitalised
    word may be a place or a feast ("met Pasen", "van Zuilen"), so that is no cue here.

    After a cue a capitalised word needs only ``may_be_person`` (no role, group or place), so
    that a name that is also a word is found ("tegen Hoop"); opening a clause it must be a word
    no list knows (``is_unknown``), because "Hoop doet leven"."""
    spans: list[Span] = []
    starts = sentence_starts(tokens)
    n = len(tokens)
    for i, token in enumerate(tokens):
        if not (token.is_word and token.is_cap):
            continue
        by_cue = _cue_ends_at(tokens, i, _CAPITAL_CUE_INDEX)
        if not (is_unknown(token) or (by_cue and not starts[i] and may_be_person(token))):
            continue
        end = i + 1
        if end < n and tokens[end].is_word and tokens[end].is_cap and is_unknown(tokens[end]):
            end += 1  # a surname after the first name
        if is_infinitive_subject(token, tokens[end] if end < n else None):
            continue
        if by_cue or (_opens_clause(tokens, i, starts) and _verb_follows(tokens, end)):
            spans.append(Span("persoon", token.start, tokens[end - 1].end, "naam in context"))
    return spans


def find_lower_repeats(tokens: Sequence[Token], names: Iterable[Span]) -> list[Span]:
    """Other occurrences of a name that was found in lower case ("de kat van iris … iris
    woont"). Only lower-case finds repeat this way: "Roos" the person does not make every
    "roos" in the note a name."""
    found: set[str] = set()
    covered: set[int] = set()
    for span in names:
        if span.rule != "naam in kleine letters":
            continue
        covered.add(span.start)
        found.update(t.low for t in tokens if span.start <= t.start and t.end <= span.end)
    found -= lex.INTERFIXES | lex.LOWER_SURNAME_PARTICLES
    return [
        Span("persoon", t.start, t.end, "zelfde naam")
        for t in tokens
        if t.is_word and t.low in found and t.start not in covered
    ]


_PAREN_AGE = re.compile(
    r"\s*\(\s*(?:(?:beiden|allebei)\s+)?\d{1,3}\s*(?:jaar|jr\.?)?\s*\)", re.IGNORECASE
)


def find_names_before_age(
    tokens: Sequence[Token], text: str, accept: Callable[[Token], bool]
) -> list[Span]:
    """A capitalised word directly before an age in brackets is a person even when it is also
    a word ("Hoop (7) tolkt", "Storm (4)"): a place or a group has no age."""
    return [
        Span("persoon", t.start, t.end, "naam voor leeftijd")
        for t in tokens
        if t.is_word and t.is_cap and _PAREN_AGE.match(text, t.end) and accept(t)
    ]


# ---------------------------------------------------------------------------------------------
# Streets without a street ending
# ---------------------------------------------------------------------------------------------

_ARTICLES = frozenset({"de", "het", "'t", "’t"})
STREET_BY_FORM = "straatnaam zonder uitgang"
"""The rule name of streets found by their form; the pseudonymiser does not trim their words."""


_YEAR_STREET = re.compile(r"\b([A-Z][a-z]+)\s+(?:1[89]\d\d|20\d\d)(?![\w])")


def find_bare_streets(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Street endings that are the whole name ("aan de Markt", "op de Dam 4", "Plein 1945":
    a street named after a year) and streets that open with a capitalised preposition in the
    middle of a sentence ("steeg Achter de Kerk")."""
    spans: list[Span] = []
    starts = sentence_starts(tokens)
    n = len(tokens)
    for i, token in enumerate(tokens):
        if not token.is_word or not token.is_cap or starts[i]:
            continue
        if (
            token.low in lex.BARE_STREET_WORDS
            and i >= 2
            and tokens[i - 1].low in _ARTICLES
            and tokens[i - 2].low in lex.BARE_STREET_PREPOSITIONS
        ):
            span = Span("straat", token.start, token.end, STREET_BY_FORM)
            spans.append(numbers_after(text, span))
        elif (
            token.low in lex.STREET_PREPOSITION_LEADS
            and i + 2 < n
            and tokens[i + 1].low in _ARTICLES
            and tokens[i + 2].is_word
            and tokens[i + 2].is_cap
        ):
            last = i + 2
            if last + 1 < n and tokens[last + 1].is_word and tokens[last + 1].is_cap:
                last += 1
            span = Span("straat", token.start, tokens[last].end, STREET_BY_FORM)
            spans.append(numbers_after(text, span))
    for m in _YEAR_STREET.finditer(text):
        if m.group(1).casefold() in lex.BARE_STREET_WORDS:
            spans.append(Span("straat", m.start(), m.end(), STREET_BY_FORM))
    return spans


_LOWER_STREET = re.compile(
    r"\b(?:aan|op|in|van|bij|naar|langs|uit|via|door)\s+(?:de|het)\s+"
    r"([a-zà-ÿ][a-zà-ÿ'’-]{2,}(?:"
    + "|".join(sorted(lex.LOWER_STREET_SUFFIXES, key=len, reverse=True))
    + r"))(?![\w])"
)
# "de kerkstraat en de molenweg": after a street, any street ending will do.
_LOWER_STREET_AND = re.compile(
    r"\s*(?:en|of|,)\s+(?:de|het)\s+([a-zà-ÿ][a-zà-ÿ'’-]{2,}(?:"
    + "|".join(lex.STREET_SUFFIXES)
    + r"))(?![\w])"
)


def find_lower_streets(text: str, is_ordinary: Callable[[str], bool]) -> list[Span]:
    """Street names typed in lower case after "aan de", "op de", "in de", "van de" …: "ik woon
    in de kastanjelaan", "op de hoek van de kerkstraat en de molenweg". ``is_ordinary`` rejects
    ordinary nouns ("winkelstraat", "schoolplein")."""
    spans = []
    for m in _LOWER_STREET.finditer(text):
        if is_ordinary(m.group(1)):
            continue
        spans.append(numbers_after(text, Span("straat", m.start(1), m.end(1), STREET_BY_FORM)))
        other = _LOWER_STREET_AND.match(text, m.end())
        if other and not is_ordinary(other.group(1)):
            span = Span("straat", other.start(1), other.end(1), STREET_BY_FORM)
            spans.append(numbers_after(text, span))
    return spans


# ---------------------------------------------------------------------------------------------
# House numbers and case numbers
# ---------------------------------------------------------------------------------------------

_OP_NUMBER = re.compile(r"\bop\s+(\d{1,4}(?:[ \t]?[a-z](?![\w]))?)(?![\w.,:/-]?\d)(?![\w%])", re.I)
_NUMBER_LIST = re.compile(
    r"\b(?:nr|nrs|no|nummers?|huisnummers?)\.?[ \t]*\d{1,4}[a-zA-Z]?"
    r"((?:[ \t]*(?:,|en|&|t/m|tot)[ \t]*\d{1,4}[a-zA-Z]?(?![\w]))+)",
    re.IGNORECASE,
)
_OWNER_NUMBER = re.compile(
    r"\b(?:"
    + "|".join(sorted(lex.HOUSE_NUMBER_OWNERS, key=len, reverse=True))
    + r")\s+van\s+(\d{1,3}(?:[ \t]?[a-z](?![\w]))?)(?![\w.,:/-]?\d)(?![\w%])",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"\d{1,4}[a-zA-Z]?")
_SENTENCE = re.compile(r"[^.!?\n]+")
_CODE = re.compile(r"(?<![\w/-])[A-Z]{1,5}-?\d[\dA-Z/-]*\d(?![\w-])")
_NUMBER_CUE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lex.NUMBER_CUE_WORDS, key=len, reverse=True))
    + r")\b\.?[ \t]*(?:is[ \t]+|:[ \t]*|#[ \t]*)?([\w/-]*\d[\w/-]*)",
    re.IGNORECASE,
)


def _count_or_date(word: str) -> bool:
    """Whether the word after "op 12" makes the number a date, time or count ("op 3 oktober",
    "op 40 adressen") rather than a house number ("op 12 denk ik", "op 7 hebben gewoond")."""
    if word in lex.NOT_HOUSE_NUMBER_AFTER:
        return True
    plural = len(word) > 3 and word.endswith(("s", "en"))
    return plural and word not in lex.COUNT_NOUN_EXCEPTIONS and word not in lex.RESIDENCE_WORDS


_PLATE_AFTER_CUE = re.compile(
    r"\b(?:"
    + "|".join(sorted(lex.PLATE_CUE_WORDS, key=len, reverse=True))
    + r")\b[\s:]*(?:is\s+)?([a-z0-9]{1,3}-[a-z0-9]{1,3}-[a-z0-9]{1,3})(?![\w-])",
    re.IGNORECASE,
)


def find_house_numbers(text: str) -> list[Span]:
    """House numbers without a street: "hij woont op 12", "ze heeft op 9c gewoond" (a verb of
    living in the same sentence), neighbours by number ("de buren van 14") and every number
    of "nr. 21 en 25" and "nummer 4 t/m 8"."""
    spans: list[Span] = []
    for sentence in _SENTENCE.finditer(text):
        words = {w.casefold() for w in re.findall(r"[^\W\d_]+", sentence.group())}
        if not words & lex.RESIDENCE_WORDS:
            continue
        for m in _OP_NUMBER.finditer(text, sentence.start(), sentence.end()):
            after = re.match(r"[ \t]*([^\W\d_]+)", text[m.end() :])
            if after and _count_or_date(after.group(1).casefold()):
                continue
            spans.append(Span("huisnummer", m.start(1), m.end(1), "huisnummer na wonen op"))
    for m in _OWNER_NUMBER.finditer(text):
        after = re.match(r"[ \t]*([^\W\d_]+)", text[m.end() :])
        # Only a date or unit word undoes it: "de buren van 41 maken herrie".
        if not (after and after.group(1).casefold() in lex.NOT_HOUSE_NUMBER_AFTER):
            spans.append(Span("huisnummer", m.start(1), m.end(1), "huisnummer van de buren"))
    for m in _NUMBER_LIST.finditer(text):
        spans += [
            Span("huisnummer", m.start(1) + k.start(), m.start(1) + k.end(), "huisnummer")
            for k in _LIST_ITEM.finditer(m.group(1))
        ]
    return spans


def find_case_numbers(text: str) -> list[Span]:
    """Client, case and file numbers: a code of capitals and at least five digits
    ("KL-0093315", "PB-2024-11809") or any code with four digits after a number word
    ("klantnummer 88213", "kenmerk: 2024/5567")."""
    spans = [
        Span("nummer", m.start(), m.end(), "dossiernummer")
        for m in _CODE.finditer(text)
        if sum(c.isdigit() for c in m.group()) >= 5
    ]
    spans += [
        Span("nummer", m.start(1), m.end(1), "dossiernummer")
        for m in _NUMBER_CUE.finditer(text)
        if _looks_like_case_number(m.group(1))
    ]
    for m in _PLATE_AFTER_CUE.finditer(text):
        body = m.group(1).replace("-", "")
        if len(body) == 6 and any(c.isalpha() for c in body) and any(c.isdigit() for c in body):
            spans.append(Span("kenteken", m.start(1), m.end(1), "kenteken"))
    return spans


def _looks_like_case_number(code: str) -> bool:
    """Five digits, or four with a letter or separator; a bare year ("zaak 2024") is none."""
    digits = sum(c.isdigit() for c in code)
    if re.fullmatch(r"(?:19|20)\d{2}", code):
        return False
    return digits >= 5 or (digits >= 4 and not code.isdigit())


# ---------------------------------------------------------------------------------------------
# Ages
# ---------------------------------------------------------------------------------------------

_PLURAL_SUBJECTS = "|".join(
    sorted(
        {"ze", "zij", "we", "wij", *(w for w in lex.AGE_NOUNS if w.isalpha())},
        key=len,
        reverse=True,
    )
)
_PLURAL_AGE = re.compile(
    rf"\b(?:{_PLURAL_SUBJECTS})\s+(?:zijn|waren)\s+"
    r"(?:(?:allebei|beiden|al|inmiddels|nu|ruim|bijna|pas)\s+)?"
    r"(\d{1,3}(?:\s*(?:,|en|&)\s*\d{1,3})+)(?:\s+jaar(?:\s+oud)?)?"
    r"(?=\s*(?:[,.;:!?)]|$|en\b|maar\b))",
    re.IGNORECASE,
)
_ROUND_AGE = re.compile(r",\s*(?:rond|ergens\s+rond)\s+de\s+(\d{2})(?:\s+jaar)?\s*(?=[.!;]|$)")
_AGE_GROUP = re.compile(
    r"\s*(?:-\s*)?(?:jaar\s+|jr\.?\s+)?(?:(?:en|of)\s+)?(?:"
    + "|".join(sorted(lex.AGE_GROUP_WORDS, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)


def find_plural_ages(text: str) -> list[Span]:
    """The ages of several people at once ("zijn ouders zijn 61 en 65") and an age given
    roughly after a description ("een zekere Dennis, rond de 25.")."""
    spans: list[Span] = []
    for m in _PLURAL_AGE.finditer(text):
        spans += [
            Span("leeftijd", m.start(1) + k.start(), m.start(1) + k.end(), "leeftijden")
            for k in re.finditer(r"\d{1,3}", m.group(1))
            if int(k.group()) <= 120
        ]
    spans += [
        Span("leeftijd", m.start(1), m.end(1), "leeftijd (rond de …)")
        for m in _ROUND_AGE.finditer(text)
    ]
    return spans


def is_age_group(text: str, span: Span) -> bool:
    """Whether an "age" is the bound of a group ("patiënten van 80 jaar en ouder", "55-plus"),
    which points to no one."""
    return span.kind == "leeftijd" and bool(_AGE_GROUP.match(text, span.end))
