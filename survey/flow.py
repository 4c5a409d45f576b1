"""The survey as a respondent moves through it: which pages and questions show, in order.

Pure functions of a definition and the answers given so far; no request, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .definition.model import Page, Question, SurveyDefinition, conditions_hold
from .questions import FieldError, FormData, kind_of

Answers = dict[str, Any]


def page_shown(page: Page, answers: Answers) -> bool:
    """Shown when its conditions hold and at least one of its questions is shown (no empty pages)."""
    return conditions_hold(page.show_if, answers) and any(question_shown(q, answers) for q in page.questions)


def question_shown(question: Question, answers: Answers) -> bool:
    return conditions_hold(question.show_if, answers)


def prune(definition: SurveyDefinition, answers: Answers) -> Answers:
    """Only the answers to questions that are shown, given the answers kept before them."""
    kept: Answers = {}
    for page, question in definition.questions():
        if question.id in answers and page_shown(page, kept) and question_shown(question, kept):
            kept[question.id] = answers[question.id]
    return kept


def visible_pages(definition: SurveyDefinition, answers: Answers) -> list[Page]:
    return [p for p in definition.pages if page_shown(p, answers)]


def visible_questions(page: Page, answers: Answers) -> list[Question]:
    return [q for q in page.questions if question_shown(q, answers)]


def next_page(definition: SurveyDefinition, answers: Answers, current: Page | None) -> Page | None:
    """The first shown page after the current one (after none: the first), or None at the end."""
    index = definition.pages.index(current) if current else -1
    return next((p for p in definition.pages[index + 1:] if page_shown(p, answers)), None)


def previous_page(definition: SurveyDefinition, answers: Answers, current: Page) -> Page | None:
    index = definition.pages.index(current)
    return next((p for p in reversed(definition.pages[:index]) if page_shown(p, answers)), None)


def read_page(definition: SurveyDefinition, page: Page, form: FormData,
              answers: Answers) -> tuple[Answers, list[FieldError]]:
    """The answers with this page's replaced by what the form holds, and what is wrong with them.

    A question that depends on another on the same page is judged by the new answer.
    """
    merged = {k: v for k, v in answers.items() if k not in {q.id for q in page.questions}}
    errors: list[FieldError] = []
    for question in page.questions:
        if not question_shown(question, merged):
            continue
        value, problems = kind_of(question).read(question, form)
        errors += problems
        if value is not None and not problems:
            merged[question.id] = value
    return prune(definition, merged), errors


def first_incomplete_page(definition: SurveyDefinition, answers: Answers) -> Page | None:
    """The first shown page with a required question left unanswered."""
    for page in visible_pages(definition, answers):
        if any(q.required and q.id not in answers for q in visible_questions(page, answers)):
            return page
    return None


@dataclass(frozen=True)
class AnsweredQuestion:
    page: Page
    question: Question
    lines: list[str]


def summary(definition: SurveyDefinition, answers: Answers,
            lang: str) -> list[tuple[Page, list[AnsweredQuestion]]]:
    """Every shown page's shown questions with the answers given, as check-your-answers lists them."""
    return [(page, [AnsweredQuestion(page, q, kind_of(q).display(q, answers[q.id], lang) if q.id in answers else [])
                    for q in visible_questions(page, answers)])
            for page in visible_pages(definition, answers)]


def response_problems(definition: SurveyDefinition, raw: dict[str, Any]) -> tuple[Answers, list[str]]:
    """Answers from an import line, checked as the web form checks them.

    Returns the answers to store (those to hidden questions dropped, as the form drops them)
    and the problems, each naming the question.
    """
    from .questions.base import Unreadable
    problems: list[str] = []
    answers: Answers = {}
    for question_id in raw:
        if definition.question(question_id) is None:
            problems.append(f"{question_id}: there is no such question")
    for _, question in definition.questions():
        if question.id not in raw:
            continue
        try:
            value = kind_of(question).from_json(question, raw[question.id])
        except Unreadable as exc:
            problems.append(f"{question.id}: {exc.error.message}")
            continue
        if value is not None:
            answers[question.id] = value
    kept = prune(definition, answers)
    for page in visible_pages(definition, kept):
        for question in visible_questions(page, kept):
            problems += [f"{question.id}: {e.message}"
                         for e in kind_of(question).problems(question, kept.get(question.id))]
    return kept, problems
