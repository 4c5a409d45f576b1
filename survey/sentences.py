"""Sentences that domain code says without knowing who reads them.

A `Sentence` is the English text (it is a `str`, so commands, logs and tests read it as before)
that also keeps its message id and values, so that a page can say it again in its reader's
language with `translated()`. Domain code never asks which language a request speaks: the
console translates when it shows the sentence. Write each one whole, with its values as
placeholders: `Sentence("the file is larger than %(size)s KB", size=256)`.
scripts/translations.py extracts `Sentence(...)` like `_l(...)`.
"""
from __future__ import annotations

from typing import Any

LIMIT_OF_A_VALUE = 80  # characters of one quoted value when a sentence must be shortened


class Sentence(str):
    """English text that remembers its message id and values."""

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, /, english: str | None = None, **values: Any) -> Sentence:
        """`english`, when given, is what commands print instead (such as a library's own words)."""
        self = super().__new__(cls, english if english is not None else _english(msgid, values))
        self.msgid = msgid
        self.values = values
        return self

    def translated(self) -> str:
        """The sentence in the language of the current request (English outside one)."""
        from flask_babel import gettext
        return gettext(self.msgid, **{key: translated(value) for key, value in self.values.items()})

    def shortened(self, limit: int) -> str:
        """The same sentence with long values cut, so that it stays translatable; else plain cut text."""
        if len(self) <= limit:
            return self
        cut = {key: _cut(value, limit) for key, value in self.values.items()}
        english = str(self) if str(self) != _english(self.msgid, self.values) else None
        shorter = Sentence(self.msgid, None if english is None else english[:limit - 1] + "…", **cut)
        return shorter if len(shorter) <= limit else str(self)[:limit - 1] + "…"


def _english(msgid: str, values: dict[str, Any]) -> str:
    return msgid % values if values else msgid


def _cut(value: Any, limit: int) -> Any:
    if isinstance(value, Sentence):
        return value.shortened(limit // 2)
    return value[:LIMIT_OF_A_VALUE - 1] + "…" if isinstance(value, str) and len(value) > LIMIT_OF_A_VALUE else value


def N_(msgid: str) -> str:
    """Marks a message id kept in a table, for extraction; a Sentence is made from it later."""
    return msgid


def translated(text: str) -> str:
    """A Sentence in the reader's language; any other text as it is (data, such as a name)."""
    return text.translated() if isinstance(text, Sentence) else text
