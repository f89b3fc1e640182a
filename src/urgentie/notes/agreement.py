"""Agreement between coders, as QDA tools report it: Cohen's kappa and percent agreement.

Two comparisons matter for trust in the soft voice:

- the automatic coder against the analyst (how often would the analyst have coded the same?);
- two analysts who code the same sample independently (double coding: is the codebook clear
  enough that people agree?).

Both are computed the way ATLAS.ti, MAXQDA and NVivo do for document-level coding: per code,
every note is a yes/no decision of each coder; percent agreement is the share of notes on which
both decided the same, and Cohen's kappa corrects that for chance agreement
(:func:`sklearn.metrics.cohen_kappa_score`). *Overall* pools every (note, code) decision of the
codes either coder used. A code that neither coder used is left out (it would only inflate the
agreement), and kappa is undefined (shown as "—") when both coders gave the same answer on every
note: there is no variation to agree on beyond chance.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from urgentie.domains import domain_label

POLARITY_LABELS = {"zorg": "zorg", "kracht": "wat goed gaat"}
AUTOMATIC = "automatische codering"


def code_label(code: str) -> str:
    """ "veiligheid/zorg" -> "Veiligheid en criminaliteit — zorg"."""
    domain, _, polarity = code.partition("/")
    return f"{domain_label(domain)} — {POLARITY_LABELS.get(polarity, polarity)}"


def kappa(a: list[int], b: list[int]) -> float:
    """Cohen's kappa of two yes/no vectors; NaN when undefined (no variation at all)."""
    from sklearn.metrics import cohen_kappa_score

    if len(set(a) | set(b)) < 2:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = cohen_kappa_score(a, b)
    return float(value)


@dataclass
class Agreement:
    """Agreement of two coders over the notes both coded."""

    coder_a: str
    coder_b: str
    notes: int
    per_code: pd.DataFrame
    """code, label, a, b (notes each coder gave the code), both, agreement (0–1), kappa."""
    overall_agreement: float
    overall_kappa: float
    mean_kappa: float
    disagreements: pd.DataFrame
    """note_id, code, label, and who gave it (``coder_a`` or ``coder_b``)."""


def compare(
    a: Mapping[int, set[str]], b: Mapping[int, set[str]], coder_a: str, coder_b: str
) -> Agreement:
    """Agreement of coder ``a`` and ``b`` on the notes both coded (``note_id -> codes``)."""
    shared = sorted(set(a) & set(b))
    used = sorted({c for n in shared for c in a[n] | b[n]})
    rows = []
    pooled_a: list[int] = []
    pooled_b: list[int] = []
    gaps = []
    for code in used:
        va = [int(code in a[n]) for n in shared]
        vb = [int(code in b[n]) for n in shared]
        pooled_a += va
        pooled_b += vb
        same = sum(x == y for x, y in zip(va, vb, strict=True))
        rows.append(
            {
                "code": code,
                "label": code_label(code),
                "a": sum(va),
                "b": sum(vb),
                "both": sum(x and y for x, y in zip(va, vb, strict=True)),
                "agreement": same / len(shared),
                "kappa": kappa(va, vb),
            }
        )
        for n, x, y in zip(shared, va, vb, strict=True):
            if x != y:
                gaps.append(
                    {
                        "note_id": n,
                        "code": code,
                        "label": code_label(code),
                        "coded_by": coder_a if x else coder_b,
                        "not_by": coder_b if x else coder_a,
                    }
                )
    per_code = pd.DataFrame(rows, columns=["code", "label", "a", "b", "both", "agreement", "kappa"])
    overall = (
        sum(x == y for x, y in zip(pooled_a, pooled_b, strict=True)) / len(pooled_a)
        if pooled_a
        else math.nan
    )
    kappas = per_code["kappa"].dropna()
    return Agreement(
        coder_a=coder_a,
        coder_b=coder_b,
        notes=len(shared),
        per_code=per_code,
        overall_agreement=overall,
        overall_kappa=kappa(pooled_a, pooled_b) if pooled_a else math.nan,
        mean_kappa=float(kappas.mean()) if len(kappas) else math.nan,
        disagreements=pd.DataFrame(
            gaps, columns=["note_id", "code", "label", "coded_by", "not_by"]
        ).sort_values(["note_id", "code"], ignore_index=True),
    )


def analyst_sets(reviews: pd.DataFrame, analyst: str | None = None) -> dict[int, set[str]]:
    """``note_id -> codes`` of one analyst (all analysts' non-blind reviews when None; the latest
    per note wins), from :meth:`NotesStore.reviews_frame`."""
    frame = reviews if analyst is None else reviews[reviews["analyst"] == analyst]
    if analyst is None:
        frame = frame[~frame["blind"].astype(bool)]
    frame = frame.sort_values("reviewed_at")
    return {int(n): set(c) for n, c in zip(frame["note_id"], frame["codes"], strict=True)}


def automatic_sets(codes: pd.DataFrame, note_ids: set[int]) -> dict[int, set[str]]:
    """``note_id -> codes`` the automatic coder gave (also those an analyst later removed), for
    ``note_ids``; a note the coder left empty maps to an empty set."""
    auto = codes[codes["automatic"].astype(bool)]
    out: dict[int, set[str]] = {int(n): set() for n in note_ids}
    for n, d, p in auto[["note_id", "domain", "polarity"]].itertuples(index=False):
        if int(n) in out:
            out[int(n)].add(f"{d}/{p}")
    return out


def automatic_vs_analysts(codes: pd.DataFrame, reviews: pd.DataFrame) -> Agreement:
    """The automatic coder against the analysts' reviews (every reviewed note)."""
    analysts = analyst_sets(reviews)
    return compare(automatic_sets(codes, set(analysts)), analysts, AUTOMATIC, "analist")


def between_analysts(reviews: pd.DataFrame, first: str, second: str) -> Agreement:
    """Two analysts on the notes both coded (blind or not)."""
    if first == second:
        raise ValueError("Kies twee verschillende analisten.")
    return compare(analyst_sets(reviews, first), analyst_sets(reviews, second), first, second)


def format_agreement(result: Agreement) -> str:
    """A plain Dutch report (for the command line)."""

    def num(value: float, pct: bool = False) -> str:
        if math.isnan(value):
            return "—"
        return f"{value:.0%}" if pct else f"{value:.2f}".replace(".", ",")

    lines = [
        f"Overeenstemming {result.coder_a} ↔ {result.coder_b}: {result.notes} gesprek(ken) "
        "door beide gecodeerd",
        f"  totaal: overeenstemming {num(result.overall_agreement, True)}, "
        f"Cohens kappa {num(result.overall_kappa)} (gemiddeld per code {num(result.mean_kappa)})",
    ]
    for row in result.per_code.itertuples(index=False):
        lines.append(
            f"  {row.label:<48} {row.a:>3} / {row.b:>3}  overeenstemming "
            f"{num(row.agreement, True):>4}  kappa {num(row.kappa):>5}"
        )
    for row in result.disagreements.itertuples(index=False):
        lines.append(
            f"  verschil: gesprek {row.note_id}: {row.label} — "
            f"wel {row.coded_by}, niet {row.not_by}"
        )
    return "\n".join(lines)
