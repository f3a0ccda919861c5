"""Ending a mentorship cannot happen by accident (issue 8, section 2): the page says what
ending does, no reason is chosen for you, and only a ticked confirmation ends it."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Notification


def end_url(world) -> str:
    return reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk})


@pytest.mark.parametrize("persona", ["mentee", "mentor", "facilitator"])
def test_pressing_end_without_the_confirmation_ends_nothing_and_keeps_the_choices(
        client, world, login, persona):
    login(world.person(persona))
    response = client.post(end_url(world), {"reason": "completed",
                                            "note": "Goals met, with thanks"})
    assert response.status_code == 200
    world.mentorship.refresh_from_db()
    assert world.mentorship.end_date is None
    assert not Notification.objects.exists()
    html = unescape(response.content.decode())
    assert 'value="completed" selected' in html
    assert "Goals met, with thanks" in html
    summary = html[html.index("data-error-summary"):]
    assert '<a href="#id_confirm">' in summary[:summary.index("</section>")]
    assert "Nothing has changed yet." in summary


def test_no_reason_is_chosen_for_you(client, world, login):
    login(world.mentee)
    html = client.get(end_url(world)).content.decode()
    select = re.search(r'<select name="reason".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="" selected>Choose a reason</option>', select)
    response = client.post(end_url(world), {"reason": "", "confirm": "on"})
    world.mentorship.refresh_from_db()
    assert world.mentorship.end_date is None
    assert "Choose why the mentorship ends." in unescape(response.content.decode())


def test_ticking_the_confirmation_ends_it(client, world, login):
    login(world.mentee)
    response = client.post(end_url(world), {"reason": "completed", "confirm": "on"})
    assert response.status_code == 302
    world.mentorship.refresh_from_db()
    assert world.mentorship.end_date is not None


@pytest.mark.parametrize(("persona", "says"), [
    ("mentee", "Mentor Tester is told only that the mentorship has ended, never why."),
    ("mentor", "Mentee Tester sees the reason you choose; on your side the mentorship shows "
               "only as ended."),
    ("facilitator", "Mentee Tester sees the reason you choose; Mentor Tester is told only "
                    "that the mentorship has ended, never why."),
])
def test_the_page_says_what_ending_does_before_anything_happens(
        client, world, login, persona, says):
    login(world.person(persona))
    html = unescape(client.get(end_url(world)).content.decode())
    what = html[html.index('data-testid="what-happens"'):]
    what = re.sub(r"\s+", " ", what[:what.index("</ul>")])
    assert "moves to history" in what and "never deleted" in what
    assert "asked for a short, confidential exit feedback" in what
    assert says in what
    # The way back is offered next to the button.
    page = reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})
    assert f'href="{page}">Keep the mentorship</a>' in html


def test_the_ending_pages_lead_back_through_the_mentorship(client, world, login):
    login(world.mentee)
    page = reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})
    pair = f"{world.mentor.full_name} and {world.mentee.full_name}"
    html = unescape(client.get(end_url(world)).content.decode())
    crumbs = html[html.index('data-testid="breadcrumbs"'):html.index("</nav>",
                                                                     html.index("breadcrumb"))]
    assert f'<a href="{page}">{pair}</a>' in crumbs
    assert 'aria-current="page">End this mentorship</li>' in crumbs


def queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_ending_pages_keep_their_query_budgets(client, world, login):
    login(world.mentee)
    assert queries(client, end_url(world)) <= 5
