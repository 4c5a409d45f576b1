"""Edits to the builder's document: pure functions, each returning a new document.

Lists (pages, a page's questions, a question's options, scale points and rows) are named by
their path in the document, so moving, duplicating and removing work the same for all of them.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

from ..vocabulary import DEFINITION_CHANNELS, Language
from .document import (ITEM_LISTS, PAGE_TEXTS, QUESTION_TEXTS, SURVEY_TEXTS, TYPE_KEYS, Doc, Path,
                       all_questions, blank_text, conditions_of, fresh_id, item_key, new_item, new_page,
                       new_question, node_at, page_ids, question_ids, set_text, text_at, text_fields)

Texts = dict[str, tuple[str, str]]  # name -> (Welsh, English)
Condition = tuple[str, list[Any]]   # (question id, the answers any of which shows it)
COMMON_QUESTION_KEYS = ("id", "type", "text", "hint", "required", "show_if")


def _copy(doc: Doc) -> Doc:
    return copy.deepcopy(doc)


def set_value(node: Doc, key: str, value: Any, default: Any = None) -> None:
    """Set a key; a value left out (None), or the default where the file did not say it, is not written."""
    if value is None or (value == default and key not in node):
        node.pop(key, None)
    else:
        node[key] = value


# ---------------------------------------------------------------- any list

def move(doc: Doc, list_path: Path, index: int, delta: int) -> Doc:
    """Move an item up (delta -1) or down (+1); at either end nothing changes."""
    new = _copy(doc)
    items = node_at(new, list_path)
    target = index + delta
    if 0 <= index < len(items) and 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    return new


def remove(doc: Doc, list_path: Path, index: int) -> Doc:
    new = _copy(doc)
    items = node_at(new, list_path)
    if 0 <= index < len(items):
        del items[index]
    return new


def _copy_question(question: Doc, taken: set[str]) -> Doc:
    twin = copy.deepcopy(question)
    twin["id"] = fresh_id(f"{question['id']}-copy", taken)
    taken.add(twin["id"])
    return twin


def _copy_item(list_name: str, items: list[Doc], item: Doc) -> Doc:
    twin = copy.deepcopy(item)
    key = item_key(list_name)
    if list_name == "scale":
        twin[key] = max([int(i[key]) for i in items if isinstance(i.get(key), int)] or [0]) + 1
    else:
        twin[key] = fresh_id(f"{item[key]}-copy", {str(i.get(key)) for i in items})
    twin.pop("exclusive", None)
    return twin


def duplicate(doc: Doc, list_path: Path, index: int) -> Doc:
    """Put a copy just after the item, with new ids (a copied page's questions get new ids too)."""
    new = _copy(doc)
    items = node_at(new, list_path)
    if not 0 <= index < len(items):
        return new
    original = items[index]
    name = list_path[-1]
    if name == "pages":
        twin = copy.deepcopy(original)
        twin["id"] = fresh_id(f"{original['id']}-copy", page_ids(new))
        taken = question_ids(new)
        twin["questions"] = [_copy_question(q, taken) for q in original.get("questions") or []]
    elif name == "questions":
        twin = _copy_question(original, question_ids(new))
    else:
        twin = _copy_item(name, items, original)
    items.insert(index + 1, twin)
    return new


def add_page(doc: Doc) -> tuple[Doc, int]:
    new = _copy(doc)
    pages = new.setdefault("pages", [])
    pages.append(new_page(fresh_id(f"page-{len(pages) + 1}", page_ids(new))))
    return new, len(pages) - 1


def add_question(doc: Doc, page: int, kind: str) -> tuple[Doc, int]:
    new = _copy(doc)
    questions = new["pages"][page].setdefault("questions", [])
    questions.append(new_question(fresh_id(f"question-{len(question_ids(new)) + 1}", question_ids(new)), kind))
    return new, len(questions) - 1


def add_item(question: Doc, list_name: str) -> None:
    items = question.setdefault(list_name, [])
    if list_name == "scale":
        key: Any = max([int(i["value"]) for i in items if isinstance(i.get("value"), int)] or [0]) + 1
    else:
        key = fresh_id("new" if list_name == "options" else "row", {str(i.get(item_key(list_name))) for i in items})
    items.append(new_item(list_name, key))


# ---------------------------------------------------------------- conditions

def _same_conditions(node: Doc, conditions: list[Condition]) -> bool:
    now = {(str(c.get("question")), frozenset(map(str, c.get("any_of") or []))) for c in conditions_of(node)}
    return now == {(qid, frozenset(map(str, values))) for qid, values in conditions}


def set_conditions(node: Doc, conditions: list[Condition]) -> None:
    """show_if from the answers ticked: one condition is a mapping, several a list (all must hold).

    Conditions that did not change keep the file's own way of writing them.
    """
    conditions = [(qid, values) for qid, values in conditions if values]
    if _same_conditions(node, conditions):
        return
    written = [{"question": qid, "any_of": list(values)} for qid, values in conditions]
    set_value(node, "show_if", None if not written else (written[0] if len(written) == 1 else written))


def rename_references(doc: Doc, old: str, new_id: str) -> None:
    """Conditions naming a question follow it when its id changes."""
    nodes = list(doc.get("pages") or []) + [q for _, _, q in all_questions(doc)]
    for node in nodes:
        for condition in conditions_of(node):
            if condition.get("question") == old:
                condition["question"] = new_id


# ---------------------------------------------------------------- settings, pages, questions

@dataclass
class SettingsData:
    id: str
    texts: Texts
    channels: list[str]
    retention_days: int | None
    opens: str | None
    closes: str | None
    min_cell: int | None = None
    release_min_new: int | None = None


def update_settings(doc: Doc, data: SettingsData) -> Doc:
    new = _copy(doc)
    new["id"] = data.id
    for name, required in SURVEY_TEXTS:
        set_text(new, name, *data.texts.get(name, ("", "")), required=required)
    set_value(new, "opens", data.opens or None)
    set_value(new, "closes", data.closes or None)
    channels = [c.value for c in DEFINITION_CHANNELS if c in data.channels]  # plain strings, for YAML
    set_value(new, "channels", channels or [], default=[c.value for c in DEFINITION_CHANNELS])
    set_value(new, "retention_days", data.retention_days)
    set_value(new, "min_cell", data.min_cell)
    set_value(new, "release_min_new", data.release_min_new)
    return new


@dataclass
class PageData:
    id: str
    texts: Texts
    conditions: list[Condition]


def update_page(doc: Doc, page: int, data: PageData) -> Doc:
    new = _copy(doc)
    node = new["pages"][page]
    node["id"] = data.id
    for name, required in PAGE_TEXTS:
        set_text(node, name, *data.texts.get(name, ("", "")), required=required)
    set_conditions(node, data.conditions)
    return new


@dataclass
class ItemData:
    key: Any
    cy: str
    en: str
    exclusive: bool = False


@dataclass
class QuestionData:
    id: str
    kind: str
    texts: Texts
    required: bool = False
    breakdown: bool = False
    long: bool = False
    integer: bool = True
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    max_choices: int | None = None
    conditions: list[Condition] = field(default_factory=list)
    items: dict[str, list[ItemData]] = field(default_factory=dict)


def _write_items(node: Doc, list_name: str, items: list[ItemData]) -> None:
    old = {str(i.get(item_key(list_name))): i for i in node.get(list_name) or []}
    written = []
    for item in items:
        entry = copy.deepcopy(old.get(str(item.key), {}))
        entry[item_key(list_name)] = item.key
        set_text(entry, "label", item.cy, item.en, required=True)
        if list_name == "options" and node.get("type") == "multiple_choice":
            set_value(entry, "exclusive", item.exclusive, default=False)
        else:
            entry.pop("exclusive", None)
        written.append(entry)
    node[list_name] = written


def update_question(doc: Doc, page: int, index: int, data: QuestionData) -> Doc:
    """Write a question from its form; keys another type would use are dropped when the type changes."""
    new = _copy(doc)
    node = new["pages"][page]["questions"][index]
    old_id = node.get("id")
    node["id"], node["type"] = data.id, data.kind
    if old_id != data.id:
        rename_references(new, str(old_id), data.id)
    for key in [k for k in node if k not in COMMON_QUESTION_KEYS + TYPE_KEYS[data.kind]]:
        del node[key]
    for name, required in QUESTION_TEXTS:
        set_text(node, name, *data.texts.get(name, ("", "")), required=required)
    set_value(node, "required", data.required, default=False)
    set_conditions(node, data.conditions)
    writers: dict[str, Callable[[], None]] = {
        "single_choice": lambda: set_value(node, "breakdown", data.breakdown, default=False),
        "multiple_choice": lambda: set_value(node, "max_choices", data.max_choices),
        "number": lambda: (set_value(node, "min", data.min), set_value(node, "max", data.max),
                           set_value(node, "integer", data.integer, default=True)),
        "text": lambda: (set_value(node, "long", data.long, default=False),
                         set_value(node, "max_length", data.max_length)),
        "scale": lambda: None,
    }
    writers[data.kind]()
    for list_name in ITEM_LISTS:
        if list_name in TYPE_KEYS[data.kind]:
            if list_name in data.items:
                _write_items(node, list_name, data.items[list_name])
            elif list_name != "rows":
                node.setdefault(list_name, [])
            if list_name == "rows" and not node.get("rows"):
                node.pop("rows", None)
    return new


def question_list_action(doc: Doc, page: int, index: int, list_name: str, action: str, item: int) -> Doc:
    """Add, move, copy or remove an option, scale point or row of one question."""
    path: Path = ("pages", page, "questions", index, list_name)
    actions: dict[str, Callable[[], Doc]] = {
        "up": lambda: move(doc, path, item, -1), "down": lambda: move(doc, path, item, 1),
        "copy": lambda: duplicate(doc, path, item), "remove": lambda: remove(doc, path, item),
    }
    if action == "add":
        new = _copy(doc)
        add_item(new["pages"][page]["questions"][index], list_name)
        return new
    return actions[action]()


# ---------------------------------------------------------------- Welsh, and what changed

def apply_welsh(doc: Doc, welsh: dict[str, str]) -> Doc:
    """Set the Welsh of the texts named by their keys (survey:title, q:ID:text ...); nothing else."""
    new = _copy(doc)
    for text in text_fields(new, present_only=False):
        if text.key in welsh:
            parent = node_at(new, text.path[:-1])
            current = parent.get(text.path[-1])
            if not isinstance(current, dict):
                current = blank_text()
                parent[text.path[-1]] = current
            current["cy"] = welsh[text.key].replace("\r\n", "\n").strip()
            if not text.required and not current["cy"] and not current.get("en"):
                parent.pop(text.path[-1])
    return new


def without_welsh(doc: Doc) -> Doc:
    """The document with every Welsh text blanked: what a translator may not change."""
    new = _copy(doc)
    for text in text_fields(new):
        text_at(new, text.path)["cy"] = ""
    return new


def only_welsh_changed(old: Doc, new: Doc) -> bool:
    return without_welsh(old) == without_welsh(new)


@dataclass(frozen=True)
class TextChange:
    key: str
    lang: str
    before: str
    after: str


def text_changes(old: Doc, new: Doc) -> list[TextChange]:
    """Each wording that differs between two documents (texts are matched by their keys)."""
    before = {f.key: text_at(old, f.path) for f in text_fields(old)}
    changes = []
    for text in text_fields(new):
        after = text_at(new, text.path)
        was = before.get(text.key, {})
        for lang in Language:
            if (was.get(lang) or "") != (after.get(lang) or ""):
                changes.append(TextChange(text.key, lang, was.get(lang) or "", after.get(lang) or ""))
    return changes
