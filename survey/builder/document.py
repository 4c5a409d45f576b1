"""The builder's document: a survey definition as a plain dict, exactly the YAML file's shape.

The builder never keeps a model of its own. It edits this dict (pure functions in edits.py) and
asks the existing loader (survey.definition) whether it is valid, so the file and the builder are
two views of one thing. A draft may be unfinished: texts may be blank (blank Welsh is "missing
Welsh"), lists may be empty; the loader's problems are shown, and only a valid document is stored
as the survey.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Iterator

import yaml

from ..definition import DefinitionError, SurveyDefinition, parse_definition
from ..definition.loader import DefinitionError, _iso, format_path, parse_yaml
from ..vocabulary import Language

Doc = dict[str, Any]
Path = tuple[Any, ...]

QUESTION_TYPES = ("single_choice", "multiple_choice", "scale", "text", "number")
SURVEY_TEXTS = (("title", True), ("description", True), ("privacy", True), ("support", False),
                ("thank_you", False))
PAGE_TEXTS = (("title", False), ("intro", False))
QUESTION_TEXTS = (("text", True), ("hint", False))
# The keys each type of question may have besides id, type, text, hint, required and show_if.
TYPE_KEYS = {
    "single_choice": ("options", "breakdown"),
    "multiple_choice": ("options", "max_choices"),
    "scale": ("scale", "rows"),
    "number": ("min", "max", "integer"),
    "text": ("long", "max_length"),
}
ITEM_LISTS = ("options", "scale", "rows")  # a question's lists of labelled items
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def blank_text() -> dict[str, str]:
    return {"cy": "", "en": ""}


def new_document(survey_id: str) -> Doc:
    """An empty survey: the required texts blank, no pages yet."""
    return {"format": 1, "id": survey_id, "title": blank_text(), "description": blank_text(),
            "privacy": blank_text(), "pages": []}


def new_page(page_id: str) -> Doc:
    return {"id": page_id, "questions": []}


def new_question(question_id: str, kind: str) -> Doc:
    question: Doc = {"id": question_id, "type": kind, "text": blank_text()}
    if kind in ("single_choice", "multiple_choice"):
        question["options"] = []
    elif kind == "scale":
        question["scale"] = []
    return question


def new_item(list_name: str, key: Any) -> Doc:
    """A new option, scale point or grid row, its label blank."""
    id_key = "id" if list_name == "rows" else "value"
    return {id_key: key, "label": blank_text()}


def item_key(list_name: str) -> str:
    """The field that names an item of this list: an option's value, a row's id."""
    return "id" if list_name == "rows" else "value"


# ---------------------------------------------------------------- finding things

def node_at(doc: Doc, path: Path) -> Any:
    node: Any = doc
    for part in path:
        node = node[part]
    return node


def all_questions(doc: Doc) -> Iterator[tuple[int, int, Doc]]:
    for p, page in enumerate(doc.get("pages") or []):
        for q, question in enumerate(page.get("questions") or []):
            yield p, q, question


def question_ids(doc: Doc) -> set[str]:
    return {str(q.get("id")) for _, _, q in all_questions(doc)}


def page_ids(doc: Doc) -> set[str]:
    return {str(p.get("id")) for p in doc.get("pages") or []}


def fresh_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken (at most 63 characters)."""
    base = base[:56] or "item"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def slugify(words: str) -> str:
    """A stored value made from a label: lowercase letters, digits and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return slug[:63].strip("-")


def earlier_choice_questions(doc: Doc, page: int, before: int | None) -> list[Doc]:
    """Questions a condition may name: with options or a scale, earlier in the survey.

    For a page (before=None) that is every question on an earlier page; for a question, also
    those above it on its own page.
    """
    found = []
    for p, q, question in all_questions(doc):
        if p < page or (before is not None and p == page and q < before):
            if question.get("options") or question.get("scale"):
                found.append(question)
    return found


def conditions_of(node: Doc) -> list[Doc]:
    show_if = node.get("show_if")
    if not show_if:
        return []
    return list(show_if) if isinstance(show_if, list) else [show_if]


# ---------------------------------------------------------------- texts

@dataclass(frozen=True)
class TextField:
    """One piece of bilingual text: where it is, a key that survives moves, and what it is."""
    path: Path         # inside the document, to the {cy, en} mapping
    key: str           # stable across moves: survey:title, q:ID:text, q:ID:option:VALUE ...
    required: bool


def text_fields(doc: Doc, *, present_only: bool = True) -> Iterator[TextField]:
    """Every text of the document, in reading order (only those present, unless asked)."""
    def field(path: Path, key: str, required: bool, node: Doc, name: str) -> Iterator[TextField]:
        if not present_only or required or isinstance(node.get(name), dict):
            yield TextField((*path, name), key, required)

    for name, required in SURVEY_TEXTS:
        yield from field((), f"survey:{name}", required, doc, name)
    for p, page in enumerate(doc.get("pages") or []):
        for name, required in PAGE_TEXTS:
            yield from field(("pages", p), f"page:{page.get('id')}:{name}", required, page, name)
        for q, question in enumerate(page.get("questions") or []):
            where = ("pages", p, "questions", q)
            qid = question.get("id")
            for name, required in QUESTION_TEXTS:
                yield from field(where, f"q:{qid}:{name}", required, question, name)
            for list_name in ITEM_LISTS:
                for i, item in enumerate(question.get(list_name) or []):
                    label = "option" if list_name == "options" else list_name.rstrip("s")
                    yield TextField((*where, list_name, i, "label"),
                                    f"q:{qid}:{label}:{item.get(item_key(list_name))}", True)


def text_at(doc: Doc, path: Path) -> dict[str, str]:
    try:
        found = node_at(doc, path)
    except (KeyError, IndexError, TypeError):
        return blank_text()
    return found if isinstance(found, dict) else blank_text()


def missing_welsh(doc: Doc) -> list[TextField]:
    """Texts present (or required) whose Welsh is blank."""
    return [f for f in text_fields(doc) if not str(text_at(doc, f.path).get("cy") or "").strip()]


def clean_text(value: str | None) -> str:
    """Text as typed into a form: browsers send CRLF line ends; outer spaces do not count."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def set_text(node: Doc, name: str, cy: str, en: str, required: bool) -> None:
    """Set one bilingual text; an optional text with both languages blank is removed."""
    cy, en = clean_text(cy), clean_text(en)
    if not required and not cy and not en:
        node.pop(name, None)
    else:
        node[name] = {"cy": cy, "en": en}


# ---------------------------------------------------------------- checking

def problems(doc: Doc) -> list[tuple[str, str]]:
    """What the loader says is wrong with the document (empty when it could be stored)."""
    try:
        parse_definition(copy.deepcopy(doc))
    except DefinitionError as exc:
        return exc.problems
    return []


def definition_of(doc: Doc) -> SurveyDefinition:
    """The checked definition (raises DefinitionError, naming every problem)."""
    return parse_definition(copy.deepcopy(doc), str(doc.get("id") or "<builder>"))


PROBLEM_PLACE = re.compile(r"^pages\[(\d+)\](?:\.questions\[(\d+)\])?")


def problem_place(path: str) -> tuple[int | None, int | None]:
    """The page and question a loader problem is about, read from its path."""
    found = PROBLEM_PLACE.match(path or "")
    if not found:
        return None, None
    return int(found.group(1)), (int(found.group(2)) if found.group(2) is not None else None)


# ---------------------------------------------------------------- YAML

class _Dumper(yaml.SafeDumper):
    """Block style; long texts folded only at line ends they already have."""


def _text_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


def to_yaml(doc: Doc) -> str:
    """The document as a definition file, keys in the order the format lists them."""
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


class ShapeError(ValueError):
    """A file the builder cannot edit: not a survey definition's shape at all."""


def _expect(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise ShapeError(f"{where}: {what}" if where else what)


def check_shape(doc: Any) -> Doc:
    """Refuse what the builder cannot show (a file may still be unfinished: blank Welsh is fine)."""
    _expect(isinstance(doc, dict), "", "the file is not a survey definition (a mapping of keys)")
    _expect(isinstance(doc.get("id"), str) and bool(SLUG.match(doc["id"])), "id",
            "the survey needs an id of lowercase letters, digits and hyphens")
    pages = doc.setdefault("pages", [])
    _expect(isinstance(pages, list), "pages", "must be a list of pages")
    for p, page in enumerate(pages):
        _expect(isinstance(page, dict) and isinstance(page.get("questions", []), list),
                format_path(["pages", p]), "must be a page with a list of questions")
        for q, question in enumerate(page.get("questions") or []):
            where = format_path(["pages", p, "questions", q])
            _expect(isinstance(question, dict) and question.get("type") in QUESTION_TYPES, where,
                    "must be a question of one of the types " + ", ".join(QUESTION_TYPES))
            for list_name in ITEM_LISTS:
                items = question.get(list_name) or []
                _expect(isinstance(items, list) and all(isinstance(i, dict) for i in items),
                        f"{where}.{list_name}", "must be a list")
    for field in text_fields(doc):
        value = text_at(doc, field.path)
        _expect(all(isinstance(value.get(lang, ""), str) for lang in Language),
                format_path(list(field.path)), "must be text in cy and en")
    return doc


def read_yaml(data: bytes) -> Doc:
    """A definition file as the builder's document (ShapeError when it cannot be one)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ShapeError("the file is not UTF-8 text") from None
    try:
        raw = parse_yaml(text, "upload")  # the loader's own limits: no aliases, bounded size and depth
    except DefinitionError as exc:
        raise ShapeError("; ".join(message for _, message in exc.problems)) from None
    if isinstance(raw, dict):
        for key in ("opens", "closes"):
            if key in raw and not isinstance(raw[key], str):
                raw[key] = _iso(raw[key])
    return check_shape(raw)
