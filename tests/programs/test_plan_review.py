"""The DDD's review of a plan: a decision that cannot be made by accident, the plan's
content before it, the way back to the division's list, and the emails it sends
(issue 8, sections 2, 3 and 5)."""

import datetime
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import AcademicPlan, Mentorship, Notification, PlanGoal, PlanMilestone
from programs.selectors.plans import timeline_chart
from programs.services.plans import plan_review, plan_submit
from tests.programs.factories import FacultyFactory, MentorshipFactory

YEAR = datetime.date.today().year
COMMENT = "Add a wellness goal, and the year of your continuing-appointment review."
SITE = "https://mentoring.example.edu"
PLAN_PAGE_BUDGET = 11


def url(name: str, world) -> str:
    return reverse(f"programs:{name}", kwargs={"pk": world.mentee.pk})


def submitted_plan(world) -> AcademicPlan:
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    PlanGoal.objects.create(plan=plan, domain="research", description="First grant as PI",
                            target_year=YEAR + 1)
    PlanMilestone.objects.create(plan=plan, kind="promotion", target_year=YEAR + 4)
    return plan_submit(plan=plan, by=world.mentee.user)


def review(client, world, **data):
    return client.post(url("plan_review", world), data)


def radios(html: str) -> dict[str, bool]:
    """Each decision's value, and whether it is ticked."""
    return {value: "checked" in tag for tag, value in (
        (m.group(0), m.group(1)) for m in re.finditer(
            r'<input type="radio"[^>]*name="decision" value="(\w+)"[^>]*>', html))}


# --- The decision -------------------------------------------------------------------


def test_nothing_is_ticked_until_the_ddd_chooses_and_a_refused_choice_stays_ticked(
        client, world, login):
    plan = submitted_plan(world)
    login(world.director)
    html = client.get(url("plan_detail", world)).content.decode()
    assert radios(html) == {"approve": False, "return": False}

    # A return without a comment: the choice kept, the message by the comment.
    html = unescape(review(client, world, decision="return", comment="  ").content.decode())
    assert radios(html) == {"approve": False, "return": True}
    comment = html[html.index('id="div_id_comment"'):]
    assert "Say what should change when returning a plan." in comment[:comment.index("</div>",
                                                                                     400)]
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.SUBMITTED
    assert not Notification.objects.exists()


def test_the_button_alone_approves_nothing_and_says_to_choose(client, world, login):
    plan = submitted_plan(world)
    login(world.director)
    response = review(client, world, comment="Looks good")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    decision = html[html.index('id="div_id_decision"'):html.index('id="div_id_comment"')]
    assert "Choose whether to approve the plan or return it." in decision
    assert "Looks good" in html[html.index('id="div_id_comment"'):]
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.SUBMITTED
    assert not Notification.objects.exists()


def test_the_plan_is_read_before_the_decision(client, world, login):
    submitted_plan(world)
    login(world.director)
    html = client.get(url("plan_detail", world)).content.decode()
    content = [html.index(marker) for marker in (
        'id="plan-goals"', 'id="timeline-heading"', 'id="review-heading"')]
    assert content == sorted(content)
    assert "Read it through first: your decision comes at the end of the page" in html


# --- The way back -------------------------------------------------------------------


def crumbs(html: str) -> list[str]:
    trail = re.search(r'data-testid="breadcrumbs">(.*?)</nav>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', trail)]


@pytest.mark.parametrize("persona", ["director", "vicechair", "admin"])
def test_a_leader_goes_back_to_the_division_list_from_a_plan(client, world, login, persona):
    submitted_plan(world)
    login(world.person(persona))
    html = client.get(url("plan_detail", world)).content.decode()
    division_list = reverse("programs:division_plans", kwargs={"pk": world.division.pk})
    assert crumbs(html) == ["Home", "Plan status: General Internal Medicine",
                            "Academic plan: Mentee Tester"]
    assert f'<a href="{division_list}">Back to the General Internal Medicine plan list</a>' in html


@pytest.mark.parametrize(("persona", "title"), [("mentee", "My academic plan"),
                                                ("mentor", "Academic plan: Mentee Tester")])
def test_the_plan_pages_trail_for_the_people_who_write_it(client, world, login, persona,
                                                          title):
    submitted_plan(world)
    plan_review(plan=AcademicPlan.objects.get(), by=world.director.user, approve=False,
                comment=COMMENT)
    login(world.person(persona))
    division_list = reverse("programs:division_plans", kwargs={"pk": world.division.pk})
    assert crumbs(client.get(url("plan_detail", world)).content.decode()) == ["Home", title]
    edit = client.get(url("plan_edit", world)).content.decode()
    assert crumbs(edit) == ["Home", title, "Edit"]
    assert division_list not in edit
    assert crumbs(client.get(url("plan_versions", world)).content.decode()) == [
        "Home", title, "Compare versions"]


# --- Emails -------------------------------------------------------------------------


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


def emails() -> dict[str, Notification]:
    return {n.recipient: n for n in Notification.objects.all()}


def test_a_returned_plan_is_emailed_to_its_owner_and_formal_mentors_without_the_comment(
        client, world, login, site):
    MentorshipFactory(mentee=world.mentee, mentor=world.outsider,
                      kind=Mentorship.Kind.INFORMAL)
    MentorshipFactory(mentee=world.mentee, mentor=FacultyFactory(),
                      end_date=datetime.date.today() - datetime.timedelta(days=3))
    plan = submitted_plan(world)
    login(world.director)
    review(client, world, decision="return", comment=COMMENT)
    sent = emails()
    assert set(sent) == {"mentee@test.example", "mentor@test.example"}
    link = f"{SITE}{url('plan_detail', world)}"
    mine, mentors = sent["mentee@test.example"], sent["mentor@test.example"]
    assert mine.key == f"plan:{plan.pk}:v1:returned:user-{world.mentee.user_id}"
    assert mine.subject == "[Mentorship] Your academic plan was returned with comments"
    assert "Director Tester returned version 1 of your five-year academic plan" in mine.body
    assert mentors.subject == ("[Mentorship] Mentee Tester's academic plan was returned with "
                               "comments")
    for email in (mine, mentors):
        assert link in email.body
        assert "wellness" not in email.body and "wellness" not in email.subject


def test_an_approval_is_emailed_once_however_often_it_is_posted(client, world, login, site):
    plan = submitted_plan(world)
    login(world.director)
    review(client, world, decision="approve")
    review(client, world, decision="approve")
    sent = emails()
    assert len(Notification.objects.all()) == 2
    assert sent["mentee@test.example"].key == (
        f"plan:{plan.pk}:v1:approved:user-{world.mentee.user_id}")
    assert sent["mentee@test.example"].subject == "[Mentorship] Your academic plan was approved"
    assert "Director Tester approved version 1 of your five-year academic plan" in (
        sent["mentee@test.example"].body)
    assert sent["mentor@test.example"].subject == (
        "[Mentorship] Mentee Tester's academic plan was approved")


def test_each_reviewed_version_is_its_own_email(world):
    plan = submitted_plan(world)
    plan_review(plan=plan, by=world.director.user, approve=False, comment=COMMENT)
    plan_submit(plan=plan, by=world.mentee.user)
    plan_review(plan=plan, by=world.director.user, approve=True)
    keys = sorted(Notification.objects.filter(recipient="mentee@test.example")
                  .values_list("key", flat=True))
    assert keys == [f"plan:{plan.pk}:v1:returned:user-{world.mentee.user_id}",
                    f"plan:{plan.pk}:v2:approved:user-{world.mentee.user_id}"]


# --- The timeline chart -------------------------------------------------------------


def test_the_plan_page_draws_its_timeline_from_data_beside_the_list(client, world, login):
    login(world.mentee)
    AcademicPlan.objects.create(faculty=world.mentee)
    html = client.get(url("plan_detail", world)).content.decode()
    assert "data-chart" not in html and "chart.umd.min.js" not in html  # nothing to draw
    assert "Nothing on the timeline yet." in html

    AcademicPlan.objects.all().delete()
    submitted_plan(world)
    html = client.get(url("plan_detail", world)).content.decode()
    assert '<canvas data-chart="chart-plan-timeline"' in html
    spec = json.loads(unescape(re.search(
        r'<script id="chart-plan-timeline" type="application/json">(.*?)</script>', html,
        re.S).group(1)))
    assert spec["data"]["labels"] == [str(YEAR + n) for n in range(1, 5)]
    assert [(d["label"], d["data"]) for d in spec["data"]["datasets"]] == [
        ("Research", [1, 0, 0, 0]), ("Milestones", [0, 0, 0, 1])]
    assert "js/charts.js" in html and "chartjs/chart.umd.min.js" in html
    assert 'data-testid="timeline-list"' in html  # the same items in words


def test_the_timeline_shows_every_year_between_and_marks_this_one(world):
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    for domain, year in (("research", YEAR), ("research", YEAR), ("wellness", YEAR),
                         ("education", YEAR + 3)):
        PlanGoal.objects.create(plan=plan, domain=domain, description="g", target_year=year)
    PlanMilestone.objects.create(plan=plan, kind="promotion", target_year=YEAR + 3)
    spec = timeline_chart(plan, this_year=YEAR)
    assert spec["data"]["labels"] == [f"{YEAR} (this year)", str(YEAR + 1), str(YEAR + 2),
                                      str(YEAR + 3)]
    assert {d["label"]: d["data"] for d in spec["data"]["datasets"]} == {
        "Research": [2, 0, 0, 0], "Education": [0, 0, 0, 1], "Wellness": [1, 0, 0, 0],
        "Milestones": [0, 0, 0, 1]}
    assert spec["options"]["indexAxis"] == "y"
    assert spec["options"]["scales"]["x"]["suggestedMax"] == 4  # the busiest year holds 3


# --- Query budget -------------------------------------------------------------------


def get_queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["mentee", "director"])
def test_the_plan_page_costs_as_many_queries_for_a_full_plan_as_for_one_goal(
        client, world, login, persona):
    plan = submitted_plan(world)
    login(world.person(persona))
    few = get_queries(client, url("plan_detail", world))
    PlanGoal.objects.bulk_create([
        PlanGoal(plan=plan, domain=PlanGoal.Domain.values[n % 6], description=f"Goal {n}",
                 target_year=YEAR + n % 5) for n in range(59)])
    PlanMilestone.objects.bulk_create([PlanMilestone(plan=plan, kind="other", title=f"M{n}",
                                                     target_year=YEAR + n % 7)
                                       for n in range(19)])
    many = get_queries(client, url("plan_detail", world))
    assert few == many <= PLAN_PAGE_BUDGET, (few, many)
