"""The reminder job end to end on a real Celery worker over Redis: the job records the
reminders, the worker sends them, the mail arrives; run again, and no second mail."""

import datetime
import time

import pytest
from django.core import mail

from checkins.tasks import send_reminders
from programs.models import JobRun, Mentorship, Notification
from tests.conftest import make_world
from tests.mentorship.test_celery import private_queue, require_redis  # noqa: F401


def wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def all_sent() -> bool:
    return (Notification.objects.exists()
            and not Notification.objects.filter(sent_at__isnull=True,
                                                delivery="immediate").exists())


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_reminder_job_on_a_real_worker_sends_each_reminder_once(private_queue, settings):  # noqa: F811
    require_redis()
    from celery.contrib.testing.worker import start_worker

    from mentorship.celery import app

    world = make_world()
    settings.REMINDER_SILENCE_DAYS = 30  # the world's mentorship has never met
    Mentorship.objects.filter(pk=world.mentorship.pk).update(
        start_date=datetime.date.today() - datetime.timedelta(days=400))
    with start_worker(app, perform_ping_check=False, queues=[private_queue],
                      shutdown_timeout=30):
        send_reminders.delay(force=True)
        assert wait_for(lambda: JobRun.objects.filter(status="finished").count() == 1)
        assert wait_for(all_sent), list(Notification.objects.values_list("key", "sent_at"))
        first = len(mail.outbox)
        escalations = [m for m in mail.outbox if m.to == [world.facilitator.email]]
        assert escalations and "has gone quiet" in escalations[0].subject
        assert "/unsubscribe/" in escalations[0].body

        send_reminders.delay(force=True)
        assert wait_for(lambda: JobRun.objects.filter(status="finished").count() == 2)
        time.sleep(2)  # time for any (wrongly) queued send to arrive
    assert len(mail.outbox) == first
    assert Notification.objects.count() == first
    latest = JobRun.objects.order_by("-started_at").first()
    assert latest.summary.startswith("0 new")
