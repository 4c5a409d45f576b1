"""Retention: a purge forgets unused response groups, and never one a response is taking up."""
from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from survey import responses
from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, ResponseGroup, utcnow
from survey.responses import Provenance, add_response
from survey.results.retention import purge

from .conftest import AddResponses

CEREDIGION = {"area": "ceredigion", "seen-dealing": "yes"}


def _groups() -> set[int]:
    return set(db.session.scalars(sa.select(ResponseGroup.id)))


def test_a_purge_forgets_the_groups_no_answer_names(app: Any, conformance: SurveyDefinition,
                                                    add_responses: AddResponses) -> None:
    today = utcnow().date()
    add_responses(conformance, [{"answers": CEREDIGION, "submitted_on": today - timedelta(days=800)},
                                {"answers": {"area": "powys"}, "submitted_on": today - timedelta(days=800)},
                                {"answers": {"area": "powys"}, "submitted_on": today}])
    assert len(_groups()) == 2
    purge(today)
    assert _groups() == set(db.session.scalars(sa.select(Answer.group_id))) and len(_groups()) == 1


def _waits_for_a_lock(backend: int) -> bool:
    with db.engine.connect() as connection:
        return bool(connection.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid "
                                              "AND wait_event_type = 'Lock'"), dict(pid=backend)))


@pytest.mark.postgresql_only  # SQLite lets one writer in at a time: a purge cannot come in between
def test_a_purge_leaves_the_group_a_response_being_sent_has_taken_up(app: Any, conformance: SurveyDefinition,
                                                                     add_responses: AddResponses,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A response being sent has found its group, the only other user of which is old enough to be
    purged. The purge waits for the response, then leaves the group; the response is stored."""
    today = utcnow().date()
    add_responses(conformance, [{"answers": CEREDIGION, "submitted_on": today - timedelta(days=800)}])
    (group,) = _groups()
    found, go_on = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    purging: list[int] = []   # the purge's database connection

    def group_found_then_wait(survey_id: str, group: Any) -> int:
        group_id = find_group(survey_id, group)
        found.set()
        go_on.wait(timeout=30)  # the purge runs now
        return group_id

    def send() -> None:
        with app.app_context():
            try:
                add_response(conformance, CEREDIGION, Provenance("en", "public"), today)
                db.session.commit()
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()

    def purge_now() -> None:
        with app.app_context():
            try:
                purging.append(db.session.scalar(sa.text("SELECT pg_backend_pid()")))
                purge(today)
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()

    find_group = responses.group_id_of
    monkeypatch.setattr(responses, "group_id_of", group_found_then_wait)
    sender, purger = threading.Thread(target=send), threading.Thread(target=purge_now)
    sender.start()
    assert found.wait(timeout=30)
    purger.start()
    waited = time.monotonic()
    while purger.is_alive() and not (purging and _waits_for_a_lock(purging[0])) and time.monotonic() - waited < 10:
        time.sleep(0.05)
    go_on.set()
    sender.join(timeout=30)
    purger.join(timeout=30)
    assert errors == []
    db.session.remove()
    assert _groups() == {group} == set(db.session.scalars(sa.select(Answer.group_id)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 2  # the new response's two


def test_a_purge_withdraws_the_releases_it_took_responses_from(app: Any, conformance: SurveyDefinition,
                                                               add_responses: AddResponses, tmp_path: Any) -> None:
    """A release once published must not change: one that lost responses to a purge can no longer
    be exported (its figures would differ), and the next needs enough new responses as ever."""
    from survey.results import ExportError
    from survey.results.export import write_export
    from survey.results.releases import NotEnough, cut_release, releases_of
    today = utcnow().date()
    old, recent = today - timedelta(days=800), today - timedelta(days=10)
    add_responses(conformance, [{"answers": CEREDIGION, "submitted_on": old}] * 20)
    cut_release(conformance.id, old + timedelta(days=1))
    add_responses(conformance, [{"answers": CEREDIGION, "submitted_on": recent}] * 20)
    cut_release(conformance.id, recent + timedelta(days=1))
    purge(today)
    assert [(r.number, r.withdrawn_on) for r in releases_of(conformance.id)] == [(2, today), (1, today)]
    with pytest.raises(ExportError, match="withdrawn"):
        write_export(conformance.id, out_dir=tmp_path / "x", release=2)
    with pytest.raises(ExportError, match="release 2 of conformance-check was withdrawn"):
        write_export(conformance.id, out_dir=tmp_path / "x")  # the latest: withdrawn
    with pytest.raises(NotEnough):
        cut_release(conformance.id, today)
    add_responses(conformance, [{"answers": CEREDIGION, "submitted_on": today}] * 20)
    assert cut_release(conformance.id, today).number == 3
    assert write_export(conformance.id, out_dir=tmp_path / "y").name == "y"
