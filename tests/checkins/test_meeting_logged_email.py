"""A logged meeting waits for the other member's confirmation, and they are told by email
through the outbox (issue 8, section 3): one email per meeting and recipient, saying who,
which day and where, never what was said."""

import datetime
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from checkins.models import Meeting
from checkins.services import meetings as meeting_services
from programs.models import Notification
from programs.tasks import send_pending_notifications

SUMMARY = "We talked about leaving the division (summary-7f3a)"
NOTE = "My private worry (note-7f3a)"
ITEM = "Ask the chair about protected time (item-7f3a)"


def log(client, world, **overrides):
    data = {"held_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
            "duration_minutes": "60", "mode": "in_person", "shared_summary": SUMMARY,
            "action_items": ITEM, "private_note": NOTE, "submission_token": str(uuid.uuid4()),
            **overrides}
    return data, client.post(reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk}),
                             data)


@pytest.mark.parametrize(("author", "other"), [("mentee", "mentor"), ("mentor", "mentee")])
def test_the_other_member_is_asked_to_confirm_by_email(client, world, login, author, other,
                                                       django_capture_on_commit_callbacks):
    login(world.person(author))
    with django_capture_on_commit_callbacks(execute=True), \
            mock.patch("programs.tasks.send_notification.delay"):
        log(client, world)
    meeting = Meeting.objects.get()
    notification = Notification.objects.get()
    recipient = world.person(other).user
    assert notification.recipient == recipient.email
    assert notification.key == f"meeting:{meeting.pk}:logged:confirm:user-{recipient.pk}"
    assert world.person(author).full_name in notification.subject
    assert "please confirm" in notification.subject
    page = reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})
    assert f"{page}#meeting-{meeting.pk}" in notification.body
    assert meeting.held_on.strftime("%B %Y") in notification.body


def test_the_email_says_nothing_of_what_was_said(client, world, login):
    login(world.mentee)
    log(client, world)
    send_pending_notifications()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.mentor.user.email]
    for text in (message.subject, message.body):
        assert "7f3a" not in text


def test_a_double_submitted_form_asks_once(client, world, login):
    login(world.mentee)
    data, _ = log(client, world)
    client.post(reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk}), data)
    assert Meeting.objects.count() == 1
    assert Notification.objects.count() == 1


def test_a_refused_meeting_emails_nobody(client, world, login):
    login(world.mentee)
    log(client, world, held_on=(datetime.date.today() + datetime.timedelta(days=3)).isoformat())
    assert not Meeting.objects.exists()
    assert not Notification.objects.exists()


def test_each_meeting_is_its_own_email(world):
    for days in (3, 10):
        meeting_services.meeting_log(mentorship=world.mentorship, by=world.mentor,
                             submission_token=uuid.uuid4(),
                             held_on=datetime.date.today() - datetime.timedelta(days=days),
                             duration_minutes=30, mode="video")
    assert Notification.objects.filter(recipient=world.mentee.user.email).count() == 2
