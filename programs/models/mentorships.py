"""The pairing of a mentee with a mentor."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from programs.dates import today

from .catalogue import Topic
from .people import FacultyMember


class MentorshipQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=on)
        )

    def formal(self):
        return self.filter(kind=Mentorship.Kind.FORMAL)


class Mentorship(models.Model):
    """A mentee and one mentor. A mentee may have several. Ended ones stay as history.

    The rules (no self-mentoring, no duplicate active pair, no formal mentor who oversees
    the mentee) live in `programs.rules.check_mentorship`, which `clean()` calls so the
    Django admin enforces them too.
    """

    # programs/confidential.py: the mentee and mentor are who read the shared content.
    # Why it ended may point at a confidential change request (programs.access decides
    # who reads it in the app); the admin shows neither reason nor note.
    CONFIDENTIAL_FIELDS = ("end_note", "end_reason")
    AUDIENCE_FIELDS = ("mentee", "mentor")

    class Kind(models.TextChoices):
        FORMAL = "formal", "Formal"
        INFORMAL = "informal", "Informal"
        BUDDY = "buddy", "Buddy"
        PEER = "peer", "Peer"

    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one"
        GROUP = "group", "Group"
        PEER = "peer", "Peer"
        TASK_FOCUSED = "task_focused", "Task-focused"

    class EndReason(models.TextChoices):
        COMPLETED = "completed", "Goals met / natural end"
        MENTEE_REQUEST = "mentee_request", "Mentee asked to end"
        MENTOR_REQUEST = "mentor_request", "Mentor asked to end"
        MENTOR_CHANGE = "mentor_change", "Changed to a different mentor"
        DEPARTURE = "departure", "Mentee or mentor left"
        CONFLICT = "conflict", "Conflict of interest"
        OTHER = "other", "Other"

    mentee = models.ForeignKey(
        FacultyMember, on_delete=models.PROTECT, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        FacultyMember, on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FORMAL)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ONE_TO_ONE)
    topics = models.ManyToManyField(Topic, blank=True, related_name="mentorships")
    start_date = models.DateField(default=today)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["mentee", "end_date"]),
            models.Index(fields=["mentor", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="mentorship_not_self"
            ),
            # Backstop for the service-level check: two requests racing to pair the
            # same people cannot both succeed.
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(end_date__isnull=True),
                name="mentorship_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="mentorship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee} ({self.get_kind_display()})"

    @property
    def is_active(self) -> bool:
        on = today()
        return self.start_date <= on and (self.end_date is None or self.end_date > on)

    def clean(self) -> None:
        from programs.rules import check_mentorship

        if self.mentee_id and self.mentor_id:
            # Only a mentorship that is over (ends today or earlier) skips the pairing
            # rules: a planned end date in the future does not excuse a conflict now.
            check_mentorship(
                mentee=self.mentee, mentor=self.mentor, kind=self.kind,
                ending=self.end_date is not None and self.end_date <= today(),
                exclude_pk=self.pk,
            )
