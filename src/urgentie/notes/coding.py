"""Automatic coding of conversation notes with the project's codebook, explained word by word.

The codebook (``codebook.yaml`` beside this module, the one declared codebook file) lists for
every domain of :data:`urgentie.domains.DOMAINS` Dutch terms for concerns (``zorgen``) and
strengths (``krachten``), plus urgency signals (``escalatie``/``deescalatie``). The header of that
file documents how terms are written.

:func:`code_text` codes a note with the codebook and the learned model of
:mod:`urgentie.notes.learner` together (:func:`combine`; the rule was chosen on a dev split, see
``model/tuning.yaml``). :func:`lexicon_hits` is the codebook alone: it finds the terms in a note
and returns one :class:`CodeHit` per domain and polarity, saying which terms matched, which
words of the text they matched, which negations or trend words turned a concern into a strength
(or back) and which urgency signals stood nearby. Matching
handles simple Dutch morphology — plural, diminutive, adjective and verb endings,
ge-participles — and compounds whose head is a term ("woonoverlast" → "overlast"), while a
negating prefix never makes a match ("onveilig" is not "veilig"; "veiligheid" is not "onveilig").

:func:`urgency_from_cues` turns the hits of one note and domain into a soft urgency on the
1–5 scale of the votes (rule documented there).

Run ``python -m urgentie.notes.coding --evaluate`` for the measured precision and recall on the
hand-coded sentences in ``evalsets/coding_sentences.yaml``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.errors import UserError

if TYPE_CHECKING:  # scikit-learn loads only when a note is coded
    from urgentie.notes.learner import CoderModel, Combination, NoteScores

CODEBOOK_PATH = Path(__file__).with_name("codebook.yaml")
EVAL_PATH = Path(__file__).with_name("evalsets") / "coding_sentences.yaml"

ZORG = "zorg"
KRACHT = "kracht"
ESCALATIE = "escalatie"
DEESCALATIE = "deescalatie"
POLARITY_LABELS = {ZORG: "zorg", KRACHT: "wat goed gaat"}

CODING_PRECISION_THRESHOLD = 0.9
"""Declared minimum precision of the coder on the hand-coded sentences (asserted by tests)."""
CODING_RECALL_THRESHOLD = 0.9
"""Declared minimum recall of the coder on the hand-coded sentences (asserted by tests)."""

_MIN_COMPOUND_TERM = 6
"""Terms of this many letters or more also match as the head of a compound."""
_MIN_MODIFIER = 3
"""A compound's first part has at least this many letters ("woon" + "overlast")."""

# ---------------------------------------------------------------------------------------------
# Codebook
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A codebook term: its words and whether its last word may head a compound."""

    phrase: str
    words: tuple[str, ...]
    compound: bool


@dataclass(frozen=True)
class DomainTerms:
    """The concern and strength terms of one domain."""

    zorgen: tuple[Term, ...]
    krachten: tuple[Term, ...]


@dataclass(frozen=True)
class Codebook:
    """A validated codebook. ``digest`` identifies its exact content (store it with codes)."""

    version: str
    domains: dict[str, DomainTerms]
    escalation: tuple[Term, ...]
    deescalation: tuple[Term, ...]
    shared: frozenset[str]
    digest: str
    path: Path | None = None
    flips_after_concern: tuple[tuple[str, ...], ...] = ()
    """Word sequences that turn a concern term later in its clause into a strength."""
    flips_after_strength: tuple[tuple[str, ...], ...] = ()
    """Word sequences that turn a strength term later in its clause into a concern."""
    answers_no: tuple[tuple[str, ...], ...] = ()
    """Answers that negate a short question before them ("Overlast? Nee joh.")."""

    def all_phrases(self) -> Iterable[str]:
        """Every term and signal as written in the file (without * or =)."""
        for terms in self.domains.values():
            for term in (*terms.zorgen, *terms.krachten):
                yield term.phrase
        for term in (*self.escalation, *self.deescalation):
            yield term.phrase


def _words(phrase: str) -> tuple[str, ...]:
    """Lower-case words of a phrase, split like the text is ("buurtpreventie-app" → two)."""
    return tuple(m.group() for m in _WORD_RE.finditer(phrase.casefold()))


_WORD_RE = re.compile(r"[^\W_]+(?:[+]+)?(?:['’][^\W_]+)?")


def _term(raw: str) -> Term:
    text = raw.strip()
    forced = text.startswith("*")
    exact = text.startswith("=")
    phrase = text.lstrip("*=").strip().casefold()
    words = _words(phrase)
    long_enough = len(words[-1]) >= _MIN_COMPOUND_TERM if words else False
    return Term(phrase, words, not exact and (forced or long_enough))


def _term_list(value: object, where: str, problems: list[str]) -> tuple[Term, ...]:
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: een niet-lege lijst met termen ontbreekt.")
        return ()
    terms = []
    for item in value:
        if not isinstance(item, str) or not item.strip().lstrip("*="):
            problems.append(f"{where}: '{item}' is geen term (tekst verwacht).")
            continue
        term = _term(item)
        if not term.words:
            problems.append(f"{where}: '{item}' bevat geen woord.")
            continue
        terms.append(term)
    return tuple(terms)


def parse_codebook(raw: object, digest: str = "", path: Path | None = None) -> Codebook:
    """Validate a loaded codebook; every problem is reported at once as a Dutch UserError.

    Checked: a version string; every domain of :data:`DOMAIN_KEYS` present with non-empty
    ``zorgen`` and ``krachten``; no unknown domain; no term listed under two domains with the
    same polarity unless it is declared in ``gedeeld``; no term that is both a concern and a
    strength; both signal lists present.
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise UserError("Het codeboek is geen YAML-woordenboek met versie, domeinen en signalen.")
    version = raw.get("versie")
    if not isinstance(version, str) or not version.strip():
        problems.append("'versie' ontbreekt of is geen tekst (zet aanhalingstekens om 2026.1).")
    shared = frozenset(str(t).strip().casefold() for t in raw.get("gedeeld") or [])
    domains_raw = raw.get("domeinen")
    domains: dict[str, DomainTerms] = {}
    if not isinstance(domains_raw, dict):
        problems.append("'domeinen' ontbreekt.")
        domains_raw = {}
    for key in domains_raw:
        if key not in DOMAIN_KEYS:
            problems.append(f"Onbekend domein '{key}'; bekend zijn: {', '.join(DOMAIN_KEYS)}.")
    for key in DOMAIN_KEYS:
        entry = domains_raw.get(key)
        if not isinstance(entry, dict):
            problems.append(f"Domein '{key}' ontbreekt.")
            continue
        domains[key] = DomainTerms(
            zorgen=_term_list(entry.get("zorgen"), f"{key}.zorgen", problems),
            krachten=_term_list(entry.get("krachten"), f"{key}.krachten", problems),
        )
    seen: dict[tuple[str, str], str] = {}
    for key, terms in domains.items():
        zorgen = {t.phrase for t in terms.zorgen}
        for phrase in sorted(zorgen & {t.phrase for t in terms.krachten}):
            problems.append(f"'{phrase}' staat in {key} zowel bij zorgen als bij krachten.")
        for polarity, group in ((ZORG, terms.zorgen), (KRACHT, terms.krachten)):
            for term in group:
                other = seen.get((term.phrase, polarity))
                if other and other != key and term.phrase not in shared:
                    problems.append(
                        f"'{term.phrase}' staat als {polarity} onder {other} én {key}; "
                        "zet de term onder 'gedeeld' als dat zo bedoeld is."
                    )
                seen.setdefault((term.phrase, polarity), key)
    signals = raw.get("signalen")
    if not isinstance(signals, dict):
        problems.append("'signalen' met 'escalatie' en 'deescalatie' ontbreekt.")
        signals = {}
    escalation = _term_list(signals.get(ESCALATIE), f"signalen.{ESCALATIE}", problems)
    deescalation = _term_list(signals.get(DEESCALATIE), f"signalen.{DEESCALATIE}", problems)
    flips = raw.get("omkeringen") or {}
    if not isinstance(flips, dict):
        problems.append("'omkeringen' is geen woordenboek met na_zorg, na_kracht, antwoord_nee.")
        flips = {}
    flip_lists = {}
    for name in ("na_zorg", "na_kracht", "antwoord_nee"):
        value = flips.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"omkeringen.{name}: een lijst met woorden verwacht.")
            value = []
        flip_lists[name] = tuple(_words(v) for v in value if _words(v))
    if problems:
        where = f" ({path})" if path else ""
        raise UserError("Het codeboek klopt niet" + where + ":\n- " + "\n- ".join(problems))
    return Codebook(
        flips_after_concern=flip_lists["na_zorg"],
        flips_after_strength=flip_lists["na_kracht"],
        answers_no=flip_lists["antwoord_nee"],
        version=str(version).strip(),
        domains=domains,
        escalation=escalation,
        deescalation=deescalation,
        shared=shared,
        digest=digest,
        path=path,
    )


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Load and validate the codebook (the project's own when ``path`` is None).

    Loaded once per file version (path and modification time); a damaged file raises a Dutch
    :class:`UserError` listing every problem.
    """
    file = Path(path) if path is not None else CODEBOOK_PATH
    try:
        stamp = file.stat().st_mtime_ns
    except OSError as exc:
        raise UserError(f"Het codeboek {file} is niet te lezen: {exc.strerror}.") from exc
    return _load_codebook(file.resolve(), stamp)


@cache
def _load_codebook(file: Path, _stamp: int) -> Codebook:
    data = file.read_bytes()
    try:
        raw = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(f"Het codeboek {file} is geen geldige YAML (UTF-8): {exc}") from exc
    return parse_codebook(raw, hashlib.sha256(data).hexdigest()[:16], file)


# ---------------------------------------------------------------------------------------------
# Dutch word forms
# ---------------------------------------------------------------------------------------------

_VOWELS = "aeiouy"
_SEPARABLE = (
    "aan",
    "af",
    "door",
    "in",
    "mee",
    "na",
    "om",
    "op",
    "terug",
    "toe",
    "uit",
    "weg",
    "samen",
    "vast",
    "voor",
    "achter",
    "rond",
    "over",
    "onder",
    "bij",
)
_INSEPARABLE = ("be", "ge", "her", "ont", "ver", "er")
_NOUN_ADJ_ENDINGS = (
    "",
    "e",
    "en",
    "s",
    "'s",
    "n",
    "er",
    "ere",
    "st",
    "ste",
    "je",
    "tje",
    "pje",
    "etje",
    "jes",
    "tjes",
    "pjes",
    "etjes",
    "ig",
    "ige",
)
"""Endings that keep a term's meaning: plural, diminutive, adjective inflection and the -ig
adjective ("schimmelig" is about schimmel; "overlastig" counts as overlast too)."""


def _open_syllable_forms(word: str) -> set[str]:
    """Stems whose spelling changes before -e/-en: straat → strat(en), plek → plekk(en),
    huis → huiz(en), brief → briev(en)."""
    stems = {word}
    if len(word) >= 3 and word[-1] not in _VOWELS:
        v1, v2 = word[-3], word[-2]
        if v1 == v2 and v1 in "aeou":
            stems.add(word[:-3] + v1 + word[-1])  # straat → strat-
        elif v2 in _VOWELS and v1 not in _VOWELS and word[-1] not in "wxy":
            stems.add(word + word[-1])  # plek → plekk-, kapot → kapott-
    if word.endswith("f"):
        stems.add(word[:-1] + "v")
    if word.endswith("s"):
        stems.add(word[:-1] + "z")
    return stems


def _verb_forms(infinitive: str) -> set[str]:
    """Present, past and participle forms of a weak verb given as infinitive ("dealen")."""
    stem = infinitive[:-2]
    if len(stem) < 2:
        return set()
    stems = {stem}
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stems.add(stem[:-1])  # zitten → zit
    if stem.endswith("v"):
        stems.add(stem[:-1] + "f")
    if stem.endswith("z"):
        stems.add(stem[:-1] + "s")
    for s in list(stems):
        if len(s) >= 3 and s[-1] not in _VOWELS and s[-2] in _VOWELS and s[-3] not in _VOWELS:
            stems.add(s[:-1] + s[-2] + s[-1])  # maken → maak, breken → breek
    forms: set[str] = set()
    for s in stems:
        forms |= {s, s + "t", s + "te", s + "ten", s + "d", s + "de", s + "den"}
        if s.startswith(_INSEPARABLE):
            continue
        prefix = next((p for p in _SEPARABLE if s.startswith(p) and len(s) > len(p) + 2), "")
        rest = s[len(prefix) :]
        forms |= {prefix + "ge" + rest + "t", prefix + "ge" + rest + "d"}
    return forms


@cache
def head_forms(word: str) -> frozenset[str]:
    """The forms of ``word`` that may close a compound: noun and adjective forms of at least
    four letters, never the short verb stems ("lekken" → "lek" would make "stageplek" a leak,
    "ratten" → "raat" would make every "…straat" a rat)."""
    forms = {word}
    for stem in _open_syllable_forms(word):
        for ending in _NOUN_ADJ_ENDINGS:
            if stem != word and not ending.startswith("e"):
                continue
            forms.add(stem + ending)
    return frozenset(f for f in forms if len(f) >= 4)


@cache
def word_forms(word: str) -> frozenset[str]:
    """Every form of ``word`` that counts as the same term (generous on purpose: a form that
    is not Dutch never occurs in a note, a form that is missed loses a code)."""
    forms = {word}
    for stem in _open_syllable_forms(word):
        for ending in _NOUN_ADJ_ENDINGS:
            if stem != word and not ending.startswith("e"):
                continue  # a changed stem only occurs before -e/-en: straten, plekken
            forms.add(stem + ending)
    if word.endswith("e"):
        forms |= {word + "n", word + "s", word[:-1] + "ë" + "n"}
    if word.endswith("en") and len(word) > 4:
        forms |= _verb_forms(word)
    return frozenset(f for f in forms if f)


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------

_NEGATORS = frozenset(
    {
        "geen",
        "niet",
        "nooit",
        "niets",
        "nauwelijks",
        "amper",
        "zonder",
        "weinig",
        "minder",
        "nergens",
    }
)
_NOT_NEGATING_NEXT = frozenset({"alleen", "zomaar", "eens", "wonder", "enkel"})
_CLAUSE_BREAKS = frozenset(
    {".", ",", ";", ":", "!", "?", "maar", "want", "en", "of", "omdat", "terwijl", "dus", "(", ")"}
)
_NEGATION_WINDOW = 4
_FLIP_WINDOW = 6
"""How many words after a term a trend or closure word may stand ("de bijstand daalt")."""
_QUESTION_WORDS = 4
"""A question of at most this many words can be answered with a bare no."""
_OWNERS_ASSOCIATION = frozenset({"VvE", "VVE's", "VvE's", "Vve"})
_POST_NEGATION = re.compile(
    # "overlast is er niet (meer)." — but not "de overlast is niet te harden".
    r"\s+(?:is|zijn|was|waren)\s+(?:er\s+)?(?:niet|nauwelijks|amper|geen\s+sprake)"
    r"(?:\s+meer)?(?=\s*(?:[.,;:!?)]|$))"
)


@dataclass(frozen=True)
class _Entry:
    term: Term
    domain: str | None  # None for signals
    polarity: str  # zorg, kracht, escalatie, deescalatie


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int
    sentence: int
    question: bool = False  # a sentence end written as "?"


@dataclass(frozen=True)
class Match:
    """One term found in the text (after negation), with where it stood."""

    domain: str | None
    polarity: str
    term: str
    words: str
    start: int
    end: int
    sentence: int
    negation: str | None = None
    change: bool = False


class _Matcher:
    """Index of every form of every term, for O(length of word) look-ups per word."""

    def __init__(self, book: Codebook) -> None:
        self.exact: dict[str, list[tuple[_Entry, int]]] = {}
        self.heads: dict[str, list[_Entry]] = {}
        entries: list[_Entry] = []
        for key, terms in book.domains.items():
            entries += [_Entry(t, key, ZORG) for t in terms.zorgen]
            entries += [_Entry(t, key, KRACHT) for t in terms.krachten]
        entries += [_Entry(t, None, ESCALATIE) for t in book.escalation]
        entries += [_Entry(t, None, DEESCALATIE) for t in book.deescalation]
        self.entries = entries
        for entry in entries:
            first = entry.term.words[0]
            for form in word_forms(first):
                self.exact.setdefault(form, []).append((entry, 0))
            if len(entry.term.words) == 1 and entry.term.compound:
                for form in head_forms(first):
                    self.heads.setdefault(form, []).append(entry)

    def _word_matches(self, word: str, target: str, last: bool, compound: bool) -> bool:
        forms = word_forms(target)
        if word in forms:
            return True
        if last and compound:
            heads = head_forms(target)
            return any(word.endswith(f) and len(word) - len(f) >= _MIN_MODIFIER for f in heads)
        return False

    def candidates(self, words: Sequence[_Word], i: int) -> list[tuple[_Entry, int]]:
        """(entry, number of words) for every term that starts at word ``i``."""
        found: list[tuple[_Entry, int]] = []
        word = words[i].text
        for entry, _ in self.exact.get(word, []):
            n = len(entry.term.words)
            if n == 1:
                found.append((entry, 1))
                continue
            if i + n > len(words) or any(w.sentence != words[i].sentence for w in words[i : i + n]):
                continue
            if all(
                self._word_matches(
                    words[i + k].text, entry.term.words[k], k == n - 1, entry.term.compound
                )
                for k in range(1, n)
            ):
                found.append((entry, n))
        # Compounds: try every tail of the word as a term ("woon|overlast").
        for cut in range(_MIN_MODIFIER, len(word) - 2):
            for entry in self.heads.get(word[cut:], []):
                found.append((entry, 1))
        return found


def _tokenize(text: str) -> list[_Word]:
    """Lower-case words with their sentence number; placeholders such as [PERSOON-1] skipped."""
    words = []
    sentence = 0
    clean = re.sub(r"\[[A-Z-]+-\d+\]", lambda m: " " * len(m.group()), text)
    for m in re.finditer(r"[^\W_]+(?:[+]+)?(?:['’][^\W_]+)?|[.!?;:,()]|\n\s*\n", clean):
        part = m.group()
        if part in {".", "!", "?", ";"} or part.startswith("\n"):
            words.append(_Word(".", m.start(), m.end(), sentence, part == "?"))
            sentence += 1
            continue
        if part in _OWNERS_ASSOCIATION:
            # "VvE" is the owners' association, not "vve" (early childhood education).
            part = "vereniging-van-eigenaars"
        words.append(_Word(part.casefold(), m.start(), m.end(), sentence))
    return words


def _negation(words: Sequence[_Word], i: int, n: int) -> tuple[int | None, int, bool]:
    """The negating word just before the term at words ``i`` … ``i + n - 1`` in the same
    clause: its index, the index of the phrase's last word, and whether "meer" makes it a
    change ("geen overlast meer", "niet meer veilig")."""
    last = i + n - 1
    for k in range(i - 1, max(-1, i - 1 - _NEGATION_WINDOW), -1):
        w = words[k].text
        if w in _CLAUSE_BREAKS:
            break
        if w in _NEGATORS:
            nxt = words[k + 1].text if k + 1 < len(words) else ""
            if nxt in _NOT_NEGATING_NEXT:
                break
            after = last + 1 < len(words) and words[last + 1].text == "meer"
            return k, last + 1 if after else last, nxt == "meer" or after
    return None, last, False


def find_matches(text: str, book: Codebook) -> list[Match]:
    """Every term and signal in ``text``; the longest match wins where terms overlap, and a
    term listed under several domains (declared as shared) is kept for each."""
    matcher = _matcher(book)
    words = _tokenize(text)
    raw: list[tuple[int, int, _Entry]] = []
    for i, w in enumerate(words):
        if w.text in {".", ",", ";", ":", "(", ")"}:
            continue
        for entry, n in matcher.candidates(words, i):
            raw.append((i, n, entry))
    matches: list[Match] = []
    for is_signal in (False, True):
        group = [r for r in raw if (r[2].domain is None) == is_signal]
        # Longest first, then the most specific (longest) term, then the order of the book.
        group.sort(key=lambda r: (-r[1], -len(r[2].term.phrase), r[0]))
        taken: set[int] = set()
        chosen: list[tuple[int, int, _Entry]] = []
        for i, n, entry in group:
            span = set(range(i, i + n))
            same = [c for c in chosen if c[0] == i and c[1] == n]
            if span & taken:
                shared = same and entry.term.phrase == same[0][2].term.phrase
                if not shared:
                    continue
            taken |= span
            chosen.append((i, n, entry))
        for i, n, entry in sorted(chosen, key=lambda r: r[0]):
            matches.append(_resolve(text, words, i, n, entry, book=book))
    return [m for m in matches if m is not None]


def _sequence_at(words: Sequence[_Word], k: int, sequence: tuple[str, ...]) -> bool:
    return all(k + j < len(words) and words[k + j].text == part for j, part in enumerate(sequence))


def _flip_after(
    words: Sequence[_Word], i: int, n: int, polarity: str, book: Codebook
) -> str | None:
    """A trend or closure word later in the clause ("de bijstand daalt", "de bibliotheek is
    gesloten"), as the words from the term to it; None when there is none."""
    flips = book.flips_after_concern if polarity == ZORG else book.flips_after_strength
    for k in range(i + n, min(len(words), i + n + _FLIP_WINDOW)):
        if words[k].text in _CLAUSE_BREAKS - {"en"}:
            return None
        for sequence in flips:
            if _sequence_at(words, k, sequence):
                return " ".join(w.text for w in words[i : k + len(sequence)])
    return None


def _answered_no(text: str, words: Sequence[_Word], i: int, book: Codebook) -> str | None:
    """ "Overlast? Nee joh." — a term in a short question answered with no."""
    sentence = words[i].sentence
    in_sentence = [k for k, w in enumerate(words) if w.sentence == sentence]
    end = in_sentence[-1]
    if not words[end].question or len(in_sentence) - 1 > _QUESTION_WORDS:
        return None
    if any(_sequence_at(words, end + 1, answer) for answer in book.answers_no):
        return text[words[in_sentence[0]].start : words[min(end + 2, len(words) - 1)].end]
    return None


def _resolve(
    text: str, words: Sequence[_Word], i: int, n: int, entry: _Entry, *, book: Codebook
) -> Match | None:
    """A raw match with negation applied: flipped for domain terms, dropped for signals."""
    start, end = words[i].start, words[i + n - 1].end
    surface = text[start:end]
    k, last, more = _negation(words, i, n)
    if entry.term.words[0] in _NEGATORS:
        k = None  # the term is itself negative: "geen werk", "weinig contact"
    phrase = None
    if k is not None:
        phrase = text[words[k].start : words[last].end]
    else:
        post = _POST_NEGATION.match(text, end)
        if post:
            phrase = text[start : post.end()]
            more = phrase.endswith("meer")
    if phrase is None and entry.domain is not None:
        phrase = _flip_after(words, i, n, entry.polarity, book)
        if phrase is None:
            phrase = _answered_no(text, words, i, book)
    polarity = entry.polarity
    if entry.domain is None:
        if phrase:
            return None
        return Match(None, polarity, entry.term.phrase, surface, start, end, words[i].sentence)
    if phrase:
        polarity = KRACHT if polarity == ZORG else ZORG
        return Match(
            entry.domain,
            polarity,
            entry.term.phrase,
            surface,
            start,
            end,
            words[i].sentence,
            phrase,
            more,
        )
    return Match(entry.domain, polarity, entry.term.phrase, surface, start, end, words[i].sentence)


_MATCHERS: dict[int, tuple[Codebook, _Matcher]] = {}


def _matcher(book: Codebook) -> _Matcher:
    cached = _MATCHERS.get(id(book))
    if cached is None or cached[0] is not book:
        cached = (book, _Matcher(book))
        _MATCHERS[id(book)] = cached
    return cached[1]


# ---------------------------------------------------------------------------------------------
# Hits
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """An urgency signal in the text: its direction and the words."""

    direction: str  # escalatie | deescalatie
    phrase: str
    start: int


SOURCE_CODEBOOK = "codeboek"
SOURCE_MODEL = "model"
SOURCE_BOTH = "codeboek+model"


@dataclass
class CodeHit:
    """One code of a note: a domain with a polarity, and why.

    ``terms`` are the codebook terms that matched, or for a code only the learned model found,
    the words that weighed most (``evidence`` holds them with their weight); ``words`` the words
    in the text ("woonoverlast" for "overlast"); ``negations`` the negations or trend words that
    turned a term around ("geen overlast" and "de overlast neemt af" count as a strength);
    ``cue`` the first urgency signal in a sentence with this code (``cues`` all of them).
    ``source`` says who found the code (codebook, model or both) and ``probability`` how sure
    the model is (the analyst's review order).
    """

    domain: str
    polarity: str
    terms: list[str]
    cue: str | None = None
    words: list[str] = field(default_factory=list)
    negations: list[str] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    source: str = SOURCE_CODEBOOK
    probability: float | None = None
    evidence: list[tuple[str, float]] = field(default_factory=list)

    @property
    def code(self) -> str:
        """``domain:polarity``."""
        return f"{self.domain}:{self.polarity}"

    def explain(self) -> str:
        """A one-line Dutch explanation for the UI."""
        parts = []
        for term, word in zip(self.terms, self.words, strict=False):
            if self.source == SOURCE_MODEL:
                parts.append(f"'{word}'")
            else:
                parts.append(f"'{word}'" if word.casefold() == term else f"'{word}' ({term})")
        text = f"{domain_label(self.domain)} · {POLARITY_LABELS[self.polarity]}: " + ", ".join(
            parts
        )
        if self.source == SOURCE_MODEL:
            text += " (geleerd model"
        elif self.source == SOURCE_BOTH:
            text += " (codeboek en geleerd model"
        if self.source != SOURCE_CODEBOOK:
            text += f", zekerheid {self.probability:.0%})" if self.probability is not None else ")"
        if self.negations:
            text += "; omgedraaid door " + ", ".join(f"'{n}'" for n in self.negations)
        if self.cues:
            text += "; signaal " + ", ".join(f"'{c.phrase}'" for c in self.cues)
        return text


def code_text(text: str, codebook: Codebook | None = None) -> list[CodeHit]:
    """Code a note with the codebook and the learned model together (see :func:`combine`):
    one :class:`CodeHit` per (domain, polarity), in the order of :data:`DOMAIN_KEYS`, concerns
    before strengths. An empty list when the note touches no domain."""
    return code_texts([text], codebook)[0]


def code_texts(texts: Sequence[str], codebook: Codebook | None = None) -> list[list[CodeHit]]:
    """:func:`code_text` for many notes at once (the model scores them in one batch)."""
    from urgentie.notes import learner  # heavy (scikit-learn): only when coding

    book = codebook or load_codebook()
    model = learner.load_model()
    combination = learner.load_combination()
    scores = model.score_notes(texts)
    return [
        combine(
            text,
            book=book,
            lexical=lexicon_hits(text, book),
            scores=score,
            model=model,
            combination=combination,
        )
        for text, score in zip(texts, scores, strict=True)
    ]


def combine(
    text: str,
    *,
    book: Codebook,
    lexical: list[CodeHit],
    scores: NoteScores,
    model: CoderModel,
    combination: Combination,
) -> list[CodeHit]:
    """The codes of a note from the codebook's hits and the model's probabilities.

    The rule, chosen by measurement on the dev split (``model/tuning.yaml``): a code is given
    when the model's probability reaches ``combination.model`` on its own, or reaches the
    lower ``combination.with_codebook`` while the codebook found the same code. A codebook hit
    the model finds too unlikely is dropped (a facility word in a complaint, a word part)."""
    from urgentie.notes.training_corpus import LABELS

    by_code = {h.code: h for h in lexical}
    result: list[CodeHit] = []
    signals = [m for m in find_matches(text, book) if m.domain is None]
    for code in LABELS:
        p = scores.probabilities[code]
        hit = by_code.get(code)
        agree = hit is not None and combination.with_codebook is not None
        # A term the analyst added after the model was trained counts on its own: the model
        # cannot know it, and the codebook is the analyst's.
        own = hit is not None and any(t not in model.codebook_terms for t in hit.terms)
        if own or p >= combination.model or (agree and p >= (combination.with_codebook or 0.0)):
            if hit is not None:
                hit.source = SOURCE_BOTH
                hit.probability = round(p, 3)
                result.append(hit)
                continue
            segment = scores.segment.get(code, text)
            evidence = model.evidence(segment, code)
            domain, polarity = code.split(":")
            words = [w for w, _ in evidence] or [segment[:40]]
            new = CodeHit(
                domain,
                polarity,
                terms=[w.casefold() for w in words],
                words=words,
                source=SOURCE_MODEL,
                probability=round(p, 3),
                evidence=evidence,
            )
            start = text.find(segment)
            end = start + len(segment) if start >= 0 else -1
            new.cues = [
                Cue(m.polarity, m.words, m.start) for m in signals if start <= m.start < end
            ]
            new.cue = new.cues[0].phrase if new.cues else None
            result.append(new)
    order = {k: i for i, k in enumerate(DOMAIN_KEYS)}
    return sorted(result, key=lambda h: (order[h.domain], h.polarity != ZORG))


def lexicon_hits(text: str, codebook: Codebook | None = None) -> list[CodeHit]:
    """The codebook's own codes of a note (the word list alone, as before the model):
    one :class:`CodeHit` per (domain, polarity) found, in the order of :data:`DOMAIN_KEYS`,
    concerns before strengths. An empty list when nothing matched."""
    book = codebook or load_codebook()
    matches = find_matches(text, book)
    terms = [m for m in matches if m.domain is not None]
    signals = [m for m in matches if m.domain is None]
    sentences_with_terms = sorted({m.sentence for m in terms})
    hits: dict[tuple[str, str], CodeHit] = {}
    for m in terms:
        assert m.domain is not None
        hit = hits.setdefault((m.domain, m.polarity), CodeHit(m.domain, m.polarity, []))
        if m.term not in hit.terms:
            hit.terms.append(m.term)
            hit.words.append(m.words)
        if m.negation:
            hit.negations.append(m.negation)
            if m.change:
                # "geen overlast meer" is an improvement, "niet meer veilig" a deterioration.
                direction = DEESCALATIE if m.polarity == KRACHT else ESCALATIE
                hit.cues.append(Cue(direction, m.negation, m.start))
    for s in signals:
        target = s.sentence
        if target not in sentences_with_terms:
            earlier = [x for x in sentences_with_terms if x < target]
            if not earlier:
                continue
            target = earlier[-1]
        for m in terms:
            if m.sentence == target:
                assert m.domain is not None
                hit = hits[(m.domain, m.polarity)]
                cue = Cue(s.polarity, s.words, s.start)
                if cue not in hit.cues:
                    hit.cues.append(cue)
    order = {k: i for i, k in enumerate(DOMAIN_KEYS)}
    result = sorted(hits.values(), key=lambda h: (order[h.domain], h.polarity != ZORG))
    for hit in result:
        hit.cues.sort(key=lambda c: c.start)
        hit.cue = hit.cues[0].phrase if hit.cues else None
    return result


def urgency_from_cues(hits: Iterable[CodeHit], domain: str | None = None) -> float | None:
    """A soft urgency (1–5, in steps of 0.5) for one note and domain, or None without codes.

    The rule, declared:

    1. Start at 3, the middle of the scale.
    2. Balance of the evidence: with *z* concern terms and *k* strength terms,
       add ``(z - k) / (z + k)`` — +1 when there are only concerns, −1 with only strengths,
       0 when they balance.
    3. Signals: +0.5 for each escalation signal ("steeds erger", "niemand doet iets",
       "niet meer veilig"), −0.5 for each de-escalation signal ("gaat beter", "opgeknapt",
       "geen overlast meer"), each side capped at 1.
    4. Clamp to 1–5 and round to the nearest half.

    Pass the hits of one domain, or all hits of a note with ``domain`` to select one.
    """
    selected = [h for h in hits if domain is None or h.domain == domain]
    if not selected:
        return None
    z = sum(len(h.terms) for h in selected if h.polarity == ZORG)
    k = sum(len(h.terms) for h in selected if h.polarity == KRACHT)
    cues = {(c.start, c.direction) for h in selected for c in h.cues}
    up = min(1.0, 0.5 * sum(1 for _, d in cues if d == ESCALATIE))
    down = min(1.0, 0.5 * sum(1 for _, d in cues if d == DEESCALATIE))
    score = 3 + (z - k) / (z + k) + up - down
    return min(5.0, max(1.0, round(score * 2) / 2))


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


@dataclass
class CodingMetrics:
    """Precision and recall of the coder on hand-coded sentences, per code and per domain."""

    sentences: int
    precision: float
    recall: float
    domain_precision: float
    domain_recall: float
    empty_correct: int
    empty_total: int
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def load_eval_sentences(
    path: Path | None = None, sets: Iterable[str] | None = None
) -> list[tuple[str, set[str]]]:
    """The hand-coded sentences: text and the set of ``domain:polarity`` codes expected.

    ``sets`` selects by the sentences' ``set`` field (``main`` when absent, or ``holdout``)."""
    raw = yaml.safe_load((path or EVAL_PATH).read_text(encoding="utf-8"))
    wanted = set(sets) if sets is not None else None
    return [
        (item["text"], set(item["codes"]))
        for item in raw["sentences"]
        if wanted is None or item.get("set", "main") in wanted
    ]


def _prf(pairs: Sequence[tuple[set[str], set[str]]]) -> tuple[float, float]:
    tp = sum(len(expected & got) for expected, got in pairs)
    fp = sum(len(got - expected) for expected, got in pairs)
    fn = sum(len(expected - got) for expected, got in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def evaluate_coding(
    sentences: Sequence[tuple[str, set[str]]], codebook: Codebook | None = None
) -> CodingMetrics:
    """Code every sentence and compare with the analyst's codes."""
    book = codebook or load_codebook()
    pairs = []
    errors = []
    for text, expected in sentences:
        got = {f"{h.domain}:{h.polarity}" for h in code_text(text, book)}
        pairs.append((expected, got))
        if got != expected:
            errors.append((text, sorted(expected), sorted(got)))
    precision, recall = _prf(pairs)
    domain_pairs = [({c.split(":")[0] for c in e}, {c.split(":")[0] for c in g}) for e, g in pairs]
    d_precision, d_recall = _prf(domain_pairs)
    empty = [(e, g) for e, g in pairs if not e]
    return CodingMetrics(
        sentences=len(sentences),
        precision=precision,
        recall=recall,
        domain_precision=d_precision,
        domain_recall=d_recall,
        empty_correct=sum(1 for _, g in empty if not g),
        empty_total=len(empty),
        errors=errors,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m urgentie.notes.coding --evaluate [--json]``, or code a text given as
    ``--text``."""
    parser = argparse.ArgumentParser(
        prog="python -m urgentie.notes.coding",
        description="Automatisch coderen van gespreksnotities met het codeboek.",
    )
    parser.add_argument("--evaluate", action="store_true", help="meet precisie en recall")
    parser.add_argument("--text", help="codeer deze tekst en leg uit waarom")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
    args = parser.parse_args(argv)
    book = load_codebook()
    if args.text:
        hits = code_text(args.text, book)
        for hit in hits:
            print(hit.explain())
        domains = sorted({h.domain for h in hits})
        for key in domains:
            print(f"urgentie {domain_label(key)}: {urgency_from_cues(hits, key)}")
        return 0
    if not args.evaluate:
        parser.print_help()
        return 0
    metrics = evaluate_coding(load_eval_sentences(), book)
    if args.json:
        print(json.dumps(metrics.__dict__, ensure_ascii=False, indent=2))
        return 0
    print(f"Codeboek versie {book.version} ({book.digest})")
    print(f"{metrics.sentences} handgecodeerde zinnen")
    print(
        f"  per code (domein + zorg/kracht): precisie {metrics.precision:.1%}, "
        f"recall {metrics.recall:.1%}"
    )
    print(
        f"  per domein:                      precisie {metrics.domain_precision:.1%}, "
        f"recall {metrics.domain_recall:.1%}"
    )
    print(f"  zinnen zonder code terecht leeg: {metrics.empty_correct}/{metrics.empty_total}")
    for name in ("main", "holdout"):
        part = evaluate_coding(load_eval_sentences(sets=[name]), book)
        print(
            f"  deelset {name} ({part.sentences} zinnen): precisie {part.precision:.1%}, "
            f"recall {part.recall:.1%}"
        )
    for text, expected, got in metrics.errors:
        print(f"  verschil: {text}\n    verwacht {expected}\n    gevonden {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
