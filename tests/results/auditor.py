"""A disclosure auditor: an attacker who holds every published figure (several releases,
breakdowns, minimum cells, the console) and knows the code and its perturbation table, but not
the record keys. Whatever it can prove, it proves with integer programmes (HiGHS, via SciPy).

The unknowns are the true counts of the finest cells: (part, option, language, place), where a
part is a set of respondents the attacker tells apart (release 1's, the newcomers of release 2,
and the one person attacked), and a place is "public", "paper" or a kiosk site. What it knows:

- every published figure: its true value is one that the table could publish so (a number p:
  every t with p among t's outcomes; [c]: every t with an outcome under the minimum cell);
- which figures add up: a published figure is the sum of the finest cells in its group, and a
  base the sum of its options;
- the cell key's promise: a figure that differs between two releases has a different set of
  people, so at least one newcomer is in it;
- the person attacked answered exactly once, in their own language and place.

A figure is pinned when its least and greatest possible values are the same.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from survey.results import disclosure

Cell = tuple[str, str, str, str]        # (part, option, language, place)
SUPPRESSED = disclosure.SUPPRESSED
LARGEST = 10_000


@lru_cache(maxsize=None)
def outcomes(true: int) -> frozenset[int]:
    return frozenset(disclosure.perturbed(true, key) for key in range(256))


def possible(published: str, min_cell: int) -> tuple[int, int]:
    """The least and greatest true value a published figure allows (a contiguous range)."""
    if published == SUPPRESSED:
        found = [t for t in range(min_cell + disclosure.MAX_NOISE + 2) if min(outcomes(t)) < min_cell]
    else:
        p = int(published)
        found = [t for t in range(max(0, p - disclosure.MAX_NOISE - 1), p + disclosure.MAX_NOISE + 2)
                 if p in outcomes(t)]
    assert found and found == list(range(found[0], found[-1] + 1)), (published, found)
    return found[0], found[-1]


def value_in(cell: Cell, breakdown: str) -> str | None:
    """A finest cell's value in a breakdown by language, channel or site (None: not in it)."""
    _, _, language, place = cell
    channel = place if place in ("public", "paper") else "kiosk"
    return {"language": language, "channel": channel, "site": None if channel != "kiosk" else place}[breakdown]


@dataclass
class Auditor:
    options: Sequence[str]
    languages: Sequence[str]
    places: Sequence[str]
    parts: dict[int, Sequence[str]]                    # release -> the parts it holds
    person: tuple[str, str, str] | None = None         # (part, language, place) of the one attacked
    rows: list[tuple[np.ndarray, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        all_parts = sorted({p for parts in self.parts.values() for p in parts})
        self.cells: list[Cell] = [c for c in itertools.product(all_parts, self.options, self.languages, self.places)
                                  if not self.person or c[0] != self.person[0]
                                  or (c[2], c[3]) == self.person[1:]]
        self.index = {cell: i for i, cell in enumerate(self.cells)}
        if self.person:
            self.require(self.where(lambda c: c[0] == self.person[0]), 1, 1)

    def where(self, belongs) -> np.ndarray:  # noqa: ANN001 (a predicate on cells)
        row = np.zeros(len(self.cells))
        for cell, i in self.index.items():
            if belongs(cell):
                row[i] = 1
        return row

    def require(self, row: np.ndarray, low: float, high: float) -> None:
        self.rows.append((row, low, high))

    def group(self, release: int, breakdown: str, value: str, option: str | None,
              shown: frozenset[str]) -> np.ndarray:
        """The finest cells a published figure of a release adds up (`shown`: the values of the
        breakdown its export shows, which "other" is not)."""
        def belongs(cell: Cell) -> bool:
            part, cell_option, _, _ = cell
            if part not in self.parts[release] or (option is not None and cell_option != option):
                return False
            if breakdown == "":
                return True
            own = value_in(cell, breakdown)
            return own is not None and (own not in shown if value == "_other" else own == value)
        return self.where(belongs)

    @staticmethod
    def shown_values(rows: Sequence[dict[str, str]]) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for r in rows:
            found.setdefault(r["breakdown_id"], set()).add(r["breakdown_value"])
        return {b: frozenset(values) for b, values in found.items()}

    def publish(self, release: int, rows: Iterable[dict[str, str]], question: str, min_cell: int) -> None:
        """Every figure of one question in one export of a release."""
        rows = [r for r in rows if r["question_id"] == question]
        shown = self.shown_values(rows)
        for r in rows:
            breakdown, value = r["breakdown_id"], r["breakdown_value"]
            if breakdown == "month":
                continue  # every response here is in one month
            values = shown.get(breakdown, frozenset())
            self.require(self.group(release, breakdown, value, r["option_value"], values),
                         *possible(r["count"], min_cell))
            self.require(self.group(release, breakdown, value, None, values), *possible(r["base"], min_cell))

    def changed(self, earlier: Sequence[dict[str, str]], later: Sequence[dict[str, str]], question: str,
                newcomers: str) -> None:
        """Figures of two releases that differ: at least one newcomer is in each."""
        before = {(r["breakdown_id"], r["breakdown_value"], r["option_value"]): r["count"]
                  for r in earlier if r["question_id"] == question}
        shown = self.shown_values([r for r in later if r["question_id"] == question])
        shown_before = self.shown_values([r for r in earlier if r["question_id"] == question])
        for r in later:
            key = (r["breakdown_id"], r["breakdown_value"], r["option_value"])
            values = shown.get(r["breakdown_id"], frozenset())
            if r["question_id"] == question and key in before and before[key] != r["count"] \
                    and r["breakdown_id"] != "month" and values == shown_before.get(r["breakdown_id"], frozenset()):
                row = self.group(2, r["breakdown_id"], r["breakdown_value"], r["option_value"], values)
                row *= self.where(lambda c: c[0] != "r1")
                self.require(row, 1, np.inf)

    def range_of(self, target: np.ndarray) -> tuple[int, int] | None:
        """The least and greatest value of a sum of finest cells; None if nothing is consistent."""
        found = []
        for sign in (1, -1):
            constraints = LinearConstraint(np.array([r for r, _, _ in self.rows]),
                                           [low for _, low, _ in self.rows], [high for _, _, high in self.rows])
            result = milp(sign * target, constraints=constraints, integrality=np.ones(len(self.cells)),
                          bounds=Bounds(0, LARGEST))
            if result.status != 0:
                return None
            found.append(round(sign * result.fun))
        return found[0], found[1]

    def person_could_have_chosen(self) -> list[str]:
        """The options the person attacked may have chosen, for all the attacker can prove."""
        assert self.person
        return [option for option in self.options
                if (span := self.range_of(self.where(lambda c: c[0] == self.person[0] and c[1] == option)))
                and span[1] == 1]
