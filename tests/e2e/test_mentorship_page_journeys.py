"""The mentorship page in Chromium (issue 8): ending needs a confirmation and leads to the
exit questions, answered once and never seen by the other member (issue 11), "Mark done"
updates the summary without a reload, a planned meeting is moved then cancelled through
the same calendar event, a logged meeting asks the other member by email, and a refused
meeting form puts the focus on its error summary."""

import datetime
import re

from icalendar import Calendar
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS, TIMEOUT_MS
from tests.e2e.test_accessibility import axe_violations

pytestmark = E2E_MARKS

ROOM = "https://video.example.org/j/4815162342"


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def persona_mentorship():
    from programs.models import Mentorship

    return Mentorship.objects.get(mentee__user__email=PERSONAS["mentee"].email,
                                  mentor__user__email=PERSONAS["mentor"].email)


def open_mentorship(page: Page, mentorship) -> None:
    page.goto(mentorship_url(mentorship))
    expect(page.get_by_role("heading", level=1)).to_contain_text(full_name("mentee"))


def mentorship_url(mentorship) -> str:
    from django.urls import reverse

    return reverse("checkins:mentorship_detail", kwargs={"pk": mentorship.pk})


def download_ics(page: Page, link_name: str, tmp_path, name: str):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    path = tmp_path / name
    info.value.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_ending_from_the_mentorship_page_needs_the_confirmation(
        page: Page, demo, sign_in, console_log, screenshot):
    mentorship = persona_mentorship()
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.goto(mentorship_url(mentorship))
    ending = page.get_by_test_id("ending")
    expect(ending.get_by_role("heading", name="Ending this mentorship")).to_be_visible()
    ending.get_by_role("link", name="End this mentorship…").click()
    expect(page.get_by_test_id("what-happens")).to_contain_text("never why")
    page.get_by_label("Why does it end?").select_option("completed")
    # A click without ticking the box ends nothing: the browser holds the form back (the
    # box is required), and the server refuses it too (tests/programs/test_mentorship_end).
    end_page = page.url
    page.get_by_role("button", name="End the mentorship").click()
    confirm = page.get_by_label("Yes, end this mentorship today")
    assert confirm.evaluate("box => box.validity.valueMissing") is True
    assert page.url == end_page
    expect(page.get_by_label("Why does it end?")).to_have_value("completed")
    mentorship.refresh_from_db()
    assert mentorship.end_date is None
    screenshot("mentorship-end-unconfirmed")
    confirm.check()
    page.get_by_role("button", name="End the mentorship").click()
    mentorship.refresh_from_db()
    assert mentorship.end_date is not None
    answer_the_exit_questions_then_the_mentor_sees_none_of_it(page, mentorship, sign_in,
                                                               screenshot)
    assert console_log.csp_violations() == []
    assert not console_log.page_errors


REGRET = "We stopped meeting after the spring; a clearer agreement would have helped."


def answer_the_exit_questions_then_the_mentor_sees_none_of_it(page: Page, mentorship,
                                                               sign_in, screenshot) -> None:
    """Home, where the surveys app put the exit questions (issue 11); the mentee answers
    them, a second tab sending the same answers records nothing, and the mentor, asked
    separately, never reads them."""
    from django.urls import reverse

    from surveys.models import Ballot, Run

    waiting = page.get_by_role(
        "link", name=re.compile(f"Exit questions about your mentorship with {full_name('mentor')}"))
    expect(waiting).to_be_visible()
    screenshot("exit-questions-waiting")
    waiting.click()
    expect(page.get_by_test_id("anonymous-notice")).to_be_visible()
    second_tab = page.context.new_page()
    second_tab.goto(page.url)
    for tab in (page, second_tab):
        tab.get_by_label("2: Disagree").check()
        tab.get_by_label("Not sure").check()
        tab.get_by_label("What should the program learn from this mentorship?").fill(REGRET)
    screenshot("exit-questions")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are recorded.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Exit questions about"))).to_have_count(0)
    second_tab.get_by_role("button", name="Send my answers").click()
    second_tab.close()
    run = Run.objects.get(audience="exit", invitations__mentorship=mentorship,
                          invitations__person=mentorship.mentee)
    # Sent twice from two tabs, sealed once (counted later with others: surveys.services.ballots).
    assert Ballot.objects.filter(run=run).count() == 1
    page.get_by_role("button", name="Sign out").click()
    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    mine = page.get_by_role(
        "link", name=re.compile(f"Exit questions about your mentorship with {full_name('mentee')}"))
    expect(mine).to_be_visible()
    mine.click()
    expect(page.get_by_test_id("anonymous-notice")).to_be_visible()
    expect(page.get_by_text(REGRET)).to_have_count(0)
    for name in ("surveys:run_results", "surveys:run_progress"):
        assert page.goto(reverse(name, args=[run.pk])).status == 404


def test_marking_an_action_item_done_updates_the_summary_without_a_reload(
        page: Page, demo, sign_in, console_log, screenshot):
    from checkins.models import ActionItem, Meeting

    mentorship = persona_mentorship()
    ActionItem.objects.filter(meeting__mentorship=mentorship).delete()
    meeting = Meeting.objects.create(
        mentorship=mentorship, logged_by=mentorship.mentee, duration_minutes=45,
        held_on=datetime.date.today() - datetime.timedelta(days=4))
    ActionItem.objects.create(meeting=meeting, text="Send the revised specific aims")
    ActionItem.objects.create(meeting=meeting, text="Book the grants office")
    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    open_mentorship(page, mentorship)
    counts = page.get_by_test_id("action-item-counts")
    expect(counts).to_contain_text("2 open, 0 done")
    page.evaluate("window.__notReloaded = true")
    card = page.locator(f"#meeting-{meeting.pk}")
    card.locator(".action-item", has_text="Send the revised specific aims").get_by_role(
        "button", name="Mark done").click()
    expect(counts).to_contain_text("1 open, 1 done")
    summary = page.get_by_test_id("all-action-items")
    expect(summary.locator("li").last).to_contain_text("Send the revised specific aims")
    expect(summary.locator("li").last).to_contain_text("Done")
    assert page.evaluate("window.__notReloaded") is True
    screenshot("mentorship-action-item-done")
    assert console_log.csp_violations() == []
    assert not console_log.page_errors


def test_a_planned_meeting_is_moved_then_cancelled_through_the_same_calendar_event(
        page: Page, demo, sign_in, console_log, screenshot, tmp_path):
    from checkins.models import PlannedMeeting

    mentorship = persona_mentorship()
    PlannedMeeting.objects.filter(mentorship=mentorship).delete()
    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    open_mentorship(page, mentorship)
    page.get_by_role("link", name="Plan the next meeting").click()
    day = datetime.date.today() + datetime.timedelta(days=9)
    page.get_by_label("Date and time").fill(f"{day.isoformat()}T15:30")
    page.get_by_label("Mode").select_option("video")
    page.get_by_label("Video link (optional)").fill(ROOM)
    page.get_by_role("button", name="Plan meeting and send invitations").click()
    expect(page.get_by_text("Meeting planned.")).to_be_visible()
    expect(page.get_by_role("link", name=ROOM)).to_be_visible()
    calendar, first = download_ics(page, "Add to calendar (.ics)", tmp_path, "v0.ics")
    uid = str(first["UID"])
    assert calendar["METHOD"] == "REQUEST" and int(first["SEQUENCE"]) == 0
    assert str(first["URL"]) == ROOM and str(first["LOCATION"]) == ROOM

    page.get_by_role("link", name=re.compile("^Change the meeting of")).click()
    later = day + datetime.timedelta(days=2)
    page.get_by_label("Date and time").fill(f"{later.isoformat()}T09:00")
    page.get_by_role("button", name="Save and send the updated invitation").click()
    expect(page.get_by_text("Meeting changed.")).to_be_visible()
    calendar, moved = download_ics(page, "Add to calendar (.ics)", tmp_path, "v1.ics")
    assert calendar["METHOD"] == "REQUEST"
    assert str(moved["UID"]) == uid and int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART").date() in (later, later - datetime.timedelta(days=1),
                                               later + datetime.timedelta(days=1))
    screenshot("mentorship-planned-changed")

    page.get_by_role("link", name=re.compile("^Cancel the meeting of")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancel the meeting")
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.get_by_text("Meeting cancelled.")).to_be_visible()
    calendar, cancelled = download_ics(page, "Cancellation for your calendar (.ics)",
                                       tmp_path, "v2.ics")
    assert calendar["METHOD"] == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == uid and int(cancelled["SEQUENCE"]) == 2
    planned = PlannedMeeting.objects.get(mentorship=mentorship)
    assert planned.is_cancelled and planned.sequence == 2
    assert console_log.csp_violations() == []
    assert not console_log.page_errors


def test_a_logged_meeting_asks_the_other_member_by_email_and_a_refused_form_focuses_its_summary(
        page: Page, demo, sign_in, console_log, screenshot):
    from checkins.models import Meeting
    from programs.models import Notification

    mentorship = persona_mentorship()
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    open_mentorship(page, mentorship)
    page.get_by_role("link", name="Log a meeting").click()
    # The date picker offers nothing after today (the browser holds a later date back).
    date_input = page.locator("#id_held_on")
    assert date_input.get_attribute("max") == datetime.date.today().isoformat()
    # What only the server refuses: an action item over 500 characters.
    items = page.get_by_label("Action items")
    items.fill("Draft the specific aims " * 25)
    page.get_by_label("Shared summary").fill("Reworked aim two together")
    page.get_by_role("button", name="Log meeting").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Action item 1 has 599 characters")
    expect(page.get_by_label("Shared summary")).to_have_value("Reworked aim two together")
    screenshot("meeting-form-error")
    summary.get_by_role("link", name=re.compile("^Action items:")).click()
    expect(items).to_be_focused()
    items.fill("Draft the specific aims")
    page.get_by_role("button", name="Log meeting").click()
    expect(page.get_by_text("Meeting logged.")).to_be_visible()
    meeting = Meeting.objects.filter(mentorship=mentorship).order_by("-pk").first()
    row = Notification.objects.get(key__startswith=f"meeting:{meeting.pk}:logged")
    assert row.recipient == PERSONAS["mentor"].email
    assert full_name("mentee") in row.subject
    assert "Reworked" not in row.subject + row.body
    assert console_log.csp_violations() == []
    assert not console_log.page_errors


def test_members_and_leaders_see_meetings_per_year_as_a_chart_and_a_table(
        page: Page, demo, sign_in, console_log, screenshot):
    from checkins.models import Meeting

    mentorship = persona_mentorship()
    # Two years of history: a few meetings in the first year, more in the second, one now.
    start = mentorship.start_date
    Meeting.objects.bulk_create([
        Meeting(mentorship=mentorship, logged_by=mentorship.mentee, duration_minutes=60,
                held_on=start + datetime.timedelta(days=days))
        for days in (20, 150, 400, 480, 560, 640) if days < 700])
    Meeting.objects.create(mentorship=mentorship, logged_by=mentorship.mentor,
                           duration_minutes=45, held_on=datetime.date.today())
    for persona in ("mentee", "director"):
        sign_in(PERSONAS[persona].email, DEMO_PASSWORD)
        page.goto(mentorship_url(mentorship))
        section = page.get_by_test_id("meetings-per-year")
        expect(section.locator("canvas[data-chart]")).to_be_visible()
        # Chart.js drew on the canvas (a blank canvas has no painted pixels).
        page.wait_for_function(
            "() => { const c = document.querySelector('canvas[data-chart]');"
            " return c && c.width > 0 && c.toDataURL().length > 3000; }")
        expect(section.get_by_role("table")).to_contain_text("(so far)")
        screenshot(f"mentorship-page-{persona}")
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(re.compile(r"/accounts/"))
    assert console_log.csp_violations() == []
    assert not console_log.page_errors


def test_a_refused_meeting_form_with_its_error_summary_passes_axe(browser, live_server, demo):
    """The crawl in test_accessibility sees forms only as they open; this is one refused.
    axe-core is injected, so this context bypasses the CSP (as the crawl's does)."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    mentorship = persona_mentorship()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(PERSONAS["mentee"].email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(mentorship_url(mentorship) + "meetings/new/")
    page.get_by_label("Action items").fill("x" * 501)
    page.get_by_role("button", name="Log meeting").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    violations = axe_violations(page)
    context.close()
    assert violations == [], [(v["id"], v["help"]) for v in violations]
