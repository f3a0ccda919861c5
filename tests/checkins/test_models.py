"""Meetings, cadence and the services that write them."""

import datetime
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from checkins.cadence import DEFAULT_RULES, Status, cadence_status, expected_range
from checkins.models import CadenceRule, InvitationSent, Meeting, PlannedMeeting, PrivateNote
from checkins.selectors import meetings as meeting_selectors
from checkins.selectors.cadence import attach_cadence, cadence_for
from checkins.services import MeetingError
from checkins.services import meetings as meeting_services
from checkins.services import planned as planned_services
from checkins.tasks import send_invitations, send_missing_invitations
from tests.checkins.factories import MeetingFactory, PlannedMeetingFactory, PrivateNoteFactory

YEAR = (datetime.date(2025, 7, 1), datetime.date(2026, 7, 1))


def status(held: int, on: datetime.date, minimum=3, maximum=4, started=YEAR[0]) -> Status:
    return cadence_status(held=held, minimum=minimum, maximum=maximum, year=YEAR,
                          started=started, on=on).status


def test_the_default_for_a_formal_early_career_mentorship_is_3_to_4_a_year():
    assert DEFAULT_RULES[("formal", "early")] == (3, 4)
    assert expected_range("formal", "early", {}) == (3, 4)


def test_a_department_rule_beats_the_default_and_a_blank_stage_covers_every_stage():
    assert expected_range("formal", "early", {("formal", "early"): (6, 8)}) == (6, 8)
    assert expected_range("formal", "mid", {("formal", ""): (5, 5)}) == (5, 5)
    assert expected_range("buddy", "late", {}) == DEFAULT_RULES[("buddy", "")]


def test_nobody_is_behind_early_in_the_program_year():
    assert status(0, datetime.date(2025, 8, 15)) == Status.ON_TRACK


def test_cadence_is_prorated_over_the_year_elapsed():
    mid_year = datetime.date(2026, 1, 5)  # about half the year: 1 meeting expected at least
    assert status(0, mid_year) == Status.BEHIND
    assert status(1, mid_year) == Status.ON_TRACK
    assert status(2, mid_year) == Status.ON_TRACK
    assert status(4, mid_year) == Status.AHEAD
    assert status(3, datetime.date(2026, 6, 30)) == Status.ON_TRACK
    assert status(2, datetime.date(2026, 6, 30)) == Status.BEHIND


def test_a_mentorship_that_started_late_in_the_year_owes_only_the_rest():
    assert status(0, datetime.date(2026, 6, 30), started=datetime.date(2026, 5, 1)) == (
        Status.ON_TRACK)


def test_attach_cadence_counts_only_this_program_years_meetings(world):
    today = datetime.date.today()
    start, _ = world.department.program_year(today)
    MeetingFactory(mentorship=world.mentorship, held_on=start)
    MeetingFactory(mentorship=world.mentorship, held_on=start - datetime.timedelta(days=1))
    attach_cadence([world.mentorship])
    assert world.mentorship.cadence.held == 1
    assert world.mentorship.cadence.min_per_year == 3  # the mentee is early career


def test_a_department_whose_year_starts_on_1_september_counts_from_then(world):
    world.department.program_year_start_month = 9
    world.department.program_year_start_day = 1
    world.department.save()
    assert world.department.program_year(datetime.date(2026, 8, 31)) == (
        datetime.date(2025, 9, 1), datetime.date(2026, 9, 1))
    assert world.department.program_year(datetime.date(2026, 9, 1)) == (
        datetime.date(2026, 9, 1), datetime.date(2027, 9, 1))
    world.mentorship.start_date = datetime.date(2024, 1, 1)
    world.mentorship.save()
    for day in (datetime.date(2026, 7, 15), datetime.date(2026, 8, 31),
                datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)):
        MeetingFactory(mentorship=world.mentorship, held_on=day)
    on = datetime.date(2026, 10, 15)
    attach_cadence([world.mentorship], on=on)
    cadence = world.mentorship.cadence
    # 1 July would count all four; 1 September counts only the last two.
    assert (cadence.year_start, cadence.year_end) == (
        datetime.date(2026, 9, 1), datetime.date(2027, 9, 1))
    assert cadence.held == 2
    world.mentorship.mentee.department = world.department
    years = meeting_selectors.meetings_per_year(
        world.mentorship, [datetime.date(2026, 8, 31), datetime.date(2026, 9, 1)], {},
        cadence, on=on)
    assert [(year.label, year.held) for year in years] == [
        ("2023–24", 0), ("2024–25", 0), ("2025–26", 1), ("2026–27", 1)]


def test_an_ended_mentorship_gets_no_cadence(world):
    world.mentorship.end_date = datetime.date.today()
    attach_cadence([world.mentorship])
    assert world.mentorship.cadence is None
    assert cadence_for(world.mentorship) is None


def test_a_cadence_rule_in_the_database_is_used(world):
    CadenceRule.objects.create(department=world.department, kind="formal",
                               career_stage="early", min_per_year=10, max_per_year=12)
    attach_cadence([world.mentorship])
    assert world.mentorship.cadence.expected_range == "10–12"


@pytest.mark.django_db
def test_the_database_refuses_a_zero_duration():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(duration_minutes=0)


@pytest.mark.django_db
def test_one_private_note_per_author_per_meeting():
    note = PrivateNoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivateNote.objects.create(meeting=note.meeting, author=note.author, body="again")


@pytest.mark.django_db
def test_a_private_note_never_shows_its_body_as_text():
    note = PrivateNoteFactory(body="secret words")
    assert "secret" not in str(note)


def log(world, **overrides) -> Meeting:
    values = {"mentorship": world.mentorship, "by": world.mentee,
              "submission_token": uuid.uuid4(), "held_on": datetime.date.today(),
              "duration_minutes": 60, "mode": "in_person"}
    values.update(overrides)
    return meeting_services.meeting_log(**values)


def test_logging_the_same_submission_twice_creates_one_meeting(world):
    token = uuid.uuid4()
    first = log(world, submission_token=token, action_items=["a"], private_note="mine")
    second = log(world, submission_token=token, action_items=["a"], private_note="mine")
    assert first.pk == second.pk
    assert Meeting.objects.count() == 1
    assert first.action_items.count() == 1


def test_a_future_meeting_or_a_negative_duration_is_refused(world):
    with pytest.raises(MeetingError):
        log(world, held_on=datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(MeetingError):
        log(world, duration_minutes=-5)
    assert not Meeting.objects.exists()


def test_a_meeting_before_the_mentorship_started_or_after_it_ended_is_refused(world):
    started = world.mentorship.start_date
    with pytest.raises(MeetingError) as before:
        log(world, held_on=started - datetime.timedelta(days=1))
    assert before.value.code == "outside_mentorship"
    world.mentorship.end_date = datetime.date.today() - datetime.timedelta(days=10)
    world.mentorship.save()
    with pytest.raises(MeetingError) as after:
        log(world, held_on=world.mentorship.end_date + datetime.timedelta(days=1))
    assert after.value.code == "outside_mentorship"
    assert not Meeting.objects.exists()
    # The first and the last day both still belong to the mentorship.
    log(world, held_on=started)
    log(world, held_on=world.mentorship.end_date)
    assert Meeting.objects.count() == 2


def test_only_a_member_can_log(world):
    with pytest.raises(MeetingError):
        log(world, by=world.director)


def test_the_logger_cannot_confirm_their_own_meeting_but_the_other_member_can(world):
    meeting = log(world)
    with pytest.raises(MeetingError):
        meeting_services.meeting_confirm(meeting=meeting, by=world.mentee)
    confirmed = meeting_services.meeting_confirm(meeting=meeting, by=world.mentor)
    assert confirmed.confirmed_by == world.mentor and confirmed.is_confirmed


def test_planning_queues_the_invitations_after_commit(world, django_capture_on_commit_callbacks):
    with mock.patch("checkins.tasks.send_invitations.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        planned = planned_services.planned_meeting_create(
            mentorship=world.mentorship, by=world.mentor, submission_token=uuid.uuid4(),
            starts_at=timezone.now() + datetime.timedelta(days=3), duration_minutes=30,
            mode="video", agenda="Plan")
    delay.assert_called_once_with(planned.pk)


def test_planning_the_same_submission_twice_creates_one_planned_meeting_and_one_invitation_each(
        world, django_capture_on_commit_callbacks):
    token = uuid.uuid4()
    values = {"mentorship": world.mentorship, "by": world.mentor, "submission_token": token,
              "starts_at": timezone.now() + datetime.timedelta(days=3),
              "duration_minutes": 30, "mode": "video", "agenda": "Plan"}
    with mock.patch("checkins.tasks.send_invitations.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        first = planned_services.planned_meeting_create(**values)
        second = planned_services.planned_meeting_create(**values)
    assert first.pk == second.pk
    assert PlannedMeeting.objects.count() == 1
    delay.assert_called_once_with(first.pk)


def test_a_broker_that_is_down_does_not_fail_planning(world, django_capture_on_commit_callbacks):
    with mock.patch("checkins.tasks.send_invitations.delay", side_effect=OSError("down")), \
            django_capture_on_commit_callbacks(execute=True):
        planned = planned_services.planned_meeting_create(
            mentorship=world.mentorship, by=world.mentor, submission_token=uuid.uuid4(),
            starts_at=timezone.now() + datetime.timedelta(days=3), duration_minutes=30,
            mode="video")
    assert planned.pk
    # The catch-up job sends what was never queued, once.
    assert send_missing_invitations() == 2
    assert send_missing_invitations() == 0
    assert len(mail.outbox) == 2


def test_invitations_go_to_both_members_once_however_often_the_task_runs(world):
    planned = PlannedMeetingFactory(mentorship=world.mentorship)
    assert send_invitations(planned.pk) == 2
    assert send_invitations(planned.pk) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@test.example", "mentor@test.example"]
    assert InvitationSent.objects.count() == 2
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    assert planned.uid in (content.decode() if isinstance(content, bytes) else content)


def test_a_failed_send_is_not_recorded_so_a_retry_sends_it(world):
    planned = PlannedMeetingFactory(mentorship=world.mentorship)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp")), \
            pytest.raises(OSError):
        planned_services.invitations_send(planned=planned)
    assert not InvitationSent.objects.exists()
    assert send_invitations(planned.pk) == 2
