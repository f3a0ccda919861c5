"""Query budgets for the mentorship page: 5 meetings cost what 100 (five years' worth) do."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkins.models import ActionItem, Meeting, PrivateNote
from programs.models import Topic

MEMBER_BUDGET = 15  # includes the agreement flags
LEADER_BUDGET = 11


def add_meetings(world, count: int) -> None:
    today = datetime.date.today()
    meetings = Meeting.objects.bulk_create([
        Meeting(mentorship=world.mentorship, held_on=today - datetime.timedelta(days=18 * i),
                duration_minutes=60, logged_by=world.mentee, shared_summary=f"summary {i}")
        for i in range(count)
    ])
    topics = list(Topic.objects.all()[:3])
    through = Meeting.topics.through
    through.objects.bulk_create([through(meeting_id=m.pk, topic_id=t.pk)
                                 for m in meetings for t in topics[:2]])
    ActionItem.objects.bulk_create([ActionItem(meeting=m, text="item") for m in meetings])
    PrivateNote.objects.bulk_create([PrivateNote(meeting=m, author=world.mentee, body="n")
                                     for m in meetings])


def queries_for(client, world, login, persona: str, count: int) -> int:
    Meeting.objects.all().delete()
    add_meetings(world, count)
    login(world.person(persona))
    url = reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("persona", "budget"), [("mentee", MEMBER_BUDGET),
                                                 ("mentor", MEMBER_BUDGET),
                                                 ("director", LEADER_BUDGET)])
def test_the_mentorship_page_costs_the_same_for_5_and_100_meetings(
        client, world, login, persona, budget):
    few = queries_for(client, world, login, persona, 5)
    many = queries_for(client, world, login, persona, 100)
    print(f"{persona}: {few} queries with 5 meetings, {many} with 100")
    assert few == many
    assert many <= budget


def test_the_home_page_cadence_is_a_fixed_cost(client, world, login):
    login(world.mentee)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    add_meetings(world, 60)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("home"))
    assert len(before.captured_queries) == len(after.captured_queries)
