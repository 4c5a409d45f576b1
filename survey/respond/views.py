"""The respondent's pages, written once for every way in (public link or kiosk).

Views stay thin: find the entry and draft, let flow.py decide, store, redirect.
"""
from __future__ import annotations

from typing import Any, Callable

from babel.lists import format_list
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from ..definition.model import Page, Question, SurveyDefinition
from ..extensions import db
from ..models import Response as StoredResponse
from ..models import utcnow
from ..questions import FieldError, FormData, anchor, kind_of
from ..responses import add_response
from ..text import plain
from ..vocabulary import LANGUAGES, LANGUAGE_IN_PATH
from .. import flow
from . import drafts
from .entry import Entry

ResolveEntry = Callable[[dict[str, Any]], Entry]
LANG = LANGUAGE_IN_PATH
HONEYPOT = "website"


def _form() -> dict[str, list[str]]:
    return {key: request.form.getlist(key) for key in request.form}


def carried_query() -> dict[str, str]:
    """The query arguments a page's address keeps when it changes (the language, a redirect): only
    `return=check`. Never the whole query string: its names could clash with the route's own."""
    return {"return": "check"} if request.args.get("return") == "check" else {}


def _same_page_conditions(page: Page, question: Question) -> bool:
    ids = {q.id for q in page.questions}
    return any(c.question in ids for c in question.show_if)


def _shown_on_arrival(page: Page, question: Question, answers: flow.Answers) -> bool:
    """Shown when the page is drawn: conditions on earlier pages hold (same-page ones are revealed live)."""
    ids = {q.id for q in page.questions}
    return all(c.holds(answers) for c in question.show_if if c.question not in ids)


def _anchors(question: Question) -> set[str]:
    return {anchor(question)} | {anchor(question, r.id) for r in question.rows}


def condition_note(page: Page, question: Question, definition: SurveyDefinition, lang: str) -> str:
    """What a reader without JavaScript is told about a question revealed by an answer above."""
    ids = {q.id for q in page.questions}
    notes = []
    for condition in question.show_if:
        target = definition.question(condition.question)
        if condition.question not in ids or target is None:
            continue
        labels = [f"‘{o.label(lang)}’" for o in target.choices if o.value in condition.any_of]
        notes.append(gettext("Answer this only if you gave one of these answers to the question "
                             "‘%(question)s’: %(answers)s.", question=plain(target.text(lang)),
                             answers=format_list(labels, style="or", locale=lang)))
    return " ".join(notes)


def too_big(page: Page) -> FieldError:
    """Answers too long to keep (all told): said at the page's first question."""
    return FieldError(anchor(page.questions[0]), gettext(
        "Your answers are too long for us to keep. Make them shorter, then try again."))


def _page_url(entry: Entry, lang: str, page: Page | None) -> str:
    return entry.url("page", lang=lang, page_id=page.id) if page else entry.url("check", lang=lang)


def _notes(page: Page, definition: SurveyDefinition, lang: str) -> dict[str, str]:
    """The condition notes of the page's questions that depend on an answer on the same page."""
    return {q.id: condition_note(page, q, definition, lang)
            for q in page.questions if _same_page_conditions(page, q)}


def render_question(question: Question, lang: str, single: bool, values: FormData,
                    errors: list[FieldError]) -> Markup:
    """The question's form (questions/*.html), showing the values and errors given."""
    template = current_app.jinja_env.get_template(kind_of(question).template)
    return Markup(template.render(question=question, lang=lang, single=single, values=values,
                                  question_errors=errors))


def render_page(entry: Entry, lang: str, page: Page, answers: flow.Answers,
                values: dict[str, list[str]], errors: list[FieldError]) -> str:
    definition = entry.survey.definition
    if request.args.get("return") == "check":
        back = entry.url("check", lang=lang)
    else:
        previous = flow.previous_page(definition, answers, page)
        back = entry.url("page", lang=lang, page_id=previous.id) if previous else entry.url("start", lang=lang)
    questions = [q for q in page.questions if _shown_on_arrival(page, q, answers)]
    single = page.title is None and len(questions) == 1
    return render_template(
        "respond/page.html", entry=entry, lang=lang, survey=definition, page=page,
        questions=questions, errors=errors, back_url=back, notes=_notes(page, definition, lang),
        forms={q.id: render_question(q, lang, single, values, [e for e in errors if e.anchor in _anchors(q)])
               for q in questions})


def start(entry: Entry, lang: str) -> str:
    session["lang"] = lang
    first = flow.next_page(entry.survey.definition, {}, None)
    return render_template("respond/start.html", entry=entry, lang=lang,
                           survey=entry.survey.definition, start_url=_page_url(entry, lang, first))


def page(entry: Entry, lang: str, page_id: str) -> Any:
    definition = entry.survey.definition
    current = definition.page(page_id) or abort(404)
    draft = drafts.find_draft(entry.scope, entry.draft_lifetime, entry.draft_lookup)
    answers = drafts.answers_of(draft)
    if not flow.page_shown(current, answers):
        return redirect(_page_url(entry, lang, flow.next_page(definition, answers, current)))
    if request.method == "GET":
        values = drafts.pending_of(draft, current.id)
        if values is None:
            values = {}
            for q in current.questions:
                values.update(kind_of(q).to_form(q, answers.get(q.id)))
        return render_page(entry, lang, current, answers, values, [])
    form = _form()
    if any(v.strip() for v in form.pop(HONEYPOT, [])):
        abort(400)  # only software fills in a field that people cannot see
    new_answers, errors = flow.read_page(definition, current, form, answers)
    switch_to = form.get("switch_language", [""])[0]
    if errors and switch_to not in LANGUAGES:
        return render_page(entry, lang, current, answers, form, errors)
    try:
        pending = {current.id: drafts.page_form(current, form)} if switch_to in LANGUAGES else None
        drafts.save_draft(draft or drafts.start_draft(entry.scope, definition.id, entry.channel, entry.site),
                          new_answers, pending=pending)
    except drafts.TooBig:
        return render_page(entry, lang, current, answers, form, errors or [too_big(current)]), 413
    if switch_to in LANGUAGES:
        return redirect(entry.url("page", lang=switch_to, page_id=current.id, **carried_query()))
    if request.args.get("return") == "check" and not flow.first_incomplete_page(definition, new_answers):
        return redirect(entry.url("check", lang=lang))
    return redirect(_page_url(entry, lang, flow.next_page(definition, new_answers, current)))


def check(entry: Entry, lang: str) -> Any:
    definition: SurveyDefinition = entry.survey.definition
    draft = drafts.find_draft(entry.scope, entry.draft_lifetime, entry.draft_lookup)
    if request.method == "POST":
        return submit(entry, lang, draft)
    if draft is None:
        return redirect(entry.url("start", lang=lang))
    answers = flow.prune(definition, drafts.answers_of(draft))
    incomplete = flow.first_incomplete_page(definition, answers)
    if incomplete:
        return redirect(_page_url(entry, lang, incomplete))
    return render_template("respond/check.html", entry=entry, lang=lang, survey=definition,
                           summary=flow.summary(definition, answers, lang),
                           submission_key=draft.submission_key,
                           back_url=_page_url(entry, lang, flow.visible_pages(definition, answers)[-1]))


def _already_stored(key: str) -> bool:
    return bool(key) and db.session.scalar(
        select(StoredResponse.id).where(StoredResponse.submission_key == key)) is not None


def submit(entry: Entry, lang: str, draft: drafts.SavedDraft | None) -> Any:
    """Store the response once, however often the button is pressed."""
    key = request.form.get("submission_key", "")
    thanks = redirect(entry.url("thanks", lang=lang))
    if draft is None or draft.submission_key != key:
        return thanks if _already_stored(key) else redirect(entry.url("start", lang=lang))
    definition = entry.survey.definition
    answers = flow.prune(definition, drafts.answers_of(draft))
    if flow.first_incomplete_page(definition, answers):
        return redirect(entry.url("check", lang=lang))
    try:
        add_response(definition, answers, entry.provenance(lang), utcnow().date(), submission_key=key)
        drafts.delete_draft(draft)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if not _already_stored(key):
            raise
    except OperationalError:
        db.session.rollback()
        return Response(render_template("respond/try_again.html", entry=entry, lang=lang,
                                        survey=definition, submission_key=key), status=503)
    session.pop(f"draft:{entry.scope}", None)
    return thanks


def thanks(entry: Entry, lang: str) -> str:
    return render_template("respond/thanks.html", entry=entry, lang=lang, survey=entry.survey.definition)


def privacy(entry: Entry, lang: str) -> str:
    return render_template("respond/privacy.html", entry=entry, lang=lang, survey=entry.survey.definition)


# Which way in each blueprint serves: its name -> how an Entry is found from its prefix's arguments.
WAYS_IN: dict[str, ResolveEntry] = {}


def _entry(way_in: dict[str, Any]) -> Entry:
    return WAYS_IN[str(request.blueprint)](way_in)


def start_view(lang: str, **way_in: Any) -> Any:
    return start(_entry(way_in), lang)


def page_view(lang: str, page_id: str, **way_in: Any) -> Any:
    return page(_entry(way_in), lang, page_id)


def check_view(lang: str, **way_in: Any) -> Any:
    return check(_entry(way_in), lang)


def thanks_view(lang: str, **way_in: Any) -> Any:
    return thanks(_entry(way_in), lang)


def privacy_view(lang: str, **way_in: Any) -> Any:
    return privacy(_entry(way_in), lang)


# The survey's pages, the same under every way in: /s/<survey_id> (respond/__init__.py, a public
# link) and /k/<token> (kiosk/views.py). Rule after the prefix, endpoint, view, methods.
FLOW_ROUTES: tuple[tuple[str, str, Callable[..., Any], tuple[str, ...]], ...] = (
    (f"/{LANG}", "start", start_view, ("GET",)),
    (f"/{LANG}/p/<page_id>", "page", page_view, ("GET", "POST")),
    (f"/{LANG}/check", "check", check_view, ("GET", "POST")),
    (f"/{LANG}/thanks", "thanks", thanks_view, ("GET",)),
    (f"/{LANG}/privacy", "privacy", privacy_view, ("GET",)),
)


def register_flow(blueprint: Blueprint, resolve: ResolveEntry) -> None:
    """Add the survey's pages (FLOW_ROUTES) to a blueprint whose prefix names the way in."""
    WAYS_IN[blueprint.name] = resolve
    for rule, endpoint, view, methods in FLOW_ROUTES:
        blueprint.add_url_rule(rule, endpoint, view, methods=list(methods))
