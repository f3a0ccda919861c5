"""Reminders in Chromium (issue 10, journey 3): after the reminder job runs, mentee@ finds
the nudge in the notification centre, marks it read and turns that kind to a weekly
digest; the unsubscribe link from the email, opened signed out, stops that kind of email
and nothing else; the program admin follows the job's progress on /jobs/."""

import datetime
import re

from django.core import mail
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import ARTIFACTS, E2E_MARKS

pytestmark = E2E_MARKS


def run_the_reminder_job_with_mentee_behind() -> None:
    """mentee@'s formal mentorship has met not once this program year, and the job runs
    (as beat would at the sending hour); the outbox then sends what it recorded."""
    from checkins.models import Meeting
    from checkins.services.reminders import reminders_send
    from programs.models import Mentorship
    from programs.notifications import notifications_send_all_pending

    mentorship = Mentorship.objects.active().get(
        mentee__user__email=PERSONAS["mentee"].email, kind="formal")
    year_start = mentorship.mentee.department.program_year()[0]
    # Far enough into the year that one meeting is owed (the demo's "today" may be July).
    Meeting.objects.filter(mentorship=mentorship, held_on__gte=year_start
                           - datetime.timedelta(days=200)).delete()
    Mentorship.objects.filter(pk=mentorship.pk).update(
        start_date=year_start - datetime.timedelta(days=800))
    on = max(datetime.date.today(), year_start + datetime.timedelta(days=120))
    moment = datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC)
    assert reminders_send(now=moment, force=True)
    notifications_send_all_pending()


def test_the_mentee_finds_the_nudge_and_turns_it_to_a_digest_then_unsubscribes_signed_out(
        page: Page, demo, sign_in, console_log, screenshot, browser, live_server):
    from programs.models import NotificationPreference

    run_the_reminder_job_with_mentee_behind()
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_test_id("unread-count")).to_be_visible()
    nav.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    nudge = page.get_by_test_id("notification").filter(has_text="Time to meet")
    expect(nudge).to_have_count(1)
    expect(nudge).to_contain_text("Reminders to meet (behind cadence)")
    screenshot("notification-centre")
    nudge.get_by_role("button", name=re.compile("Mark read")).click()
    expect(nudge.get_by_role("button", name=re.compile("Mark read"))).to_have_count(0)

    page.get_by_role("link", name="How I receive them").click()
    page.get_by_label("Reminders to meet (behind cadence)").select_option(
        label="By email, in a weekly digest")
    screenshot("notification-preferences")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Saved. Everything still appears")).to_be_visible()
    expect(page.get_by_label("Reminders to meet (behind cadence)")).to_have_value("digest")
    choice = NotificationPreference.objects.get(user__email=PERSONAS["mentee"].email)
    assert (choice.kind, choice.channel, choice.timing) == ("nudge", "email", "digest")

    # The email's link, in a browser that has never signed in.
    (email,) = [m for m in mail.outbox if m.to == [PERSONAS["mentee"].email]
                and "Time to meet" in m.subject]
    link = re.search(r"https?://\S+(/unsubscribe/\S+/)", email.body).group(1)
    signed_out = browser.new_context(base_url=live_server.url).new_page()
    signed_out.goto(link)
    expect(signed_out.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    expect(signed_out.get_by_role("button", name="Sign out")).to_have_count(0)
    signed_out.get_by_role("button", name="Stop these emails").click()
    expect(signed_out.get_by_test_id("unsubscribed")).to_contain_text(
        "reminders to meet (behind cadence)")
    ARTIFACTS.mkdir(exist_ok=True)
    signed_out.screenshot(path=str(ARTIFACTS / "unsubscribe-done.png"), full_page=True)
    signed_out.context.close()
    choice.refresh_from_db()
    assert choice.channel == "in_app"
    assert NotificationPreference.objects.filter(
        user__email=PERSONAS["mentee"].email).count() == 1
    assert console_log.csp_violations() == []


def test_the_program_admin_follows_the_jobs_progress(page: Page, demo, sign_in, screenshot):
    run_the_reminder_job_with_mentee_behind()
    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    main = page.get_by_role("navigation", name="Main")
    main.get_by_role("button", name="Administration").click()
    main.get_by_role("link", name="Background jobs").click()
    runs = page.get_by_test_id("job-runs")
    expect(runs).to_contain_text("Reminders: ")
    expect(runs).to_contain_text("Finished")
    expect(runs).to_contain_text(re.compile(r"(\d+) of \1"))
    screenshot("job-runs")
