"""Meetings that were held, their action items and private notes (the three privacy
tiers: see checkins/models/__init__.py)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from programs.dates import today
from programs.models import FacultyMember, Mentorship, Topic

MAX_MINUTES = 24 * 60
# How much a person may write (programs.forms checks every field; these are the limits).
SUMMARY_LENGTH = 2_000
PRIVATE_NOTE_LENGTH = 4_000
MAX_ACTION_ITEMS = 30


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    TEXT = "text", "Text messages"


def duration_field(**kwargs) -> models.PositiveSmallIntegerField:
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
    duration_minutes = duration_field()
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
