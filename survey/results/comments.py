"""The comments export: free-text answers alone, detached from every other answer, with contact
details and other identifiers replaced."""
from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from .. import audit
from ..extensions import db
from ..models import TextAnswer
from ..surveys import SurveyError, get_survey
from . import ExportError
from .files import new_folder, write_rows

COLUMNS = ["question_id", "question", "language", "channel", "month", "comment"]

# Order matters: web addresses before e-mail addresses (a URL may hold an @), postcodes before
# telephone numbers (neither pattern overlaps the other, but keep the specific one first).
REDACTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.I), "[url]"),
    (re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.I), "[email]"),
    (re.compile(r"\b(?:GIR\s?0AA|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b", re.I), "[postcode]"),
    (re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s().-]{0,2}\d){8,9}(?!\d)"), "[phone]"),
    (re.compile(r"(?<![\w+])\+\d(?:[\s().-]{0,2}\d){7,14}(?!\d)"), "[phone]"),
    (re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|cymru|wales|uk|co\.uk|gov\.uk|io)\b(?:/\S*)?", re.I), "[url]"),
]


def redact(text: str) -> str:
    """Replace e-mail addresses, telephone numbers, UK postcodes and web addresses."""
    for pattern, mark in REDACTIONS:
        text = pattern.sub(mark, text)
    return text


def write_comments_export(survey_id: str, out_dir: Path | None = None, actor: str = audit.SYSTEM,
                          lang: str = "cy") -> Path:
    """Write comments.csv into a new folder, record it in the audit log, and return the folder."""
    try:
        definition = get_survey(survey_id).definition
    except SurveyError as exc:
        raise ExportError(str(exc)) from exc
    order = {q.id: i for i, q in enumerate(definition.all_questions())}
    question_text = {q.id: q.text(lang) for q in definition.all_questions()}
    folder = new_folder(Path(current_app.config["EXPORT_DIR"]) / "comments", survey_id, out_dir)
    query = (sa.select(TextAnswer.question_id, TextAnswer.language, TextAnswer.channel,
                       TextAnswer.submitted_on, TextAnswer.body)
             .where(TextAnswer.survey_id == survey_id)
             .order_by(sa.case(order, value=TextAnswer.question_id, else_=len(order)),
                       TextAnswer.submitted_on, TextAnswer.body))
    rows = db.session.execute(query).yield_per(1000)  # streamed: memory stays flat however many
    written = write_rows(folder / "comments.csv", COLUMNS, (
        (row.question_id, question_text.get(row.question_id, ""), row.language, row.channel,
         row.submitted_on.strftime("%Y-%m"), redact(row.body)) for row in rows))
    audit.record(actor, audit.Action.COMMENTS_EXPORTED, survey_id, f"{written} comments")
    return folder
