"""The meeting pages a member fills in (issue 8, section 6): an error summary that takes
the focus after a refused submit, topics in columns, a way back, no future date offered,
and breadcrumbs on every checkins page."""

import datetime
import re
import uuid
from html import unescape

import pytest
from django.urls import reverse

from checkins.models import Meeting
from tests.checkins.factories import MeetingFactory, PlannedMeetingFactory

TODAY = datetime.date.today()


def meeting_url(world) -> str:
    return reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk})


def page_url(world) -> str:
    return reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})


def summary_of(html: str) -> str:
    start = html.index("data-error-summary")
    return html[start:html.index("</section>", start)]


def test_a_refused_meeting_lists_its_problems_first_each_linked_to_its_field(
        client, world, login):
    login(world.mentee)
    response = client.post(meeting_url(world), {
        "held_on": (TODAY + datetime.timedelta(days=3)).isoformat(), "duration_minutes": "0",
        "mode": "in_person", "shared_summary": "Kept", "submission_token": str(uuid.uuid4())})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    summary = summary_of(html)
    assert "There is a problem" in summary
    assert '<a href="#id_held_on">Date: This date is in the future.' in summary
    assert '<a href="#id_duration_minutes">Duration (minutes): ' in summary
    # The summary comes before the fields, and a small static script focuses it.
    assert html.index("data-error-summary") < html.index('name="held_on"')
    assert 'tabindex="-1" data-error-summary' in html
    assert "js/error-summary.js" in html
    # Each field still shows its own message too.
    assert 'id="id_held_on_error"' in html


def test_a_problem_with_the_whole_form_shows_once_in_the_summary(client, world, login):
    meeting = MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee)
    login(world.mentee)
    response = client.post(meeting_url(world), {
        "held_on": TODAY.isoformat(), "duration_minutes": "60", "mode": "in_person",
        "submission_token": str(meeting.submission_token)})
    html = unescape(response.content.decode())
    assert Meeting.objects.count() == 1
    message = "This form already logged the meeting of"
    assert html.count(message) == 1
    assert message in summary_of(html)


def test_a_form_without_errors_has_no_summary_and_no_script(client, world, login):
    login(world.mentee)
    html = client.get(meeting_url(world)).content.decode()
    assert "data-error-summary" not in html and "error-summary.js" not in html


def test_the_topics_are_a_fieldset_with_its_legend_laid_out_in_columns(client, world, login):
    login(world.mentor)
    html = client.get(meeting_url(world)).content.decode()
    group = html[html.index('id="div_id_topics"'):]
    group = group[:group.index("</fieldset>")]
    assert "topic-columns" in group
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>\s*Topics", group)
    assert "css/checkins.css" in html


@pytest.mark.parametrize("name", ["meeting_new", "planned_new"])
def test_the_forms_offer_a_way_back_to_the_mentorship(client, world, login, name):
    login(world.mentee)
    html = client.get(reverse(f"checkins:{name}", kwargs={"pk": world.mentorship.pk})
                      ).content.decode()
    assert f'<a class="btn btn-link" href="{page_url(world)}">Cancel</a>' in html


def test_the_date_picker_offers_no_day_after_today(client, world, login):
    # BoundedDateField already renders max (issue 7); kept here so the meeting form keeps it.
    login(world.mentee)
    html = client.get(meeting_url(world)).content.decode()
    date_input = re.search(r'<input type="date" name="held_on"[^>]*>', html).group(0)
    assert f'max="{TODAY.isoformat()}"' in date_input
    assert f'min="{world.mentorship.start_date.isoformat()}"' in date_input


# --- Breadcrumbs ------------------------------------------------------------------------


def checkins_pages(world) -> list[tuple[str, str]]:
    meeting = MeetingFactory(mentorship=world.mentorship)
    planned = PlannedMeetingFactory(mentorship=world.mentorship)
    mentorship = {"pk": world.mentorship.pk}
    return [
        (reverse("checkins:meeting_new", kwargs=mentorship), "Log a meeting"),
        (reverse("checkins:planned_new", kwargs=mentorship), "Plan the next meeting"),
        (reverse("checkins:planned_edit", kwargs={"pk": planned.pk}), "Change the planned meeting"),
        (reverse("checkins:planned_cancel", kwargs={"pk": planned.pk}),
         "Cancel the planned meeting"),
        (reverse("checkins:private_note", kwargs={"pk": meeting.pk}), "Your private note"),
    ]


def trail(html: str) -> str:
    start = html.index('data-testid="breadcrumbs"')
    return unescape(html[start:html.index("</nav>", start)])


def test_every_checkins_page_leads_back_through_its_mentorship(client, world, login):
    login(world.mentee)
    pair = f"{world.mentor.full_name} and {world.mentee.full_name}"
    for url, here in checkins_pages(world):
        crumbs = trail(client.get(url).content.decode())
        assert f'<a href="{page_url(world)}">{pair}</a>' in crumbs, url
        assert f'aria-current="page">{here}</li>' in crumbs, url


def test_the_mentorship_page_is_the_last_crumb_after_home(client, world, login):
    login(world.director)
    crumbs = trail(client.get(page_url(world)).content.decode())
    pair = f"{world.mentor.full_name} and {world.mentee.full_name}"
    assert f'aria-current="page">{pair}</li>' in crumbs
    assert ">Home</a>" in crumbs
