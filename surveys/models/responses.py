"""Answers, stored so that anonymity holds even against someone reading the database.

- `Response` and `Answer` rows have random (UUID) keys, no link to a person or an
  invitation, no address or browser, and no time finer than the date.
- `Completion` says "this person answered this run" (so reminders go to non-respondents
  and a link works once). It has a random key and no time at all, so nothing orders it
  against the responses.
- `Tally` holds the breakdowns (by division, career stage, site) as counters, not as
  columns on a response: no response row carries a group that could narrow it to a person.
- `Attribution` links a response to its author, and exists only for identified runs
  (interest, pulse), which say so before the first question.

- `Ballot` holds an anonymous run's answers until they are counted: sealed (encrypted
  with a key derived from the app's SECRET_KEY, padded so the length says little), with no
  person. The completion and the ballot are written together, so PostgreSQL's system
  columns (the transaction id `xmin`, the physical position `ctid`) would tie them; the
  answers reach `Response`, `Answer` and `Tally` only later, in a mix: a batch of ballots
  opened, shuffled and written by a transaction of its own, while at least
  SURVEY_MIX_BATCH others wait (surveys.services.ballots). No response, answer or counter
  shares a transaction with a completion, and within a batch the order is random.

What this scheme does not hide: a superuser reading raw pages (pageinspect) may find the
dead versions of counted ballots and counters until VACUUM removes them, and someone
holding both the database and SECRET_KEY can open a ballot still waiting. Reports are
protected by the thresholds in settings (surveys.selectors.reports).
"""

import uuid

from django.db import models

from programs.models import FacultyMember

from .runs import Run
from .surveys import Question


class Response(models.Model):
    # programs/confidential.py: anonymous answers; the admin never lists them.
    CONFIDENTIAL_ROWS = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()

    class Meta:
        # Never by submission: the key is random, so this order reveals nothing.
        ordering = ["id"]

    def __str__(self) -> str:
        return "A response"


class Answer(models.Model):
    CONFIDENTIAL_ROWS = True
    CONFIDENTIAL_FIELDS = ("number", "choices", "text")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return "An answer"


class Completion(models.Model):
    """That a person answered a run: no time, random key, nothing to order it by."""

    AUDIENCE_FIELDS = ("run", "person")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="completions")
    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="survey_completions")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="survey_completion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} answered {self.run_id}"


class Ballot(models.Model):
    """An anonymous run's answers, sealed, waiting to be counted in a mix. No person, no
    time: the sealed bytes carry the answers, the date kept and the breakdown groups."""

    CONFIDENTIAL_ROWS = True
    CONFIDENTIAL_FIELDS = ("sealed",)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="ballots")
    sealed = models.BinaryField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "A sealed ballot"


class Tally(models.Model):
    """How many respondents of one group gave one option of one question."""

    class Dimension(models.TextChoices):
        ALL = "all", "Everyone"
        DIVISION = "division", "Division"
        STAGE = "stage", "Career stage"
        SITE = "site", "Site"

    # programs/confidential.py: a small group's counts are what the report thresholds hide.
    CONFIDENTIAL_ROWS = True
    CONFIDENTIAL_FIELDS = ("group", "option", "count")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="tallies")
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="tallies")
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    group = models.CharField(max_length=200, blank=True)
    option = models.CharField(max_length=20, help_text="The answer's value; '' counts the "
                              "respondents who answered the question at all.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "question", "dimension", "pk"]
        verbose_name_plural = "tallies"
        constraints = [
            models.UniqueConstraint(fields=["run", "question", "dimension", "group", "option"],
                                    name="survey_tally_unique"),
        ]

    def __str__(self) -> str:
        return f"A {self.get_dimension_display().lower()} count"  # never the group


class Attribution(models.Model):
    """Who wrote a response of an identified run (never created for anonymous runs)."""

    AUDIENCE_FIELDS = ("response", "person")
    CONFIDENTIAL_ROWS = True

    response = models.OneToOneField(Response, on_delete=models.CASCADE,
                                    related_name="attribution")
    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="survey_attributions")
    consented = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Response by {self.person_id}"


class PulseFollowUp(models.Model):
    """A low relationship-pulse score: the facilitator is asked to check in. It says "low
    pulse" and whose; never the answers, and never to the other member of the mentorship."""

    AUDIENCE_FIELDS = ("person",)

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="follow_ups")
    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="pulse_follow_ups")
    raised_on = models.DateField()

    class Meta:
        ordering = ["-raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="pulse_follow_up_once"),
        ]

    def __str__(self) -> str:
        return f"Low pulse: {self.person_id}"
