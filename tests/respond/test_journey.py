"""The conformance survey answered end to end, in Welsh and in English, through the test client."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Draft, Response, TextAnswer
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"


def stored_answers() -> set[tuple[str, str, str | None, float | None]]:
    return {(a.question_id, a.row_id, a.value, a.number) for a in db.session.scalars(select(Answer))}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_whole_survey_in_each_language(client: FlaskClient, conformance: SurveyDefinition, lang: str) -> None:
    you = Respondent(client, BASE)
    assert you.get(f"/{lang}").status_code == 200
    steps = [
        ("your-area", {"area": "powys", "feel-safe__daytime": "4", "feel-safe__after-dark": "2"}, "what-you-have-seen"),
        ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": "12"}, "services"),
        ("services", {"used-services": ["needle-exchange", "peer-support"]}, "more-about-services"),
        ("more-about-services", {"service-helped": "3"}, "about-you"),
        ("about-you", {"age-band": "35-54", "comments": "Mwy o olau stryd, os gwelwch yn dda — ŵ ŷ â"}, "check"),
    ]
    for page, answers, following in steps:
        response = you.post(f"/{lang}/p/{page}", answers)
        assert response.status_code == 302, you.errors(response)
        assert response.location.endswith(f"/{lang}/p/{following}" if following != "check" else f"/{lang}/check")
    check = you.get(f"/{lang}/check")
    html = text_of(check)
    assert ("Powys" in html) and ("12" in html) and ("ŵ ŷ â" in html)
    assert ("Gwirio eich atebion" if lang == "cy" else "Check your answers") in html
    done = you.submit(lang)
    assert done.status_code == 302 and done.location.endswith(f"/{lang}/thanks")
    thanks = text_of(you.get(f"/{lang}/thanks"))
    assert conformance.thank_you(lang) in thanks and "0808 808 2234" in thanks

    response = db.session.scalars(select(Response)).one()
    assert (response.language, response.channel, response.site) == (lang, "public", None)
    assert len(response.id) == 32 and response.submitted_on is not None
    assert stored_answers() == {
        ("area", "", "powys", None), ("feel-safe", "daytime", "4", None), ("feel-safe", "after-dark", "2", None),
        ("seen-dealing", "", "yes", None), ("times-seen", "", None, 12.0),
        ("used-services", "", None, None), ("used-services", "", "needle-exchange", None),
        ("used-services", "", "peer-support", None),
        ("service-helped", "", "3", None), ("age-band", "", "35-54", None)}
    text = db.session.scalars(select(TextAnswer)).one()
    assert text.body == "Mwy o olau stryd, os gwelwch yn dda — ŵ ŷ â" and text.question_id == "comments"
    assert db.session.scalars(select(Draft)).all() == []


def test_hidden_answers_are_dropped(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": "5"})
    you.post("/en/p/services", {"used-services": ["treatment"]})
    you.post("/en/p/more-about-services", {"service-helped": "2"})
    # Changing earlier answers hides the number question and the whole page that followed.
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "no", "times-seen": "5"})
    response = you.post("/en/p/services", {"used-services": ["none"]})
    assert response.location.endswith("/en/p/about-you")
    assert you.get("/en/p/more-about-services").location.endswith("/en/p/about-you")
    you.submit("en")
    assert {q for q, *_ in stored_answers()} == {"seen-dealing", "used-services"}


def test_back_links_follow_the_shown_pages(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "no"})
    you.post("/en/p/services", {"used-services": ["none"]})
    assert 'href="/s/conformance-check/en/p/services" class="back-link"' in text_of(you.get("/en/p/about-you"))
    assert 'href="/s/conformance-check/en" class="back-link"' in text_of(you.get("/en/p/your-area"))


def test_check_answers_change_link_returns_to_check(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "no"})
    html = text_of(you.get("/en/check"))
    assert "/en/p/what-you-have-seen?return=check#q-seen-dealing" in html
    response = you.post("/en/p/what-you-have-seen?return=check", {"seen-dealing": "not-sure"})
    assert response.location.endswith("/en/check")


def test_check_sends_back_to_a_missing_required_answer(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/your-area", {"area": "powys"})
    assert you.get("/en/check").location.endswith("/en/p/what-you-have-seen")


def test_check_without_answers_goes_to_start(client: FlaskClient, conformance: SurveyDefinition) -> None:
    assert Respondent(client, BASE).get("/cy/check").location.endswith(f"{BASE}/cy")


def test_language_switch_keeps_every_answer(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/cy/p/your-area", {"area": "ceredigion"})
    switched = you.post("/cy/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": "abc",
                                                      "switch_language": "en"})
    assert switched.status_code == 302 and switched.location.endswith("/en/p/what-you-have-seen")
    html = text_of(you.get("/en/p/what-you-have-seen"))
    assert 'value="yes" checked' in html and 'value="abc"' in html and 'lang="en"' in html
    assert 'value="ceredigion" checked' in text_of(you.get("/en/p/your-area"))


def test_the_language_switch_names_its_language(client: FlaskClient, conformance: SurveyDefinition) -> None:
    html = text_of(client.get(f"{BASE}/cy/p/your-area"))
    assert '<html lang="cy">' in html
    assert 'name="switch_language" value="en" formnovalidate class="language-switch" lang="en">English<' in html
    html = text_of(client.get(f"{BASE}/en"))
    assert '<html lang="en">' in html and 'lang="cy">Cymraeg</a>' in html


def test_language_choice_welsh_first_then_remembered(client: FlaskClient, conformance: SurveyDefinition) -> None:
    html = text_of(client.get(BASE))
    assert html.index(f"{BASE}/cy") < html.index(f"{BASE}/en")
    assert '<span lang="en" class="bilingual-second">Drugs in our communities</span>' in html
    client.get(f"{BASE}/en")
    assert client.get(BASE).location.endswith(f"{BASE}/en")


def test_start_page_has_description_and_privacy_notice(client: FlaskClient, conformance: SurveyDefinition) -> None:
    html = text_of(client.get(f"{BASE}/cy"))
    assert "Rydym eisiau gwybod" in html and "Dechrau nawr" in html
    assert '<a class="link" href="https://example.org/preifatrwydd">ein hysbysiad preifatrwydd</a>' in html
    assert f'href="{BASE}/cy/p/your-area"' in html


def test_every_page_has_the_footer_links(client: FlaskClient, conformance: SurveyDefinition) -> None:
    for url, words in ((f"{BASE}/cy/p/your-area", ["Datganiad hygyrchedd", "Cwcis", "Hysbysiad preifatrwydd"]),
                       (f"{BASE}/en/p/your-area", ["Accessibility statement", "Cookies", "Privacy notice"])):
        html = text_of(client.get(url))
        assert all(w in html for w in words)
        assert "0808 808 2234" in html  # the survey's support text in the footer
    for url in ("/cy/accessibility", "/en/cookies", "/cy/privacy"):
        assert client.get(url).status_code == 200


def test_partial_answers_stay_with_their_session(app, conformance: SurveyDefinition) -> None:
    first, second = app.test_client(), app.test_client()
    Respondent(first, BASE).post("/en/p/your-area", {"area": "powys"})
    assert 'checked' not in text_of(second.get(f"{BASE}/en/p/your-area"))
    assert 'value="powys" checked' in text_of(first.get(f"{BASE}/en/p/your-area"))


def test_partial_answers_expire(app, client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/your-area", {"area": "powys"})
    app.config["DRAFT_LIFETIME_SECONDS"] = -1
    assert 'checked' not in text_of(you.get("/en/p/your-area"))
    assert db.session.scalars(select(Draft)).all() == []


def test_double_submission_stores_one_response(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "no"})
    html = text_of(you.get("/en/check"))
    import re
    form = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
            "submission_key": re.search(r'name="submission_key" value="([^"]+)"', html).group(1)}
    first = client.post(f"{BASE}/en/check", data=form)
    again = client.post(f"{BASE}/en/check", data=form)
    assert first.location.endswith("/en/thanks") and again.location.endswith("/en/thanks")
    assert len(db.session.scalars(select(Response)).all()) == 1


def test_forms_need_a_csrf_token(client: FlaskClient, conformance: SurveyDefinition) -> None:
    response = client.post(f"{BASE}/cy/p/your-area", data={"area": "powys"})
    assert response.status_code == 400
    assert "Mae'r dudalen hon wedi dod i ben" in text_of(response) or 'lang="cy"' in text_of(response)


def test_the_honeypot_refuses_software(client: FlaskClient, conformance: SurveyDefinition) -> None:
    response = Respondent(client, BASE).post("/en/p/your-area", {"area": "powys", "website": "http://spam"})
    assert response.status_code == 400
    assert db.session.scalars(select(Draft)).all() == []


def test_index_lists_open_surveys_in_both_languages(client: FlaskClient, conformance: SurveyDefinition) -> None:
    html = text_of(client.get("/"))
    assert "Cyffuriau yn ein cymunedau" in html and "Drugs in our communities" in html
