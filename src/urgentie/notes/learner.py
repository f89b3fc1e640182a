"""The learned half of the note coder: a linear classifier over the (domain, polarity) codes.

Features (why each):

- **word stems** (Dutch Snowball stemmer) and stem pairs: "gepest", "pesten" and "pestte"
  share a stem; pairs keep short phrases ("brood met brood", "deur uit");
- **polarity-shifted stems**: every stem in a clause with a negation ("geen", "niet", "nooit",
  "nee joh" after a short question) or a falling trend ("daalt", "afgenomen", "opgelost",
  "verdwenen", "dicht") is also emitted with a ``~`` in front, and with ``^`` after a rising
  trend ("stijgt", "neemt toe"). A linear model then learns that "~overlast" is a strength and
  "~bibliotheek" a concern, which a word list cannot;
- **character n-grams** (3–5, within words): misspellings ("schimmmel", "eensaam") and
  compounds ("woonoverlast") still share most of their n-grams with the words they come from.

Each sentence of a note is classified on its own (:func:`segments`) by one multinomial
logistic regression (scikit-learn, deterministic) over the 18 codes and ``none`` (touches no
domain); a note gets per code the highest probability over its sentences. The probability of
each code is known (the analyst's review order) and each word's contribution to a code can be
read from the weights (the explanation).

The model is trained from :mod:`urgentie.notes.training_corpus` by :func:`train` and shipped as
``model/coder.joblib`` (``python -m urgentie notes train-coder`` rebuilds it). :func:`load_model`
uses the shipped file only when it was built from exactly the current training data with the
installed scikit-learn; otherwise it trains in memory (about half a minute, the same result).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import joblib
import numpy as np
import sklearn
import snowballstemmer
import yaml
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from urgentie.notes import training_corpus
from urgentie.notes.training_corpus import LABELS, LabelledNote

MODEL_PATH = Path(__file__).with_name("model") / "coder.joblib"
TUNING_PATH = MODEL_PATH.with_name("tuning.yaml")
MODEL_FORMAT = 1
"""Raised when the features or the file layout change: an older file is then not used."""
C = 20.0
"""Inverse regularisation strength of the classifier (chosen on the dev split)."""

log = logging.getLogger(__name__)

# --- text to features ----------------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\[[A-Z]+(?:-[A-Z]+)*-\d+\]")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.!?;:,()]")
_CLAUSE_END = frozenset({".", "!", "?", ";", ":", ",", "(", ")", "maar", "want", "terwijl"})
_NEGATORS = frozenset(
    {"geen", "niet", "nooit", "niks", "niets", "nauwelijks", "amper", "nergens", "zonder"}
)
_DOWN = frozenset(
    {
        "daalt", "dalen", "gedaald", "daalde", "afgenomen", "afneemt", "neemt", "af",
        "teruggelopen", "teruggebracht", "teruggedrongen", "verminderd", "minder", "gehalveerd",
        "opgelost", "verdwenen", "verdwijnt", "weg", "dicht", "gesloten", "sluit", "sluiten",
        "wegbezuinigd", "opgeheven", "voorbij", "verleden", "pas", "missen", "vertrokken",
        "verhuisd",
    }
)  # fmt: skip
"""Words that turn a clause around; "neemt" and "af" only together ("neemt af")."""
_UP = frozenset(
    {
        "stijgt", "gestegen", "stijgen", "toegenomen", "toeneemt", "oploopt", "loopt", "op",
        "verdubbeld", "meer", "erger", "groeit",
    }
)  # fmt: skip


def normalise(text: str) -> str:
    """Lower case without accents or placeholders ([PERSOON-1]); 's and ’ written as '."""
    text = _PLACEHOLDER.sub(" ", text).replace("’", "'").replace("`", "'")
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch")


@cache
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word."""
    return _stemmer().stemWord(word)


def _clauses(tokens: Sequence[str]) -> list[list[str]]:
    """Tokens cut at clause ends; each clause keeps its closing mark (for "Overlast? Nee")."""
    clauses: list[list[str]] = [[]]
    for token in tokens:
        clauses[-1].append(token)
        if token in _CLAUSE_END:
            clauses.append([])
    return [c for c in clauses if c]


_NOT_NEGATING_AFTER = frozenset({"te", "normaal", "uit", "meer", "gewoon"})
_NEVER_NEGATING_AFTER = frozenset({"alleen", "enkel", "zomaar", "eens", "wonder"})


def _intensifier(words: Sequence[str], k: int) -> bool:
    """ "niet te harden", "niet normaal", "niet uit te houden", "niet meer te doen": a "niet"
    that makes a complaint stronger instead of denying it."""
    if k + 1 >= len(words):
        return False
    nxt = words[k + 1]
    if nxt in _NEVER_NEGATING_AFTER:
        return True
    if words[k] != "niet":
        return False
    if nxt == "meer":
        return k + 2 < len(words) and words[k + 2] in {"te", "normaal", "uit"}
    return nxt in _NOT_NEGATING_AFTER - {"meer"}


def _shift(clause: Sequence[str], following: Sequence[str]) -> str:
    """``~`` when a clause is negated or falls, ``^`` when it rises, else ``""``."""
    words = [w for w in clause if w not in _CLAUSE_END]
    if any(w in _NEGATORS and not _intensifier(words, k) for k, w in enumerate(words)):
        return "~"
    # "Overlast? Nee joh." — a short question answered with no.
    if clause[-1] == "?" and len(words) <= 3 and following[:1] in (["nee"], ["neuh"], ["nah"]):
        return "~"
    joined = " ".join(words)
    if any(w in _DOWN for w in words if w not in {"neemt", "af", "pas"}) or any(
        p in joined for p in ("neemt af", "neemt het af", "pas in", "pas over")
    ):
        return "~"
    if any(w in _UP for w in words if w not in {"loopt", "op", "meer"}) or any(
        p in joined for p in ("neemt toe", "loopt op", "steeds meer")
    ):
        return "^"
    return ""


def word_features(text: str) -> list[str]:
    """Stems, stem pairs and polarity-shifted stems of a text (the word half of the features)."""
    tokens = _TOKEN.findall(normalise(text))
    clauses = _clauses(tokens)
    features: list[str] = []
    for index, clause in enumerate(clauses):
        following = [t for c in clauses[index + 1 : index + 2] for t in c]
        mark = _shift(clause, following)
        stems = [stem(w) for w in clause if w not in _CLAUSE_END]
        features += stems
        features += [f"{a} {b}" for a, b in pairwise(stems)]
        if mark:
            features += [mark + s for s in stems if s not in _NEGATORS]
    return features


def char_text(text: str) -> str:
    """The text the character n-grams are taken from."""
    return normalise(text)


# --- segments ------------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|,?\s+(?=maar\s)")


_SHORT_SENTENCE = 3
"""A sentence of at most this many words belongs to the one before it."""


def segments(text: str) -> list[str]:
    """The sentences of a note, each classified on its own (a concern in one sentence is not
    diluted by small talk in the others). A short question answered in the next sentence
    stays with its answer: "Overlast? Nee joh." is one segment."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    result: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        answered = part.endswith("?") and len(part.split()) <= 4 and i + 1 < len(parts)
        if answered:
            part = f"{part} {parts[i + 1]}"
            i += 1
        short = len(part.split()) <= _SHORT_SENTENCE and not part.endswith("?")
        short = short and not part.casefold().startswith("maar ")  # a clause of its own
        if result and short and not answered:
            # "Niemand doet iets!" says how bad the sentence before it is.
            result[-1] = f"{result[-1]} {part}"
        else:
            result.append(part)
        i += 1
    return result or [text]


# --- the model -----------------------------------------------------------------------------------
NONE = "none"
"""The class of a sentence that touches no domain."""


@dataclass
class NoteScores:
    """The model's view of one note: P(code) per code (the highest over its sentences) and,
    per code, the sentence that gave it."""

    probabilities: dict[str, float]
    segment: dict[str, str]


@dataclass
class CoderModel:
    """Vectorisers and one multinomial classifier over the codes and ``none``."""

    words: TfidfVectorizer
    chars: TfidfVectorizer
    classifier: LogisticRegression
    data_digest: str
    sklearn_version: str
    codebook_terms: frozenset[str] = frozenset()
    """The codebook terms the model learned from: an analyst's own later term is not among them."""
    format: int = MODEL_FORMAT

    def matrix(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The feature matrix of texts (words beside characters)."""
        return sparse.hstack(
            [self.words.transform(texts), self.chars.transform([char_text(t) for t in texts])]
        ).tocsr()

    def segment_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """P(code) for every text (rows) and every code of :data:`LABELS` (columns)."""
        if not texts:
            return np.zeros((0, len(LABELS)))
        classes = list(self.classifier.classes_)
        columns = [classes.index(c) for c in LABELS]
        return self.classifier.predict_proba(self.matrix(texts))[:, columns]

    def score_notes(self, texts: Sequence[str]) -> list[NoteScores]:
        """Per note the highest P(code) over its sentences, and which sentence gave it."""
        pieces: list[str] = []
        owner: list[int] = []
        for index, text in enumerate(texts):
            for part in segments(text):
                pieces.append(part)
                owner.append(index)
        probs = self.segment_probabilities(pieces)
        result = [NoteScores(dict.fromkeys(LABELS, 0.0), {}) for _ in texts]
        for piece, row, index in zip(pieces, probs.tolist(), owner, strict=True):
            scores = result[index]
            for label, value in zip(LABELS, row, strict=True):
                if value > scores.probabilities[label]:
                    scores.probabilities[label] = value
                    scores.segment[label] = piece
        return result

    def evidence(self, text: str, label: str, top: int = 4) -> list[tuple[str, float]]:
        """The words of ``text`` that pushed most towards ``label``, with their weight.

        A word's weight is the sum of its features' contribution (weight × value): its stem,
        its shifted stem and its character n-grams."""
        classes = list(self.classifier.classes_)
        coef = self.classifier.coef_[classes.index(label)]
        n_words = len(self.words.vocabulary_)
        row = self.matrix([text])
        values = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        weights: dict[str, float] = {}
        surface = re.finditer(r"[^\W_]+(?:['’][^\W_]+)?", _PLACEHOLDER.sub(" ", text))
        char_analyzer = self.chars.build_analyzer()
        seen: set[str] = set()
        for m in surface:
            word = normalise(m.group())
            if len(word) < 2 or word in seen:  # "'s", and a word counted once
                continue
            seen.add(word)
            s = stem(word)
            total = 0.0
            for feature in (s, "~" + s, "^" + s):
                idx = self.words.vocabulary_.get(feature)
                if idx is not None and idx in values:
                    total += coef[idx] * values[idx]
            for gram in set(char_analyzer(word)):
                idx = self.chars.vocabulary_.get(gram)
                if idx is not None and n_words + idx in values:
                    total += coef[n_words + idx] * values[n_words + idx]
            if total > weights.get(m.group(), 0.0):
                weights[m.group()] = total
        ranked = sorted(weights.items(), key=lambda kv: -kv[1])
        return [(w, round(v, 3)) for w, v in ranked[:top] if v > 0]


def _vectorisers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(analyzer=word_features, min_df=2, sublinear_tf=True, dtype=np.float32)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True, dtype=np.float32
    )
    return words, chars


def training_rows(notes: Sequence[LabelledNote]) -> tuple[list[str], list[str]]:
    """Texts and classes to fit: a text with two codes counts once for each, one without
    codes once as ``none``."""
    texts: list[str] = []
    classes: list[str] = []
    for note in notes:
        for code in sorted(note.codes) or [NONE]:
            texts.append(note.text)
            classes.append(code)
    return texts, classes


def train(notes: Sequence[LabelledNote], c: float | None = None) -> CoderModel:
    """Fit the vectorisers and the classifier on ``notes`` (deterministic)."""
    texts, classes = training_rows(notes)
    words, chars = _vectorisers()
    x = sparse.hstack(
        [words.fit_transform(texts), chars.fit_transform([char_text(t) for t in texts])]
    ).tocsr()
    classifier = LogisticRegression(C=c or C, max_iter=500).fit(x, classes)
    return CoderModel(
        words,
        chars,
        classifier,
        training_corpus.data_digest(),
        sklearn.__version__,
        frozenset(training_corpus.codebook_terms()),
    )


def build_and_save(path: Path = MODEL_PATH) -> CoderModel:
    """Train on every training unit (train and dev split) and write the model file."""
    model = train(training_corpus.training_units())
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)
    return model


def _usable(model: object) -> bool:
    return (
        isinstance(model, CoderModel)
        and model.format == MODEL_FORMAT
        and model.data_digest == training_corpus.data_digest()
        and model.sklearn_version == sklearn.__version__
    )


@cache
def load_model() -> CoderModel:
    """The shipped model when it matches the data and scikit-learn; else one trained now."""
    if MODEL_PATH.is_file():
        try:
            model = joblib.load(MODEL_PATH)
        except Exception as exc:  # a damaged or foreign file: train instead of failing
            log.warning("Model %s niet te lezen (%s); wordt opnieuw getraind.", MODEL_PATH, exc)
        else:
            if _usable(model):
                return model
            log.warning(
                "Model %s past niet bij de trainingsgegevens; opnieuw getraind.", MODEL_PATH
            )
    return train(training_corpus.training_units())


# --- combination with the codebook ---------------------------------------------------------------
@dataclass(frozen=True)
class Combination:
    """How model and codebook together decide a code (see :func:`urgentie.notes.coding.combine`):
    the model's probability must reach ``model``, or ``with_codebook`` when the codebook found
    the same code (None: the codebook does not count)."""

    model: float
    with_codebook: float | None = None

    def label(self) -> str:
        """A Dutch description for reports."""
        if self.with_codebook is None:
            return f"alleen model (p ≥ {self.model:.2f})"
        if self.with_codebook <= 0:
            return f"model (p ≥ {self.model:.2f}) of codeboek"
        return f"model p ≥ {self.model:.2f}, of p ≥ {self.with_codebook:.2f} met het codeboek eens"


def load_combination() -> Combination:
    """The combination chosen on the dev split, from ``model/tuning.yaml``."""
    return _load_combination(TUNING_PATH.stat().st_mtime_ns if TUNING_PATH.is_file() else 0)


@cache
def _load_combination(_stamp: int) -> Combination:
    if not TUNING_PATH.is_file():
        return DEFAULT_COMBINATION
    raw = yaml.safe_load(TUNING_PATH.read_text(encoding="utf-8")) or {}
    chosen = raw.get("gekozen") or {}
    try:
        return Combination(float(chosen["model"]), _optional(chosen.get("met_codeboek")))
    except (KeyError, TypeError, ValueError):
        log.warning("%s bevat geen geldige keuze; standaardcombinatie gebruikt.", TUNING_PATH)
        return DEFAULT_COMBINATION


def _optional(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


DEFAULT_COMBINATION = Combination(0.4, 0.15)


# --- tuning on the dev split ---------------------------------------------------------------------
MODEL_THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
AGREE_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25)
MAX_NO_DOMAIN_SHARE = 0.10
"""A combination may code at most this share of the dev notes that touch no domain."""


def candidates() -> list[Combination]:
    """Every combination the tuning compares: model alone, model or codebook (union), and the
    model with a lower threshold where the codebook agrees."""
    result = [Combination(t) for t in MODEL_THRESHOLDS]
    result += [Combination(t, 0.0) for t in MODEL_THRESHOLDS]
    result += [Combination(t, a) for t in MODEL_THRESHOLDS for a in AGREE_THRESHOLDS if a < t]
    return result


def decide(
    probabilities: dict[str, float], lexicon: set[str], combination: Combination
) -> set[str]:
    """The codes one note gets under ``combination`` (the rule of ``coding.combine``)."""
    low = combination.with_codebook
    return {
        code
        for code, p in probabilities.items()
        if p >= combination.model or (low is not None and code in lexicon and p >= low)
    }


def _row(name: str, report: object) -> dict[str, object]:
    from urgentie.notes.coder_eval import CoderReport

    assert isinstance(report, CoderReport)
    bewoner = report.per_perspective.get("bewoner")
    indirect = report.per_tag.get("indirect")
    negation = report.per_tag.get("negation")
    return {
        "combinatie": name,
        "f1": round(report.overall.f1 or 0.0, 3),
        "precisie": round(report.overall.precision or 0.0, 3),
        "recall": round(report.overall.recall or 0.0, 3),
        "recall_bewoners": round(bewoner.recall or 0.0, 3) if bewoner else None,
        "recall_indirect": round(indirect.recall or 0.0, 3) if indirect else None,
        "recall_ontkenning": round(negation.recall or 0.0, 3) if negation else None,
        "zonder_domein_gecodeerd": round(report.no_domain_share or 0.0, 3),
    }


def tune() -> dict[str, object]:
    """Fit on the train split, measure every combination on the dev notes, choose the best F1
    among those that code at most 1 in 10 no-domain notes. Returns what ``tuning.yaml`` holds."""
    from urgentie.notes import coder_eval

    model = train(training_corpus.training_units(training_corpus.TRAIN))
    dev = training_corpus.dev_notes()
    texts = [n.text for n in dev]
    scores = model.score_notes(texts)
    lexicon = coder_eval.lexicon_codes(texts)
    rows = [_row("alleen codeboek", coder_eval.score(dev, lexicon))]
    best: tuple[float, Combination] | None = None
    for combination in candidates():
        predicted = [
            decide(s.probabilities, lex, combination)
            for s, lex in zip(scores, lexicon, strict=True)
        ]
        report = coder_eval.score(dev, predicted)
        row = _row(combination.label(), report)
        row["model"] = combination.model
        row["met_codeboek"] = combination.with_codebook
        rows.append(row)
        share = report.no_domain_share or 0.0
        f1 = report.overall.f1 or 0.0
        if share <= MAX_NO_DOMAIN_SHARE and (best is None or f1 > best[0]):
            best = (f1, combination)
    chosen = best[1] if best else DEFAULT_COMBINATION
    return {
        "uitleg": (
            "Gekozen op de dev-split van het eigen trainingscorpus (zelf geschreven, dus "
            "afgestemd; geen onafhankelijke meting). Hoogste F1 bij hoogstens 1 op 10 "
            "notities zonder domein gecodeerd. Opnieuw: python -m urgentie notes train-coder"
        ),
        "trainingsgegevens": training_corpus.data_digest(),
        "dev_notities": len(dev),
        "train_eenheden": len(training_corpus.training_units(training_corpus.TRAIN)),
        "gekozen": {
            "model": chosen.model,
            "met_codeboek": chosen.with_codebook,
            "omschrijving": chosen.label(),
        },
        "vergelijking": rows,
    }


def train_and_tune(progress: Callable[[str], None] = print) -> dict[str, object]:
    """Choose the combination on the dev split, then fit the shipped model on everything and
    write ``tuning.yaml`` and ``coder.joblib``."""
    progress("Combinatie kiezen op de dev-split …")
    tuning = tune()
    TUNING_PATH.parent.mkdir(parents=True, exist_ok=True)
    TUNING_PATH.write_text(
        yaml.safe_dump(tuning, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
    progress("Model trainen op het hele corpus …")
    build_and_save()
    load_model.cache_clear()
    return tuning
