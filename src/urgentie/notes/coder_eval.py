"""Scoring the note coder on labelled notes: precision, recall and F1 over (domain, polarity).

A labelled file has the format of ``training/notes.yaml``::

    notes:
      - text: "..."
        perspective: bewoner          # bewoner | professional | beleid
        codes: [veiligheid:zorg]      # empty: the note touches no domain
        tags: [indirect, negation]    # free labels; the report gives recall per tag

:func:`score` compares predicted with expected codes and gives the figures overall, per domain,
per perspective and per tag, plus the share of no-domain notes that got a code anyway.
:func:`evaluate_file` codes a file's notes with the current coder (``python -m urgentie notes
eval-coder FILE``); :func:`format_report` prints the figures in Dutch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from urgentie.domains import DOMAIN_KEYS, PERSPECTIVE_LABELS, domain_label
from urgentie.notes.training_corpus import LabelledNote, load_labelled_notes

REPORTED_TAGS = ("indirect", "negation", "two_topics", "typo")
"""Tags always shown in the report (others appear when a file uses them)."""


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def figures(self) -> dict[str, float | int | None]:
        return {
            "precisie": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _counts(expected: Iterable[str], got: Iterable[str]) -> Counts:
    e, g = set(expected), set(got)
    return Counts(len(e & g), len(g - e), len(e - g))


@dataclass
class CoderReport:
    """The figures of one evaluation."""

    notes: int
    overall: Counts
    per_domain: dict[str, Counts]
    per_perspective: dict[str, Counts]
    per_tag: dict[str, Counts]
    tag_notes: dict[str, int]
    no_domain_notes: int
    no_domain_coded: int
    errors: list[dict[str, object]] = field(default_factory=list)

    @property
    def no_domain_share(self) -> float | None:
        """Share of the notes that touch no domain which got a code anyway."""
        return self.no_domain_coded / self.no_domain_notes if self.no_domain_notes else None

    def as_dict(self) -> dict[str, object]:
        return {
            "notities": self.notes,
            "totaal": self.overall.figures(),
            "per_domein": {k: v.figures() for k, v in self.per_domain.items()},
            "per_perspectief": {k: v.figures() for k, v in self.per_perspective.items()},
            "per_label": {k: v.figures() for k, v in self.per_tag.items()},
            "label_notities": self.tag_notes,
            "zonder_domein": {
                "notities": self.no_domain_notes,
                "toch_gecodeerd": self.no_domain_coded,
                "aandeel": _round(self.no_domain_share),
            },
            "fouten": self.errors,
        }


def score(notes: Sequence[LabelledNote], predicted: Sequence[Iterable[str]]) -> CoderReport:
    """Compare the predicted codes of ``notes`` with their expected codes."""
    overall = Counts()
    per_domain = {k: Counts() for k in DOMAIN_KEYS}
    per_perspective: dict[str, Counts] = {}
    per_tag = {t: Counts() for t in REPORTED_TAGS}
    tag_notes = dict.fromkeys(REPORTED_TAGS, 0)
    no_domain = coded = 0
    errors: list[dict[str, object]] = []
    for note, got_iter in zip(notes, predicted, strict=True):
        got = set(got_iter)
        counts = _counts(note.codes, got)
        overall += counts
        for key in DOMAIN_KEYS:
            per_domain[key] += _counts(
                {c for c in note.codes if c.startswith(key + ":")},
                {c for c in got if c.startswith(key + ":")},
            )
        per_perspective[note.perspective] = per_perspective.get(note.perspective, Counts()) + counts
        for tag in note.tags:
            per_tag[tag] = per_tag.get(tag, Counts()) + counts
            tag_notes[tag] = tag_notes.get(tag, 0) + 1
        if not note.codes:
            no_domain += 1
            coded += bool(got)
        if got != set(note.codes):
            errors.append(
                {"tekst": note.text, "verwacht": sorted(note.codes), "gevonden": sorted(got)}
            )
    return CoderReport(
        len(notes), overall, per_domain, per_perspective, per_tag, tag_notes, no_domain, coded,
        errors,
    )  # fmt: skip


def coder_codes(texts: Sequence[str]) -> list[set[str]]:
    """The codes the current coder (codebook and model) gives each text."""
    from urgentie.notes.coding import code_texts

    return [{h.code for h in hits} for hits in code_texts(texts)]


def pseudonymised_coder_codes(texts: Sequence[str]) -> list[set[str]]:
    """The codes the import stores: each text pseudonymised first, then coded (a replaced word
    can no longer give a code, as in ``notes import``)."""
    from urgentie.notes.pseudonymise import get_pseudonymiser

    pseudonymiser = get_pseudonymiser()
    return coder_codes([pseudonymiser.run(t).text for t in texts])


def lexicon_codes(texts: Sequence[str]) -> list[set[str]]:
    """The codes of the codebook alone (the word-list coder before the model)."""
    from urgentie.notes.coding import lexicon_hits, load_codebook

    book = load_codebook()
    return [{h.code for h in lexicon_hits(t, book)} for t in texts]


def evaluate_file(
    path: Path, coder: Callable[[Sequence[str]], list[set[str]]] = coder_codes
) -> CoderReport:
    """Code the notes of a labelled file and score them (a Dutch UserError when malformed)."""
    notes = load_labelled_notes(path)
    return score(notes, coder([n.text for n in notes]))


def evaluate_dev(with_model: bool = True) -> CoderReport:
    """The dev-split figures (tuned, not independent): a model fitted on the train split only,
    combined with the codebook by the shipped rule, scored on the dev notes (about half a
    minute). ``with_model=False`` scores the codebook alone."""
    from urgentie.notes import learner, training_corpus

    dev = training_corpus.dev_notes()
    texts = [n.text for n in dev]
    lexicon = lexicon_codes(texts)
    if not with_model:
        return score(dev, lexicon)
    model = learner.train(training_corpus.training_units(training_corpus.TRAIN))
    combination = learner.load_combination()
    predicted = [
        learner.decide(s.probabilities, lex, combination)
        for s, lex in zip(model.score_notes(texts), lexicon, strict=True)
    ]
    return score(dev, predicted)


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{value:6.1%}"


def _line(name: str, counts: Counts, extra: str = "") -> str:
    return (
        f"  {name:<34} precisie {_pct(counts.precision)}  recall {_pct(counts.recall)}  "
        f"F1 {_pct(counts.f1)}{extra}"
    )


def format_report(report: CoderReport, title: str = "", errors: int = 0) -> str:
    """The report in Dutch, for the command line (``errors``: how many mistakes to list)."""
    lines = [title] if title else []
    lines.append(f"{report.notes} notities; codes zijn (domein, zorg/kracht)-paren.")
    lines.append(_line("totaal", report.overall))
    lines.append("per domein:")
    for key, counts in report.per_domain.items():
        n = counts.tp + counts.fn
        lines.append(_line(domain_label(key), counts, f"  ({n} verwacht)"))
    lines.append("per perspectief:")
    for key, counts in sorted(report.per_perspective.items()):
        lines.append(_line(PERSPECTIVE_LABELS.get(key, key), counts))
    lines.append("per label:")
    for tag, counts in report.per_tag.items():
        if tag == "no_domain":
            continue  # no codes to find: reported as the share coded below
        lines.append(_line(tag, counts, f"  ({report.tag_notes.get(tag, 0)} notities)"))
    share = report.no_domain_share
    lines.append(
        f"  notities zonder domein: {report.no_domain_coded} van {report.no_domain_notes} "
        f"toch gecodeerd ({_pct(share).strip()})"
    )
    for error in report.errors[:errors]:
        lines.append(
            f"  verschil: {error['tekst']}\n    verwacht {error['verwacht']}\n"
            f"    gevonden {error['gevonden']}"
        )
    return "\n".join(lines)


def report_json(report: CoderReport) -> str:
    """The report as JSON (Dutch keys)."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


__all__ = [
    "CoderReport",
    "Counts",
    "coder_codes",
    "evaluate_dev",
    "evaluate_file",
    "format_report",
    "lexicon_codes",
    "pseudonymised_coder_codes",
    "report_json",
    "score",
]
