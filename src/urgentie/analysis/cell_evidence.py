"""The evidence behind one area × domain: which notes, ratings and votes make its soft voices.

The soft voices are computed from one long evidence table (:mod:`urgentie.analysis.evidence`);
each row names its respondent (``notitie:12`` or ``stem:S1:2:ab12``). This module picks the rows
of one cell and turns them into what an analyst checks: the notes (with their codes, the words
that matched, and where the note came from), the explicit ratings, and the votes per session
and round. Note texts come from the notes store and are joined here; nothing is escaped here —
the views escape where text reaches HTML or Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from urgentie.analysis.thresholds import CODED_WEIGHT
from urgentie.numbers import format_threshold

SNIPPET_CHARS = 280
"""Longest text shown per note in the evidence list; the full note is on the Gesprekken page."""


@dataclass(frozen=True)
class CellEvidence:
    """The soft evidence of one area × domain, split by kind."""

    ratings: pd.DataFrame
    """note_id, perspective, value, date: explicit 1–5 ratings in notes."""
    coded: pd.DataFrame
    """note_id, perspective, value, date, counted: coded notes; ``counted`` is False when the
    same note also has an explicit rating (the rating wins)."""
    votes: pd.DataFrame
    """session_id, round, perspective, n, mean, date: session votes per session and round."""

    @property
    def note_ids(self) -> list[int]:
        """Every note behind the cell (rated or coded), newest first is up to the caller."""
        ids = pd.concat([self.ratings["note_id"], self.coded["note_id"]]).drop_duplicates()
        return [int(i) for i in ids]

    @property
    def empty(self) -> bool:
        return self.ratings.empty and self.coded.empty and self.votes.empty


def _note_id(respondent: pd.Series) -> pd.Series:
    return pd.to_numeric(respondent.str.removeprefix("notitie:"), errors="coerce").astype("Int64")


def cell_evidence(evidence: pd.DataFrame, area_code: str, domain: str) -> CellEvidence:
    """The evidence rows of one cell, by kind (see :class:`CellEvidence`).

    ``evidence`` is the evidence of the shared-urgency result (buurt evidence already rolled
    up to its wijk), so a wijk's cell also lists what was said about its buurten.
    """
    if evidence.empty:
        rows = evidence
    else:
        rows = evidence[(evidence["area_code"] == area_code) & (evidence["domain"] == domain)]
    ratings = rows[rows["kind"] == "beoordeling"] if len(rows) else rows
    coded = rows[rows["kind"] == "codering"] if len(rows) else rows
    votes = rows[rows["kind"] == "stem"] if len(rows) else rows
    rating_frame = _note_rows(ratings)
    coded_frame = _note_rows(coded)
    coded_frame["counted"] = ~coded_frame["note_id"].isin(set(rating_frame["note_id"].dropna()))
    return CellEvidence(
        rating_frame.drop_duplicates("note_id"),
        coded_frame.drop_duplicates("note_id"),
        votes_by_round(votes),
    )


def _note_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """note_id, perspective, value, date of evidence rows that come from notes."""
    if rows.empty:
        return pd.DataFrame(
            {
                "note_id": pd.Series(dtype="Int64"),
                "perspective": pd.Series(dtype=object),
                "value": pd.Series(dtype=float),
                "date": pd.Series(dtype="datetime64[ns]"),
            }
        )
    return pd.DataFrame(
        {
            "note_id": _note_id(rows["respondent"]).reset_index(drop=True),
            "perspective": rows["perspective"].to_numpy(),
            "value": rows["value"].to_numpy(dtype=float),
            "date": pd.to_datetime(rows["date"]).to_numpy(),
        }
    )


VOTE_COLUMNS = ("session_id", "round", "perspective", "n", "mean", "date")


def votes_by_round(votes: pd.DataFrame) -> pd.DataFrame:
    """Votes of a cell per session, round and perspective: number of voters and mean 1–5.

    The respondent id of a vote is ``stem:<session>:<round>:<participant>``.
    """
    if votes.empty:
        return pd.DataFrame(columns=list(VOTE_COLUMNS))
    parts = votes["respondent"].str.split(":", n=3, expand=True)
    frame = pd.DataFrame(
        {
            "session_id": parts[1],
            "round": pd.to_numeric(parts[2], errors="coerce").astype("Int64"),
            "participant": parts[3],
            "perspective": votes["perspective"].to_numpy(),
            "value": votes["value"].to_numpy(dtype=float),
            "date": pd.to_datetime(votes["date"]).to_numpy(),
        }
    )
    grouped = frame.groupby(["session_id", "round", "perspective"], sort=True)
    out = grouped.agg(
        n=("participant", "nunique"), mean=("value", "mean"), date=("date", "min")
    ).reset_index()
    return out[list(VOTE_COLUMNS)]


def snippet(text: str, terms: Iterable[str] = (), limit: int = SNIPPET_CHARS) -> str:
    """The part of a note around the first matched term, at most ``limit`` characters.

    Whitespace is collapsed to single spaces. A cut is marked with ``…``; the window starts a
    little before the term so the reader sees what the coder saw.
    """
    flat = re.sub(r"\s+", " ", str(text or "")).strip()
    if len(flat) <= limit:
        return flat
    start = 0
    lowered = flat.lower()
    for term in terms:
        position = lowered.find(str(term).lower())
        if position >= 0:
            start = max(0, position - limit // 4)
            break
    end = min(len(flat), start + limit)
    start = max(0, end - limit)
    piece = flat[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(flat) else "")


NOTE_CARD_COLUMNS: tuple[str, ...] = (
    "note_id",
    "date",
    "perspective",
    "role",
    "area_name",
    "snippet",
    "codes",
    "terms",
    "cue",
    "rating",
    "coded_value",
    "counts_as",
    "source",
)


def note_cards(
    cell: CellEvidence,
    notes: pd.DataFrame,
    codes: pd.DataFrame,
    domain: str,
    batch_names: Mapping[int, str] | None = None,
) -> pd.DataFrame:
    """One row per note behind the cell, newest first, ready to show.

    ``notes`` is a :meth:`NotesStore.notes_frame` (id, text, role, area_name, batch_id,
    source_file, source_row …); ``codes`` a :meth:`NotesStore.codes_frame`. Per note: a text
    snippet around the matched words, the codes of this domain (``zorg``/``kracht``), the
    words that matched, the explicit rating if any, what it counts as in the voice, and its
    source ("import 3 · gesprekken.csv, rij 12").
    """
    ids = cell.note_ids
    if not ids or notes.empty:
        return pd.DataFrame(columns=list(NOTE_CARD_COLUMNS))
    mine = notes[notes["id"].isin(ids)]
    domain_codes = (
        codes[(codes["note_id"].isin(ids)) & (codes["domain"] == domain)] if len(codes) else codes
    )
    ratings = dict(zip(cell.ratings["note_id"].astype(int), cell.ratings["value"], strict=True))
    coded = dict(zip(cell.coded["note_id"].astype(int), cell.coded["value"], strict=True))
    rows = []
    for note in mine.itertuples(index=False):
        note_id = int(note.id)
        own = domain_codes[domain_codes["note_id"] == note_id] if len(domain_codes) else None
        terms: list[str] = []
        polarities: list[str] = []
        cues: list[str] = []
        if own is not None:
            for code in own.itertuples(index=False):
                polarities.append(str(code.polarity))
                terms += [str(t) for t in (code.terms or []) if str(t) not in terms]
                if isinstance(code.cue, str) and code.cue and code.cue not in cues:
                    cues.append(code.cue)
        rating = ratings.get(note_id)
        coded_value = coded.get(note_id)
        if rating is not None:
            counts_as = "beoordeling (gewicht 1)"
        elif coded_value is not None:
            counts_as = f"codering (gewicht {format_threshold(CODED_WEIGHT.value)})"
        else:
            counts_as = ""
        rows.append(
            {
                "note_id": note_id,
                "date": note.note_date,
                "perspective": note.perspective,
                "role": note.role if isinstance(note.role, str) else "",
                "area_name": note.area_name if isinstance(note.area_name, str) else "",
                "snippet": snippet(note.text, terms),
                "codes": sorted(set(polarities)),
                "terms": terms,
                "cue": ", ".join(cues),
                "rating": rating,
                "coded_value": coded_value,
                "counts_as": counts_as,
                "source": source_label(note, batch_names),
            }
        )
    frame = pd.DataFrame(rows, columns=list(NOTE_CARD_COLUMNS))
    return frame.sort_values(["date", "note_id"], ascending=False, na_position="last").reset_index(
        drop=True
    )


def source_label(note: object, batch_names: Mapping[int, str] | None = None) -> str:
    """Where a note came from: import batch, file (sheet) and row."""
    batch = getattr(note, "batch_id", None)
    file_name = getattr(note, "source_file", None)
    row = getattr(note, "source_row", None)
    sheet = getattr(note, "source_sheet", None)
    parts = []
    if batch is not None and not pd.isna(batch):
        parts.append(f"import {int(batch)}")
    name = file_name if isinstance(file_name, str) and file_name else None
    if name is None and batch_names and batch is not None and not pd.isna(batch):
        name = batch_names.get(int(batch))
    where = name or ""
    if isinstance(sheet, str) and sheet:
        where += f" (blad {sheet})"
    if row is not None and not pd.isna(row):
        where += f", rij {int(row)}" if where else f"rij {int(row)}"
    if where:
        parts.append(where)
    return " · ".join(parts) if parts else "ingevoerd in de app"
