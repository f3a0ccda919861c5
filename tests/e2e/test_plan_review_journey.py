"""A plan reviewed from the home page, in Chromium (issue 8, sections 2 to 5).

The Division Director opens the plan from "Review ...'s academic plan" on their home page,
reads it (the content comes before the decision, nothing is chosen for them), tries to
return it without a comment (the message sits by the comment, the choice is kept), then
returns it with one. The mentee finds the returned plan on her home page, edits it on a
375 px wide phone, adds a goal with "Add a goal" and resubmits; the DDD approves. Both
decisions reached the outbox. Screenshots: the review, the editor at 375 px, the plan
page with its timeline chart."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS, TIMEOUT_MS
from tests.e2e.test_accessibility import axe_violations, describe

pytestmark = E2E_MARKS

COMMENT = "Please add a wellness goal."
YEAR = datetime.date.today().year
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def attention(page: Page):
    return page.get_by_test_id("attention")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/"))


def submitted_plan():
    """The mentee's plan, as she and her mentor wrote it, submitted to the DDD."""
    from programs.models import AcademicPlan, FacultyMember, PlanGoal, PlanMilestone
    from programs.services.plans import plan_submit

    mentee = FacultyMember.objects.get(user__email=PERSONAS["mentee"].email)
    plan = AcademicPlan.objects.create(faculty=mentee)
    PlanGoal.objects.create(plan=plan, domain="research", target_year=YEAR + 1,
                            description="Submit a first grant as principal investigator")
    PlanGoal.objects.create(plan=plan, domain="education", target_year=YEAR + 2,
                            description="Build a teaching dossier")
    PlanMilestone.objects.create(plan=plan, kind="continuing_appointment", target_year=YEAR + 3)
    return plan_submit(plan=plan, by=mentee.user)


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_ddd_reviews_from_home_and_the_mentee_revises_on_a_phone(
        page: Page, demo, sign_in, console_log, screenshot):
    from programs.models import AcademicPlan, Notification

    plan = submitted_plan()
    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=f"Review {full_name('mentee')}'s academic plan"
                                ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(full_name("mentee"))
    expect(page.get_by_test_id("review-waiting")).to_contain_text("Read it through first")

    # The content first, then the decision, with nothing chosen.
    goals = page.locator("#plan-goals").bounding_box()
    decision = page.get_by_role("heading", name="Your review of version 1").bounding_box()
    assert goals["y"] < decision["y"]
    approve, give_back = (page.get_by_label("Approve the plan"),
                          page.get_by_label("Return it with comments"))
    expect(approve).not_to_be_checked()
    expect(give_back).not_to_be_checked()
    screenshot("plan-review")

    # Returned without a comment: the message by the comment, the choice kept.
    give_back.check()
    page.get_by_role("button", name="Record the review").click()
    comment_box = page.get_by_role("textbox", name="Comment")
    expect(page.locator("#div_id_comment")).to_contain_text(
        "Say what should change when returning a plan.")
    expect(give_back).to_be_checked()
    expect(comment_box).to_have_attribute("aria-invalid", "true")
    screenshot("plan-review-error")
    assert AcademicPlan.objects.get(pk=plan.pk).status == "submitted"

    comment_box.fill(COMMENT)
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator("#plan-status")).to_have_text("Returned with comments")
    breadcrumbs = page.get_by_test_id("breadcrumbs")
    expect(breadcrumbs.get_by_role("link", name=re.compile("Plan status: "))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Back to the .* plan list"))).to_be_visible()
    breadcrumbs.get_by_role("link", name=re.compile("Plan status: ")).click()
    row = page.locator("tr", has_text=PERSONAS["mentee"].last_name)
    expect(row.locator(".plan-state-returned")).to_have_text("Returned")
    screenshot("plan-status-list")
    sign_out(page)

    # The mentee finds it on her home page, and revises it on her phone.
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    expect(page.locator(".plan-state-returned").first).to_have_text("Returned")
    screenshot("home-mentee-plan-returned")
    attention(page).get_by_role("link", name=re.compile("Your academic plan was returned")
                                ).click()
    expect(page.locator("#review-comment")).to_have_text(COMMENT)
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Edit the plan").click()
    expect(page.locator(".plan-row")).to_have_count(3)
    page.get_by_role("button", name="Add a goal").click()
    new_card = page.locator(".plan-row[data-new-row]").last
    domain = new_card.get_by_label("Domain")
    expect(domain).to_be_focused()
    domain.select_option("wellness")
    new_card.get_by_label("Description").fill("Keep one clinic-free day a week")
    new_card.get_by_label("Target year").fill(str(YEAR))
    assert no_horizontal_overflow(page), "the editor scrolls sideways at 375 px"
    for select in page.locator("#plan-edit-form select").all():
        box = select.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    screenshot("plan-editor-375")
    # Enter in a field saves the plan (the add buttons no longer submit).
    new_card.get_by_label("Description").press("Enter")
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    expect(page.locator("#plan-goals")).to_contain_text("Keep one clinic-free day a week")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Submit to my Division Director").click()
    expect(page.locator("#plan-status")).to_have_text("Submitted")
    sign_out(page)

    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=f"Review {full_name('mentee')}'s academic plan"
                                ).click()
    page.get_by_label("Approve the plan").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator("#plan-status")).to_have_text("Approved")
    sign_out(page)

    # The plan page draws its timeline, with the same items in words.
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="My academic plan").click()
    canvas = page.locator('canvas[data-chart="chart-plan-timeline"]')
    expect(canvas).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart("
                           "document.querySelector('canvas[data-chart]'))")
    expect(page.get_by_test_id("timeline-list")).to_contain_text(
        "Wellness: Keep one clinic-free day a week")
    screenshot("plan-timeline")

    mentee_email = PERSONAS["mentee"].email
    outbox = {n.subject: n for n in Notification.objects.filter(recipient=mentee_email)}
    assert set(outbox) == {"[Mentorship] Your academic plan was returned with comments",
                           "[Mentorship] Your academic plan was approved"}
    assert COMMENT not in outbox["[Mentorship] Your academic plan was returned with comments"].body
    assert Notification.objects.filter(recipient=PERSONAS["mentor"].email,
                                       key__startswith=f"plan:{plan.pk}:").count() == 2
    assert not console_log.csp_violations()
    assert not console_log.page_errors


def test_a_new_goal_taken_back_before_saving_is_not_saved(
        page: Page, demo, sign_in, console_log):
    from programs.models import PlanGoal

    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="My academic plan").click()
    page.get_by_role("link", name="Start the plan").click()
    expect(page.get_by_text("No goals yet.")).to_be_visible()
    add = page.get_by_role("button", name="Add a goal")
    for text in ("Lead a residency curriculum module", "A goal I changed my mind about"):
        add.click()
        card = page.locator(".plan-row[data-new-row]").last
        card.get_by_label("Domain").select_option("education")
        card.get_by_label("Description").fill(text)
        card.get_by_label("Target year").fill(str(YEAR + 1))
    page.get_by_role("button", name="Remove this new goal").last.click()
    expect(page.locator(".plan-row[data-new-row]").last).to_be_hidden()
    expect(add).to_be_focused()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    assert list(PlanGoal.objects.filter(plan__faculty__user__email=PERSONAS["mentee"].email)
                .values_list("description", flat=True)) == ["Lead a residency curriculum module"]
    assert not console_log.csp_violations()
    assert not console_log.page_errors


@pytest.fixture
def csp_free_page(browser, live_server):
    """A page axe-core can be injected into, as in test_accessibility.py."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True,
                                  viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_the_plan_pages_with_content_choices_and_errors_pass_axe(csp_free_page, demo):
    """The crawl in test_accessibility.py meets plans as the demo has them (the mentee has
    none yet); here each plan page is checked full, mid-decision and with its errors."""
    from programs.services.plans import plan_review

    page = csp_free_page
    plan = submitted_plan()

    def sign_in_as(key: str) -> None:
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(PERSONAS[key].email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/$"))

    found = {}
    sign_in_as("director")
    page.get_by_role("link", name="Plan status").first.click()
    found["division list"] = axe_violations(page)
    page.get_by_role("link", name=re.compile(PERSONAS["mentee"].last_name)).first.click()
    page.wait_for_function("() => window.Chart && Chart.getChart("
                           "document.querySelector('canvas[data-chart]'))")
    found["plan to review"] = axe_violations(page)
    page.get_by_label("Return it with comments").check()
    page.get_by_role("button", name="Record the review").click()
    page.locator("#id_comment_error").wait_for()
    found["review with an error"] = axe_violations(page)

    plan_review(plan=plan, by=_director_user(), approve=False, comment=COMMENT)
    sign_in_as("mentee")
    page.get_by_role("link", name="My academic plan").first.click()
    page.get_by_role("link", name="Edit the plan").click()
    page.get_by_role("button", name="Add a goal").click()
    page.get_by_role("button", name="Add a milestone").click()
    found["editor"] = axe_violations(page)
    page.locator(".plan-row[data-new-row] [name$=-description]").first.fill("No domain")
    page.get_by_role("button", name="Save the plan").click()
    page.locator(".invalid-feedback").first.wait_for()
    found["editor with an error"] = axe_violations(page)
    page.set_viewport_size(PHONE)
    found["editor at 375 px"] = axe_violations(page)
    blocking = {name: v for name, v in found.items() if v}
    assert not blocking, describe(blocking)


def _director_user():
    from programs.models import User

    return User.objects.get(email=PERSONAS["director"].email)
