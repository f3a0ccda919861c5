"""Needs your attention, in Chromium: each persona sees what waits for them on their home
page, follows the link, acts, and finds it gone when they come back."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def attention(page: Page):
    return page.get_by_test_id("attention")


def go_home(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    page.wait_for_url(re.compile(r"/$"))


def persona_mentorship():
    from programs.models import Mentorship

    return Mentorship.objects.get(mentee__user__email=PERSONAS["mentee"].email,
                                  mentor__user__email=PERSONAS["mentor"].email)


def test_the_mentor_confirms_the_meeting_the_mentee_logged(
        page: Page, demo, sign_in, console_log, screenshot):
    from checkins.models import Meeting

    mentorship = persona_mentorship()
    Meeting.objects.filter(mentorship=mentorship).update(confirmed_at=timezone.now())
    Meeting.objects.create(mentorship=mentorship, logged_by=mentorship.mentee,
                           held_on=timezone.localdate() - datetime.timedelta(days=3),
                           duration_minutes=45)
    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    item = attention(page).get_by_role("link",
                                       name=f"Confirm the meeting {full_name('mentee')} logged")
    expect(item).to_be_visible()
    screenshot("attention-mentor")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(full_name("mentee"))
    page.get_by_role("button", name="Confirm this meeting").click()
    go_home(page)
    expect(attention(page).get_by_role(
        "link", name=f"Confirm the meeting {full_name('mentee')} logged")).to_have_count(0)
    assert console_log.csp_violations() == []


def test_the_mentee_acknowledges_a_changed_agreement_from_the_home_page(
        page: Page, demo, sign_in, console_log):
    from programs.models import MentorshipAgreement

    mentorship = persona_mentorship()
    # The mentor changed the agreement: both acknowledgements are cleared.
    MentorshipAgreement.objects.update_or_create(mentorship=mentorship, defaults={
        "goals": "A first grant", "meeting_plan": "Every six weeks, in person at the General",
        "confidentiality": "c", "roles": "r", "raising_concerns": "p", "no_fault_ending": "n",
        "review_date": timezone.localdate() + datetime.timedelta(days=200),
        "mentee_acknowledged_at": None, "mentor_acknowledged_at": None})
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    name = f"Read and acknowledge your agreement with {full_name('mentor')}"
    attention(page).get_by_role("link", name=name).click()
    expect(page.get_by_text("Every six weeks, in person at the General")).to_be_visible()
    page.get_by_role("button", name=re.compile("acknowledge", re.I)).click()
    expect(page.locator("#ack-status")).to_contain_text("You: acknowledged")
    go_home(page)
    expect(attention(page).get_by_role("link", name=name)).to_have_count(0)
    assert console_log.csp_violations() == []


def test_the_facilitator_goes_from_the_newcomers_item_to_the_filtered_roster(
        page: Page, demo, sign_in, console_log, screenshot):
    sign_in(PERSONAS["facilitator"].email, DEMO_PASSWORD)
    item = attention(page).get_by_role("link", name=re.compile(
        "Early-career faculty in General Internal Medicine without a formal mentor"))
    screenshot("attention-facilitator")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("General Internal Medicine roster")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has=page.get_by_role("link", name=full_name("newfaculty")))).to_have_count(1)
    # Everyone listed is early career with no formal mentor.
    expect(rows.filter(has_text="Mid career")).to_have_count(0)
    expect(rows.filter(has_text=full_name("mentee"))).to_have_count(0)
    assert console_log.csp_violations() == []
