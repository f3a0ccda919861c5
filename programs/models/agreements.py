"""Mentorship agreements (their content stays with the pair) and guideline pages."""

import hashlib

from django.conf import settings
from django.db import models

from .mentorships import Mentorship
from .people import Department

DEFAULT_AGREEMENT = {
    "goals": (
        "What the mentee wants from this mentorship in the next year, in their own words. "
        "For example: prepare the continuing-appointment dossier; submit a first grant as "
        "principal investigator; build a teaching portfolio."
    ),
    "meeting_plan": (
        "We will meet about every three months (at least 3–4 times a year), for about an "
        "hour, in person or by video. The mentee proposes dates and an agenda; either of "
        "us may ask for an extra meeting when something comes up."
    ),
    "confidentiality": (
        "What we discuss stays between us. Neither of us shares the other's concerns, "
        "plans or personal matters without permission. The program sees only that we "
        "meet, never what we say. Exceptions: a risk of harm, or a legal or professional "
        "duty to report."
    ),
    "roles": (
        "The mentee drives the relationship: sets the goals, schedules meetings, brings "
        "questions and follows up on action items. The mentor listens, shares experience, "
        "gives honest feedback, opens doors to their network and, where they can, "
        "sponsors the mentee. The mentor is not the mentee's supervisor and does not "
        "evaluate them."
    ),
    "raising_concerns": (
        "If something is not working, we say so to each other first. If that is hard, "
        "either of us may talk confidentially to the division's Mentorship Facilitator "
        "or Division Director, or to the program office."
    ),
    "no_fault_ending": (
        "Either of us may end this mentorship at any time, without giving a reason and "
        "without fault. Changing mentor is normal and is not a judgement on anyone."
    ),
}


class AgreementTemplate(models.Model):
    """The department's starting text for every new agreement, edited by program admins."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, related_name="agreement_template"
    )
    goals = models.TextField(default=DEFAULT_AGREEMENT["goals"])
    meeting_plan = models.TextField("how often and how we meet",
                                    default=DEFAULT_AGREEMENT["meeting_plan"])
    confidentiality = models.TextField(default=DEFAULT_AGREEMENT["confidentiality"])
    roles = models.TextField("roles and responsibilities", default=DEFAULT_AGREEMENT["roles"])
    raising_concerns = models.TextField("how to raise a problem",
                                        default=DEFAULT_AGREEMENT["raising_concerns"])
    no_fault_ending = models.TextField("ending without fault",
                                       default=DEFAULT_AGREEMENT["no_fault_ending"])
    review_after_months = models.PositiveSmallIntegerField(
        default=12, help_text="The suggested review date, this many months after starting."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Agreement template: {self.department}"

    def initial(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in DEFAULT_AGREEMENT}


class MentorshipAgreement(models.Model):
    """What the two members agreed. Only they read it; leaders see only that it exists."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    goals = models.TextField()
    meeting_plan = models.TextField("how often and how we meet")
    confidentiality = models.TextField()
    roles = models.TextField("roles and responsibilities")
    raising_concerns = models.TextField("how to raise a problem")
    no_fault_ending = models.TextField("ending without fault")
    review_date = models.DateField()
    mentee_acknowledged_at = models.DateTimeField(null=True, blank=True)
    mentor_acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    CONTENT_FIELDS = (*DEFAULT_AGREEMENT, "review_date")
    # programs/confidential.py
    CONFIDENTIAL_FIELDS = CONTENT_FIELDS
    AUDIENCE_FIELDS = ("mentorship",)

    def __str__(self) -> str:
        return f"Agreement for mentorship {self.mentorship_id}"

    @property
    def is_acknowledged(self) -> bool:
        return bool(self.mentee_acknowledged_at and self.mentor_acknowledged_at)

    @property
    def content_version(self) -> str:
        """A fingerprint of the text. The acknowledge form posts the one it showed, so a
        member acknowledges exactly the text they read, not an edit made meanwhile."""
        text = "\x1f".join(str(getattr(self, name)) for name in self.CONTENT_FIELDS)
        return hashlib.sha256(text.encode()).hexdigest()[:20]


class GuidelinePage(models.Model):
    """A page of program guidance, readable by everyone signed in."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text="Plain text. Blank lines separate paragraphs.")
    ordering = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["ordering", "title"]

    def __str__(self) -> str:
        return self.title
