"""Reading a definition file and checking every rule of the format.

Each problem names the file, the path inside it (``pages[2].questions[0].options[1].label.cy``)
and what is wrong. A definition with any problem is refused whole.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import yaml
from jsonschema import Draft202012Validator

from ..sentences import Sentence
from .model import SurveyDefinition, build
from .schema_messages import schema_sentence

Problem = tuple[str, str]  # (path inside the file, what is wrong: a Sentence, so the console can translate it)
# [words](address). Neither the words nor the address may hold a square bracket, so every try
# stops at the next bracket: the time taken grows in step with the text (with [ allowed in the
# words, 55,000 [ took 9 s), and a link can never hold another link.
LINK = re.compile(r"\[([^\[\]]+)\]\(([^)\[\]\s]+)\)")
SAFE_LINK = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)


class DefinitionError(Exception):
    """A definition that breaks the format's rules."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = [(path[:MAX_MESSAGE], _shortened(message)) for path, message in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            self.problems.append(("", Sentence("and %(num)s more problems: put these right and check the file again",
                                               num=f"{len(problems) - MAX_PROBLEMS:,}")))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.source}: {path}: {message}" if path else f"{self.source}: {message}"
                for path, message in self.problems]


# Limits that keep a hostile file from costing more than a glance: no definition comes near them
# (the largest example has about 1,000 parts, nested 9 deep, in 16 KB).
MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 20
MAX_NUMBER_CHARACTERS = 15  # a whole number of more than 15 digits is no count or bound of a survey
MAX_PROBLEMS = 50
MAX_MESSAGE = 300  # characters of one problem: a message quoting a huge value is cut short


class Refused(yaml.MarkedYAMLError):
    """YAML that is valid but not allowed in a definition (aliases, too big, too deep)."""


class _DefinitionLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping, anchors and aliases, more than
    MAX_NODES parts, nesting deeper than MAX_DEPTH and numbers too long to be meant."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def _refuse(self, problem: Sentence, mark: Any) -> Refused:
        return Refused(problem=problem, problem_mark=mark)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise self._refuse(Sentence("anchors and aliases (& and *) are not allowed: write each part out in full"),
                               event.start_mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise self._refuse(Sentence("the file has more than %(num)s parts", num=f"{MAX_NODES:,}"), event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise self._refuse(Sentence("the file is nested more than %(num)s levels deep", num=MAX_DEPTH),
                               event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # a list or mapping as a key: the schema refuses it by its text
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, Sentence("the key %(key)s is given twice", key=repr(key)), key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value.replace("_", "").lstrip("+-")) > MAX_NUMBER_CHARACTERS:
            raise self._refuse(Sentence("a number can have at most %(num)s digits", num=MAX_NUMBER_CHARACTERS),
                               node.start_mark)
        return int(super().construct_yaml_int(node))


_DefinitionLoader.add_constructor("tag:yaml.org,2002:int", _DefinitionLoader.construct_yaml_int)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the definition format, shipped inside the package."""
    return json.loads(resources.files(__package__).joinpath("schema.json").read_text("utf-8"))


def format_path(parts: Iterator[Any] | list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _iso(value: Any) -> Any:
    """YAML dates and datetimes as the ISO strings the schema expects."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_file(path: str | Path) -> Any:
    source = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DefinitionError(source, [("", Sentence("there is no such file"))]) from None
    if len(data) > MAX_FILE_BYTES:
        raise DefinitionError(source, [("", Sentence("the file is larger than %(size)s KB",
                                                      size=f"{MAX_FILE_BYTES // 1024:,}"))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DefinitionError(source, [("", Sentence("the file is not UTF-8 text"))]) from None
    return parse_yaml(text, source)


def parse_yaml(text: str, source: str = "<definition>") -> Any:
    """The YAML (or JSON) text as Python values; DefinitionError for anything not allowed."""
    try:
        return yaml.load(text, Loader=_DefinitionLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if not isinstance(problem, Sentence):  # the YAML reader's own words, kept for commands
            problem = Sentence("not valid YAML: %(problem)s", problem=_shortened(problem))
        if mark:
            problem = Sentence("line %(line)s, column %(column)s: %(problem)s",
                               line=mark.line + 1, column=mark.column + 1, problem=problem)
        raise DefinitionError(source, [("", problem)]) from None  # DefinitionError shortens it


def _shortened(message: str) -> str:
    if isinstance(message, Sentence):
        return message.shortened(MAX_MESSAGE)
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE - 1] + "…"


def _schema_problems(raw: Any) -> list[Problem]:
    validator = Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path))):
        problems.append((format_path(error.absolute_path), schema_sentence(error)))
    return problems


def load_definition(path: str | Path) -> SurveyDefinition:
    """Read and check one definition file; raise DefinitionError naming every problem."""
    return parse_definition(read_file(path), str(path))


def parse_definition(raw: Any, source: str = "<definition>") -> SurveyDefinition:
    if isinstance(raw, dict):
        for key in ("opens", "closes"):
            if key in raw:
                raw[key] = _iso(raw[key])
    problems = _schema_problems(raw)
    if not problems:
        from .rules import rule_problems
        problems = rule_problems(raw)
    if problems:
        raise DefinitionError(source, problems)
    return build(raw)


def definition_hash(definition: SurveyDefinition) -> str:
    return hashlib.sha256(definition.to_json().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Link:
    words: str
    url: str


def links(text: str) -> list[Link]:
    return [Link(m.group(1), m.group(2)) for m in LINK.finditer(text)]


def has_nested_link(text: str) -> bool:
    """True when taking the links out leaves link syntax behind, as in [[x](https://a)](https://b)."""
    return LINK.search(LINK.sub(r"\1", text)) is not None
