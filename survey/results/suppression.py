"""Disclosure control: which counts and bases an export must write as [c].

Primary suppression hides every count or base from 1 to min_cell - 1 (and every count of a group
whose base is that small). Secondary suppression then makes sure no hidden cell can be worked
out by subtraction: wherever published cells add up to a published total, the set holds no [c]
or at least two. The sets are

- the options of a question whose options add up (single choice, scale), within one group,
  against that group's base;
- one option (or one base) across the values of a breakdown, against its overall figure;

and a base hidden while every count of an adding question is shown would be their sum, so one
count goes too. Hiding one cell can leave another set with a lone [c], so the rules repeat
until nothing changes. Each time, the smallest published cell that is not zero is hidden, so
that as little as possible is lost.
"""
from __future__ import annotations

from typing import Hashable, Iterable, Sequence

import pandas as pd

from .aggregate import BASE_KEY, CELL_KEY, GROUP

OVERALL = ("", "")


def suppress(cells: pd.DataFrame, bases: pd.DataFrame, adding: Iterable[str],
             min_cell: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add a boolean `hidden` column to copies of cells (CELL_KEY, count) and bases (BASE_KEY, base)."""
    cells = cells.reset_index(drop=True).copy()
    bases = bases.reset_index(drop=True).copy()
    bases["hidden"] = bases["base"].between(1, min_cell - 1)
    small_base = cells.merge(bases, on=BASE_KEY, how="left")["hidden"].fillna(False).astype(bool)
    cells["hidden"] = cells["count"].between(1, min_cell - 1) | small_base.to_numpy()
    adds_up = cells["question_id"].isin(set(adding))
    while True:
        changed = _hide_a_count_behind_hidden_bases(cells, bases, adds_up)
        changed |= _protect_options(cells, bases, adds_up)
        changed |= _protect_across_breakdowns(cells, "count", CELL_KEY)
        changed |= _protect_across_breakdowns(bases, "base", BASE_KEY)
        if not changed:
            return cells, bases


def _pick(members: pd.DataFrame, value: str) -> Hashable | None:
    """The index of the smallest published member, preferring one that is not zero."""
    shown = members[~members["hidden"]]
    if shown.empty:
        return None
    nonzero = shown[shown[value] > 0]
    return (nonzero if not nonzero.empty else shown)[value].idxmin()


def _base_hidden(cells: pd.DataFrame, bases: pd.DataFrame) -> pd.Series:
    """For each cell, whether its group's base is hidden."""
    merged = cells[BASE_KEY].merge(bases[[*BASE_KEY, "hidden"]], on=BASE_KEY, how="left")
    return pd.Series(merged["hidden"].fillna(False).astype(bool).to_numpy(), index=cells.index)


def _hide_a_count_behind_hidden_bases(cells: pd.DataFrame, bases: pd.DataFrame, adds_up: pd.Series) -> bool:
    """A hidden base whose counts add up and are all shown would be their sum: hide one count."""
    if not bases["hidden"].any():
        return False
    hidden_here = cells.groupby(BASE_KEY, sort=False)["hidden"].transform("sum")
    exposed = cells[adds_up & _base_hidden(cells, bases) & (hidden_here == 0) & (cells["count"] > 0)]
    changed = False
    for _, members in exposed.groupby(BASE_KEY, sort=False):
        chosen = _pick(cells.loc[members.index], "count")
        if chosen is not None:
            cells.loc[chosen, "hidden"] = True
            changed = True
    return changed


def _protect_options(cells: pd.DataFrame, bases: pd.DataFrame, adds_up: pd.Series) -> bool:
    """Options that add up to a shown base: never exactly one [c] among them."""
    if not cells["hidden"].any():
        return False
    hidden_here = cells.groupby(BASE_KEY, sort=False)["hidden"].transform("sum")
    lone = cells[adds_up & ~_base_hidden(cells, bases) & (hidden_here == 1)]
    changed = False
    for key, members in lone.groupby(BASE_KEY, sort=False):
        chosen = _pick(cells.loc[members.index], "count")
        if chosen is None:  # a single option: its count is the base
            _hide_where(bases, BASE_KEY, key)
        else:
            cells.loc[chosen, "hidden"] = True
        changed = True
    return changed


def _protect_across_breakdowns(table: pd.DataFrame, value: str, key: Sequence[str]) -> bool:
    """One figure across a breakdown's values, against its overall figure: never one lone [c].

    Only where the values do add up to the overall figure: a site breakdown leaves out the
    public responses, so its figures cannot be subtracted from the overall ones.
    """
    overall_mask = (table["breakdown_id"] == "") & (table["breakdown_value"] == "")
    if overall_mask.all() or not table["hidden"].any():  # no breakdown, or nothing hidden
        return False
    figure = [k for k in key if k not in GROUP]
    overall = table[overall_mask].set_index(figure)
    split = table[~overall_mask]
    by_set = split.groupby([*figure, "breakdown_id"], sort=False)
    hidden_here = by_set["hidden"].transform("sum")
    total_here = by_set[value].transform("sum")
    overall_value = overall[value].reindex(pd.MultiIndex.from_frame(split[figure]) if len(figure) > 1
                                           else split[figure[0]]).to_numpy()
    overall_hidden = overall["hidden"].reindex(pd.MultiIndex.from_frame(split[figure]) if len(figure) > 1
                                               else split[figure[0]]).fillna(True).to_numpy(dtype=bool)
    lone = split[(hidden_here == 1).to_numpy() & (total_here.to_numpy() == overall_value) & ~overall_hidden]
    changed = False
    for set_key, members in lone.groupby([*figure, "breakdown_id"], sort=False):
        chosen = _pick(table.loc[members.index], value)
        if chosen is None:  # the only value of the breakdown: it equals the overall figure
            table.loc[overall_mask & _matches(table, figure, set_key[:-1]), "hidden"] = True
        else:
            table.loc[chosen, "hidden"] = True
        changed = True
    return changed


def _matches(table: pd.DataFrame, columns: Sequence[str], values: Sequence[object]) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for column, wanted in zip(columns, values):
        mask &= table[column] == wanted
    return mask


def _hide_where(table: pd.DataFrame, columns: Sequence[str], values: Sequence[object]) -> None:
    table.loc[_matches(table, columns, values), "hidden"] = True
