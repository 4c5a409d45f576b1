"""Disclosure control, checked on random tables (Hypothesis): every hidden cell stays hidden.

The rules (contract, section 4): a count or base from 1 to min_cell - 1 is hidden; and wherever
published cells add up to a published total, the set holds no hidden cell or at least two.
"""
from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given, settings, strategies as st

from survey.results.aggregate import BASE_KEY, CELL_KEY
from survey.results.suppression import suppress

small_counts = st.integers(min_value=0, max_value=25) | st.integers(min_value=0, max_value=4)


@st.composite
def tables(draw: Any) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """An adding question (single choice) and a question whose options need not add up."""
    min_cell = draw(st.sampled_from([3, 5, 10]))
    options = draw(st.integers(min_value=1, max_value=5))
    groups = draw(st.integers(min_value=1, max_value=4))
    single = [[draw(small_counts) for _ in range(options)] for _ in range(groups)]
    several = [[draw(small_counts) for _ in range(options)] for _ in range(groups)]
    several_base = [max(row) + draw(st.integers(min_value=0, max_value=6)) for row in several]
    cells, bases = [], []
    for qid, counts in (("single", single), ("several", several)):
        overall = [sum(row[o] for row in counts) for o in range(options)]
        for (bid, value), row in [(("", ""), overall), *((("by", str(g)), counts[g]) for g in range(groups))]:
            cells += [(qid, "", str(o), bid, value, n) for o, n in enumerate(row)]
    for bid, value, base in [("", "", sum(map(sum, single))),
                             *(("by", str(g), sum(single[g])) for g in range(groups))]:
        bases.append(("single", "", bid, value, base))
    for bid, value, base in [("", "", sum(several_base)), *(("by", str(g), several_base[g]) for g in range(groups))]:
        bases.append(("several", "", bid, value, base))
    return (pd.DataFrame(cells, columns=[*CELL_KEY, "count"]), pd.DataFrame(bases, columns=[*BASE_KEY, "base"]),
            min_cell)


def lone_hidden(hidden: list[bool]) -> bool:
    return sum(hidden) == 1


def check_nothing_recoverable(cells: pd.DataFrame, bases: pd.DataFrame, min_cell: int) -> None:
    # primary: every small figure is hidden, and a group with a small base shows no count at all
    assert cells[cells["count"].between(1, min_cell - 1)]["hidden"].all()
    assert bases[bases["base"].between(1, min_cell - 1)]["hidden"].all()
    merged = cells.merge(bases.rename(columns={"hidden": "base_hidden"}), on=BASE_KEY)
    assert merged[merged["base"].between(1, min_cell - 1)]["hidden"].all()
    # the options of the adding question within a group, against a published base
    for _, group in merged[merged["question_id"] == "single"].groupby(BASE_KEY):
        if not group["base_hidden"].iloc[0]:
            assert not lone_hidden(list(group["hidden"])), group
        else:  # a hidden base must not be the sum of published counts
            assert group["hidden"].any() or group["count"].sum() == 0, group
    # one figure across the breakdown, against its published overall figure
    for table, figure in ((cells, ["question_id", "row_id", "option_value"]), (bases, ["question_id", "row_id"])):
        value = "count" if table is cells else "base"
        overall = table[table["breakdown_id"] == ""].set_index(figure)
        for key, split in table[table["breakdown_id"] != ""].groupby(figure):
            total = overall.loc[key]
            if not total["hidden"] and split[value].sum() == total[value]:
                assert not lone_hidden(list(split["hidden"])), (key, split)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_hidden_cell_can_be_recovered(table: tuple[pd.DataFrame, pd.DataFrame, int]) -> None:
    cells, bases, min_cell = table
    hidden_cells, hidden_bases = suppress(cells, bases, ["single"], min_cell)
    # the figures themselves are never changed, only hidden
    pd.testing.assert_frame_equal(hidden_cells.drop(columns="hidden"), cells.reset_index(drop=True))
    check_nothing_recoverable(hidden_cells, hidden_bases, min_cell)


@settings(max_examples=50, deadline=None)
@given(tables())
def test_large_figures_are_hidden_only_to_protect_small_ones(table: tuple[pd.DataFrame, pd.DataFrame, int]) -> None:
    cells, bases, min_cell = table
    hidden_cells, hidden_bases = suppress(cells, bases, ["single"], min_cell)
    anything_small = cells["count"].between(1, min_cell - 1).any() or bases["base"].between(1, min_cell - 1).any()
    if not anything_small:
        assert not hidden_cells["hidden"].any() and not hidden_bases["hidden"].any()


def test_the_smallest_other_count_is_hidden_with_a_lone_small_one() -> None:
    cells = pd.DataFrame([("q", "", v, "", "", n) for v, n in (("a", 2), ("b", 30), ("c", 12), ("d", 0))],
                         columns=[*CELL_KEY, "count"])
    bases = pd.DataFrame([("q", "", "", "", 44)], columns=[*BASE_KEY, "base"])
    hidden, _ = suppress(cells, bases, ["q"], 10)
    assert list(hidden["hidden"]) == [True, False, True, False]
