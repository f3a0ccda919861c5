"""The Division Director's annual review, and the follow-ups a review or a Vice-Chair
check-in sets.

What a review or a check-in says (support needed, issues raised, concerns, progress,
work-life balance, follow-ups) is for the faculty member and the leaders who hold it only:
never their mentor, never the Django admin (CONFIDENTIAL_FIELDS, programs/confidential.py).
"""

import uuid

from django.db import models
from django.db.models import Q

from programs.dates import today
from programs.models import Division, FacultyMember

from .vice_chair import ViceChairCheckin, rating

REVIEW_TEXT_LENGTH = 4_000
FOLLOW_UP_LENGTH = 300
MAX_FOLLOW_UPS = 10


class Effective(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class AnnualReview(models.Model):
    """The Division Director's review of one faculty member's mentorship, once a program year."""

    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("support_needed", "issues_raised")
    AUDIENCE_FIELDS = ("person",)

    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="annual_reviews")
    program_year_start = models.DateField()
    # The division when the review was held: the person may move later.
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(FacultyMember, on_delete=models.SET_NULL, null=True,
                                 related_name="+")
    held_on = models.DateField(default=today)
    effective = models.CharField("effective mentorship", max_length=10,
                                 choices=Effective.choices)
    quality = rating("quality (1–5)")
    support_needed = models.TextField(blank=True)
    issues_raised = models.TextField(blank=True)
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-program_year_start", "-pk"]
        constraints = [
            # One review a program year: a double submission or a second director finds it.
            models.UniqueConstraint(fields=["person", "program_year_start"],
                                    name="annual_review_once_a_year"),
            models.CheckConstraint(condition=Q(quality__gte=1, quality__lte=5),
                                   name="annual_review_quality_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Annual review #{self.pk} ({self.program_year_start:%Y})"


class FollowUp(models.Model):
    """Something a review or a check-in asks someone to do, by a date. Its owner is the
    faculty member or the leader who recorded it: both read what it hangs off."""

    text = models.CharField(max_length=FOLLOW_UP_LENGTH)
    owner = models.ForeignKey(FacultyMember, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        # Never the text: it says what the review found.
        return f"Follow-up #{self.pk} (due {self.due_on:%Y-%m-%d})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ReviewFollowUp(FollowUp):
    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("text",)
    AUDIENCE_FIELDS = ("review", "owner")
    KIND = "review"

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE,
                               related_name="follow_ups")

    class Meta(FollowUp.Meta):
        verbose_name = "annual review follow-up"

    @property
    def parent(self) -> AnnualReview:
        return self.review


class CheckinFollowUp(FollowUp):
    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("text",)
    AUDIENCE_FIELDS = ("checkin", "owner")
    KIND = "checkin"

    checkin = models.ForeignKey(ViceChairCheckin, on_delete=models.CASCADE,
                                related_name="follow_ups")

    class Meta(FollowUp.Meta):
        verbose_name = "Vice-Chair check-in follow-up"

    @property
    def parent(self) -> ViceChairCheckin:
        return self.checkin
