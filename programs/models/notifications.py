"""The notification outbox: every email the program sends is a row here first."""

from django.db import models


class NotificationQuerySet(models.QuerySet):
    def pending(self) -> "NotificationQuerySet":
        return self.filter(sent_at__isnull=True)


class Notification(models.Model):
    """One email to one person, recorded under a unique key before it is sent.

    The key names who, what and which object or period (for example
    ``change-request:12:opened:user-7``), so a retried task, a second beat tick or a
    double-submitted form records it once and sends it once. The body must hold nothing
    confidential (no change-request reason, no private note).
    """

    # programs/confidential.py: the subject and key name what the email is about (a
    # change request, its outcome) and the body may quote it, so the admin shows only
    # who was emailed, when, and whether it went.
    CONFIDENTIAL_FIELDS = ("key", "subject", "body")

    key = models.CharField(max_length=255, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The sweep reads only the pending rows, oldest first.
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True),
                         name="notification_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"Email #{self.pk} to {self.recipient}"  # never the subject: see above

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
