"""The labelled corpus the note coder learns from, built from the data files in ``training/``.

All material is written by the project and shipped as data:

- **fragments** (``training/fragments/<domain>*.yaml``): one or two sentences with one known
  code, per domain, polarity and voice (bewoner, professional, beleid); a leading "~" marks
  indirect phrasing. ``versterkers.yaml`` holds intensifiers ("niet te harden");
- **no-domain sentences** (``geen_domein.yaml``, and the openings of ``openers.yaml``);
- **templates** (``templates.yaml``) in which negation, a trend or a closed facility turns a
  word's polarity around ("geen overlast meer", "bijstand daalt", "de bibliotheek is gesloten");
- **words** (``woorden.yaml``, also spreektaal) and every codebook term, also negated;
- **whole notes** (``training/notes*.yaml``), written as a note is written, with their codes.

:func:`training_units` is what the model is fitted on: every piece and whole note once. The
pieces are split once into *train* and *dev* by a hash of their text (:func:`split_of`); the
dev notes (:func:`dev_notes`) are combined from dev pieces only — zero to three topics, small
talk and logistics around them, an opening, sometimes a typo or no capitals — with a fixed
seed, so the same files always give the same notes. A model fitted on the train split never saw
their wording, so the dev figures say something about new wording; they are still the
project's own writing, and the combination is chosen on them: tuned, not held out.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from urgentie.domains import DOMAIN_KEYS
from urgentie.errors import UserError

TRAINING_DIR = Path(__file__).with_name("training")
FRAGMENTS_DIR = TRAINING_DIR / "fragments"
PERSPECTIVES = ("bewoner", "professional", "beleid")
POLARITIES = ("zorg", "kracht")
LABELS: tuple[str, ...] = tuple(f"{d}:{p}" for d in DOMAIN_KEYS for p in POLARITIES)
"""Every (domain, polarity) code as ``domain:polarity``, in a fixed order."""

TRAIN = "train"
DEV = "dev"
_DEV_SHARE = 5
"""One piece in this many goes to the dev split (by a hash of its text)."""
SEED = 20261206
DEV_NOTES = 1500


@dataclass(frozen=True)
class LabelledNote:
    """A note of the corpus: its text, voice, codes (``domain:polarity``) and tags."""

    text: str
    perspective: str
    codes: frozenset[str]
    tags: frozenset[str] = field(default_factory=frozenset)
    split: str = TRAIN


@dataclass(frozen=True)
class _Piece:
    text: str
    codes: frozenset[str]
    tags: frozenset[str]


def split_of(text: str) -> str:
    """``dev`` for one piece in five, chosen by a stable hash of its text; else ``train``."""
    digest = hashlib.sha256(text.strip().casefold().encode("utf-8")).digest()
    return DEV if digest[0] % _DEV_SHARE == 0 else TRAIN


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(f"Het trainingsbestand {path} is niet te lezen: {exc}") from exc


def data_files() -> list[Path]:
    """Every data file the corpus is built from, in a fixed order (for the model's digest)."""
    return sorted(TRAINING_DIR.rglob("*.yaml"))


def data_digest() -> str:
    """A digest of the training data: the shipped model must have been built from exactly it."""
    h = hashlib.sha256()
    for path in data_files():
        h.update(path.relative_to(TRAINING_DIR).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


# --- pieces --------------------------------------------------------------------------------------
@dataclass
class _Pieces:
    """The pieces of one split: coded fragments per voice, no-domain sentences per voice."""

    coded: dict[str, list[_Piece]] = field(default_factory=dict)
    empty: dict[str, list[_Piece]] = field(default_factory=dict)

    def add(self, perspective: str, piece: _Piece) -> None:
        target = self.coded if piece.codes else self.empty
        target.setdefault(perspective, []).append(piece)


def _fragment_pieces() -> Iterator[tuple[str, str, _Piece]]:
    """(split, perspective, piece) for every hand-written fragment."""
    for key in DOMAIN_KEYS:
        paths = [FRAGMENTS_DIR / f"{key}.yaml", *sorted(FRAGMENTS_DIR.glob(f"{key}.*.yaml"))]
        for path in paths:
            yield from _file_pieces(key, path)


def _file_pieces(key: str, path: Path) -> Iterator[tuple[str, str, _Piece]]:
    raw = _read(path)
    if not isinstance(raw, dict):
        raise UserError(f"{path}: 'zorg' en 'kracht' ontbreken.")
    for polarity in POLARITIES:
        voices = raw.get(polarity) or {}
        for perspective in PERSPECTIVES:
            for item in voices.get(perspective) or []:
                # A leading "~" marks indirect phrasing (a tag for the dev figures only).
                text = str(item)
                tags = frozenset({"indirect"}) if text.startswith("~") else frozenset()
                text = text.lstrip("~ ")
                piece = _Piece(text, frozenset({f"{key}:{polarity}"}), tags)
                yield split_of(text), perspective, piece


def _fill(template: str, value: str) -> str:
    upper = value[:1].upper() + value[1:]
    return (
        template.replace("{X}", upper)
        .replace("{T}", upper)
        .replace("{V}", upper)
        .replace("{x}", value)
        .replace("{t}", value)
        .replace("{v}", value)
    )


_TEMPLATE_RULES = (
    # (template group, word list, polarity, tags)
    ("ontkend", "zorgwoorden", "kracht", ("negation",)),
    ("genoemd", "zorgwoorden", "zorg", ()),
    ("daalt", "maten", "kracht", ("trend",)),
    ("stijgt", "maten", "zorg", ("trend",)),
    ("voorziening_weg", "voorzieningen", "zorg", ("facility",)),
    ("voorziening_er", "voorzieningen", "kracht", ()),
)


def _template_pieces() -> Iterator[tuple[str, str, _Piece]]:
    """(split, perspective, piece) for every template filled with every word of its list.

    The split follows the *word*, so a dev note never reuses a word the model learned from."""
    raw = _read(TRAINING_DIR / "templates.yaml")
    if not isinstance(raw, dict):
        raise UserError("templates.yaml: sjablonen ontbreken.")
    templates = raw["sjablonen"]
    for group, words_key, polarity, tags in _TEMPLATE_RULES:
        for domain, words in (raw.get(words_key) or {}).items():
            for word in words:
                split = split_of(str(word))
                for template in templates[group]:
                    text = _fill(str(template), str(word))
                    piece = _Piece(text, frozenset({f"{domain}:{polarity}"}), frozenset(tags))
                    voice = "beleid" if words_key == "maten" else "bewoner"
                    yield split, voice, piece


def _empty_pieces() -> Iterator[tuple[str, str, _Piece]]:
    raw = _read(TRAINING_DIR / "geen_domein.yaml")
    if not isinstance(raw, dict):
        raise UserError("geen_domein.yaml: lijsten ontbreken.")
    for group, texts in raw.items():
        voices = {
            "bewoner": ("bewoner",),
            "professional": ("professional",),
            "beleid": ("beleid",),
            "bewoner_en_professional": ("bewoner", "professional", "beleid"),
            "neutraal": ("bewoner", "professional", "beleid"),
        }[group]
        for text in texts:
            for voice in voices:
                yield split_of(str(text)), voice, _Piece(str(text), frozenset(), frozenset())
    # Openings and closings ("Schuldhulpverlener:") name a role, not a concern: train only.
    frames = _frames()
    for part in ("openers", "closers"):
        for voice, texts in frames[part].items():
            for text in texts:
                yield TRAIN, voice, _Piece(str(text), frozenset(), frozenset())


_NEGATING_START = ("geen ", "niet ", "weinig ", "zonder ", "nooit ")


def codebook_terms() -> set[str]:
    """Every term of the project's codebook (what the model learned from)."""
    from urgentie.notes.coding import load_codebook

    book = load_codebook()
    return {t.phrase for terms in book.domains.values() for t in (*terms.zorgen, *terms.krachten)}


def _codebook_pieces() -> Iterator[tuple[str, str, _Piece]]:
    """Every codebook term as a short piece, and every concern term negated as a strength.

    The codebook is the analyst's vocabulary; the model learns it too, so a term that the
    lexicon misses by a spelling slip is still found by its character n-grams. Always train."""
    from urgentie.notes.coding import load_codebook  # the codebook imports nothing from here

    book = load_codebook()
    for key, terms in book.domains.items():
        for polarity, group in (("zorg", terms.zorgen), ("kracht", terms.krachten)):
            for term in group:
                codes = frozenset({f"{key}:{polarity}"})
                yield TRAIN, "bewoner", _Piece(term.phrase, codes, frozenset())
                if term.phrase.startswith(_NEGATING_START) or term.phrase.startswith("minder"):
                    continue
                # "geen overlast meer" is a strength, "geen buurtpreventie meer" a concern.
                other = "kracht" if polarity == "zorg" else "zorg"
                flipped = frozenset({f"{key}:{other}"})
                texts = (
                    [f"Geen {term.phrase} meer.", f"Niet {term.phrase}."]
                    if polarity == "zorg"
                    else [f"Niet {term.phrase}."]
                )
                for text in texts:
                    yield TRAIN, "bewoner", _Piece(text, flipped, frozenset({"negation"}))


def _booster_pieces() -> Iterator[tuple[str, str, _Piece]]:
    """The intensifiers of ``fragments/versterkers.yaml`` ("niet te harden"): train only."""
    raw = _read(FRAGMENTS_DIR / "versterkers.yaml")
    if not isinstance(raw, dict):
        raise UserError("versterkers.yaml: per code een lijst zinnen verwacht.")
    for code, texts in raw.items():
        if code not in LABELS:
            raise UserError(f"versterkers.yaml: onbekende code '{code}'.")
        for text in texts:
            yield TRAIN, "bewoner", _Piece(str(text), frozenset({code}), frozenset({"negation"}))


def _word_pieces() -> Iterator[tuple[str, str, _Piece]]:
    """Every word and short phrase of ``woorden.yaml`` as a piece of its code (train only)."""
    raw = _read(TRAINING_DIR / "woorden.yaml")
    if not isinstance(raw, dict):
        raise UserError("woorden.yaml: per code een lijst woorden verwacht.")
    for code, words in raw.items():
        if code not in LABELS:
            raise UserError(f"woorden.yaml: onbekende code '{code}'.")
        for word in words:
            yield TRAIN, "bewoner", _Piece(str(word), frozenset({code}), frozenset())


@cache
def _pieces() -> dict[str, _Pieces]:
    result = {TRAIN: _Pieces(), DEV: _Pieces()}
    sources = (
        _fragment_pieces(),
        _template_pieces(),
        _empty_pieces(),
        _codebook_pieces(),
        _word_pieces(),
        _booster_pieces(),
    )
    for source in sources:
        for split, perspective, piece in source:
            result[split].add(perspective, piece)
    return result


@cache
def _frames() -> dict[str, dict[str, list[str]]]:
    raw = _read(TRAINING_DIR / "openers.yaml")
    if not isinstance(raw, dict):
        raise UserError("openers.yaml: 'openers' en 'closers' ontbreken.")
    return raw


# --- whole notes ---------------------------------------------------------------------------------
def load_labelled_notes(path: Path) -> list[LabelledNote]:
    """Notes in the evaluation format (``notes:`` with text, perspective, codes, tags).

    Raises a Dutch :class:`UserError` naming every malformed note and unknown code."""
    raw = _read(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("notes"), list):
        raise UserError(f"{path}: een lijst 'notes:' met text, perspective en codes ontbreekt.")
    problems: list[str] = []
    notes = []
    for number, item in enumerate(raw["notes"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            problems.append(f"notitie {number}: 'text' ontbreekt.")
            continue
        perspective = str(item.get("perspective", "")).strip()
        if perspective not in PERSPECTIVES:
            problems.append(
                f"notitie {number}: perspectief '{perspective}' is niet bewoner, professional "
                "of beleid."
            )
            continue
        codes = item.get("codes") or []
        unknown = [c for c in codes if c not in LABELS]
        if unknown or not isinstance(codes, list):
            problems.append(f"notitie {number}: onbekende code(s) {unknown or codes}.")
            continue
        notes.append(
            LabelledNote(
                text=item["text"].strip(),
                perspective=perspective,
                codes=frozenset(codes),
                tags=frozenset(str(t) for t in item.get("tags") or []),
                split=split_of(item["text"]),
            )
        )
    if problems:
        raise UserError(f"{path} klopt niet:\n- " + "\n- ".join(problems[:20]))
    return notes


# --- generation ----------------------------------------------------------------------------------
_TYPO_WORD = re.compile(r"[^\W\d_]{5,}")


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: two letters swapped, a letter dropped, doubled or replaced."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiountrs") + word[i + 1 :]


def _add_typos(text: str, rng: random.Random) -> str:
    words = list(_TYPO_WORD.finditer(text))
    if not words:
        return text
    for m in sorted(
        rng.sample(words, min(len(words), rng.randint(1, 2))), key=lambda m: -m.start()
    ):
        text = text[: m.start()] + _typo(m.group(), rng) + text[m.end() :]
    return text


def _pick_voice(pieces: _Pieces, perspective: str, rng: random.Random) -> list[_Piece]:
    # A voice mostly speaks its own fragments, sometimes another's (a resident quoting a figure).
    if rng.random() < 0.8 and pieces.coded.get(perspective):
        return pieces.coded[perspective]
    return pieces.coded[rng.choice([p for p in PERSPECTIVES if pieces.coded.get(p)])]


def _generate(split: str, count: int, rng: random.Random) -> list[LabelledNote]:
    pieces = _pieces()[split]
    frames = _frames()
    notes = []
    for _ in range(count):
        perspective = rng.choices(PERSPECTIVES, weights=(5, 3, 2))[0]
        topics = rng.choices((0, 1, 2, 3), weights=(22, 50, 23, 5))[0]
        chosen: list[_Piece] = []
        for _ in range(topics):
            chosen.append(rng.choice(_pick_voice(pieces, perspective, rng)))
        empty_pool = pieces.empty.get(perspective) or pieces.empty["bewoner"]
        fillers = rng.choices((0, 1, 2, 3), weights=(40, 35, 18, 7) if topics else (0, 45, 40, 15))[
            0
        ]
        chosen += [rng.choice(empty_pool) for _ in range(fillers)]
        rng.shuffle(chosen)
        parts = [p.text for p in chosen]
        if rng.random() < 0.35:
            parts.insert(0, rng.choice(frames["openers"][perspective]))
        if rng.random() < 0.1:
            parts.append(rng.choice(frames["closers"][perspective]))
        text = " ".join(parts)
        tags: set[str] = set()
        for p in chosen:
            tags |= p.tags
        if rng.random() < 0.15:
            text = _add_typos(text, rng)
            tags.add("typo")
        if rng.random() < 0.1:
            text = text.lower().rstrip(".!")
        codes = frozenset(c for p in chosen for c in p.codes)
        if not codes:
            tags.add("no_domain")
        if len({c.split(":")[0] for c in codes}) > 1:
            tags.add("two_topics")
        notes.append(LabelledNote(text, perspective, codes, frozenset(tags), split))
    return notes


@cache
def generated_notes(split: str, count: int) -> tuple[LabelledNote, ...]:
    """``count`` notes combined from the pieces of ``split``, the same on every run."""
    return tuple(_generate(split, count, random.Random(f"{SEED}-{split}")))


def dev_notes() -> list[LabelledNote]:
    """The dev notes: generated only from pieces of the dev split, plus the whole notes
    that fall in dev. The model that is measured on them never saw any of it."""
    return [*generated_notes(DEV, DEV_NOTES), *(n for n in whole_notes() if n.split == DEV)]


def whole_notes() -> list[LabelledNote]:
    """The hand-written whole notes of ``training/notes*.yaml``."""
    return [
        n for path in sorted(TRAINING_DIR.glob("notes*.yaml")) for n in load_labelled_notes(path)
    ]


def _as_note(perspective: str, piece: _Piece, split: str) -> LabelledNote:
    return LabelledNote(piece.text, perspective, piece.codes, piece.tags, split)


@cache
def training_units(split: str | None = None) -> tuple[LabelledNote, ...]:
    """What the model is fitted on: every piece once (per voice it belongs to) and every
    whole note; ``split`` keeps one split only (None: both, for the shipped model)."""
    units: list[LabelledNote] = []
    for name, pieces in sorted(_pieces().items()):
        if split is not None and name != split:
            continue
        # A no-domain sentence listed for every voice counts once per voice: the weight of
        # "touches no domain" against the many coded pieces (measured on the dev split).
        for group in (pieces.coded, pieces.empty):
            for perspective in PERSPECTIVES:
                for piece in group.get(perspective, []):
                    units.append(_as_note(perspective, piece, name))
    units += [n for n in whole_notes() if split is None or n.split == split]
    return tuple(units)
