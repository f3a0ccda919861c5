"""The notification centre: every message is also in the app for its recipient, read or
unread; each person chooses per kind email or in-app only, now or in a weekly digest; an
email's unsubscribe link works signed out and changes only that person's choice for that
kind (GET asks, POST changes)."""

import re

import pytest
from django.core import mail
from django.core.signing import dumps
from django.urls import reverse

from programs.models import Notification, NotificationPreference
from programs.notifications import (
    Message,
    notifications_send_all_pending,
    notifications_send_digests,
    notify,
    notify_many,
    read_unsubscribe_token,
    unsubscribe_token,
)


def nudge(world, n=1, person=None):
    person = person or world.mentee
    return notify(key=f"nudge:mentorship-{n}:2026-11:user-{person.user_id}", to=person.email,
                  subject="[Mentorship] Time to meet", body="Plan a meeting.")


def test_a_notification_is_linked_to_its_recipient_with_its_kind(world):
    row = nudge(world)
    assert (row.user_id, row.kind, row.delivery) == (world.mentee.user_id, "nudge", "immediate")
    outside = notify(key="awards:x:user-0", to="nobody@elsewhere.example", subject="s", body="b")
    assert outside.user_id is None


def test_the_centre_lists_only_the_signed_in_persons_own_notifications(client, world, login):
    nudge(world)
    nudge(world, 2, person=world.mentor)
    login(world.mentee)
    response = client.get(reverse("programs:notification_centre"))
    rows = response.context["page"].object_list
    assert [row.user_id for row in rows] == [world.mentee.user_id]
    assert 'data-testid="unread-count">1' in response.content.decode()


def test_marking_read_with_htmx_returns_the_row_and_lowers_the_count(client, world, login):
    row = nudge(world)
    login(world.mentee)
    url = reverse("programs:notification_read", args=[row.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="notification-{row.pk}"' in response.content.decode()
    row.refresh_from_db()
    assert row.read_at is not None
    page = client.get(reverse("programs:notification_centre")).content.decode()
    assert "unread-count" not in page


def test_nobody_marks_another_persons_notification(client, world, login):
    row = nudge(world)
    login(world.mentor)
    assert client.post(reverse("programs:notification_read", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read_marks_only_ones_own(client, world, login):
    nudge(world)
    theirs = nudge(world, 2, person=world.mentor)
    login(world.mentee)
    client.post(reverse("programs:notifications_read_all"))
    assert not Notification.objects.filter(user=world.mentee.user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_in_app_only_is_never_emailed_and_digest_waits_for_the_weekly_email(
        world, client, login):
    login(world.mentee)
    response = client.post(reverse("programs:notification_preferences"),
                           {"kind_nudge": "in_app", "kind_plan": "digest"})
    assert response.status_code == 302
    quiet = nudge(world)
    later = notify(key=f"plan:1:v1:approved:user-{world.mentee.user_id}", to=world.mentee.email,
                   subject="[Mentorship] Plan approved", body="Approved.")
    assert (quiet.delivery, later.delivery) == ("in_app", "digest")
    assert notifications_send_all_pending() == 0
    assert mail.outbox == []
    assert notifications_send_digests() == 1
    notifications_send_all_pending()
    (digest,) = mail.outbox
    assert "Plan approved" in digest.body and "Time to meet" not in digest.body
    later.refresh_from_db()
    assert later.sent_at is not None
    # A second run that week sends nothing more.
    assert notifications_send_digests() == 0


def test_the_preferences_form_keeps_a_choice_and_refuses_an_unknown_one(client, world, login):
    login(world.mentee)
    url = reverse("programs:notification_preferences")
    client.post(url, {"kind_nudge": "digest"})
    pref = NotificationPreference.objects.get(user=world.mentee.user, kind="nudge")
    assert (pref.channel, pref.timing) == ("email", "digest")
    response = client.post(url, {"kind_nudge": "carrier-pigeon"})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get(url).context["form"]["kind_nudge"].value() == "digest"
    client.post(url, {"kind_nudge": "immediate"})  # back to the default: no row
    assert not NotificationPreference.objects.filter(user=world.mentee.user).exists()


def unsubscribe_link(body: str) -> str:
    return re.search(r"https?://\S+/unsubscribe/\S+/", body).group(0)


def test_every_email_to_a_user_ends_with_an_unsubscribe_link_that_works_signed_out(
        client, world, settings):
    nudge(world)
    notifications_send_all_pending()
    (email,) = mail.outbox
    link = unsubscribe_link(email.body)
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    path = link.removeprefix(settings.SITE_URL)
    page = client.get(path)  # signed out
    assert page.status_code == 200 and "Stop these emails" in page.content.decode()
    # GET changes nothing: mail scanners open links.
    assert not NotificationPreference.objects.exists()
    done = client.post(path)
    assert done.status_code == 200 and "Done" in done.content.decode()
    (pref,) = NotificationPreference.objects.all()
    assert (pref.user_id, pref.kind, pref.channel) == (world.mentee.user_id, "nudge", "in_app")
    # Another kind, and another person, are untouched.
    nudge(world, 2, person=world.mentor)
    again = nudge(world, 3)
    other = notify(key=f"plan:1:v1:approved:user-{world.mentee.user_id}",
                   to=world.mentee.email, subject="s", body="b")
    assert again.delivery == "in_app" and other.delivery == "immediate"
    assert Notification.objects.get(user=world.mentor.user).delivery == "immediate"


def test_a_forged_or_reused_for_another_purpose_token_is_refused(client, world):
    forged = dumps({"u": world.mentor.user_id, "k": "nudge"})  # no salt: another use's
    assert read_unsubscribe_token(forged) is None
    assert client.get(reverse("programs:unsubscribe", args=[forged])).status_code == 404
    good = unsubscribe_token(user_id=world.mentee.user_id, kind="nudge")
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    assert client.post(reverse("programs:unsubscribe", args=[tampered])).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_notify_many_records_each_key_once_in_a_fixed_number_of_queries(
        world, django_assert_max_num_queries):
    def batch(n):
        return [Message(key=f"nudge:mentorship-{i}:2026-11:user-{world.mentee.user_id}",
                        to=world.mentee.email, subject="s", body="b") for i in range(n)]

    with django_assert_max_num_queries(4):
        assert notify_many(batch(30)) == 30
    with django_assert_max_num_queries(4):
        assert notify_many(batch(60)) == 30  # the first thirty exist already
    assert Notification.objects.filter(user=world.mentee.user, kind="nudge").count() == 60


@pytest.mark.parametrize("rows", [1, 30])
def test_the_centre_takes_the_same_queries_however_many_rows(
        client, world, login, rows, django_assert_max_num_queries):
    for n in range(rows):
        nudge(world, n)
    login(world.mentee)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("programs:notification_centre")).status_code == 200
