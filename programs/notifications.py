"""The notification outbox: record an email under a unique key, send it after commit.

Every app calls `notify(...)` inside its own transaction. The row commits (or rolls back)
with the user's action; a Celery task sends it once the transaction has committed, and
`programs.tasks.send_pending_notifications` (beat, every five minutes) sends whatever a
down broker or a failing mail server left behind.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from programs.models import Notification

logger = logging.getLogger(__name__)

# A row that has failed this often waits for someone to look at it in the admin.
MAX_ATTEMPTS = 10
SWEEP_BATCH = 200


def absolute_url(path: str) -> str:
    """`reverse()` gives a path; an email client needs scheme and host too."""
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def notify(*, key: str, to: str, subject: str, body: str) -> Notification:
    """Record one email to one person and send it after the caller's transaction commits.

    Calling twice with the same key records once and sends once. The row is written in
    the caller's transaction, so an action that rolls back never emails anyone.
    """
    notification, created = Notification.objects.get_or_create(
        key=key, defaults={"recipient": to, "subject": subject, "body": body})
    if created:
        transaction.on_commit(lambda: queue_notification(notification.pk))
    return notification


def queue_notification(notification_id: int) -> None:
    """Hand the send to Celery. A broker that is down must not fail the user's request:
    the row is committed, and the sweep sends it later."""
    from programs.tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception:  # noqa: BLE001 - any broker failure, whatever the transport
        logger.warning("Could not queue notification %s; the sweep will send it",
                       notification_id, exc_info=True)


def notification_send(*, notification_id: int) -> bool:
    """Send one pending notification; True if this call sent it.

    The row stays locked while the mail goes out, and a second worker skips locked rows,
    so two workers never send the same row. A failure is recorded on the row, which
    stays pending for the sweep. (If the mail leaves but the commit then fails, the row
    is sent again: at least once, never silently lost.)
    """
    with transaction.atomic():
        notification = (Notification.objects.select_for_update(skip_locked=True)
                        .pending().filter(pk=notification_id).first())
        if notification is None:
            return False
        notification.attempts += 1
        try:
            send_mail(notification.subject, notification.body, None, [notification.recipient])
        except Exception as error:  # noqa: BLE001 - SMTP, DNS, TLS, a bad address...
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            notification.save(update_fields=["attempts", "last_error"])
            logger.warning("Notification %s failed (attempt %s): %s", notification.pk,
                           notification.attempts, notification.last_error)
            return False
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "last_error", "sent_at"])
        return True


def notifications_send_pending(*, limit: int = SWEEP_BATCH) -> int:
    """Send the oldest pending notifications that have not failed too often."""
    pending = list(Notification.objects.pending().filter(attempts__lt=MAX_ATTEMPTS)
                   .order_by("created_at").values_list("pk", flat=True)[:limit])
    return sum(notification_send(notification_id=pk) for pk in pending)
