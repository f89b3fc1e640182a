"""Small-count suppression for the resident view: k-anonymity with complementary suppression.

A count below ``k`` distinct respondents is hidden (*primary* suppression). Hiding alone is not
enough when totals are shown: a hidden cell then follows from its total minus the other cells.
So further cells are hidden (*complementary* suppression) until no hidden cell can be computed
from what is shown. The check is exact for linear reasoning: for every hidden cell a linear
programme finds the smallest and largest value consistent with everything shown; the cell is
protected only when those differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from urgentie.analysis.thresholds import K_ANONYMITY

TOTAL = "Totaal"


@dataclass
class Suppressed:
    """A count table with margins, and which cells are hidden and why."""

    values: pd.DataFrame
    """Counts with a ``Totaal`` row and column; hidden cells are NaN."""
    hidden: pd.DataFrame
    """True where a cell (or margin) is hidden."""
    primary: pd.DataFrame
    """True where the count itself is below k."""

    def display(self, hidden_text: str = "minder dan 5") -> pd.DataFrame:
        """Text for the UI: integers, and ``hidden_text`` where hidden."""
        shown = self.values.astype("object")
        for column in shown.columns:
            shown[column] = [
                hidden_text if h else f"{int(v)}"
                for v, h in zip(self.values[column], self.hidden[column], strict=True)
            ]
        return shown


Margins = Literal["both", "rows", "columns"]


def with_margins(counts: pd.DataFrame, margins: Margins = "both") -> pd.DataFrame:
    """``counts`` plus a ``Totaal`` column (row sums) and/or row (column sums).

    ``rows`` adds only the column of row totals (each row's cells add up to it), ``columns`` only
    the row of column totals. Only margins that really are sums may be declared: the check of
    :func:`derivable` treats every declared margin as a known sum.
    """
    table = counts.astype("float64").copy()
    if margins in ("both", "rows"):
        table[TOTAL] = table.sum(axis=1)
    if margins in ("both", "columns"):
        table.loc[TOTAL] = table.sum(axis=0)
    return table


def suppress(counts: pd.DataFrame, k: int | None = None, margins: Margins = "both") -> Suppressed:
    """Hide every count below ``k`` (default :data:`K_ANONYMITY`) and enough others.

    Margins are counted too: a total below ``k`` is hidden like any cell. Complementary cells
    are chosen smallest-first within a row or column that would otherwise give a hidden cell
    away, so as little as possible is lost.
    """
    k = int(K_ANONYMITY.value if k is None else k)
    table = with_margins(counts, margins)
    primary = table < k
    hidden = primary.copy()
    for _ in range(table.size):
        exposed = derivable(table, hidden)
        if not exposed:
            break
        if not any(_hide_complement(table, hidden, row, col) for row, col in exposed):
            break
    return Suppressed(values=table.mask(hidden), hidden=hidden, primary=primary)


def _hide_complement(table: pd.DataFrame, hidden: pd.DataFrame, row: str, col: str) -> bool:
    """Hide the smallest visible cell sharing a row or column with an exposed hidden cell.

    Returns False when every cell in that row and column is hidden already.
    """
    candidates: list[tuple[float, str, str]] = []
    # Only a row or column that adds up to a shown margin can give a cell away.
    if TOTAL in table.columns:
        candidates += [(table.at[row, c], row, c) for c in table.columns if not hidden.at[row, c]]
    if TOTAL in table.index:
        candidates += [(table.at[r, col], r, col) for r in table.index if not hidden.at[r, col]]
    if not candidates:
        return False
    # Prefer inner cells over margins, then the smallest value.
    candidates.sort(key=lambda t: (t[1] == TOTAL or t[2] == TOTAL, t[0]))
    _, r, c = candidates[0]
    hidden.at[r, c] = True
    return True


def derivable(table: pd.DataFrame, hidden: pd.DataFrame) -> list[tuple[str, str]]:
    """Hidden cells whose value follows exactly from the visible cells and the margins.

    Unknowns are the hidden cells; constraints are that every row and column adds up to its
    margin; values are at least 0. A cell whose minimum equals its maximum is exposed.
    """
    cells = [(r, c) for r in table.index for c in table.columns if hidden.at[r, c]]
    if not cells:
        return []
    position = {cell: i for i, cell in enumerate(cells)}
    inner_rows = [r for r in table.index if r != TOTAL]
    inner_cols = [c for c in table.columns if c != TOTAL]
    a_eq, b_eq = [], []
    lines = []
    if TOTAL in table.columns:
        lines += [(r, [(r, c) for c in inner_cols], (r, TOTAL)) for r in table.index]
    if TOTAL in table.index:
        lines += [(c, [(r, c) for r in inner_rows], (TOTAL, c)) for c in table.columns]
    for _, members, margin in lines:
        coeffs = np.zeros(len(cells))
        rhs = 0.0
        for cell in members:
            if cell in position:
                coeffs[position[cell]] += 1
            else:
                rhs -= table.at[cell]
        if margin in position:
            coeffs[position[margin]] -= 1
        else:
            rhs += table.at[margin]
        if coeffs.any():
            a_eq.append(coeffs)
            b_eq.append(rhs)
    exposed = []
    bounds = [(0, None)] * len(cells)
    for i, cell in enumerate(cells):
        objective = np.zeros(len(cells))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        high = linprog(-objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        if low.status == 0 and high.status == 0 and (-high.fun - low.fun) < 0.5:
            exposed.append(cell)
    return exposed
