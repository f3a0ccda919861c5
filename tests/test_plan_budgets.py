"""Query budget: the division plan-status list costs the same for 10 or 300 faculty."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import AcademicPlan, FacultyMember, PlanProgress, User
from tests.factories import position

STATES = ["draft", "submitted", "returned", "approved"]


def add_faculty(world, count: int, start: int) -> None:
    users = User.objects.bulk_create([
        User(email=f"bulk{start + n}@test.example", first_name="Bulk", last_name=f"{start + n}")
        for n in range(count)])
    people = FacultyMember.objects.bulk_create([
        FacultyMember(user=user, department=world.department, division=world.division,
                      site=world.mentee.site, rank="assistant", position=position(),
                      appointment_date=datetime.date(2020, 7, 1))
        for user in users])
    plans = AcademicPlan.objects.bulk_create([
        AcademicPlan(faculty=person, status=STATES[n % 4],
                     approved_at=timezone.now() - datetime.timedelta(days=400 * (n % 2))
                     if STATES[n % 4] == "approved" else None)
        for n, person in enumerate(people) if n % 5])
    year_start, _ = world.department.program_year()
    PlanProgress.objects.bulk_create([
        PlanProgress(plan=plan, program_year_start=year_start, note="ok")
        for plan in plans[::3]])


def queries_for(client, world) -> int:
    url = reverse("programs:division_plans", kwargs={"pk": world.division.pk})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_plan_status_list_has_a_fixed_query_budget(client, world, login):
    login(world.director)
    add_faculty(world, 10, 0)
    small = queries_for(client, world)
    add_faculty(world, 290, 10)
    large = queries_for(client, world)
    assert small == large, (small, large)
    assert large <= 6, large
    page = client.get(reverse("programs:division_plans", kwargs={"pk": world.division.pk}))
    assert page.content.decode().count("plan-state-") >= 300
