"""Proposals: a facilitator (or a published cohort run) suggests a mentor; both sides
answer. Nothing is created until both accept; then the mentorship is created through
programs.services.mentorships, under every rule.

The weights that rank candidates are here too: one row, edited by program admins in
the Django admin.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from programs.models import Department, Division, FacultyMember, Mentorship

from ..scoring import Weights

WEIGHT_FIELDS = ("topics", "position", "career_gap", "site", "identity", "newcomer")


def _weight(default: float, help_text: str):
    return models.PositiveSmallIntegerField(
        default=int(default), validators=[MaxValueValidator(100)], help_text=help_text)


class ScoreWeights(models.Model):
    """How many points each part of a recommendation's score is worth (0 to 100 each).

    One row per department, created with the defaults the first time it is read."""

    department = models.OneToOneField(Department, on_delete=models.CASCADE,
                                      related_name="score_weights")
    topics = _weight(Weights.topics, "Coverage of the mentee's topics, by priority.")
    position = _weight(Weights.position, "Same academic position.")
    career_gap = _weight(Weights.career_gap, "Ten to twenty-five years further on.")
    site = _weight(Weights.site, "Meets at the mentee's site.")
    identity = _weight(Weights.identity,
                       "Shares an identity the mentee opted in to be matched on.")
    newcomer = _weight(Weights.newcomer,
                       "A newcomer or someone trained elsewhere, with a mentor who came "
                       "the same way.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "score weights"
        verbose_name_plural = "score weights"

    def __str__(self) -> str:
        return f"Score weights: {self.department}"

    def as_weights(self) -> Weights:
        return Weights(**{name: float(getattr(self, name)) for name in WEIGHT_FIELDS})


class Answer(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Proposal(models.Model):
    """A suggested pairing, answered by each side."""

    # programs/confidential.py: each side's reason is written for the facilitator.
    CONFIDENTIAL_FIELDS = ("mentee_reason", "mentor_reason")
    AUDIENCE_FIELDS = ("mentee", "mentor")

    class Kind(models.TextChoices):
        FORMAL = Mentorship.Kind.FORMAL.value, "Formal mentor"
        BUDDY = Mentorship.Kind.BUDDY.value, "Buddy"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for answers"
        MATCHED = "matched", "Both accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REFUSED = "refused", "Refused by a rule"

    mentee = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="proposals_as_mentee")
    mentor = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="proposals_as_mentor")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FORMAL)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+",
                                 help_text="The mentee's division when proposed.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    cohort_run = models.ForeignKey("CohortRun", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="proposals")
    score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    explanation = models.CharField(
        max_length=1000, blank=True,
        help_text="Why this mentor, in words (never the identity part).")
    mentee_answer = models.CharField(max_length=20, choices=Answer.choices,
                                     default=Answer.WAITING)
    mentee_reason = models.TextField(max_length=1000, blank=True)
    mentee_answered_at = models.DateTimeField(null=True, blank=True)
    mentor_answer = models.CharField(max_length=20, choices=Answer.choices,
                                     default=Answer.WAITING)
    mentor_reason = models.TextField(max_length=1000, blank=True)
    mentor_answered_at = models.DateTimeField(null=True, blank=True)
    agreed_offline = models.BooleanField(
        default=False, help_text="The facilitator recorded that both agreed in person.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    state_note = models.CharField(max_length=300, blank=True)
    mentorship = models.ForeignKey(Mentorship, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["division", "state"]),
            models.Index(fields=["mentee", "state"]),
            models.Index(fields=["mentor", "state"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(mentee=models.F("mentor")),
                                   name="proposal_not_self"),
            # A double submit, or two facilitators at once, cannot propose the same pair
            # twice while one is open.
            models.UniqueConstraint(fields=["mentee", "mentor", "kind"],
                                    condition=Q(state="open"),
                                    name="proposal_one_open_per_pair"),
        ]

    def __str__(self) -> str:
        return f"Proposal #{self.pk}: {self.get_kind_display().lower()} for {self.mentee}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def side_of(self, person: FacultyMember | None) -> str:
        """"mentee", "mentor" or "" for whoever `person` is in this proposal."""
        if person is None:
            return ""
        if person.pk == self.mentee_id:
            return "mentee"
        if person.pk == self.mentor_id:
            return "mentor"
        return ""

    def answer_of(self, side: str) -> str:
        return getattr(self, f"{side}_answer")


class CohortRun(models.Model):
    """One global assignment for an intake: the solver's draft beside greedy's, edited by
    the facilitator, then published as proposals."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        READY = "ready", "Draft ready"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    division = models.ForeignKey(Division, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+", help_text="Empty: the whole department.")
    kind = models.CharField(max_length=20, choices=Proposal.Kind.choices,
                            default=Proposal.Kind.FORMAL)
    appointed_since = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    progress_note = models.CharField(max_length=200, blank=True)
    mentees = models.PositiveIntegerField(default=0)
    mentors = models.PositiveIntegerField(default=0)
    optimal_matched = models.PositiveIntegerField(default=0)
    optimal_total = models.DecimalField(max_digits=12, decimal_places=1, default=0)
    greedy_matched = models.PositiveIntegerField(default=0)
    greedy_total = models.DecimalField(max_digits=12, decimal_places=1, default=0)
    solver_seconds = models.FloatField(default=0)
    greedy_pairs = models.JSONField(default=list, blank=True,
                                    help_text="[mentee id, mentor id, score] of the baseline.")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Cohort run #{self.pk} ({self.get_state_display()})"


class CohortPair(models.Model):
    """One pair of a run's draft; the facilitator may change the mentor or drop it."""

    AUDIENCE_FIELDS = ("run", "mentee")

    run = models.ForeignKey(CohortRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(FacultyMember, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(FacultyMember, on_delete=models.CASCADE, null=True,
                               blank=True, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    explanation = models.CharField(max_length=1000, blank=True)
    edited = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["run", "order"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="cohort_pair_mentee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.mentor or 'unmatched'}"
