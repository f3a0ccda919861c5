"""The mentorship page ties meetings to the agreement and to ending; profiles keep history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import MentorshipAgreement
from programs.services.mentorships import mentorship_end
from tests.checkins.factories import ActionItemFactory, MeetingFactory
from tests.programs.factories import MentorshipFactory

SECRET = "What we said stays with us (secret-41c2)"
GOALS = "Goals only the two of us read"


def page(world):
    return reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})


def agree(world, acknowledged: bool) -> MentorshipAgreement:
    now = timezone.now() if acknowledged else None
    return MentorshipAgreement.objects.create(
        mentorship=world.mentorship, goals=GOALS, meeting_plan="Quarterly",
        confidentiality="Between us", roles="Mentee drives",
        raising_concerns="Tell the facilitator",
        no_fault_ending="Either may end", review_date=datetime.date.today(),
        mentee_acknowledged_at=now, mentor_acknowledged_at=now)


def test_it_tells_a_leader_that_an_agreement_exists_but_not_what_it_says(client, world, login):
    agree(world, acknowledged=True)
    login(world.director)
    html = client.get(page(world)).content.decode()
    assert "in place, acknowledged by both" in html
    assert GOALS not in html
    assert reverse("programs:agreement", kwargs={"pk": world.mentorship.pk}) not in html


def test_it_says_when_there_is_no_agreement_yet(client, world, login):
    login(world.vicechair)
    assert "none yet" in client.get(page(world)).content.decode()


def test_it_links_members_to_their_agreement(client, world, login):
    agree(world, acknowledged=False)
    login(world.mentor)
    html = client.get(page(world)).content.decode()
    assert "drafted, not yet acknowledged by both" in html
    assert reverse("programs:agreement", kwargs={"pk": world.mentorship.pk}) in html


def test_it_offers_ending_to_members_and_the_facilitator_but_not_the_director(
        client, world, login):
    end_url = reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk})
    for person, offered in ((world.mentee, True), (world.facilitator, True),
                            (world.director, False), (world.vicechair, False)):
        login(person)
        assert (end_url in client.get(page(world)).content.decode()) is offered, person
        client.logout()


def test_an_ended_mentorship_shows_in_the_profile_history(
        client, world, login):
    mentorship_end(mentorship=world.mentorship, reason="completed")
    login(world.mentee)
    profile = client.get(reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk}))
    history = profile.content.decode().split('id="mentorship-history"')[1]
    assert world.mentor.full_name in history
    assert "Goals met" in history
    html = client.get(page(world)).content.decode()
    assert "/exit-feedback/" not in html  # retired: the exit questions are a survey now
    assert reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk}) not in html


def test_a_mentor_reading_a_mentees_profile_gets_no_link_to_the_mentees_other_mentorship(
        client, world, login):
    other = MentorshipFactory(mentee=world.mentee, mentor=world.outsider, kind="informal")
    login(world.mentor)
    html = client.get(reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk})
                      ).content.decode()
    assert world.outsider.full_name in html
    assert reverse("checkins:mentorship_detail", kwargs={"pk": other.pk}) not in html
    assert reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk}) in html


# --- Issue 8: ending kept apart, meetings per year against the expected range, a summary
# that follows "Mark done" -----------------------------------------------------------------


def test_ending_sits_apart_from_the_everyday_actions_at_the_bottom_of_the_page(
        client, world, login):
    login(world.mentee)
    html = client.get(page(world)).content.decode()
    end_url = reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk})
    ending = html.index('data-testid="ending"')
    assert html.index(end_url) > ending
    # After everything else on the page, its own section under its own heading.
    for later_than in ('id="meetings-heading"', 'id="action-items-heading"',
                       reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk})):
        assert html.index(later_than) < ending, later_than
    assert "Ending this mentorship" in html[ending:]
    assert "btn-outline-danger" in html[ending:]


def chart_spec(html: str) -> dict:
    import json

    start = html.index('<script id="meetings-per-year-data" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def table_rows(html: str) -> list[list[str]]:
    import re

    table = html[html.index('data-testid="meetings-per-year-table"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


@pytest.mark.parametrize("persona", ["mentee", "director", "vicechair"])
def test_meetings_per_program_year_are_charted_against_the_expected_range_with_a_table(
        client, world, login, persona):
    today = datetime.date.today()
    year_start = world.department.program_year(today)[0]
    # Started on 1 October two program years ago: that year expects its share (3/4 of it).
    world.mentorship.start_date = datetime.date(year_start.year - 2, 10, 1)
    world.mentorship.save()
    first_year = world.department.program_year(world.mentorship.start_date)
    for day in (world.mentorship.start_date, world.mentorship.start_date + datetime.timedelta(
            days=40), today):
        MeetingFactory(mentorship=world.mentorship, held_on=day, shared_summary=SECRET)
    login(world.person(persona))
    response = client.get(page(world))
    html = response.content.decode()
    label = f"{first_year[0].year}–{str(first_year[0].year + 1)[-2:]}"
    cadence = response.context["cadence"]
    rows = table_rows(html)
    # An early-career formal mentorship expects 3–4 a year (checkins.cadence); the middle
    # year had none and still shows, as a year below the range.
    assert rows[0] == [label, "2", "2–3", "Within the range"]
    assert rows[1][1:] == ["0", "3–4", "Below the range"]
    assert rows[2][0].endswith("(so far)") and rows[2][1:] == ["1", "3–4", cadence.label]
    spec = chart_spec(html)
    held, band = spec["data"]["datasets"]
    assert held["data"] == [2, 0, 1]
    assert band["data"] == [[2, 3], [3, 4], [3, 4]]
    assert spec["data"]["labels"][0] == label
    assert 'data-chart="meetings-per-year-data"' in html
    assert SECRET not in html or persona == "mentee"


def test_the_chart_scripts_load_only_where_there_is_a_chart(client, world, login):
    world.mentorship.start_date = datetime.date.today() + datetime.timedelta(days=30)
    world.mentorship.save()
    login(world.mentee)
    html = client.get(page(world)).content.decode()
    assert "chart.umd.min.js" not in html and "meetings-per-year-data" not in html


def test_marking_an_action_item_done_sends_the_updated_summary_out_of_band(
        client, world, login):
    meeting = MeetingFactory(mentorship=world.mentorship)
    first = ActionItemFactory(meeting=meeting, text="Send the revised aims")
    ActionItemFactory(meeting=meeting, text="Book the room")
    login(world.mentee)
    before = client.get(page(world)).content.decode()
    assert "2 open, 0 done" in before
    response = client.post(reverse("checkins:action_item_toggle", kwargs={"pk": first.pk}),
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert f'id="action-item-{first.pk}"' in html and "Reopen" in html
    summary = html[html.index('id="action-items"'):]
    assert 'hx-swap-oob="true"' in summary[:summary.index(">")]
    assert "1 open, 1 done" in summary
    assert summary.index("Book the room") < summary.index("Send the revised aims")  # open first
