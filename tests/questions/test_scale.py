"""Scales, alone and as grids: every rule, its message in English and Welsh, and where it points."""
from __future__ import annotations

from typing import Any

import pytest

from survey.questions import kind_of
from survey.questions.base import StoredAnswer
from tests.questions.conftest import NO_PROBLEMS, expect, messages, options, question, rows

POINTS = options(("1", "Very unsafe", "Anniogel iawn"), ("2", "Fairly unsafe", "Eithaf anniogel"),
                 ("3", "Neither", "Y naill na'r llall"), ("4", "Fairly safe", "Eithaf diogel"),
                 ("5", "Very safe", "Diogel iawn"))
GRID_ROWS = rows(("daytime", "During the day", "Yn ystod y dydd"), ("after-dark", "After dark", "Ar ôl iddi dywyllu"))

SAFE = question("safe", "scale", scale=POINTS)
SAFE_REQUIRED = question("safe", "scale", scale=POINTS, required=True)
GRID = question("feel", "scale", scale=POINTS, rows=GRID_ROWS)
GRID_REQUIRED = question("feel", "scale", scale=POINTS, rows=GRID_ROWS, required=True)

SHOWN = ("Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")
SAFE_SHOWN = expect("q-safe", *SHOWN)
DAY_SHOWN = expect("q-feel-daytime", *SHOWN)
DARK_SHOWN = expect("q-feel-after-dark", *SHOWN)
DAY_MISSING = ("q-feel-daytime", "Select an answer for ‘During the day’", "Dewiswch ateb ar gyfer ‘Yn ystod y dydd’")
DARK_MISSING = ("q-feel-after-dark", "Select an answer for ‘After dark’", "Dewiswch ateb ar gyfer ‘Ar ôl iddi dywyllu’")


def both_rows_missing() -> dict[str, list[tuple[str, str]]]:
    return {"en": [DAY_MISSING[:2], DARK_MISSING[:2]],
            "cy": [(DAY_MISSING[0], DAY_MISSING[2]), (DARK_MISSING[0], DARK_MISSING[2])]}


@pytest.mark.parametrize("q, form, value, problems", [
    (SAFE, {"safe": "1"}, 1, NO_PROBLEMS),
    (SAFE, {"safe": "5"}, 5, NO_PROBLEMS),
    (SAFE, {"safe": " 3 "}, 3, NO_PROBLEMS),
    (SAFE, {}, None, NO_PROBLEMS),
    (SAFE, {"safe": ""}, None, NO_PROBLEMS),
    (SAFE_REQUIRED, {}, None, expect("q-safe", "Select an answer", "Dewiswch ateb")),
    (SAFE, {"safe": "6"}, 6, SAFE_SHOWN),              # above the scale
    (SAFE, {"safe": "0"}, 0, SAFE_SHOWN),              # below the scale
    (SAFE, {"safe": "-1"}, -1, SAFE_SHOWN),
    (SAFE, {"safe": "2.5"}, None, SAFE_SHOWN),         # not a whole number
    (SAFE, {"safe": "very"}, None, SAFE_SHOWN),
    (SAFE, {"safe": "+3"}, None, SAFE_SHOWN),
    (SAFE, {"safe": "--3"}, None, SAFE_SHOWN),         # once crashed the page
    (SAFE, {"safe": "²"}, None, SAFE_SHOWN),           # a digit to str.isdigit, not to int()
    (SAFE_REQUIRED, {"safe": "1e1"}, None, SAFE_SHOWN),
], ids=["lowest", "highest", "spaces", "skipped", "empty", "required", "above", "zero", "negative", "decimal",
        "word", "plus", "double-minus", "superscript", "exponent"])
def test_scale_from_the_form(from_form: Any, q: Any, form: dict[str, Any], value: Any,
                             problems: dict[str, Any]) -> None:
    outcome = from_form(q, form)
    assert outcome["en"][0] == outcome["cy"][0] == value
    assert messages(outcome) == problems


@pytest.mark.parametrize("q, form, value, problems", [
    (GRID, {"feel__daytime": "4", "feel__after-dark": "2"}, {"daytime": 4, "after-dark": 2}, NO_PROBLEMS),
    (GRID, {"feel__after-dark": "1"}, {"after-dark": 1}, NO_PROBLEMS),   # optional rows may be skipped
    (GRID, {}, None, NO_PROBLEMS),
    (GRID, {"feel": "3"}, None, NO_PROBLEMS),                            # a grid has no field of its own
    (GRID_REQUIRED, {"feel__daytime": "4"}, {"daytime": 4},
     {"en": [DARK_MISSING[:2]], "cy": [(DARK_MISSING[0], DARK_MISSING[2])]}),
    (GRID_REQUIRED, {}, None, None),                                      # every row named, each at its row
    (GRID, {"feel__daytime": "9", "feel__after-dark": "2"}, {"daytime": 9, "after-dark": 2}, DAY_SHOWN),
    (GRID, {"feel__daytime": "2", "feel__after-dark": "9"}, {"daytime": 2, "after-dark": 9}, DARK_SHOWN),
    (GRID, {"feel__daytime": "2", "feel__after-dark": "lots"}, None, DARK_SHOWN),
    (GRID_REQUIRED, {"feel__daytime": "0"}, {"daytime": 0}, DAY_SHOWN),  # out of range said before missing rows
], ids=["both-rows", "one-row", "skipped", "no-own-field", "required-row-missing", "required-all-missing",
        "first-row-out-of-range", "second-row-out-of-range", "second-row-unreadable", "out-of-range-first"])
def test_grid_from_the_form(from_form: Any, q: Any, form: dict[str, Any], value: Any,
                            problems: dict[str, Any] | None) -> None:
    outcome = from_form(q, form)
    assert outcome["en"][0] == outcome["cy"][0] == value
    assert messages(outcome) == (problems or both_rows_missing())


@pytest.mark.parametrize("q, raw, value, problems", [
    (SAFE, 4, 4, NO_PROBLEMS),
    (SAFE, None, None, NO_PROBLEMS),
    (SAFE_REQUIRED, None, None, expect("q-safe", "Select an answer", "Dewiswch ateb")),
    (SAFE, 7, 7, SAFE_SHOWN),
    (SAFE, "4", None, SAFE_SHOWN),          # a scale without rows takes a bare number
    (SAFE, 4.0, None, SAFE_SHOWN),
    (SAFE, True, None, SAFE_SHOWN),
    (SAFE, {"daytime": 4}, None, SAFE_SHOWN),
    (GRID, {"daytime": 4, "after-dark": 1}, {"daytime": 4, "after-dark": 1}, NO_PROBLEMS),
    (GRID, {"daytime": 4}, {"daytime": 4}, NO_PROBLEMS),
    (GRID, {}, None, NO_PROBLEMS),
    (GRID, 4, None, expect("q-feel", *SHOWN)),                   # a grid needs its rows
    (GRID, {"daytime": 4, "night": 2}, {"daytime": 4, "night": 2}, DAY_SHOWN),  # no such row
    (GRID, {"daytime": 4, "after-dark": 6}, {"daytime": 4, "after-dark": 6}, DARK_SHOWN),
    (GRID, {"daytime": "lots"}, None, expect("q-feel", *SHOWN)),
    (GRID_REQUIRED, {"daytime": 4}, {"daytime": 4},
     {"en": [DARK_MISSING[:2]], "cy": [(DARK_MISSING[0], DARK_MISSING[2])]}),
], ids=["bare", "skipped", "required", "out-of-range", "string", "float", "boolean", "rows-without-grid",
        "grid", "grid-one-row", "grid-empty", "grid-bare-number", "grid-unknown-row", "grid-out-of-range",
        "grid-word", "grid-required-row"])
def test_scales_from_an_import_line(from_json: Any, q: Any, raw: Any, value: Any,
                                    problems: dict[str, Any]) -> None:
    outcome = from_json(q, raw)
    assert outcome["en"][0] == value
    assert messages(outcome) == problems


def test_one_row_per_grid_row_is_stored(babel_app: Any) -> None:
    assert kind_of(GRID).stored(GRID, {"after-dark": 2, "daytime": 5}) == [
        StoredAnswer(row_id="daytime", value="5"), StoredAnswer(row_id="after-dark", value="2")]
    assert kind_of(SAFE).stored(SAFE, 3) == [StoredAnswer(value="3")]


def test_scales_shown_back(babel_app: Any) -> None:
    assert kind_of(GRID).display(GRID, {"daytime": 5, "after-dark": 1}, "cy") == [
        "Yn ystod y dydd: Diogel iawn", "Ar ôl iddi dywyllu: Anniogel iawn"]
    assert kind_of(SAFE).display(SAFE, 2, "en") == ["Fairly unsafe"]
    assert kind_of(GRID).to_form(GRID, {"after-dark": 1}) == {"feel__after-dark": ["1"]}
    assert kind_of(GRID).form_fields(GRID) == ["feel__daytime", "feel__after-dark"]
    assert kind_of(SAFE).to_form(SAFE, 4) == {"safe": ["4"]}
