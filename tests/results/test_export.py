"""The aggregate export, compared cell by cell with tables worked out by hand."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from survey import audit
from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.results import ExportError
from survey.results import aggregate
from survey.results import export as export_module
from survey.results.export import COLUMNS, write_export

from .conftest import AddResponses

# Twelve responses to the conformance survey. Worked by hand below, with min_cell 3.
R = [
    ("cy", {"area": "carmarthenshire", "seen-dealing": "yes", "times-seen": 2,
            "used-services": ["needle-exchange", "treatment"]}),
    ("cy", {"area": "carmarthenshire", "seen-dealing": "yes", "times-seen": 4, "used-services": ["needle-exchange"]}),
    ("en", {"area": "carmarthenshire", "seen-dealing": "yes", "times-seen": 6, "used-services": ["none"]}),
    ("en", {"area": "carmarthenshire", "seen-dealing": "no", "used-services": ["none"]}),
    ("en", {"area": "carmarthenshire", "seen-dealing": "no"}),
    ("cy", {"area": "powys", "seen-dealing": "yes", "times-seen": 10, "used-services": ["treatment"]}),
    ("en", {"area": "powys", "seen-dealing": "not-sure"}),
    ("en", {"area": "powys", "seen-dealing": "no"}),
    ("cy", {"area": "powys", "seen-dealing": "no"}),
    ("en", {"area": "ceredigion", "seen-dealing": "no"}),
    ("en", {"area": "ceredigion", "seen-dealing": "yes", "times-seen": 3}),
    ("cy", {"seen-dealing": "no", "comments": "Dim byd"}),
]


def read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture
def twelve(conformance: SurveyDefinition, add_responses: AddResponses) -> SurveyDefinition:
    add_responses(conformance, [{"answers": a, "language": lang} for lang, a in R])
    return conformance


def export(tmp_path: Path, **kwargs: Any) -> tuple[list[dict[str, str]], Path]:
    folder = write_export("conformance-check", min_cell=3, out_dir=tmp_path / "out", **kwargs)
    return read(folder / "aggregates.csv"), folder


def cells(rows: list[dict[str, str]], question: str, group: tuple[str, str] = ("", ""),
          row: str = "") -> list[tuple[str, str, str, str]]:
    return [(r["option_value"], r["count"], r["base"], r["percent"]) for r in rows
            if r["question_id"] == question and r["row_id"] == row
            and (r["breakdown_id"], r["breakdown_value"]) == group]


def test_overall_figures_match_the_hand_worked_table(twelve: SurveyDefinition, tmp_path: Path) -> None:
    rows, _ = export(tmp_path, lang="en")
    assert list(rows[0].keys()) == COLUMNS
    # area: 5 Carmarthenshire, 2 Ceredigion, 4 Powys of 11. Ceredigion (2) is under 3, and a lone
    # [c] would be 11 - 5 - 4; so the smallest other published count, Powys, goes too.
    assert cells(rows, "area") == [("carmarthenshire", "5", "11", "45.5"), ("ceredigion", "[c]", "11", "[c]"),
                                   ("pembrokeshire", "0", "11", "0.0"), ("powys", "[c]", "11", "[c]"),
                                   ("elsewhere", "0", "11", "0.0")]
    # seen-dealing: yes 5, no 6, not sure 1 of 12: not sure is hidden, then yes (5 < 6) with it.
    assert cells(rows, "seen-dealing") == [("yes", "[c]", "12", "[c]"), ("no", "6", "12", "50.0"),
                                           ("not-sure", "[c]", "12", "[c]")]
    # used-services (several choices, options need not add up): 5 answered; 2, 2, 0, 0, 2.
    assert cells(rows, "used-services") == [
        ("needle-exchange", "[c]", "5", "[c]"), ("treatment", "[c]", "5", "[c]"), ("peer-support", "0", "5", "0.0"),
        ("diversion", "0", "5", "0.0"), ("none", "[c]", "5", "[c]")]
    # times-seen: 2, 4, 6, 10, 3: mean 5, median 4.
    stats = [(r["option_value"], r["count"], r["value"]) for r in rows if r["question_id"] == "times-seen"]
    assert stats == [("mean", "5", "5.00"), ("median", "5", "4.00")]
    # nobody answered the grid: every base is 0 and no percentage is given
    grid = [r for r in rows if r["question_id"] == "feel-safe"]
    assert len(grid) == 2 * 5 and {(r["count"], r["base"], r["percent"]) for r in grid} == {("0", "0", "")}
    assert [r["row_id"] for r in grid[::5]] == ["daytime", "after-dark"]
    assert not [r for r in rows if r["question_id"] == "comments"]
    assert {r["breakdown_id"] for r in rows} == {""}


def test_breakdown_by_language_matches_the_hand_worked_table(twelve: SurveyDefinition, tmp_path: Path) -> None:
    rows, folder = export(tmp_path, lang="en", by=["language"])
    # Welsh: Carmarthenshire 2, Powys 2 of 4. English: Carmarthenshire 3, Powys 2, Ceredigion 2 of 7.
    # English Carmarthenshire (3) is big enough, but beside the hidden Welsh 2 it would give
    # 5 - 3 = 2; so it is hidden as well.
    assert cells(rows, "area", ("language", "cy")) == [
        ("carmarthenshire", "[c]", "4", "[c]"), ("ceredigion", "0", "4", "0.0"), ("pembrokeshire", "0", "4", "0.0"),
        ("powys", "[c]", "4", "[c]"), ("elsewhere", "0", "4", "0.0")]
    assert cells(rows, "area", ("language", "en")) == [
        ("carmarthenshire", "[c]", "7", "[c]"), ("ceredigion", "[c]", "7", "[c]"), ("pembrokeshire", "0", "7", "0.0"),
        ("powys", "[c]", "7", "[c]"), ("elsewhere", "0", "7", "0.0")]
    assert cells(rows, "area")[0] == ("carmarthenshire", "5", "11", "45.5")
    labels = {(r["breakdown_value"], r["breakdown"]) for r in rows if r["breakdown_id"] == "language"}
    assert labels == {("cy", "Welsh"), ("en", "English")}
    # the overall rows come first, then Welsh, then English, question by question
    area_groups = [r["breakdown_value"] for r in rows if r["question_id"] == "area"][::5]
    assert area_groups == ["", "cy", "en"]
    # the number question: 3 Welsh answers (2, 4, 10) and 2 English (6, 3). The English count is
    # hidden, so the Welsh one is too (5 - 3 = 2); 3 answers are enough for the Welsh statistics.
    stats = {(r["breakdown_value"], r["option_value"]): (r["count"], r["value"])
             for r in rows if r["question_id"] == "times-seen"}
    assert stats[("", "mean")] == ("5", "5.00")
    assert stats[("cy", "mean")] == ("[c]", "5.33") and stats[("cy", "median")] == ("[c]", "4.00")
    assert stats[("en", "mean")] == ("[c]", "[c]")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["responses"] == 12 and manifest["breakdowns"] == ["language"] and manifest["min_cell"] == 3


def test_breakdown_by_a_question_and_welsh_labels(twelve: SurveyDefinition, tmp_path: Path) -> None:
    rows, _ = export(tmp_path, lang="cy", by=["area"])
    area_question = twelve.question("area")
    assert {r["question"] for r in rows if r["question_id"] == "area"} == {area_question.text.cy}
    assert [r["option"] for r in rows if r["question_id"] == "area"][:5] == [o.label.cy for o in area_question.options]
    # seen-dealing by area. Carmarthenshire: yes 3, no 2 of 5 (no is hidden, then yes with it).
    assert cells(rows, "seen-dealing", ("area", "carmarthenshire")) == [
        ("yes", "[c]", "5", "[c]"), ("no", "[c]", "5", "[c]"), ("not-sure", "0", "5", "0.0")]
    # Ceredigion has 2 respondents: its base is hidden, and so is every count in it.
    assert cells(rows, "seen-dealing", ("area", "ceredigion")) == [
        ("yes", "[c]", "[c]", "[c]"), ("no", "[c]", "[c]", "[c]"), ("not-sure", "[c]", "[c]", "[c]")]
    assert {r["breakdown"] for r in rows if r["breakdown_value"] == "pembrokeshire"} <= {"Sir Benfro"}
    stats = [r for r in rows if r["question_id"] == "times-seen" and r["breakdown_id"] == ""]
    assert [r["option"] for r in stats] == ["Cymedr", "Canolrif"]


def test_codebook_and_manifest(twelve: SurveyDefinition, tmp_path: Path) -> None:
    _, folder = export(tmp_path)
    book = read(folder / "codebook.csv")
    area = [r for r in book if r["question_id"] == "area"]
    assert [(r["option_value"], r["option_cy"], r["option_en"]) for r in area][1] == (
        "ceredigion", "Ceredigion", "Ceredigion")
    assert area[0]["breakdown"] == "yes"
    assert len([r for r in book if r["question_id"] == "feel-safe"]) == 10
    assert [r["type"] for r in book if r["question_id"] == "comments"] == ["text"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name in ("aggregates.csv", "codebook.csv"):
        assert manifest["files"][name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    assert manifest["definition_hash"] and manifest["survey_id"] == "conformance-check"


def test_no_cell_would_run_as_a_formula(make_survey: Any, add_responses: AddResponses, tmp_path: Path) -> None:
    def evil(raw: dict[str, Any]) -> None:
        raw["pages"][0]["questions"][0]["options"][0]["label"] = {"cy": "=1+1", "en": "@SUM(A1)"}
    definition = make_survey(evil)
    add_responses(definition, [{"answers": {"area": "carmarthenshire"}}] * 3)
    for lang, label in (("cy", "'=1+1"), ("en", "'@SUM(A1)")):
        rows, _ = export(tmp_path / lang, lang=lang)
        assert rows[0]["option"] == label
    book = read(next((tmp_path / "en").rglob("codebook.csv")))
    assert book[0]["option_cy"] == "'=1+1"


def test_an_empty_survey_exports_zeros(conformance: SurveyDefinition, tmp_path: Path) -> None:
    rows, folder = export(tmp_path, by=["month"])
    assert rows and {r["count"] for r in rows if r["question_id"] != "times-seen"} == {"0"}
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["responses"] == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"by": ["comments"]}, "cannot break down by 'comments'"),
    ({"by": ["seen-dealing"]}, "cannot break down by 'seen-dealing'"),
    ({"min_cell": 2}, "at least 3"),
    ({"lang": "fr"}, "cy or en"),
])
def test_refuses_what_it_cannot_do(conformance: SurveyDefinition, tmp_path: Path, kwargs: dict[str, Any],
                                   message: str) -> None:
    with pytest.raises(ExportError, match=message):
        write_export("conformance-check", out_dir=tmp_path, **kwargs)


def test_breakdowns_by_channel_site_and_month(conformance: SurveyDefinition, add_responses: AddResponses,
                                              tmp_path: Path) -> None:
    from datetime import date
    add_responses(conformance, [
        {"answers": {"area": "powys"}, "channel": "kiosk", "site": "Y Drenewydd", "submitted_on": date(2026, 12, 1)},
        {"answers": {"area": "powys"}, "channel": "public", "submitted_on": date(2027, 1, 5)},
        {"answers": {"area": "powys"}, "channel": "public", "submitted_on": date(2026, 12, 9)}])
    rows, _ = export(tmp_path, lang="cy", by=["channel", "site", "month"])
    groups = [(r["breakdown_id"], r["breakdown_value"], r["breakdown"], r["base"])
              for r in rows if r["question_id"] == "area" and r["option_value"] == "powys"]
    assert groups == [("", "", "", "3"), ("channel", "public", "Dolen gyhoeddus", "[c]"),
                      ("channel", "kiosk", "Ciosg", "[c]"), ("site", "Y Drenewydd", "Y Drenewydd", "[c]"),
                      ("month", "2026-12", "Rhagfyr 2026", "[c]"), ("month", "2027-01", "Ionawr 2027", "[c]")]


def test_an_export_is_made_while_respondents_send_answers(app: Flask, twelve: SurveyDefinition,
                                                          add_responses: AddResponses, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone sends answers between the export's counting and its audit record: both are kept.

    (On SQLite a transaction left open by the counting would make the audit record fail.)
    """
    real = export_module.aggregates

    def someone_sends_meanwhile(*args: Any, **kwargs: Any) -> Any:
        with app.app_context():  # another request: a session and a connection of its own
            add_responses(twelve, [{"answers": {"area": "ceredigion", "seen-dealing": "no"}, "language": "cy"}])
        return real(*args, **kwargs)

    monkeypatch.setattr(export_module, "aggregates", someone_sends_meanwhile)
    db.session.commit()
    rows, _ = export(tmp_path, by=["language", "area"])
    assert audit.count(audit.Action.EXPORT_MADE) == 1
    assert cells(rows, "area")[0][2] == "11"  # the figures were counted before the thirteenth response came


def test_answers_in_a_group_that_came_while_counting_count_overall(app: Flask, twelve: SurveyDefinition,
                                                                    add_responses: AddResponses, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A response in a new group arrives after the export read the groups, before it counted:
    it is in the overall figures, and in no breakdown (its group has no values there yet)."""
    real = aggregate._group_values

    def someone_sends_meanwhile(*args: Any, **kwargs: Any) -> Any:
        groups = real(*args, **kwargs)
        with app.app_context():
            add_responses(twelve, [{"answers": {"area": "ceredigion", "seen-dealing": "no"}, "language": "cy"}])
        return groups

    monkeypatch.setattr(aggregate, "_group_values", someone_sends_meanwhile)
    db.session.commit()
    rows, _ = export(tmp_path, by=["language"])
    assert cells(rows, "seen-dealing")[0][2] == "13"
    assert cells(rows, "seen-dealing", ("language", "cy"))[0][2] == "5"
    assert cells(rows, "seen-dealing", ("language", "en"))[0][2] == "7"


def test_the_first_answers_arriving_while_counting_count_overall(app: Flask, conformance: SurveyDefinition,
                                                                 add_responses: AddResponses, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """No response group yet when the export reads them, the first responses just after: they count overall."""
    real = aggregate._group_values

    def three_send_meanwhile(*args: Any, **kwargs: Any) -> Any:
        groups = real(*args, **kwargs)
        with app.app_context():
            add_responses(conformance, [{"answers": {"seen-dealing": "no"}, "language": "cy"}] * 3)
        return groups

    monkeypatch.setattr(aggregate, "_group_values", three_send_meanwhile)
    db.session.commit()
    rows, _ = export(tmp_path, by=["language"])
    assert cells(rows, "seen-dealing")[1] == ("no", "3", "3", "100.0")
    assert not [r for r in rows if r["breakdown_id"]]
