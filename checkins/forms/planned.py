"""Planning a meeting, and changing it."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from checkins.forms import HttpsURLField, duration_field, form_helper, mentorship_page, text_field
from checkins.models import Mode, PlannedMeeting
from checkins.models.planned import AGENDA_LENGTH, PLAN_AHEAD_DAYS, VIDEO_LINK_LENGTH
from programs.forms import BoundedDateTimeField, BoundedForm
from programs.models import Mentorship


def _plan_ahead_limit() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=PLAN_AHEAD_DAYS)


class PlannedMeetingForm(BoundedForm):
    """Plan the next meeting. Submitting it sends both members a calendar invitation."""

    starts_at = BoundedDateTimeField(
        label="Date and time", min_value=timezone.now, max_value=_plan_ahead_limit,
        min_message="Plan a meeting in the future.",
        max_message="Plan a meeting within the next two years (before %(limit)s).")
    duration_minutes = duration_field()
    mode = forms.ChoiceField(choices=Mode.choices, initial=Mode.IN_PERSON)
    video_link = HttpsURLField(
        label="Video link (optional)", required=False, max_length=VIDEO_LINK_LENGTH,
        assume_scheme="https",
        help_text="The https:// address of the video meeting. It goes into the calendar "
                  "invitation, so both of you can join from there.")
    agenda = text_field(None, AGENDA_LENGTH, 3, "")
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
        self.helper = form_helper(self, self.submit_label, back_to=mentorship_page(mentorship))

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
