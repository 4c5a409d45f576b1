"""Reading the builder's forms (any mapping with getlist, such as request.form) into edits.

Field names: a text is NAME-cy and NAME-en; an option, scale point or row is LIST-N-value (or
-id), LIST-N-cy, LIST-N-en and LIST-N-exclusive; a condition's ticked answers are show_if-QID.
Numbers that cannot be read come back as errors for the error summary, each naming its field.
"""
from __future__ import annotations

import re
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l

from .document import (ITEM_LISTS, PAGE_TEXTS, QUESTION_TEXTS, QUESTION_TYPES, SURVEY_TEXTS, Doc, clean_text,
                       fresh_id, item_key, slugify)
from .edits import Condition, ItemData, PageData, QuestionData, SettingsData, Texts

Errors = list[dict[str, str]]  # {"anchor": field id, "message": ...}
WHOLE_NUMBER = _l("Enter a whole number, such as 10")
NUMBER = _l("Enter a number, such as 10 or 2.5")
SCALE_VALUE = _l("Enter a whole number for each point of the scale, such as 1")
ACTION = re.compile(r"^(options|scale|rows):(add|up|down|copy|remove)(?::(\d+))?$")


class Form(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...


def texts(form: Form, names: tuple[tuple[str, bool], ...]) -> Texts:
    return {name: (form.get(f"{name}-cy", ""), form.get(f"{name}-en", "")) for name, _ in names}


def _number(form: Form, name: str, errors: Errors, whole: bool = True) -> Any:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or value != value or value in (float("inf"), float("-inf")) or (whole and not value.is_integer()):
        errors.append({"anchor": name, "message": str(WHOLE_NUMBER if whole else NUMBER)})
        return None
    return int(value) if value.is_integer() else value


def _checked(form: Form, name: str) -> bool:
    return form.get(name) in ("y", "on", "true", "1")


def conditions(form: Form, candidates: list[Doc]) -> list[Condition]:
    """The answers ticked under each earlier question; values keep their type (a scale's are numbers)."""
    found = []
    for question in candidates:
        ticked = set(form.getlist(f"show_if-{question['id']}"))
        values = [o["value"] for o in question.get("options") or question.get("scale") or []
                  if str(o["value"]) in ticked]
        if values:
            found.append((str(question["id"]), values))
    return found


def settings(form: Form) -> tuple[SettingsData, Errors]:
    errors: Errors = []
    data = SettingsData(
        id=(form.get("id") or "").strip(), texts=texts(form, SURVEY_TEXTS),
        channels=list(form.getlist("channels")), retention_days=_number(form, "retention_days", errors),
        opens=(form.get("opens") or "").strip() or None, closes=(form.get("closes") or "").strip() or None,
        min_cell=_number(form, "min_cell", errors), release_min_new=_number(form, "release_min_new", errors))
    return data, errors


def page(form: Form, candidates: list[Doc]) -> PageData:
    return PageData(id=(form.get("id") or "").strip(), texts=texts(form, PAGE_TEXTS),
                    conditions=conditions(form, candidates))


def _items(form: Form, list_name: str, errors: Errors) -> list[ItemData]:
    items: list[ItemData] = []
    key_field = item_key(list_name)
    taken: set[str] = set()
    index = 0
    while f"{list_name}-{index}-{key_field}" in form:
        prefix = f"{list_name}-{index}"
        raw_key = (form.get(f"{prefix}-{key_field}") or "").strip()
        key: Any = raw_key
        if list_name == "scale":
            key = _number(form, f"{prefix}-value", errors)
            if key is None and not any(e["anchor"] == f"{prefix}-value" for e in errors):
                errors.append({"anchor": f"{prefix}-value", "message": str(SCALE_VALUE)})
        elif not raw_key:  # made from the English label, so staff need not invent one
            key = fresh_id(slugify(clean_text(form.get(f"{prefix}-en"))) or f"{list_name}-{index + 1}", taken)
        taken.add(str(key))
        items.append(ItemData(key=key, cy=form.get(f"{prefix}-cy", ""), en=form.get(f"{prefix}-en", ""),
                              exclusive=_checked(form, f"{prefix}-exclusive")))
        index += 1
    return items


def question(form: Form, current_type: str, candidates: list[Doc]) -> tuple[QuestionData, Errors]:
    errors: Errors = []
    kind = form.get("type") if form.get("type") in QUESTION_TYPES else current_type
    data = QuestionData(
        id=(form.get("id") or "").strip(), kind=kind, texts=texts(form, QUESTION_TEXTS),
        required=_checked(form, "required"), breakdown=_checked(form, "breakdown"), long=_checked(form, "long"),
        integer=not _checked(form, "decimals"), max_length=_number(form, "max_length", errors),
        min=_number(form, "min", errors, whole=False), max=_number(form, "max", errors, whole=False),
        max_choices=_number(form, "max_choices", errors), conditions=conditions(form, candidates),
        items={name: _items(form, name, errors) for name in ITEM_LISTS if f"{name}-shown" in form})
    return data, errors


def list_action(form: Form) -> tuple[str, str, int] | None:
    """The option, scale or row button pressed: (list, action, index), or None for Save."""
    found = ACTION.match(form.get("action") or "")
    if not found:
        return None
    return found.group(1), found.group(2), int(found.group(3) or 0)
