"""Faculty development: New Faculty orientation, mentor workshops, community of practice.

These are the program's own activities. Attending one is recorded by its organiser, and
completion feeds two things other parts of the program read through
`programs.selectors.development`: "mentor trained" (a mentor workshop attended) and the
first-year orientation obligation.
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .people import Department, FacultyMember

TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 4_000
LOCATION_LENGTH = 200
MAX_MINUTES = 12 * 60
MAX_CAPACITY = 2_000
# As for planned meetings: nothing is stored at a time Python cannot read back in UTC.
STARTS_BEFORE = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


def new_event_uid() -> str:
    return f"{uuid.uuid4()}@mentorship-events"


class DevelopmentEvent(models.Model):
    """One session, on one date, in one department."""

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", "New Faculty orientation"
        MENTOR_WORKSHOP = "mentor_workshop", "Mentor workshop"
        COMMUNITY_OF_PRACTICE = "community_of_practice", "Community-of-practice session"

    department = models.ForeignKey(Department, on_delete=models.CASCADE,
                                   related_name="development_events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=TITLE_LENGTH)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", default=120,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)])
    location = models.CharField(max_length=LOCATION_LENGTH, blank=True,
                                help_text="A room, or “Online” with the link sent separately.")
    capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for no limit.",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)])
    organiser = models.ForeignKey(
        FacultyMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Records who attended.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # RFC 5545: one UID for the life of the event, SEQUENCE up on each change.
    uid = models.CharField(max_length=100, unique=True, editable=False, default=new_event_uid)
    sequence = models.PositiveIntegerField(default=0)
    # The creation form carries this as a hidden field: a double submission finds the
    # event the first one created instead of announcing it twice.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["department", "kind", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0),
                                   name="development_event_duration_positive"),
            models.CheckConstraint(condition=Q(starts_at__lt=STARTS_BEFORE),
                                   name="development_event_readable_time"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def hours(self) -> float:
        return self.duration_minutes / 60


class EventRegistration(models.Model):
    """A person registered for an event, and whether the organiser saw them attend."""

    # programs/confidential.py: who the registration belongs to decides whose training
    # record it is; an admin never moves it to someone else.
    AUDIENCE_FIELDS = ("event", "person")

    event = models.ForeignKey(DevelopmentEvent, on_delete=models.CASCADE,
                              related_name="registrations")
    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="event_registrations")
    registered_at = models.DateTimeField(auto_now_add=True)
    # None until the organiser records attendance; then True or False.
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+")

    class Meta:
        ordering = ["event__starts_at", "pk"]
        indexes = [models.Index(fields=["person", "attended"])]
        constraints = [
            # Also what makes a double-clicked Register register once.
            models.UniqueConstraint(fields=["event", "person"],
                                    name="event_registration_once"),
        ]

    def __str__(self) -> str:
        return f"Registration #{self.pk} for event #{self.event_id}"
