"""Forms for faculty development events: scheduling one, and recording who attended."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from programs.forms import BoundedDateTimeField, BoundedForm, submit_helper
from programs.models import DevelopmentEvent, FacultyMember
from programs.models.development import (
    DESCRIPTION_LENGTH,
    LOCATION_LENGTH,
    MAX_CAPACITY,
    MAX_MINUTES,
    TITLE_LENGTH,
)
from programs.services.development import PLAN_AHEAD_DAYS


def _latest_start() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=PLAN_AHEAD_DAYS)


class EventForm(BoundedForm):
    kind = forms.ChoiceField(label="Kind of event", choices=DevelopmentEvent.Kind.choices)
    title = forms.CharField(max_length=TITLE_LENGTH)
    starts_at = BoundedDateTimeField(
        label="Date and time", min_value=timezone.now, max_value=_latest_start,
        min_message="Schedule the event in the future.",
        max_message="Schedule the event within the next two years (before %(limit)s).")
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=1,
                                          max_value=MAX_MINUTES, initial=120)
    location = forms.CharField(max_length=LOCATION_LENGTH, required=False)
    capacity = forms.IntegerField(min_value=1, max_value=MAX_CAPACITY, required=False,
                                  help_text="Leave empty for no limit.")
    organiser_email = forms.EmailField(
        label="Organiser's email", max_length=254, required=False,
        help_text="The faculty member who records attendance. Empty: you.")
    description = forms.CharField(max_length=DESCRIPTION_LENGTH, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    # Hidden: a double submission schedules the event once.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.helper = submit_helper("Schedule the event")

    def clean_organiser_email(self) -> FacultyMember | None:
        email = self.cleaned_data.get("organiser_email", "").strip().lower()
        if not email:
            return None
        person = (FacultyMember.objects.current().select_related("user")
                  .filter(department=self.department, user__email=email).first())
        if person is None:
            raise forms.ValidationError(
                "Nobody in the department has this email address: check it against the "
                "roster.")
        return person


class AttendanceForm(BoundedForm):
    """A box per registration. `shown` carries the registrations the page listed, so
    someone who registered after it was opened is not marked absent by this save."""

    attended = forms.TypedMultipleChoiceField(
        label="Attended", coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    shown = forms.TypedMultipleChoiceField(coerce=int, required=False,
                                           widget=forms.MultipleHiddenInput)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(r.pk, f"{r.person.full_name} ({r.person.division.name})")
                   for r in registrations]
        self.fields["attended"].choices = choices
        self.fields["shown"].choices = choices
        self.initial.setdefault("attended", [r.pk for r in registrations if r.attended])
        self.initial.setdefault("shown", [r.pk for r in registrations])
        self.helper = submit_helper("Save attendance")
