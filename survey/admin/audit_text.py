"""The audit log in the reader's language: each action's name, and each stored detail as a sentence.

The log stores its details as short English data ("release 3: 120 responses, 40 new"), and
that stays as it is: nothing stored is changed. The console reads each detail with the
pattern its action writes and says it again as a whole translated sentence. Values that are
words of the code (a language, a status, a role) are translated too; names, ids and reasons
typed by staff are shown as they were given. A detail no pattern knows is shown as stored.
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .. import audit
from ..sentences import N_
from ..builder.store import SURVEY_TEXT_CHANGED
from ..hub.messages import PROGRESS
from .accounts import PASSWORD_CHANGED, USER_ENABLED

A = audit.Action

ACTIONS: dict[str, Any] = {
    A.SIGN_IN: _l("Signed in"),
    A.SIGN_IN_FAILED: _l("Sign-in refused"),
    A.SIGN_OUT: _l("Signed out"),
    A.USER_CREATED: _l("Account made"),
    A.USER_DISABLED: _l("Account turned off"),
    USER_ENABLED: _l("Account turned back on"),
    PASSWORD_CHANGED: _l("Password changed"),
    A.SURVEY_LOADED: _l("Survey loaded"),
    A.SURVEY_OPENED: _l("Survey opened"),
    A.SURVEY_CLOSED: _l("Survey closed"),
    A.SURVEY_SCHEDULED: _l("Survey dates set"),
    SURVEY_TEXT_CHANGED: _l("Survey wording changed"),
    A.KIOSK_LINK_CREATED: _l("Kiosk link made"),
    A.KIOSK_LINK_REVOKED: _l("Kiosk link stopped"),
    A.EXPORT_MADE: _l("Export made"),
    A.EXPORT_DOWNLOADED: _l("Export downloaded"),
    A.COMMENTS_EXPORTED: _l("Comments export made"),
    A.COMMENTS_DOWNLOADED: _l("Comments export downloaded"),
    A.RESPONSES_PURGED: _l("Old responses deleted"),
    A.RELEASE_CUT: _l("Release made"),
    A.RELEASES_WITHDRAWN: _l("Releases withdrawn"),
    A.RESULTS_VIEWED: _l("Results looked at"),
    A.COMMENT_WITHHELD: _l("Comment withheld"),
    A.REVIEW_LOADED: _l("Review loaded"),
    A.REVIEW_CHANGED: _l("Review changed"),
    A.REVIEW_PUBLISHED: _l("Review published"),
    A.REVIEW_UNPUBLISHED: _l("Review unpublished"),
    A.RECOMMENDATION_ADDED: _l("Recommendation added"),
    A.RECOMMENDATION_CHANGED: _l("Recommendation changed"),
    A.PROGRESS_UPDATE_ADDED: _l("Progress update added"),
    A.YOU_SAID_PUBLISHED: _l("Results published on the review page"),
}

# Words of the code inside a detail, by the name of the value that holds them.
WORDS: dict[str, dict[str, Any]] = {
    "role": {"analyst": _l("Analyst"), "admin": _l("Admin"), "translator": _l("Translator")},
    "status": PROGRESS,
}

TEXT = r"(?P<file>.+)"
EXPORT = r"release=(?P<number>\d+) language=%s min_cell=(?P<min_cell>\d+) by="

RECOMMENDATION = [(r"(?P<key>\S+)", N_("Recommendation %(key)s."))]

# For each action, the details it writes: (the pattern of the stored text, the sentence to show).
# A language is never a value: Welsh mutates a word after "yn", so each language has its sentence.
DETAILS: dict[str, list[tuple[str, str]]] = {
    A.SIGN_IN_FAILED: [
        (r"unknown account", N_("There is no account with this email address.")),
        (r"account disabled", N_("The account is turned off.")),
        (r"account locked", N_("The account was locked.")),
        (r"wrong password", N_("Wrong password.")),
        (r"wrong password \(from a trusted browser\)", N_("Wrong password, from a trusted browser.")),
        (r"wrong password; locked for (?P<minutes>\d+) minutes",
         N_("Wrong password. The account is locked for %(minutes)s minutes.")),
        (r"wrong password; locked for (?P<minutes>\d+) minutes \(from a trusted browser\)",
         N_("Wrong password, from a trusted browser. The account is locked for %(minutes)s minutes.")),
    ],
    A.USER_CREATED: [
        (r"role=(?P<role>\w+)", N_("Role: %(role)s.")),
        (r"role=(?P<role>\w+), can_export_comments", N_("Role: %(role)s. May download free-text comments.")),
    ],
    A.RESULTS_VIEWED: [
        (r"release (?P<number>\d+)", N_("Release %(number)s.")),
        (r"uptake only", N_("Response counts only: there is no release yet.")),
    ],
    A.EXPORT_DOWNLOADED: [
        (r"aggregate export (?P<id>\S+): all files \(zip\)", N_("Export %(id)s: every file, as a zip file.")),
        (r"aggregate export (?P<id>\S+): " + TEXT, N_("Export %(id)s: the file %(file)s.")),
    ],
    A.COMMENTS_DOWNLOADED: [
        (r"comments export (?P<id>\S+): " + TEXT, N_("Comments export %(id)s: the file %(file)s.")),
    ],
    A.SURVEY_LOADED: [
        (r"created from " + TEXT + r" \(uploaded in the console\)",
         N_("Made from the file %(file)s, uploaded in the console.")),
        (r"updated from " + TEXT + r" \(uploaded in the console\)",
         N_("Brought up to date from the file %(file)s, uploaded in the console.")),
        (r"unchanged from " + TEXT + r" \(uploaded in the console\)",
         N_("The file %(file)s, uploaded in the console, changed nothing.")),
        (r"created from the builder \(version (?P<number>\d+)\)", N_("Made from the builder (version %(number)s).")),
        (r"updated from the builder \(version (?P<number>\d+)\)",
         N_("Brought up to date from the builder (version %(number)s).")),
        (r"unchanged from the builder \(version (?P<number>\d+)\)",
         N_("Version %(number)s from the builder changed nothing.")),
    ],
    A.SURVEY_OPENED: [
        (r"cleared the opening time", N_("The opening time was taken away.")),
        (r"cleared the closing time", N_("The closing time was taken away.")),
        (r"cleared the opening time and closing time", N_("The opening and closing times were taken away.")),
    ],
    A.SURVEY_SCHEDULED: [
        (r"opens (?P<opens>[\d: -]+), closes (?P<closes>[\d: -]+) \(Europe/London\)",
         N_("Opens %(opens)s, closes %(closes)s (UK time).")),
        (r"opens none, closes (?P<closes>[\d: -]+) \(Europe/London\)",
         N_("No opening time; closes %(closes)s (UK time).")),
        (r"opens (?P<opens>[\d: -]+), closes none \(Europe/London\)",
         N_("Opens %(opens)s (UK time); no closing time.")),
        (r"opens none, closes none \(Europe/London\)", N_("No opening or closing time.")),
    ],
    SURVEY_TEXT_CHANGED: [
        (r"(?P<key>\S+) \(cy\): before (?P<before>\".*\"), after (?P<after>\".*\")",
         N_("%(key)s in Welsh: it was %(before)s, it is now %(after)s.")),
        (r"(?P<key>\S+) \(en\): before (?P<before>\".*\"), after (?P<after>\".*\")",
         N_("%(key)s in English: it was %(before)s, it is now %(after)s.")),
    ],
    A.KIOSK_LINK_CREATED: [
        (r"site: (?P<site>.+); link: (?P<link>\S+); expires: never",
         N_("Site: %(site)s. Link: %(link)s. It does not run out.")),
        (r"site: (?P<site>.+); link: (?P<link>\S+); expires: (?P<day>[\d-]+)",
         N_("Site: %(site)s. Link: %(link)s. Last day: %(day)s.")),
    ],
    A.KIOSK_LINK_REVOKED: [
        (r"site: (?P<site>.+); link: (?P<link>\S+)", N_("Site: %(site)s. Link: %(link)s.")),
    ],
    A.EXPORT_MADE: [
        (EXPORT % "cy" + "-", N_("Release %(number)s, labels in Welsh, smallest number shown %(min_cell)s, "
                                 "no breakdowns.")),
        (EXPORT % "en" + "-", N_("Release %(number)s, labels in English, smallest number shown %(min_cell)s, "
                                 "no breakdowns.")),
        (EXPORT % "cy" + r"(?P<by>\S+)", N_("Release %(number)s, labels in Welsh, smallest number shown "
                                            "%(min_cell)s, broken down by %(by)s.")),
        (EXPORT % "en" + r"(?P<by>\S+)", N_("Release %(number)s, labels in English, smallest number shown "
                                            "%(min_cell)s, broken down by %(by)s.")),
    ],
    A.RESPONSES_PURGED: [
        (r"(?P<responses>\d+) responses and (?P<comments>\d+) comments submitted before (?P<day>[\d-]+)",
         N_("Deleted: responses %(responses)s, comments %(comments)s, all sent before %(day)s.")),
    ],
    A.COMMENTS_EXPORTED: [
        (r"release (?P<number>\d+): (?P<comments>\d+) comments", N_("Release %(number)s: comments %(comments)s.")),
    ],
    A.COMMENT_WITHHELD: [
        (r"release (?P<number>\d+): (?P<reason>.*)", N_("From release %(number)s. Reason: %(reason)s")),
        (r"not yet released: (?P<reason>.*)", N_("Not in a release yet. Reason: %(reason)s")),
    ],
    A.RELEASE_CUT: [
        (r"release (?P<number>\d+): (?P<total>\d+) responses, (?P<new>\d+) new",
         N_("Release %(number)s: responses %(total)s in all, %(new)s of them new.")),
        (r"release (?P<number>\d+): (?P<total>\d+) responses, (?P<new>\d+) new, final",
         N_("Release %(number)s, the last: responses %(total)s in all, %(new)s of them new.")),
    ],
    A.RELEASES_WITHDRAWN: [
        (r"(?P<count>\d+) releases from release (?P<number>\d+) on: a purge deleted responses they hold",
         N_("Releases withdrawn: %(count)s, from release %(number)s on. Deleting old responses took away "
            "some of their responses.")),
    ],
    A.REVIEW_LOADED: [
        (r"new; (?P<count>\d+) progress update\(s\) added", N_("A new review. Progress updates added: %(count)s.")),
        (r"updated; (?P<count>\d+) progress update\(s\) added",
         N_("The review was brought up to date. Progress updates added: %(count)s.")),
        (r"made in the console", N_("Made in the console.")),
    ],
    A.REVIEW_CHANGED: [
        (r"surveys: (?P<surveys>.*)", N_("Its surveys are now: %(surveys)s.")),
    ],
    A.RECOMMENDATION_ADDED: RECOMMENDATION,
    A.RECOMMENDATION_CHANGED: RECOMMENDATION,
    A.PROGRESS_UPDATE_ADDED: [
        (r"(?P<key>\S+) (?P<day>[\d-]+) (?P<status>not_started|in_progress|done)",
         N_("Recommendation %(key)s, update of %(day)s: %(status)s.")),
    ],
    A.YOU_SAID_PUBLISHED: [
        (r"(?P<survey>\S+) release (?P<number>\d+): no questions",
         N_("Survey %(survey)s, release %(number)s: no questions are published now.")),
        (r"(?P<survey>\S+) release (?P<number>\d+): (?P<questions>.+)",
         N_("Survey %(survey)s, release %(number)s. Questions published: %(questions)s.")),
    ],
}
PATTERNS = {action: [(re.compile(pattern), sentence) for pattern, sentence in rules]
            for action, rules in DETAILS.items()}


def action_name(action: str) -> str:
    """The action's name in the reader's language (an action no longer written keeps its code)."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


def detail_text(action: str, detail: str) -> str:
    """The stored detail as a sentence in the reader's language; as stored when no pattern knows it."""
    for pattern, sentence in PATTERNS.get(action, []):
        found = pattern.fullmatch(detail)
        if found:
            values = {name: str(WORDS.get(name, {}).get(value, value)) for name, value in found.groupdict().items()}
            return gettext(sentence, **values)
    return detail
