"""Five-year academic plans: goals and milestones on one timeline, reviewed by the DDD."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .people import FacultyMember


class AcademicPlan(models.Model):
    """One plan per faculty member. Submitted versions are kept as snapshots."""

    AUDIENCE_FIELDS = ("faculty",)  # programs/confidential.py

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned with comments"
        APPROVED = "approved", "Approved"

    # How many rows a plan holds: five years of goals fit well within these.
    MAX_GOALS = 60
    MAX_MILESTONES = 20

    faculty = models.OneToOneField(
        FacultyMember, on_delete=models.CASCADE, related_name="academic_plan"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(
        default=0, help_text="How many times the plan has been submitted."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    review_comment = models.TextField(blank=True)
    # Optimistic concurrency for two people editing at once: each saved edit counts one
    # up, the edit page carries the revision it was read at, and a save from an older
    # page is refused (programs.services.plans.plan_save_edits) rather than overwriting
    # or dropping what the other person saved.
    revision = models.PositiveIntegerField(
        default=0, help_text="How many edits have been saved.")
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text="Who saved the last edit.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Academic plan of {self.faculty} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        """A submitted plan waits for the DDD; every other state may be edited."""
        return self.status != self.Status.SUBMITTED


TARGET_YEARS = (1950, 2200)


def _target_year_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(validators=[
        MinValueValidator(TARGET_YEARS[0]), MaxValueValidator(TARGET_YEARS[1])])


class _PlanRow(models.Model):
    """What goals and milestones share: a target year, kept in range by a constraint."""

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None) -> None:
        # The target-year range is also a validator on the field, checked in Python by
        # full_clean(). Django would check the CheckConstraint again with one query per
        # row: a formset of 60 goals cost 60 round trips, a tampered one far more.
        super().validate_constraints(exclude={*(exclude or ()), "target_year"})


class PlanGoal(_PlanRow):
    AUDIENCE_FIELDS = ("plan",)  # programs/confidential.py

    class Domain(models.TextChoices):
        RESEARCH = "research", "Research"
        EDUCATION = "education", "Education"
        CLINICAL = "clinical", "Clinical"
        QUALITY = "quality", "Quality & innovation"
        LEADERSHIP = "leadership", "Leadership & administration"
        WELLNESS = "wellness", "Wellness"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DEFERRED = "deferred", "Deferred"

    plan = models.ForeignKey(AcademicPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    description = models.CharField(max_length=500)
    target_year = _target_year_field()
    status = models.CharField(max_length=20, choices=Status.choices,
                              default=Status.NOT_STARTED)

    class Meta:
        ordering = ["target_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gte=TARGET_YEARS[0], target_year__lte=TARGET_YEARS[1]),
                name="plan_goal_target_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.description} ({self.target_year})"


class PlanMilestone(_PlanRow):
    AUDIENCE_FIELDS = ("plan",)  # programs/confidential.py

    class Kind(models.TextChoices):
        CONTINUING_APPOINTMENT = "continuing_appointment", "Continuing-appointment review"
        PROMOTION = "promotion", "Promotion"
        OTHER = "other", "Other"

    plan = models.ForeignKey(AcademicPlan, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    target_year = _target_year_field()
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["target_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gte=TARGET_YEARS[0], target_year__lte=TARGET_YEARS[1]),
                name="plan_milestone_target_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.get_kind_display()} ({self.target_year})"


class PlanSnapshot(models.Model):
    """A submitted version of a plan, frozen, so a later one can be compared with it."""

    AUDIENCE_FIELDS = ("plan",)  # programs/confidential.py

    plan = models.ForeignKey(AcademicPlan, on_delete=models.CASCADE, related_name="snapshots")
    version = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    goals = models.JSONField(default=list)
    milestones = models.JSONField(default=list)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"],
                                    name="plan_snapshot_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.faculty} plan, version {self.version}"


class PlanProgress(models.Model):
    """The mentee's yearly account of progress: one per program year."""

    AUDIENCE_FIELDS = ("plan",)  # programs/confidential.py

    plan = models.ForeignKey(AcademicPlan, on_delete=models.CASCADE, related_name="progress")
    program_year_start = models.DateField()
    note = models.TextField()
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-program_year_start"]
        verbose_name = "plan progress"
        verbose_name_plural = "plan progress"  # not "progresss"
        constraints = [
            models.UniqueConstraint(fields=["plan", "program_year_start"],
                                    name="plan_progress_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"Progress {self.program_year_start:%Y}: {self.plan.faculty}"
