"""Staff write reviews in the console: texts side by side (Welsh first), publishing, recommendations, progress."""
from __future__ import annotations

from typing import Callable

from flask.testing import FlaskClient

from survey import audit
from survey.extensions import db
from survey.hub.models import ProgressUpdate, Review, ReviewStatus
from survey.hub.reviews import Action
from tests.admin.helpers import post, signed_in_admin, signed_in_analyst, text
from tests.hub.conftest import REVIEW_ID

MakeReview = Callable[..., Review]
BASE = f"/admin/reviews/{REVIEW_ID}"


def test_the_edit_form_puts_welsh_before_english(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    signed_in_admin(client)
    html = text(client.get(f"{BASE}/edit"))
    for name in ("title", "summary", "findings", "topic", "kind"):
        assert html.index(f'id="{name}_cy"') < html.index(f'id="{name}_en"'), name
    assert 'lang="cy"' in html and "review-side-by-side" in html
    assert "Unrhyw un sy&#39;n byw" in html  # the surveys' audiences are editable too


def test_a_review_made_in_the_console_cannot_be_published_until_its_welsh_is_written(
        client: FlaskClient, surveys: list[str]) -> None:
    signed_in_admin(client)
    made = post(client, "/admin/reviews/new", {
        "review_id": "safer-roads", "topic_id": "roads", "title_en": "Safer roads", "title_cy": "",
        "topic_en": "Roads", "kind_en": "Review", "summary_en": "We looked at roads.", "findings_en": "Roads are busy."})
    assert made.status_code == 302, text(made)
    page = text(client.get("/admin/reviews/safer-roads"))
    assert "These texts are missing" in page
    refused = post(client, "/admin/reviews/safer-roads/publish", form_page="/admin/reviews/safer-roads",
                   follow_redirects=True)
    assert "cannot be published yet" in text(refused)
    assert db.session.get(Review, "safer-roads").status == ReviewStatus.DRAFT
    post(client, "/admin/reviews/safer-roads/edit", {
        "topic_id": "roads", "title_cy": "Ffyrdd mwy diogel", "title_en": "Safer roads", "topic_cy": "Ffyrdd",
        "topic_en": "Roads", "kind_cy": "Adolygiad", "kind_en": "Review", "summary_cy": "Edrychon ni ar ffyrdd.",
        "summary_en": "We looked at roads.", "findings_cy": "Mae'r ffyrdd yn brysur.", "findings_en": "Roads are busy."})
    published = post(client, "/admin/reviews/safer-roads/publish", form_page="/admin/reviews/safer-roads")
    assert published.status_code == 302
    db.session.expire_all()
    assert db.session.get(Review, "safer-roads").status == ReviewStatus.PUBLISHED
    assert client.get("/r/safer-roads/cy").status_code == 200
    actions = [e.action for e in audit.recent() if e.subject == "safer-roads"]
    assert actions == [Action.PUBLISHED, Action.CHANGED, Action.LOADED]


def test_a_published_review_keeps_its_welsh(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    signed_in_admin(client)
    form = {"topic_id": "drugs", "title_cy": "", "title_en": "Illegal drugs", "topic_cy": "Cyffuriau",
            "topic_en": "Drugs", "kind_cy": "Adolygiad manwl", "kind_en": "Deep dive", "summary_cy": "Crynodeb",
            "summary_en": "Summary", "findings_cy": "Canfyddiadau", "findings_en": "Findings"}
    refused = post(client, f"{BASE}/edit", form)
    assert refused.status_code == 200 and "every text needs Welsh and English" in text(refused)
    db.session.expire_all()
    assert db.session.get(Review, REVIEW_ID).title_cy == "Cyffuriau anghyfreithlon yn ein cymunedau"


def test_staff_add_a_recommendation_and_a_progress_update(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    signed_in_admin(client)
    added = post(client, f"{BASE}/recommendations/new", {
        "text_cy": "Agor canolfan galw heibio.", "text_en": "Open a drop-in centre.",
        "addressee_cy": "Y Bwrdd Iechyd", "addressee_en": "The Health Board", "response": ""})
    assert added.status_code == 302, text(added)
    review = db.session.get(Review, REVIEW_ID)
    db.session.refresh(review)
    new = review.recommendations[-1]
    assert (new.key, new.response, new.status) == ("r4", None, "not_started")
    update = post(client, f"{BASE}/recommendations/r4/progress", {
        "day": "2026-12-02", "status": "in_progress", "text_cy": "Mae adeilad wedi'i ddewis.",
        "text_en": "A building has been chosen."})
    assert update.status_code == 302, text(update)
    public = text(client.get(f"/r/{REVIEW_ID}/en"))
    assert "Open a drop-in centre." in public and "A building has been chosen." in public
    assert "The Health Board" in public and "No response yet" in public
    assert [e.action for e in audit.recent(limit=2)] == [Action.PROGRESS_ADDED, Action.RECOMMENDATION_ADDED]


def test_a_progress_update_needs_a_date_a_status_and_both_languages(client: FlaskClient,
                                                                    make_review: MakeReview) -> None:
    make_review()
    signed_in_admin(client)
    refused = post(client, f"{BASE}/recommendations/shorter-waits/progress", {"day": "", "text_en": "Done."})
    assert refused.status_code == 400
    html = text(refused)
    assert "Enter the date of the update" in html and "Enter the update in Welsh" in html
    assert db.session.query(ProgressUpdate).count() == 3


def test_there_is_no_way_to_change_or_delete_an_update_in_the_console(client: FlaskClient) -> None:
    rules = [rule for rule in client.application.url_map.iter_rules() if "progress" in rule.rule]
    assert [(r.rule, sorted(r.methods - {"HEAD", "OPTIONS"})) for r in rules] == [
        ("/admin/reviews/<review_id>/recommendations/<key>/progress", ["GET", "POST"])]


def test_analysts_read_reviews_but_change_nothing(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    signed_in_analyst(client)
    assert client.get("/admin/reviews").status_code == 200
    assert client.get(BASE).status_code == 200
    for path in (f"{BASE}/edit", f"{BASE}/recommendations/new", f"{BASE}/recommendations/shorter-waits/progress",
                 f"{BASE}/surveys"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"{BASE}/publish").status_code in (400, 403)
    assert db.session.get(Review, REVIEW_ID).status == ReviewStatus.DRAFT


def test_the_console_navigation_links_to_reviews(client: FlaskClient) -> None:
    signed_in_admin(client)
    assert 'href="/admin/reviews"' in text(client.get("/admin/"))


def test_staff_choose_the_surveys_of_a_review(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    signed_in_admin(client)
    form = text(client.get(f"{BASE}/surveys"))
    assert 'value="drugs-in-our-communities" checked' in form and 'value="service-user-voice" checked' in form
    assert "Have your say: the help you get</label>" in form
    saved = post(client, f"{BASE}/surveys", {"surveys": ["service-user-voice"]})
    assert saved.status_code == 302
    db.session.expire_all()
    assert [s.survey_id for s in db.session.get(Review, REVIEW_ID).surveys] == ["service-user-voice"]
    assert db.session.get(Review, REVIEW_ID).surveys[0].audience_en == "People who use drug and alcohol services"


def test_the_missing_texts_are_named_in_the_consoles_language(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(lambda raw: raw["summary"].update(cy=""))
    signed_in_admin(client, language="cy")
    html = text(client.get(BASE))
    assert "Cymraeg: Crynodeb" in html


def test_the_review_pages_are_all_welsh_for_a_welsh_speaker(client: FlaskClient, make_review: MakeReview) -> None:
    from tests.admin.test_welsh import visible_text
    from babel.messages.pofile import read_po
    from tests.hub.conftest import ROOT
    with (ROOT / "translations" / "fragments" / "issue-17.po").open("rb") as fragment:
        english = [m.id for m in read_po(fragment) if m.id and "%" not in m.id and len(m.id) > 12]
    make_review(lambda raw: raw["summary"].update(cy=""))
    signed_in_admin(client, language="cy")
    for path in ("/admin/reviews", BASE, f"{BASE}/edit", f"{BASE}/surveys", f"{BASE}/recommendations/new",
                 f"{BASE}/recommendations/shorter-waits/progress", "/admin/reviews/new"):
        page = text(client.get(path))
        assert '<html lang="cy">' in page, path
        shown = visible_text(page)
        assert [e for e in english if e in shown] == [], path
