"""Meeting journeys in Chromium: logging with a private note, confirming, planning and
downloading the calendar invitation."""

import datetime
import re

from icalendar import Calendar
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS

SUMMARY = "Reworked aim two of the grant together"
PRIVATE = "I worry my division head will not protect my research day"


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def open_mentorship_as_mentee(page: Page) -> None:
    page.get_by_role("link", name=full_name("mentor")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(full_name("mentee"))


def open_mentorship_as_mentor(page: Page) -> None:
    page.locator("section.card", has=page.get_by_role("heading", name="My mentees")).locator(
        "li", has_text=full_name("mentee")).get_by_role("link", name="Mentorship page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(full_name("mentee"))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/"))


def test_mentee_logs_a_meeting_and_the_mentor_confirms_it_without_seeing_the_note(
        page: Page, demo, sign_in, console_log, screenshot):
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    open_mentorship_as_mentee(page)
    page.get_by_role("link", name="Log a meeting").click()
    # The defaults (today, 60 minutes, in person) stand: only the content is typed.
    expect(page.get_by_label("Duration (minutes)")).to_have_value("60")
    page.locator("input[name=topics]").first.check()
    page.get_by_label("Shared summary").fill(SUMMARY)
    page.get_by_label("Action items").fill("Send the revised aims")
    page.get_by_label("Private note", exact=True).fill(PRIVATE)
    page.get_by_role("button", name="Log meeting").click()
    expect(page.get_by_text("Meeting logged.")).to_be_visible()
    meeting = page.locator("article.meeting").first
    expect(meeting).to_contain_text(SUMMARY)
    expect(meeting).to_contain_text(PRIVATE)
    expect(meeting).to_contain_text("Awaiting confirmation")
    sign_out(page)

    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    open_mentorship_as_mentor(page)
    meeting = page.locator("article.meeting").first
    expect(meeting).to_contain_text(SUMMARY)
    expect(meeting).to_contain_text("Send the revised aims")
    expect(page.locator("body")).not_to_contain_text(PRIVATE)
    meeting.get_by_role("button", name="Confirm this meeting").click()
    expect(page.get_by_text("Meeting confirmed.")).to_be_visible()
    expect(page.locator("article.meeting").first).to_contain_text("Confirmed")
    # The action item toggles in place through htmx.
    page.locator("article.meeting").first.get_by_role("button", name="Mark done").click()
    expect(page.locator("article.meeting").first.locator(".action-item")).to_contain_text("Done")
    screenshot("meeting-journey-mentor-confirmed")
    assert not console_log.csp_violations()
    assert not console_log.page_errors


def test_mentor_plans_a_meeting_and_downloads_the_invitation(
        page: Page, demo, sign_in, console_log, tmp_path):
    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    open_mentorship_as_mentor(page)
    page.get_by_role("link", name="Plan the next meeting").click()
    day = datetime.date.today() + datetime.timedelta(days=9)
    page.get_by_label("Date and time").fill(f"{day.isoformat()}T15:30")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Mode").select_option("video")
    page.get_by_label("Agenda", exact=True).fill("Promotion dossier")
    # The agenda goes into calendars only when asked for (it is off by default).
    page.get_by_label("Include the agenda in the calendar invitation").check()
    page.get_by_role("button", name="Plan meeting and send invitations").click()
    expect(page.get_by_text("Meeting planned.")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to calendar (.ics)").first.click()
    path = tmp_path / "invite.ics"
    info.value.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    assert calendar["METHOD"] == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=45)
    assert str(event["DESCRIPTION"]) == "Promotion dossier"
    assert str(event["UID"])
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == [f"mailto:{PERSONAS['mentee'].email}", f"mailto:{PERSONAS['mentor'].email}"]
    assert not console_log.csp_violations()
