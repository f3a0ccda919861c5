"""Invitations through the outbox, reminders to non-respondents only, and a rerun that
invites nobody twice."""

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from programs.models import Notification
from programs.notifications import notifications_send_pending
from surveys.models import Invitation
from surveys.models.runs import Audience
from surveys.services.runs import invitations_send, reminders_send, survey_invitations_sweep
from tests.surveys.factories import DAY, answer, launch

pytestmark = pytest.mark.django_db


def test_a_division_run_invites_its_division_once_however_often_the_job_runs(world):
    run = launch(world, audience=Audience.DIVISION, division=world.division)
    today = timezone.localdate()
    first = invitations_send(run_id=run.pk, on=today)
    assert first == world.division.members.count()
    assert invitations_send(run_id=run.pk, on=today) == 0
    survey_invitations_sweep(on=today)
    assert Invitation.objects.filter(run=run).count() == first
    keys = Notification.objects.filter(key__startswith=f"survey-invitation:{run.pk}:")
    assert keys.count() == first
    assert not Invitation.objects.filter(run=run, person=world.otherdirector).exists()
    notifications_send_pending()
    assert len(mail.outbox) == first
    assert "/surveys/a/" in mail.outbox[0].body


def test_a_run_that_has_not_opened_invites_nobody_yet(world):
    today = timezone.localdate()
    run = launch(world, opens_on=today + 2 * DAY, closes_on=today + 9 * DAY)
    assert invitations_send(run_id=run.pk, on=today) == 0


@override_settings(SURVEY_REMINDER_DAYS=3)
def test_reminders_go_to_non_respondents_only_and_once(world):
    today = timezone.localdate()
    run = launch(world, audience=Audience.DIVISION, division=world.division,
                 closes_on=today + 2 * DAY)
    invitations_send(run_id=run.pk, on=today)
    answer(run, world.mentee, {"eval_satisfaction": 3, "eval_recommend": 5})
    reminded = reminders_send(run_id=run.pk, on=today)
    assert reminded == world.division.members.count() - 1
    assert reminders_send(run_id=run.pk, on=today) == 0
    assert not Notification.objects.filter(
        key=f"survey-reminder:{run.pk}:{world.mentee.pk}").exists()


@override_settings(SURVEY_REMINDER_DAYS=3)
def test_no_reminder_while_the_close_is_far(world):
    today = timezone.localdate()
    run = launch(world, closes_on=today + 10 * DAY)
    invitations_send(run_id=run.pk, on=today)
    assert reminders_send(run_id=run.pk, on=today) == 0
