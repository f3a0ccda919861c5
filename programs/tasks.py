from celery import shared_task
from django.db.models import F
from django.utils import timezone

from programs.models import WorkerHeartbeat


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
