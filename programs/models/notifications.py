"""The notification outbox and the notification centre.

Every message the program sends is a row here first. The same row is what its recipient
reads in the app (/notifications/), so an email and its copy in the centre never differ.
Each person chooses, per kind of message, email or in-app only, and immediate or a
weekly digest (`NotificationPreference`).
"""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    """The kind of a notification is the first part of its key (`kind_of`). A kind not
    listed here is still recorded and shown; it just has no label of its own."""

    MEETING = "meeting", "Meetings logged with you"
    AGREEMENT = "agreement-changed", "Changes to a mentoring agreement"
    PLAN = "plan", "Academic plans"
    CHANGE_REQUEST = "change-request", "Requests for a different or additional mentor"
    MENTORSHIP = "mentorship", "Mentorships ending"
    DEVELOPMENT = "development", "Faculty development events"
    AWARDS = "awards", "Awards"
    NUDGE = "nudge", "Reminders to meet (behind cadence)"
    ESCALATION = "escalation", "Mentorships gone silent (facilitators)"
    PLAN_WAITING = "plan-waiting", "Plans waiting for your approval"
    CHECKIN_DUE = "checkin-due", "Vice-Chair check-ins due"
    REVIEW_DUE = "review-due", "Annual mentorship reviews due"
    LEADER_DIGEST = "leader-digest", "Weekly summary of what needs you"
    DIGEST = "digest", "Weekly digest of your deferred notifications"


def kind_of(key: str) -> str:
    """`plan:12:v3:approved:user-7` is of kind `plan`."""
    return key.split(":", 1)[0][:50]


class NotificationQuerySet(models.QuerySet):
    def pending(self) -> "NotificationQuerySet":
        """Emails still to send now: in-app-only and digest rows are not among them."""
        return self.filter(sent_at__isnull=True, delivery=Notification.Delivery.IMMEDIATE)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one person, recorded under a unique key before it is sent.

    The key names who, what and which object or period (for example
    ``change-request:12:opened:user-7``), so a retried task, a second beat tick or a
    double-submitted form records it once and sends it once. The body must hold nothing
    confidential (no change-request reason, no private note).
    """

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "Email now"
        DIGEST = "digest", "Email in the weekly digest"
        IN_APP = "in_app", "In the app only"

    # programs/confidential.py: the subject and key name what the email is about (a
    # change request, its outcome) and the body may quote it, so the admin shows only
    # who was emailed, when, and whether it went.
    CONFIDENTIAL_FIELDS = ("key", "subject", "body")

    key = models.CharField(max_length=255, unique=True)
    recipient = models.EmailField()
    # The person in the app, when the address is one of ours: they read it in the centre.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=50, blank=True, db_index=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices,
                                default=Delivery.IMMEDIATE)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The sweep reads only the pending rows, oldest first.
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True),
                         name="notification_pending_idx"),
            # The unread count in the navigation, on every page.
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread_idx"),
            models.Index(fields=["user", "-created_at"], name="notification_centre_idx"),
        ]

    def __str__(self) -> str:
        return f"Email #{self.pk} to {self.recipient}"  # never the subject: see above

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        try:
            return Kind(self.kind).label
        except ValueError:
            return "Other"


class NotificationPreference(models.Model):
    """One person's choice for one kind of notification. No row: email, immediately."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email and in the app"
        IN_APP = "in_app", "In the app only"

    class Timing(models.TextChoices):
        IMMEDIATE = "immediate", "Immediately"
        DIGEST = "digest", "Weekly digest"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(max_length=50, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    timing = models.CharField(max_length=10, choices=Timing.choices, default=Timing.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"],
                                               name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"

    @property
    def delivery(self) -> str:
        return delivery_for(self.channel, self.timing)


def delivery_for(channel: str | None, timing: str | None) -> str:
    if channel == NotificationPreference.Channel.IN_APP:
        return Notification.Delivery.IN_APP
    if timing == NotificationPreference.Timing.DIGEST:
        return Notification.Delivery.DIGEST
    return Notification.Delivery.IMMEDIATE
