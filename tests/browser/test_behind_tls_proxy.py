"""Llais as the README deploys it: gunicorn with production settings behind Debian's nginx over HTTPS.

nginx runs the README's own configuration (tests/production/tlsproxy.py) with a throwaway
certificate; gunicorn runs as the README starts it (LLAIS_ENV=production, a trusted proxy, Redis
for the rate limits when there is one, else a single worker). Chromium then answers the survey,
uses a kiosk and signs staff in through it, and a page of another site tries to sign them out.
Before this suite, every form post over HTTPS answered "This page has expired" (issue 15).
"""
from __future__ import annotations

import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
import sqlalchemy as sa
from playwright.sync_api import expect

from survey.definition.loader import load_definition
from tests.browser.walk import CONFORMANCE, walk_survey
from tests.production.realserver import BIN, ROOT, Server, environment, free_port, start_gunicorn, survey_command
from tests.production.tlsproxy import TlsProxy, documented_access_log_format, start_tls_proxy

PASSWORD = "violet kettle murmur sprocket"
ADMIN = "admin@example.org"
SITE = "Canolfan Aberystwyth"
REDIS = "redis://127.0.0.1:6379/0"
ANOTHER_SITE = "https://another-site.example"
NEUTRAL_PAGE = "/en/cookies"  # where the quick exit goes here (LLAIS_QUICK_EXIT_URL), rather than the internet


@dataclass
class Deployment:
    proxy: TlsProxy
    server: Server
    database_url: str
    kiosk_path: str

    def __call__(self, path: str = "/") -> str:
        return self.proxy.url + path

    def stored(self, sql: str) -> list[Any]:
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(sa.text(sql)))
        finally:
            engine.dispose()


def redis_available() -> bool:
    import redis
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """One deployment for the module: set up with the operator's commands, served through nginx."""
    directory = tmp_path_factory.mktemp("deployed")
    https_port = free_port()
    database_url = f"sqlite:///{directory / 'llais.db'}"
    shared = redis_available()
    settings = {"LLAIS_ENV": "production", "LLAIS_TRUSTED_PROXIES": "1",
                "SECRET_KEY": f"tls-suite-{uuid.uuid4().hex}", "LLAIS_RATELIMIT_SIGN_IN": "6 per minute",
                "LLAIS_QUICK_EXIT_URL": f"https://127.0.0.1:{https_port}{NEUTRAL_PAGE}"}
    if shared:
        settings["REDIS_URL"] = REDIS  # a fresh key hashes every count apart from other runs'
    env = environment(database_url, directory, **settings)
    survey_command(env, "db", "upgrade")
    survey_command(env, "load", "--open", str(CONFORMANCE))
    made = survey_command(env, "kiosk", "create", "conformance-check", "--site", SITE)
    kiosk_path = re.search(r"/k/[A-Za-z0-9_-]+", made).group(0)
    subprocess.run([str(BIN / "survey"), "users", "create", ADMIN, "--role", "admin", "--language", "en"],
                   input=PASSWORD + "\n",
                   env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=120)
    server = start_gunicorn(env, directory, workers=2 if shared else 1, threads=4,
                            options=("--access-logformat", documented_access_log_format()))
    try:
        proxy = start_tls_proxy(server.url, https_port)
        try:
            yield Deployment(proxy, server, database_url, kiosk_path)
        finally:
            proxy.stop()
    finally:
        server.stop()


@pytest.fixture
def https_page(new_page: Any) -> Any:
    """A Chromium page that accepts the throwaway certificate."""
    return new_page(ignore_https_errors=True)


def expect_no_expired_page(page: Any, label: str) -> None:
    assert "This page has expired" not in page.content(), f"{label}: {page.url}"
    assert "wedi dod i ben" not in page.content(), f"{label}: {page.url}"


def session_cookie(page: Any) -> dict[str, Any]:
    cookies = [c for c in page.context.cookies() if c["name"] == "__Host-session"]
    assert len(cookies) == 1, page.context.cookies()
    return cookies[0]


def sign_in(page: Any, deployed: Deployment) -> None:
    page.goto(deployed("/admin/"))
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    page.click("form#sign-in button[type=submit]")
    page.wait_for_url(deployed("/admin/"))


def test_a_respondent_answers_and_sends_over_https(deployed: Deployment, https_page: Any) -> None:
    definition = load_definition(CONFORMANCE)
    seen = walk_survey(https_page, deployed.proxy.url, definition, "cy", expect_no_expired_page)
    assert len(seen) >= 4
    expect(https_page.locator("h1")).to_have_text("Mae eich atebion wedi cael eu hanfon")
    cookie = session_cookie(https_page)
    assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert deployed.stored("SELECT language, channel FROM responses") == [("cy", "public")]


def test_a_kiosk_visit_over_https_then_leaving_quickly(deployed: Deployment, https_page: Any) -> None:
    page = https_page
    kiosk = deployed(deployed.kiosk_path)
    page.goto(kiosk)
    page.get_by_role("link", name="English").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Powys", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{kiosk}/en/p/what-you-have-seen")
    page.locator("[data-kiosk-leave]").click()  # "Leave quickly", posted from the kiosk's own page
    expect(page).to_have_url(kiosk)
    assert deployed.stored("SELECT count(*) FROM drafts WHERE channel = 'kiosk'") == [(0,)]
    page.get_by_role("link", name="English").click()
    page.get_by_role("button", name="Start now").click()
    assert page.locator("input:checked").count() == 0  # the next person sees nothing of the last
    page.get_by_label("Powys", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{kiosk}/en/check")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Your answers have been sent")).to_be_visible()
    page.locator("[data-kiosk-finish]").click()  # Finish: the visit is wiped, back to the start
    expect(page).to_have_url(kiosk)
    assert deployed.stored("SELECT site FROM responses WHERE channel = 'kiosk'") == [(SITE,)]


def test_staff_sign_in_over_https(deployed: Deployment, https_page: Any) -> None:
    sign_in(https_page, deployed)
    expect(https_page.locator("h1")).to_have_text("Surveys")
    assert session_cookie(https_page)["secure"]


def test_another_site_cannot_sign_staff_out_or_wipe_a_visit(deployed: Deployment, https_page: Any) -> None:
    """Its page posts to the kiosk reset and links to the quick exit; nothing here is cleared."""
    page = https_page
    sign_in(page, deployed)
    attack = (f'<form method="post" action="{deployed(deployed.kiosk_path)}/reset"><button>Win a prize</button></form>'
              f'<a href="{deployed("/s/conformance-check/leave")}">More prizes</a>')
    page.context.route(f"{ANOTHER_SITE}/**", lambda route: route.fulfill(status=200, body=attack,
                                                                          content_type="text/html"))
    page.goto(f"{ANOTHER_SITE}/prizes")
    with page.expect_navigation():
        page.get_by_role("button", name="Win a prize").click()
    expect(page.locator("h1")).to_contain_text("This page has expired")  # the kiosk's page, in both languages
    page.goto(f"{ANOTHER_SITE}/prizes")
    with page.expect_navigation():
        page.get_by_role("link", name="More prizes").click()
    assert page.url == deployed(NEUTRAL_PAGE)  # sent on, but nothing cleared
    page.goto(deployed("/admin/"))
    expect(page.locator("h1")).to_have_text("Surveys")  # still signed in


def test_the_proxy_as_documented(deployed: Deployment) -> None:
    """Plain HTTP is sent to HTTPS; HSTS; a too-long form gets Llais's own page, in its language."""
    plain = requests.get(deployed.proxy.plain_url + "/healthz", allow_redirects=False, timeout=30)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    verify = str(deployed.proxy.certificate)
    secure = requests.get(deployed("/healthz"), verify=verify, timeout=30)
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    too_long = requests.post(deployed("/s/conformance-check/cy/p/about-you"), data={"comments": "x" * 70_000},
                             verify=verify, timeout=30)
    assert too_long.status_code == 413 and '<html lang="cy">' in too_long.text


def test_the_access_log_as_documented_holds_no_address_agent_or_kiosk_link(deployed: Deployment) -> None:
    access = deployed.server.access_log.read_text(errors="replace")
    token = deployed.kiosk_path.removeprefix("/k/")
    assert "/k/[token]/en/check" in access and "/admin/sign-in" in access
    assert token not in access and "Chrome" not in access and "Mozilla" not in access
    assert not re.search(r"\d+\.\d+\.\d+\.\d+", access), access


def test_a_made_up_forwarded_address_gets_no_fresh_sign_in_count(deployed: Deployment) -> None:
    """nginx overwrites X-Forwarded-For, so naming another address each time does not pass the limit.

    Last in this module: it uses up the sign-in count of the address every test here comes from.
    """
    verify = str(deployed.proxy.certificate)
    statuses = []
    for number in range(8):
        statuses.append(requests.post(deployed("/admin/sign-in"), data={"email": ADMIN, "password": "wrong" * 3},
                                      headers={"X-Forwarded-For": f"198.51.100.{number}"}, verify=verify,
                                      timeout=30).status_code)
    assert statuses[-1] == 429, statuses
