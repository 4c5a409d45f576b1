"""The release, export and purge commands."""
from __future__ import annotations

import getpass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from survey import audit
from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Draft, Release, Response, ResponseGroup, Survey, TextAnswer, utcnow

from .conftest import AddResponses, generated, release_now


def test_release_then_export_writes_a_folder_named_after_the_release(runner: Any, conformance: SurveyDefinition,
                                                                     add_responses: AddResponses, app: Any) -> None:
    add_responses(conformance, generated(19))
    refused = runner.invoke(args=["release", "conformance-check"])
    assert refused.exit_code == 1 and "19 new responses" in refused.output and "so 1 more" in refused.output
    nothing = runner.invoke(args=["export", "conformance-check"])
    assert nothing.exit_code == 1 and "survey release conformance-check" in nothing.output
    add_responses(conformance, generated(1, seed=3))
    cut = runner.invoke(args=["release", "conformance-check", "--as", "analyst@example.org"])
    assert cut.exit_code == 0 and "release 1 (20 responses, 20 new)" in cut.output, cut.output
    first = runner.invoke(args=["export", "conformance-check", "--by", "area", "--lang", "en"])
    second = runner.invoke(args=["export", "conformance-check", "--release", "1"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    folders = [Path(first.stdout.strip()), Path(second.stdout.strip())]
    assert "conformance-check: release 1, cut on " in first.stderr
    assert [f.name for f in folders] == ["release-1-en-by-area-min10", "release-1-cy-min10"]
    for folder in folders:
        assert folder.parent == Path(app.config["EXPORT_DIR"]) / "conformance-check"
        assert sorted(p.name for p in folder.iterdir()) == ["aggregates.csv", "codebook.csv", "manifest.json"]
    events = {(e.action, e.actor) for e in audit.recent(10)}
    assert ("release_cut", "analyst@example.org") in events
    assert ("export_made", f"os:{getpass.getuser()}") in events  # no --as: the operating-system user


def test_release_due_cuts_where_a_week_has_passed_and_enough_came(runner: Any, make_survey: Any,
                                                                 add_responses: AddResponses) -> None:
    busy = make_survey()
    quiet = make_survey(lambda raw: raw.update(id="quiet"))
    add_responses(busy, generated(25))
    add_responses(quiet, generated(3))
    result = runner.invoke(args=["release", "--due"])
    assert result.exit_code == 0
    assert "conformance-check: release 1 (25 responses)" in result.output
    assert "quiet: 3 new responses since the last release; a release needs 20, so 17 more" in result.output
    add_responses(busy, generated(25, seed=2))
    again = runner.invoke(args=["release", "--due"])
    assert "conformance-check" not in again.output  # its last release is not a week old


def test_release_due_closes_a_survey_past_its_closing_time_with_its_final_release(
        runner: Any, make_survey: Any, add_responses: AddResponses) -> None:
    definition = make_survey()
    add_responses(definition, generated(22))
    db.session.execute(sa.update(Survey).values(closes_at=utcnow() - timedelta(days=1)))
    db.session.commit()
    result = runner.invoke(args=["release", "--due"])
    assert result.exit_code == 0 and "conformance-check: release 1 (22 responses)" in result.output
    release = db.session.scalar(sa.select(Release))
    assert release.final and db.session.get(Survey, "conformance-check").status == "closed"


def test_closing_cuts_the_final_release(runner: Any, conformance: SurveyDefinition,
                                        add_responses: AddResponses) -> None:
    add_responses(conformance, generated(30))
    result = runner.invoke(args=["close", "conformance-check"])
    assert result.exit_code == 0
    assert "final release 1 (30 responses)" in result.output
    assert db.session.scalar(sa.select(Release.final)) is True


def test_export_refuses_clearly(runner: Any, conformance: SurveyDefinition, add_responses: AddResponses,
                                tmp_path: Path) -> None:
    add_responses(conformance, generated(20))
    release_now(conformance)
    for args, message in ((["--by", "comments"], "cannot break down by 'comments'"),
                          (["--min-cell", "9"], "never lower it")):
        result = runner.invoke(args=["export", "conformance-check", "--out", str(tmp_path / "out"), *args])
        assert result.exit_code == 1 and message in result.output
        assert not (tmp_path / "out").exists()
    result = runner.invoke(args=["export", "no-such-survey"])
    assert result.exit_code == 1 and "no survey 'no-such-survey'" in result.output


def test_export_comments_command(runner: Any, conformance: SurveyDefinition, add_responses: AddResponses,
                                 tmp_path: Path) -> None:
    add_responses(conformance, [{"answers": {"comments": f"sylw {i}"}} for i in range(20)])
    release_now(conformance)
    result = runner.invoke(args=["export-comments", "conformance-check", "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert (Path(result.output.strip()) / "comments.csv").exists()


def test_purge_deletes_what_is_older_than_the_survey_keeps(runner: Any, conformance: SurveyDefinition,
                                                           add_responses: AddResponses) -> None:
    today = utcnow().date()
    old, kept = today - timedelta(days=800), today - timedelta(days=700)  # comments keep their month only
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
