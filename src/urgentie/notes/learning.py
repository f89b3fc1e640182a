"""Learning from the analyst's corrections: a gemeente's own words teach the coder.

The interface between the review workbench and the coder is one declared function,
:func:`corrections_as_training`: every note an analyst reviewed, as ``(text, codes)`` with the
codes the analyst decided on (``"domain/polarity"``). Whatever coder produces the automatic codes
(a word list, a classifier) can take these as extra training data.

On top of that coder this module keeps a small *correction model*: per code the analyst has used,
a logistic regression over character n-grams of the text (scikit-learn), trained on the
corrections of this installation only. It adds a code the coder missed when it is sure enough
(:data:`ADD_AT`) and drops a code the analysts keep removing (:data:`DROP_AT`). Words such as a
local nickname for a problem, or a term the codebook reads the wrong way here, are learned this
way. It is trained on the button *Leer van correcties*, measured before it is saved
(:func:`measure`: the coder alone versus coder plus model, on corrections held out from the
training), and used by every import and re-coding afterwards (:func:`adjust_codes`).
"""

from __future__ import annotations

import pickle
import random
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from urgentie.store.schema import code_reviews, codes, notes

ADD_AT = 0.6
"""The correction model adds a code the coder missed from this probability on."""
DROP_AT = 0.2
"""The correction model drops a code of the coder below this probability."""
MIN_POSITIVES = 2
"""A code is learned only when the analysts gave it to at least this many notes …"""
MIN_NEGATIVES = 2
"""… and withheld it from at least this many."""
HOLDOUT_SHARE = 0.25
"""Share of the corrected notes held out to measure the model before it is saved."""
MODEL_FILE = Path("modellen") / "correcties.pkl"

Example = tuple[str, list[str]]
Coder = Callable[[str], set[str]]


def corrections_as_training(engine: Engine) -> list[Example]:
    """Every note an analyst reviewed (not a blind double-coding decision) as ``(text, codes)``:
    the pseudonymised text and its active codes after the review, sorted by note id."""
    reviewed = sa.select(code_reviews.c.note_id).where(code_reviews.c.blind.is_(False))
    with engine.connect() as conn:
        texts = conn.execute(
            sa.select(notes.c.id, notes.c.text).where(notes.c.id.in_(reviewed)).order_by(notes.c.id)
        ).all()
        rows = conn.execute(
            sa.select(codes.c.note_id, codes.c.domain, codes.c.polarity).where(
                codes.c.active.is_(True), codes.c.note_id.in_(reviewed)
            )
        ).all()
    by_note: dict[int, list[str]] = {}
    for note_id, domain, polarity in rows:
        by_note.setdefault(int(note_id), []).append(f"{domain}/{polarity}")
    return [(str(text), sorted(by_note.get(int(i), []))) for i, text in texts]


class CorrectionModel:
    """Per learned code a probability from the text; see the module docstring."""

    def __init__(self) -> None:
        self.vectorizer = None
        self.models: dict[str, object] = {}
        self.examples = 0

    def fit(self, examples: Sequence[Example]) -> CorrectionModel:
        """Learn every code with enough positive and negative notes; returns ``self``."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.examples = len(examples)
        if not examples:
            return self
        texts = [t.casefold() for t, _ in examples]
        # Character n-grams inside words catch inflections, compounds and typos ("gepest",
        # "pestgedrag", "gepestt") without a stemmer.
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1
        )
        matrix = self.vectorizer.fit_transform(texts)
        labels = sorted({c for _, cs in examples for c in cs})
        for code in labels:
            target = [int(code in cs) for _, cs in examples]
            positives = sum(target)
            if positives < MIN_POSITIVES or len(target) - positives < MIN_NEGATIVES:
                continue
            model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)
            self.models[code] = model.fit(matrix, target)
        return self

    def probabilities(self, text: str) -> dict[str, float]:
        """The probability of every learned code for ``text`` (empty before fitting)."""
        if self.vectorizer is None or not self.models:
            return {}
        row = self.vectorizer.transform([text.casefold()])
        return {code: float(m.predict_proba(row)[0, 1]) for code, m in self.models.items()}

    def adjust(self, text: str, base: Iterable[str]) -> tuple[set[str], dict[str, float]]:
        """The coder's codes ``base`` corrected by the model, and the probabilities that
        changed something (added or dropped codes)."""
        result = set(base)
        changed: dict[str, float] = {}
        for code, p in self.probabilities(text).items():
            if p >= ADD_AT and code not in result:
                result.add(code)
                changed[code] = p
            elif p < DROP_AT and code in result:
                result.discard(code)
                changed[code] = p
        return result, changed


@dataclass
class Scores:
    """Micro-averaged precision, recall and F1 over (note, code) pairs."""

    precision: float
    recall: float
    f1: float
    notes: int


def score(pairs: Sequence[tuple[set[str], set[str]]]) -> Scores:
    """Scores of ``(predicted, gold)`` code sets."""
    tp = sum(len(p & g) for p, g in pairs)
    fp = sum(len(p - g) for p, g in pairs)
    fn = sum(len(g - p) for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(round(precision, 3), round(recall, 3), round(f1, 3), len(pairs))


@dataclass
class LearnReport:
    """What *Leer van correcties* measured and saved."""

    examples: int
    trained_on: int
    held_out: int
    before: Scores
    after: Scores
    learned_codes: list[str] = field(default_factory=list)
    saved: bool = False

    def sentence(self) -> str:
        """The measurement in one Dutch sentence."""
        if not self.held_out:
            return (
                f"{self.examples} beoordeelde gesprekken: te weinig om apart te houden en eerlijk "
                "te meten. Beoordeel er meer (minstens 8)."
            )

        def num(value: float) -> str:
            return f"{value:.2f}".replace(".", ",")

        b, a = self.before, self.after
        return (
            f"Gemeten op {self.held_out} beoordeelde gesprekken die niet zijn gebruikt om te leren "
            f"(geleerd van {self.trained_on}): F1 {num(b.f1)} → {num(a.f1)}, "
            f"recall {num(b.recall)} → {num(a.recall)}, precisie "
            f"{num(b.precision)} → {num(a.precision)}."
        )


def split(examples: Sequence[Example], seed: int = 42) -> tuple[list[Example], list[Example]]:
    """A reproducible split in training and held-out corrections (:data:`HOLDOUT_SHARE`)."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    cut = round(len(examples) * HOLDOUT_SHARE) if len(examples) >= 8 else 0
    held = set(order[:cut])
    train = [e for i, e in enumerate(examples) if i not in held]
    return train, [e for i, e in enumerate(examples) if i in held]


def measure(examples: Sequence[Example], coder: Coder, seed: int = 42) -> LearnReport:
    """The coder alone versus coder plus a correction model trained on the other corrections,
    both scored on the same held-out corrections."""
    train, held = split(examples, seed)
    model = CorrectionModel().fit(train)
    before = [(coder(t), set(g)) for t, g in held]
    after = [(model.adjust(t, coder(t))[0], set(g)) for t, g in held]
    return LearnReport(
        examples=len(examples),
        trained_on=len(train),
        held_out=len(held),
        before=score(before),
        after=score(after),
        learned_codes=sorted(model.models),
    )


# --- the saved model ------------------------------------------------------------------------------
_CACHE: dict[Path, tuple[float, CorrectionModel]] = {}
_LOCK = threading.Lock()


def model_path() -> Path:
    from urgentie import settings

    return settings.data_dir() / MODEL_FILE


def save_model(model: CorrectionModel, path: Path | None = None) -> Path:
    """Write the model atomically (a reader never sees half a file)."""
    target = path or model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(model))
    tmp.replace(target)
    return target


def load_model(path: Path | None = None) -> CorrectionModel | None:
    """The saved correction model, or None; re-read only when the file changed."""
    target = path or model_path()
    try:
        stamp = target.stat().st_mtime
    except FileNotFoundError:
        return None
    with _LOCK:
        cached = _CACHE.get(target)
        if cached is None or cached[0] != stamp:
            # Our own file in the data directory, written by save_model above.
            model = pickle.loads(target.read_bytes())  # noqa: S301
            cached = (stamp, model)
            _CACHE[target] = cached
    return cached[1]


def learn(engine: Engine, coder: Coder) -> LearnReport:
    """*Leer van correcties*: measure on held-out corrections, then train on all of them and
    save the model that imports and re-coding use from now on."""
    examples = corrections_as_training(engine)
    report = measure(examples, coder)
    if examples:
        model = CorrectionModel().fit(examples)
        if model.models:
            save_model(model)
            report.saved = True
            report.learned_codes = sorted(model.models)
    return report


def adjust_codes(text: str, base: Iterable[str]) -> tuple[set[str], dict[str, float]]:
    """The coder's codes corrected by the saved model (unchanged without one)."""
    model = load_model()
    if model is None:
        return set(base), {}
    return model.adjust(text, base)


def codes_frame_to_sets(frame: pd.DataFrame) -> dict[int, set[str]]:
    """``note_id -> {"domain/polarity"}`` from a frame with note_id, domain and polarity."""
    out: dict[int, set[str]] = {}
    for note_id, domain, polarity in frame[["note_id", "domain", "polarity"]].itertuples(
        index=False
    ):
        out.setdefault(int(note_id), set()).add(f"{domain}/{polarity}")
    return out
