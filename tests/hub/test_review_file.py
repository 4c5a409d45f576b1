"""Review files: told from surveys by `kind: review`, checked with path-named problems, loaded by `survey load`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from jsonschema import Draft202012Validator

from survey.definition.loader import DefinitionError
from survey.extensions import db
from survey.hub.models import ProgressUpdate, Recommendation, Review
from survey.hub.review_file import is_review, parse_review, review_schema
from tests.hub.conftest import EXAMPLES, REVIEW_FILE, REVIEW_ID, review_raw


def problems(raw: Any) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_review(raw, "review.yaml")
    return caught.value.lines()


def test_the_schema_is_valid_json_schema_and_the_example_passes_it() -> None:
    Draft202012Validator.check_schema(review_schema())
    review = parse_review(review_raw())
    assert review.id == REVIEW_ID
    assert [s.survey_id for s in review.surveys] == ["drugs-in-our-communities", "service-user-voice"]
    assert review.recommendations[0].updates[0].day.isoformat() == "2026-10-05"


def test_a_review_is_told_from_a_survey_by_its_kind() -> None:
    assert is_review(review_raw())
    survey = yaml.safe_load((EXAMPLES / "drugs-in-our-communities.yaml").read_text(encoding="utf-8"))
    assert not is_review(survey)


def test_problems_name_the_path_inside_the_file() -> None:
    raw = review_raw()
    del raw["title"]["cy"]
    raw["recommendations"][1]["response"] = "maybe"
    raw["recommendations"][0]["updates"][1]["date"] = "16/11/2026"
    found = problems(raw)
    assert any(line.startswith("review.yaml: title: 'cy' is a required property") for line in found), found
    assert any(line.startswith("review.yaml: recommendations[1].response: 'maybe' is not one of") for line in found)
    assert any(line.startswith("review.yaml: recommendations[0].updates[1].date:") for line in found)


def test_ids_given_twice_and_dates_that_do_not_exist_are_refused() -> None:
    raw = review_raw()
    raw["recommendations"][2]["id"] = raw["recommendations"][0]["id"]
    raw["surveys"].append(dict(raw["surveys"][0]))
    raw["recommendations"][0]["updates"][0]["date"] = "2026-02-30"
    found = problems(raw)
    assert "review.yaml: surveys[2].id: the survey 'drugs-in-our-communities' is listed twice" in found
    assert "review.yaml: recommendations[2].id: the recommendation id 'report-without-a-name' is used twice" in found
    assert "review.yaml: recommendations[0].updates[0].date: '2026-02-30' is not a date that exists" in found


def _run(runner: Any, *args: str) -> Result:
    return runner.invoke(args=list(args))


def test_survey_load_takes_surveys_and_reviews_together(runner: Any, tmp_path: Path) -> None:
    # the review first on the command line: the surveys it names are still stored before it
    result = _run(runner, "load", str(REVIEW_FILE), str(EXAMPLES / "drugs-in-our-communities.yaml"),
                  str(EXAMPLES / "service-user-voice.yaml"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "drugs-in-our-communities: loaded (draft)", "service-user-voice: loaded (draft)",
        f"{REVIEW_ID}: review loaded (draft, 3 progress update(s) added)"]
    review = db.session.get(Review, REVIEW_ID)
    assert review.title_cy == "Cyffuriau anghyfreithlon yn ein cymunedau"
    assert [r.key for r in review.recommendations] == ["report-without-a-name", "shorter-waits", "ask-again"]


def test_loading_a_review_again_keeps_its_history_and_adds_new_updates(runner: Any, tmp_path: Path) -> None:
    _run(runner, "load", str(EXAMPLES / "drugs-in-our-communities.yaml"), str(EXAMPLES / "service-user-voice.yaml"),
         str(REVIEW_FILE))
    raw = review_raw()
    raw["recommendations"][1]["updates"] = [{"date": "2026-12-01", "status": "in_progress",
                                             "text": {"cy": "Mae gwaith wedi dechrau.", "en": "Work has started."}}]
    del raw["recommendations"][0]["updates"][0]  # left out of the file: still kept
    changed = tmp_path / "review.yaml"
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = _run(runner, "load", str(changed))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{REVIEW_ID}: review updated (draft, 1 progress update(s) added)"
    db.session.expire_all()
    assert db.session.query(ProgressUpdate).count() == 4


def test_a_recommendation_with_updates_cannot_be_left_out(runner: Any, tmp_path: Path) -> None:
    _run(runner, "load", str(EXAMPLES / "drugs-in-our-communities.yaml"), str(EXAMPLES / "service-user-voice.yaml"),
         str(REVIEW_FILE))
    raw = review_raw()
    raw["recommendations"] = raw["recommendations"][1:]
    changed = tmp_path / "review.yaml"
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = _run(runner, "load", str(changed))
    assert result.exit_code == 1
    assert "'report-without-a-name' has progress updates" in result.output
    db.session.expire_all()
    assert db.session.query(Recommendation).count() == 3


def test_a_review_of_surveys_not_loaded_is_refused(runner: Any) -> None:
    result = _run(runner, "load", str(REVIEW_FILE))
    assert result.exit_code == 1
    assert "load these surveys first: drugs-in-our-communities, service-user-voice" in result.output
    assert db.session.get(Review, REVIEW_ID) is None


def test_survey_check_checks_review_files_too(runner: Any, tmp_path: Path) -> None:
    assert _run(runner, "check", str(REVIEW_FILE)).output.strip() == f"{REVIEW_FILE}: {REVIEW_ID} is valid"
    broken = tmp_path / "broken.yaml"
    raw = review_raw()
    raw["topic"]["id"] = "Drugs!"
    broken.write_text(json.dumps(raw, default=str), encoding="utf-8")
    result = _run(runner, "check", str(broken))
    assert result.exit_code == 1
    assert f"{broken}: topic.id: 'Drugs!' does not match" in result.output


def test_survey_files_still_load_exactly_as_before(runner: Any) -> None:
    result = _run(runner, "load", "--open", str(EXAMPLES / "drugs-in-our-communities.yaml"))
    assert result.output.strip() == "drugs-in-our-communities: loaded (open)"
    broken = _run(runner, "check", str(EXAMPLES / "nonexistent.yaml"))
    assert broken.exit_code == 1 and "there is no such file" in broken.output
