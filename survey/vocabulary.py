"""Llais's fixed words, each defined once: its languages, the channels responses come through, a survey's states.

One module, next to models.py, so that a newcomer looking for "which languages?" or "which states?"
finds every such list in one place; it imports nothing of Llais, so anything may import it. Each is
a StrEnum whose values are the very strings stored in the database, written in definition files
(../shared/survey-format.md), shown in addresses and written in exports: a member equals its string.
"""
from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """The languages of the surveys and of the interface, Welsh first (the order pages show them in)."""
    CY = "cy"
    EN = "en"

    @property
    def other(self) -> Language:
        """The language a page's switch goes to."""
        return Language.EN if self is Language.CY else Language.CY

    @classmethod
    def of(cls, value: object, default: Language | None = None) -> Language:
        """The language named by a value from outside (a locale, a form), else the default (Welsh)."""
        try:
            return cls(str(value)) if value is not None else default or cls.CY
        except ValueError:
            return default or cls.CY


LANGUAGES = tuple(Language)  # for `in` tests: on Python 3.11 `"xx" in Language` warns

# The part of a URL rule that takes either language as `lang` (<any(cy,en):lang>)
LANGUAGE_IN_PATH = f"<any({','.join(Language)}):lang>"


class Channel(StrEnum):
    """How a response came in."""
    PUBLIC = "public"  # the survey's public link
    KIOSK = "kiosk"    # a kiosk link at a service site
    PAPER = "paper"    # a paper form, imported by staff


DEFINITION_CHANNELS = (Channel.PUBLIC, Channel.KIOSK)  # the ones a definition may list, and its default


class SurveyState(StrEnum):
    """Where a survey is in its life, as models.Survey.state says (status and dates together).

    A survey's stored status is one of DRAFT, OPEN and CLOSED (what staff chose); its state adds
    what its dates say: SCHEDULED while an opened survey's opening time is still to come, ENDED once
    its closing time has passed. Respondents can answer only an OPEN survey.
    """
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    OPEN = "open"
    ENDED = "ended"
    CLOSED = "closed"
