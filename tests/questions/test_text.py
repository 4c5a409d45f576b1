"""Free text: length, blanks and characters no one types. Messages in English and Welsh, with anchors."""
from __future__ import annotations

from typing import Any

import pytest

from survey.questions import kind_of
from tests.questions.conftest import NO_PROBLEMS, expect, messages, question

SHORT = question("name", "text", max_length=10)
SHORT_REQUIRED = question("name", "text", max_length=10, required=True)
ONE = question("name", "text", max_length=1)
LONG = question("name", "text", long=True, max_length=5000)

TOO_LONG_10 = expect("q-name", "Your answer must be 10 characters or fewer", "Rhaid i'ch ateb fod yn 10 nod neu lai")
TOO_LONG_1 = expect("q-name", "Your answer must be 1 character or fewer", "Rhaid i'ch ateb fod yn 1 nod neu lai")
ENTER = expect("q-name", "Enter your answer", "Rhowch eich ateb")


@pytest.mark.parametrize("q, typed, value, problems", [
    (SHORT, "Llanelli", "Llanelli", NO_PROBLEMS),
    (SHORT, "  Llanelli \n", "Llanelli", NO_PROBLEMS),             # spaces around are dropped
    (SHORT, "ŵŷâ" * 3 + "ê", "ŵŷâŵŷâŵŷâê", NO_PROBLEMS),             # exactly 10 letters, not 20 bytes
    (SHORT, "a" * 11, "a" * 11, TOO_LONG_10),
    (SHORT, "  " + "a" * 10 + "  ", "a" * 10, NO_PROBLEMS),         # spaces around do not count
    (ONE, "ab", "ab", TOO_LONG_1),
    (LONG, "x" * 5000, "x" * 5000, NO_PROBLEMS),
    (LONG, "x" * 5001, "x" * 5001, expect("q-name", "Your answer must be 5000 characters or fewer",
                                    "Rhaid i'ch ateb fod yn 5000 nod neu lai")),
    (SHORT, "", None, NO_PROBLEMS),
    (SHORT, " \t\n  ", None, NO_PROBLEMS),                          # whitespace only: skipped
    (SHORT_REQUIRED, "", None, ENTER),
    (SHORT_REQUIRED, " \t\r\n  ", None, ENTER),                     # whitespace only is no answer
    (SHORT_REQUIRED, "\x00\x07 \x1b", None, ENTER),                 # nor are control characters
    (SHORT, "a\x00b\x07c\x1bd", "abcd", NO_PROBLEMS),               # control characters are removed
    (SHORT, "a\x7fb\x85c\x9fd", "abcd", NO_PROBLEMS),               # DEL and the C1 controls too
    (LONG, "line one\r\nline two\ttab", "line one\nline two\ttab", NO_PROBLEMS),  # newlines and tabs kept
    (SHORT, "a\x00" * 10, "a" * 10, NO_PROBLEMS),                   # counted after cleaning
], ids=["answer", "trimmed", "welsh-letters-at-limit", "too-long", "spaces-not-counted", "too-long-singular",
        "long-at-limit", "long-too-long", "skipped", "whitespace-skipped", "required", "required-whitespace",
        "required-control", "control-removed", "del-and-c1-removed", "newlines-kept", "length-after-cleaning"])
def test_text_from_the_form(from_form: Any, q: Any, typed: str, value: Any, problems: dict[str, Any]) -> None:
    outcome = from_form(q, {"name": typed})
    assert outcome["en"][0] == outcome["cy"][0] == value
    assert messages(outcome) == problems


@pytest.mark.parametrize("q, raw, value, problems", [
    (SHORT, "Tenby", "Tenby", NO_PROBLEMS),
    (SHORT, None, None, NO_PROBLEMS),
    (SHORT, "   ", None, NO_PROBLEMS),
    (SHORT_REQUIRED, "  ", None, ENTER),
    (SHORT_REQUIRED, None, None, ENTER),
    (SHORT, 12, None, ENTER),                        # text must be a string
    (SHORT, ["a"], None, ENTER),
    (SHORT, "a" * 11, "a" * 11, TOO_LONG_10),
    (SHORT, " a\x00b ", "ab", NO_PROBLEMS),
], ids=["answer", "skipped", "blank", "required-blank", "required", "number", "list", "too-long", "cleaned"])
def test_text_from_an_import_line(from_json: Any, q: Any, raw: Any, value: Any, problems: dict[str, Any]) -> None:
    outcome = from_json(q, raw)
    assert outcome["en"][0] == value
    assert messages(outcome) == problems


def test_text_is_kept_out_of_the_answers_table(babel_app: Any) -> None:
    assert kind_of(LONG).stored(LONG, "anything") == []
    assert kind_of(LONG).summary == "text"
    assert kind_of(LONG).display(LONG, "Diolch", "cy") == ["Diolch"]
    assert kind_of(LONG).to_form(LONG, "Diolch") == {"name": ["Diolch"]}
