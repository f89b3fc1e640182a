"""The notes part of ``python -m urgentie bench``: pseudonymising and coding many notes.

Measured in one run, on the same notes: pseudonymisation, the codebook alone (the word-list
coder as it was before the learned model, with today's codebook) and the coder of today
(codebook and learned model, in batches of :data:`urgentie.notes.importer.CODING_BATCH` as an
import codes). Per step: notes per second (wall time, no memory tracing) and the peak Python
memory of the step (``tracemalloc``, a second pass over :data:`MEMORY_NOTES` notes, because
tracing slows everything down). Loading deduce and the model is measured once, apart.

The notes are the generated dev notes of the training corpus (pieces the model never saw),
repeated until there are enough: realistic length and wording, no personal data.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import cycle, islice

MEMORY_NOTES = 1_000
"""Notes in the traced pass that measures peak memory."""


@dataclass
class Step:
    """One measured step: notes per second and peak Python memory."""

    label: str
    notes: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0

    @property
    def per_second(self) -> float:
        return round(self.notes / self.seconds, 1) if self.seconds else 0.0


@dataclass
class NotesFigures:
    """Everything the notes benchmark measured."""

    notes: int
    load_seconds: dict[str, float] = field(default_factory=dict)
    steps: dict[str, Step] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        steps = {k: {**asdict(v), "per_second": v.per_second} for k, v in self.steps.items()}
        old, new = self.steps.get("pipeline_old"), self.steps.get("pipeline_new")
        ratio = (
            round(old.per_second / new.per_second, 2) if old and new and new.per_second else None
        )
        return {
            "notes": self.notes,
            "load_seconds": self.load_seconds,
            "steps": steps,
            "slowdown_new_vs_old": ratio,
        }


def bench_texts(count: int) -> list[str]:
    """``count`` note texts: the dev notes of the training corpus, repeated."""
    from urgentie.notes import training_corpus

    base = [n.text for n in training_corpus.dev_notes()]
    return list(islice(cycle(base), count))


def _timed(fn: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    start = time.perf_counter()
    fn(texts)
    return time.perf_counter() - start


def _peak_mb(fn: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    tracemalloc.start()
    try:
        fn(texts)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 1_000_000, 1)


def run(count: int = 10_000, progress: Callable[[str], None] = print) -> NotesFigures:
    """Pseudonymise and code ``count`` notes with the old and the new coder."""
    from urgentie.notes import coding, importer, learner, pseudonymise

    texts = bench_texts(count)
    figures = NotesFigures(count)
    start = time.perf_counter()
    pseudonymiser = pseudonymise.get_pseudonymiser()
    figures.load_seconds["deduce"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    learner.load_model()
    book = coding.load_codebook()
    figures.load_seconds["model"] = round(time.perf_counter() - start, 2)

    def pseudo(items: Sequence[str]) -> list[str]:
        return [pseudonymiser.run(t).text for t in items]

    def old(items: Sequence[str]) -> object:
        return [coding.lexicon_hits(t, book) for t in items]

    def new(items: Sequence[str]) -> object:
        return [
            coding.code_texts(items[i : i + importer.CODING_BATCH], book)
            for i in range(0, len(items), importer.CODING_BATCH)
        ]

    progress(f"   {count} notities pseudonimiseren…")
    clean = pseudo(texts[:10])  # warm: first-call caches are not per-note cost
    seconds_pseudo = _timed(pseudo, texts)
    clean = pseudo(texts)
    steps = {
        "pseudonymise": ("pseudonimiseren", pseudo, seconds_pseudo, texts),
        "coder_old": ("coderen: alleen codeboek (woordenlijst)", old, None, clean),
        "coder_new": ("coderen: codeboek + geleerd model", new, None, clean),
    }
    for key, (label, fn, measured, items) in steps.items():
        seconds = measured
        if seconds is None:
            progress(f"   {label}…")
            fn(items[:10])
            seconds = _timed(fn, items)
        step = Step(label, len(items), round(seconds, 2), _peak_mb(fn, items[:MEMORY_NOTES]))
        figures.steps[key] = step
    for key, coder in (("pipeline_old", "coder_old"), ("pipeline_new", "coder_new")):
        a, b = figures.steps["pseudonymise"], figures.steps[coder]
        figures.steps[key] = Step(
            f"pseudonimiseren + {b.label.removeprefix('coderen: ')}",
            count,
            round(a.seconds + b.seconds, 2),
            max(a.peak_mb, b.peak_mb),
        )
    return figures


def as_text(result: dict) -> str:
    """The notes figures as Dutch lines for the bench report."""
    lines = [
        f"Gesprekken: {result['notes']} notities (dev-notities van het trainingscorpus)",
        f"  laden (eenmalig): deduce {result['load_seconds'].get('deduce', 0):.1f} s, "
        f"model {result['load_seconds'].get('model', 0):.1f} s".replace(".", ","),
        f"  {'':58}{'notities/s':>12}{'seconden':>10}{'piek MB':>9}",
    ]
    for step in result["steps"].values():
        lines.append(
            f"  {step['label']:58}{step['per_second']:>12.1f}{step['seconds']:>10.1f}"
            f"{step['peak_mb']:>9.1f}".replace(".", ",")
        )
    ratio = result.get("slowdown_new_vs_old")
    if ratio:
        lines.append(
            f"  de nieuwe coder (met pseudonimiseren) is {ratio:.1f}× zo traag als de oude "
            f"in dezelfde meting".replace(".", ",")
        )
    lines.append(f"  (piekgeheugen: Python-geheugen over de eerste {MEMORY_NOTES} notities)")
    return "\n".join(lines)
