"""The division's plan-status list: paginated by the database, with its state filter and
counts over the whole division, and every state as a coloured badge (issue 8, 2 and 7)."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from programs.models import AcademicPlan, FacultyMember, PlanProgress, User
from programs.views.plans import DIVISION_PLANS_PAGE_SIZE
from tests.programs.factories import FacultyFactory

PAGE = DIVISION_PLANS_PAGE_SIZE


def list_url(world) -> str:
    return reverse("programs:division_plans", kwargs={"pk": world.division.pk})


def add_people(world, count: int, status: str | None = None) -> list[FacultyMember]:
    users = User.objects.bulk_create([
        User(email=f"listed{n}-{status}@test.example", first_name="Listed",
             last_name=f"{status or 'none'}{n:04d}") for n in range(count)])
    people = FacultyMember.objects.bulk_create([
        FacultyMember(user=user, department=world.department, division=world.division,
                      site=world.mentee.site, rank="assistant", position=world.mentee.position,
                      appointment_date=datetime.date(2021, 7, 1)) for user in users])
    if status:
        AcademicPlan.objects.bulk_create([AcademicPlan(faculty=p, status=status)
                                          for p in people])
    return people


def shown(response) -> list[int]:
    return [person.pk for person in response.context["page"]]


def test_the_list_comes_a_page_at_a_time_and_the_pages_hold_everyone_once(
        client, world, login):
    add_people(world, PAGE + 30)
    everyone = FacultyMember.objects.current().filter(division=world.division).count()
    login(world.director)
    first = client.get(list_url(world))
    second = client.get(list_url(world), {"page": 2})
    assert len(shown(first)) == PAGE
    assert len(set(shown(first) + shown(second))) == everyone
    html = second.content.decode()
    assert f"Showing {PAGE + 1}–{everyone} of {everyone}." in html
    assert "Page 2 of 2" in html and 'href="?page=1"' in html


def test_a_state_filter_pages_through_that_state_and_keeps_it_in_the_page_links(
        client, world, login):
    add_people(world, PAGE + 5, status="submitted")
    add_people(world, 20, status="draft")
    login(world.director)
    response = client.get(list_url(world), {"state": "submitted"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == PAGE + 5
    assert {p.plan_state for p in response.context["page"]} == {"submitted"}
    assert 'href="?state=submitted&amp;page=2"' in html
    last = client.get(list_url(world), {"state": "submitted", "page": 2})
    assert len(shown(last)) == 5
    # The counts are the division's, whichever page or state is shown.
    counts = {key: n for key, _, n in last.context["counts"]}
    assert counts["submitted"] == PAGE + 5 and counts["draft"] == 20
    assert counts["missing"] == FacultyMember.objects.current().filter(
        division=world.division, academic_plan__isnull=True).count()


def test_an_unknown_state_or_page_shows_the_first_page_of_everyone(client, world, login):
    login(world.director)
    response = client.get(list_url(world), {"state": "nonsense", "page": "abc"})
    assert response.status_code == 200
    assert response.context["state"] == ""
    assert world.mentee.pk in shown(response)


def test_out_of_date_is_read_in_local_time_at_the_start_of_the_program_year(
        client, world, login):
    """Approved late on the eve of the program year (after midnight in UTC): out of date.
    Approved just after local midnight on its first day: current."""
    year_start, _ = world.department.program_year()
    midnight = timezone.make_aware(datetime.datetime.combine(year_start, datetime.time.min))
    eve = AcademicPlan.objects.create(faculty=world.mentee, status="approved",
                                      approved_at=midnight - datetime.timedelta(minutes=30))
    AcademicPlan.objects.create(faculty=world.mentor, status="approved",
                                approved_at=midnight + datetime.timedelta(minutes=30))
    login(world.director)
    stale = client.get(list_url(world), {"state": "out_of_date"})
    assert shown(stale) == [world.mentee.pk]
    PlanProgress.objects.create(plan=eve, program_year_start=year_start, note="On track")
    assert shown(client.get(list_url(world), {"state": "out_of_date"})) == []


def test_every_state_shows_as_a_coloured_badge_that_says_it_in_words(client, world, login):
    year_start, _ = world.department.program_year()
    for status, person in (("draft", world.mentee), ("submitted", world.mentor),
                           ("returned", world.facilitator), ("approved", world.newfaculty)):
        AcademicPlan.objects.create(faculty=person, status=status, approved_at=timezone.now())
    old = FacultyFactory(division=world.division)
    AcademicPlan.objects.create(faculty=old, status="approved", approved_at=timezone.make_aware(
        datetime.datetime.combine(year_start, datetime.time(12))) - datetime.timedelta(days=9))
    login(world.director)
    html = client.get(list_url(world)).content.decode()
    badges = set(re.findall(r'<span class="badge plan-state plan-state-(\w+) (text-bg-\w+)'
                            r'[^"]*">([^<]+)</span>', html))
    assert badges >= {("missing", "text-bg-light", "Missing"),
                      ("draft", "text-bg-secondary", "Draft"),
                      ("submitted", "text-bg-info", "Submitted"),
                      ("returned", "text-bg-warning", "Returned"),
                      ("approved", "text-bg-success", "Approved"),
                      ("out_of_date", "text-bg-danger", "Out of date")}


def test_more_plans_waiting_on_home_opens_the_list_of_waiting_plans(client, world, login):
    from programs.access import viewer_for
    from programs.attention import Role, items_for
    from programs.selectors.attention import PLANS_LISTED

    add_people(world, PLANS_LISTED + 2, status="submitted")
    add_people(world, 3, status="draft")
    items = dict(items_for(viewer_for(world.director.user), datetime.date.today()))
    more = [i for i in items[Role.DIRECTOR] if i.text.startswith("More plans")]
    assert [item.url for item in more] == [f"{list_url(world)}?state=submitted"]
    login(world.director)
    listed = client.get(more[0].url).context["page"]
    assert listed.paginator.count == PLANS_LISTED + 2
    assert {person.plan_state for person in listed} == {"submitted"}
