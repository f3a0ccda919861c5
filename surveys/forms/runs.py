"""Launching a run: the audience, the dates, and the mode fixed for good."""

import datetime
import uuid

from django import forms

from programs.dates import today
from programs.forms import BoundedDateField, BoundedForm
from programs.models import Division
from programs.models.people import CareerStage
from surveys.models.runs import Audience
from surveys.models.surveys import TITLE_LENGTH

LONGEST_RUN_DAYS = 120


def _latest_open() -> datetime.date:
    return today() + datetime.timedelta(days=365)


def _latest_close() -> datetime.date:
    return today() + datetime.timedelta(days=365 + LONGEST_RUN_DAYS)


class RunForm(BoundedForm):
    title = forms.CharField(max_length=TITLE_LENGTH)
    audience = forms.ChoiceField(choices=[(value, label) for value, label in Audience.choices
                                          if value != Audience.PULSE],
                                 widget=forms.RadioSelect,
                                 initial=Audience.DEPARTMENT)
    division = forms.ModelChoiceField(queryset=Division.objects.none(), required=False,
                                      help_text="For “One division”.")
    stages = forms.MultipleChoiceField(choices=CareerStage.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       label="Career stages", help_text="For “Career stages”.")
    intake_year = forms.IntegerField(min_value=1950, max_value=2100, required=False,
                                     help_text="For “An intake”: the year its program year "
                                     "starts.")
    opens_on = BoundedDateField(label="Opens on", min_value=today, max_value=_latest_open,
                                initial=today)
    closes_on = BoundedDateField(label="Closes after", min_value=today, max_value=_latest_close)
    anonymous = forms.TypedChoiceField(
        label="Mode", coerce=lambda value: value == "anonymous",
        choices=[("anonymous", "Anonymous: nobody can tell which answers are whose"),
                 ("identified", "Identified: answers are linked to people, who are told so "
                  "and asked to agree")],
        widget=forms.RadioSelect, help_text="Fixed at launch: it cannot be changed later.")
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, department, identified: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = Division.objects.filter(department=department)
        self.fields["anonymous"].initial = "identified" if identified else "anonymous"

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes:
            if closes < opens:
                self.add_error("closes_on", "Choose a closing date on or after the opening.")
            elif (closes - opens).days > LONGEST_RUN_DAYS:
                self.add_error("closes_on", f"Keep a run to {LONGEST_RUN_DAYS} days or fewer.")
        audience = data.get("audience")
        if audience == Audience.DIVISION and not data.get("division"):
            self.add_error("division", "Choose the division.")
        if audience == Audience.STAGES and not data.get("stages"):
            self.add_error("stages", "Choose at least one career stage.")
        if audience == Audience.INTAKE and not data.get("intake_year"):
            self.add_error("intake_year", "Give the intake's year.")
        return data
