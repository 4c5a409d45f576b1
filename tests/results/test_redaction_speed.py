"""Issue 15.5: every redaction pattern takes time linear in a comment's length, on the inputs
that made the first patterns quadratic. Compared as a ratio measured in the same test: ten
comments a tenth of the longest length against one of the longest (linear: about 1; quadratic:
about 10), generously, so that a busy machine does not fail it."""
from __future__ import annotations

import re
import time

import pytest

from survey.results.comments import MAX_COMMENT, REDACTIONS

# Each repeated to the longest comment: what backtracks in a pattern that is not bounded.
ADVERSARIAL = ["a-a.", "a@", "a.", "1 ", "a at ", "a dot ", "1/", "12 ", "A1 ", "@", "www.", "1-", "aa ",
               "1 Heol ", "1 Abc ", "a(at)", "+4", "0", "JB 1", "a'", "12 March ", "x" * 70 + " "]
RATIO = 4.0  # generous: linear is about 1, quadratic about 10


def _seconds(pattern: re.Pattern[str], text: str, times: int) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(times):
            pattern.sub("[x]", text)
        best = min(best, time.perf_counter() - began)
    return best


@pytest.mark.parametrize("pattern, mark", REDACTIONS, ids=[f"{i}-{m}" for i, (_, m) in enumerate(REDACTIONS)])
def test_each_pattern_is_linear_on_adversarial_input(pattern: re.Pattern[str], mark: str) -> None:
    for unit in ADVERSARIAL:
        long = (unit * (MAX_COMMENT // len(unit) + 1))[:MAX_COMMENT]
        short = long[:MAX_COMMENT // 10]
        one_long = _seconds(pattern, long, 1)
        ten_short = _seconds(pattern, short, 10)
        assert one_long < RATIO * max(ten_short, 1e-4), (mark, unit, one_long, ten_short)


def test_the_old_quadratic_pattern_fails_this_test() -> None:
    """The measure can tell: the first version's e-mail pattern is quadratic on "a-a."."""
    old = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.I)
    long = ("a-a." * (MAX_COMMENT // 4))[:MAX_COMMENT]
    assert _seconds(old, long, 1) > RATIO * _seconds(old, long[:MAX_COMMENT // 10], 10)
