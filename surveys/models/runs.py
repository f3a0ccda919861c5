"""Runs (a survey sent to an audience between two dates) and the invitations they send.

An invitation holds only the SHA-256 of its personal link's token: the token itself is in
the email alone, so the table cannot be used to answer as someone. It never records when
or whether its link was used: that is `Completion`, stored apart (models/responses.py).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from programs.models import Division, FacultyMember, Mentorship

from .surveys import TITLE_LENGTH, Survey, SurveyVersion


class Audience(models.TextChoices):
    DEPARTMENT = "department", "The whole department"
    DIVISION = "division", "One division"
    STAGES = "stages", "Career stages"
    MENTEES = "mentees", "Everyone with a current mentor"
    MENTORS = "mentors", "Everyone mentoring someone now"
    INTAKE = "intake", "An intake (faculty appointed in one program year)"
    # The monthly relationship pulse: each side of the mentorships at 3 months or a
    # yearly mark that month (surveys.services.pulse), not a fixed list.
    PULSE = "pulse", "Both sides of mentorships due a pulse"
    # The exit questions: each side of a mentorship when it ends (surveys.services.exit),
    # one run per department and program year.
    EXIT = "exit", "Both sides of mentorships as they end"


class Run(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="runs")
    # RESTRICT: answers point at this version's questions, so a version that a run used is
    # never deleted alone; deleting the whole survey takes its runs and answers with it.
    version = models.ForeignKey(SurveyVersion, on_delete=models.RESTRICT, related_name="runs")
    title = models.CharField(max_length=TITLE_LENGTH)
    audience = models.CharField(max_length=20, choices=Audience.choices,
                                default=Audience.DEPARTMENT)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    stages = models.JSONField(default=list, blank=True)
    intake_year = models.PositiveSmallIntegerField(null=True, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    # Fixed at launch; nothing changes it afterwards (no form offers it).
    anonymous = models.BooleanField(default=True)
    launched_at = models.DateTimeField(auto_now_add=True)
    launched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                   name="survey_run_window_ordered"),
            models.CheckConstraint(condition=~Q(audience="division") | Q(division__isnull=False),
                                   name="survey_run_division_audience_named"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, on: datetime.date) -> bool:
        return self.opens_on <= on <= self.closes_on

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.DIVISION and self.division_id:
            return f"{self.division.name}"
        if self.audience == Audience.STAGES:
            return "Career stages: " + ", ".join(self.stages)
        if self.audience == Audience.INTAKE:
            return f"Intake {self.intake_year}"
        return Audience(self.audience).label


class Invitation(models.Model):
    """One person invited to one run. The token's hash, never the token."""

    # programs/confidential.py: whoever holds a row is who may answer with its link.
    AUDIENCE_FIELDS = ("run", "person")
    CONFIDENTIAL_FIELDS = ("token_hash",)

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="survey_invitations")
    # The pulse and the exit questions: which mentorship this side is asked about.
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_on = models.DateField()
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="survey_invitation_once"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.run} for {self.person_id}"
