"""Messages for the pages shown in both languages at once (before a language is chosen)."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .vocabulary import Language, SurveyState

CHOOSE_LANGUAGE = _l("Choose your language")
CHOOSE_LANGUAGE_HINT = _l("You can change language at any time.")
NOT_FOUND_TITLE = _l("Survey not found")
NOT_FOUND_BODY = _l("There is no survey at this address. Check the link you were given.")
NOT_YET_OPEN_TITLE = _l("This survey is not open yet")
NOT_YET_OPEN_BODY = _l("Come back when the survey opens.")
CLOSED_TITLE = _l("This survey has closed")
CLOSED_BODY = _l("You can no longer answer this survey. Thank you for your interest.")
# Why a survey cannot be answered now, on its public and kiosk pages alike: (title, body, HTTP status)
NOT_ANSWERABLE: dict[str, tuple[object, object, int]] = {
    SurveyState.DRAFT: (NOT_YET_OPEN_TITLE, NOT_YET_OPEN_BODY, 403),
    SurveyState.SCHEDULED: (NOT_YET_OPEN_TITLE, NOT_YET_OPEN_BODY, 403),
    SurveyState.ENDED: (CLOSED_TITLE, CLOSED_BODY, 410),
    SurveyState.CLOSED: (CLOSED_TITLE, CLOSED_BODY, 410),
}
NOT_FOUND = (NOT_FOUND_TITLE, NOT_FOUND_BODY, 404)
ACCESSIBILITY = _l("Accessibility statement")
COOKIES = _l("Cookies")
PRIVACY = _l("Privacy notice")


def in_language(message: object, lang: str) -> str:
    """A lazily translated message, in the given language whatever the page's."""
    with force_locale(lang):
        return str(message)


def both(message: object, tag: str = "span") -> Markup:
    """The message in Welsh, then in English marked with lang="en"."""
    return Markup('<{tag} lang="cy">{cy}</{tag}> <{tag} lang="en" class="bilingual-second">{en}</{tag}>').format(
        tag=Markup(tag), cy=in_language(message, Language.CY), en=in_language(message, Language.EN))
