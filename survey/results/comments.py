"""The comments export: free-text answers of a release alone, detached from every other answer,
in random order, with the quarter they came in and nothing else about them, and with contact
details and other identifiers replaced."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from .. import audit
from ..extensions import db
from ..models import Release, Survey, TextAnswer
from ..sentences import Sentence
from ..surveys import SurveyError, get_survey
from ..vocabulary import Language, SurveyState
from . import ExportError
from .files import new_folder, write_rows
from .releases import ReleaseError, find_release, min_cell_of

COLUMNS = ["question_id", "question", "language", "quarter", "comment"]
MAX_COMMENT = 5000   # the longest a long text answer may be (definition/model.py): redaction is timed on it

# Every pattern is bounded: no unbounded repeat that could backtrack over the rest of a comment,
# so each costs time linear in the comment's length (tests/results/test_redaction_speed.py).
# Order matters: web addresses before e-mail addresses (a URL may hold an @), e-mail addresses
# before handles, telephone numbers before NHS numbers (both are ten digits or so), dates before
# telephone numbers, postcodes before vehicle registrations.
_AT = r"(?:\s{0,3}@\s{0,3}|\s{0,3}[(\[{]\s{0,2}at\s{0,2}[)\]}]\s{0,3}|\s{1,3}at\s{1,3})"
_DOT = r"(?:\.|\s{0,3}[(\[{]\s{0,2}dot\s{0,2}[)\]}]\s{0,3}|\s{1,3}dot\s{1,3})"
_TLD = r"(?:com|org|net|cymru|wales|uk|co\.uk|gov\.uk|org\.uk|nhs\.uk|io|ly|me|co|info|biz|gl|gd|tv|app|link|page)"
_STREET_CY = r"(?:Heol|Stryd|Ffordd|L[oôó]n|Rhodfa|Teras|Cilgant|Maes|Stad|Ystad|Cae|Bryn|Clos|Llwyn)"
_STREET_EN = (r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Terrace|Crescent|Place|Court|"
              r"Gardens|Hill|Row|Walk|Square|Park|Grove|View|Mews|Parade|Heol|Stryd|Ffordd|L[oôó]n)")
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|"
           r"Awst|Medi|Hydref|Tachwedd|Rhagfyr)")
REDACTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:https?://|www\.)[^\s<>\"']{1,2000}", re.I), "[url]"),
    (re.compile(r"[\w.+'-]{1,64}" + _AT + r"[\w-]{1,63}(?:" + _DOT + r"[\w-]{1,63}){1,5}", re.I), "[email]"),
    (re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}\b"), "[handle]"),
    (re.compile(r"\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,5}\." + _TLD + r"\b(?:/[^\s<>\"']{0,2000})?", re.I), "[url]"),
    (re.compile(r"\b\d{1,2}\s{0,2}[/.-]\s{0,2}\d{1,2}\s{0,2}[/.-]\s{0,2}(?:19|20)?\d{2}\b"), "[date]"),
    (re.compile(r"\b\d{1,2}(?:st|nd|rd|th|af|ain|ed|ydd|eg|fed)?\s{1,3}(?:of\s{1,3})?" + _MONTHS
                + r",?\s{1,3}(?:19|20)\d{2}\b", re.I), "[date]"),
    (re.compile(r"\b(?:GIR[\s-]{0,3}0AA|[A-Z]{1,2}\d[A-Z\d]?[\s-]{0,3}\d[A-Z]{2})\b", re.I), "[postcode]"),
    (re.compile(r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s().-]{0,2}\d){8,9}(?!\d)"), "[phone]"),
    (re.compile(r"(?<![\w+])(?:\+|00)\d(?:[\s().-]{0,2}\d){7,14}(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)\d{3}[\s-]{0,2}\d{3}[\s-]{0,2}\d{4}(?!\d)"), "[nhs-number]"),
    (re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.I), "[ni-number]"),
    (re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b"), "[vehicle]"),
    (re.compile(r"\b\d{1,4}[A-Za-z]?,?\s{1,3}" + _STREET_CY + r"(?:\s{1,3}[\w'’-]{1,30}){0,3}", re.I), "[address]"),
    (re.compile(r"\b\d{1,4}[A-Za-z]?,?\s{1,3}(?:[A-Z][\w'’-]{0,29}\s{1,3}){1,3}(?i:" + _STREET_EN + r")\b"),
     "[address]"),
]


def redact(text: str) -> str:
    """Replace web and e-mail addresses (also written "at ... dot"), handles, dates, postcodes,
    telephone, NHS and National Insurance numbers, vehicle registrations and house addresses."""
    for pattern, mark in REDACTIONS:
        text = pattern.sub(mark, text)
    return text


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def comments_may_leave(survey: Survey, release: Release) -> str | None:
    """Why the comments of this release may not leave, or None when they may: only from the final
    release of a closed survey, or a release with at least 2 x the minimum cell new comments."""
    if survey.status == SurveyState.CLOSED and release.final:
        return None
    needed = 2 * min_cell_of(survey)
    if release.new_comments >= needed:
        return None
    return Sentence("release %(number)s has %(new)s new comments: comments leave only from the final release "
                    "of a closed survey, or a release with at least %(needed)s new comments",
                    number=release.number, new=release.new_comments, needed=needed)


def write_comments_export(survey_id: str, out_dir: Path | None = None, actor: str = audit.SYSTEM,
                          lang: str = Language.CY, release: int | None = None) -> Path:
    """Write comments.csv of a release into a new folder, record it in the audit log, and return
    the folder. The comments come in the order of their random ids (not of submission), with the
    quarter they came in, no channel, no site; withheld comments stay out."""
    try:
        survey = get_survey(survey_id)
        cut = find_release(survey_id, release)
    except (SurveyError, ReleaseError) as exc:
        raise ExportError(exc.args[0]) from exc  # the Sentence itself, so the console can translate it
    refusal = comments_may_leave(survey, cut)
    if refusal:
        raise ExportError(refusal)
    definition = survey.definition
    order = {q.id: i for i, q in enumerate(definition.all_questions())}
    question_text = {q.id: q.text(lang) for q in definition.all_questions()}
    folder = new_folder(Path(current_app.config["EXPORT_DIR"]) / "comments", survey_id, out_dir,
                        f"release-{cut.number}-{lang}")
    query = (sa.select(TextAnswer.question_id, TextAnswer.language, TextAnswer.submitted_on, TextAnswer.body)
             .where(TextAnswer.survey_id == survey_id, TextAnswer.release <= cut.number,
                    TextAnswer.withheld.is_(False))
             .order_by(sa.case(order, value=TextAnswer.question_id, else_=len(order)), TextAnswer.id))
    rows = db.session.execute(query).yield_per(1000)  # streamed: memory stays flat however many
    written = write_rows(folder / "comments.csv", COLUMNS, (
        (row.question_id, question_text.get(row.question_id, ""), row.language, quarter_of(row.submitted_on),
         redact(row.body)) for row in rows))
    audit.record(actor, audit.Action.COMMENTS_EXPORTED, survey_id, f"release {cut.number}: {written} comments")
    return folder


def comments_to_review(survey_id: str, limit: int = 200) -> list[TextAnswer]:
    """The comments not yet withheld, released or not, as staff review them before they leave
    (in the order of their random ids)."""
    return list(db.session.scalars(sa.select(TextAnswer).where(TextAnswer.survey_id == survey_id,
                                                               TextAnswer.withheld.is_(False))
                                   .order_by(TextAnswer.id).limit(limit)))


def withhold_comment(survey_id: str, text_id: int, reason: str, actor: str) -> None:
    """Keep one comment out of every comments export; the reason goes in the audit log."""
    found = db.session.get(TextAnswer, text_id)
    if found is None or found.survey_id != survey_id:
        raise ExportError(f"{survey_id} has no such comment")
    found.withheld = True
    where = f"release {found.release}" if found.release else "not yet released"
    audit.record(actor, audit.Action.COMMENT_WITHHELD, survey_id, f"{where}: {reason.strip()}")
