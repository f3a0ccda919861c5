"""Query budgets for the mentorship page: 5 meetings cost what 100 (five years' worth) do."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkins.models import ActionItem, Meeting, PrivateNote
from programs.models import Topic
from tests.checkins.factories import PlannedMeetingFactory

# 3 for the session, the user and the viewer (the members hold no leadership role, so
# no roles query: programs.access.viewer_for); then the mentorship and its two members'
# accounts (two small queries plan far faster than one six-table join), the agreement
# flags, the cadence rules, the meetings (each with the viewer's own note), their topics
# and action items, and the planned meetings. Cadence and meetings per year come from the
# meetings.
MEMBER_BUDGET = 11
LEADER_BUDGET = 9


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


def form_pages(world) -> list[tuple[str, dict]]:
    planned = PlannedMeetingFactory(mentorship=world.mentorship)
    meeting = Meeting.objects.filter(mentorship=world.mentorship).first()
    return [("checkins:meeting_new", {"pk": world.mentorship.pk}),
            ("checkins:planned_new", {"pk": world.mentorship.pk}),
            ("checkins:planned_edit", {"pk": planned.pk}),
            ("checkins:planned_cancel", {"pk": planned.pk}),
            ("checkins:private_note", {"pk": meeting.pk})]


# 3 for the session, the user and the viewer (a mentee without a role), then what each
# page fetches through access.
FORM_BUDGETS = {"checkins:meeting_new": 5, "checkins:planned_new": 4,
                "checkins:planned_edit": 6, "checkins:planned_cancel": 6,
                "checkins:private_note": 7}


def test_the_meeting_forms_cost_the_same_for_5_and_100_meetings(client, world, login):
    login(world.mentee)
    counts = {}
    for size in (5, 100):
        Meeting.objects.all().delete()
        add_meetings(world, size)
        for name, kwargs in form_pages(world):
            url = reverse(name, kwargs=kwargs)
            client.get(url)
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200, name
            counts.setdefault(name, []).append(len(context))
    for name, (few, many) in counts.items():
        assert few == many, name
        assert many <= FORM_BUDGETS[name], (name, many)


def test_marking_an_item_done_costs_the_same_with_5_or_100_items(client, world, login):
    login(world.mentor)
    counts = []
    for size in (5, 100):
        Meeting.objects.all().delete()
        add_meetings(world, size)
        item = ActionItem.objects.first()
        url = reverse("checkins:action_item_toggle", kwargs={"pk": item.pk})
        with CaptureQueriesContext(connection) as context:
            response = client.post(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
        counts.append(len(context))
    assert counts[0] == counts[1] <= 11
