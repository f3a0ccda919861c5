"""Recognition: award cycles, nominations with their letters, committee scores, the public
record of who won, and the mentee's consent to be named in a mentor's portfolio.

Who may read what (awards/access.py):
- a nomination's statement and letters, and the committee's scores and comments: the
  cycle's committee (never on a nomination they are too close to: see awards/rules.py) and
  the department's program admins. The nominee never reads them, whatever role they hold;
  the nominator reads their own statement back, not the letters;
- that a nomination exists: the same people, and its nominator;
- who won: everyone, on the recognition wall, unless the winner opted out.
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from awards.storage import private_storage
from programs.models import Department, Division, FacultyMember, Mentorship

TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 4_000
STATEMENT_LENGTH = 6_000
COMMENT_LENGTH = 2_000
MAX_POINTS = 10
MAX_LETTERS = 3
LETTER_MAX_BYTES = 5 * 1024 * 1024


class Phase(models.TextChoices):
    UPCOMING = "upcoming", "Announced"
    NOMINATING = "nominating", "Open for nominations"
    SCORING = "scoring", "Committee scoring"
    RESULTS = "results", "Scoring closed"
    PUBLISHED = "published", "Winners published"


class AwardCycle(models.Model):
    """One year's awards in a department: the nomination window, the rubric, the committee."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE,
                                   related_name="award_cycles")
    title = models.CharField(max_length=TITLE_LENGTH)
    description = models.TextField(blank=True)
    nominations_open = models.DateField(help_text="The first day nominations are accepted.")
    nominations_close = models.DateField(help_text="The last day nominations are accepted.")
    scoring_closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The creation form carries it: a double submission opens one cycle.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-nominations_open", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(nominations_close__gte=models.F("nominations_open")),
                                   name="award_cycle_window_ordered"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(scoring_closed_at__isnull=False),
                name="award_cycle_published_after_scoring"),
        ]

    def __str__(self) -> str:
        return self.title

    def phase(self, on: datetime.date) -> str:
        if self.published_at is not None:
            return Phase.PUBLISHED
        if self.scoring_closed_at is not None:
            return Phase.RESULTS
        if on < self.nominations_open:
            return Phase.UPCOMING
        if on <= self.nominations_close:
            return Phase.NOMINATING
        return Phase.SCORING

    def phase_label(self, on: datetime.date) -> str:
        return Phase(self.phase(on)).label


class Award(models.Model):
    """An award within a cycle: departmental (no division) or divisional."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField(max_length=TITLE_LENGTH)
    division = models.ForeignKey(
        Division, on_delete=models.CASCADE, null=True, blank=True, related_name="awards",
        help_text="Empty for a departmental award; a divisional award stays in its division.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle", models.F("division").asc(nulls_first=True), "name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="award_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_divisional(self) -> bool:
        return self.division_id is not None


class RubricCriterion(models.Model):
    """One line of the cycle's rubric, scored from 1 to `max_points`."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="rubric")
    name = models.CharField(max_length=TITLE_LENGTH)
    max_points = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cycle", "position", "pk"]
        verbose_name_plural = "rubric criteria"
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gte=1, max_points__lte=MAX_POINTS),
                                   name="rubric_points_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (1–{self.max_points})"


class CommitteeMember(models.Model):
    """Someone named to score this cycle's nominations."""

    # programs/confidential.py: committee membership decides who reads the nominations.
    AUDIENCE_FIELDS = ("cycle", "person")

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="committee")
    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="award_committees")

    class Meta:
        ordering = ["cycle", "person__user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="committee_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.cycle}"


class Nomination(models.Model):
    """A faculty member's nomination of a mentor for an award."""

    # programs/confidential.py: that someone was nominated, and by whom, is for the
    # committee, the program admins and the nominator; the statement is the nominator's
    # words to the committee.
    CONFIDENTIAL_ROWS = True
    CONFIDENTIAL_FIELDS = ("statement",)
    AUDIENCE_FIELDS = ("award", "nominee", "nominator")

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                                related_name="nominations_received")
    nominator = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                                  related_name="nominations_made")
    statement = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    winner = models.BooleanField(default=False,
                                 help_text="Chosen by the program admins once scoring closed.")
    # The form carries it: a double submission nominates (and stores letters) once.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["award", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "nominee", "nominator"],
                                    name="nomination_once_per_nominator"),
            models.CheckConstraint(condition=~Q(nominee=models.F("nominator")),
                                   name="nomination_not_self"),
        ]

    def __str__(self) -> str:
        return f"Nomination #{self.pk}"  # never who: rows are confidential


def letter_path(letter: "NominationLetter", filename: str) -> str:
    # Never the uploaded name: it may name the writer or the nominee, and it is chosen by
    # whoever uploads. A random name also means nothing can guess another letter's path.
    return f"letters/{letter.nomination.award.cycle_id}/{uuid.uuid4().hex}.pdf"


class NominationLetter(models.Model):
    """A supporting letter: a PDF, checked by its content, stored outside the static files
    and served only through a view that checks permission."""

    CONFIDENTIAL_FIELDS = ("file", "original_name")
    AUDIENCE_FIELDS = ("nomination",)

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="letters")
    file = models.FileField(storage=private_storage, upload_to=letter_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]  # not by nomination: those rows are confidential
        constraints = [
            models.CheckConstraint(condition=Q(size__lte=LETTER_MAX_BYTES),
                                   name="letter_size_limited"),
        ]

    def __str__(self) -> str:
        return f"Letter #{self.pk}"


class Scorecard(models.Model):
    """One committee member's scores for one nomination, with their comment."""

    CONFIDENTIAL_FIELDS = ("comment",)
    AUDIENCE_FIELDS = ("nomination", "scorer")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE,
                                   related_name="scorecards")
    scorer = models.ForeignKey(FacultyMember, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(blank=True)
    total = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]  # not by nomination: those rows are confidential
        constraints = [
            models.UniqueConstraint(fields=["nomination", "scorer"], name="scorecard_once"),
        ]

    def __str__(self) -> str:
        return f"Scorecard #{self.pk}"


class CriterionScore(models.Model):
    CONFIDENTIAL_FIELDS = ("points",)
    AUDIENCE_FIELDS = ("scorecard",)

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)])

    class Meta:
        ordering = ["scorecard", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"],
                                    name="criterion_score_once"),
        ]

    def __str__(self) -> str:
        return f"Score #{self.pk}"


class Recognition(models.Model):
    """A published win: what the recognition wall and the portfolio show."""

    # Whether the win is on the wall is the winner's choice, not the admin's.
    AUDIENCE_FIELDS = ("award", "person", "on_wall")

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="recognitions")
    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="recognitions")
    published_at = models.DateTimeField()
    on_wall = models.BooleanField("shown on the recognition wall", default=True)
    wall_choice_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "award", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "person"], name="recognition_once"),
        ]

    def __str__(self) -> str:
        return f"{self.award}: {self.person}"


class PortfolioNaming(models.Model):
    """Whether a mentee appears by name in their mentor's portfolio: the mentor asks, the
    mentee consents (or declines, or later withdraws). Without both, counts only."""

    AUDIENCE_FIELDS = ("mentorship", "mentor_wants_name", "mentee_consented_at",
                       "mentee_declined_at")

    mentorship = models.OneToOneField(Mentorship, on_delete=models.CASCADE,
                                      related_name="portfolio_naming")
    mentor_wants_name = models.BooleanField(default=False)
    requested_at = models.DateTimeField(null=True, blank=True)
    mentee_consented_at = models.DateTimeField(null=True, blank=True)
    mentee_declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(mentee_consented_at__isnull=True)
                | Q(mentee_declined_at__isnull=True),
                name="portfolio_naming_one_answer"),
        ]

    def __str__(self) -> str:
        return f"Portfolio naming #{self.pk}"

    @property
    def named(self) -> bool:
        return self.mentor_wants_name and self.mentee_consented_at is not None

    @property
    def waiting(self) -> bool:
        return (self.mentor_wants_name and self.mentee_consented_at is None
                and self.mentee_declined_at is None)
