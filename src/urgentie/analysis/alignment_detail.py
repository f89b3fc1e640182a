"""The alignment table read cell by cell: a full matrix, why a cell has its status, the voices of
one area, and the table as it is exported.

:func:`urgentie.analysis.alignment.alignment` only has rows where some voice spoke. The page
needs every area × domain (a cell nobody spoke about is "te weinig gegevens", never empty), a
sentence that says *why* a cell is what it is — with the thresholds in it, so an analyst can
check it — and per voice whether it counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from urgentie.analysis.alignment import (
    PARTLY,
    SHARED_URGENT,
    SPLIT,
    STATUSES,
    TOO_LITTLE,
    VOICES,
    above_midpoint,
    counts,
    shown_voices,
)
from urgentie.analysis.soft_urgency import basis_short, confidence_word
from urgentie.analysis.thresholds import GAP, MIN_N, MIN_VOICES, URGENT_ABOVE
from urgentie.domains import (
    CIJFERS,
    DOMAIN_KEYS,
    PERSPECTIVE_LABELS,
    VOICE_NAMES,
    domain_label,
)
from urgentie.numbers import format_number, format_threshold, round_half_up


def full_matrix(
    table: pd.DataFrame, areas: Sequence[str], domains: Sequence[str] = DOMAIN_KEYS
) -> pd.DataFrame:
    """Status per area (rows, in the given order) and domain (columns); no gaps.

    A cell without any row in ``table`` is "te weinig gegevens": nobody spoke and there are no
    figures, which is exactly what that status means.
    """
    wide = (
        table.pivot(index="area_code", columns="domain", values="status")
        if len(table)
        else pd.DataFrame()
    )
    wide = wide.reindex(index=list(areas), columns=list(domains))
    return wide.astype(object).fillna(TOO_LITTLE).astype(str)


def with_verdict(matrix: pd.DataFrame) -> list[str]:
    """Areas (rows of :func:`full_matrix`) with at least one cell that says something, in order.

    On the buurt level most buurten have too few conversations of their own; hiding the rows
    that are "te weinig gegevens" everywhere leaves the ones worth reading.
    """
    return [str(code) for code, row in matrix.iterrows() if (row != TOO_LITTLE).any()]


def status_counts(matrix: pd.DataFrame) -> dict[str, int]:
    """How many cells have each status, in :data:`STATUSES` order (zeros included)."""
    values = matrix.to_numpy().ravel().tolist()
    return {s: values.count(s) for s in STATUSES}


def split_domains(table: pd.DataFrame, areas: Sequence[str]) -> pd.Series:
    """Per area: the number of domains that are ``verdeeld``; NaN when no domain of the area has
    enough data to say anything (then "0 verdeeld" would claim an agreement nobody voiced)."""
    if table.empty:
        return pd.Series(float("nan"), index=list(areas), dtype=float)
    known = table[table["status"] != TOO_LITTLE]
    split = (known["status"] == SPLIT).groupby(known["area_code"]).sum().astype(float)
    return split.reindex(list(areas))


def _row_dict(row: pd.Series | Mapping[str, object] | None) -> dict[str, object]:
    return {} if row is None else dict(row)


def _num(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
    return out


def _int(value: object) -> int:
    number = _num(value)
    return 0 if math.isnan(number) else int(number)


def explain_status(row: pd.Series | Mapping[str, object] | None) -> str:
    """One or two Dutch sentences saying why an alignment row has its status.

    The sentence names the voices that count, the spread and the thresholds it was held
    against, so an analyst can retrace "verdeeld" without opening the documentation.
    ``row`` is a row of the alignment table, or None for a cell nobody spoke about.
    """
    data = _row_dict(row)
    status = str(data.get("status") or TOO_LITTLE)
    known: dict[str, float] = {}
    missing: list[str] = []
    for voice in VOICES:
        urgency = _num(data.get(f"urgency_{voice}"))
        n = _int(data.get(f"n_{voice}"))
        if counts(voice, n, urgency):
            known[voice] = urgency
        elif voice == CIJFERS:
            missing.append("cijfers: geen cijfers voor dit domein")
        else:
            missing.append(f"{VOICE_NAMES[voice]}: {n} respondent{'' if n == 1 else 'en'}")
    midpoint = format_threshold(URGENT_ABOVE.value)
    gap = format_threshold(GAP.value)
    if status == TOO_LITTLE:
        counted = ", ".join(VOICE_NAMES[v] for v in known) or "geen"
        return (
            f"Te weinig gegevens: {len(known)} "
            f"{'stem telt' if len(known) == 1 else 'stemmen tellen'} mee "
            f"({counted}); er zijn er minstens {format_threshold(MIN_VOICES.value)} nodig. Een "
            f"stem telt mee vanaf {format_threshold(MIN_N.value)} verschillende respondenten"
            + (f" ({'; '.join(missing)})." if missing else ".")
        )
    # Judged on the values as shown (one decimal), so every number here reads as on screen.
    shown = shown_voices(known)
    high = max(shown, key=shown.__getitem__)
    low = min(shown, key=shown.__getitem__)
    spread = round_half_up(shown[high] - shown[low], 1)
    voices_text = ", ".join(f"{VOICE_NAMES[v]} {format_number(shown[v])}" for v in shown)
    if status in {SPLIT, PARTLY}:
        above = _names([v for v in shown if above_midpoint(shown[v])])
        below = _names([v for v in shown if not above_midpoint(shown[v])])
        degree = f"verdeeld vanaf {gap}" if status == SPLIT else f"minder dan {gap}: deels urgent"
        return (
            f"{status[0].upper()}{status[1:]}: {above} boven het midden van de schaal "
            f"({midpoint}), {below} erop of eronder; de hoogste stem ({VOICE_NAMES[high]}, "
            f"{format_number(shown[high])}) en de laagste ({VOICE_NAMES[low]}, "
            f"{format_number(shown[low])}) liggen {format_number(spread)} punt uit elkaar "
            f"({degree}). Stemmen die meetellen: {voices_text}."
        )
    side = "boven" if status == SHARED_URGENT else "op of onder"
    label = status[0].upper() + status[1:]
    return (
        f"{label}: alle {len(shown)} stemmen die meetellen liggen {side} het midden van de "
        f"schaal ({midpoint}): {voices_text}; ze liggen {format_number(spread)} punt uit elkaar"
        + (
            ", en verschillen dus in hoe urgent, niet in het oordeel."
            if spread >= GAP.value
            else "."
        )
    )


def _names(voices: list[str]) -> str:
    names = [VOICE_NAMES[v] for v in voices]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


VOICE_TABLE_COLUMNS: tuple[str, ...] = (
    "domain",
    "perspective",
    "urgency",
    "n",
    "confidence",
    "counts",
    "basis",
)


def area_voices(
    voices: pd.DataFrame, area_code: str, domains: Sequence[str] = DOMAIN_KEYS
) -> pd.DataFrame:
    """Every voice of one area per domain: urgency (NaN when silent), n, confidence, counts.

    One row per domain × voice (all four voices, also the silent ones), so a chart can show
    "te weinig gegevens" where a voice has too few respondents instead of leaving it out or
    drawing a zero.
    """
    mine = voices[voices["area_code"] == area_code] if len(voices) else voices
    index = mine.set_index(["domain", "perspective"]) if len(mine) else None
    rows = []
    for domain in domains:
        for voice in VOICES:
            urgency, n, confidence, basis = float("nan"), 0, "te weinig", ""
            if index is not None and (domain, voice) in index.index:
                found = index.loc[(domain, voice)]
                found = found.iloc[0] if isinstance(found, pd.DataFrame) else found
                urgency = _num(found["urgency"])
                n = _int(found["n"])
                raw = found.get("confidence")
                if voice == CIJFERS:
                    confidence = "cijfers" if n else "te weinig"
                elif isinstance(raw, str):
                    confidence = raw
                if voice != CIJFERS and "n_automatisch" in found.index:
                    basis = basis_short(
                        _int(found["n_expliciet"]),
                        _int(found["n_bevestigd"]),
                        _int(found["n_automatisch"]),
                    )
            rows.append(
                {
                    "domain": domain,
                    "perspective": voice,
                    "urgency": urgency,
                    "n": n,
                    "confidence": confidence,
                    "counts": counts(voice, n, urgency),
                    "basis": basis,
                }
            )
    return pd.DataFrame(rows, columns=list(VOICE_TABLE_COLUMNS))


def voice_text(urgency: float, n: int, voice: str, confidence: str) -> str:
    """A voice in words for tables and tooltips: ``4,3 · n=7 · stevig``, or ``te weinig (n=2)``
    for a voice with too few respondents to count."""
    if math.isnan(urgency):
        return "geen cijfers" if voice == CIJFERS else "geen gegevens"
    if not counts(voice, n, urgency):
        return f"te weinig (n={n})"
    if voice == CIJFERS:
        return f"{format_number(urgency)} · {n} indicator{'' if n == 1 else 'en'}"
    sure = confidence_word(confidence)
    return f"{format_number(urgency)} · n={n}" + (f" · {sure}" if sure else "")


def area_voice_table(area: pd.DataFrame, statuses: Mapping[str, str]) -> pd.DataFrame:
    """The voices of one area as a readable table: one row per domain, one column per voice.

    ``area`` is :func:`area_voices` output; ``statuses`` the status per domain.
    """
    rows = []
    for domain, group in area.groupby("domain", sort=False):
        row: dict[str, str] = {
            "Domein": domain_label(str(domain)),
            "Status": statuses.get(str(domain), TOO_LITTLE),
        }
        for r in group.itertuples(index=False):
            text = voice_text(r.urgency, int(r.n), r.perspective, r.confidence)
            if r.basis and counts(r.perspective, int(r.n), r.urgency):
                text += f" ({r.basis})"
            row[PERSPECTIVE_LABELS[r.perspective]] = text
        rows.append(row)
    return pd.DataFrame(rows)


EXPORT_COLUMNS: dict[str, str] = {
    "naam": "Gebied",
    "area_code": "Code",
    "domein": "Domein",
    "status": "Status",
    "gap_text": "Kloof",
    "mean": "Gemiddelde urgentie (1-5)",
    "spread": "Spreiding (punten)",
    "agreement": "Overeenstemming (0-1)",
    "n_voices": "Stemmen die meetellen",
}


def export_table(
    table: pd.DataFrame, names: Mapping[str, str], areas: Iterable[str] | None = None
) -> pd.DataFrame:
    """The alignment table with Dutch headers, one row per area × domain, for the screen table
    and the CSV/Excel export. Unknown numbers stay empty (NaN), never 0.

    With ``areas`` every area × domain is listed, in that order, also the cells without any row
    in ``table`` (status "te weinig gegevens").
    """
    frame = table.copy()
    areas = list(areas) if areas is not None else None
    if areas is not None:
        full = pd.MultiIndex.from_product(
            [list(areas), list(DOMAIN_KEYS)], names=["area_code", "domain"]
        )
        frame = frame.set_index(["area_code", "domain"]).reindex(full).reset_index()
        frame["status"] = frame["status"].fillna(TOO_LITTLE)
        frame["gap_text"] = frame["gap_text"].fillna("")
        for voice in VOICES:
            frame[f"n_{voice}"] = frame[f"n_{voice}"].fillna(0)
        frame["n_voices"] = frame["n_voices"].fillna(0)
    frame["naam"] = frame["area_code"].map(lambda c: names.get(c, c))
    frame["domein"] = frame["domain"].map(domain_label)
    out = frame[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
    for voice in VOICES:
        label = PERSPECTIVE_LABELS[voice]
        out[f"{label} (1-5)"] = pd.to_numeric(frame[f"urgency_{voice}"], errors="coerce")
        out[f"{label}: n"] = pd.to_numeric(frame[f"n_{voice}"], errors="coerce").astype("Int64")
    out["Stemmen die meetellen"] = out["Stemmen die meetellen"].astype("Int64")
    # Rows in the order of ``areas`` (the matrix order), else in the order of ``names``.
    order = {code: i for i, code in enumerate(areas if areas is not None else names)}
    out["_o"] = frame["area_code"].map(order)
    out["_d"] = frame["domain"].map({d: i for i, d in enumerate(DOMAIN_KEYS)})
    return out.sort_values(["_o", "_d"]).drop(columns=["_o", "_d"]).reset_index(drop=True)


def periods_of(over_time: pd.DataFrame) -> list[str]:
    """The periods the over-time table covers, oldest first (empty: one period or none)."""
    if over_time.empty or "period" not in over_time:
        return []
    return sorted(str(p) for p in over_time["period"].dropna().unique())


def cell_over_time(over_time: pd.DataFrame, area_code: str, domain: str) -> pd.DataFrame:
    """One cell per period: status, spread and every voice (NaN where it did not count)."""
    if over_time.empty:
        return pd.DataFrame()
    cell = over_time[(over_time["area_code"] == area_code) & (over_time["domain"] == domain)]
    cell = cell.sort_values("period").copy()
    for voice in VOICES:
        enough = [
            counts(voice, n, u)
            for u, n in zip(cell[f"urgency_{voice}"], cell[f"n_{voice}"], strict=True)
        ]
        cell[f"counts_{voice}"] = enough
    return cell.reset_index(drop=True)


def drawable_periods(cell: pd.DataFrame) -> int:
    """Periods of :func:`cell_over_time` in which at least one voice counts (a chart needs 2)."""
    if cell.empty:
        return 0
    flags = cell[[f"counts_{v}" for v in VOICES]]
    return int(flags.any(axis=1).sum())


def cell_period_table(cell: pd.DataFrame) -> pd.DataFrame:
    """:func:`cell_over_time` as a readable table: period, status, spread and every voice."""
    rows = []
    for r in cell.to_dict("records"):
        spread = _num(r.get("spread"))
        row = {
            "Periode": str(r["period"]),
            "Status": str(r["status"]),
            "Spreiding": "" if math.isnan(spread) else format_number(spread),
        }
        for voice in VOICES:
            row[PERSPECTIVE_LABELS[voice]] = voice_text(
                _num(r.get(f"urgency_{voice}")), _int(r.get(f"n_{voice}")), voice, ""
            )
        rows.append(row)
    return pd.DataFrame(rows)


def trend_table(trend: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The convergence verdicts in Dutch, largest change first (growing apart and together)."""
    if trend.empty:
        return pd.DataFrame(
            columns=[
                "Gebied",
                "Domein",
                "Van",
                "Tot",
                "Spreiding eerst",
                "Spreiding laatst",
                "Oordeel",
            ]
        )
    ordered = trend.assign(_abs=trend["change"].abs()).sort_values("_abs", ascending=False)
    return pd.DataFrame(
        {
            "Gebied": ordered["area_code"].map(lambda c: names.get(c, c)).to_numpy(),
            "Domein": ordered["domain"].map(domain_label).to_numpy(),
            "Van": ordered["first_period"].astype(str).to_numpy(),
            "Tot": ordered["last_period"].astype(str).to_numpy(),
            "Spreiding eerst": ordered["first_spread"].to_numpy(dtype=float),
            "Spreiding laatst": ordered["last_spread"].to_numpy(dtype=float),
            "Oordeel": ordered["verdict"].to_numpy(),
            "area_code": ordered["area_code"].to_numpy(),
            "domain": ordered["domain"].to_numpy(),
        }
    )
