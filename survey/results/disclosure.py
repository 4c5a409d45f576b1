"""Disclosure control, the one module every published figure goes through (the console's results
and uptake counts, the exports, anything published later): cell-key perturbation as the Office
for National Statistics did it for Census 2021 (the R package `ptable`), and the rules around it.

- Each response has a random record key from 0 to 255 (models.new_record_key). A cell's key is
  the sum of its respondents' record keys modulo 256, so the same set of people always has the
  same cell key, whatever export, breakdown, language or minimum cell it is published in.
- The perturbation table gives, for a true value and a cell key, the value published: the true
  value plus noise of at most MAX_NOISE either way, with mean 0 and variance about VARIANCE, and
  never a published 1 or 2 (SMALL). Each row is the maximum-entropy distribution under those
  constraints, p(d) proportional to exp(a*d + b*d*d), found by bisection; where the variance
  cannot be reached (the smallest values) the row takes the least variance it can. The rows
  stop at CAP: every value from CAP up has CAP's row, shifted. A true zero stays zero.
- A published value below the minimum cell is written [c], zeros included: [c] says only "fewer
  than k", never "someone", and "12 of 12" beside hidden zeros does not tell that all said yes.
- Percentages are computed from the published figures.
- Means: from the true sum plus noise keyed like a count's (sum_noise: a normal quantile picked by
  the cell key), times half the numbers' scale (Numbers.scale), over the published base
  (cellKey's perturbed sums, `ck_params_nums`). Medians: from the numbers in twenty bins, each bin's
  count perturbed with its own cell key, interpolated within the bin. So two overlapping groups
  give two noisy statistics whose difference is not one person's number. Only where the
  published base is at least the minimum cell.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Iterable, Sequence

from ..models import KEY_RANGE

METHOD = "cell-key"
MAX_NOISE = 3
VARIANCE = 1.0
SMALL = 2                          # no published 1s or 2s
CAP = MAX_NOISE + SMALL + 1        # from here up, every value has the same row of noise
SUPPRESSED = "[c]"
DEFAULT_MIN_CELL = 10
SMALLEST_MIN_CELL = 5
BINS = 20                          # the median's bins
SUM_KEY_STEP, SUM_KEY_SHIFT = 101, 37   # the cell key of a sum: an odd multiple, so one-to-one mod 256


def _outcomes(value: int) -> list[int]:
    """The values a true `value` may be published as."""
    if value == 0:
        return [0]
    return [j for j in range(max(0, value - MAX_NOISE), value + MAX_NOISE + 1) if not 1 <= j <= SMALL]


def _distribution(deltas: Sequence[int], a: float, b: float) -> list[float]:
    top = max(a * d + b * d * d for d in deltas)
    weights = [math.exp(a * d + b * d * d - top) for d in deltas]
    total = sum(weights)
    return [w / total for w in weights]


def _moments(deltas: Sequence[int], p: Sequence[float]) -> tuple[float, float]:
    mean = sum(d * q for d, q in zip(deltas, p))
    return mean, sum(d * d * q for d, q in zip(deltas, p)) - mean * mean


def _bisect(f, low: float, high: float, target: float) -> float:
    """x in [low, high] where the increasing function f reaches target (an end if it never does)."""
    if f(low) >= target:
        return low
    if f(high) <= target:
        return high
    for _ in range(80):
        middle = (low + high) / 2
        low, high = (middle, high) if f(middle) < target else (low, middle)
    return (low + high) / 2


def _row(value: int) -> list[tuple[int, float]]:
    """Maximum-entropy noise for one true value: (published value, probability) pairs."""
    published = _outcomes(value)
    deltas = [j - value for j in published]
    if len(deltas) == 1:
        return [(published[0], 1.0)]

    def centred(b: float) -> list[float]:
        a = _bisect(lambda a: _moments(deltas, _distribution(deltas, a, b))[0], -60, 60, 0.0)
        return _distribution(deltas, a, b)

    b = _bisect(lambda b: _moments(deltas, centred(b))[1], -30, 30, VARIANCE)
    return list(zip(published, centred(b)))


@lru_cache(maxsize=None)
def perturbation_table() -> tuple[tuple[tuple[int, int], ...], ...]:
    """For each true value up to CAP: (key bound, published value) pairs, the probabilities
    quantised to the 256 cell keys: a key k gives the first value whose bound is above k."""
    table = []
    for value in range(CAP + 1):
        bounds: list[tuple[int, int]] = []
        cumulative = 0.0
        for published, p in _row(value):
            cumulative += p
            bound = min(KEY_RANGE, round(cumulative * KEY_RANGE))
            if not bounds or bound > bounds[-1][0]:
                bounds.append((bound, published))
        bounds[-1] = (KEY_RANGE, bounds[-1][1])
        table.append(tuple(bounds))
    return tuple(table)


def cell_key(key_sum: int) -> int:
    return int(key_sum) % KEY_RANGE


def noise(value: int, key: int) -> int:
    """How much a true value with this cell key moves when published."""
    return perturbed(value, key) - value


def perturbed(value: int, key: int) -> int:
    """The value published for a true value whose respondents' record keys sum to `key`."""
    value = int(value)
    row = perturbation_table()[min(value, CAP)]
    bounds = [bound for bound, _ in row]
    published = row[min(bisect_right(bounds, cell_key(key)), len(row) - 1)][1]
    return published if value < CAP else value + published - CAP


def published(value: int, key: int, min_cell: int) -> int | None:
    """The figure shown, or None where it is [c] (below the minimum cell, zeros included)."""
    figure = perturbed(value, key)
    return figure if figure >= min_cell else None


def shown(figure: int | None) -> str:
    return SUPPRESSED if figure is None else str(figure)


def percent(count: int | None, base: int | None) -> str:
    """100 * count / base from the published figures, one decimal; [c] where either is hidden."""
    if count is None or base is None:
        return SUPPRESSED
    return f"{100 * count / base:.1f}" if base else ""


@dataclass(frozen=True)
class Numbers:
    """How often each number was given in one group, with the record keys of those who gave it."""
    given: tuple[tuple[float, int, int], ...]   # (number, how many, sum of their record keys)
    low: float | None                           # the question's bounds, where the survey sets them
    high: float | None

    @property
    def how_many(self) -> int:
        return sum(n for _, n, _ in self.given)

    @property
    def key(self) -> int:
        return cell_key(sum(k for _, _, k in self.given))

    def scale(self) -> float:
        """The width the noise is measured in: the smallest 1, 2 or 5 times a power of ten at or
        above the largest number given (so the largest answer itself is not told), and no wider
        than the question's range where the survey sets one."""
        largest = max(max((abs(x) for x, _, _ in self.given), default=1.0), 1.0)
        power = 10.0 ** math.floor(math.log10(largest))
        rounded = next(step * power for step in (1, 2, 5, 10) if step * power >= largest)
        if self.low is not None and self.high is not None and self.high > self.low:
            return float(min(rounded, self.high - self.low))
        return float(rounded)

    def bins(self) -> tuple[float, float]:
        """Where the median's bins start, and how wide each is."""
        start = self.low if self.low is not None else min(0.0, min(x for x, _, _ in self.given))
        return start, self.scale() / BINS


def sum_noise(key: int) -> float:
    """The noise of a sum, in units of half its scale: the standard normal quantile of the key's
    place among the 256 (a fixed permutation of the cell key, so that it does not move with the
    count's noise). Its 256 values lie between -2.7 and 2.7, close together, so that differencing
    two sums leaves a person's number anywhere in a wide range rather than on a few points."""
    place = (key * SUM_KEY_STEP + SUM_KEY_SHIFT) % KEY_RANGE
    return NormalDist().inv_cdf((place + 0.5) / KEY_RANGE)


def mean(numbers: Numbers, base: int) -> float:
    """The mean from the true sum, perturbed, over the published base (never None: base >= min cell)."""
    total = math.fsum(x * n for x, n, _ in numbers.given)
    return (total + sum_noise(numbers.key) * numbers.scale() / 2) / base


def median(numbers: Numbers) -> float:
    """The median of the numbers in twenty bins, each bin's count perturbed with its own cell key."""
    start, width = numbers.bins()
    counts: dict[int, list[int]] = {}
    for x, n, key in numbers.given:
        b = min(BINS - 1, max(0, int((x - start) // width))) if width else 0
        counts.setdefault(b, [0, 0])
        counts[b][0] += n
        counts[b][1] += key
    perturbed_bins = [(b, perturbed(n, key)) for b, (n, key) in sorted(counts.items())]
    half = sum(n for _, n in perturbed_bins) / 2
    before = 0
    for b, n in perturbed_bins:
        if n and before + n >= half:
            return start + width * (b + (half - before) / n)
        before += n
    return start + width * (perturbed_bins[-1][0] + 1)


def rounded_to_5(count: int) -> int:
    """A count of responses as a manifest states it."""
    return 5 * round(count / 5)


def uptake(groups: Iterable[tuple[str, int, int]], min_cell: int) -> dict[str, int | None]:
    """Published counts of responses per name, from (name, how many, sum of record keys) rows that
    may repeat a name: each name's count perturbed with its own cell key."""
    counts: dict[str, list[int]] = {}
    for name, n, key_sum in groups:
        counts.setdefault(name, [0, 0])
        counts[name][0] += n
        counts[name][1] += key_sum
    return {name: published(n, key, min_cell) for name, (n, key) in counts.items()}
