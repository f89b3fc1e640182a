"""Patterns in coded notes: code frequencies per area × perspective and domain co-occurrence.

Pure pandas on :meth:`NotesStore.codes_frame`; the Gesprekken page draws these as heatmaps.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import pandas as pd

from urgentie.domains import DOMAIN_KEYS, PERSPECTIVES


def frequency_table(
    codes: pd.DataFrame,
    *,
    domain: str | None = None,
    polarity: str | None = "zorg",
    area_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Number of notes per area (rows) × perspective (columns) with a matching code.

    ``domain``/``polarity`` None means any. A note counts once per cell however many codes it
    has. Rows are labelled with area names when given; a ``totaal`` column is added, and rows are
    sorted by it, largest first.
    """
    frame = codes
    if domain is not None:
        frame = frame[frame["domain"] == domain]
    if polarity is not None:
        frame = frame[frame["polarity"] == polarity]
    if frame.empty:
        return pd.DataFrame(columns=[*PERSPECTIVES, "totaal"])
    table = (
        frame.groupby(["area_code", "perspective"])["note_id"]
        .nunique()
        .unstack("perspective")
        .reindex(columns=list(PERSPECTIVES))
        .fillna(0)
        .astype(int)
    )
    table["totaal"] = frame.groupby("area_code")["note_id"].nunique()
    table = table.sort_values(["totaal"], ascending=False, kind="stable")
    if area_names:
        table.index = [f"{area_names.get(c, c)} ({c})" for c in table.index]
    table.index.name = "gebied"
    return table


def cooccurrence(codes: pd.DataFrame, polarity: str | None = None) -> pd.DataFrame:
    """Domain × domain: the number of notes coded with both (the diagonal: with that domain).

    Shows which problems come up together in the same conversation (e.g. wonen and gezondheid).
    """
    frame = codes if polarity is None else codes[codes["polarity"] == polarity]
    matrix = pd.DataFrame(0, index=list(DOMAIN_KEYS), columns=list(DOMAIN_KEYS), dtype=int)
    for _, domains in frame.groupby("note_id")["domain"]:
        unique = sorted(set(domains) & set(DOMAIN_KEYS))
        for d in unique:
            matrix.loc[d, d] += 1
        for a, b in combinations(unique, 2):
            matrix.loc[a, b] += 1
            matrix.loc[b, a] += 1
    return matrix
