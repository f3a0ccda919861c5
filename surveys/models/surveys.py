"""Surveys and their versioned questions.

A survey's questions live in a version. Once a run has used a version (so answers may
point at its questions), the version is frozen: the builder's next edit copies it into a
new version (surveys.services.builder.editable_version), so an answer never changes
meaning under the people who gave it. Questions keep a `key` across versions, which is
what trends across runs follow.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from programs.models import Department

TITLE_LENGTH = 200
TEXT_LENGTH = 500
HELP_LENGTH = 1_000
CHOICE_LENGTH = 120
MAX_CHOICES = 20
ANSWER_TEXT_LENGTH = 4_000


class SurveyKind(models.TextChoices):
    INTEREST = "interest", "Mentorship interest"
    EVALUATION = "evaluation", "Program evaluation"
    PULSE = "pulse", "Relationship pulse"
    EXIT = "exit", "Exit questions"
    OTHER = "other", "Other"


class QuestionKind(models.TextChoices):
    LIKERT = "likert", "Agreement, 1 to 5"
    SCALE = "scale", "Score, 0 to 10"
    SINGLE = "single", "One choice"
    MULTIPLE = "multiple", "Several choices"
    TEXT = "text", "Free text"
    RANKED_TOPICS = "ranked_topics", "Ranked pick from the topics catalogue"

    @classmethod
    def scored(cls) -> tuple[str, ...]:
        return (cls.LIKERT, cls.SCALE)

    @classmethod
    def with_choices(cls) -> tuple[str, ...]:
        return (cls.SINGLE, cls.MULTIPLE)


LIKERT_LABELS = {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree",
                 5: "Strongly agree"}
RANKED_PICKS = 3


class Survey(models.Model):
    """A survey a department runs, or (`is_template`) one it copies surveys from."""

    # Empty for the shipped templates, which every department copies from.
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="surveys")
    title = models.CharField(max_length=TITLE_LENGTH)
    kind = models.CharField(max_length=20, choices=SurveyKind.choices,
                            default=SurveyKind.OTHER)
    description = models.TextField(blank=True)
    identified = models.BooleanField(
        default=False, help_text="The default for its runs: identified surveys say so on "
        "their first page. Each run fixes its own mode at launch.")
    is_template = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    # The creation form carries it: a double submission creates one survey.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-is_template", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(is_template=True) | Q(department__isnull=False),
                                   name="survey_has_department_unless_template"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> "SurveyVersion | None":
        return self.versions.order_by("-number").first()


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        """A run used it: its questions may already have answers."""
        return self.runs.exists()


class Section(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE,
                                related_name="sections")
    title = models.CharField(max_length=TITLE_LENGTH)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60, help_text="Stays the same across versions, so "
                           "trends follow the question.")
    text = models.CharField(max_length=TEXT_LENGTH)
    help_text = models.CharField(max_length=HELP_LENGTH, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    choices = models.JSONField(default=list, blank=True,
                               help_text="The options of a one- or several-choice question.")

    class Meta:
        ordering = ["section__position", "section_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["single", "multiple"]) | ~Q(choices=[]),
                name="question_choice_kinds_have_choices"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_scored(self) -> bool:
        return self.kind in QuestionKind.scored()

    def options(self) -> list[tuple[str, str]]:
        """(stored value, label) of each answer a chart counts."""
        if self.kind == QuestionKind.LIKERT:
            return [(str(n), f"{n} {LIKERT_LABELS[n]}") for n in range(1, 6)]
        if self.kind == QuestionKind.SCALE:
            return [(str(n), str(n)) for n in range(11)]
        if self.kind in QuestionKind.with_choices():
            return [(str(i), label) for i, label in enumerate(self.choices)]
        return []
