"""The reminder job: who is reminded of what, once per key, at the local sending hour, in
a fixed number of queries, with nothing confidential in any message."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from checkins.services.reminders import reminders_compute, reminders_send
from checkins.tasks import send_reminders
from programs.models import AcademicPlan, JobRun, Mentorship, Notification
from programs.notifications import notifications_send_all_pending
from tests.checkins.factories import MeetingFactory, PrivateNoteFactory
from tests.programs.factories import FacultyFactory, MentorshipFactory


@pytest.fixture
def on(world) -> datetime.date:
    """Five months into the program year: a formal mentorship owes one meeting by now."""
    start, _ = world.department.program_year()
    Mentorship.objects.filter(pk=world.mentorship.pk).update(
        start_date=start - datetime.timedelta(days=400))
    return start + datetime.timedelta(days=150)


def at_local(day: datetime.date, hour: int, settings) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 5,
                             tzinfo=ZoneInfo(settings.TIME_ZONE))


def keys(messages, kind: str) -> list[str]:
    return sorted(m.key for m in messages if m.key.startswith(kind + ":"))


def test_the_mentee_behind_cadence_is_nudged_once_a_month(world, on):
    messages = reminders_compute(world.department, on)
    (key,) = keys(messages, "nudge")
    assert key == (f"nudge:mentorship-{world.mentorship.pk}:{on:%Y-%m}:"
                   f"user-{world.mentee.user_id}")
    nudge = next(m for m in messages if m.key == key)
    assert nudge.to == world.mentee.email and "Mentor Tester" in nudge.subject


def test_a_mentee_on_track_is_not_nudged(world, on):
    MeetingFactory(mentorship=world.mentorship, held_on=on - datetime.timedelta(days=10))
    assert keys(reminders_compute(world.department, on), "nudge") == []


def test_the_facilitator_hears_of_a_silent_mentorship_once_per_silence(world, on, settings):
    settings.REMINDER_SILENCE_DAYS = 90
    last = on - datetime.timedelta(days=100)
    MeetingFactory(mentorship=world.mentorship, held_on=last)
    (key,) = keys(reminders_compute(world.department, on), "escalation")
    assert key == (f"escalation:mentorship-{world.mentorship.pk}:silent-since-{last}:"
                   f"user-{world.facilitator.user_id}")
    # A week later, the same silence: the same key, so nothing new is sent.
    later = keys(reminders_compute(world.department, on + datetime.timedelta(days=7)),
                 "escalation")
    assert later == [key]
    settings.REMINDER_SILENCE_DAYS = 200
    assert keys(reminders_compute(world.department, on), "escalation") == []


def test_the_division_director_is_told_of_a_plan_waiting(world, on):
    AcademicPlan.objects.create(
        faculty=world.mentee, status=AcademicPlan.Status.SUBMITTED, version=2,
        submitted_at=timezone.make_aware(datetime.datetime.combine(
            on - datetime.timedelta(days=10), datetime.time(12))))
    (key,) = keys(reminders_compute(world.department, on), "plan-waiting")
    assert key.endswith(f":v2:user-{world.director.user_id}")


def test_nothing_confidential_is_in_any_message(world, on):
    meeting = MeetingFactory(mentorship=world.mentorship, held_on=on - datetime.timedelta(days=300),
                             shared_summary="Summary only the pair reads")
    PrivateNoteFactory(meeting=meeting, author=world.mentee, body="Private worry")
    for message in reminders_compute(world.department, on, digest=True):
        assert "Summary only the pair reads" not in message.body
        assert "Private worry" not in message.body


def test_leaders_weekly_summary_lists_only_what_needs_them(world, on, settings):
    settings.REMINDER_SILENCE_DAYS = 90
    messages = reminders_compute(world.department, on, digest=True)
    digests = [m for m in messages if m.key.startswith("leader-digest:")]
    assert {m.to for m in digests} >= {world.facilitator.email}
    facilitator = next(m for m in digests if m.to == world.facilitator.email)
    assert "gone quiet" in facilitator.body
    assert world.mentee.email not in {m.to for m in digests}


@pytest.mark.parametrize("extra", [0, 12])
def test_computing_takes_the_same_queries_however_many_faculty(
        world, on, extra, django_assert_max_num_queries):
    for _ in range(extra):
        mentee = FacultyFactory(division=world.division)
        mentorship = MentorshipFactory(mentee=mentee, mentor=world.mentor,
                                       start_date=on - datetime.timedelta(days=400))
        MeetingFactory(mentorship=mentorship, held_on=on - datetime.timedelta(days=200))
    with django_assert_max_num_queries(16):
        reminders_compute(world.department, on, digest=True)


def test_outside_the_local_sending_hour_the_job_does_nothing(world, on, settings):
    settings.REMINDER_HOUR = 9
    monday = on - datetime.timedelta(days=on.weekday())
    assert reminders_send(now=at_local(monday, 3, settings)) == []
    assert not JobRun.objects.exists()
    (run,) = reminders_send(now=at_local(monday, 9, settings))
    assert run.status == JobRun.Status.FINISHED and run.done == run.total > 0


def test_a_rerun_records_and_sends_nothing_twice(world, on, settings):
    settings.REMINDER_HOUR = 9
    tuesday = on - datetime.timedelta(days=on.weekday()) + datetime.timedelta(days=1)
    first, = reminders_send(now=at_local(tuesday, 9, settings))
    notifications_send_all_pending()
    sent = len(mail.outbox)
    assert sent == Notification.objects.count() > 0
    second, = reminders_send(now=at_local(tuesday, 9, settings))
    notifications_send_all_pending()
    assert len(mail.outbox) == sent
    assert second.summary.startswith(f"0 new of {first.total}")


def test_the_task_can_be_forced_outside_the_hour(world, on, settings, monkeypatch):
    settings.REMINDER_HOUR = (timezone.localtime().hour + 12) % 24
    assert send_reminders() == 0
    assert send_reminders(force=True) >= 0
    assert JobRun.objects.count() == 1


def test_every_reminder_kind_is_on_beat_hourly(settings):
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks["checkins.tasks.send_reminders"] == 3600
    assert tasks["programs.tasks.send_notification_digests"] == 3600


def test_the_demo_has_reminders_in_the_mentees_centre_and_today_left_to_the_job(db, client):
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from programs.demo.department import DEMO_PASSWORD, PERSONAS

    call_command("seed_demo", faculty=60, stdout=io.StringIO())
    assert client.login(email=PERSONAS["mentee"].email, password=DEMO_PASSWORD)
    page = client.get(reverse("programs:notification_centre")).content.decode()
    assert page.count("<strong>[Mentorship] Time to meet") == 2
    assert 'data-testid="unread-count">1' in page
    out = io.StringIO()
    call_command("send_reminders", "--now", stdout=out)
    assert "Finished" in out.getvalue()


def test_the_job_runs_page_shows_progress_in_a_fixed_number_of_queries(
        client, world, login, on, django_assert_max_num_queries):
    from django.urls import reverse

    for _ in range(5):
        reminders_send(force=True)
    login(world.admin)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("programs:job_runs")).content.decode()
    assert page.count("<td>Reminders: Department of Medicine</td>") == 5


def test_the_sending_hour_is_the_departments_local_hour_in_summer_and_winter(settings):
    from programs.notifications import is_sending_hour

    settings.TIME_ZONE, settings.REMINDER_HOUR = "America/Toronto", 9
    utc = datetime.UTC
    assert is_sending_hour(datetime.datetime(2026, 1, 14, 14, 5, tzinfo=utc))  # EST
    assert not is_sending_hour(datetime.datetime(2026, 1, 14, 9, 5, tzinfo=utc))
    assert is_sending_hour(datetime.datetime(2026, 7, 15, 13, 5, tzinfo=utc))  # EDT
    assert not is_sending_hour(datetime.datetime(2026, 7, 18, 13, 5, tzinfo=utc))  # Saturday
