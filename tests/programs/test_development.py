"""Faculty development: registering, recording attendance, and what completion feeds (the
orientation obligation, "mentor trained"), reminders and the calendar file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from programs.access import viewer_for
from programs.attention import items_for
from programs.models import DevelopmentEvent, EventRegistration, Notification
from programs.selectors.development import (
    is_trained,
    obligation_for,
    orientation_attended,
    orientation_completion_dates,
    orientation_obligation,
    trained_mentor_ids,
)
from programs.services.development import (
    DevelopmentError,
    attendance_record,
    event_register,
    event_registration_cancel,
    event_reminders_send,
)
from tests.programs.factories import DevelopmentEventFactory, EventRegistrationFactory

Kind = DevelopmentEvent.Kind
DAY = datetime.timedelta(days=1)


def started(world, kind=Kind.ORIENTATION, days_ago: int = 1, **kwargs) -> DevelopmentEvent:
    return DevelopmentEventFactory(department=world.department, kind=kind,
                                   starts_at=timezone.now() - days_ago * DAY, **kwargs)


def upcoming(world, kind=Kind.ORIENTATION, **kwargs) -> DevelopmentEvent:
    return DevelopmentEventFactory(department=world.department, kind=kind, **kwargs)


# --- The orientation obligation, as a rule -------------------------------------------------

APPOINTED = datetime.date(2025, 9, 1)


@pytest.mark.parametrize(("on", "met_on", "status"), [
    (APPOINTED, None, "due"),
    (APPOINTED + 365 * DAY, None, "due"),  # the last day of the first year
    (APPOINTED + 366 * DAY, None, "overdue"),
    (APPOINTED + 729 * DAY, None, "overdue"),
    (APPOINTED + 730 * DAY, None, "not_required"),  # long-serving faculty are not chased
    (APPOINTED + 30 * DAY, APPOINTED + 20 * DAY, "met"),
    (APPOINTED + 900 * DAY, APPOINTED - 10 * DAY, "met"),  # attended before starting counts
])
def test_the_orientation_is_due_in_the_first_year_and_met_by_attending(on, met_on, status):
    obligation = obligation_for(APPOINTED, met_on, on)
    assert obligation.status == status
    assert obligation.due_by == APPOINTED + 365 * DAY
    assert obligation.is_open == (status in ("due", "overdue"))


# --- Registering ------------------------------------------------------------------------


def test_registering_twice_registers_once_and_emails_once(world):
    event = upcoming(world)
    first, created = event_register(event=event, person=world.newfaculty)
    again, created_again = event_register(event=event, person=world.newfaculty)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert EventRegistration.objects.count() == 1
    emails = Notification.objects.filter(recipient=world.newfaculty.email)
    assert emails.count() == 1
    assert reverse("programs:event_ics", args=[event.pk]) in emails.get().body


def test_the_last_place_goes_to_one_person(world):
    event = upcoming(world, capacity=1)
    event_register(event=event, person=world.newfaculty)
    with pytest.raises(DevelopmentError) as error:
        event_register(event=event, person=world.mentee)
    assert error.value.code == "full"


def test_nobody_registers_for_a_session_that_has_started_or_another_departments(world):
    with pytest.raises(DevelopmentError) as error:
        event_register(event=started(world), person=world.newfaculty)
    assert error.value.code == "started"
    elsewhere = DevelopmentEventFactory()  # another department
    with pytest.raises(DevelopmentError) as error:
        event_register(event=elsewhere, person=world.newfaculty)
    assert error.value.code == "department"


def test_a_place_can_be_given_up_before_the_session_but_not_after(world):
    event = upcoming(world)
    event_register(event=event, person=world.newfaculty)
    assert event_registration_cancel(event=event, person=world.newfaculty)
    assert not EventRegistration.objects.exists()
    past = started(world)
    EventRegistrationFactory(event=past, person=world.newfaculty)
    with pytest.raises(DevelopmentError):
        event_registration_cancel(event=past, person=world.newfaculty)


def test_the_register_button_registers_and_the_page_says_so(client, world, login):
    event = upcoming(world)
    login(world.newfaculty)
    response = client.post(reverse("programs:event_register", args=[event.pk]), follow=True)
    assert "You are registered" in response.content.decode()
    assert EventRegistration.objects.filter(event=event, person=world.newfaculty).exists()


# --- Attendance, and what it feeds --------------------------------------------------------


def test_attendance_meets_the_orientation_obligation(world):
    event = started(world, days_ago=3)
    registration = EventRegistrationFactory(event=event, person=world.newfaculty)
    assert orientation_obligation(world.newfaculty).status == "due"
    attendance_record(event=event, by=world.admin.user, attended_ids={registration.pk},
                      registration_ids={registration.pk})
    assert orientation_attended(world.newfaculty) == timezone.localdate(event.starts_at)
    assert orientation_obligation(world.newfaculty).status == "met"
    assert orientation_completion_dates([world.newfaculty.pk, world.mentee.pk]) == {
        world.newfaculty.pk: timezone.localdate(event.starts_at)}


def test_a_mentor_workshop_attended_makes_a_trained_mentor_and_a_registration_alone_does_not(
        world):
    workshop = started(world, kind=Kind.MENTOR_WORKSHOP)
    came = EventRegistrationFactory(event=workshop, person=world.mentor)
    EventRegistrationFactory(event=workshop, person=world.outsider)
    # A community of practice is not training.
    community = started(world, kind=Kind.COMMUNITY_OF_PRACTICE)
    other = EventRegistrationFactory(event=community, person=world.facilitator)
    attendance_record(event=workshop, by=world.admin.user, attended_ids={came.pk},
                      registration_ids={came.pk})
    attendance_record(event=community, by=world.admin.user, attended_ids={other.pk},
                      registration_ids={other.pk})
    assert trained_mentor_ids() == {world.mentor.pk}
    assert trained_mentor_ids([world.outsider.pk, world.facilitator.pk]) == set()
    assert is_trained(world.mentor) and not is_trained(world.outsider)


def test_someone_who_registered_after_the_form_was_opened_is_not_marked_absent(world):
    event = started(world)
    seen = EventRegistrationFactory(event=event, person=world.newfaculty)
    late = EventRegistrationFactory(event=event, person=world.mentee)
    attendance_record(event=event, by=world.admin.user, attended_ids=set(),
                      registration_ids={seen.pk})
    seen.refresh_from_db()
    late.refresh_from_db()
    assert (seen.attended, late.attended) == (False, None)


def test_the_organiser_records_attendance_on_the_page(client, world, login):
    event = started(world, organiser=world.facilitator)
    registration = EventRegistrationFactory(event=event, person=world.newfaculty)
    login(world.facilitator)
    url = reverse("programs:event_attendance", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"attended": [registration.pk], "shown": [registration.pk]})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True
    assert registration.attendance_recorded_by == world.facilitator.user


def test_attendance_waits_for_the_session_to_start(client, world, login):
    event = upcoming(world, organiser=world.facilitator)
    login(world.facilitator)
    response = client.get(reverse("programs:event_attendance", args=[event.pk]))
    assert response.status_code == 403
    assert "once the event has started" in response.content.decode()


def test_a_registrant_cannot_record_attendance_and_is_not_told_the_page_exists(
        client, world, login):
    event = started(world, organiser=world.facilitator)
    registration = EventRegistrationFactory(event=event, person=world.newfaculty)
    login(world.newfaculty)
    url = reverse("programs:event_attendance", args=[event.pk])
    response = client.post(url, {"attended": [registration.pk], "shown": [registration.pk]})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.attended is None


# --- Home page, reminders, calendar ---------------------------------------------------------


def attention_texts(person) -> list[str]:
    return [item.text for _, items in items_for(viewer_for(person.user), timezone.localdate())
            for item in items]


ASK = "Register for the New Faculty orientation (required in your first year)"


def test_new_faculty_are_asked_to_register_until_they_hold_a_place_and_then_attend(world):
    event = upcoming(world)
    assert ASK in attention_texts(world.newfaculty)
    assert ASK not in attention_texts(world.mentor)  # appointed twenty years ago
    registration, _ = event_register(event=event, person=world.newfaculty)
    texts = attention_texts(world.newfaculty)
    assert ASK not in texts
    assert any(text.startswith(f"You are registered for {event.title}") for text in texts)
    # The session took place, they attended: nothing more is asked.
    DevelopmentEvent.objects.filter(pk=event.pk).update(starts_at=timezone.now() - DAY)
    EventRegistration.objects.filter(pk=registration.pk).update(attended=True)
    assert not [text for text in attention_texts(world.newfaculty) if "orientation" in text]


def test_an_organiser_is_asked_to_record_attendance(world):
    event = started(world, organiser=world.facilitator, title="Mentors' circle")
    EventRegistrationFactory(event=event, person=world.mentor)
    assert "Record who attended Mentors' circle" in attention_texts(world.facilitator)


def test_people_registered_are_reminded_once_two_days_before(world):
    soon = upcoming(world, starts_at=timezone.now() + datetime.timedelta(hours=30))
    later = upcoming(world, starts_at=timezone.now() + datetime.timedelta(days=10))
    EventRegistrationFactory(event=soon, person=world.newfaculty)
    EventRegistrationFactory(event=later, person=world.mentee)
    assert event_reminders_send() == 1
    assert event_reminders_send() == 1  # the second tick finds the key recorded
    reminders = Notification.objects.filter(key__contains=":reminder:")
    assert list(reminders.values_list("recipient", flat=True)) == [world.newfaculty.email]
    # Moved: a new version, so a new reminder.
    DevelopmentEvent.objects.filter(pk=soon.pk).update(sequence=1)
    event_reminders_send()
    assert reminders.count() == 2


def test_the_calendar_file_names_the_session_with_a_stable_uid(client, world, login):
    event = upcoming(world, title="Orientation 2026", location="Room 4-120")
    login(world.newfaculty)
    response = client.get(reverse("programs:event_ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    entry = calendar.walk("VEVENT")[0]
    assert str(entry["uid"]) == event.uid
    assert "Orientation 2026" in str(entry["summary"])
    assert entry.decoded("dtstart") == event.starts_at
    assert str(entry["location"]) == "Room 4-120"


def test_a_program_admin_schedules_an_event_once_however_often_the_form_is_sent(
        client, world, login):
    login(world.admin)
    page = client.get(reverse("programs:event_new"))
    token = page.context["form"]["submission_token"].value()
    starts = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT10:00")
    data = {"kind": Kind.MENTOR_WORKSHOP, "title": "Sponsorship", "starts_at": starts,
            "duration_minutes": "180", "location": "Room 1", "capacity": "",
            "organiser_email": world.facilitator.email, "description": "",
            "submission_token": token}
    assert client.post(reverse("programs:event_new"), data).status_code == 302
    assert client.post(reverse("programs:event_new"), data).status_code == 302
    event = DevelopmentEvent.objects.get()
    assert (event.organiser, event.department) == (world.facilitator, world.department)


def test_an_unknown_organiser_is_refused_and_the_form_keeps_what_was_typed(client, world, login):
    login(world.admin)
    starts = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT10:00")
    response = client.post(reverse("programs:event_new"), {
        "kind": Kind.ORIENTATION, "title": "Welcome day", "starts_at": starts,
        "duration_minutes": "120", "organiser_email": "nobody@test.example",
        "submission_token": "5a3c1f0e-8a43-4a55-9a36-7f2a4b8a1c11"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nobody in the department has this email address" in html
    assert 'value="Welcome day"' in html
    assert not DevelopmentEvent.objects.exists()


def test_the_events_pages_cost_the_same_for_two_sessions_as_for_forty(client, world, login):
    from tests.programs.test_query_budgets import assert_same, bulk_faculty, count_queries

    def add(count: int) -> DevelopmentEvent:
        people = bulk_faculty(world.division, 5)
        last = None
        for n in range(count):
            last = DevelopmentEventFactory(
                department=world.department, organiser=world.facilitator,
                kind=list(Kind)[n % 3], starts_at=timezone.now() + (n - count // 2) * DAY)
            EventRegistration.objects.bulk_create(
                [EventRegistration(event=last, person=p, attended=n % 2 == 0) for p in people])
            EventRegistration.objects.create(event=last, person=world.mentor,
                                             attended=n < count // 2)
        return last

    login(world.facilitator)
    event = add(2)
    pages = [reverse("programs:events"), reverse("programs:event_detail", args=[event.pk])]
    small = [count_queries(client, url) for url in pages]
    login(world.mentor)
    small.append(count_queries(client, reverse("home")))
    event = add(40)
    login(world.facilitator)
    pages[1] = reverse("programs:event_detail", args=[event.pk])
    large = [count_queries(client, url) for url in pages]
    login(world.mentor)
    large.append(count_queries(client, reverse("home")))
    for what, before, after in zip(["events", "event", "home"], small, large, strict=True):
        assert_same(before, after, what)
