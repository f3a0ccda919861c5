"""Needs your attention: the registry, programs' items for each role, and the home page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs import attention
from programs.access import viewer_for
from programs.attention import Item, Role
from programs.models import AcademicPlan, ChangeRequest, MentorshipAgreement
from tests.programs.factories import FacultyFactory

TODAY = datetime.date.today()


def items(person) -> dict[str, list[Item]]:
    person.user.__dict__.pop("_viewer", None)
    return dict(attention.items_for(viewer_for(person.user), TODAY))


def texts(person) -> list[str]:
    return [item.text for group in items(person).values() for item in group]


def agreement(world, **acknowledged) -> MentorshipAgreement:
    return MentorshipAgreement.objects.create(
        mentorship=world.mentorship, goals="Only we read this", meeting_plan="m",
        confidentiality="c", roles="r", raising_concerns="p", no_fault_ending="n",
        review_date=TODAY + datetime.timedelta(days=300), **acknowledged)


def submitted_plan(person, days_ago: int) -> AcademicPlan:
    return AcademicPlan.objects.create(
        faculty=person, status=AcademicPlan.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_the_registry_knows_every_apps_providers():
    names = {provider.__module__ for provider in attention.providers()}
    assert {"programs.selectors.attention", "checkins.attention"} <= names


def test_groups_come_in_role_order_with_urgent_and_oldest_first(world, monkeypatch):
    def fake(viewer, on):
        return [
            Item(role=Role.DIRECTOR, text="new", url="/", since=on, on=on),
            Item(role=Role.DIRECTOR, text="old", url="/", since=on - datetime.timedelta(9), on=on),
            Item(role=Role.DIRECTOR, text="urgent", url="/", urgent=True, on=on),
            Item(role=Role.MENTEE, text="mine", url="/", on=on),
        ]
    monkeypatch.setattr(attention, "_providers", [fake])
    groups = attention.items_for(viewer_for(world.director.user), TODAY)
    assert [role for role, _ in groups] == [Role.MENTEE, Role.DIRECTOR]
    assert [item.text for item in groups[1][1]] == ["urgent", "old", "new"]
    assert groups[1][1][1].age_days == 9


def test_the_age_reads_in_days_then_months_then_years():
    on = TODAY
    ages = [Item(role=Role.MENTEE, text="x", url="/", since=on - datetime.timedelta(days),
                 on=on).age_text for days in (0, 1, 59, 90, 800)]
    assert ages == ["since today", "1 day", "59 days", "3 months", "2 years"]


def test_both_members_are_asked_to_acknowledge_until_they_do(world):
    agreement(world)
    assert "Read and acknowledge your agreement with Mentor Tester" in texts(world.mentee)
    assert "Read and acknowledge your agreement with Mentee Tester" in texts(world.mentor)
    MentorshipAgreement.objects.update(mentee_acknowledged_at=timezone.now())
    assert not any("acknowledge" in text for text in texts(world.mentee))
    assert any("acknowledge" in text for text in texts(world.mentor))


def test_leaders_are_never_asked_about_someone_elses_agreement(world):
    agreement(world)
    for leader in (world.director, world.facilitator, world.vicechair, world.admin):
        assert not any("agreement" in text for text in texts(leader))


def test_a_returned_plan_waits_for_its_owner_with_its_age(world):
    AcademicPlan.objects.create(faculty=world.mentee, status=AcademicPlan.Status.RETURNED,
                                reviewed_at=timezone.now() - datetime.timedelta(days=4),
                                review_comment="Add a teaching goal")
    (item,) = items(world.mentee)[Role.MENTEE]
    assert item.text.startswith("Your academic plan was returned")
    assert item.age_days == 4 and item.urgent
    assert item.url == reverse("programs:plan_detail", args=[world.mentee.pk])


def test_the_director_sees_plans_waiting_oldest_first_with_days_waiting(world):
    newer = FacultyFactory(division=world.division)
    submitted_plan(newer, days_ago=2)
    submitted_plan(world.mentee, days_ago=40)
    waiting = items(world.director)[Role.DIRECTOR]
    plans = [item for item in waiting if "academic plan" in item.text]
    assert [item.text for item in plans] == [
        "Review Mentee Tester's academic plan", f"Review {newer.full_name}'s academic plan"]
    assert [item.age_days for item in plans] == [40, 2]
    assert plans[0].urgent and not plans[1].urgent  # a month is too long to wait
    # A director of another division is not asked.
    assert not any("academic plan" in text for text in texts(world.otherdirector))


def test_the_mentees_open_request_shows_its_status_to_the_mentee_only(world):
    ChangeRequest.objects.create(mentee=world.mentee, division=world.division,
                                 kind="additional", reason="Confidential reason")
    (item,) = [i for i in items(world.mentee)[Role.MENTEE] if "request" in i.text]
    assert "an additional mentor" in item.text and "is open" in item.text
    everyone = [text for person in (world.mentor, world.director, world.facilitator,
                                    world.admin, world.vicechair, world.outsider)
                for text in texts(person)]
    assert not any("Confidential reason" in text for text in everyone)
    assert not any("open" in text.lower() and "request" in text.lower()
                   for text in texts(world.mentor))


def test_the_facilitator_is_told_of_open_requests_and_newcomers_without_a_mentor(world):
    ChangeRequest.objects.create(mentee=world.mentee, division=world.division,
                                 kind="different", mentorship=world.mentorship, reason="x")
    found = items(world.facilitator)[Role.FACILITATOR]
    by_text = {item.text: item for item in found}
    requests = by_text["Open requests for a different or additional mentor"]
    assert requests.count == 1
    newcomers = by_text["Early-career faculty in General Internal Medicine without a formal "
                        "mentor: match them"]
    assert newcomers.count == 1  # newfaculty; the mentee has a formal mentor
    assert newcomers.url.endswith("?stage=early&mentor=none")


def with_survey_done(person):
    """Matching asks whoever has not filled in the interest survey; this person has."""
    from matching.models import MenteeNeeds

    MenteeNeeds.objects.create(faculty=person)
    return person


def test_a_faculty_member_with_nothing_waiting_gets_no_items(world):
    assert items(with_survey_done(world.outsider)) == {}


def count_home_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("home")).status_code == 200
    return len(context)


def test_the_home_page_costs_the_same_for_one_waiting_plan_as_for_twenty(client, world, login):
    submitted_plan(world.mentee, days_ago=3)
    login(world.director)
    count_home_queries(client)
    one = count_home_queries(client)
    for n in range(19):
        submitted_plan(FacultyFactory(division=world.division), days_ago=n)
    assert count_home_queries(client) == one
    more = [i for i in items(world.director)[Role.DIRECTOR] if i.text.startswith("More plans")]
    assert [item.count for item in more] == [20]


def test_the_home_page_lists_the_items_under_needs_your_attention(client, world, login):
    submitted_plan(world.mentee, days_ago=3)
    login(world.director)
    html = client.get(reverse("home")).content.decode()
    assert "Needs your attention" in html
    assert "Review Mentee Tester&#x27;s academic plan" in html
    assert "waiting 3 days" in html


def test_an_empty_list_says_so(client, world, login):
    login(with_survey_done(world.outsider))
    assert "Nothing is waiting for you." in client.get(reverse("home")).content.decode()


def test_only_early_career_faculty_are_told_they_have_no_formal_mentor(client, world, login):
    login(world.newfaculty)
    html = client.get(reverse("home")).content.decode()
    assert "You have no formal mentor yet." in html
    login(world.director)  # 20 years in, no formal mentor: one quiet line
    html = client.get(reverse("home")).content.decode()
    assert "You have no formal mentor yet." not in html
    assert "You have no formal mentor. Any faculty member may ask for one." in html


def test_the_department_table_has_percentages_and_totals(client, world, login):
    login(world.vicechair)
    html = client.get(reverse("home")).content.decode()
    # Early career in the department: mentee (mentored), newfaculty and outsider (not).
    assert "<strong>1 of 3</strong> early-career faculty have a formal mentor" in html
    assert "(<strong>33%</strong>)" in html
    assert "All divisions" in html


def test_the_roster_flags_a_missing_formal_mentor_for_early_career_only(client, world, login):
    login(world.director)
    html = client.get(reverse("programs:division_roster", args=[world.division.pk])).content
    rows = {row.split("</th>")[0]: row for row in html.decode().split("<tr>")[1:]}
    newcomer = next(row for key, row in rows.items() if "Newfaculty Tester" in key)
    facilitator = next(row for key, row in rows.items() if "Facilitator Tester" in key)
    assert '<span class="flag-none">None</span>' in newcomer
    assert "None" in facilitator and "flag-none" not in facilitator
