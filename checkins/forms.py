import datetime
import uuid

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from checkins.models import (
    AGENDA_LENGTH,
    MAX_ACTION_ITEMS,
    MAX_MINUTES,
    PLAN_AHEAD_DAYS,
    PRIVATE_NOTE_LENGTH,
    SUMMARY_LENGTH,
    VIDEO_LINK_LENGTH,
    ActionItem,
    Mode,
    PlannedMeeting,
    https_only,
)
from programs.dates import long_date, today
from programs.forms import EARLIEST_DATE, BoundedDateField, BoundedDateTimeField, BoundedForm
from programs.models import Mentorship, Topic

ACTION_ITEM_LENGTH = ActionItem._meta.get_field("text").max_length
# crispy's whole-form template with the error summary in place of its own list of form
# errors (templates/includes/error_summary.html says what the summary does).
WITH_ERROR_SUMMARY = "includes/form_with_error_summary.html"


def form_helper(form: forms.Form, label: str, *, back_to: str = "",
                name: str = "save") -> FormHelper:
    """Every field in order, then the submit button and a Cancel link back to `back_to`;
    errors listed in a summary at the top of the form."""
    helper = FormHelper(form)
    helper.template = WITH_ERROR_SUMMARY
    actions = [Submit(name, label)]
    if back_to:
        actions.append(HTML(format_html('<a class="btn btn-link" href="{}">Cancel</a>',
                                        back_to)))
    helper.layout.append(FormActions(*actions))
    return helper


class HttpsURLField(forms.URLField):
    """A URL that must be https (checkins.models.https_only), refused in one message that
    says so, instead of a general "Enter a valid URL." as well."""

    default_validators = [https_only]


def _duration() -> forms.IntegerField:
    # min_value 1 refuses zero and negative durations with a message, keeping the input.
    return forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=MAX_MINUTES,
                              initial=60)


def _text(label: str | None, limit: int, rows: int, help_text: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=limit,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=f"{help_text} Up to {limit:,} characters.".strip())


class MeetingForm(BoundedForm):
    """Everything on one short form, with defaults that make logging take under a minute:
    today, 60 minutes, in person."""

    held_on = BoundedDateField(
        label="Date", initial=today, min_value=EARLIEST_DATE, max_value=today,
        max_message="This date is in the future. Log a meeting once it has happened, or "
                    "plan it.")
    duration_minutes = _duration()
    mode = forms.ChoiceField(choices=Mode.choices, initial=Mode.IN_PERSON)
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple)
    protected_time = forms.BooleanField(
        label="During work hours (protected time)", required=False)
    shared_summary = _text(None, SUMMARY_LENGTH, 3,
                           "Both of you see the summary and action items. Leaders never do.")
    action_items = forms.CharField(
        required=False, max_length=MAX_ACTION_ITEMS * (ACTION_ITEM_LENGTH + 1),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"One per line: up to {MAX_ACTION_ITEMS}, each up to {ACTION_ITEM_LENGTH} "
                  "characters.")
    private_note = _text("Private note", PRIVATE_NOTE_LENGTH, 2,
                         "Only you will ever see this: not the other member, not the program.")
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, mentorship: Mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        held_on = self.fields["held_on"]
        held_on.narrow(min_value=mentorship.start_date, min_message=(
            f"This mentorship started on {long_date(mentorship.start_date)}: a meeting "
            "before then cannot be logged here."))
        if mentorship.end_date is not None:
            held_on.narrow(max_value=mentorship.end_date, max_message=(
                f"This mentorship ended on {long_date(mentorship.end_date)}: a meeting "
                "after then cannot be logged here."))
        self.refresh_bounds()
        self.helper = form_helper(self, "Log meeting", back_to=_page(mentorship))
        # A fieldset with its legend, the boxes in as many columns as fit (checkins.css).
        self.helper["topics"].wrap(Field, wrapper_class="topic-columns")

    def clean_action_items(self) -> list[str]:
        """One item a line. An item too long, or too many, is refused with a message that
        says which: never cut short (the column holds 500 characters)."""
        items = [line.strip() for line in self.cleaned_data["action_items"].splitlines()
                 if line.strip()]
        if len(items) > MAX_ACTION_ITEMS:
            raise forms.ValidationError(
                f"There are {len(items)} action items: keep it to {MAX_ACTION_ITEMS} or fewer "
                "(one a line). Longer notes belong in the summary.")
        errors = [forms.ValidationError(
            f"Action item {number} has {len(item):,} characters: keep each to "
            f"{ACTION_ITEM_LENGTH} or fewer, or split it over two lines.")
            for number, item in enumerate(items, start=1) if len(item) > ACTION_ITEM_LENGTH]
        if errors:
            raise forms.ValidationError(errors)
        return items

    def with_new_token(self) -> "MeetingForm":
        """The same entries under a fresh token, so pressing the button again logs them
        as a meeting of their own."""
        data = self.data.copy()
        data["submission_token"] = str(uuid.uuid4())
        return MeetingForm(data, mentorship=self.mentorship)


def _page(mentorship: Mentorship) -> str:
    return reverse("checkins:mentorship_detail", kwargs={"pk": mentorship.pk})


class PrivateNoteForm(BoundedForm):
    body = _text("Your private note", PRIVATE_NOTE_LENGTH, 3, "Only you will ever see this.")

    def __init__(self, *args, has_note: bool, mentorship: Mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_note = has_note
        self.helper = form_helper(self, "Save private note", back_to=_page(mentorship))

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body:
            raise forms.ValidationError(
                "The note is empty. To delete your note, use “Delete my note”."
                if self.has_note else "Write something to save a note.")
        return body


def _plan_ahead_limit() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=PLAN_AHEAD_DAYS)


class PlannedMeetingForm(BoundedForm):
    """Plan the next meeting. Submitting it sends both members a calendar invitation."""

    starts_at = BoundedDateTimeField(
        label="Date and time", min_value=timezone.now, max_value=_plan_ahead_limit,
        min_message="Plan a meeting in the future.",
        max_message="Plan a meeting within the next two years (before %(limit)s).")
    duration_minutes = _duration()
    mode = forms.ChoiceField(choices=Mode.choices, initial=Mode.IN_PERSON)
    video_link = HttpsURLField(
        label="Video link (optional)", required=False, max_length=VIDEO_LINK_LENGTH,
        assume_scheme="https",
        help_text="The https:// address of the video meeting. It goes into the calendar "
                  "invitation, so both of you can join from there.")
    agenda = _text(None, AGENDA_LENGTH, 3, "")
    agenda_in_invitation = forms.BooleanField(
        label="Include the agenda in the calendar invitation", required=False,
        help_text="Calendars and mailboxes are often read by assistants. Unticked, the agenda "
        "stays on the mentorship page, where only the two of you see it.")
    # Hidden, as on MeetingForm: a double submission plans (and invites) once.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    submit_label = "Plan meeting and send invitations"

    def __init__(self, *args, mentorship: Mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        self.helper = form_helper(self, self.submit_label, back_to=_page(mentorship))

    def with_new_token(self) -> "PlannedMeetingForm":
        """The same entries under a fresh token, so pressing the button again plans them
        as a meeting of their own."""
        data = self.data.copy()
        data["submission_token"] = str(uuid.uuid4())
        return PlannedMeetingForm(data, mentorship=self.mentorship)


class PlannedMeetingChangeForm(PlannedMeetingForm):
    """Change a planned meeting. The hidden `sequence` is the version the page showed, so
    a change made meanwhile by the other member is not silently overwritten."""

    submission_token = None
    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    submit_label = "Save and send the updated invitation"

    def __init__(self, *args, planned: PlannedMeeting, **kwargs):
        kwargs.setdefault("initial", {
            **{name: getattr(planned, name) for name in (
                "starts_at", "duration_minutes", "mode", "video_link", "agenda",
                "agenda_in_invitation")},
            "sequence": planned.sequence})
        super().__init__(*args, mentorship=planned.mentorship, **kwargs)
        self.planned = planned

    def on_current_version(self) -> "PlannedMeetingChangeForm":
        """The same entries, now based on the current version: pressing the button again
        replaces it with them."""
        data = self.data.copy()
        data["sequence"] = str(self.planned.sequence)
        return PlannedMeetingChangeForm(data, planned=self.planned)
