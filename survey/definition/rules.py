"""The rules of the format that a JSON Schema cannot express: ids, references and ranges."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from ..sentences import N_, Sentence
from .loader import SAFE_LINK, Problem, format_path, has_nested_link, links

TEXT_KEYS = ("title", "description", "privacy", "support", "thank_you", "intro", "text",
             "hint", "label")


def _texts(node: Any, path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    """Every piece of text in the definition with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, dict):
                for lang, text in value.items():
                    yield [*path, key, lang], text
            else:
                yield from _texts(value, [*path, key])
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, [*path, i])


def _link_problems(raw: dict[str, Any]) -> list[Problem]:
    problems = []
    for path, text in _texts(raw, []):
        problems += [(format_path(path), Sentence("the link to %(url)s must start with https://, http://, mailto: or tel:",
                                                  url=repr(link.url)))
                     for link in links(text) if not SAFE_LINK.match(link.url)]
        if has_nested_link(text):
            problems.append((format_path(path), Sentence("a link cannot hold another link: write each link as "
                                                         "[words](https://...) with plain words between the brackets")))
    return problems


USED_TWICE = {  # one whole sentence for each kind of id
    "option value": N_("the option value %(value)s is used twice"),
    "row id": N_("the row id %(value)s is used twice"),
    "scale value": N_("the scale value %(value)s is used twice"),
    "page id": N_("the page id %(value)s is used twice"),
    "question id": N_("the question id %(value)s is used twice"),
}


def _twice(what: str, value: Any) -> Sentence:
    return Sentence(USED_TWICE[what], value=repr(value))


def _unique(items: list[Any], key: str, where: list[Any], what: str) -> list[Problem]:
    seen: set[Any] = set()
    problems = []
    for i, item in enumerate(items):
        if item[key] in seen:
            problems.append((format_path([*where, i, key]), _twice(what, item[key])))
        seen.add(item[key])
    return problems


def _question_problems(q: dict[str, Any], path: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    options = q.get("options") or []
    problems += _unique(options, "value", [*path, "options"], "option value")
    problems += _unique(q.get("rows") or [], "id", [*path, "rows"], "row id")
    scale = q.get("scale") or []
    problems += _unique(scale, "value", [*path, "scale"], "scale value")
    values = [p["value"] for p in scale]
    if values != sorted(values):
        problems.append((format_path([*path, "scale"]), Sentence("the scale must go from its lowest value to its highest")))
    if q["type"] != "multiple_choice":
        problems += [(format_path([*path, "options", i, "exclusive"]),
                      Sentence("only a multiple_choice question can have an exclusive option"))
                     for i, o in enumerate(options) if "exclusive" in o]
    plain = [o for o in options if not o.get("exclusive")]
    if q.get("max_choices") and q["max_choices"] > len(plain):
        problems.append((format_path([*path, "max_choices"]),
                         Sentence("max_choices is %(most)s but there are only %(num)s options to tick together",
                                  most=q["max_choices"], num=len(plain))))
    if q.get("min") is not None and q.get("max") is not None and q["min"] > q["max"]:
        problems.append((format_path([*path, "min"]), Sentence("min is greater than max")))
    return problems


def _condition_problems(show_if: Any, path: list[Any], earlier: dict[str, dict[str, Any]]) -> list[Problem]:
    if show_if is None:
        return []
    items = show_if if isinstance(show_if, list) else [show_if]
    problems = []
    for i, condition in enumerate(items):
        where = [*path, i] if isinstance(show_if, list) else path
        target = earlier.get(condition["question"])
        if target is None:
            problems.append((format_path([*where, "question"]),
                             Sentence("%(question)s is not a question that comes earlier in the survey",
                                      question=repr(condition["question"]))))
            continue
        choices = {str(o["value"]) for o in (target.get("options") or target.get("scale") or [])}
        if not choices:
            problems.append((format_path([*where, "question"]),
                             Sentence("%(question)s is a %(type)s question: a condition needs a question with options or a scale",
                                      question=repr(condition["question"]), type=target["type"])))
            continue
        for j, value in enumerate(condition["any_of"]):
            if str(value) not in choices:
                problems.append((format_path([*where, "any_of", j]),
                                 Sentence("%(value)s is not an answer of %(question)s", value=repr(value),
                                          question=repr(condition["question"]))))
    return problems


def rule_problems(raw: dict[str, Any]) -> list[Problem]:
    """Problems with a definition whose shape already passed the JSON Schema."""
    problems: list[Problem] = _unique(raw["pages"], "id", ["pages"], "page id")
    problems += _link_problems(raw)
    earlier: dict[str, dict[str, Any]] = {}
    for p, page in enumerate(raw["pages"]):
        problems += _condition_problems(page.get("show_if"), ["pages", p, "show_if"], earlier)
        for n, q in enumerate(page["questions"]):
            path = ["pages", p, "questions", n]
            if q["id"] in earlier:
                problems.append((format_path([*path, "id"]), _twice("question id", q["id"])))
            problems += _condition_problems(q.get("show_if"), [*path, "show_if"], earlier)
            problems += _question_problems(q, path)
            earlier[q["id"]] = q
    if raw.get("opens") and raw.get("closes") and \
            datetime.fromisoformat(raw["opens"]) >= datetime.fromisoformat(raw["closes"]):
        problems.append(("closes", Sentence("the survey closes before it opens")))
    if raw.get("release_min_new") is not None and raw["release_min_new"] < raw.get("min_cell", 10):
        problems.append(("release_min_new", Sentence("a release must need at least min_cell new responses")))
    return problems
