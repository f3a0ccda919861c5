"""The notification outbox: record an email under a unique key, send it after commit.

Every app calls `notify(...)` inside its own transaction. The row commits (or rolls back)
with the user's action; a Celery task sends it once the transaction has committed, and
`programs.tasks.send_pending_notifications` (beat, every five minutes) sends whatever a
down broker or a failing mail server left behind.

Each row is also the recipient's copy in the notification centre. Their choice for the
kind (`NotificationPreference`) decides, when the row is recorded, whether it is emailed
now, in the weekly digest, or not at all (in the app only). Every email ends with a link
that unsubscribes that person from that kind without signing in (`unsubscribe_token`).
"""

import datetime
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from programs.models import Notification, NotificationPreference, User
from programs.models.notifications import delivery_for, kind_of

logger = logging.getLogger(__name__)

# A row that has failed this often waits for someone to look at it in the admin.
MAX_ATTEMPTS = 10
SWEEP_BATCH = 200


def local_now(now: datetime.datetime | None = None) -> datetime.datetime:
    """The department's wall clock: TIME_ZONE (departments have no zone of their own)."""
    return timezone.localtime(now or timezone.now(), ZoneInfo(settings.TIME_ZONE))


def is_sending_hour(now: datetime.datetime | None = None) -> bool:
    """Reminders and digests go out at REMINDER_HOUR local time (9 by default), on
    weekdays, not at whatever hour a worker happens to run."""
    local = local_now(now)
    return local.hour == settings.REMINDER_HOUR and local.weekday() < 5


def absolute_url(path: str) -> str:
    """`reverse()` gives a path; an email client needs scheme and host too."""
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


UNSUBSCRIBE_SALT = "programs.notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    """Signed (salted for this use alone), naming one person and one kind: it can change
    nothing else. It does not expire: an old email's link must still work."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) \
            or not isinstance(data.get("k"), str):
        return None
    return data["u"], data["k"]


@dataclass(frozen=True)
class Message:
    """One message for `notify_many`: the same arguments as `notify`."""

    key: str
    to: str
    subject: str
    body: str


def _recipients(emails: set[str], kinds: set[str]) -> dict[tuple[str, str], tuple[int, str]]:
    """(email, kind) -> (user id, delivery), in one query per kind (a handful)."""
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for kind in kinds:
        prefs = NotificationPreference.objects.filter(user=OuterRef("pk"), kind=kind)
        rows = (User.objects.filter(email__in=emails)
                .annotate(channel=Subquery(prefs.values("channel")[:1]),
                          timing=Subquery(prefs.values("timing")[:1]))
                .values_list("email", "pk", "channel", "timing"))
        for email, pk, channel, timing in rows:
            found[(email, kind)] = (pk, delivery_for(channel, timing))
    return found


def notify(*, key: str, to: str, subject: str, body: str) -> Notification:
    """Record one message to one person and email it after the caller's transaction
    commits (or later, or never, as they chose for this kind).

    Calling twice with the same key records once and sends once. The row is written in
    the caller's transaction, so an action that rolls back never emails anyone.
    """
    kind = kind_of(key)
    user_id, delivery = _recipients({to.strip().lower()}, {kind}).get(
        (to.strip().lower(), kind), (None, Notification.Delivery.IMMEDIATE))
    notification, created = Notification.objects.get_or_create(
        key=key, defaults={"recipient": to, "subject": subject, "body": body,
                           "user_id": user_id, "kind": kind, "delivery": delivery})
    if created and notification.delivery == Notification.Delivery.IMMEDIATE:
        transaction.on_commit(lambda: queue_notification(notification.pk))
    return notification


def notify_many(messages: list[Message]) -> int:
    """`notify` for a job's thousands of messages, in a fixed number of queries: rows
    whose key exists are skipped (a rerun records nothing), and one sweep is queued after
    commit rather than one task per row. Returns how many rows are new."""
    if not messages:
        return 0
    keys = [message.key for message in messages]
    existing = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [message for message in messages if message.key not in existing]
    found = _recipients({m.to.strip().lower() for m in fresh}, {kind_of(m.key) for m in fresh})
    rows = []
    for message in fresh:
        kind = kind_of(message.key)
        user_id, delivery = found.get((message.to.strip().lower(), kind),
                                      (None, Notification.Delivery.IMMEDIATE))
        rows.append(Notification(key=message.key, recipient=message.to,
                                 subject=message.subject, body=message.body,
                                 user_id=user_id, kind=kind, delivery=delivery))
    # A concurrent run may have recorded some of these since the read: the unique key
    # keeps them once.
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    if rows:
        transaction.on_commit(queue_sweep)
    return len(rows)


def queue_sweep() -> None:
    from programs.tasks import send_all_pending_notifications

    try:
        send_all_pending_notifications.delay()
    except Exception:  # noqa: BLE001 - the beat sweep sends them later
        logger.warning("Could not queue the sweep; beat's sweep will send", exc_info=True)


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
            email_for(notification).send()
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


def email_for(notification: Notification) -> EmailMessage:
    """The email: the recorded body, then (for one of our users) where to change how
    this kind arrives. The link is made at send time, so it is never stored."""
    body, headers = notification.body, {}
    if notification.user_id and notification.kind:
        link = absolute_url(reverse("programs:unsubscribe", args=[unsubscribe_token(
            user_id=notification.user_id, kind=notification.kind)]))
        body = (f"{body.rstrip()}\n\n--\nStop emails like this one (you will still see "
                f"them in the app): {link}\nAll your choices: "
                f"{absolute_url(reverse('programs:notification_preferences'))}\n")
        headers["List-Unsubscribe"] = f"<{link}>"
    return EmailMessage(notification.subject, body, None, [notification.recipient],
                        headers=headers)


def notifications_send_pending(*, limit: int = SWEEP_BATCH) -> int:
    """Send the oldest pending notifications that have not failed too often."""
    pending = list(Notification.objects.pending().filter(attempts__lt=MAX_ATTEMPTS)
                   .order_by("created_at").values_list("pk", flat=True)[:limit])
    return sum(notification_send(notification_id=pk) for pk in pending)


def notifications_send_all_pending(*, batches: int = 50) -> int:
    """The sweep, repeated until nothing is left (a reminder run records thousands)."""
    sent = total = 0
    for _ in range(batches):
        sent = notifications_send_pending()
        total += sent
        if sent < SWEEP_BATCH:
            break
    return total


def notifications_send_digests(*, on=None) -> int:
    """Weekly: one email per person listing what they chose to receive as a digest, keyed
    by person and ISO week, so a second run that week sends nothing more. Each listed row
    is marked sent with the digest (it went out, inside it)."""
    now = on or timezone.now()
    year, week, _ = timezone.localdate(now).isocalendar()
    waiting = (Notification.objects.filter(delivery=Notification.Delivery.DIGEST,
                                           sent_at__isnull=True, user__isnull=False)
               .order_by("user_id", "created_at")
               .values_list("pk", "user_id", "recipient", "subject"))
    by_user: dict[int, list[tuple[int, str, str]]] = {}
    for pk, user_id, recipient, subject in waiting:
        by_user.setdefault(user_id, []).append((pk, recipient, subject))
    centre = absolute_url(reverse("programs:notification_centre"))
    sent = 0
    for user_id, rows in by_user.items():
        key = f"digest:{year}-W{week:02d}:user-{user_id}"
        if Notification.objects.filter(key=key).exists():
            continue  # this week's went; what came since waits for next week's
        with transaction.atomic():
            lines = "\n".join(f"- {subject}" for _, _, subject in rows)
            notify(key=key, to=rows[0][1],
                            subject=f"[Mentorship] Your weekly digest: {len(rows)} "
                                    "notification(s)",
                            body=f"Since your last digest:\n\n{lines}\n\n"
                                 f"Read them in the app: {centre}\n")
            Notification.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
                sent_at=timezone.now())
            sent += 1
    return sent
