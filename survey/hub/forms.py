"""The console's review forms: every text twice, Welsh first, then English."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from ..admin.forms import MultiCheckboxField
from ..forms import ProjectForm as FlaskForm  # WTForms' own messages in the project's words
from .models import Progress, Reply

SLUG = Regexp(r"^[a-z0-9][a-z0-9-]*$", message=_l("Use only lowercase letters, numbers and hyphens"))
SHORT = Length(max=255, message=_l("This must be 255 characters or fewer"))
LONG = Length(max=20000, message=_l("This must be 20,000 characters or fewer"))
NO_REPLY = ""


def _pair(label_cy: Any, label_en: Any, long: bool = False, limit: Length = SHORT) -> tuple[Any, Any]:
    """A Welsh and an English field for one text; either may be left blank while a review is a draft."""
    field = TextAreaField if long else StringField
    return (field(label_cy, validators=[Optional(), LONG if long else limit]),
            field(label_en, validators=[Optional(), LONG if long else limit]))


class ReviewForm(FlaskForm):
    title_cy, title_en = _pair(_l("Title in Welsh"), _l("Title in English"))
    kind_cy, kind_en = _pair(_l("Type of review in Welsh"), _l("Type of review in English"))
    topic_id = StringField(_l("Topic id"), validators=[DataRequired(_l("Enter a topic id")), Length(max=63), SLUG])
    topic_cy, topic_en = _pair(_l("Topic in Welsh"), _l("Topic in English"), limit=Length(max=120))
    summary_cy, summary_en = _pair(_l("Summary in Welsh"), _l("Summary in English"), long=True)
    findings_cy, findings_en = _pair(_l("Findings in Welsh"), _l("Findings in English"), long=True)


class NewReviewForm(ReviewForm):
    review_id = StringField(_l("Review id"), validators=[DataRequired(_l("Enter an id for the review")),
                                                         Length(max=63), SLUG])


def audience_form(survey_ids: list[str], data: dict[str, str] | None = None) -> FlaskForm:
    """Who each of the review's surveys is for, in Welsh and English."""
    class AudienceForm(FlaskForm):
        pass
    for number, _survey_id in enumerate(survey_ids):
        cy, en = _pair(_l("Who the survey is for, in Welsh"), _l("Who the survey is for, in English"))
        setattr(AudienceForm, f"audience_{number}_cy", cy)
        setattr(AudienceForm, f"audience_{number}_en", en)
    return AudienceForm(data=data or {})


class SurveysForm(FlaskForm):
    surveys = MultiCheckboxField(_l("Surveys in this review"), choices=[], validate_choice=True)


class RecommendationForm(FlaskForm):
    text_cy, text_en = _pair(_l("Recommendation in Welsh"), _l("Recommendation in English"), long=True)
    addressee_cy, addressee_en = _pair(_l("Made to, in Welsh"), _l("Made to, in English"))
    response = RadioField(_l("Their response"), default=NO_REPLY, choices=[
        SelectChoice(NO_REPLY, _l("No response yet")), SelectChoice(Reply.ACCEPTED, _l("Accepted")),
        SelectChoice(Reply.PARTLY_ACCEPTED, _l("Partly accepted")),
        SelectChoice(Reply.NOT_ACCEPTED, _l("Not accepted"))])


class ProgressForm(FlaskForm):
    day = DateField(_l("Date of the update"), validators=[InputRequired(_l("Enter the date of the update"))])
    status = RadioField(_l("Progress from this update on"), choices=[
        SelectChoice(Progress.NOT_STARTED, _l("Not started")),
        SelectChoice(Progress.IN_PROGRESS, _l("In progress")), SelectChoice(Progress.DONE, _l("Done"))], validators=[InputRequired(_l("Choose how far the work has got"))])
    text_cy = TextAreaField(_l("Update in Welsh"), validators=[DataRequired(_l("Enter the update in Welsh")), LONG])
    text_en = TextAreaField(_l("Update in English"), validators=[DataRequired(_l("Enter the update in English")), LONG])


class YouSaidForm(FlaskForm):
    questions = MultiCheckboxField(_l("Questions to publish"), choices=[], validate_choice=True)
