"""Random and hostile input (Hypothesis): never a 500, pages in the right language, markup escaped."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote, quote_from_bytes

import pytest
import yaml
from flask import Flask, url_for
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter, Rule

from survey.definition import DefinitionError, SurveyDefinition, load_definition, parse_definition
from survey.extensions import db
from survey.kiosk.links import create_link
from tests.admin.helpers import make_user, sign_in
from tests.conftest import conformance_raw
from tests.helpers import CSRF, text_of

BASE = "/s/conformance-check"
PAGES = ["your-area", "what-you-have-seen", "services", "more-about-services", "about-you"]
FIELDS = ["area", "feel-safe__daytime", "feel-safe__after-dark", "seen-dealing", "times-seen", "used-services",
          "service-helped", "age-band", "comments", "switch_language", "website", "submission_key", "return",
          "csrf_token"]
MARKUP = ["<script>alert('llais')</script>", "<img src=x onerror=alert(1)>", '"><i>llais-fuzz</i>',
          "javascript:alert(1)", "{{ 7*7 }}", "{% raw %}"]
HOSTILE = [*MARKUP, "' OR '1'='1", "'; DROP TABLE responses; --", "1; SELECT pg_sleep(10)", "\x00", "\ufeff",
           "\u202egnp.exe", "NaN", "Infinity", "-Infinity", "1e400", "-0", "٣", "１２", "𝟙", "0x10", " 12 ", "12.",
           "ŵŷâ" * 700, "a" * 2001, "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"), "yes", "none"]
FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80), st.integers(-10**20, 10**20).map(str),
                   st.floats(allow_nan=True).map(str), st.sampled_from(["powys", "yes", "3", "daytime", "none"]))
forms = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=20)),
                        st.lists(values, max_size=4), max_size=8)
# Query strings: names the routes use themselves (url_for once took them as its own arguments),
# names the pages read, and any name; values hostile, huge, with line breaks, or anything.
QUERY_NAMES = ["lang", "survey_id", "page_id", "token", "user_id", "export_id", "filename", "name", "_method",
               "_external", "_anchor", "_scheme", "next", "page", "action", "return", "expired", "by", "min_cell",
               "language", "switch_language", "csrf_token", "submission_key"]
query_values = st.one_of(values, st.sampled_from(["check", "9" * 5000, "99999999999999999999", "-1", "0",
                                                  "/admin/\r\nSet-Cookie: x=1", "/admin/%0d%0a", "//evil.example",
                                                  "https://evil.example/", "/admin/../s/x"]))
queries = st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=12)), query_values),
                   min_size=1, max_size=5).map(
    lambda pairs: "?" + "&".join(f"{quote(name, safe='')}={quote(value, safe='', errors='surrogatepass')}"
                                 for name, value in pairs))
routes = st.tuples(st.sampled_from(["cy", "en"]),
                   st.one_of(st.sampled_from([f"p/{p}" for p in PAGES] + ["check"]),
                             st.text(alphabet="abcdefghij-_%.", min_size=1, max_size=12).map(lambda t: f"p/{t}")))


@pytest.fixture
def served(make_app: Callable[..., Flask]) -> FlaskClient:
    """A client of an application with no app context held open between requests, as when served."""
    return make_app(survey=True).test_client()


def token(client: FlaskClient) -> str:
    found = CSRF.search(text_of(client.get(f"{BASE}/en/p/your-area")))
    assert found
    return found.group(1)


def check_page(response: Any, lang: str) -> None:
    """No server error; HTML in the route's language; whatever was sent is escaped."""
    assert response.status_code < 500, response.status_code
    if response.mimetype == "text/html" and not response.status_code // 100 == 3:
        html = text_of(response)
        assert f'<html lang="{lang}">' in html
        for markup in MARKUP[:3]:
            assert markup not in html, f"unescaped: {markup}"


@FUZZ
@given(route=routes, form=forms, with_token=st.booleans(), query=st.one_of(st.just(""), queries))
def test_random_forms_on_every_respondent_page(served: FlaskClient, route: tuple[str, str],
                                               form: dict[str, list[str]],
                                               with_token: bool, query: str) -> None:
    client = served
    lang, path = route
    data: dict[str, Any] = dict(form)
    if with_token:
        data["csrf_token"] = token(client)
    response = client.post(f"{BASE}/{lang}/{path}{query}", data=data)
    check_page(response, lang)
    if response.status_code == 302:  # wherever it leads is fine too, in the language it names
        named = re.search(r"/(cy|en)(?:/|$|\?)", response.location)
        if named:
            check_page(client.get(response.location), named.group(1))


@FUZZ
@given(lang=st.sampled_from(["cy", "en"]), page=st.sampled_from(PAGES + ["check"]), body=st.binary(max_size=300),
       as_multipart=st.booleans())
def test_raw_bodies_and_invalid_utf8(served: FlaskClient, lang: str, page: str,
                                     body: bytes, as_multipart: bool) -> None:
    client = served
    path = f"{BASE}/{lang}/{'check' if page == 'check' else 'p/' + page}"
    csrf = token(client)
    if as_multipart:
        boundary = "llaisfuzz"
        raw = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n"
               f"--{boundary}\r\nContent-Disposition: form-data; name=\"comments\"\r\n\r\n").encode() + body + \
              f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\n".encode() + \
              body + f"\r\n--{boundary}--\r\n".encode()
        response = client.post(path, data=raw, content_type=f"multipart/form-data; boundary={boundary}")
    else:
        raw = b"csrf_token=" + csrf.encode() + b"&comments=" + quote_from_bytes(body).encode() + b"&area=" + body
        response = client.post(path, data=raw, content_type="application/x-www-form-urlencoded")
    check_page(response, lang)


@FUZZ
@given(lang=st.sampled_from(["cy", "en"]), page=st.sampled_from(["", "/check", "/thanks", "/privacy"]
                                                                  + [f"/p/{p}" for p in PAGES]),
       query=st.binary(max_size=60))
def test_random_addresses_and_query_strings(served: FlaskClient, lang: str,
                                            page: str, query: bytes) -> None:
    client = served
    response = client.get(f"{BASE}/{lang}{page}?return={quote_from_bytes(query)}&{quote_from_bytes(query)}=1")
    check_page(response, lang)


# ---------------------------------------------------------------- every route's query string

@dataclass(frozen=True)
class Site:
    """An application with the conformance survey, a kiosk link, and clients: one signed in to the console."""
    app: Flask
    public: FlaskClient
    staff: FlaskClient
    path_values: dict[str, list[Any]]


@pytest.fixture
def site(make_app: Callable[..., Flask]) -> Site:
    application = make_app(survey=True, ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024, ARGON2_PARALLELISM=1)
    with application.app_context():
        admin = make_user()
        kiosk = create_link("conformance-check", "Safle")
        path_values = {"survey_id": ["conformance-check", "no-such-survey"], "lang": ["cy", "en"],
                       "page_id": PAGES, "token": [kiosk.token, "x" * 32], "user_id": [admin.id, 999],
                       "export_id": ["20261205T120000-abcdefgh"], "filename": ["aggregates.csv", "x"]}
        db.session.remove()
    staff = application.test_client()
    assert sign_in(staff).status_code == 302
    return Site(application, application.test_client(), staff, path_values)


def every_route(app: Flask) -> list[Rule]:
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"), key=str)


def address(site: Site, rule: Rule, data: st.DataObject) -> str:
    """The rule's path with values its arguments can take (any path argument this test does not know gets
    the first value its converter allows, or 1 or "x")."""
    values = {}
    for name, converter in rule._converters.items():
        allowed = site.path_values.get(name) or sorted(getattr(converter, "items", None) or []) or \
            ([1] if isinstance(converter, IntegerConverter) else ["x"])
        values[name] = data.draw(st.sampled_from(allowed), label=name)
    with site.app.test_request_context():
        return url_for(rule.endpoint, **values)


def check_any(response: Any) -> None:
    """No server error, whatever the page; nothing sent comes back unescaped."""
    assert response.status_code < 500, response.status_code
    if response.mimetype == "text/html":
        html = text_of(response)
        for markup in MARKUP[:3]:
            assert markup not in html, f"unescaped: {markup}"
    assert "\r" not in response.headers.get("Location", "") and "\n" not in response.headers.get("Location", "")


@FUZZ
@given(data=st.data(), query=queries, method=st.sampled_from(["GET", "POST"]))
def test_random_query_strings_on_every_route(site: Site, data: st.DataObject, query: str, method: str) -> None:
    """Every public and console route, signed out and signed in: no query string makes a server error."""
    rule = data.draw(st.sampled_from(every_route(site.app)), label="route")
    if method not in rule.methods:
        method = "GET" if "GET" in rule.methods else "POST"
    path = address(site, rule, data)
    for client in ([site.public, site.staff] if rule.rule.startswith("/admin/") else [site.public]):
        check_any(client.open(path + query, method=method))


def test_the_query_string_fuzz_reaches_every_route(site: Site) -> None:
    """The routes drawn from include the console's and the kiosk's, and the staff client is signed in."""
    rules = {rule.endpoint for rule in every_route(site.app)}
    assert {"respond.page", "kiosk.page", "admin.audit_log", "admin.dashboard", "pages.info"} <= rules
    assert site.staff.get("/admin/audit?page=99999999999999999999").status_code == 200


def test_huge_values_get_a_clear_answer(served: FlaskClient) -> None:
    client = served
    csrf = token(client)
    too_big = client.post(f"{BASE}/cy/p/about-you", data={"csrf_token": csrf, "comments": "ŵ" * 40_000})
    assert too_big.status_code == 413 and '<html lang="cy">' in text_of(too_big)
    too_long = client.post(f"{BASE}/en/p/about-you", data={"csrf_token": csrf, "comments": "w" * 30_000})
    assert too_long.status_code == 200
    assert re.search(r"2,?000 characters", text_of(too_long)), "the text limit is enforced with a clear message"
    many = client.post(f"{BASE}/en/p/services", data={"csrf_token": csrf, "used-services": ["treatment"] * 5000})
    assert many.status_code < 500


# ---------------------------------------------------------------- random definitions to the loader

scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(HOSTILE[:6]), st.just(""), st.dates())
anything = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                        max_leaves=12)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def replace(raw: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    raw[path[0]] = replace(raw[path[0]], path[1:], new)
    return raw


BASE_RAW = conformance_raw()
ALL_PATHS = paths(BASE_RAW)


@settings(max_examples=300, deadline=None, database=None)
@given(changes=st.lists(st.tuples(st.sampled_from(ALL_PATHS), anything), min_size=1, max_size=3),
       drop=st.booleans())
def test_random_definitions_are_refused_cleanly(changes: list[tuple[tuple[Any, ...], Any]], drop: bool) -> None:
    raw = copy.deepcopy(BASE_RAW)
    for path, new in changes:
        try:
            if drop and path and isinstance(_parent(raw, path), dict):
                del _parent(raw, path)[path[-1]]
            else:
                raw = replace(raw, path, new)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or retyped this part
    try:
        definition = parse_definition(raw)
    except DefinitionError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(definition, SurveyDefinition)


def _parent(raw: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        raw = raw[part]
    return raw


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
                      st.just("a: &x [*x, *x]\nb: *x"), st.just("!!python/object:os.system ls")))
def test_random_files_are_refused_cleanly(tmp_path_factory: Any, text: str) -> None:
    file = tmp_path_factory.mktemp("defs") / "survey.yaml"
    file.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        load_definition(file)
    except DefinitionError as exc:
        assert "survey.yaml" in str(exc)


def test_the_example_yaml_round_trips() -> None:
    """The mutations start from a valid definition."""
    assert parse_definition(yaml.safe_load(yaml.safe_dump(BASE_RAW, allow_unicode=True))).id == "conformance-check"
