"""Messages for kiosk pages shown in both languages at once (before a language is chosen)."""
from __future__ import annotations

from flask_babel import force_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l

from .. import bilingual
from ..vocabulary import Language
from .links import Reason

CLEARED_AFTER = _l("When you finish, everything you entered is cleared from this device.")
LINK_UNKNOWN_TITLE = _l("This link is not working")
LINK_UNKNOWN_BODY = _l("Check the web address. If it still does not work, ask a member of staff for help.")
LINK_REVOKED_TITLE = _l("This link has been turned off")
LINK_REVOKED_BODY = _l("Please ask a member of staff for help.")
LINK_EXPIRED_TITLE = _l("This link has expired")
LINK_EXPIRED_BODY = _l("Please ask a member of staff for a new link.")
FORM_EXPIRED_TITLE = _l("This page has expired")
FORM_EXPIRED_BODY = _l("For your security, we could not accept that form. Please start again.")
PAGE_NOT_FOUND_TITLE = _l("Page not found")
PAGE_NOT_FOUND_BODY = _l("Please start again.")
START_AGAIN = _l("Start again")
TOO_MANY_TITLE = _l("Please wait a moment")
TOO_MANY_BODY = _l("A lot of answers have been sent from this screen in a short time. Wait a minute, then try again.")
TRY_AGAIN = _l("Try again")

# Why a kiosk shows no survey: (title, body, HTTP status)
REFUSALS: dict[str, tuple[object, object, int]] = {
    Reason.UNKNOWN: (LINK_UNKNOWN_TITLE, LINK_UNKNOWN_BODY, 404),
    Reason.REVOKED: (LINK_REVOKED_TITLE, LINK_REVOKED_BODY, 410),
    Reason.EXPIRED: (LINK_EXPIRED_TITLE, LINK_EXPIRED_BODY, 410),
    **bilingual.NOT_ANSWERABLE,
}


def _texts(idle_prompt_seconds: int, thanks_seconds: int) -> dict[str, str]:
    return {
        "leave": gettext("Leave quickly"),
        "finish": gettext("Finish"),
        "help": gettext("Help and support"),
        "more_time": gettext("Do you need more time?"),
        "will_clear": ngettext(
            "If you do not answer, everything you have entered will be deleted in %(num)d second.",
            "If you do not answer, everything you have entered will be deleted in %(num)d seconds.",
            idle_prompt_seconds),
        "yes_more_time": gettext("Yes, I need more time"),
        "no_start_again": gettext("No, start again"),
        "going_back": ngettext(
            "This screen will go back to the start in %(num)d second.",
            "This screen will go back to the start in %(num)d seconds.",
            thanks_seconds),
        "stay": gettext("Stay on this page"),
    }


def kiosk_texts(prompt_seconds: int, thanks_seconds: int) -> dict[str, dict[str, str]]:
    """The kiosk's own interface text in each language, for pages that show both."""
    texts = {}
    for lang in Language:
        with force_locale(lang):
            texts[lang] = _texts(prompt_seconds, thanks_seconds)
    return texts
