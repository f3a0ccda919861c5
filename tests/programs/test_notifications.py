"""The notification outbox: recorded once per key, sent once, retried by the sweep."""

import logging
import re
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from kombu.exceptions import OperationalError

from mentorship.celery import app
from programs.models import ChangeRequest, Notification
from programs.notifications import MAX_ATTEMPTS, absolute_url, notify
from programs.services.requests import change_request_create, change_request_resolve
from programs.tasks import send_notification, send_pending_notifications

SITE = "https://mentoring.example.edu"


class FailingBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return SITE


def record(key="test:1:user-1", to="someone@test.example") -> Notification:
    return notify(key=key, to=to, subject="[Mentorship] Hello", body="Hello there.")


def test_it_records_once_per_key_and_queues_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = record()
        second = record()
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(callbacks) == 1


def test_it_records_nothing_when_the_callers_transaction_rolls_back(
        db, django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        record()
        raise RuntimeError("the user's action failed")
    assert not Notification.objects.exists()
    assert callbacks == []


def test_it_queues_the_send_only_after_commit(db, django_capture_on_commit_callbacks):
    with (mock.patch.object(send_notification, "delay") as delay,
          django_capture_on_commit_callbacks(execute=True)):
        notification = record()
        assert not delay.called
    delay.assert_called_once_with(notification.pk)


def test_sending_marks_it_sent_and_a_second_send_does_nothing(db):
    notification = record()
    assert send_notification(notification.pk) is True
    assert send_notification(notification.pk) is False
    notification.refresh_from_db()
    assert notification.is_sent and notification.attempts == 1 and notification.last_error == ""
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["someone@test.example"]
    assert mail.outbox[0].subject == "[Mentorship] Hello"


def test_a_failing_mail_server_leaves_it_pending_and_a_later_sweep_sends_it(db, settings):
    notification = record()
    settings.EMAIL_BACKEND = "tests.programs.test_notifications.FailingBackend"
    assert send_notification(notification.pk) is False
    notification.refresh_from_db()
    assert not notification.is_sent
    assert notification.attempts == 1
    assert "SMTPServerDisconnected" in notification.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_notifications() == 1
    notification.refresh_from_db()
    assert notification.is_sent and notification.attempts == 2 and notification.last_error == ""
    assert len(mail.outbox) == 1
    assert send_pending_notifications() == 0


def test_the_sweep_leaves_a_row_that_failed_too_often_for_a_person_to_look_at(db):
    tired = record(key="test:tired")
    Notification.objects.filter(pk=tired.pk).update(attempts=MAX_ATTEMPTS)
    fresh = record(key="test:fresh")
    assert send_pending_notifications() == 1
    assert Notification.objects.get(pk=fresh.pk).is_sent
    assert not Notification.objects.get(pk=tired.pk).is_sent


def test_the_sweep_is_on_beat_every_five_minutes(settings):
    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
               if entry["task"] == "programs.tasks.send_pending_notifications"]
    assert len(entries) == 1 and entries[0]["schedule"] == 5 * 60
    app.loader.import_default_modules()
    assert "programs.tasks.send_pending_notifications" in app.tasks
    assert "programs.tasks.send_notification" in app.tasks


def test_absolute_url_joins_the_site_and_the_path(site):
    assert absolute_url("/requests/3/") == f"{SITE}/requests/3/"
    assert absolute_url("requests/3/") == f"{SITE}/requests/3/"


def test_every_link_in_the_request_emails_is_absolute(world, site):
    request, _ = change_request_create(mentee=world.mentee, kind="different",
                                       mentorship=world.mentorship, reason="Not a fit.")
    change_request_resolve(change_request=request, by=world.facilitator.user,
                           outcome="Matched with someone new.", end_mentorship=True)
    send_pending_notifications()
    detail = reverse("programs:change_request_detail", kwargs={"pk": request.pk})
    bodies = [message.body for message in mail.outbox]
    # Opened (DDD + facilitator), resolved (mentee), and the exit questions (mentee +
    # mentor: the surveys app's invitations, tests/surveys/test_exit.py).
    assert len(bodies) == 5
    assert sum(f"{SITE}{detail}" in body for body in bodies) == 3
    assert sum(f"{SITE}/surveys/a/" in body for body in bodies) == 2
    for body in bodies:
        assert not re.search(r"(^|\s)/\S", body), body


def test_the_change_request_email_has_no_reason_and_no_mentor_name(world):
    request, _ = change_request_create(
        mentee=world.mentee, kind="different", mentorship=world.mentorship,
        reason=f"{world.mentor.full_name} never answers my emails.")
    rows = list(Notification.objects.filter(key__startswith=f"change-request:{request.pk}:"))
    assert {row.recipient for row in rows} == {world.director.user.email,
                                               world.facilitator.user.email}
    send_pending_notifications()
    assert len(mail.outbox) == 2
    texts = [row.subject + row.body for row in rows]
    texts += [message.subject + message.body for message in mail.outbox]
    for text in texts:
        assert "never answers" not in text
        assert world.mentor.full_name not in text
        assert world.mentor.user.email not in text


def test_a_double_submitted_request_emails_each_leader_once(world):
    change_request_create(mentee=world.mentee, kind="additional")
    change_request_create(mentee=world.mentee, kind="additional")
    send_pending_notifications()
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        [world.director.user.email, world.facilitator.user.email])


def test_a_broker_outage_does_not_break_the_request_and_the_sweep_catches_up(
        client, world, login, caplog, django_capture_on_commit_callbacks):
    login(world.mentee)
    broker_down = OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    with (mock.patch.object(send_notification, "apply_async", side_effect=broker_down) as queue,
          caplog.at_level(logging.WARNING, logger="programs.notifications"),
          django_capture_on_commit_callbacks(execute=True)):
        response = client.post(reverse("programs:change_request_new"),
                               {"kind": "different", "mentorship": world.mentorship.pk,
                                "reason": "We do not click.", "audience": "with_director"})
    assert queue.called
    request = ChangeRequest.objects.get(mentee=world.mentee)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:change_request_detail",
                                           kwargs={"pk": request.pk})
    assert "Could not queue notification" in caplog.text
    assert Notification.objects.pending().count() == 2
    assert mail.outbox == []
    assert send_pending_notifications() == 2
    assert {a for m in mail.outbox for a in m.to} == {world.director.user.email,
                                                      world.facilitator.user.email}


def test_the_admin_lists_pending_notifications_but_never_what_they_say(admin_client, db):
    # A subject, key or body can name a confidential request or quote its outcome
    # (Notification.CONFIDENTIAL_FIELDS); support sees who, when and whether it went.
    notification = record()
    changelist = reverse("admin:programs_notification_changelist")
    response = admin_client.get(changelist, {"sent": "no", "q": "someone@"})
    assert response.status_code == 200 and "someone@test.example" in response.content.decode()
    response = admin_client.get(reverse("admin:programs_notification_change",
                                        args=[notification.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "someone@test.example" in html
    for text in (notification.subject, notification.body, notification.key):
        assert text not in html
