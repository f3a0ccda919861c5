"""The real invitation job on a real worker over Redis, run twice: one invitation each."""

import time

import pytest
from django.core import mail

from mentorship.celery import app
from programs.models import Notification
from surveys.models import Invitation
from surveys.models.runs import Audience
from surveys.tasks import invite_run, send_survey_invitations
from tests.conftest import make_world
from tests.mentorship.test_celery import private_queue, require_redis  # noqa: F401
from tests.surveys.factories import launch


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_invitation_job_run_twice_on_a_real_worker_invites_each_person_once(
        private_queue):  # noqa: F811
    require_redis()
    from celery.contrib.testing.worker import start_worker

    world = make_world()
    run = launch(world, audience=Audience.DIVISION, division=world.division)
    members = world.division.members.count()
    with start_worker(app, perform_ping_check=False, queues=[private_queue],
                      shutdown_timeout=30):
        # The launch queued the job already; run it twice more, by hand and by beat's task.
        invite_run.delay(run.pk)
        send_survey_invitations.delay()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sent = Notification.objects.filter(key__startswith=f"survey-invitation:{run.pk}:",
                                               sent_at__isnull=False).count()
            if sent >= members:
                break
            time.sleep(0.2)
        time.sleep(1)  # time for any duplicate to show up
    assert Invitation.objects.filter(run=run).count() == members
    invitations = Notification.objects.filter(key__startswith=f"survey-invitation:{run.pk}:")
    assert invitations.count() == members
    assert invitations.filter(sent_at__isnull=False).count() == members
    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(set(recipients)) and len(recipients) == members
