"""The notification centre's writes: marking read, and each person's choices per kind."""

from django.db import transaction
from django.utils import timezone

from programs.models import Notification, NotificationPreference, User

Channel, Timing = NotificationPreference.Channel, NotificationPreference.Timing
CHOICE = {
    Notification.Delivery.IMMEDIATE: (Channel.EMAIL, Timing.IMMEDIATE),
    Notification.Delivery.DIGEST: (Channel.EMAIL, Timing.DIGEST),
    Notification.Delivery.IN_APP: (Channel.IN_APP, Timing.IMMEDIATE),
}


def notification_mark_read(*, user: User, notification_id: int) -> Notification | None:
    """Mark one of the user's own notifications read; None if it is not theirs."""
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_save(*, user: User, deliveries: dict[str, str]) -> None:
    """Record the person's choice for each kind. A kind left at the default (email, at
    once) keeps no row. Messages already recorded keep how they were to be delivered."""
    for kind, delivery in deliveries.items():
        channel, timing = CHOICE[delivery]
        if (channel, timing) == (Channel.EMAIL, Timing.IMMEDIATE):
            NotificationPreference.objects.filter(user=user, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"channel": channel, "timing": timing})


@transaction.atomic
def notification_unsubscribe(*, user_id: int, kind: str) -> NotificationPreference:
    """From an email's link: no more emails of this kind to this person (they stay in the
    centre). Only this person's choice for this kind changes. Messages of the kind not yet
    emailed are not emailed either."""
    preference, _ = NotificationPreference.objects.update_or_create(
        user_id=user_id, kind=kind, defaults={"channel": Channel.IN_APP})
    Notification.objects.filter(user_id=user_id, kind=kind, sent_at__isnull=True).update(
        delivery=Notification.Delivery.IN_APP)
    return preference
