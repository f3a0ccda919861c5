"""The program's rhythm in Chromium: (1) director@ opens the annual review screen, filters
to "needs review", records mentee@'s review; mentee@ reads it; mentor@ gets 404. (2)
vicechair@ records a check-in from the due list."""

import datetime
import re

from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS

SUPPORT = "Protected research time on Thursdays"


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_the_director_records_a_review_the_mentee_reads_it_and_the_mentor_cannot(
        page: Page, demo, sign_in, console_log, screenshot):
    from checkins.models import AnnualReview

    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("Annual reviews")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annual mentorship reviews")
    expect(page.get_by_test_id("review-progress")).to_contain_text("0 of")
    page.get_by_label("Show").select_option(label="Needs review this year")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"show=needs"))
    screenshot("rhythm-review-screen")
    row = page.get_by_test_id("review-row").filter(has_text=PERSONAS["mentee"].last_name)
    row.get_by_role("link", name=re.compile("Record review")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(full_name("mentee"))
    page.get_by_label("Partly").check()
    page.get_by_label("4").check()
    page.get_by_label("Support needed").fill(SUPPORT)
    page.get_by_label("Follow-up 1", exact=True).fill("Book the grant-writing workshop")
    page.get_by_label("Follow-up 1: owner").select_option(label=full_name("mentee"))
    page.get_by_label("Follow-up 1: due by").fill(
        (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    screenshot("rhythm-review-form")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("can read it; their mentor cannot")).to_be_visible()
    expect(page.get_by_test_id("review-effective")).to_have_text("Partly")
    review = AnnualReview.objects.get()
    sign_out(page)

    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_test_id("attention").get_by_role(
        "link", name=re.compile("Book the grant-writing workshop")).click()
    expect(page.get_by_test_id("review-support")).to_contain_text(SUPPORT)
    screenshot("rhythm-review-detail-mentee")
    sign_out(page)

    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    response = page.goto(f"/reviews/{review.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(SUPPORT)
    assert console_log.csp_violations() == []


def test_the_vice_chair_records_a_check_in_from_the_due_list(
        page: Page, demo, sign_in, console_log, screenshot):
    from checkins.models import ViceChairCheckin

    sign_in(PERSONAS["vicechair"].email, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check-ins").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vice-Chair check-ins")
    screenshot("rhythm-checkin-lists")
    first = page.get_by_test_id("checkin-row").first
    name = first.get_by_role("rowheader").inner_text()
    first.get_by_role("link", name=re.compile("Record check-in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    page.get_by_label("Progress on academic goals").fill("First grant submitted.")
    page.get_by_label("Work-life balance").fill("Stretched in clinical months.")
    page.get_by_label("5").check()
    screenshot("rhythm-checkin-form")
    page.get_by_role("button", name="Record the check-in").click()
    expect(page.get_by_text(f"Check-in with {name} recorded.")).to_be_visible()
    assert ViceChairCheckin.objects.get().person.full_name == name
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Vice-Chair check-ins").click()
    expect(page.get_by_test_id("checkins-done")).to_contain_text(name)
    assert console_log.csp_violations() == []
