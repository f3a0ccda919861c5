"""A plan's status is a coloured badge that also says it in words, wherever it shows: the
plan page, the division's list (tests/programs/test_division_plans.py) and the faculty
member's home page (issue 8, section 2)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import AcademicPlan


def badge(html: str, near: str) -> tuple[str, str, str]:
    """(state, colour, words) of the first plan badge after `near`."""
    found = re.search(r'<span class="badge plan-state plan-state-(\w+) (text-bg-\w+)[^"]*"'
                      r'[^>]*>([^<]+)</span>', html[html.index(near):])
    assert found, f"no plan badge after {near!r}"
    return found.groups()


def last_year(world) -> datetime.datetime:
    year_start, _ = world.department.program_year()
    return timezone.make_aware(datetime.datetime.combine(
        year_start - datetime.timedelta(days=30), datetime.time(12)))


@pytest.mark.parametrize(("plan", "expected"), [
    (None, ("missing", "text-bg-light", "Not started")),
    ({"status": "draft"}, ("draft", "text-bg-secondary", "Draft")),
    ({"status": "returned"}, ("returned", "text-bg-warning", "Returned")),
    ({"status": "approved", "approved_at": timezone.now}, ("approved", "text-bg-success",
                                                           "Approved")),
    ({"status": "approved", "approved_at": last_year}, ("out_of_date", "text-bg-danger",
                                                        "Out of date")),
], ids=["none", "draft", "returned", "approved", "out-of-date"])
def test_home_shows_the_faculty_members_own_plan_status_beside_its_link(
        client, world, login, plan, expected):
    if plan is not None:
        fields = dict(plan)
        if "approved_at" in fields:
            at = fields["approved_at"]
            fields["approved_at"] = at(world) if at is last_year else at()
        AcademicPlan.objects.create(faculty=world.mentee, **fields)
    login(world.mentee)
    html = client.get(reverse("home")).content.decode()
    assert badge(html, ">My academic plan</a>") == expected


def test_the_plan_page_shows_its_status_as_a_coloured_badge_in_words(client, world, login):
    AcademicPlan.objects.create(faculty=world.mentee, status="returned", review_comment="More")
    login(world.mentee)
    html = client.get(reverse("programs:plan_detail", kwargs={"pk": world.mentee.pk})
                      ).content.decode()
    assert badge(html, "Status:") == ("returned", "text-bg-warning", "Returned with comments")
    assert 'id="plan-status"' in html
