"""The project's own pseudonymisation rules: what deduce misses in notes from a wijkaanpak.

Each ``find_*`` function returns :class:`Span` candidates (kind, character offsets, the rule that
fired). :mod:`urgentie.notes.pseudonymise` joins them with deduce's annotations, resolves overlaps
and writes the placeholders. The rules are deliberately high-recall for identifying details and
conservative about ordinary words; the word lists live in :mod:`urgentie.notes.pseudo_lexicon`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from urgentie.notes import pseudo_lexicon as lex


@dataclass(frozen=True)
class Span:
    """A candidate replacement: ``text[start:end]`` is identifying detail of ``kind``."""

    kind: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark with its character offsets."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.casefold()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha() or self.text[0] in "'’"

    @property
    def is_cap(self) -> bool:
        """Starts with a capital letter (Ş, Ö and Ç included)."""
        return self.text[0].isupper()


_TOKEN_RE = re.compile(
    r"['’]t(?![\w])"  # 't as in "snackbar 't Hoekje"
    r"|[^\W\d_](?:[^\W_]|['’](?=[^\W\d_])|-(?=[^\W_]))*"  # words, with inner ' and -
    r"|\d+"
    r"|\S",
)
_SENTENCE_END = frozenset(".!?;:\n")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words (inner apostrophes and hyphens kept), numbers and marks."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def fold(word: str) -> str:
    """``word`` without diacritics ("Özlem" -> "Ozlem"), to look it up in ASCII name lists."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Contact details and numbers
# ---------------------------------------------------------------------------------------------

_SEP = r"[\s./-]{0,3}"
_PHONE_NL = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)\s?31[\s.-]{0,3}(?:\(0\)[\s.-]{0,3})?|\(?0)"  # +31, 0031, +31 (0), 0 or (0
    rf"\d(?:{_SEP}\)?{_SEP}\d){{8}}"  # nine more digits with spaces, dashes, dots, a )
    r"(?![\d])",
)
_PHONE_SERVICE = re.compile(r"(?<![\w+])0[89]00[\s-]?\d{4}(?:[\s-]?\d{2,3})?(?!\d)")
_PHONE_INTL = re.compile(r"(?<![\w+])\+(?!31)\d{1,3}[\s.-]?(?:\(?\d+\)?[\s.-]?){2,6}\d(?!\d)")


def find_phones(text: str) -> list[Span]:
    """Dutch mobile and landline numbers in every common notation, service and foreign numbers."""
    spans = [
        Span("telefoon", m.start(), m.end(), "telefoonnummer") for m in _PHONE_NL.finditer(text)
    ]
    spans += [
        Span("telefoon", m.start(), m.end(), "telefoonnummer")
        for m in _PHONE_SERVICE.finditer(text)
    ]
    for m in _PHONE_INTL.finditer(text):
        digits = sum(c.isdigit() for c in m.group())
        if 8 <= digits <= 15:
            spans.append(Span("telefoon", m.start(), m.end(), "buitenlands telefoonnummer"))
    return spans


_EMAIL = re.compile(
    r"[\w.+-]+(?:@|\s?[\[(]at[\])]\s?)[\w-]+(?:(?:\.|\s?[\[(]dot[\])]\s?)[\w-]+)+", re.IGNORECASE
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|info|be|de|nu|online|shop|frl|amsterdam)\b"
    r"(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_ACCOUNT = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}(?<![.])")


def find_emails(text: str) -> list[Span]:
    """E-mail addresses, also written as ``naam(at)domein.nl``."""
    return [Span("e-mail", m.start(), m.end(), "e-mailadres") for m in _EMAIL.finditer(text)]


def find_web(text: str) -> list[Span]:
    """Websites and social-media handles (``@kwame.m``): both lead straight to a person."""
    spans = [Span("website", m.start(), m.end(), "website") for m in _URL.finditer(text)]
    spans = [s for s in spans if not text[s.start : s.end].rstrip(".").isdigit()]
    spans += [Span("account", m.start(), m.end(), "account") for m in _ACCOUNT.finditer(text)]
    return spans


_PLATE = re.compile(r"(?<![\w-])([A-Z0-9]{1,3})-([A-Z0-9]{1,3})-([A-Z0-9]{1,3})(?![\w-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{2,4}){2,5}\b")


def find_numbers(text: str) -> list[Span]:
    """Licence plates (Dutch side codes: six letters and digits in three groups) and IBANs."""
    spans = []
    for m in _PLATE.finditer(text):
        body = "".join(m.groups())
        letters = any(c.isalpha() for c in body)
        digits = any(c.isdigit() for c in body)
        if len(body) == 6 and letters and digits:
            spans.append(Span("kenteken", m.start(), m.end(), "kenteken"))
    spans += [Span("nummer", m.start(), m.end(), "rekeningnummer") for m in _IBAN.finditer(text)]
    return spans


# ---------------------------------------------------------------------------------------------
# Ages
# ---------------------------------------------------------------------------------------------

_MAX_AGE = 120
_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(lex.NUMBER_WORDS)})(?:en|ën))?(?:{'|'.join(lex.DECADE_WORDS)})"
    rf"|(?:{'|'.join(lex.NUMBER_WORDS[1:])})"
)
_AGE_ADJ = re.compile(
    rf"(?<![\w,.])(\d{{1,3}}|{_WORD_NUMBER})\s?-?\s?(?:jarige?|jr\.?(?![\w])|jaar\s+oud)",
    re.IGNORECASE,
)
_NUM_LIST = r"\d{1,3}(?:\s*(?:,|en|&|/)\s*\d{1,3})*"
_AGE_PAREN = re.compile(
    r"\(\s*(?:(?:beiden|allebei|resp\.?|respectievelijk|ca\.?|ongeveer|leeftijd)\s*:?\s*)?"
    rf"({_NUM_LIST})\s*(?:jaar|jr\.?)?\s*\)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d{1,3}")
_AFTER_AGE_NOUN = re.compile(
    r"\s+(?:van\s+)?(?:ca\.?\s+|ongeveer\s+|rond\s+de\s+)?"
    rf"({_NUM_LIST}|{_WORD_NUMBER})(?:\s+jaar)?"
    r"(?!\s*(?:%|procent|euro|keer|kilo|km|meter|m2|uur|minuten|dagen|weken|maanden|woningen|"
    r"mensen|kinderen|huizen|kamers|[.,]\d))(?![\w])",
    re.IGNORECASE,
)
_PRONOUN_AGE = re.compile(
    r"\b(?:ik\s+ben|ben\s+ik|(?:hij|zij|ze|jij|je|u)\s+(?:is|was|werd|wordt|bent))\s+"
    r"(?:(?:pas|net|bijna|inmiddels|nu|zelf|ook|intussen|ruim)\s+)?(\d{1,3})(?:\s+jaar(?:\s+oud)?)?"
    r"(?=\s*(?:[,.;:!?)]|$|en\b|maar\b))",
    re.IGNORECASE,
)
_AFTER_NAME_VAN = re.compile(
    r"\s+van\s+(\d{1,3})(?:\s+jaar)?(?![\w.,])"
    r"(?!\s*(?:%|procent|euro|keer|hoog|uur|minuten|dagen|weken|maanden|woningen|mensen))"
)
_AFTER_NAME = re.compile(r"\s*,\s*(\d{1,3})(?:\s+jaar)?\s*(?=[,.;)]|$|\s+(?:en|uit|van|is)\b)")
_IS_AGE = re.compile(
    r"[^.!?;]{0,60}?\b(?:is|werd|wordt|was)\s+"
    r"(?:(?:pas|net|bijna|inmiddels|nu|zelf|ook|intussen|ruim)\s+)?"
    r"(\d{1,3})(?:\s+jaar)?(?=\s*(?:[,.;)]|$|en\b))"
)


def _number_spans(text: str, start: int, end: int, rule: str) -> list[Span]:
    """Every number of at most 120 between ``start`` and ``end`` as a ``leeftijd`` span."""
    spans = []
    for m in _NUMBER.finditer(text, start, end):
        if int(m.group()) <= _MAX_AGE:
            spans.append(Span("leeftijd", m.start(), m.end(), rule))
    return spans


def find_ages(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Bare ages: "(43)", "67-jarige", "een man van 67", "kinderen van 2, 5 en 8 jaar"."""
    spans: list[Span] = []
    for m in _AGE_ADJ.finditer(text):
        value = m.group(1)
        if not value.isdigit() or int(value) <= _MAX_AGE:
            spans.append(Span("leeftijd", m.start(1), m.end(1), "leeftijd (-jarige)"))
    for m in _AGE_PAREN.finditer(text):
        spans += _number_spans(text, m.start(1), m.end(1), "leeftijd tussen haakjes")
    for m in _PRONOUN_AGE.finditer(text):
        spans += _number_spans(text, m.start(1), m.end(1), "leeftijd (ik ben …)")
    for token in tokens:
        if token.low not in lex.AGE_NOUNS:
            continue
        m = _AFTER_AGE_NOUN.match(text, token.end)
        if not m:
            continue
        value = m.group(1)
        if value[0].isdigit():
            spans += _number_spans(text, m.start(1), m.end(1), "leeftijd na persoon")
        elif value.casefold() != "een":
            spans.append(Span("leeftijd", m.start(1), m.end(1), "leeftijd na persoon"))
    return spans


def find_ages_after_names(text: str, names: Iterable[Span]) -> list[Span]:
    """Ages anchored to a name found earlier: "Kwame, 17, zegt" and "Lucas … is 10 en"."""
    spans: list[Span] = []
    for name in names:
        for pattern in (_AFTER_NAME, _AFTER_NAME_VAN, _IS_AGE):
            rule = "leeftijd na naam"
            m = pattern.match(text, name.end)
            if m and int(m.group(1)) <= _MAX_AGE:
                spans.append(Span("leeftijd", m.start(1), m.end(1), rule))
    return spans


# ---------------------------------------------------------------------------------------------
# Streets, buildings, house numbers
# ---------------------------------------------------------------------------------------------

_SUFFIX_RE = "|".join(lex.STREET_SUFFIXES)
_STREET_WORD = re.compile(rf"^[^\W\d_][\w'’]*?(?:{_SUFFIX_RE})$", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(
    r"[ \t]*,?[ \t]*(?:(?:nr|no|nummer)\.?[ \t]*)?"
    r"\d{1,4}(?:[ \t]?[a-zA-Z](?![\w]))?"  # 14, 14b, 14 B
    r"(?:[ \t]?-[ \t]?(?:\d{1,4}|bis|hs|[a-zA-Z]|I{1,3})(?![\w]))?"  # 14-2, 3-bis, 9-hs
    r"(?:[ \t]+(?:hs|bg|bis|I{1,3}|zw)(?![\w]))?"  # 14 hs, 14 II
    # 310 en 312; but not the digits of a postcode after a comma ("88, 2033 KM")
    r"(?:[ \t]*(?:,|en|t/m|tot|&)[ \t]*\d{1,4}[a-zA-Z]?(?![\w])(?![ \t]?[A-Z]{2}(?![\w])))*"
)
_STANDALONE_NUMBER = re.compile(
    r"\b(?:nr\.?|no\.|nummer|huisnummer|huisnr\.?)[ \t]*(\d{1,4}(?:[ \t]?[a-zA-Z](?![\w/]))?"
    r"(?:-(?:\d{1,4}|bis|hs|[a-zA-Z]))?)(?![\w])",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b[1-9]\d{3}[ ]?(?!SS|SA|SD)[A-Z]{2}\b")
_LAAN_VAN = re.compile(
    r"\b(?:Laan|Weg|Plein|Kade|Singel|Dreef|Park|Hof|Gracht|Straat|Dijk)"
    r"\s+(?:van|der|de|den|op|aan|in|ter|ten)(?:\s+(?:de|der|den|het|'t))?"
    r"(?:\s+[A-Z][\w'’-]*){1,3}"
)


_TOWN_SUFFIXES = ("dam", "dijk", "haven", "hoven", "hove", "poort", "brink", "markt", "wal")


def _is_street_token(
    token: Token, sentence_start: bool, is_place: Callable[[str], bool] = lambda _w: False
) -> bool:
    """Whether a token is a street name by its ending ("Merelplein"), not an ordinary noun or a
    town with a street-like ending ("Rotterdam", "Eindhoven")."""
    word = token.text
    if not _STREET_WORD.match(word):
        return False
    if token.low.endswith(_TOWN_SUFFIXES) and is_place(word):
        return False
    low = token.low
    if low in lex.GENERIC_PLACE_NOUNS or low in lex.PROTECTED_WORDS:
        return False
    if not token.is_cap:
        return False
    # At the start of a sentence any noun is capitalised: only a name when it is not generic.
    return not (sentence_start and low in lex.GENERIC_PLACE_NOUNS)


def sentence_starts(tokens: Sequence[Token]) -> list[bool]:
    """Per token: whether it opens a sentence (first token, or after . ! ? ; : newline or ")."""
    starts = []
    previous: Token | None = None
    for token in tokens:
        starts.append(previous is None or previous.text in _SENTENCE_END or previous.text == '"')
        previous = token
    return starts


def _extend_street_left(tokens: Sequence[Token], i: int, is_stop: Callable[[Token], bool]) -> int:
    """Index of the first token of a multi-word street name ending at token ``i``."""
    first = i
    j = i - 1
    while j >= 0 and i - j <= 4:
        token = tokens[j]
        if token.text == "." and j > 0 and tokens[j - 1].low in lex.STREET_LEAD_WORDS:
            j -= 1
            continue
        if not token.is_word:
            break
        low = token.low
        if low in lex.STREET_LEAD_WORDS and token.is_cap:
            first = j
        elif low in lex.INTERFIXES:
            pass  # kept only when a capitalised word before it joins the name
        elif token.is_cap and not is_stop(token):
            first = j
        else:
            break
        j -= 1
    # Never start a street name with an article or particle: "aan de Molenstraat".
    while first < i and tokens[first].low in lex.INTERFIXES:
        first += 1
    return first


def find_streets(
    text: str,
    tokens: Sequence[Token],
    is_stop: Callable[[Token], bool],
    is_place: Callable[[str], bool] = lambda _w: False,
) -> list[Span]:
    """Street, square, park and building names, with the house number that follows.

    A street followed by a number becomes one ``adres`` span ("Molenstraat 14b"); a bare name
    becomes ``straat``. Generic nouns with a street ending ("fietspad", "schoolplein") only
    count when a house number follows.
    """
    spans: list[Span] = []
    starts = sentence_starts(tokens)
    for i, token in enumerate(tokens):
        if not token.is_word:
            continue
        parts = token.text.split("-")
        if len(parts) > 1 and _STREET_WORD.match(parts[0]) and parts[0][0].isupper():
            # "Zuilenselaan-kruispunt": the street is the first part of the compound.
            sub = Token(parts[0], token.start, token.start + len(parts[0]))
            if _is_street_token(sub, starts[i], is_place):
                spans.append(Span("straat", sub.start, sub.end, "straatnaam"))
            continue
        if not _STREET_WORD.match(token.text):
            continue  # both ways to a street below need a street ending; skip the number search
        number = _HOUSE_NUMBER.match(text, token.end)
        has_number = bool(number and any(c.isdigit() for c in number.group()))
        # "aan de Molendijk": after an article a word with a street ending is no town.
        after_article = i > 0 and tokens[i - 1].low in {"de", "het"}
        place_test = (lambda _w: False) if after_article else is_place
        if _is_street_token(token, starts[i], place_test) or (
            has_number and _STREET_WORD.match(token.text) and len(token.text) > 5
        ):
            first = _extend_street_left(tokens, i, is_stop)
            start = tokens[first].start
            if has_number and number is not None:
                end = number.end()
                spans.append(Span("adres", start, end, "straat met huisnummer"))
            else:
                spans.append(Span("straat", start, token.end, "straatnaam"))
    for m in _LAAN_VAN.finditer(text):
        number = _HOUSE_NUMBER.match(text, m.end())
        if number and any(c.isdigit() for c in number.group()):
            spans.append(Span("adres", m.start(), number.end(), "straat met huisnummer"))
        else:
            spans.append(Span("straat", m.start(), m.end(), "straatnaam"))
    for m in _STANDALONE_NUMBER.finditer(text):
        spans.append(Span("huisnummer", m.start(1), m.end(1), "huisnummer"))
    spans += [Span("adres", m.start(), m.end(), "postcode") for m in _POSTCODE.finditer(text)]
    return spans


def numbers_after(text: str, span: Span) -> Span:
    """``span`` extended over a house number that directly follows it (deduce's streets)."""
    number = _HOUSE_NUMBER.match(text, span.end)
    if number and any(c.isdigit() for c in number.group()):
        return Span("adres", span.start, number.end(), span.rule)
    return span


def _name_after(
    tokens: Sequence[Token], i: int, accept: Callable[[Token], bool], max_words: int = 4
) -> tuple[int, int] | None:
    """Token range ``[i, j)`` of a capitalised name starting at ``i`` (particles allowed)."""
    j = i
    words = 0
    last_cap = None
    while j < len(tokens) and words < max_words:
        token = tokens[j]
        if token.is_word and token.low in lex.INTERFIXES:
            j += 1
            continue
        if token.is_word and token.is_cap and accept(token):
            words += 1
            last_cap = j
            j += 1
            continue
        break
    if last_cap is None:
        return None
    # A particle before the name belongs to it: "mevrouw de Boer", "flat De Klokkenberg".
    return i, last_cap + 1


def find_buildings(tokens: Sequence[Token], accept: Callable[[Token], bool]) -> list[Span]:
    """Names of residential buildings after "flat", "complex" …: "flat De Klokkenberg"."""
    spans = []
    for i, token in enumerate(tokens[:-1]):
        if token.low not in lex.BUILDING_WORDS:
            continue
        # "bij die witte flat, De Zwaluw": the name may follow after a comma.
        start = i + 2 if tokens[i + 1].text == "," else i + 1
        found = _name_after(tokens, start, accept, max_words=3) if start < len(tokens) else None
        if found:
            first, end = found
            spans.append(Span("straat", tokens[first].start, tokens[end - 1].end, "gebouwnaam"))
    return spans


# ---------------------------------------------------------------------------------------------
# Shops and businesses
# ---------------------------------------------------------------------------------------------

_SHOP_JOINERS = frozenset({"by", "bij", "&", "en", "van", "de", "der", "den", "het", "'t", "’t"})


def find_shops(tokens: Sequence[Token], keep: Callable[[Token], bool]) -> list[Span]:
    """Names of small businesses after a business word: "kapsalon Yasmina", "Toko Sari".

    Anything capitalised may be part of such a name ("Bij Ali", "Fit by Tamara"); national
    chains ("Albert Heijn") stay, because they do not point to a person.
    """
    spans = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token.low not in lex.SHOP_WORDS or i + 1 >= n:
            continue
        j = i + 1
        while j + 1 < n and tokens[j].low in lex.INTERFIXES | {"bij"} and j - i <= 3:
            j += 1  # "bakker Van der Meulen", "snackbar 't Hoekje", "kiosk Bij Ali"
        if not (tokens[j].is_word and tokens[j].is_cap) or keep(tokens[j]):
            continue
        end = j
        k = j
        while k < n and k - j < 5:
            t = tokens[k]
            if t.is_word and t.is_cap and not keep(t):
                end = k
            elif t.low in _SHOP_JOINERS and k + 1 < n and tokens[k + 1].is_cap:
                pass
            else:
                break
            k += 1
        start_token = i + 1
        name = " ".join(t.text for t in tokens[start_token : end + 1]).casefold()
        if name in lex.CHAIN_NAMES or tokens[j].low in lex.CHAIN_NAMES:
            continue
        spans.append(
            Span("organisatie", tokens[start_token].start, tokens[end].end, "bedrijfsnaam")
        )
    return spans


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {"mevr", "mw", "mvr", "mnr", "dhr", "mej", "fam", "dr", "drs", "ir", "ing", "mr", "prof", "st"}
)
_STRONG_TITLES = (
    lex.FORMS_OF_ADDRESS | lex.FAMILY_WORDS | frozenset({"heet", "heten", "genaamd", "alias"})
)


def find_titled_names(
    tokens: Sequence[Token],
    strong_ok: Callable[[Token], bool],
    weak_ok: Callable[[Token], bool],
    lower_name: Callable[[Token], bool] | None = None,
    lower_surname: Callable[[Token], bool] | None = None,
) -> list[Span]:
    """Names after a form of address, family word or role: "mevrouw Öztürk", "juf Anouk".

    After a form of address any capitalised word counts ("meneer Bos"); after a family word
    or a role a word that carries meaning does not ("wijkagent Zuid", "wethouder Wonen"). A
    lower-case word counts when ``lower_name`` accepts it (a known first name that is no
    ordinary word: "buurman kees"), and after a family word when ``lower_surname`` accepts it
    (a known surname: "gezin bakker").
    """
    spans = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        low = token.low
        strong = low in _STRONG_TITLES
        if not (strong or low in lex.TITLE_WORDS or low in lex.ROLE_WORDS or low == "ben"):
            continue
        j = i + 1
        if j < n and tokens[j].text == "." and low in _ABBREVIATIONS:
            j += 1
        elif j < n and tokens[j].text == ".":
            continue  # a sentence ends: "met de wijkboa. Kapotte lampen …"
        if j < n and low in lex.ROLE_WORDS and tokens[j].low in {":", ",", "is"}:
            j += 1  # "Aanspreekpunt: Marco", "Gebiedsmanager is Roel"
        if j >= n:
            continue
        lower = not tokens[j].is_cap
        if (
            lower
            and (low in lex.FAMILY_WORDS or low in lex.FORMS_OF_ADDRESS)
            and lower_surname
            and lower_surname(tokens[j])
        ):  # "gezin bakker", "mevr bakker"
            spans.append(Span("persoon", tokens[j].start, tokens[j].end, "naam na aanspreekvorm"))
            continue
        k = j
        while k < n - 1 and k - j < 2 and tokens[k].low in lex.INTERFIXES and not tokens[k].is_cap:
            k += 1
        if (
            k > j
            and not tokens[k].is_cap
            and (low in lex.FAMILY_WORDS or low in lex.FORMS_OF_ADDRESS)
            and lower_surname
            and lower_surname(tokens[k])
        ):  # "meneer van dijk", "fam. de jong"
            spans.append(Span("persoon", tokens[j].start, tokens[k].end, "naam na aanspreekvorm"))
            continue
        if lower_name is not None and lower and lower_name(tokens[j]):
            # Quickly typed notes: "buurman kees", "zoon ahmed".
            spans.append(Span("persoon", tokens[j].start, tokens[j].end, "naam na aanspreekvorm"))
            continue
        found = _name_after(tokens, j, strong_ok if strong else weak_ok)
        if found:
            first, end = found
            rule = "naam na aanspreekvorm" if strong else "naam na rol of familie"
            spans.append(Span("persoon", tokens[first].start, tokens[end - 1].end, rule))
    return spans


def find_listed_names(
    tokens: Sequence[Token],
    is_first_name: Callable[[Token], bool],
    surname_ok: Callable[[Token], bool],
) -> list[Span]:
    """First names from the project's list (and deduce's, without diacritics), with the
    surname that follows: "Özlem", "Kwame Mensah", "Marco Tjon-A-Fong"."""
    spans = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        if token.is_word and token.is_cap and is_first_name(token):
            end = i + 1
            j = i + 1
            while j < n:
                t = tokens[j]
                if t.is_word and t.low in lex.INTERFIXES and not t.is_cap:
                    j += 1
                    continue
                if t.is_word and t.is_cap and (surname_ok(t) or is_first_name(t)):
                    end = j + 1
                    j += 1
                    continue
                break
            spans.append(Span("persoon", token.start, tokens[end - 1].end, "voornaam"))
            i = end
            continue
        if token.is_word and token.is_cap and token.low.startswith(lex.NAME_TOKEN_PREFIXES):
            spans.append(Span("persoon", token.start, token.end, "achternaam"))
        i += 1
    return spans


# ---------------------------------------------------------------------------------------------
# Dates and the user's own list
# ---------------------------------------------------------------------------------------------

_BIRTH_YEAR = re.compile(
    r"\b(?:geboren|geb\.?)\s+(?:in\s+|op\s+)?((?:19|20)\d{2})\b", re.IGNORECASE
)
_YEAR_IN_DATE = re.compile(r"((?:19|20)\d{2})\D*$")
_BIRTH_WINDOW = 30


def is_birth_date(text: str, start: int, end: int, today: date | None = None) -> bool:
    """Whether the date at ``text[start:end]`` is a birth date, which is replaced.

    Dates of conversations and incidents stay: they carry meaning and point to no one. A date
    is a birth date when a birth cue ("geboren", "geb.", "geboortedatum", "jarig") stands just
    before it, or when its year lies more than 16 years back (a resident's date of birth in a
    case note, not the date of a meeting).
    """
    before = text[max(0, start - _BIRTH_WINDOW) : start].casefold()
    if any(cue in before for cue in lex.BIRTH_CUES):
        return True
    m = _YEAR_IN_DATE.search(text[start:end])
    year_now = (today or date.today()).year
    return bool(m and int(m.group(1)) < year_now - 16)


def find_birth_years(text: str) -> list[Span]:
    """ "geboren in 1943": the year alone is a birth date too."""
    return [Span("datum", m.start(1), m.end(1), "geboortejaar") for m in _BIRTH_YEAR.finditer(text)]


def find_terms(text: str, terms: Iterable[str], kind: str, rule: str) -> list[Span]:
    """Whole-word, case-insensitive occurrences of the user's own terms."""
    spans = []
    for term in terms:
        cleaned = " ".join(term.split())
        if not cleaned:
            continue
        pattern = r"(?<![\w])" + r"\s+".join(re.escape(p) for p in cleaned.split()) + r"(?![\w])"
        spans += [Span(kind, m.start(), m.end(), rule) for m in re.finditer(pattern, text, re.I)]
    return spans


_NAME_VERBS = frozenset(
    {
        # Third person singular and past forms: a name is singular ("Quelmira vertelt").
        "vertelt",
        "vertelde",
        "zegt",
        "zei",
        "vindt",
        "vond",
        "helpt",
        "hielp",
        "woont",
        "woonde",
        "komt",
        "kwam",
        "belt",
        "belde",
        "werkt",
        "werkte",
        "wil",
        "wilde",
        "doet",
        "deed",
        "gaat",
        "ging",
        "ziet",
        "zag",
        "noemt",
        "noemde",
        "meldt",
        "meldde",
        "vraagt",
        "vroeg",
        "heeft",
        "had",
        "is",
        "was",
        "zit",
        "zat",
        "spreekt",
        "sprak",
        "studeert",
        "speelt",
        "speelde",
        "slaapt",
        "sliep",
        "krijgt",
        "kreeg",
        "zoekt",
        "zocht",
        "mist",
        "miste",
        "ergert",
        "klaagt",
        "klaagde",
        "organiseert",
        "beheert",
        "houdt",
        "hield",
        "maakt",
        "maakte",
        "loopt",
        "liep",
        "rijdt",
        "reed",
        "durft",
        "durfde",
        "kan",
        "kon",
        "moet",
        "moest",
        "mag",
        "mocht",
        "zorgt",
        "zorgde",
        "geeft",
        "gaf",
        "neemt",
        "nam",
        "leest",
        "schrijft",
        "schreef",
        "stuurt",
        "stuurde",
        "appt",
        "appte",
        "mailt",
        "mailde",
        "herinnert",
        "denkt",
        "dacht",
        "hoopt",
        "hoopte",
        "weet",
        "wist",
        "kent",
        "kende",
        "staat",
        "stond",
        "ligt",
        "lag",
        "valt",
        "viel",
        "voelt",
        "voelde",
        "begeleidt",
        "vertaalt",
        "vertaalde",
        "bezoekt",
        "bezocht",
        "verzorgt",
        "volgt",
        "volgde",
        "signaleert",
        "merkt",
        "merkte",
        "ervaart",
        "kookt",
        "haalt",
        "brengt",
        "bracht",
        "past",
        "paste",
        "let",
        "lette",
        "blijft",
        "bleef",
        "werd",
        "wordt",
    }
)


_PLURAL_VERBS = frozenset(
    {
        "willen",
        "zijn",
        "hebben",
        "gaan",
        "komen",
        "doen",
        "wonen",
        "zeggen",
        "vinden",
        "helpen",
        "spelen",
        "zitten",
        "vertellen",
        "werken",
        "maken",
        "lopen",
        "waren",
        "hadden",
        "wilden",
        "kwamen",
        "gingen",
        "deden",
        "woonden",
        "zeiden",
        "vonden",
        "hielpen",
        "speelden",
        "zaten",
        "vertelden",
        "werkten",
        "maakten",
        "kunnen",
        "moeten",
        "mogen",
        "organiseren",
        "zoeken",
        "missen",
        "voelen",
        "krijgen",
        "spijbelen",
    }
)
NAME_VERBS = _NAME_VERBS
"""Verbs in the singular that follow a name ("Quelmira vertelt"); also used by
:mod:`urgentie.notes.pseudo_context`."""

_CLAUSE_WORDS = frozenset(
    {"die", "dat", "omdat", "toen", "zodat", "terwijl", "nadat", "voordat", "hoewel", "als"}
)
INFINITIVE_SUBJECT_VERBS = frozenset({"kan", "kon", "mag", "mocht", "moet", "moest", "is", "was"})
"""Verbs after which a capitalised word in -en is a verb as subject ("Aanmelden kan …")."""


def is_infinitive_subject(token: Token, following: Token | None) -> bool:
    """ "Aanmelden kan bij …", "Parkeren mag hier niet": a verb as subject, no name."""
    return (
        len(token.text) >= 5
        and token.low.endswith("en")
        and following is not None
        and following.low in INFINITIVE_SUBJECT_VERBS
    )


_AGE_AFTER = re.compile(r"\s*\(\s*\d{1,3}\s*(?:jaar|jr\.?)?\s*\)|\s*,\s*\d{1,3}\s*(?:jaar\s*)?[,.]")
_HOUSE_AFTER = re.compile(r"\s+(?:van|op|uit)\s+(?:nummer|nr\.?|huisnummer)\s*\d", re.I)


def _name_runs(
    tokens: Sequence[Token], candidate: Callable[[Token], bool]
) -> list[tuple[int, int]]:
    """Token ranges of capitalised candidate words, joined by particles: "Zorvanek de Quelmira"."""
    runs = []
    i = 0
    n = len(tokens)
    while i < n:
        if not (tokens[i].is_word and tokens[i].is_cap and candidate(tokens[i])):
            i += 1
            continue
        end = i + 1
        j = i + 1
        while j < n:
            t = tokens[j]
            if t.is_word and t.low in lex.INTERFIXES and not t.is_cap:
                j += 1
                continue
            if t.is_word and t.is_cap and candidate(t):
                end = j + 1
                j += 1
                continue
            break
        runs.append((i, end))
        i = end
    return runs


def find_context_names(
    text: str,
    tokens: Sequence[Token],
    candidate: Callable[[Token], bool],
) -> list[Span]:
    """Names that no list knows, recognised by what surrounds them.

    ``candidate`` says whether a capitalised word may be a name at all (not a known word,
    place, role, street …). A run of candidates ("Zorvanek de Quelmira") is a name when

    - it has two or more capitalised words;
    - an age follows: "Quelmira (23)", "Quelmira, 17,";
    - it opens a sentence (or follows "en", "met", "dat", or a clause word such as "die") and a
      verb in the singular follows, directly or after "van de …": "Quelmira vertelt",
      "Quelmira van de moskee vertelt", "die Quelmira beheert";
    - two runs are joined by "en" before a verb in the plural: "Quelmira en Tibrunel willen";
    - it stands between commas after a person word: "een meisje, Quelmira, van 7";
    - "van nummer 12" follows: "Tibrunel van nummer 12".
    """
    spans: list[Span] = []
    starts = sentence_starts(tokens)
    n = len(tokens)
    runs = _name_runs(tokens, candidate)
    for k, (i, end) in enumerate(runs):
        start_char, end_char = tokens[i].start, tokens[end - 1].end
        caps = sum(1 for t in tokens[i:end] if t.is_cap)
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[end] if end < n else None
        after_next = tokens[end + 1] if end + 1 < n else None
        rule = None
        if prev is not None and prev.low in lex.PLACE_ONLY_PREPOSITIONS:
            continue  # "in Leidsche Rijn", "uit Tuindorp": a place, whatever follows
        if caps >= 2:
            rule = "voor- en achternaam"
        elif _AGE_AFTER.match(text, end_char) or _HOUSE_AFTER.match(text, end_char):
            rule = "naam voor leeftijd of huisnummer"
        else:
            leads = starts[i] or (
                prev is not None and prev.low in {"en", ",", "met", "dat"} | _CLAUSE_WORDS
            )
            verb_follows = nxt is not None and nxt.low in _NAME_VERBS
            if not verb_follows and nxt is not None and nxt.low == "van" and end + 3 < n:
                verb_follows = tokens[end + 3].low in _NAME_VERBS
            if not verb_follows and prev is not None and prev.low in _CLAUSE_WORDS:
                verb_follows = any(t.low in _NAME_VERBS for t in tokens[end : end + 4])
            infinitive = end - i == 1 and is_infinitive_subject(tokens[i], nxt)
            if leads and verb_follows and not infinitive:
                rule = "naam voor werkwoord"
            elif (
                nxt is not None
                and nxt.low == "en"
                and k + 1 < len(runs)
                and runs[k + 1][0] == end + 1
                and runs[k + 1][1] < n
                and tokens[runs[k + 1][1]].low in _PLURAL_VERBS | {",", "allebei", "beiden"}
            ):
                rule = "namen in opsomming"
                nxt_end = runs[k + 1][1]
                spans.append(Span("persoon", tokens[end + 1].start, tokens[nxt_end - 1].end, rule))
            elif (
                prev is not None
                and prev.text == ","
                and nxt is not None
                and nxt.text == ","
                and any(
                    t.low in lex.AGE_NOUNS or t.low in lex.TITLE_WORDS
                    for t in tokens[max(0, i - 5) : i]
                )
            ):
                rule = "naam tussen komma's"
        del after_next
        if rule:
            spans.append(Span("persoon", start_char, end_char, rule))
    return spans


def find_repeated_names(text: str, tokens: Sequence[Token], names: Iterable[Span]) -> list[Span]:
    """Other occurrences in the note of a word already found as part of a name, and names
    joined to a found name by "en": "Khadija … Khadija's kinderen", "Truus en Quelmira"."""
    words: set[str] = set()
    covered: set[int] = set()
    for span in names:
        covered.update(range(span.start, span.end))
        for t in tokenize(text[span.start : span.end]):
            if t.is_word and t.is_cap and len(t.text) > 2 and t.low not in lex.INTERFIXES:
                words.add(t.text)
                words.add(re.sub(r"['’]s$", "", t.text))
    spans = []
    for token in tokens:
        if token.start in covered or not token.is_word or not token.is_cap:
            continue
        bare = re.sub(r"['’]s$", "", token.text)
        if token.text in words or bare in words:
            spans.append(Span("persoon", token.start, token.start + len(bare), "zelfde naam"))
    return spans


def find_coordinated_names(
    tokens: Sequence[Token], names: Iterable[Span], candidate: Callable[[Token], bool]
) -> list[Span]:
    """ "Truus en Bep": a capitalised candidate joined by "en" to a name that was found."""
    starts = {s.start for s in names}
    ends = {s.end for s in names}
    spans = []
    n = len(tokens)
    for i in range(1, n - 1):
        if tokens[i].low != "en":
            continue
        left, right = tokens[i - 1], tokens[i + 1]
        if left.end in ends and right.is_word and right.is_cap and candidate(right):
            spans.append(Span("persoon", right.start, right.end, "naam in opsomming"))
        if right.start in starts and left.is_word and left.is_cap and candidate(left):
            spans.append(Span("persoon", left.start, left.end, "naam in opsomming"))
    return spans
