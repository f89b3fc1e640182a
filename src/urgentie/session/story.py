"""The story of one wijk for a learning-community session, in five steps.

1. *Waar concentreren de opgaven zich?* — the wijk among the other wijken of its gemeente:
   composite score, rank, stapeling and the domains where the figures show more concern.
2. *Hoe ziet elke stem het?* — per domain the four voices (beleid, professionals, bewoners,
   cijfers) on the 1–5 scale, each with its *n*.
3. *Is de urgentie gedeeld?* — per domain the alignment status and, where the voices differ,
   the named gap in plain Dutch.
4. *Wat gaat goed?* — strengths from the figures and from coded notes, as counts and codebook
   terms only: a projector never shows a note's text.
5. *Stemronde* — the room votes (see :mod:`urgentie.session.results`).

The earlier voices exclude this session's own votes (:func:`earlier_evidence`): the room is
compared with what was said before it met, not with itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from urgentie.analysis.alignment import (
    SHARED_NOT_URGENT,
    SHARED_URGENT,
    STATUS_ORDER,
    TOO_LITTLE,
    VOICES,
    counts,
    shown_voices,
)
from urgentie.analysis.scores import WORST_SHARE
from urgentie.analysis.shared import SharedUrgency
from urgentie.analysis.thresholds import MIN_N, MIN_VOICES, URGENT_ABOVE
from urgentie.canonical import wijk_of
from urgentie.domains import CIJFERS, PERSPECTIVE_LABELS, PERSPECTIVES, VOICE_NAMES, domain_label
from urgentie.numbers import format_number
from urgentie.profiletable import fmt, with_year

NOTES_TOP_TERMS = 3
"""Codebook terms shown per domain under "Wat gaat goed" (the most frequent first)."""


@dataclass(frozen=True)
class Step:
    """One screen of the story: a key for the page and its question as heading."""

    key: str
    title: str


STEPS: tuple[Step, ...] = (
    Step("kaart", "Waar concentreren de opgaven zich?"),
    Step("stemmen", "Hoe ziet elke stem het?"),
    Step("gedeeld", "Is de urgentie gedeeld?"),
    Step("goed", "Wat gaat goed?"),
    Step("stemronde", "Stemronde"),
    Step("verschil", "Wie maakt het verschil?"),
)


def earlier_evidence(evidence: pd.DataFrame, session_id: str) -> pd.DataFrame:
    """Soft evidence without the votes of session ``session_id`` (all its rounds).

    Votes have the respondent id ``stem:<session>:<round>:<participant>``
    (:func:`urgentie.analysis.evidence.from_votes`); votes of other sessions stay.
    """
    if evidence.empty:
        return evidence
    own = evidence["kind"].eq("stem") & evidence["respondent"].astype(str).str.startswith(
        f"stem:{session_id.strip().upper()}:"
    )
    return evidence[~own].reset_index(drop=True)


# --- step 1: where problems concentrate ---------------------------------------------------------
@dataclass(frozen=True)
class DomainScore:
    """A domain in which the wijk is among the worst fifth of the wijken, with its place."""

    domain: str
    score: float
    rank: int
    of: int


def rank_words(rank: int, of: int) -> str:
    """Where place ``rank`` of ``of`` lies, in words that follow the place itself (never a
    z-score band): "de meeste zorg van de 10 wijken", "de helft met de meeste zorg" …"""
    if of == 1:
        return "als enige wijk geen vergelijking"
    if rank == 1:
        return f"de meeste zorg van de {of} wijken"
    if rank == of:
        return f"de minste zorg van de {of} wijken"
    if 2 * rank < of + 1:
        return f"in de helft met de meeste zorg van de {of} wijken"
    if 2 * rank > of + 1:
        return f"in de helft met de minste zorg van de {of} wijken"
    return f"precies in het midden van de {of} wijken"


@dataclass(frozen=True)
class Concentration:
    """The wijk among the wijken of its gemeente, according to the figures."""

    area_code: str
    name: str
    composite: float
    """Composite score (z, positive = more concern); NaN when it cannot be computed."""
    rank: int | None
    """1 = the most concern of all wijken; None without a composite."""
    of: int
    stapeling: int | None
    n_domains: int
    """Domains with a score (the denominator of the stapeling)."""
    worse: tuple[DomainScore, ...]
    """Domains where the wijk is among the worst fifth (what the stapeling counts), worst
    place first."""

    def sentences(self) -> list[str]:
        """The step's text: short plain-Dutch sentences whose words follow the places shown."""
        if self.rank is None:
            return [
                f"Voor {self.name} zijn geen scores te berekenen: er zijn te weinig cijfers "
                "of te weinig wijken om mee te vergelijken."
            ]
        where = rank_words(self.rank, self.of)
        verb = "heeft" if self.rank in {1, self.of} else "zit"
        lines = [
            f"Alle cijfers samen: {self.name} {verb} {where}.",
            f"Plaats {self.rank} van de {self.of} wijken (plaats 1 = de meeste zorg).",
        ]
        domeinen = "domein" if self.n_domains == 1 else "domeinen"
        if self.n_domains == 0:
            lines.append("Stapeling: geen enkel domein heeft cijfers.")
        elif self.n_domains == 1:
            # "in 1 van de 1 domein" is no Dutch: name the only domain instead.
            names = ", ".join(domain_label(d.domain) for d in self.worse)
            lines.append(
                f"Stapeling: in het enige domein met cijfers ({names}) hoort {self.name} bij "
                "de 20 % wijken met de meeste zorg."
                if self.worse
                else f"Stapeling: in het enige domein met cijfers hoort {self.name} niet bij de "
                "20 % wijken met de meeste zorg."
            )
        elif self.worse:
            names = ", ".join(domain_label(d.domain) for d in self.worse)
            lines.append(
                f"Stapeling: in {len(self.worse)} van de {self.n_domains} {domeinen} hoort "
                f"{self.name} bij de 20 % wijken met de meeste zorg: {names}."
            )
        else:
            lines.append(
                f"Stapeling: in geen van de {self.n_domains} {domeinen} hoort {self.name} bij "
                "de 20 % wijken met de meeste zorg."
            )
        return lines


def worst_fifth(domains: pd.DataFrame, area_code: str) -> list[DomainScore]:
    """The domains in which ``area_code`` is among the worst fifth of the areas and worse
    than average — the rule of the stapeling (:data:`urgentie.analysis.scores.WORST_SHARE`),
    so the list names exactly the domains the stapeling counts."""
    out = []
    if area_code not in domains.index:
        return out
    for key in domains.columns:
        scores = domains[key].dropna()
        if area_code not in scores.index:
            continue
        rank = int(scores.rank(ascending=False, method="min")[area_code])
        if rank - 1 < WORST_SHARE * len(scores) and scores[area_code] > 0:
            out.append(DomainScore(str(key), float(scores[area_code]), rank, len(scores)))
    return sorted(out, key=lambda d: (d.rank / d.of, -d.score))


def concentration(shared: SharedUrgency, area_code: str) -> Concentration:
    """Step 1 for ``area_code`` (a wijk of ``shared``)."""
    name = shared.names().get(area_code, area_code)
    scores = shared.scores
    of = len(shared.areas)
    if scores is None:
        return Concentration(area_code, name, math.nan, None, of, None, 0, ())
    composite = pd.Series(scores.composite, dtype="float64")
    value = float(composite.get(area_code, math.nan))
    rank = None
    if not math.isnan(value):
        # Ties share the better (lower) place: two wijken with the same score are both "2".
        rank = int(composite.rank(ascending=False, method="min").get(area_code))
    stapeling = pd.Series(scores.stapeling).get(area_code)
    domains = scores.domain
    n_domains = int(domains.notna().any().sum())
    return Concentration(
        area_code,
        name,
        value,
        rank,
        int(composite.notna().sum()) or of,
        None if stapeling is None or pd.isna(stapeling) else int(stapeling),
        n_domains,
        tuple(worst_fifth(domains, area_code)),
    )


# --- step 2: the four voices ---------------------------------------------------------------------
def voices_table(shared: SharedUrgency, area_code: str, domains: Sequence[str]) -> pd.DataFrame:
    """Every voice for every agenda domain: one row per (domain, voice), agenda order.

    Columns: ``domain``, ``voice``, ``urgency`` (1–5, NaN when the voice said nothing),
    ``n`` (respondents; for ``cijfers`` the number of indicators) and ``counts`` (whether the
    voice has enough data to count in the alignment: :data:`MIN_N` respondents, or one
    indicator for the figures).
    """
    voices = shared.voices
    mine = voices[voices["area_code"] == area_code] if len(voices) else voices
    lookup = {
        (str(r["domain"]), str(r["perspective"])): (float(r["urgency"]), int(r["n"]))
        for _, r in mine.iterrows()
    }
    rows = []
    for domain in domains:
        for voice in VOICES:
            urgency, n = lookup.get((domain, voice), (math.nan, 0))
            rows.append(
                {
                    "domain": domain,
                    "voice": voice,
                    "urgency": urgency,
                    "n": n,
                    "counts": counts(voice, n, urgency),
                }
            )
    return pd.DataFrame(rows, columns=["domain", "voice", "urgency", "n", "counts"])


def voice_text(urgency: float, n: int, voice: str) -> str:
    """The label beside a voice's bar: ``4,3 (n=7)``, or why there is no bar."""
    if voice == CIJFERS:
        if n == 0 or math.isnan(urgency):
            return "geen cijfers"
        return f"{format_number(urgency)} ({n} {'cijfer' if n == 1 else 'cijfers'})"
    if n == 0 or math.isnan(urgency):
        return "niemand"
    if not counts(voice, n):
        return f"te weinig (n={n})"
    return f"{format_number(urgency)} (n={n})"


# --- step 3: is the urgency shared? --------------------------------------------------------------
@dataclass(frozen=True)
class AlignmentLine:
    """The status of one domain and the sentence that explains it."""

    domain: str
    status: str
    sentence: str


def alignment_lines(
    shared: SharedUrgency, area_code: str, domains: Sequence[str]
) -> list[AlignmentLine]:
    """Step 3: per agenda domain the status and one plain-Dutch sentence.

    ``verdeeld`` and ``deels urgent`` name the gap with both values ("Beleid ziet urgentie,
    professionals niet (4,3 tegen 2,0)."); a shared status lists every voice with its value
    (all on one side of the midpoint); ``te weinig gegevens`` says which voices do have
    enough data (see :func:`status_sentence`).
    """
    table = shared.table
    mine = table[table["area_code"] == area_code].set_index("domain") if len(table) else table
    lines = []
    for domain in domains:
        if domain not in mine.index:
            lines.append(AlignmentLine(domain, TOO_LITTLE, _too_little([])))
            continue
        row = mine.loc[domain]
        known = {
            v: float(row[f"urgency_{v}"])
            for v in VOICES
            if counts(v, row.get(f"n_{v}"), row.get(f"urgency_{v}"))
        }
        status = str(row["status"])
        sentence = status_sentence(status, known, str(row["gap_text"] or ""))
        lines.append(AlignmentLine(domain, status, sentence))
    return lines


def status_sentence(status: str, known: dict[str, float], gap: str = "") -> str:
    """The step-3 sentence of one domain, built from the voices as step 2 shows them (one
    decimal), so no word can contradict a number on either screen."""
    if status == TOO_LITTLE or not known:
        return _too_little(list(known))
    shown = shown_voices(known)
    listed = ", ".join(f"{VOICE_NAMES[v]} {format_number(shown[v])}" for v in shown)
    midpoint = format_number(URGENT_ABOVE.value)
    if status == SHARED_URGENT:
        return f"Alle stemmen boven het midden ({midpoint}): {listed}."
    if status == SHARED_NOT_URGENT:
        return f"Alle stemmen op of onder het midden ({midpoint}): {listed}."
    high = max(shown, key=shown.__getitem__)
    low = min(shown, key=shown.__getitem__)
    gap = gap or f"{VOICE_NAMES[high]} hoger, {VOICE_NAMES[low]} lager"
    return (
        f"{gap[:1].upper()}{gap[1:]} ({format_number(shown[high])} tegen "
        f"{format_number(shown[low])})."
    )


def by_status(lines: Sequence[AlignmentLine]) -> list[AlignmentLine]:
    """``lines`` with the gaps first, then shared urgent, shared not urgent, too little data;
    within a status the agenda order stays (a stable sort)."""
    return sorted(lines, key=lambda line: STATUS_ORDER.index(line.status))


TOO_LITTLE_RULE = (
    f"Te weinig gegevens: om te vergelijken zijn minstens {int(MIN_VOICES.value)} stemmen "
    f"nodig, en een groep telt mee vanaf {int(MIN_N.value)} gesprekken of stemmers."
)
"""The rule behind ``te weinig gegevens``, said once under the table."""


def _too_little(known: list[str]) -> str:
    if not known:
        return "Nog geen enkele stem heeft genoeg gegevens."
    names = _join([VOICE_NAMES[v] for v in known])
    verb = "heeft" if len(known) == 1 and known[0] != CIJFERS else "hebben"
    return f"Alleen {names} {verb} genoeg gegevens."


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


# --- step 4: what goes well ----------------------------------------------------------------------
@dataclass(frozen=True)
class FigureStrength:
    """An indicator clearly better than in the gemeente, in words."""

    domain: str
    label: str
    value: str
    gemeente: str
    words: str

    def sentence(self) -> str:
        return f"{self.label}: {self.value} — {self.words} ({self.gemeente})."


def figure_strengths(strong: pd.DataFrame) -> list[FigureStrength]:
    """Rows of :func:`urgentie.analysis.profile.strengths` as sentences' parts."""
    out = []
    jaar = strong.attrs.get("jaar")
    for _, row in strong.iterrows():
        key = str(row["indicator"])
        plain = str(row.get("plain") or row["label"])
        out.append(
            FigureStrength(
                domain=str(row["domain"]),
                label=plain[:1].upper() + plain[1:],
                # An older figure says its year ("12 % (cijfers van 2022)").
                value=with_year(fmt(key, row["value"]), row.get("peiljaar"), jaar),
                gemeente=fmt(key, row["gemeente"]),
                words=str(row["verschil"]),
            )
        )
    return out


@dataclass(frozen=True)
class NoteStrength:
    """What goes well in one domain according to coded notes: counts and codebook terms."""

    domain: str
    notes: int
    by_perspective: dict[str, int] = field(default_factory=dict)
    terms: tuple[str, ...] = ()

    def who(self) -> str:
        """ "3 van bewoners, 2 van professionals" (largest group first)."""
        parts = [
            f"{n} van {VOICE_NAMES[p]}"
            for p, n in sorted(self.by_perspective.items(), key=lambda kv: (-kv[1], kv[0]))
            if n
        ]
        return _join(parts)


def note_strengths(
    codes: pd.DataFrame,
    area_code: str,
    domains: Sequence[str],
    concern_terms: dict[str, set[str]] | None = None,
) -> list[NoteStrength]:
    """Strengths (``polarity == "kracht"``) coded in notes about the wijk or its buurten.

    Returns per agenda domain with at least one such note: the number of distinct notes, per
    perspective, and the most frequent codebook terms. A concern term coded as a strength was
    negated in the note ("geen overlast"), so it is shown as "geen <term>". Never a note's text
    or the words around a term (``cue``): only counts and the codebook's own words.
    """
    if codes.empty:
        return []
    in_wijk = codes["area_code"].astype(str).eq(area_code) | codes["area_code"].astype(str).map(
        wijk_of
    ).eq(area_code)
    part = codes[in_wijk & codes["polarity"].eq("kracht") & codes["domain"].isin(domains)]
    out = []
    for domain in domains:
        rows = part[part["domain"] == domain]
        if rows.empty:
            continue
        per_note = rows.drop_duplicates("note_id")
        by_perspective = {
            p: int(per_note["perspective"].eq(p).sum())
            for p in PERSPECTIVES
            if per_note["perspective"].eq(p).any()
        }
        counter: Counter[str] = Counter()
        negated = (concern_terms or {}).get(domain, set())
        for terms in rows["terms"]:
            for term in _term_list(terms):
                counter[f"geen {term}" if term in negated else term] += 1
        top = tuple(t for t, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(
            NoteStrength(
                domain=domain,
                notes=int(per_note["note_id"].nunique()),
                by_perspective=by_perspective,
                terms=top[:NOTES_TOP_TERMS],
            )
        )
    return sorted(out, key=lambda s: (-s.notes, domains.index(s.domain)))


def _term_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [str(v) for v in value]  # type: ignore[union-attr]


# --- the whole story -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Story:
    """Everything steps 1–4 show for one wijk (step 5 is live: see ``results``)."""

    area_code: str
    name: str
    gemeente: str
    domains: tuple[str, ...]
    concentration: Concentration
    voices: pd.DataFrame
    alignment: list[AlignmentLine]
    figure_strengths: list[FigureStrength]
    note_strengths: list[NoteStrength]

    def status_of(self, domain: str) -> str:
        return next((a.status for a in self.alignment if a.domain == domain), "")


def build_story(
    shared: SharedUrgency,
    area_code: str,
    domains: Sequence[str],
    *,
    gemeente: str,
    strengths: pd.DataFrame | None = None,
    codes: pd.DataFrame | None = None,
    concern_terms: dict[str, set[str]] | None = None,
) -> Story:
    """Steps 1–4 for ``area_code``.

    Parameters
    ----------
    shared
        Shared urgency of the gemeente at wijk level, computed from :func:`earlier_evidence`.
    area_code, domains
        The agenda: the wijk and the domains voted on.
    gemeente
        The gemeente's name, for the headings.
    strengths
        :func:`urgentie.analysis.profile.strengths` of the wijk (None: no figures).
    codes
        The gemeente's codes (``NotesStore.codes_frame``), or None without notes.
    concern_terms
        Per domain the codebook's concern terms, to word negated ones ("geen overlast").
    """
    domains = list(domains)
    figures = (
        [f for f in figure_strengths(strengths) if f.domain in domains]
        if strengths is not None
        else []
    )
    notes = note_strengths(codes, area_code, domains, concern_terms) if codes is not None else []
    return Story(
        area_code=area_code,
        name=shared.names().get(area_code, area_code),
        gemeente=gemeente,
        domains=tuple(domains),
        concentration=concentration(shared, area_code),
        voices=voices_table(shared, area_code, domains),
        alignment=alignment_lines(shared, area_code, domains),
        figure_strengths=figures,
        note_strengths=notes,
    )


__all__ = [
    "PERSPECTIVE_LABELS",
    "STEPS",
    "VOICES",
    "AlignmentLine",
    "Concentration",
    "FigureStrength",
    "NoteStrength",
    "Step",
    "Story",
    "alignment_lines",
    "build_story",
    "by_status",
    "concentration",
    "earlier_evidence",
    "figure_strengths",
    "note_strengths",
    "rank_words",
    "status_sentence",
    "voice_text",
    "voices_table",
    "worst_fifth",
]
