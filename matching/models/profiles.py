"""Interest profiles (what matching reads) and introductions (the organic route).

A mentor's offer is public to every faculty member (the directory shows it). A mentee's
needs are read only by the person, their division's facilitators and Division Director,
and program admins (matching.access); the identity opt-ins only by the person,
facilitators and program admins.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from programs.models import FacultyMember, Mentorship, Site, Topic

Format = Mentorship.Format
FORMAT_CODES = tuple(code for code, _ in Format.choices)
FORMAT_LABELS = dict(Format.choices)


def join_formats(codes) -> str:
    """Stored as comma-joined codes in catalogue order. No code is a substring of
    another, so `formats__contains=code` filters on SQLite and PostgreSQL alike."""
    chosen = set(codes)
    return ",".join(code for code in FORMAT_CODES if code in chosen)


class FormatsMixin:
    formats: str

    @property
    def format_codes(self) -> list[str]:
        return [code for code in self.formats.split(",") if code in FORMAT_LABELS]

    @property
    def format_labels(self) -> list[str]:
        return [str(FORMAT_LABELS[code]) for code in self.format_codes]


class MentorProfile(FormatsMixin, models.Model):
    """What a faculty member offers as a mentor. The directory shows all of it."""

    AUDIENCE_FIELDS = ("faculty",)

    faculty = models.OneToOneField(
        FacultyMember, on_delete=models.CASCADE, related_name="mentor_profile")
    topics = models.ManyToManyField(Topic, related_name="mentor_profiles")
    formats = models.CharField(
        max_length=80, default=Format.ONE_TO_ONE,
        help_text="Comma-separated format codes: one_to_one, group, peer, task_focused.")
    capacity = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="How many mentees at once.")
    is_open = models.BooleanField("open to new mentees", default=True)
    sites = models.ManyToManyField(Site, blank=True, related_name="mentor_profiles",
                                   help_text="Where they can meet in person.")
    how_i_can_help = models.TextField("how I can help", max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["faculty__user__last_name", "faculty__user__first_name"]
        indexes = [models.Index(fields=["is_open"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=10),
                                   name="mentor_profile_capacity_range"),
        ]

    def __str__(self) -> str:
        return f"Mentor offer: {self.faculty}"


class MenteeNeeds(FormatsMixin, models.Model):
    """What a faculty member is looking for in a mentor.

    The identity opt-ins are used only when given, read only by the person, facilitators
    and program admins, and matched only against a mentor's own consented self-described
    values (FacultyMember.gender / race_ethnicity with demographics_consent).
    """

    # programs/confidential.py: the opt-ins say something about the person's identity.
    CONFIDENTIAL_FIELDS = ("wants_gender_concordance", "wants_identity_concordance")
    AUDIENCE_FIELDS = ("faculty",)

    faculty = models.OneToOneField(
        FacultyMember, on_delete=models.CASCADE, related_name="mentee_needs")
    topics = models.ManyToManyField(Topic, through="NeedTopic", related_name="+")
    formats = models.CharField(max_length=80, default=Format.ONE_TO_ONE)
    same_site = models.BooleanField("prefer a mentor at my site", default=False)
    wants_gender_concordance = models.BooleanField(
        "prefer a mentor who shares my gender", default=False)
    wants_identity_concordance = models.BooleanField(
        "prefer a mentor who shares my racial or ethnic identity", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "mentee needs"
        ordering = ["faculty__user__last_name", "faculty__user__first_name"]

    def __str__(self) -> str:
        return f"Mentee needs: {self.faculty}"

    def ordered_topics(self) -> list[Topic]:
        """Topics, first priority first (uses a prefetch of `priorities__topic`)."""
        return [row.topic for row in sorted(self.priorities.all(), key=lambda r: r.priority)]


class NeedTopic(models.Model):
    """One topic of a mentee's needs, with its priority (1 is the first)."""

    AUDIENCE_FIELDS = ("needs",)

    needs = models.ForeignKey(MenteeNeeds, on_delete=models.CASCADE, related_name="priorities")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["needs", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["needs", "topic"], name="need_topic_once"),
            models.UniqueConstraint(fields=["needs", "priority"], name="need_priority_once"),
        ]

    def __str__(self) -> str:
        return f"{self.priority}. {self.topic}"


class Introduction(models.Model):
    """A mentee asks a mentor from the directory for an introduction (the organic route).

    The mentor accepts or declines. Accepting starts a formal mentorship at once, under
    the same rules as every other (programs.rules and the mentor's capacity); the
    division's facilitators see every request and its outcome, not the messages.
    """

    # programs/confidential.py: the message is written for the mentor, the reason for the
    # mentee; the division's facilitators see the request and its status only.
    CONFIDENTIAL_FIELDS = ("message", "decline_reason")
    AUDIENCE_FIELDS = ("mentee", "mentor")

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the mentor"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    mentee = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="introductions_asked")
    mentor = models.ForeignKey(FacultyMember, on_delete=models.CASCADE,
                               related_name="introductions_received")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.TextField(max_length=1000, blank=True)
    mentorship = models.ForeignKey(Mentorship, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["mentor", "status"]),
                   models.Index(fields=["mentee", "status"])]
        constraints = [
            models.CheckConstraint(condition=~Q(mentee=models.F("mentor")),
                                   name="introduction_not_self"),
            # A double submit (or two tabs) cannot ask the same mentor twice at once.
            models.UniqueConstraint(fields=["mentee", "mentor"],
                                    condition=Q(status="pending"),
                                    name="introduction_one_pending_per_pair"),
        ]

    def __str__(self) -> str:
        return f"Introduction #{self.pk}"
