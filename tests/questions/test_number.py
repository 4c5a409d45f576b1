"""Numbers: whole or not, within bounds. Every rule, its message in English and Welsh, and its anchor."""
from __future__ import annotations

from typing import Any

import pytest

from survey.questions import kind_of
from survey.questions.base import StoredAnswer
from tests.questions.conftest import NO_PROBLEMS, expect, messages, question

TIMES = question("times", "number", min=1, max=1000)                    # integer: true by default
TIMES_REQUIRED = question("times", "number", min=1, max=1000, required=True)
ANY_WHOLE = question("times", "number")
HOURS = question("times", "number", integer=False, min=0.5, max=24)
AT_LEAST = question("times", "number", min=0)
AT_MOST = question("times", "number", max=10)
AT_LEAST_DECIMAL = question("times", "number", integer=False, min=2.5)

WHOLE = expect("q-times", "Enter a whole number, like 12", "Rhowch rif cyfan, fel 12")
DECIMAL = expect("q-times", "Enter a number, like 12 or 2.5", "Rhowch rif, fel 12 neu 2.5")
FROM_1_TO_1000 = expect("q-times", "Enter a number from 1 to 1,000", "Rhowch rif rhwng 1 a 1,000")
FROM_HALF_TO_24 = expect("q-times", "Enter a number from 0.5 to 24", "Rhowch rif rhwng 0.5 a 24")
ZERO_OR_MORE = expect("q-times", "Enter a number that is 0 or more", "Rhowch rif sy'n 0 neu fwy")
TEN_OR_LESS = expect("q-times", "Enter a number that is 10 or less", "Rhowch rif sy'n 10 neu lai")


@pytest.mark.parametrize("q, typed, value, problems", [
    (TIMES, "12", 12, NO_PROBLEMS),
    (TIMES, " 12 ", 12, NO_PROBLEMS),
    (TIMES, "1", 1, NO_PROBLEMS),                           # the bounds themselves are allowed
    (TIMES, "1000", 1000, NO_PROBLEMS),
    (TIMES, "1,000", 1000, NO_PROBLEMS),                    # thousands separators are accepted
    (TIMES, "1 000", 1000, NO_PROBLEMS),                    # and so are spaces
    (ANY_WHOLE, "1,234,567", 1234567, NO_PROBLEMS),
    (TIMES, "12.0", 12, NO_PROBLEMS),                       # a whole number written with a point
    (TIMES, "", None, NO_PROBLEMS),
    (TIMES_REQUIRED, "", None, expect("q-times", "Enter a number", "Rhowch rif")),
    (TIMES_REQUIRED, "   ", None, expect("q-times", "Enter a number", "Rhowch rif")),
    (TIMES, "twelve", None, WHOLE),
    (TIMES, "12abc", None, WHOLE),
    (TIMES, "0x10", None, WHOLE),
    (TIMES, "nan", None, WHOLE),
    (TIMES, "inf", None, WHOLE),
    (TIMES, "1" * 31, None, WHOLE),                         # no one types a number this long
    (TIMES, "2.5", None, WHOLE),                            # not whole when integer is true
    (TIMES, "2,5", None, WHOLE),                            # a decimal comma is not read as 25
    (TIMES, "1,00", None, WHOLE),                           # nor are misplaced separators
    (TIMES, "0", 0, FROM_1_TO_1000),                        # below min
    (TIMES, "-3", -3, FROM_1_TO_1000),
    (TIMES, "1001", 1001, FROM_1_TO_1000),                  # above max
    (TIMES, "1,000,000", 1000000, FROM_1_TO_1000),
    (HOURS, "2.5", 2.5, NO_PROBLEMS),                       # decimals when integer is false
    (HOURS, "0.5", 0.5, NO_PROBLEMS),
    (HOURS, "7", 7.0, NO_PROBLEMS),
    (HOURS, ".75", 0.75, NO_PROBLEMS),
    (HOURS, "half", None, DECIMAL),
    (HOURS, "2,5", None, DECIMAL),
    (HOURS, "0.25", 0.25, FROM_HALF_TO_24),
    (HOURS, "24.01", 24.01, FROM_HALF_TO_24),
    (AT_LEAST, "-1", -1, ZERO_OR_MORE),
    (AT_LEAST, "999999", 999999, NO_PROBLEMS),
    (AT_MOST, "11", 11, TEN_OR_LESS),
    (AT_MOST, "-50", -50, NO_PROBLEMS),
    (AT_LEAST_DECIMAL, "2", 2.0, expect("q-times", "Enter a number that is 2.5 or more",
                                      "Rhowch rif sy'n 2.5 neu fwy")),
], ids=["whole", "spaces-around", "min", "max", "thousands-comma", "thousands-space", "millions", "point-zero",
        "skipped", "required", "required-blank", "word", "digits-and-letters", "hex", "nan", "inf", "too-long",
        "decimal-when-whole", "decimal-comma", "misplaced-comma", "below-min", "negative", "above-max",
        "far-above-max", "decimal", "decimal-min", "decimal-whole", "leading-point", "decimal-word",
        "decimal-comma-not-whole", "decimal-below-min", "decimal-above-max", "only-min", "only-min-ok",
        "only-max", "only-max-ok", "decimal-min-message"])
def test_number_from_the_form(from_form: Any, q: Any, typed: str, value: Any, problems: dict[str, Any]) -> None:
    outcome = from_form(q, {"times": typed})
    assert outcome["en"][0] == outcome["cy"][0] == value
    assert type(outcome["en"][0]) is type(value)  # whole numbers stay int
    assert messages(outcome) == problems


@pytest.mark.parametrize("q, raw, value, problems", [
    (TIMES, 2, 2, NO_PROBLEMS),
    (TIMES, 2.0, 2, NO_PROBLEMS),
    (TIMES, None, None, NO_PROBLEMS),
    (TIMES_REQUIRED, None, None, expect("q-times", "Enter a number", "Rhowch rif")),
    (TIMES, 2.5, None, WHOLE),
    (TIMES, "2", None, WHOLE),                 # JSON numbers only
    (TIMES, True, None, WHOLE),
    (TIMES, [2], None, WHOLE),
    (TIMES, float("nan"), None, WHOLE),
    (TIMES, 0, 0, FROM_1_TO_1000),
    (TIMES, 5000, 5000, FROM_1_TO_1000),
    (HOURS, 1.5, 1.5, NO_PROBLEMS),
    (HOURS, "1.5", None, DECIMAL),
    (HOURS, 30, 30, FROM_HALF_TO_24),
], ids=["whole", "whole-float", "skipped", "required", "decimal-when-whole", "string", "boolean", "list",
        "nan", "below-min", "above-max", "decimal", "decimal-string", "decimal-above-max"])
def test_number_from_an_import_line(from_json: Any, q: Any, raw: Any, value: Any,
                                    problems: dict[str, Any]) -> None:
    outcome = from_json(q, raw)
    assert outcome["en"][0] == value
    assert messages(outcome) == problems


def test_a_number_is_stored_as_a_number(babel_app: Any) -> None:
    assert kind_of(TIMES).stored(TIMES, 12) == [StoredAnswer(number=12.0)]
    assert kind_of(HOURS).stored(HOURS, 2.5) == [StoredAnswer(number=2.5)]
    assert kind_of(TIMES).display(TIMES, 1500, "cy") == ["1,500"]
    assert kind_of(HOURS).display(HOURS, 2.5, "en") == ["2.5"]
    assert kind_of(TIMES).to_form(TIMES, 12) == {"times": ["12"]}
