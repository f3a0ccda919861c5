import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from checkins.models import MAX_MINUTES, Mode
from checkins.services import outside_mentorship
from programs.dates import today
from programs.models import Mentorship, Topic


def _duration() -> forms.IntegerField:
    # min_value 1 refuses zero and negative durations with a message, keeping the input.
    return forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=MAX_MINUTES,
                              initial=60)


class MeetingForm(forms.Form):
    """Everything on one short form, with defaults that make logging take under a minute:
    today, 60 minutes, in person."""

    held_on = forms.DateField(label="Date", initial=today,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    duration_minutes = _duration()
    mode = forms.ChoiceField(choices=Mode.choices, initial=Mode.IN_PERSON)
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple)
    protected_time = forms.BooleanField(
        label="During work hours (protected time)", required=False)
    shared_summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both of you see the summary and action items. Leaders never do.")
    action_items = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line.")
    private_note = forms.CharField(
        label="Private note", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only you will ever see this: not the other member, not the program.")
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, mentorship: Mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        last = min(today(), mentorship.end_date) if mentorship.end_date else today()
        self.fields["held_on"].widget.attrs.update(
            min=mentorship.start_date.isoformat(), max=last.isoformat())
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Log meeting"))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > today():
            raise forms.ValidationError(
                "This date is in the future. Log a meeting once it has happened, or plan it.")
        outside = outside_mentorship(self.mentorship, held_on)
        if outside:
            raise forms.ValidationError(outside)
        return held_on

    def clean_action_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["action_items"].splitlines()
                if line.strip()]


class PrivateNoteForm(forms.Form):
    body = forms.CharField(
        label="Your private note", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you will ever see this. Leave it empty to delete the note.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save private note"))


class PlannedMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    duration_minutes = _duration()
    mode = forms.ChoiceField(choices=Mode.choices, initial=Mode.IN_PERSON)
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agenda_in_invitation = forms.BooleanField(
        label="Include the agenda in the calendar invitation", required=False,
        help_text="Calendars and mailboxes are often read by assistants. Unticked, the agenda "
        "stays on the mentorship page, where only the two of you see it.")
    # Hidden, as on MeetingForm: a double submission plans (and invites) once.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Plan meeting and send invitations"))

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError("Plan a meeting in the future.")
        return starts_at
