"""Timing a regular expression against a linear baseline, as ratios measured in the same test
(never a fixed number of seconds): what the tests of every pattern and of comment redaction use."""
from __future__ import annotations

import re
from time import process_time
from typing import Callable

BASELINE = re.compile(r"(?s).")


def _work(pattern: re.Pattern[str]) -> Callable[[str], object]:
    """What the code does with a pattern, at its worst: search everywhere, and match the whole."""
    def run(text: str) -> object:
        return sum(1 for _ in pattern.finditer(text)), pattern.fullmatch(text)
    return run


def _seconds(work: Callable[[str], object], text: str) -> float:
    """The best of three timings of one call, each repeating the call for at least 5 ms (a shorter
    timing is mostly noise). Processor time, not the clock's: waiting for a busy machine's processors
    does not count."""
    number = 1
    while True:
        started = process_time()
        for _ in range(number):
            work(text)
        took = process_time() - started
        if took >= 0.005 or number >= 65536:
            break
        number *= 4
    best = took
    for _ in range(2):
        started = process_time()
        for _ in range(number):
            work(text)
        best = min(best, process_time() - started)
    return best / number


def _growth(work: Callable[[str], object], make: Callable[[int], str], longest: int) -> float:
    """How much longer the work takes on the longest input than on a tenth of it."""
    return _seconds(work, make(longest)[:longest]) / _seconds(work, make(longest // 10)[:longest // 10])


def growth(work: Callable[[str], object], make: Callable[[int], str], longest: int,
           baseline: float | None = None) -> float:
    """The pattern's growth over the linear baseline's, on input of the same two lengths."""
    if baseline is None:
        baseline = _growth(_work(BASELINE), make, longest)
    return _growth(work, make, longest) / baseline
