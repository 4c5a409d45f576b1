"""Every console address refuses anonymous visitors, and analysts where an admin is needed.

The test walks the application's URL map, so a route added later cannot be left open by accident:
it must carry a role (auth.requires) or be listed here as open, and then it is checked.
"""
from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from survey.admin.blueprint import PUBLIC_ENDPOINTS

from .helpers import ANALYST_EMAIL, PASSWORD, make_user, sign_in

# Staff views that also need the comments permission, which a plain analyst lacks.
COMMENT_ENDPOINTS = {"admin.make_comments", "admin.download_comments", "admin.review_comments", "admin.withhold"}
SAMPLE_VALUES = {"survey_id": "conformance-check", "token": "x" * 32, "export_id": "20260101T000000-abcdefghijkl",
                 "filename": "aggregates.csv", "user_id": 1, "text_id": 1, "page_number": 1,
                 "question_number": 1, "number": 1, "lang": "en", "page_id": "your-area",
                 "review_id": "no-such-review", "key": "r1"}


def console_rules(app) -> list[Rule]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.") or r.rule.startswith("/admin")]
    assert len(rules) > 15
    return rules


def sample_url(app, rule: Rule) -> str:
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **{name: SAMPLE_VALUES[name] for name in rule.arguments})


def requests_for(app) -> list[tuple[str, str, str]]:
    found = []
    for rule in console_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, sample_url(app, rule)))
    return found


@pytest.fixture
def open_app(app, conformance):
    """The application with CSRF checks off, so that what is tested is the sign-in and role checks."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_every_console_route_is_under_admin_and_declares_its_roles(app):
    for rule in console_rules(app):
        assert rule.rule.startswith("/admin"), rule.rule
        assert rule.endpoint.startswith("admin."), rule.endpoint
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "allowed_roles", None), f"{rule.endpoint} does not say who may use it"
        assert set(view.allowed_roles) <= {"admin", "analyst", "translator"}


def test_anonymous_visitors_are_sent_to_sign_in(open_app):
    client = open_app.test_client()
    checked = 0
    for endpoint, method, url in requests_for(open_app):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, method, response.status_code)
        assert response.headers["Location"].startswith("/admin/sign-in"), (endpoint, method)
        assert response.headers["Cache-Control"] == "no-store"
        checked += 1
    assert checked > 20


def test_only_sign_in_is_open(app):
    assert PUBLIC_ENDPOINTS == {"admin.sign_in"}


def test_analysts_are_refused_where_an_admin_is_needed(open_app):
    make_user(ANALYST_EMAIL, "analyst")
    client = open_app.test_client()
    assert sign_in(client, ANALYST_EMAIL, PASSWORD).status_code == 302
    admin_only = analyst_allowed = 0
    for endpoint, method, url in requests_for(open_app):
        if endpoint in PUBLIC_ENDPOINTS or endpoint == "admin.sign_out":
            continue
        roles = open_app.view_functions[endpoint].allowed_roles
        response = client.open(url, method=method)
        if "analyst" in roles:
            assert response.status_code != 403 or endpoint in COMMENT_ENDPOINTS, \
                (endpoint, method)
            analyst_allowed += 1
        else:
            assert response.status_code == 403, (endpoint, method, response.status_code)
            assert "You do not have permission" in response.get_data(as_text=True)
            admin_only += 1
    assert admin_only >= 10 and analyst_allowed >= 8


def test_analysts_see_no_admin_links(open_app):
    make_user(ANALYST_EMAIL, "analyst")
    client = open_app.test_client()
    sign_in(client, ANALYST_EMAIL, PASSWORD)
    page = client.get("/admin/").get_data(as_text=True)
    for hidden in ("/admin/users", "/admin/audit", "/admin/surveys/upload"):
        assert hidden not in page
    survey_page = client.get("/admin/surveys/conformance-check").get_data(as_text=True)
    assert "/kiosk" not in survey_page and "/close" not in survey_page


def test_admins_see_the_admin_links(app, client, conformance):
    from .helpers import signed_in_admin
    signed_in_admin(client)
    page = client.get("/admin/").get_data(as_text=True)
    for shown in ("/admin/users", "/admin/audit", "/admin/surveys/upload"):
        assert shown in page
    survey_page = client.get("/admin/surveys/conformance-check").get_data(as_text=True)
    assert "/admin/surveys/conformance-check/kiosk" in survey_page and "/close" in survey_page


def test_every_change_is_a_post(app):
    changing = {"sign_out", "language", "open_survey", "close_survey", "revoke_kiosk_link", "make_comments",
                "disable_user", "enable_user"}
    for rule in console_rules(app):
        name = rule.endpoint.split(".", 1)[1]
        if name in changing:
            assert rule.methods - {"HEAD", "OPTIONS"} == {"POST"}, name


def test_console_forms_carry_a_csrf_token(app, client, conformance):
    from .helpers import signed_in_admin
    signed_in_admin(client)
    pages = ["/admin/", "/admin/surveys/upload", "/admin/surveys/conformance-check", "/admin/users",
             "/admin/surveys/conformance-check/kiosk", "/admin/surveys/conformance-check/exports",
             "/admin/surveys/conformance-check/schedule"]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        forms = html.count('method="post"')
        assert forms and html.count('name="csrf_token"') >= forms, url


def test_a_post_without_its_token_is_refused(app, client, conformance):
    from .helpers import signed_in_admin
    signed_in_admin(client)
    response = client.post("/admin/surveys/conformance-check/close")
    assert response.status_code == 400
    from survey.models import Survey
    from survey.extensions import db
    assert db.session.get(Survey, "conformance-check").status == "open"
