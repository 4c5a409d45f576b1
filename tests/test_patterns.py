"""Every regular expression in the package takes time in step with its input, even hostile input.

Each pattern is run on adversarial input of the greatest length it can be given, and on a tenth
of it. A pattern that backtracks takes about 100 times longer on ten times the input; one that
does not, about 10 times, like the linear baseline timed on the same texts in the same test. The
test allows three times the baseline's growth, so that a busy machine does not make it fail.

Not here: the comment-redaction patterns (survey/results/comments.py) and the log redaction
(survey/security.py), which have tests of their own.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import re
from dataclasses import dataclass
from typing import Callable

import pytest

import survey
from survey.admin import accounts
from survey.definition import loader
from tests.timing import BASELINE, _growth, _work, growth

ELSEWHERE = {"survey.results.comments", "survey.security"}
REQUEST = 64 * 1024          # the most a form or upload can carry (MAX_CONTENT_LENGTH)
REQUEST_LINE = 8 * 1024      # the longest address a server in front of Llais passes on
ALLOWED_GROWTH = 3.0         # times the baseline's own growth


def module_patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern held by a module of the package, once, by its module and name."""
    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    for info in pkgutil.walk_packages(survey.__path__, "survey."):
        if info.name in ELSEWHERE:
            continue
        module = importlib.import_module(info.name)
        for name, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern) and not (id(value) in found and
                                                       found[id(value)][0].startswith("survey.definition")):
                found.setdefault(id(value), (f"{info.name}.{name}", value))
    return {label: pattern for label, pattern in found.values()}


def schema_patterns() -> dict[str, re.Pattern[str]]:
    """The patterns of the definition format's JSON Schema (jsonschema runs them with re.search)."""
    found = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found[f"schema.json {node['pattern']}"] = re.compile(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(json.dumps(loader.schema())))
    return found


# The longest text each pattern can meet (default: what one request carries).
LONGEST = {
    "survey.definition.loader.LINK": loader.MAX_FILE_BYTES,       # any text of a definition file
    "survey.definition.loader.SAFE_LINK": loader.MAX_FILE_BYTES,
    "survey.text.PARAGRAPH_BREAK": loader.MAX_FILE_BYTES,
    "survey.admin.accounts.EMAIL": accounts.MAX_EMAIL,             # the length is checked first
    "survey.kiosk.links.TOKEN_SHAPE": REQUEST_LINE,                # part of an address
    "survey.admin.downloads.EXPORT_ID": REQUEST_LINE,
    "survey.admin.downloads.FILE_NAME": REQUEST_LINE,
}
SCHEMA_LONGEST = loader.MAX_FILE_BYTES

# Input made to hurt each pattern that once did, or that matches text people write.
HOSTILE: dict[str, list[Callable[[int], str]]] = {
    "survey.definition.loader.LINK": [
        lambda n: "[" * n, lambda n: "[a](" * (n // 4), lambda n: "[a](x" * (n // 5), lambda n: "](" * (n // 2),
        lambda n: "[" + "a" * n, lambda n: "[a](" + "x" * n, lambda n: "[a]" * (n // 3),
        lambda n: "[[x](https://a)](https://b)" * (n // 27), lambda n: "[a](https://" + "(" * n,
        lambda n: "[" + "a](" * (n // 3)],
    "survey.text.PARAGRAPH_BREAK": [
        lambda n: "\n" + " " * n + "x", lambda n: ("\n" + " " * 99) * (n // 100), lambda n: "\n\t\r " * (n // 4),
        lambda n: " \n" * (n // 2) + "x"],
    "survey.admin.accounts.EMAIL": [
        lambda n: "a@" + "." * (n - 3) + "@", lambda n: "a@" + "a." * (n // 2 - 2) + "@", lambda n: "@" * n,
        lambda n: "a@b" + ".a" * (n // 2 - 2) + " "],
}


def literals(source: str) -> set[str]:
    """The punctuation a pattern's source names as itself (escaped, or outside the syntax)."""
    found, i = set(), 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            found.add(source[i + 1])  # \[ is a bracket; \s, \d and \w are classes, dropped below
            i += 2
            continue
        if source[i] not in "^$()[]{}?*+|.":
            found.add(source[i])
        i += 1
    return {c for c in found if not c.isalnum()}


def generic(pattern: re.Pattern[str]) -> list[Callable[[int], str]]:
    """Runs of each character the pattern names (and a few common ones), ending in one it may refuse."""
    characters = sorted(literals(pattern.pattern) | set("a1 \n"))
    return [lambda n, c=c: ("a" + c) * (n // 2) + "\x00" if c != "a" else c * n + "\x00" for c in characters]


@dataclass(frozen=True)
class Case:
    label: str
    pattern: re.Pattern[str]
    longest: int
    hostile: tuple[Callable[[int], str], ...]


def cases() -> list[Case]:
    found = [Case(label, pattern, LONGEST.get(label, REQUEST), tuple(HOSTILE.get(label, [])) + tuple(generic(pattern)))
             for label, pattern in module_patterns().items()]
    found += [Case(label, pattern, SCHEMA_LONGEST, tuple(generic(pattern)))
              for label, pattern in schema_patterns().items()]
    return found


ALL = cases()


def test_every_pattern_is_covered() -> None:
    labels = {case.label for case in ALL}
    assert {"survey.definition.loader.LINK", "survey.text.PARAGRAPH_BREAK", "survey.admin.accounts.EMAIL",
            "survey.questions.number.GROUPED", "survey.questions.scale.WHOLE"} <= labels
    assert not any(label.startswith(tuple(ELSEWHERE)) for label in labels)
    assert set(HOSTILE) <= labels and set(LONGEST) <= labels, "a pattern named here is gone: update the tables"


@pytest.mark.parametrize("case", ALL, ids=[case.label for case in ALL])
def test_a_pattern_takes_time_in_step_with_its_input(case: Case) -> None:
    work = _work(case.pattern)
    baseline = _growth(_work(BASELINE), lambda n: "a" * n, case.longest)  # its time hangs on the length only
    slow = []
    for make in case.hostile:
        ratio = growth(work, make, case.longest, baseline)
        for _ in range(2):  # again, baseline and all: the machine may just have been busy
            if ratio <= ALLOWED_GROWTH:
                break
            ratio = min(ratio, growth(work, make, case.longest))
        if ratio > ALLOWED_GROWTH:
            slow.append((make(12)[:12], round(ratio, 1)))
    assert not slow, f"{case.label} grows faster than its input on {slow}"


BEFORE = {  # the patterns as they were before issue 15: the measure must catch them
    "link": re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
}


def test_the_measure_catches_a_pattern_that_backtracks() -> None:
    assert growth(_work(BEFORE["link"]), lambda n: "[" * n, 8_000) > ALLOWED_GROWTH
    assert growth(_work(BEFORE["email"]), lambda n: "a@" + "." * (n - 3) + "@", accounts.MAX_EMAIL) > ALLOWED_GROWTH
