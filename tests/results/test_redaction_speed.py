"""Issue 15.5: every redaction pattern takes time linear in a comment's length, on the inputs
that made the first patterns quadratic. Compared as a ratio measured in the same test:
the growth from a tenth of the longest comment to the longest, over the linear baseline's growth on
the same texts (linear: about 1; quadratic: about 10), generously, so that a busy machine does not
fail it."""
from __future__ import annotations

import functools
import re
from typing import Callable

import pytest

from survey.results.comments import MAX_COMMENT, REDACTIONS
from tests.timing import BASELINE, _growth, _work, growth

# Each repeated to the longest comment: what backtracks in a pattern that is not bounded.
ADVERSARIAL = ["a-a.", "a@", "a.", "1 ", "a at ", "a dot ", "1/", "12 ", "A1 ", "@", "www.", "1-", "aa ",
               "1 Heol ", "1 Abc ", "a(at)", "+4", "0", "JB 1", "a'", "12 March ", "x" * 70 + " "]
RATIO = 4.0  # generous: linear is about 1, quadratic about 10


def _redacting(pattern: re.Pattern[str]) -> Callable[[str], object]:
    return lambda text: pattern.sub("[x]", text)


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda n: unit * (n // len(unit) + 1)


@functools.cache
def _baseline(unit: str) -> float:
    """The linear baseline's growth on this unit's texts, timed once for every pattern."""
    return _growth(_work(BASELINE), _repeated(unit), MAX_COMMENT)


@pytest.mark.parametrize("pattern, mark", REDACTIONS, ids=[f"{i}-{m}" for i, (_, m) in enumerate(REDACTIONS)])
def test_each_pattern_is_linear_on_adversarial_input(pattern: re.Pattern[str], mark: str) -> None:
    for unit in ADVERSARIAL:
        ratio = growth(_redacting(pattern), _repeated(unit), MAX_COMMENT, _baseline(unit))
        assert ratio < RATIO, (mark, unit, ratio)


def test_the_old_quadratic_pattern_fails_this_test() -> None:
    """The measure can tell: the first version's e-mail pattern is quadratic on "a-a."."""
    old = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.I)
    assert growth(_redacting(old), _repeated("a-a."), MAX_COMMENT) > RATIO
