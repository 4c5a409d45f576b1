"""The hub's words for statuses and responses, translated when shown (dispatch tables, not if/elif)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import Progress, Reply
from .public import ReviewState
from .you_said import Refusal

REVIEW_STATES = {
    ReviewState.RESULTS_TO_COME: _l("Results to come"),
    ReviewState.RESULTS_PUBLISHED: _l("Results published"),
    ReviewState.TRACKING: _l("Recommendations being tracked"),
}
REPLIES = {
    Reply.ACCEPTED: _l("Accepted"),
    Reply.PARTLY_ACCEPTED: _l("Partly accepted"),
    Reply.NOT_ACCEPTED: _l("Not accepted"),
    None: _l("No response yet"),
}
PROGRESS = {
    Progress.NOT_STARTED: _l("Not started"),
    Progress.IN_PROGRESS: _l("In progress"),
    Progress.DONE: _l("Done"),
}
# Bilingual headings of the hub (shown in both languages at once)
CONSULTATIONS = _l("Consultations")
HUB_INTRO = _l("What we are asking, what you told us and what we did about it.")
OPEN_NOW = _l("Consultations open now")
COMING_SOON = _l("Coming soon")
CLOSED = _l("Closed")
NONE_OPEN = _l("There are no consultations open at the moment.")
NONE_COMING = _l("There are no consultations planned at the moment.")
NONE_CLOSED = _l("There are no closed consultations yet.")
TOPICS = _l("Show consultations about")
ALL_TOPICS = _l("All topics")
FOR_WHOM = _l("Who it is for")
CLOSES = _l("Closes")
OPENS = _l("Opens")
CLOSED_ON = _l("Closed on")
TOPIC = _l("Topic")
REVIEW_STATUS = _l("Results")
KIOSK_ONLY = _l("You can answer this survey on a tablet at the services taking part.")
REVIEW = _l("Review")
STAY_INFORMED = _l("Stay informed")
FEED_INTRO = _l("Follow new consultations, results and progress in a feed reader. We do not ask for your email address.")
FEED_LINK = _l("Feed of new consultations and results")
# The texts a review needs in both languages, as the console names them when one is missing
FIELD_NAMES = {
    "title": _l("Title"), "kind": _l("Type of review"), "topic": _l("Topic"), "summary": _l("Summary"),
    "findings": _l("Findings"), "audience": _l("Who it is for"), "text": _l("Recommendation"),
    "addressee": _l("Made to"),
}
# Why figures cannot be published from a survey ("You said", hub/you_said.py)
REFUSALS = {
    Refusal.NOT_CLOSED: _l("This survey has not closed yet. You can choose what to publish from it once it "
                           "has closed and its final release has been made."),
    Refusal.NO_FINAL_RELEASE: _l("This survey has no final release, so nothing can be published from it. The "
                                 "final release is made when the survey closes, if enough people answered "
                                 "since the release before."),
    Refusal.NOT_A_CHOICE: _l("Only questions where people chose an answer can be published. Answers written "
                             "in people's own words are never published."),
}
