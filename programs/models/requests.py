"""Confidential requests for a different or additional mentor, and exit feedback.

A change request is read only through programs.access: the mentee, the division's
facilitators, program admins and (unless the mentee chose facilitators only) the DDD.
The current mentor never sees it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .mentorships import Mentorship
from .people import Division, FacultyMember


class ChangeRequest(models.Model):
    # programs/confidential.py: that a request exists is itself not for the current mentor.
    CONFIDENTIAL_FIELDS = ("reason", "outcome")
    CONFIDENTIAL_ROWS = True
    # The audience the mentee chose decides who reads it: staff may not widen it.
    AUDIENCE_FIELDS = ("mentee", "division", "mentorship", "audience")

    class Kind(models.TextChoices):
        DIFFERENT = "different", "A different mentor"
        ADDITIONAL = "additional", "An additional mentor"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    class Audience(models.TextChoices):
        """Who handles the request, chosen by the mentee. The Division Director oversees
        the mentee, so the mentee may keep the request from them (shared/PRODUCT.md)."""

        WITH_DIRECTOR = "with_director", (
            "My division's Mentorship Facilitators and Division Director, and the program office")
        FACILITATORS_ONLY = "facilitators_only", (
            "Only my division's Mentorship Facilitators and the program office, "
            "not my Division Director")

    mentee = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="change_requests"
    )
    # The division when the request was made: it decides who handles it.
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="For a different mentor: the mentorship to replace.",
    )
    reason = models.TextField(blank=True)
    audience = models.CharField(
        "who may see it", max_length=20, choices=Audience.choices,
        default=Audience.WITH_DIRECTOR,
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    outcome = models.TextField(blank=True)
    ended_mentorship = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["division", "status"])]
        constraints = [
            # A double-submitted form cannot open two requests.
            models.UniqueConstraint(fields=["mentee"], condition=Q(status="open"),
                                    name="change_request_one_open_per_mentee"),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(outcome=""),
                name="change_request_resolved_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.mentee} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_facilitators_only(self) -> bool:
        return self.audience == self.Audience.FACILITATORS_ONLY


class ExitFeedback(models.Model):
    """A short word from each side when a mentorship ends: its author and admins only."""

    # programs/confidential.py
    CONFIDENTIAL_FIELDS = ("helpful", "comments")
    AUDIENCE_FIELDS = ("mentorship", "author")

    class Side(models.TextChoices):
        MENTEE = "mentee", "Mentee"
        MENTOR = "mentor", "Mentor"

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="exit_feedback"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    author = models.ForeignKey(FacultyMember, on_delete=models.CASCADE, related_name="+")
    helpful = models.PositiveSmallIntegerField(
        "how helpful was this mentorship?", choices=[(n, str(n)) for n in range(1, 6)],
        help_text="1: not at all, 5: very.",
    )
    comments = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "exit feedback"
        verbose_name_plural = "exit feedback"  # not "feedbacks"
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "side"],
                                    name="exit_feedback_one_per_side"),
        ]

    def __str__(self) -> str:
        return f"Exit feedback ({self.get_side_display()}) on mentorship {self.mentorship_id}"
