"""Plan and change-of-mentor journeys in Chromium.

3. The mentee and mentor draft a five-year plan and the mentee submits it; the DDD
   returns it with a comment; the mentee resubmits and the DDD approves.
4. The mentee asks confidentially for a different mentor; the mentor's pages show
   nothing of it; the facilitator sees it and resolves it; the mentee is told.
"""

import datetime
import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import AcademicPlan, ChangeRequest, FacultyMember, Mentorship
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS

COMMENT = "Please add a wellness goal"
REASON = "Our research interests have drifted apart"
NEXT_YEAR = str(datetime.date.today().year + 1)


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/"))


def add_goal(page: Page, row: int, domain: str, text: str) -> None:
    """Press "Add a goal" and fill in the new card (the formset's row `row`)."""
    page.get_by_role("button", name="Add a goal").click()
    page.locator(f"[name=goals-{row}-domain]").select_option(domain)
    page.locator(f"[name=goals-{row}-description]").fill(text)
    page.locator(f"[name=goals-{row}-target_year]").fill(NEXT_YEAR)


def plan_status(page: Page):
    return page.locator("#plan-status")


def test_plan_is_drafted_submitted_returned_resubmitted_and_approved(
        page: Page, demo, sign_in, console_log, screenshot):
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="My academic plan").click()
    page.get_by_role("link", name="Start the plan").click()
    add_goal(page, 0, "research", "Submit a first grant as principal investigator")
    page.get_by_role("button", name="Add a milestone").click()
    page.locator("[name=milestones-0-kind]").select_option("continuing_appointment")
    page.locator("[name=milestones-0-target_year]").fill(NEXT_YEAR)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    expect(plan_status(page)).to_have_text("Draft")
    sign_out(page)

    # The formal mentor adds a goal to the same plan.
    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    page.locator("li", has_text=full_name("mentee")).get_by_role(
        "link", name="Academic plan").click()
    expect(page.locator("#plan-goals")).to_contain_text(
        "Submit a first grant as principal investigator")
    page.get_by_role("link", name="Edit the plan").click()
    add_goal(page, 1, "education", "Build a teaching dossier")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#plan-goals")).to_contain_text("Build a teaching dossier")
    # Only the mentee submits.
    expect(page.get_by_role("button", name="Submit to my Division Director")).to_have_count(0)
    sign_out(page)

    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="My academic plan").click()
    expect(page.locator("#plan-goals")).to_contain_text("Build a teaching dossier")
    page.get_by_role("button", name="Submit to my Division Director").click()
    expect(plan_status(page)).to_have_text("Submitted")
    sign_out(page)

    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Plan status", exact=True).click()  # the home panel's
    row = page.locator("tr", has_text=PERSONAS["mentee"].last_name)
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link").click()
    page.get_by_label("Return it with comments").check()
    page.get_by_role("textbox", name="Comment").fill(COMMENT)
    page.get_by_role("button", name="Record the review").click()
    expect(plan_status(page)).to_have_text("Returned with comments")
    sign_out(page)

    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="My academic plan").click()
    expect(page.locator("#review-comment")).to_have_text(COMMENT)
    page.get_by_role("link", name="Edit the plan").click()
    add_goal(page, 2, "wellness", "Keep one clinic-free day a week")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_role("button", name="Submit to my Division Director").click()
    expect(plan_status(page)).to_have_text("Submitted")
    sign_out(page)

    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Plan status", exact=True).click()  # the home panel's
    page.locator("tr", has_text=PERSONAS["mentee"].last_name).get_by_role("link").click()
    page.get_by_label("Approve the plan").check()
    page.get_by_role("button", name="Record the review").click()
    expect(plan_status(page)).to_have_text("Approved")
    page.get_by_role("link", name="Compare versions").click()
    expect(page.locator(".diff-added")).to_contain_text("Keep one clinic-free day a week")
    screenshot("plan-versions")

    plan = AcademicPlan.objects.get(faculty__user__email=PERSONAS["mentee"].email)
    assert plan.status == "approved" and plan.version == 2
    assert plan.snapshots.count() == 2
    assert not console_log.csp_violations()
    assert not console_log.page_errors


def test_mentee_asks_for_a_different_mentor_and_the_mentor_never_sees_it(
        page: Page, demo, sign_in, console_log, screenshot):
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Ask for a different or additional mentor").click()
    page.get_by_label("A different mentor").check()
    page.get_by_label("Instead of").select_option(label=f"{full_name('mentor')} (formal)")
    page.get_by_label("Reason (optional)").fill(REASON)
    page.get_by_role("button", name="Send my request confidentially").click()
    expect(page.locator("#request-status")).to_have_text("Open")
    request_path = reverse("programs:change_request_detail",
                           kwargs={"pk": ChangeRequest.objects.get().pk})
    sign_out(page)

    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    mentee = FacultyMember.objects.get(user__email=PERSONAS["mentee"].email)
    mentorship = Mentorship.objects.get(mentee=mentee, mentor__user__email=PERSONAS["mentor"].email)
    pages = ["/", reverse("programs:faculty_detail", kwargs={"pk": mentee.pk}),
             reverse("programs:plan_detail", kwargs={"pk": mentee.pk}),
             reverse("checkins:mentorship_detail", kwargs={"pk": mentorship.pk}),
             reverse("programs:agreement", kwargs={"pk": mentorship.pk})]
    for path in pages:
        page.goto(path)
        body = page.content()
        assert REASON not in body, path
        assert request_path not in body, path
    response = page.goto(request_path)
    assert response.status == 404
    response = page.goto(reverse("programs:change_requests"))
    assert response.status == 404
    sign_out(page)

    sign_in(PERSONAS["facilitator"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Change requests").first.click()
    page.locator("#open-requests").get_by_role("link", name=re.compile(
        full_name("mentee"))).click()
    expect(page.get_by_text(REASON)).to_be_visible()
    screenshot("change-request-facilitator")
    page.get_by_label("Outcome").fill("Introduced to a new research mentor")
    page.get_by_label("End the mentorship with the current mentor").check()
    page.get_by_role("button", name="Resolve and tell the mentee").click()
    expect(page.locator("#request-status")).to_have_text("Resolved")
    sign_out(page)

    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.goto(request_path)
    expect(page.locator("#request-outcome")).to_have_text("Introduced to a new research mentor")
    mentorship.refresh_from_db()
    assert mentorship.end_date is not None
    assert not console_log.csp_violations()
    assert not console_log.page_errors
