"""Markup and text drawn from a survey's definition, worked out once per process and reused.

Parsed definitions are shared, immutable objects (Survey.definition keeps one per version), so
anything that depends only on them and on the language can be kept. A question's form depends on
the question, the language and whether it is alone on its page until an answer or an error is
shown in it; blank forms are most of what respondents are sent, so each is rendered once and kept.
Anything holding a respondent's answer or an error is rendered afresh every time, and never kept.
"""
from __future__ import annotations

import threading
from typing import Callable, Hashable, Sequence, TypeVar

from flask import current_app, request
from flask_babel import get_locale
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..definition.model import Question
from ..questions import FieldError, FormData, kind_of

KEPT = 2048  # entries: ample for dozens of surveys of a few dozen questions, in two languages
T = TypeVar("T")

_kept: dict[Hashable, tuple[object, object]] = {}
_lock = threading.Lock()


def remember(owner: object, key: tuple[Hashable, ...], work: Callable[[], T]) -> T:
    """work(), kept for as long as `owner` (a definition object it depends on) is the one in use.

    Entries are keyed by the owner's identity, and checked against the owner itself, so an object
    that replaces a forgotten one at the same address never receives its values.
    """
    full_key = (id(owner), str(get_locale()), *key)
    found = _kept.get(full_key)
    if found is not None and found[0] is owner:
        return found[1]  # type: ignore[return-value]
    value = work()
    with _lock:
        while len(_kept) >= KEPT:
            del _kept[next(iter(_kept))]  # the oldest first
        _kept[full_key] = (owner, value)
    return value


def render_question(question: Question, lang: str, single: bool, values: FormData,
                    errors: Sequence[FieldError]) -> Markup:
    """The question's form, showing the values and errors given (a blank form comes from the store)."""
    kind = kind_of(question)
    if errors or any(name in values for name in kind.form_fields(question)):
        return _render(kind.template, question, lang, single, values, errors)
    return remember(question, ("form", lang, single),
                    lambda: _render(kind.template, question, lang, single, {}, ()))


def _render(template: str, question: Question, lang: str, single: bool, values: FormData,
            errors: Sequence[FieldError]) -> Markup:
    found = current_app.jinja_env.get_template(template)
    return Markup(found.render(question=question, lang=lang, single=single, values=values,
                               question_errors=errors))


@pass_context
def kept_block(context: Context, name: str, draw: Callable[[], Markup]) -> Markup:
    """Part of a public page's frame that shows only the survey's text and fixed links, drawn once.

    templates/respond/_layout.html passes what draws it (a block's `super`, or a macro).
    """
    return remember(context["survey"], ("block", name, context["lang"], request.script_root), draw)
