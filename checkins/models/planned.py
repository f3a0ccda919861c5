"""The next meeting, sent as a calendar invitation, and the invitations emailed."""

import datetime
import uuid

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programs.models import FacultyMember, Mentorship

from .meetings import Mode, duration_field

# How much a person may write (programs.forms checks every field; these are the limits).
AGENDA_LENGTH = 2_000
VIDEO_LINK_LENGTH = 500
# A meeting is planned at most this far ahead.
PLAN_AHEAD_DAYS = 2 * 366
# No planned meeting is stored at or after this instant. A time near the end of year 9999
# in local time is year 10000 in UTC, which Python cannot read back: every page, the
# .ics and the invitation job that loaded it would fail. The forms refuse far earlier.
PLANNED_BEFORE = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


def new_uid() -> str:
    return f"{uuid.uuid4()}@mentorship"


# A video link goes into calendars and emails, which open it with one click: only an
# encrypted address, never http:, javascript: or a file path.
https_only = URLValidator(schemes=["https"], code="not_https", message=(
    "Give the meeting's https:// address, as your video service shows it."))


class PlannedMeeting(models.Model):
    """The next meeting, sent to both members as a calendar invitation. Either member may
    change it or cancel it: each change is a new version of the same calendar event."""

    # programs/confidential.py: a video link often carries the room's passcode, so it is
    # for the two members (and their calendars) only, like the agenda.
    CONFIDENTIAL_FIELDS = ("agenda", "video_link")
    # Whether the agenda goes into calendars is the planner's choice, not the admin's.
    AUDIENCE_FIELDS = ("mentorship", "agenda_in_invitation")

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="planned_meetings")
    starts_at = models.DateTimeField()
    duration_minutes = duration_field()
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    agenda = models.TextField(blank=True)
    # Calendars are often read by assistants and colleagues: the agenda goes into the .ics
    # and the invitation email only when the member who plans the meeting asks for it.
    agenda_in_invitation = models.BooleanField(
        "include the agenda in the calendar invitation", default=False)
    video_link = models.URLField(
        "video link", max_length=VIDEO_LINK_LENGTH, blank=True, validators=[https_only])
    created_by = models.ForeignKey(
        FacultyMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # RFC 5545: the UID stays the same for the life of the event and SEQUENCE goes up on
    # each change, so calendars update the event instead of adding a second one.
    uid = models.CharField(max_length=100, unique=True, editable=False, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    # When the current version (this sequence) was made: the catch-up job re-sends a
    # recent version whose invitations never went out, however old the meeting is.
    changed_at = models.DateTimeField(default=timezone.now)
    # Cancelled meetings are kept: the cancellation is itself a version of the event
    # (METHOD:CANCEL), which calendars need to remove it.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # As on Meeting: a double-submitted form finds the planned meeting the first
    # submission created, so nobody gets two invitations for one meeting.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="planned_meeting_duration_positive"),
            models.CheckConstraint(
                condition=Q(starts_at__lt=PLANNED_BEFORE), name="planned_meeting_readable_time"),
        ]

    def __str__(self) -> str:
        return f"Planned meeting at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def may_change(self) -> bool:
        """Either member may change or cancel it until it starts, unless it was cancelled."""
        return not self.is_cancelled and self.starts_at > timezone.now()

    @property
    def invitation_agenda(self) -> str:
        """The agenda as calendars and invitation emails may carry it: empty unless opted in."""
        return self.agenda if self.agenda_in_invitation else ""


class InvitationSent(models.Model):
    """One row per invitation emailed: the key that keeps a retried task from resending."""

    planned_meeting = models.ForeignKey(
        PlannedMeeting, on_delete=models.CASCADE, related_name="invitations")
    recipient = models.EmailField()
    sequence = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "invitation sent"
        verbose_name_plural = "invitations sent"
        constraints = [
            models.UniqueConstraint(fields=["planned_meeting", "recipient", "sequence"],
                                    name="invitation_sent_once"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.recipient} (v{self.sequence})"
