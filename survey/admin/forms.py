"""The console's forms (Flask-WTF, so every one carries a CSRF token; ProjectForm, so WTForms' own
messages are the project's)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, SelectChoice, DateField, DateTimeLocalField, EmailField, IntegerField,
                     PasswordField, RadioField, SelectMultipleField, StringField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import ProjectForm
from ..i18n import LANGUAGE_NAMES
from ..vocabulary import Language

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
LANGUAGE_CHOICES = [SelectChoice(lang, name) for lang, name in LANGUAGE_NAMES.items()]


class SignInForm(ProjectForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")),
                                                        Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")),
                                                         Length(max=1000)])


class ActionForm(ProjectForm):
    """A button that changes something: only the CSRF token."""


class UploadForm(ProjectForm):
    definition = FileField(_l("Survey definition file"), validators=[
        FileRequired(_l("Choose a survey definition file")),
        FileAllowed(["yaml", "yml", "json"], _l("The file must be a YAML or JSON file (.yaml, .yml or .json)"))])


class ScheduleForm(ProjectForm):
    opens_at = DateTimeLocalField(_l("Opens"), format=DATETIME_FORMAT, validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes"), format=DATETIME_FORMAT, validators=[Optional()])

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        valid = super().validate(extra_validators)  # type: ignore[arg-type]
        if valid and self.opens_at.data and self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors = [*self.closes_at.errors, str(_l("The closing time must be after the opening time"))]
            return False
        return valid


class KioskLinkForm(ProjectForm):
    site = StringField(_l("Site name"), validators=[DataRequired(_l("Enter the name of the site")),
                                                    Length(max=120, message=_l("The site name must be 120 characters or fewer"))])
    expires_on = DateField(_l("Last day the link works (optional)"), validators=[Optional()])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExportForm(ProjectForm):
    language = RadioField(_l("Language of the labels"), choices=LANGUAGE_CHOICES,
                          default=Language.CY, validators=[InputRequired(_l("Choose a language"))])
    release = RadioField(_l("Release"), coerce=int, choices=[], validators=[InputRequired(_l("Choose a release"))])
    min_cell = IntegerField(_l("Smallest number shown"), default=10, validators=[
        InputRequired(_l("Enter the smallest number to show, 5 or more")),
        NumberRange(min=5, max=1000, message=_l("The smallest number shown must be between 5 and 1000"))])
    breakdowns = MultiCheckboxField(_l("Break the figures down by (optional)"), choices=[], validate_choice=True)


class WithholdForm(ProjectForm):
    reason = StringField(_l("Why this comment is withheld"), validators=[
        DataRequired(_l("Enter why this comment is withheld")), Length(max=500)])


class UserForm(ProjectForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter an email address")),
                                                        Length(max=254)])
    role = RadioField(_l("Role"), choices=[
        SelectChoice("analyst", _l("Analyst: reads results and makes exports")),
        SelectChoice("admin", _l("Admin: also runs surveys, kiosk links and accounts")),
        SelectChoice("translator", _l("Translator: edits the Welsh text of surveys, nothing else"))],
                      validators=[InputRequired(_l("Choose a role"))])
    can_export_comments = BooleanField(_l("May download free-text comments"))
    language = RadioField(_l("Console language"), choices=LANGUAGE_CHOICES, default=Language.CY,
                          validators=[InputRequired(_l("Choose a language"))])
    password = PasswordField(_l("First password"), validators=[DataRequired(_l("Enter a password")),
                                                               Length(max=1000)])
