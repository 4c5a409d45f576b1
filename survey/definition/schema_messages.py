"""The JSON Schema's complaints as whole sentences the console can translate.

Commands keep the jsonschema library's own words (`survey check` prints them, and editors show
the same); the console shows the sentence for the kind of check that failed, with the values
as placeholders, or a general sentence for a kind not listed here.
"""
from __future__ import annotations

from typing import Callable

from jsonschema import ValidationError

from ..sentences import N_, Sentence

YES_NO = ' (YAML reads yes, no, on and off as true or false: put the value in quotes, such as "yes")'
REQUIRED = " is a required property"

TYPES = {
    "string": N_("it must be text"),
    "integer": N_("it must be a whole number"),
    "number": N_("it must be a number"),
    "boolean": N_("it must be true or false"),
    "array": N_("it must be a list"),
    "object": N_("it must be a set of keys and values"),
}
PATTERNS = {
    "^[a-z0-9][a-z0-9-]*$": N_("use only lowercase letters, numbers and hyphens, starting with a letter or number"),
    "^[a-z0-9][a-z0-9-]{1,62}$": N_("use 2 to 63 lowercase letters, numbers and hyphens, "
                                     "starting with a letter or number"),
    "\\S": N_("this text cannot be empty"),
    "^[^\\n]*$": N_("this text must fit on one line"),
    "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2})?)?$":
        N_("write a date as 2026-10-05, or a date and time as 2026-10-05 09:00"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": N_("write a date as 2026-10-05"),
}


def _type(error: ValidationError) -> Sentence:
    kind = error.validator_value
    if isinstance(error.instance, bool) and kind != "boolean":
        return Sentence("it must not be true or false: YAML reads yes, no, on and off as true or false, "
                        "so put the value in quotes, such as \"yes\"", error.message + YES_NO)
    msgid = TYPES.get(kind) if isinstance(kind, str) else None
    return Sentence(msgid, error.message) if msgid else _general(error)


def _required(error: ValidationError) -> Sentence:
    message = error.message
    key = message.removesuffix(REQUIRED) if message.endswith(REQUIRED) else ", ".join(map(repr, error.validator_value))
    return Sentence("%(key)s is missing: it must be given here", error.message, key=key)


def _additional(error: ValidationError) -> Sentence:
    known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    extra = [key for key in error.instance if key not in known] if isinstance(error.instance, dict) else []
    if not extra:
        return _general(error)
    return Sentence("%(keys)s cannot be given here: check the spelling, or take it out", error.message,
                    keys=", ".join(map(repr, extra)))


def _pattern(error: ValidationError) -> Sentence:
    msgid = PATTERNS.get(error.validator_value)
    return Sentence(msgid, error.message) if msgid else _general(error)


def _value(error: ValidationError) -> str:
    return _short(repr(error.instance))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


RULES: dict[str, Callable[[ValidationError], Sentence]] = {
    "type": _type,
    "required": _required,
    "additionalProperties": _additional,
    "pattern": _pattern,
    "enum": lambda e: Sentence("%(value)s is not allowed here: use one of %(choices)s", e.message,
                               value=_value(e), choices=", ".join(map(repr, e.validator_value))),
    "const": lambda e: Sentence("this must be %(expected)s", e.message, expected=repr(e.validator_value)),
    "minItems": lambda e: Sentence("this list is too short: it needs at least %(num)s", e.message,
                                   num=e.validator_value),
    "uniqueItems": lambda e: Sentence("this list has the same item twice", e.message),
    "minLength": lambda e: Sentence("this text cannot be empty", e.message),
    "maxLength": lambda e: Sentence("this text is too long: it can be at most %(num)s characters long", e.message,
                                    num=e.validator_value),
    "minimum": lambda e: Sentence("%(value)s is too small: it must be %(num)s or more", e.message,
                                  value=_value(e), num=e.validator_value),
    "maximum": lambda e: Sentence("%(value)s is too big: it must be %(num)s or less", e.message,
                                  value=_value(e), num=e.validator_value),
}


def _general(error: ValidationError) -> Sentence:
    return Sentence("this part does not follow the format: see the format's description", error.message)


def schema_sentence(error: ValidationError) -> Sentence:
    """What is wrong, as a Sentence whose English is the library's own message."""
    rule: Callable[[ValidationError], Sentence] | None = RULES.get(str(error.validator))
    return rule(error) if rule else _general(error)
