"""Validation as the respondent sees it: the GOV.UK error pattern, in each language, on every question type."""
from __future__ import annotations

import html
import re
from typing import Any, Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Draft
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"
SUMMARY_LINK = re.compile(r'<li><a href="#([^"]+)">([^<]+)</a></li>')

CASES = [  # page, form, [(anchor, English, Welsh)]
    ("what-you-have-seen", {}, [("q-seen-dealing", "Select an answer", "Dewiswch ateb")]),
    ("what-you-have-seen", {"seen-dealing": "maybe"},
     [("q-seen-dealing", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")]),
    ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": "lots"},
     [("q-times-seen", "Enter a whole number, like 12", "Rhowch rif cyfan, fel 12")]),
    ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": "2.5"},
     [("q-times-seen", "Enter a whole number, like 12", "Rhowch rif cyfan, fel 12")]),
    ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": "0"},
     [("q-times-seen", "Enter a number from 1 to 1,000", "Rhowch rif rhwng 1 a 1,000")]),
    ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": "1,001"},
     [("q-times-seen", "Enter a number from 1 to 1,000", "Rhowch rif rhwng 1 a 1,000")]),
    ("what-you-have-seen", {"times-seen": "lots"}, [("q-seen-dealing", "Select an answer", "Dewiswch ateb")]),
    ("your-area", {"area": "atlantis"},
     [("q-area", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")]),
    ("your-area", {"feel-safe__daytime": "3", "feel-safe__after-dark": "7"},
     [("q-feel-safe-after-dark", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")]),
    ("your-area", {"area": "x", "feel-safe__daytime": "x"},
     [("q-area", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld"),
      ("q-feel-safe-daytime", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")]),
    ("services", {"used-services": ["needle-exchange", "treatment", "peer-support", "diversion"]},
     [("q-used-services", "Select no more than 3 answers", "Peidiwch â dewis mwy na 3 ateb")]),
    ("services", {"used-services": ["treatment", "none"]},
     [("q-used-services", "You cannot select ‘None of these’ with any other answer",
       "Allwch chi ddim dewis ‘Dim un o'r rhain’ gydag unrhyw ateb arall")]),
    ("services", {"used-services": ["treatment", "cake"]},
     [("q-used-services", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")]),
    ("about-you", {"comments": "a" * 2001},
     [("q-comments", "Your answer must be 2000 characters or fewer", "Rhaid i'ch ateb fod yn 2000 nod neu lai")]),
]
IDS = ["required", "unknown-option", "not-a-number", "not-whole", "below-min", "above-max", "hidden-not-checked",
       "single-unknown", "grid-row-out-of-range", "two-errors", "max-choices", "exclusive", "multiple-unknown",
       "too-long"]


def summary(page_html: str) -> list[tuple[str, str]]:
    box = re.search(r'class="error-summary__list">(.*?)</ul>', page_html, re.S)
    return [(a, html.unescape(m)) for a, m in SUMMARY_LINK.findall(box.group(1))] if box else []


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("page, form, expected", CASES, ids=IDS)
def test_errors_follow_the_gov_uk_pattern(client: FlaskClient, conformance: SurveyDefinition, lang: str, page: str,
                                          form: dict[str, Any], expected: list[tuple[str, str, str]]) -> None:
    you = Respondent(client, BASE)
    you.post(f"/{lang}/p/services", {"used-services": ["treatment"]})  # so the later pages are reached
    response = you.post(f"/{lang}/p/{page}", form)
    assert response.status_code == 200  # no redirect: the page is shown again
    page_html = text_of(response)
    wanted = [(anchor, en if lang == "en" else cy) for anchor, en, cy in expected]
    assert summary(page_html) == wanted
    assert re.search(r"<title>(Error|Gwall):", page_html).group(1) == ("Error" if lang == "en" else "Gwall")
    assert f'<html lang="{lang}">' in page_html
    for anchor, message in wanted:
        assert f'id="{anchor}"' in page_html  # the summary's link leads to a real field
        inline = re.search(rf'<p id="{anchor}-error" class="error-message">.*?</span> ([^<]+)</p>', page_html)
        assert inline and html.unescape(inline.group(1)) == message
        assert re.search(rf'aria-describedby="[^"]*{anchor}-error', page_html)


def _kept(lang: str) -> list[tuple[str, dict[str, Any], list[str]]]:
    return [
        ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": "lots"},
         ['value="yes" checked', 'value="lots"']),
        ("services", {"used-services": ["treatment", "none"]},
         ['value="treatment" checked', 'value="none" checked']),
        ("your-area", {"area": "powys", "feel-safe__daytime": "2", "feel-safe__after-dark": "9"},
         ['value="powys" checked', 'name="feel-safe__daytime" type="radio" value="2" checked']),
        ("about-you", {"age-band": "18-34", "comments": "ŵ <b>bold</b> " + "a" * 2000},
         ['value="18-34" checked', "ŵ &lt;b&gt;bold&lt;/b&gt; aaaa"]),
    ]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_entered_values_are_kept_and_nothing_is_saved(client: FlaskClient, conformance: SurveyDefinition,
                                                      lang: str) -> None:
    you = Respondent(client, BASE)
    you.post(f"/{lang}/p/services", {"used-services": ["treatment"]})
    saved = db.session.scalars(select(Draft.answers_json)).one()
    for page, form, shown in _kept(lang):
        page_html = text_of(you.post(f"/{lang}/p/{page}", form))
        assert summary(page_html), page
        assert all(s in page_html for s in shown), (page, shown)
    db.session.expire_all()
    assert db.session.scalars(select(Draft.answers_json)).one() == saved  # answers in error are never kept


def test_a_required_grid_names_each_missing_row(client: FlaskClient, make_survey: Callable[..., Any]) -> None:
    make_survey(lambda raw: raw["pages"][0]["questions"][1].update(required=True))
    you = Respondent(client, BASE)
    for lang, rows in (("en", ["Select an answer for ‘During the day’", "Select an answer for ‘After dark’"]),
                       ("cy", ["Dewiswch ateb ar gyfer ‘Yn ystod y dydd’",
                               "Dewiswch ateb ar gyfer ‘Ar ôl iddi dywyllu’"])):
        page_html = text_of(you.post(f"/{lang}/p/your-area", {"area": "powys"}))
        assert summary(page_html) == list(zip(["q-feel-safe-daytime", "q-feel-safe-after-dark"], rows))
        assert 'id="q-feel-safe-daytime"' in page_html and 'id="q-feel-safe-after-dark"' in page_html
        page_html = text_of(you.post(f"/{lang}/p/your-area", {"feel-safe__after-dark": "1"}))
        assert summary(page_html) == [("q-feel-safe-daytime", rows[0])]
    assert you.post("/en/p/your-area", {"feel-safe__daytime": "5", "feel-safe__after-dark": "1"}).status_code == 302


def test_a_valid_page_moves_on_without_errors(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    response = you.post("/cy/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": "1,000"})
    assert response.status_code == 302 and response.location.endswith("/cy/p/services")
    assert "Gwall:" not in text_of(you.get("/cy/p/what-you-have-seen"))
    assert 'value="1000"' in text_of(you.get("/cy/p/what-you-have-seen"))
