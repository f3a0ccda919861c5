"""Meetings between the two members of a mentorship, and what the program expects.

Three privacy tiers (shared/PRODUCT.md, "trust and confidentiality"):
- `PrivateNote.body`: its author only. Read only through `checkins.selectors`, filtered
  by author; never in Django admin lists, search or forms, never in `__str__`.
- `Meeting.shared_summary` and `ActionItem`: the two members only.
- dates, durations, modes, counts and cadence: also the mentee's leaders.
"""

import datetime
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programs.dates import today
from programs.models import Department, FacultyMember, Mentorship, Topic
from programs.models.people import CareerStage

MAX_MINUTES = 24 * 60
# How much a person may write (programs.forms checks every field; these are the limits).
SUMMARY_LENGTH = 2_000
PRIVATE_NOTE_LENGTH = 4_000
AGENDA_LENGTH = 2_000
VIDEO_LINK_LENGTH = 500
MAX_ACTION_ITEMS = 30
# A meeting is planned at most this far ahead.
PLAN_AHEAD_DAYS = 2 * 366
# No planned meeting is stored at or after this instant. A time near the end of year 9999
# in local time is year 10000 in UTC, which Python cannot read back: every page, the
# .ics and the invitation job that loaded it would fail. The forms refuse far earlier.
PLANNED_BEFORE = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    TEXT = "text", "Text messages"


def _duration_field(**kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        "duration (minutes)", default=60,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)], **kwargs)


class Meeting(models.Model):
    """A meeting that was held, logged by either member."""

    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("shared_summary",)
    AUDIENCE_FIELDS = ("mentorship",)

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date", default=today)
    duration_minutes = _duration_field()
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings")
    protected_time = models.BooleanField(
        "during work hours (protected time)", default=False)
    shared_summary = models.TextField(
        blank=True, help_text="Both of you see this. Leaders never do.")
    logged_by = models.ForeignKey(
        FacultyMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        FacultyMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Carried by the form as a hidden field: a double-submitted form finds the meeting
    # the first submission created instead of logging it twice.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["mentorship", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="meeting_duration_positive"),
        ]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on:%Y-%m-%d} ({self.get_mode_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ActionItem(models.Model):
    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("text",)
    AUDIENCE_FIELDS = ("meeting",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(max_length=500)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        # Never the text: it is shared content for the two members, and __str__ shows up
        # in the Django admin (lists, delete confirmations) and in logs.
        return f"Action item #{self.pk}"


class PrivateNote(models.Model):
    """A note only its author ever sees: not the other member, not leaders, not admins."""

    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("body",)
    AUDIENCE_FIELDS = ("meeting", "author")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(FacultyMember, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"],
                                    name="private_note_one_per_author"),
        ]

    def __str__(self) -> str:
        # Never the body: __str__ ends up in admin history, logs and error pages.
        return f"Private note #{self.pk}"


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
    duration_minutes = _duration_field()
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


class CadenceRule(models.Model):
    """How many meetings a year the program expects, by mentorship kind and career stage.

    A blank career stage applies to every stage. Without a rule, `checkins.cadence`
    uses its defaults.
    """

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="cadence_rules")
    kind = models.CharField("mentorship kind", max_length=20, choices=Mentorship.Kind.choices)
    career_stage = models.CharField(
        "mentee's career stage", max_length=10, choices=CareerStage.choices, blank=True,
        help_text="Leave blank for every stage.")
    min_per_year = models.PositiveSmallIntegerField()
    max_per_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["department", "kind", "career_stage"]
        constraints = [
            models.UniqueConstraint(fields=["department", "kind", "career_stage"],
                                    name="cadence_rule_unique"),
            models.CheckConstraint(condition=Q(max_per_year__gte=models.F("min_per_year")),
                                   name="cadence_rule_range_ordered"),
        ]

    def __str__(self) -> str:
        stage = self.get_career_stage_display() or "any stage"
        return (f"{self.get_kind_display()}, {stage}: "
                f"{self.min_per_year}–{self.max_per_year} a year")
