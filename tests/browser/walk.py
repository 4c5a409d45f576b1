"""Walking surveys in a real browser: answers chosen from the definition, every respondent page visited.

Shared by the browser tests: `walk_survey` goes through a survey from its language choice to its
thank-you page, calling `visit(page, label)` on every page it reaches (each question page also in
its error state, when the page can be answered wrongly), and `walk_site_pages` does the same for the
pages outside the survey flow. The tests decide what to check on each page.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml
from sqlalchemy import select

from survey.definition import parse_definition
from survey.definition.model import Page, Question, SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Response, TextAnswer
from survey.vocabulary import SurveyState as SurveyStatus
from survey.surveys import set_status

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "fixtures" / "conformance.yaml"
EXAMPLES = sorted((ROOT / "survey" / "examples").glob("*.yaml"))
SURVEY_FILES = [CONFORMANCE, *EXAMPLES]
LANGS = ("cy", "en")
TYPED_TEXT = "Mwy o olau stryd — more street lights"
MAX_STEPS = 40
CLOSED_ID, FUTURE_ID = "closed-survey", "future-survey"

Visit = Callable[[Any, str], None]


# ---------------------------------------------------------------- which answers to give

def _conditions_on(definition: SurveyDefinition, question: Question) -> list[tuple[str, ...]]:
    """The any_of lists of every condition (on pages and questions) that names this question."""
    found = [c.any_of for p in definition.pages for c in p.show_if if c.question == question.id]
    found += [c.any_of for _, q in definition.questions() for c in q.show_if if c.question == question.id]
    return found


def chosen_values(definition: SurveyDefinition, question: Question) -> list[str]:
    """Values that show every page and question that depends on this one (else the first option)."""
    choices = [o.value for o in question.choices if not o.exclusive]
    wanted = _conditions_on(definition, question)
    if question.type == "multiple_choice":
        picked: list[str] = []
        for any_of in wanted:
            if not set(picked) & set(any_of):
                picked.append(next(v for v in choices if v in any_of))
        return (picked or choices[:1])[: question.max_choices or None]
    best = max(choices, key=lambda v: sum(v in any_of for any_of in wanted))
    return [best]


def typed_value(question: Question) -> str:
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 10
        return str(int(min(max(low, 3), high)))
    return TYPED_TEXT[: question.max_length]


def shown(page: Any, question: Question) -> bool:
    return bool(page.locator(f"#question-{question.id}").is_visible())


def field(page: Any, name: str, value: str | None = None) -> Any:
    selector = f'[name="{name}"]' + (f'[value="{value}"]' if value is not None else "")
    return page.locator(f"#answers {selector}")


def answer_question(page: Any, definition: SurveyDefinition, question: Question) -> None:
    """Give the usual answer to one question shown on the page (clicks and typing, not keys)."""
    if question.type in ("number", "text"):
        field(page, question.id).fill(typed_value(question))
    elif question.rows:
        for row in question.rows:
            field(page, f"{question.id}__{row.id}", question.scale[0].value).check()
    else:
        for value in chosen_values(definition, question):
            field(page, question.id, value).check()


def answer_page(page: Any, definition: SurveyDefinition, page_def: Page) -> None:
    """Answer every question the page shows, in order (so that answers reveal what they should)."""
    for question in page_def.questions:
        if shown(page, question):
            answer_question(page, definition, question)


def answer_wrongly(page: Any, definition: SurveyDefinition, page_def: Page) -> bool:
    """Fill the page so that the server must refuse it; False when it cannot be answered wrongly.

    Numbers get letters, a multiple choice with a limit gets one answer too many, and a required
    question is left unanswered; every other question gets its usual answer.
    """
    wrong = False
    for question in page_def.questions:
        if not shown(page, question):
            continue
        limit = question.max_choices
        if question.type == "number":
            field(page, question.id).fill("lots")
        elif question.type == "multiple_choice" and limit and len(question.options) > limit:
            for option in [o for o in question.options if not o.exclusive][: limit + 1]:
                field(page, question.id, option.value).check()
        elif question.required:
            continue
        else:
            answer_question(page, definition, question)
            continue
        wrong = True
    wrong = wrong or any(q.required and shown(page, q) for q in page_def.questions)
    return wrong


# ---------------------------------------------------------------- moving through the pages

def submit(page: Any, selector: str = "#answers button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def address(page: Any) -> str:
    """The page's address without its fragment (which a browser keeps through a form's redirect)."""
    return str(page.url).split("#", 1)[0]


def current_page_id(page: Any) -> str:
    return address(page).split("/p/", 1)[1].split("?", 1)[0]


def walk_survey(page: Any, base: str, definition: SurveyDefinition, lang: str, visit: Visit,
                errors: bool = True, language_choice: bool = True, privacy: bool = True) -> list[str]:
    """Answer the whole survey in one language, visiting each page; returns the page ids seen."""
    survey_url = f"{base}/s/{definition.id}"
    if privacy:
        page.goto(f"{survey_url}/{lang}/privacy")
        visit(page, "survey privacy notice")
    if language_choice:
        page.goto(survey_url)
        if "/s/" in page.url and page.url.rstrip("/").endswith(definition.id):
            visit(page, "language choice")
            with page.expect_navigation():
                page.locator(f'.language-choice a[lang="{lang}"]').click()
    if not page.url.rstrip("/").endswith(f"/{lang}"):
        page.goto(f"{survey_url}/{lang}")
    visit(page, "start")
    with page.expect_navigation():
        page.locator(".button--start").click()
    seen: list[str] = []
    while not address(page).endswith(f"/{lang}/check"):
        assert len(seen) < MAX_STEPS, f"the survey never reached its end: {seen}"
        page_id = current_page_id(page)
        page_def = definition.page(page_id)
        assert page_def is not None, page.url
        seen.append(page_id)
        visit(page, f"page {page_id}")
        if errors and answer_wrongly(page, definition, page_def):
            submit(page)
            assert page.locator(".error-summary").count() == 1, f"no error summary on {page.url}"
            visit(page, f"page {page_id} with errors")
            page.goto(page.url)  # afresh: the refused answers were never saved
        answer_page(page, definition, page_def)
        submit(page)
        assert page.locator(".error-summary").count() == 0, f"the usual answers were refused on {page.url}"
    visit(page, "check your answers")
    submit(page, "main form button[type=submit]")
    assert address(page).endswith(f"/{lang}/thanks"), page.url
    visit(page, "thank you")
    return seen


# ---------------------------------------------------------------- pages outside the survey flow

def load_surveys(live_server: Any, unavailable: bool = False) -> dict[str, SurveyDefinition]:
    """Load and open the conformance fixture and the examples; with `unavailable`, also a closed
    survey and one that opens in the future (for their pages). Returns the definitions by id."""
    loaded = {d.id: d for d in (live_server.load(path) for path in SURVEY_FILES)}
    if unavailable:
        raw = yaml.safe_load(CONFORMANCE.read_text(encoding="utf-8"))
        live_server.load(parse_definition(dict(raw, id=CLOSED_ID)))
        live_server.load(parse_definition(dict(raw, id=FUTURE_ID, opens="2099-01-01T09:00")))
        with live_server.app.app_context():
            set_status(CLOSED_ID, SurveyStatus.CLOSED)
    return loaded


def stored_responses(live_server: Any) -> list[dict[str, Any]]:
    """Every stored response: its language and channel, and its answers by question (values sorted)."""
    with live_server.app.app_context():
        found = []
        for response in db.session.scalars(select(Response).order_by(Response.id)):
            answers: dict[str, list[str]] = {}
            for answer in db.session.scalars(select(Answer).where(Answer.response_id == response.id)):
                if answer.value is None and answer.number is None:
                    continue  # the mark of an answered multiple-choice question, not an answer
                value = answer.value if answer.number is None else f"{answer.number:g}"
                key = f"{answer.question_id}.{answer.row_id}" if answer.row_id else answer.question_id
                answers.setdefault(key, []).append(str(value))
            found.append({"language": response.language, "channel": response.channel,
                          "answers": {k: sorted(v) for k, v in answers.items()}})
    return found


def stored_texts(live_server: Any) -> list[str]:
    """Every stored free-text answer (kept apart from the responses)."""
    with live_server.app.app_context():
        return [t.body for t in db.session.scalars(select(TextAnswer).order_by(TextAnswer.id))]


def walk_site_pages(page: Any, base: str, langs: tuple[str, ...], visit: Visit,
                    bilingual: bool = True, survey_id: str = "conformance-check") -> None:
    """The information pages, a missing page and an expired form in each language; then the pages
    shown in both languages at once (the index and unavailable surveys), when `bilingual`.

    Needs the surveys of load_surveys(live_server, unavailable=True).
    """
    for lang in langs:
        for name in ("accessibility", "cookies", "privacy"):
            page.goto(f"{base}/{lang}/{name}")
            visit(page, f"{name} page")
        response = page.goto(f"{base}/s/{survey_id}/{lang}/p/no-such-page")
        assert response is not None and response.status == 404
        visit(page, "page not found")
        page.goto(f"{base}/s/{survey_id}/{lang}")
        with page.expect_navigation():
            page.locator(".button--start").click()
        page.context.clear_cookies()  # as if the session had ended: the form's token no longer fits
        submit(page)
        assert page.locator("main h1").count() == 1
        visit(page, "expired form")
    if not bilingual:
        return
    for path, label in (("/", "index"), ("/s/no-such-survey", "unknown survey"),
                        (f"/s/{CLOSED_ID}", "closed survey"), (f"/s/{FUTURE_ID}", "survey not open yet")):
        page.goto(base + path)
        visit(page, label)
