"""The Vice-Chair's check-in with a new faculty member, at about 1.5 years (its text is
confidential: see checkins/models/reviews.py)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from programs.dates import today
from programs.models import FacultyMember


def rating(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)])


class ViceChairCheckin(models.Model):
    """The Vice-Chair's check-in with a new faculty member, at about 1.5 years."""

    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("academic_progress", "work_life_balance", "concerns")
    AUDIENCE_FIELDS = ("person",)

    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="vice_chair_checkins")
    vice_chair = models.ForeignKey(FacultyMember, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    held_on = models.DateField(default=today)
    academic_progress = models.TextField("progress on academic goals", blank=True)
    work_life_balance = models.TextField("work-life balance", blank=True)
    satisfaction = rating("satisfaction with mentorship (1–5)")
    concerns = models.TextField(blank=True)
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Vice-Chair check-in"
        ordering = ["-held_on", "-pk"]
        constraints = [
            # The check-in happens once: a double submission finds the first.
            models.UniqueConstraint(fields=["person"], name="vice_chair_checkin_once"),
            models.CheckConstraint(condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                                   name="vice_chair_checkin_satisfaction_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Vice-Chair check-in #{self.pk}"
