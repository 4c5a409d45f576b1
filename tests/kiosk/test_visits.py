"""Nothing of one person reaches the next: reset, the start screen, idle drafts and keep-alive."""
from __future__ import annotations

from datetime import timedelta
from typing import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey.extensions import db
from survey.kiosk.links import KioskLink
from survey.models import Draft, Response, utcnow
from tests.helpers import Respondent, text_of

KIOSK_LIFETIME = 120 + 30  # KIOSK_IDLE_SECONDS + KIOSK_PROMPT_SECONDS by default


def drafts() -> list[Draft]:
    db.session.rollback()  # see what the requests committed
    return list(db.session.scalars(select(Draft)))


def session_of(client: FlaskClient) -> dict[str, object]:
    with client.session_transaction() as session:
        return dict(session)


def age_drafts(seconds: int) -> None:
    for draft in drafts():
        draft.updated_at = utcnow() - timedelta(seconds=seconds)
    db.session.commit()


def test_reset_deletes_the_draft_clears_the_session_and_the_site_data(kiosk: Respondent, link: KioskLink) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    assert len(drafts()) == 1 and f"draft:k:{link.token}" in session_of(kiosk.client)
    response = kiosk.client.post(f"{kiosk.base}/reset")
    assert response.status_code == 303 and response.location.endswith(kiosk.base)
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response.headers["Cache-Control"] == "no-store"
    assert drafts() == []
    assert session_of(kiosk.client) == {}
    assert 'value="powys" checked' not in text_of(kiosk.get("/en/p/your-area"))


def test_reset_works_from_a_page_without_a_valid_form_token(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    response = kiosk.client.post(f"{kiosk.base}/reset", data={"csrf_token": "stale"})
    assert response.status_code == 303 and drafts() == []


def test_reset_of_a_revoked_link_still_wipes(kiosk: Respondent, link: KioskLink) -> None:
    from survey.kiosk.links import revoke_link
    kiosk.post("/en/p/your-area", {"area": "powys"})
    revoke_link(link.token)
    assert kiosk.client.post(f"{kiosk.base}/reset").status_code == 303
    assert drafts() == [] and session_of(kiosk.client) == {}


def test_two_people_in_a_row_never_see_each_others_answers(kiosk: Respondent,
                                                             answer_all: Callable[..., None]) -> None:
    # The first person answers everything but leaves quickly instead of sending.
    kiosk.get("")
    answer_all(kiosk, "cy")
    assert "Mwy o olau stryd" in text_of(kiosk.get("/cy/check"))
    kiosk.client.post(f"{kiosk.base}/reset")
    # The second person, on the same kiosk, starts with the language choice and sees nothing.
    start = kiosk.get("")
    assert "Dewiswch eich iaith" in text_of(start)
    assert kiosk.get("/en/check").location.endswith(f"{kiosk.base}/en")
    for page in ("your-area", "what-you-have-seen", "about-you"):
        html = text_of(kiosk.get(f"/en/p/{page}"))
        assert "checked" not in html and "Mwy o olau stryd" not in html and 'value="7"' not in html
    kiosk.post("/en/p/what-you-have-seen", {"seen-dealing": "no"})
    assert kiosk.submit("en").status_code == 302
    stored = db.session.scalars(select(Response)).one()
    assert stored.language == "en"
    from survey.models import Answer, TextAnswer
    assert {a.question_id for a in db.session.scalars(select(Answer))} == {"seen-dealing"}
    assert db.session.scalars(select(TextAnswer)).all() == []


def test_after_sending_the_next_person_starts_afresh(kiosk: Respondent, answer_all: Callable[..., None]) -> None:
    answer_all(kiosk, "en")
    kiosk.submit("en")
    assert kiosk.get("/en/thanks").status_code == 200
    finish = kiosk.client.post(f"{kiosk.base}/reset")
    assert finish.headers["Clear-Site-Data"] and drafts() == []
    assert 'value="powys" checked' not in text_of(kiosk.get("/en/p/your-area"))


def test_the_start_screen_begins_a_new_visit(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    kiosk.get("")
    assert drafts() == [] and "lang" not in session_of(kiosk.client)
    assert 'value="powys" checked' not in text_of(kiosk.get("/en/p/your-area"))


def test_a_draft_left_idle_is_forgotten_even_without_javascript(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    age_drafts(KIOSK_LIFETIME - 5)
    assert 'value="powys" checked' in text_of(kiosk.get("/en/p/your-area"))
    age_drafts(KIOSK_LIFETIME + 1)
    assert 'value="powys" checked' not in text_of(kiosk.get("/en/p/your-area"))
    assert drafts() == []


def test_the_idle_time_comes_from_the_settings(app: Flask, kiosk: Respondent) -> None:
    app.config.update(KIOSK_IDLE_SECONDS=10, KIOSK_PROMPT_SECONDS=5)
    kiosk.post("/en/p/your-area", {"area": "powys"})
    age_drafts(16)
    assert 'value="powys" checked' not in text_of(kiosk.get("/en/p/your-area"))


def test_idle_kiosk_drafts_are_deleted_when_a_kiosk_starts_a_visit(client: FlaskClient, kiosk: Respondent,
                                                                  app: Flask) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    public = Respondent(app.test_client(), "/s/conformance-check")
    public.post("/en/p/your-area", {"area": "powys"})
    age_drafts(KIOSK_LIFETIME + 1)
    other_kiosk = app.test_client()
    assert other_kiosk.get(kiosk.base).status_code == 200
    assert [d.channel for d in drafts()] == ["public"]  # public drafts keep their own, longer, lifetime


def test_still_here_keeps_the_answers_for_another_idle_period(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    age_drafts(KIOSK_LIFETIME - 5)
    assert kiosk.client.post(f"{kiosk.base}/still-here").status_code == 204
    assert utcnow() - drafts()[0].updated_at < timedelta(seconds=5)
    age_drafts(KIOSK_LIFETIME - 5)
    assert 'value="powys" checked' in text_of(kiosk.get("/en/p/your-area"))


def test_still_here_cannot_revive_a_forgotten_draft(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    age_drafts(KIOSK_LIFETIME + 1)
    assert kiosk.client.post(f"{kiosk.base}/still-here").status_code == 204
    assert drafts() == []
    assert 'value="powys" checked' not in text_of(kiosk.get("/en/p/your-area"))


def test_kiosk_drafts_are_apart_from_the_public_link(client: FlaskClient, kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    public = Respondent(client, "/s/conformance-check")
    assert 'value="powys" checked' not in text_of(public.get("/en/p/your-area"))
    public.post("/en/p/your-area", {"area": "ceredigion"})
    assert 'value="powys" checked' in text_of(kiosk.get("/en/p/your-area"))
    assert {d.channel for d in drafts()} == {"kiosk", "public"}
    assert {d.site for d in drafts()} == {"Canolfan Aberystwyth", None}


def test_nothing_is_kept_in_the_browser_but_the_session_cookie(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys", "feel-safe__daytime": "4"})
    cookies = [c.key for c in kiosk.client._cookies.values()]
    assert cookies == ["session"]
    assert set(session_of(kiosk.client)) <= {"csrf_token", "lang", f"draft:k:{kiosk.base[3:]}"}
