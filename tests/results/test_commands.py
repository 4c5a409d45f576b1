"""The export and purge commands."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Draft, Response, ResponseGroup, TextAnswer, utcnow

from .conftest import AddResponses


def test_export_writes_a_new_folder_under_exports_and_prints_it(runner: Any, conformance: SurveyDefinition,
                                                                app: Any) -> None:
    first = runner.invoke(args=["export", "conformance-check", "--by", "area", "--lang", "en"])
    second = runner.invoke(args=["export", "conformance-check"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    folders = [Path(first.output.strip()), Path(second.output.strip())]
    assert folders[0] != folders[1]
    for folder in folders:
        assert folder.parent == Path(app.config["EXPORT_DIR"]) / "conformance-check"
        assert sorted(p.name for p in folder.iterdir()) == ["aggregates.csv", "codebook.csv", "manifest.json"]


def test_export_refuses_clearly(runner: Any, conformance: SurveyDefinition, tmp_path: Path) -> None:
    for args, message in ((["--by", "comments"], "cannot break down by 'comments'"),
                          (["--min-cell", "2"], "at least 3")):
        result = runner.invoke(args=["export", "conformance-check", "--out", str(tmp_path / "out"), *args])
        assert result.exit_code == 1 and message in result.output
        assert not (tmp_path / "out").exists()
    result = runner.invoke(args=["export", "no-such-survey"])
    assert result.exit_code == 1 and "no survey 'no-such-survey'" in result.output


def test_export_comments_command(runner: Any, conformance: SurveyDefinition, tmp_path: Path) -> None:
    result = runner.invoke(args=["export-comments", "conformance-check", "--out", str(tmp_path / "c")])
    assert result.exit_code == 0
    assert (Path(result.output.strip()) / "comments.csv").exists()


def test_purge_deletes_what_is_older_than_the_survey_keeps(runner: Any, conformance: SurveyDefinition,
                                                           add_responses: AddResponses) -> None:
    today = utcnow().date()
    old, kept = today - timedelta(days=731), today - timedelta(days=729)
    add_responses(conformance, [
        {"answers": {"area": "powys", "comments": "old"}, "submitted_on": old},
        {"answers": {"area": "powys", "comments": "kept"}, "submitted_on": kept},
        {"answers": {"area": "ceredigion"}, "submitted_on": old}])
    db.session.add_all([Draft(survey_id="conformance-check", channel="public",
                              updated_at=utcnow() - timedelta(days=2)),
                        Draft(survey_id="conformance-check", channel="public")])
    db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "conformance-check: deleted 2 responses and 1 comments" in result.output
    assert "deleted 1 abandoned partial answers" in result.output
    assert db.session.scalars(sa.select(Response.submitted_on)).all() == [kept]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 1
    # No trace of the deleted responses' groups (such as Ceredigion two years ago) is left.
    assert set(db.session.scalars(sa.select(ResponseGroup.id))) == set(db.session.scalars(sa.select(Answer.group_id)))
    assert db.session.scalars(sa.select(TextAnswer.body)).all() == ["kept"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 1
    assert date.today() >= kept
