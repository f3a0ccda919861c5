"""The notification centre's reads: a person's own messages, their choices, job runs."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from programs.models import JobRun, Notification, NotificationPreference, User
from programs.models.notifications import delivery_for

PAGE_SIZE = 25


def unread_count(user: User) -> int:
    """One query, on every page (the navigation's badge)."""
    return Notification.objects.filter(user=user).unread().count()


def notifications_page(user: User, page: int | str | None) -> Page:
    rows = (Notification.objects.filter(user=user)
            .only("pk", "kind", "subject", "body", "created_at", "read_at", "delivery",
                  "sent_at", "user_id")
            .order_by("-created_at", "-pk"))
    return Paginator(rows, PAGE_SIZE).get_page(page)


def deliveries_for(user: User) -> dict[str, str]:
    """The person's choice per kind, as a Notification.Delivery; absent kinds: immediate."""
    return {kind: delivery_for(channel, timing) for kind, channel, timing in
            NotificationPreference.objects.filter(user=user)
            .values_list("kind", "channel", "timing")}


def recent_job_runs(limit: int = 50) -> QuerySet[JobRun]:
    return JobRun.objects.order_by("-started_at")[:limit]
