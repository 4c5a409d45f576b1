"""Fixtures for the results tests: storing known responses quickly."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

import pytest
import sqlalchemy as sa

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Release, Response, TextAnswer
from survey.responses import Provenance, add_response

AddResponses = Callable[[SurveyDefinition, list[dict[str, Any]]], None]


def store(definition: SurveyDefinition, responses: list[dict[str, Any]]) -> None:
    """Store responses given as {"answers", "language", "channel", "site", "submitted_on"}."""
    for r in responses:
        add_response(definition, r["answers"],
                     Provenance(language=r.get("language", "en"), channel=r.get("channel", "public"),
                                site=r.get("site")),
                     r.get("submitted_on", date(2026, 12, 3)))
    db.session.commit()


def clear_responses() -> None:
    for table in (Answer, TextAnswer, Response, Release):
        db.session.execute(sa.delete(table))
    db.session.commit()


@pytest.fixture
def add_responses(app: Any) -> AddResponses:
    return store


def release_now(definition: SurveyDefinition, today: date = date(2026, 12, 20)) -> int:
    """Cut the survey's next release (as `survey release` does) and return its number."""
    from survey.results.releases import cut_release
    return cut_release(definition.id, today, "tester@example.org").number


def generated(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """n plausible responses to the conformance survey, the same for the same seed."""
    import random
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        answers: dict[str, Any] = {"seen-dealing": rnd.choice(["yes", "yes", "no", "no", "not-sure"])}
        if rnd.random() < 0.9:
            answers["area"] = rnd.choice(["carmarthenshire", "carmarthenshire", "powys", "ceredigion"])
        if answers["seen-dealing"] == "yes" and rnd.random() < 0.8:
            answers["times-seen"] = rnd.randint(1, 30)
        answers["used-services"] = rnd.sample(["needle-exchange", "treatment", "peer-support"], rnd.randint(1, 2))
        answers["feel-safe"] = {"daytime": rnd.randint(3, 5), "after-dark": rnd.randint(1, 3)}
        out.append({"answers": answers, "language": rnd.choice(["cy", "en"]),
                    "channel": rnd.choice(["public", "kiosk"]), "submitted_on": date(2026, 12, rnd.randint(1, 9))})
    for r in out:
        if r["channel"] == "kiosk":
            r["site"] = rnd.choice(["Aberystwyth", "Aberystwyth", "Y Drenewydd", "Tregaron"])
    return out
