from celery import shared_task
from django.db.models import F
from django.utils import timezone

from programs.models import WorkerHeartbeat
from programs.notifications import notification_send, notifications_send_pending


@shared_task
def heartbeat() -> None:
    """Beat schedules this; the worker records it. /health/ reports the last one."""
    updated = WorkerHeartbeat.objects.filter(name="celery").update(
        beat_at=timezone.now(), count=F("count") + 1
    )
    if not updated:
        WorkerHeartbeat.objects.get_or_create(
            name="celery", defaults={"beat_at": timezone.now(), "count": 1}
        )


@shared_task
def send_notification(notification_id: int) -> bool:
    """Send one recorded notification. Safe to run twice: see notification_send."""
    return notification_send(notification_id=notification_id)


@shared_task
def send_pending_notifications() -> int:
    """Beat: catch up on notifications never queued (broker down) or that failed to send."""
    return notifications_send_pending()


@shared_task
def send_event_reminders() -> int:
    """Beat, hourly: remind people registered for events in the next two days. Keyed per
    person and event version, so a repeated tick sends nothing twice."""
    from programs.services.development import event_reminders_send

    return event_reminders_send()


@shared_task
def send_all_pending_notifications() -> int:
    """After a job recorded many notifications: send them all, batch after batch."""
    from programs.notifications import notifications_send_all_pending

    return notifications_send_all_pending()


@shared_task
def send_notification_digests(force: bool = False) -> int:
    """Beat, hourly: at the sending hour on the digest weekday, each person's digest of
    the kinds they chose to receive weekly (keyed per person and week)."""
    from django.conf import settings

    from programs.notifications import is_sending_hour, local_now, notifications_send_digests

    if not force and not (is_sending_hour()
                          and local_now().weekday() == settings.REMINDER_DIGEST_WEEKDAY):
        return 0
    return notifications_send_digests()
