"""Pseudonymisation of conversation notes before they are stored.

Notes are about people; a resident must never be identifiable from what the tool stores or
shows. :class:`Pseudonymiser` replaces identifying details with placeholders such as
``[PERSOON-1]`` (the same name gets the same placeholder within a note) and reports every
replacement, so the UI can show what was changed and why.

Two layers find the details:

- **deduce** 3.x (Dutch de-identification for medical text): names, initials, addresses with a
  house number, postcodes, phone numbers, e-mail, URLs, ages with "jaar", dates, BSN and other long
  numbers. Its lookup tables take one to two minutes to build the first time on a machine and a
  few seconds to load afterwards: :func:`deduce_engine` does that once per process, never per note
  or per Streamlit rerun.
- **the project's rules** (:mod:`urgentie.notes.pseudo_rules`) for what deduce misses in a
  wijkaanpak: bare ages ("(43)", "een man van 67"), street, square, park and building names without
  a number, house numbers ("nr. 14b"), small businesses ("kapsalon Yasmina"), first names of many
  origins and with diacritics ("Özlem", "Şükrü"), names after a form of address or a role ("juf
  Anouk", "meneer Bos"), phone numbers in every notation, e-mail, websites, social-media handles,
  licence plates, IBANs and birth dates.
- **context rules** (:mod:`urgentie.notes.pseudo_context`, lists in ``pseudo_cues.yaml``) for
  what only the surroundings give away: lower-case names in quickly typed notes ("ik zeg tegen
  kees"), streets without a street ending ("Achter de Kerk"), "hij woont op 12", case numbers,
  "zijn ouders zijn 61 en 65".

What stays, on purpose:

- Names of places, wijken and buurten. The note is already linked to its area, and the area's
  name carries meaning. Pass the dataset's area names as ``keep_terms`` so that a rule never
  mistakes one for a person or a street.
- Public institutions (corporatie, school, buurthuis, GGZ-instelling, politie, moskee): they do not
  point to a resident. deduce's hospital and care-institution lists are therefore switched off.
- Dates of conversations and incidents; only birth dates are replaced
  (:func:`urgentie.notes.pseudo_rules.is_birth_date`).
- The words that carry the meaning of a note: roles ("wijkagent"), services ("jeugdzorg",
  "schuldhulp") and every term of the codebook are never replaced, even when deduce takes a
  capitalised one for a name.

Two user lists steer the rest: ``extra_terms`` are always replaced (``[TERM-n]``): a flat's
nickname, a local shop without a shop word, the name of a family everyone knows; ``keep_terms``
are never replaced: area names, local project names.

Run ``python -m urgentie.notes.pseudonymise --evaluate`` for the measured recall and precision
on the project's annotated corpus (:mod:`urgentie.notes.pseudo_eval`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from urgentie.notes import pseudo_context as ctx
from urgentie.notes import pseudo_lexicon as lex
from urgentie.notes import pseudo_rules as rules
from urgentie.notes.pseudo_rules import Span, Token

KIND_LABELS: dict[str, str] = {
    "persoon": "naam van een persoon",
    "leeftijd": "leeftijd",
    "adres": "adres (straat met huisnummer of postcode)",
    "straat": "straat, plein, park of gebouw",
    "huisnummer": "huisnummer",
    "telefoon": "telefoonnummer",
    "e-mail": "e-mailadres",
    "website": "website",
    "account": "account op sociale media",
    "organisatie": "winkel of bedrijf",
    "datum": "geboortedatum",
    "kenteken": "kenteken",
    "nummer": "BSN, rekening- of ander nummer",
    "term": "woord van de eigen lijst",
}
"""Every kind of replacement, with its Dutch label for the UI."""

# When spans of different kinds overlap, the merged replacement takes the first kind here.
_KIND_PRIORITY = (
    "e-mail",
    "website",
    "account",
    "telefoon",
    "nummer",
    "kenteken",
    "term",
    "adres",
    "organisatie",
    "straat",
    "persoon",
    "huisnummer",
    "datum",
    "leeftijd",
)
_NAME_KINDS = frozenset({"persoon", "straat", "organisatie"})
_CONTACT_KINDS = frozenset({"e-mail", "website", "account", "telefoon", "nummer", "kenteken"})

_DEDUCE_KINDS = {
    "persoon": "persoon",
    "patient": "persoon",
    "locatie": "adres",
    "telefoonnummer": "telefoon",
    "emailadres": "e-mail",
    "url": "website",
    "leeftijd": "leeftijd",
    "datum": "datum",
    "bsn": "nummer",
    "id": "nummer",
}
# Place names stay (see module docstring); institution names are public; we merge and redact
# ourselves, so that our own trimming sees deduce's raw annotations.
_DEDUCE_DISABLED = frozenset(
    {"placename", "hospital", "institution", "merge_adjacent_annotations", "redactor"}
)


@dataclass(frozen=True)
class Replacement:
    """One replaced detail: what it was, where it stood and what replaced it.

    ``start`` and ``end`` are offsets in the *original* text; ``rule`` says in Dutch which rule
    found it (for the UI's "wat is vervangen" list). ``original`` is the identifying detail
    itself: store it only where the original text may be kept.
    """

    kind: str
    original: str
    placeholder: str
    start: int
    end: int
    rule: str = ""


@dataclass(frozen=True)
class PseudoResult:
    """The pseudonymised text and every replacement made, in text order."""

    text: str
    replacements: list[Replacement] = field(default_factory=list)

    def safe_replacements(self) -> list[dict[str, object]]:
        """The replacements without the original text: safe to store and to show when the
        original may not be kept (``original`` *is* the identifying detail)."""
        return [
            {
                "kind": r.kind,
                "placeholder": r.placeholder,
                "rule": r.rule,
                "label": KIND_LABELS[r.kind],
            }
            for r in self.replacements
        ]

    def counts(self) -> dict[str, int]:
        """Number of replacements per kind (for a summary such as "3 namen, 1 adres")."""
        counts: dict[str, int] = {}
        for r in self.replacements:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        return counts


# ---------------------------------------------------------------------------------------------
# deduce, loaded once per process
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineInfo:
    """How deduce was loaded in this process: seconds taken, whether its lookup tables had to
    be built (the slow first time) and where they are cached."""

    seconds: float
    built: bool
    cache_dir: Path


class _Engine:
    """deduce plus its first-name table, for the project's diacritic-insensitive look-ups."""

    def __init__(self, deduce: Any, info: EngineInfo) -> None:
        self.deduce = deduce
        self.info = info
        self._first_names = deduce.lookup_structs["first_name"]
        self._surnames = deduce.lookup_structs["surname"]
        self._places = deduce.lookup_structs["placename"]
        self._common = deduce.lookup_structs["whitelist"]
        self._institutions = deduce.lookup_structs["healthcare_institution"]

    def is_known_first_name(self, word: str) -> bool:
        return [word] in self._first_names

    def is_known_surname(self, word: str) -> bool:
        return [word] in self._surnames

    def is_place(self, word: str) -> bool:
        """A Dutch town, municipality, province or region (deduce's list)."""
        return [word] in self._places

    def is_institution(self, word: str) -> bool:
        """A Dutch care institution (deduce's list: "Altrecht", "Careyn")."""
        return [word] in self._institutions

    def is_common_word(self, word: str) -> bool:
        """One of deduce's frequent Dutch words, stop words or medical terms."""
        return word.casefold() in self._common

    def annotate(self, text: str) -> list[tuple[str, int, int]]:
        doc = self.deduce.deidentify(text, disabled=set(_DEDUCE_DISABLED))
        return [(a.tag, a.start_char, a.end_char) for a in doc.annotations]


_ENGINE: _Engine | None = None
_ENGINE_LOCK = threading.Lock()
_CACHE_FILE = Path("cache") / "lookup_structs.pickle"


@contextlib.contextmanager
def _quiet_root_logger() -> Iterator[None]:
    """deduce calls ``logging.basicConfig(stream=sys.stdout, level=DEBUG)`` on import, which
    would send every library's debug log to stdout (and into ``--json`` output). Undo that."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Building or unpickling deduce's tables creates millions of objects; the cyclic garbage
    collector would scan them over and over (measured: 130 s instead of 95 s for a build)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cache_dir() -> Path:
    """Where deduce's built tables are cached.

    deduce's own package folder when it is writable (shared by every process and test run that
    uses this Python environment), otherwise ``<datamap>/cache/deduce-<versie>``.
    """
    import deduce

    from urgentie import settings

    package_lookup = Path(deduce.__file__).parent / "data" / "lookup"
    cache = package_lookup / "cache"
    if os.access(cache if cache.exists() else package_lookup, os.W_OK):
        return package_lookup
    return settings.data_dir() / "cache" / f"deduce-{deduce.__version__}"


def _build_cache(cache_dir: Path) -> None:
    """Build deduce's lookup tables and move the pickle into place atomically, so that a
    process reading the cache never sees half a file (deduce itself writes it in place)."""
    import deduce
    from deduce.deduce import _LOOKUP_LIST_PATH
    from deduce.lookup_structs import get_lookup_structs

    target = cache_dir / _CACHE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        get_lookup_structs(
            lookup_path=_LOOKUP_LIST_PATH,
            cache_path=tmp,
            tokenizer=deduce.Deduce._initialize_tokenizer(_LOOKUP_LIST_PATH),
            deduce_version=deduce.__version__,
            build=True,
        )
        (tmp / _CACHE_FILE).replace(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load_engine() -> _Engine:
    started = time.perf_counter()
    with _quiet_root_logger():
        import deduce

        logging.getLogger().setLevel(logging.WARNING)  # deduce's "please wait" note

        cache_dir = _cache_dir()
        built = False
        with _gc_paused():
            if not (cache_dir / _CACHE_FILE).is_file():
                _build_cache(cache_dir)
                built = True
            try:
                instance = deduce.Deduce(cache_path=cache_dir)
            except Exception:  # a damaged cache file: rebuild it once
                (cache_dir / _CACHE_FILE).unlink(missing_ok=True)
                _build_cache(cache_dir)
                built = True
                instance = deduce.Deduce(cache_path=cache_dir)
    # deduce's tables live as long as the process: move them out of the collector's sight, so
    # that later full collections do not rescan them (several seconds each on a busy server).
    gc.freeze()
    info = EngineInfo(time.perf_counter() - started, built, cache_dir)
    return _Engine(instance, info)


def deduce_engine() -> _Engine:
    """The process-wide deduce engine, loaded on first use (thread-safe: Streamlit sessions run
    in threads). The first call takes seconds, or one to two minutes on a fresh install."""
    global _ENGINE  # noqa: PLW0603 - one engine per process is the point
    if _ENGINE is None:
        with _ENGINE_LOCK:
            if _ENGINE is None:
                _ENGINE = _load_engine()
    return _ENGINE


def engine_info() -> EngineInfo | None:
    """How deduce was loaded, or None when it has not been loaded in this process yet."""
    return _ENGINE.info if _ENGINE is not None else None


# ---------------------------------------------------------------------------------------------
# The pseudonymiser
# ---------------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _codebook_words() -> frozenset[str]:
    """Every word of every codebook term and cue: these carry the meaning of a note."""
    try:
        from urgentie.notes.coding import load_codebook

        book = load_codebook()
    except Exception:  # the codebook is validated elsewhere; pseudonymising must not fail
        return frozenset()
    words: set[str] = set()
    for phrase in book.all_phrases():
        words.update(re.findall(r"[^\W\d_]+", phrase.casefold()))
    # Function words ("van", "het") are no meaning of their own, and some start names.
    return frozenset(
        w for w in words if len(w) > 2 and w not in lex.INTERFIXES and w not in lex.STOP_CAPS
    )


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for whole-word occurrences of ``terms`` (longest first)."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    parts = [r"\s+".join(re.escape(w) for w in t.split()) for t in words]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


_QUANTITY_AFTER = re.compile(
    r"\s*(?:"
    + "|".join(re.escape(w) for w in sorted(lex.QUANTITY_WORDS, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
_TRAILING_NUMBER = re.compile(r"[\s,]*\d[\w\s,/&-]*$")
_STRONG_RULE = "naam na aanspreekvorm"


_ORGANISATION_BEFORE = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(lex.ORGANISATION_WORDS)) + r")\s+"
    r"(?:(?:de|het|'t|al|el)\s+)?$",
    re.IGNORECASE,
)


class Pseudonymiser:
    """Replaces identifying details in a note; see the module docstring for what and why.

    Parameters
    ----------
    extra_terms
        Words or phrases that are always replaced (``[TERM-n]``), case-insensitive.
    keep_terms
        Words or phrases that are never replaced (area names, local project names). A street
        followed by a house number is still replaced as an address.

    The instance is cheap; deduce is shared by every instance in the process.
    """

    def __init__(self, extra_terms: Iterable[str] = (), keep_terms: Iterable[str] = ()) -> None:
        self.extra_terms = tuple(t for t in (" ".join(x.split()) for x in extra_terms) if t)
        self.keep_terms = frozenset(_norm(t) for t in keep_terms if t.strip())
        self._keep_pattern = _terms_pattern(self.keep_terms)
        self.protected = lex.PROTECTED_WORDS | _codebook_words()

    # -- word tests --------------------------------------------------------------------------

    def _kept(self, word: str) -> bool:
        return _norm(word) in self.keep_terms

    def _never_name(self, token: Token) -> bool:
        low = token.low
        return (
            low in lex.STOP_CAPS
            or low in lex.NATIONALITY_WORDS
            # "Oud-bewoner", "Burn-out"; but "Bakker-de Groot" is a double surname
            or bool(
                re.search(r"-[a-zà-ÿ]", token.text)
                and not re.search(r"-(?:de|van|den|der|ter|ten|el|al|la|le)$", token.text)
            )
            or self._kept(token.text)
            or bool(re.fullmatch(r"[A-Z]{2,}", token.text) and low not in lex.FIRST_NAMES)
        )

    def _meaningful(self, token: Token) -> bool:
        low = token.low
        if low in self.protected or low in lex.TITLE_WORDS:
            return True
        # Roles, shops and buildings also in the plural: "Handhavers", "Bewoners".
        singulars = {
            low,
            low[:-1] if low.endswith("s") else low,
            low[:-2] if low.endswith("en") else low,
        }
        return any(
            w in lex.ROLE_WORDS or w in lex.SHOP_WORDS or w in lex.BUILDING_WORDS for w in singulars
        )

    def _strong_ok(self, token: Token) -> bool:
        return not self._never_name(token)

    def _weak_ok(self, token: Token) -> bool:
        return not self._never_name(token) and not self._meaningful(token)

    def _is_first_name(self, token: Token, engine: _Engine) -> bool:
        if self._never_name(token) or self._meaningful(token):
            return False
        word = re.sub(r"['’]s$", "", token.text)
        forms = [word]
        if word == token.text and word.endswith("s") and len(word) > 4:
            forms.append(word[:-1])  # "Ahmeds kapsalon"
        for form in forms:
            if form.casefold() in lex.FIRST_NAMES:
                return True
            folded = rules.fold(form)
            if folded != token.text and engine.is_known_first_name(folded):
                return True
        return False

    def _lower_name(self, token: Token, engine: _Engine) -> bool:
        """A lower-case word that is a known first name and no ordinary word ("kees")."""
        if not token.is_word or len(token.text) < 3 or engine.is_common_word(token.text):
            return False
        if self._meaningful(token) or token.low in lex.STOP_CAPS or token.low in lex.INTERFIXES:
            return False
        title = token.text[:1].upper() + token.text[1:]
        return token.low in lex.FIRST_NAMES or engine.is_known_first_name(title)

    def _lower_first_name(self, token: Token, engine: _Engine) -> bool:
        """A lower-case known first name that is no ordinary word either ("kees", not "hoop",
        "roos" or "bas"): for the context rules, which have a weaker cue than a title."""
        return token.low not in lex.ORDINARY_FIRST_NAMES and self._lower_name(token, engine)

    def _age_owner(self, token: Token, engine: _Engine) -> bool:
        """Whether a capitalised word before "(7)" or after "tegen" may be a person: not a
        group ("Jongeren"), a place, an area name or a word that carries meaning."""
        low = token.low
        return (
            self._weak_ok(token)
            and low not in lex.AGE_NOUNS
            and not engine.is_place(token.text)
            and low not in lex.PUBLIC_ORGANISATIONS
            # "Meldingen (14)", "Woningen (12)": a count of things, not an age
            and not low.endswith(lex.NOUN_ENDINGS)
            and not low.endswith(lex.STREET_SUFFIXES)
            and low not in lex.GENERIC_PLACE_NOUNS
            and not (len(low) > 5 and low.endswith("en") and engine.is_common_word(low[:-2]))
        )

    def _lower_name_word(self, token: Token, engine: _Engine) -> bool:
        """A lower-case word that may be the surname after "el" ("el khatib"): no common word,
        nothing with a meaning."""
        return (
            token.is_word
            and len(token.text) > 2
            and not engine.is_common_word(token.text)
            and not self._meaningful(token)
            and token.low not in lex.STOP_CAPS
            and token.low not in lex.INTERFIXES
        )

    def _ordinary_place_noun(self, word: str, engine: _Engine) -> bool:
        """A lower-case noun with a street ending that is no street: "winkelstraat"."""
        low = word.casefold()
        return (
            low in lex.GENERIC_PLACE_NOUNS
            or low in self.protected
            or low in lex.PROTECTED_WORDS
            or engine.is_common_word(low)
            or self._kept(word)
        )

    def _lower_surname(self, token: Token, engine: _Engine) -> bool:
        """A lower-case word after a family word that is a known surname ("gezin bakker")."""
        if not token.is_word or len(token.text) < 3 or engine.is_common_word(token.text):
            return False
        if token.low in lex.STOP_CAPS or token.low in lex.INTERFIXES:
            return False
        return engine.is_known_surname(token.text[:1].upper() + token.text[1:])

    def _street_stop(self, token: Token) -> bool:
        return self._never_name(token) or token.low in self.protected

    def _unknown_word(self, token: Token, engine: _Engine) -> bool:
        """Whether a capitalised word may be a name nobody listed: not a known word, place,
        role, street, or anything that carries meaning."""
        if not self._weak_ok(token) or len(token.text) < 3:
            return False
        if engine.is_common_word(token.text) or engine.is_place(token.text):
            return False
        if engine.is_institution(token.text) or token.low in lex.PUBLIC_ORGANISATIONS:
            return False
        low = token.low
        return not (
            max(len(part) for part in low.split("-")) > 13
            or low.endswith(lex.NOUN_ENDINGS)
            or low in lex.GENERIC_PLACE_NOUNS
            or low.endswith(lex.STREET_SUFFIXES)
            or low in lex.AGE_NOUNS
            or low in lex.CHAIN_NAMES
        )

    # -- candidates ----------------------------------------------------------------------------

    def _deduce_spans(self, text: str, engine: _Engine) -> list[Span]:
        spans = []
        for tag, start, end in engine.annotate(text):
            kind = _DEDUCE_KINDS.get(tag)
            if kind is None:
                continue
            if kind == "leeftijd" and self._is_duration(text, start, end):
                continue
            if kind == "datum" and not rules.is_birth_date(text, start, end):
                continue
            span = Span(kind, start, end, f"deduce: {tag}")
            if kind == "adres":
                span = rules.numbers_after(text, span)
            spans.append(span)
        return spans

    @staticmethod
    def _is_duration(text: str, start: int, end: int) -> bool:
        """deduce's "N jaar" is a duration after "al", "sinds", "gemiddeld" … or before
        "geleden" (deduce knows some of these; residents' notes use more)."""
        before = re.findall(r"[\w'’]+", text[max(0, start - 25) : start].casefold())
        after = re.findall(r"[\w'’]+", text[end : end + 25].casefold())
        if before and before[-1] in lex.AGE_DURATION_WORDS:
            return True
        return len(after) > 1 and after[1] in {"geleden", "lang", "later", "terug", "wachten"}

    def _clean_name(self, text: str, span: Span, engine: _Engine) -> Span | None:
        """Trim forms of address and roles off a name ("Wijkagent Peter de Vries" -> "Peter de
        Vries") and drop names that are only meaningful words ("Veilig Thuis", "Oud-")."""
        tokens = rules.tokenize(text[span.start : span.end])
        words = [t for t in tokens if t.is_word]
        if not words:
            return None
        if span.rule.startswith("deduce") and re.match(r"-[a-z]", text[span.end : span.end + 2]):
            return None  # "Oud-bewoner": the first half of a compound, not a surname
        strong = span.rule == _STRONG_RULE
        first = 0
        while (
            span.kind == "persoon"
            and first < len(tokens)
            and (not tokens[first].is_word or (not strong and self._meaningful(tokens[first])))
        ):
            first += 1
        deduce_name = span.kind == "persoon" and span.rule.startswith("deduce")
        if deduce_name:
            # "bij de Brink": deduce reads the preposition as a surname particle ("Bij de Vaate").
            before = re.findall(r"[\w'’]+", text[max(0, span.start - 20) : span.start])
            preposition = before[-1].casefold() if before else ""
            while first < len(tokens) - 1 and tokens[first].low in lex.PLACE_PREPOSITIONS:
                preposition = tokens[first].low
                first += 1
            if preposition in lex.PLACE_ONLY_PREPOSITIONS:
                return None  # "in Hoograven", "uit Tuindorp": a place
            if first >= len(tokens):
                return None
            if tokens[first].text == "van" and not self._title_before(before):
                return None  # "Bewoners van Zuilen": a surname after no name is "Van Zuilen"
        last = len(tokens) - 1
        if deduce_name:
            last = self._cut_at_place(tokens, first, last, engine)
        while last >= first and not tokens[last].is_word:
            last -= 1
        if first > last:
            return None
        kept = [t for t in tokens[first : last + 1] if t.is_word]
        joined = " ".join(t.text for t in kept)
        if (
            span.kind == "persoon"
            and len(kept) == 1
            and re.search(
                r"(?<![\w-])(?:het|een)\s+$", text[max(0, span.start - 6) : span.start], re.I
            )
        ):
            return None  # "het Rijk": an article before one capitalised word makes it no name
        if span.kind == "persoon" and self._after_organisation_word(text, span.start):
            return None  # "stichting Al Amal": the name of a public organisation stays
        if _norm(joined) in lex.CHAIN_NAMES:
            return None  # "Albert Heijn" is a supermarket, not a person
        if span.rule.startswith("deduce") and engine.is_place(joined):
            return None  # "Eindhoven" is also a surname; alone it is the town, which stays
        if not strong and span.kind == "persoon" and kept[-1].low.endswith(lex.INSTITUTION_ENDINGS):
            return None  # "begeleider van de Regenboogschool": a school, not a person
        if span.rule.startswith("deduce") and self._place_name(
            kept, text[span.end : span.end + 30]
        ):
            return None  # "de Brink", "het Plein": a place of the gemeente, not a person
        if strong:
            # After "mevrouw" or "familie" even a word with a meaning is a surname ("Bakker").
            if all(t.low in lex.INTERFIXES or self._never_name(t) for t in kept):
                return None
        elif all(
            t.low in lex.INTERFIXES or self._never_name(t) or t.low in self.protected for t in kept
        ):
            return None
        return Span(
            span.kind, span.start + tokens[first].start, span.start + tokens[last].end, span.rule
        )

    @staticmethod
    def _title_before(before: list[str]) -> bool:
        """Whether a form of address, family word or role stands just before a name."""
        if not before:
            return False
        word = before[-1].casefold()
        return word in lex.TITLE_WORDS or word in lex.ROLE_WORDS or word in lex.FAMILY_WORDS

    def _cut_at_place(self, tokens: list[Token], first: int, last: int, engine: _Engine) -> int:
        """The last token of a name that deduce ran on into a place: "De Wit uit de
        Rivierenwijk" ends at "Wit". A preposition after a first name stays ("Jan op de Beek")."""
        for k in range(first + 1, last):
            token, previous = tokens[k], tokens[k - 1]
            if (
                token.low in lex.PLACE_PREPOSITIONS
                and not token.is_cap
                and previous.is_cap
                and not self._is_first_name(previous, engine)
            ):
                return k - 1
        return last

    @staticmethod
    def _place_name(words: list[Token], following: str) -> bool:
        """A place, not a person: an article or a street's lead word ("Oude") and then a word
        that names a kind of place ("de Brink", "Oude Haven", "de Oude" before "Ring")."""
        if not words or words[0].low not in {"de", "het", "'t", "’t"} | lex.STREET_LEAD_WORDS:
            return False
        if any(
            w.low not in lex.INTERFIXES and w.low not in lex.STREET_LEAD_WORDS for w in words[1:-1]
        ):
            return False
        nxt = re.match(r"\s+([A-Z][a-z]+)", following)
        last = [words[-1].low] + ([nxt.group(1).casefold()] if nxt else [])
        return len(words) > 1 and any(
            w in lex.GENERIC_PLACE_NOUNS or w in lex.STREET_SUFFIXES for w in last
        )

    def _kept_ranges(self, text: str) -> list[tuple[int, int]]:
        """Where the kept terms (area names) stand in ``text``."""
        if self._keep_pattern is None:
            return []
        return [m.span() for m in self._keep_pattern.finditer(text)]

    def _only_kept(self, text: str, span: Span, kept: list[tuple[int, int]]) -> bool:
        """Whether a name candidate is an area name plus function words: "bij de Brink",
        "de Oude" of "op de Oude Ring". A name after "mevrouw" or "familie" is no area."""
        if span.rule == _STRONG_RULE or not any(s < span.end and span.start < e for s, e in kept):
            return False
        for token in rules.tokenize(text[span.start : span.end]):
            start, end = span.start + token.start, span.start + token.end
            if not token.is_word or any(s <= start and end <= e for s, e in kept):
                continue
            if token.low not in lex.INTERFIXES and token.low not in lex.PLACE_PREPOSITIONS:
                return False
        return True

    def _quantity_address(self, text: str, span: Span) -> Span | None:
        """An "address" whose number is a quantity ("Molenwijk 18 procent", "in Heideveld 40
        portiekflats") is the place name alone (a ``straat`` span), or nothing when no name is
        left."""
        if span.kind != "adres":
            return span
        if not _QUANTITY_AFTER.match(text, span.end) and not self._area_count(text, span):
            return span
        m = _TRAILING_NUMBER.search(text, span.start, span.end)
        if m is None or m.start() == span.start:
            return None
        return Span("straat", span.start, m.start(), span.rule)

    def _area_count(self, text: str, span: Span) -> bool:
        """An area name, a number and a plural noun: "in Heideveld 64 portiekflats" counts
        flats in the area; a street of the same name would have no noun after its number."""
        m = _TRAILING_NUMBER.search(text, span.start, span.end)
        if m is None or not self._kept(text[span.start : m.start()].strip(" ,")):
            return False
        noun = re.match(r"\s+([a-zà-ÿ]{4,})", text[span.end :])
        return bool(
            noun
            and noun.group(1).endswith(("s", "en"))
            and noun.group(1) not in lex.COUNT_NOUN_EXCEPTIONS
        )

    @staticmethod
    def _after_organisation_word(text: str, start: int) -> bool:
        """Whether an organisation word stands right before ``start`` (only spaces and an
        article between): "stichting Al Amal", but not "Buurtteam: Faduma"."""
        return bool(_ORGANISATION_BEFORE.search(text[max(0, start - 40) : start]))

    def _candidates(self, text: str, engine: _Engine) -> list[Span]:
        tokens = rules.tokenize(text)
        spans: list[Span] = []
        spans += rules.find_phones(text)
        spans += rules.find_emails(text)
        spans += rules.find_web(text)
        spans += rules.find_numbers(text)
        spans += rules.find_birth_years(text)
        spans += rules.find_streets(text, tokens, self._street_stop, engine.is_place)
        spans += rules.find_buildings(tokens, self._weak_ok)
        spans += rules.find_shops(tokens, self._never_name)
        spans += rules.find_titled_names(
            tokens,
            self._strong_ok,
            self._weak_ok,
            lambda t: self._lower_name(t, engine),
            lambda t: self._lower_surname(t, engine),
        )
        spans += rules.find_listed_names(
            tokens, lambda t: self._is_first_name(t, engine), self._weak_ok
        )
        spans += ctx.find_bare_streets(text, tokens)
        spans += ctx.find_lower_streets(text, lambda w: self._ordinary_place_noun(w, engine))
        spans += ctx.find_house_numbers(text)
        spans += ctx.find_case_numbers(text)
        spans += ctx.find_names_before_age(tokens, text, lambda t: self._age_owner(t, engine))
        spans += ctx.find_lower_names(
            tokens,
            lambda t: self._lower_first_name(t, engine),
            lambda t: self._lower_name_word(t, engine),
        )
        spans += rules.find_terms(text, self.extra_terms, "term", "eigen lijst")
        spans += self._deduce_spans(text, engine)
        unknown = lambda t: self._unknown_word(t, engine)  # noqa: E731 - a short predicate
        spans += rules.find_context_names(text, tokens, unknown)
        spans += ctx.find_cued_names(tokens, unknown, lambda t: self._age_owner(t, engine))

        kept = self._kept_ranges(text)
        cleaned: list[Span] = []
        for span in spans:
            span = self._quantity_address(text, span)  # noqa: PLW2901 - refine in place
            if span is None:
                continue
            # A street found by its form ("Achter de Kerk", "aan de Markt") is made of words
            # that carry meaning elsewhere; its form, not its words, makes it a name.
            if span.kind in _NAME_KINDS and span.rule != ctx.STREET_BY_FORM:
                span = self._clean_name(text, span, engine)  # noqa: PLW2901 - refine in place
                if span is None:
                    continue
            keepable = span.kind not in _CONTACT_KINDS and span.kind != "term"
            if keepable and self._kept(text[span.start : span.end]):
                continue
            if span.kind in _NAME_KINDS and self._only_kept(text, span, kept):
                continue
            cleaned.append(span)
        names = [s for s in cleaned if s.kind == "persoon"]
        names += rules.find_coordinated_names(tokens, names, unknown)
        names += rules.find_repeated_names(text, tokens, names)
        names += ctx.find_lower_repeats(tokens, names)
        cleaned += [
            s
            for s in names
            if s.rule in {"naam in opsomming", "zelfde naam"}
            # An area name stays, even where it repeats part of a person's name ("van Esch").
            and not self._kept(text[s.start : s.end])
            and not self._only_kept(text, s, kept)
        ]
        cleaned += rules.find_ages_after_names(text, names)
        cleaned += rules.find_ages(text, tokens)
        cleaned += ctx.find_plural_ages(text)
        return [s for s in cleaned if not ctx.is_age_group(text, s)]

    # -- merging and placeholders ----------------------------------------------------------------

    @staticmethod
    def _merge(text: str, spans: list[Span]) -> list[Span]:
        """Union overlapping spans (a leak is worse than a wide placeholder) and join spans of
        the same kind separated only by a space or hyphen ("Peter" + "de Vries").

        A merged span takes the kind of its longest member ("NL91 ABNA 0417 1643 00" is an
        account number, though a phone-like run of digits sits inside it); on a tie the kind
        first in :data:`_KIND_PRIORITY` wins."""
        rank = {k: i for i, k in enumerate(_KIND_PRIORITY)}

        def strength(span: Span) -> tuple[int, int]:
            return (span.end - span.start, -rank.get(span.kind, len(rank)))

        merged: list[Span] = []
        best: list[Span] = []
        for span in sorted(spans, key=lambda s: (s.start, -s.end)):
            if span.end <= span.start:
                continue
            if merged:
                last = merged[-1]
                gap = text[last.end : span.start]
                overlaps = span.start < last.end
                adjacent = (
                    last.kind == span.kind
                    and span.kind in _NAME_KINDS
                    and (span.start >= last.end and re.fullmatch(r"[ \t-]?", gap))
                )
                if overlaps or adjacent:
                    winner = max(best[-1], span, key=strength)
                    best[-1] = winner
                    merged[-1] = Span(winner.kind, last.start, max(last.end, span.end), winner.rule)
                    continue
            merged.append(span)
            best.append(span)
        return merged

    @staticmethod
    def _group_key(kind: str, original: str) -> frozenset[str] | str:
        if kind == "persoon":
            words = re.findall(r"[^\W\d_]+", original.casefold())
            return frozenset(w for w in words if w not in lex.INTERFIXES)
        return _norm(re.sub(r"[^\w@.+]", " ", original))

    def _placeholders(self, text: str, spans: list[Span]) -> list[Replacement]:
        """Number placeholders per kind in order of first appearance; the same detail (for a
        person: the same name or part of it, "Fatima" after "Fatima El Khattabi") gets the same
        placeholder throughout the note."""
        groups: dict[str, list[tuple[frozenset[str] | str, str]]] = {}
        out = []
        for span in spans:
            original = text[span.start : span.end]
            key = self._group_key(span.kind, original)
            known = groups.setdefault(span.kind, [])
            placeholder = None
            for other, existing in known:
                same = other == key
                if isinstance(key, frozenset) and isinstance(other, frozenset) and key and other:
                    same = same or key <= other or other <= key
                if same:
                    placeholder = existing
                    break
            if placeholder is None:
                placeholder = f"[{span.kind.upper()}-{len(known) + 1}]"
                known.append((key, placeholder))
            out.append(
                Replacement(span.kind, original, placeholder, span.start, span.end, span.rule)
            )
        return out

    def run(self, text: str) -> PseudoResult:
        """Pseudonymise one note: the new text and every replacement, in text order."""
        if not text or not text.strip():
            return PseudoResult(text, [])
        engine = deduce_engine()
        spans = self._merge(text, self._candidates(text, engine))
        replacements = self._placeholders(text, spans)
        pieces = []
        last = 0
        for r in replacements:
            pieces.append(text[last : r.start])
            pieces.append(r.placeholder)
            last = r.end
        pieces.append(text[last:])
        return PseudoResult("".join(pieces), replacements)


_INSTANCES: dict[tuple[tuple[str, ...], tuple[str, ...]], Pseudonymiser] = {}
_INSTANCES_LOCK = threading.Lock()


def get_pseudonymiser(
    extra_terms: Iterable[str] = (), keep_terms: Iterable[str] = ()
) -> Pseudonymiser:
    """A cached :class:`Pseudonymiser` for these term lists, with deduce loaded.

    deduce is loaded once per process; pseudonymisers for other term lists share it.
    """
    key = (tuple(sorted(set(extra_terms))), tuple(sorted(set(keep_terms))))
    with _INSTANCES_LOCK:
        instance = _INSTANCES.get(key)
        if instance is None:
            instance = Pseudonymiser(*key)
            _INSTANCES[key] = instance
    deduce_engine()
    return instance


def main(argv: list[str] | None = None) -> int:
    """``python -m urgentie.notes.pseudonymise --evaluate``: print the measured figures."""
    from urgentie.notes import pseudo_eval

    return pseudo_eval.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
