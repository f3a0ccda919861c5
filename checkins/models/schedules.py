"""The rules that set when the program's obligations fall due, and leave that pauses
them (checkins.schedules computes the obligations)."""


from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from programs.models import Department, FacultyMember


class ScheduleRules(models.Model):
    """When the program's obligations fall due in one department. Program admins change
    them in the Django admin; a department without a row uses these defaults."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, related_name="schedule_rules")
    checkin_after_months = models.PositiveSmallIntegerField(
        "Vice-Chair check-in after (months)", default=18,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Months after the appointment date (time on leave does not count).")
    checkin_window_before_days = models.PositiveSmallIntegerField(
        "check-in window opens (days before)", default=60,
        validators=[MaxValueValidator(365)])
    checkin_window_after_days = models.PositiveSmallIntegerField(
        "check-in overdue after (days)", default=90, validators=[MaxValueValidator(365)],
        help_text="Days after the due date before the check-in counts as overdue.")
    review_due_month = models.PositiveSmallIntegerField(
        "annual review due: month", default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="The review of each program year is due by this day within it.")
    review_due_day = models.PositiveSmallIntegerField(
        "annual review due: day", default=30,
        validators=[MinValueValidator(1), MaxValueValidator(31)])
    review_after_months = models.PositiveSmallIntegerField(
        "first review after (months)", default=3, validators=[MaxValueValidator(24)],
        help_text="Nobody appointed fewer months than this before the due date owes a "
                  "review that year.")
    plan_due_months = models.PositiveSmallIntegerField(
        "academic plan submitted within (months)", default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)])
    plan_approved_months = models.PositiveSmallIntegerField(
        "academic plan approved within (months)", default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)])
    quiet_months = models.PositiveSmallIntegerField(
        "flag no meeting in (months)", default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)])

    class Meta:
        verbose_name = "schedule rules"
        verbose_name_plural = "schedule rules"

    def __str__(self) -> str:
        return f"Schedule rules of {self.department}"


class LeavePeriod(models.Model):
    """Time on leave: the program's clocks (check-in, review, plan) stop meanwhile."""

    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="leave_periods")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True,
                                help_text="The first day back; blank while it lasts.")

    class Meta:
        ordering = ["person", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True)
                                   | Q(end_date__gt=models.F("start_date")),
                                   name="leave_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Leave of {self.person} from {self.start_date:%Y-%m-%d}"
