"""The project's words for WTForms' own messages, in one place.

WTForms (and Flask-WTF's file checks) ask the form's translations for every message of their
own: "Not a valid integer value.", "This field is required." and the rest. A `ProjectForm`
answers with the project's messages, in the reader's language, so neither WTForms' English
nor its own Welsh catalogue ("Gwerth integer annilys") can reach a page. A field that says
something more particular still passes its own `message=` to its validators, as before.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

WHOLE_NUMBER = _l("Enter a whole number, like 10")
NUMBER = _l("Enter a number, like 2.5")
DATE = _l("Enter a real date")
DATE_AND_TIME = _l("Enter a real date and time")
TIME = _l("Enter a real time")
CHOICE = _l("Choose one of the options shown")
REQUIRED = _l("Fill this in")
TOO_LONG = _l("This is too long: make it shorter")
TOO_SHORT = _l("This is too short")
WRONG_LENGTH = _l("This is not the right length")
TOO_SMALL = _l("This number is too small")
TOO_BIG = _l("This number is too big")
OUT_OF_RANGE = _l("This number is outside the range allowed")
EMAIL = _l("Enter an email address in the right form, like name@example.com")
WRONG_FORM = _l("This is not written in the right form")
FILE_KIND = _l("This kind of file cannot be uploaded here")
FILE_SIZE = _l("This file is too big or too small")
GENERAL = _l("Check what you entered here")

# Every message of WTForms 3 and Flask-WTF a console form could show, singular and plural alike.
MESSAGES: dict[str, Any] = {
    "Not a valid integer value.": WHOLE_NUMBER,
    "Not a valid decimal value.": NUMBER,
    "Not a valid float value.": NUMBER,
    "Not a valid date value.": DATE,
    "Not a valid datetime value.": DATE_AND_TIME,
    "Not a valid time value.": TIME,
    "Not a valid week value.": DATE,
    "Date must be at least %(min)s.": DATE,
    "Date must be at most %(max)s.": DATE,
    "Date must be between %(min)s and %(max)s.": DATE,
    "Not a valid choice.": CHOICE,
    "Invalid Choice: could not coerce.": CHOICE,
    "Choices cannot be None.": CHOICE,
    "'%(value)s' is not a valid choice for this field.": CHOICE,
    "'%(value)s' are not valid choices for this field.": CHOICE,
    "Invalid choice(s): one or more data inputs could not be coerced.": CHOICE,
    "Invalid value, must be one of: %(values)s.": CHOICE,
    "Invalid value, can't be any of: %(values)s.": CHOICE,
    "This field is required.": REQUIRED,
    "Field cannot be longer than %(max)d character.": TOO_LONG,
    "Field cannot be longer than %(max)d characters.": TOO_LONG,
    "Field must be at least %(min)d character long.": TOO_SHORT,
    "Field must be at least %(min)d characters long.": TOO_SHORT,
    "Field must be exactly %(max)d character long.": WRONG_LENGTH,
    "Field must be exactly %(max)d characters long.": WRONG_LENGTH,
    "Field must be between %(min)d and %(max)d characters long.": WRONG_LENGTH,
    "Number must be at least %(min)s.": TOO_SMALL,
    "Number must be at most %(max)s.": TOO_BIG,
    "Number must be between %(min)s and %(max)s.": OUT_OF_RANGE,
    "Invalid email address.": EMAIL,
    "Invalid input.": WRONG_FORM,
    "File does not have an approved extension: {extensions}": FILE_KIND,
    "File does not have an approved extension.": FILE_KIND,
}


class ProjectMessages:
    """The translations a ProjectForm gives WTForms: the project's message for each of WTForms' own."""

    def gettext(self, string: str) -> str:
        if string.startswith("File must be between"):  # Flask-WTF's FileSize puts the sizes in first
            return str(FILE_SIZE)
        return str(MESSAGES.get(string, GENERAL))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


PROJECT_MESSAGES = ProjectMessages()


class ProjectForm(FlaskForm):
    """A Flask-WTF form (so with its CSRF token) whose built-in messages are the project's."""

    class Meta:
        def get_translations(self, form: Any) -> ProjectMessages:
            return PROJECT_MESSAGES
