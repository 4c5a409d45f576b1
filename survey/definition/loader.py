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

from .model import SurveyDefinition, build

Problem = tuple[str, str]  # (path inside the file, what is wrong)
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
SAFE_LINK = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)


class DefinitionError(Exception):
    """A definition that breaks the format's rules."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.source}: {path}: {message}" if path else f"{self.source}: {message}"
                for path, message in self.problems]


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


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
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionError(source, [("", "there is no such file")]) from None
    except UnicodeDecodeError:
        raise DefinitionError(source, [("", "the file is not UTF-8 text")]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError(source, [("", f"{where}not valid YAML: {problem}")]) from None


def _schema_problems(raw: Any) -> list[Problem]:
    validator = Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path))):
        message = error.message
        if error.validator == "type" and isinstance(error.instance, bool):
            message += ' (YAML reads yes, no, on and off as true or false: put the value in quotes, such as "yes")'
        problems.append((format_path(error.absolute_path), message))
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
