"""Export files: no cell a spreadsheet would run, whatever form its first character takes."""
from __future__ import annotations

import pytest

from survey.results.files import defuse


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1",
                                  "＝HYPERLINK(\"https://evil.example\")",   # full-width equals (issue 15.14)
                                  "＋1+1", "－1+1", "＠SUM(A1)", "﹦1+1"])     # full-width and small forms
def test_formulas_are_defused_in_any_normal_form(cell: str) -> None:
    assert defuse(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["12", "-3", "4.5", "-0.25", "Mwy o olau", "ŵ ŷ â", "", "[c]", "1+1"])
def test_numbers_and_text_stay_as_they_are(cell: str) -> None:
    assert defuse(cell) == cell


def test_full_width_digits_are_not_taken_for_a_number() -> None:
    assert defuse("－１") == "'－１"
