from __future__ import annotations

import pandas as pd
import pytest

from urgentie.analysis.disclosure import TOTAL, derivable, suppress, with_margins


def _table(rows: dict[str, list[int]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def test_counts_below_k_are_hidden_and_large_counts_shown() -> None:
    counts = _table({"wonen": [12, 9], "veiligheid": [7, 8]}, ["bewoner", "professional"])
    result = suppress(counts, k=5)
    assert not result.hidden.to_numpy().any()
    assert result.values.at["wonen", TOTAL] == 21


def test_a_single_small_cell_gets_a_complement_in_its_row_and_column() -> None:
    counts = _table(
        {"wonen": [12, 3], "veiligheid": [7, 8], "gezondheid": [10, 11]},
        ["bewoner", "professional"],
    )
    result = suppress(counts, k=5)
    assert result.primary.at["wonen", "professional"]
    # Without complements, 3 = 15 - 12 would follow from the row total.
    assert result.hidden.sum().sum() >= 4
    table = with_margins(counts)
    assert derivable(table, result.hidden) == []


@pytest.mark.parametrize(
    "rows",
    [
        {"a": [1, 20, 30], "b": [25, 2, 40], "c": [30, 31, 3]},
        {"a": [0, 0, 9], "b": [6, 7, 8], "c": [9, 10, 11]},
        {"a": [4, 4, 4], "b": [4, 4, 4]},
        {"a": [50, 1], "b": [60, 70]},
    ],
)
def test_no_hidden_value_can_be_computed_back(rows: dict[str, list[int]]) -> None:
    counts = _table(rows, [f"k{i}" for i in range(len(next(iter(rows.values()))))])
    result = suppress(counts, k=5)
    table = with_margins(counts)
    assert derivable(table, result.hidden) == []
    # Every primary cell stays hidden, every shown value is the true count.
    assert (result.hidden | ~result.primary).all().all()
    shown = result.values.stack().dropna()
    for (r, c), value in shown.items():
        assert value == table.at[r, c]


def test_derivable_finds_a_cell_given_away_by_its_total() -> None:
    table = with_margins(_table({"a": [10, 3], "b": [7, 8]}, ["x", "y"]))
    hidden = pd.DataFrame(False, index=table.index, columns=table.columns)
    hidden.at["a", "y"] = True
    assert derivable(table, hidden) == [("a", "y")]


def test_display_text_never_shows_a_hidden_number() -> None:
    counts = _table({"wonen": [12, 3], "veiligheid": [7, 8]}, ["bewoner", "professional"])
    shown = suppress(counts, k=5).display()
    assert "3" not in shown.to_numpy().ravel().tolist()
    assert (shown == "minder dan 5").any().any()


def test_row_margins_only() -> None:
    counts = _table({"wonen": [12, 3], "veiligheid": [7, 8]}, ["bewoner", "professional"])
    result = suppress(counts, k=5, margins="rows")
    assert TOTAL in result.values.columns and TOTAL not in result.values.index
    assert result.hidden.at["wonen", "professional"]
    # 3 = 15 - 12: the row total or the 12 must be hidden as well.
    assert result.hidden.at["wonen", "bewoner"] or result.hidden.at["wonen", TOTAL]
    assert derivable(with_margins(counts, "rows"), result.hidden) == []
    assert not result.hidden.loc["veiligheid"].any()
