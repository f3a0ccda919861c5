"""5. Two people edit a plan at once, in two browsers. The mentee's save from the page she
opened before the mentor saved is refused: she sees the mentor's new goal, keeps what
she typed, and her next save keeps both."""

import datetime
import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import FacultyMember, PlanGoal
from tests.e2e.conftest import E2E_MARKS, TIMEOUT_MS

pytestmark = E2E_MARKS

NEXT_YEAR = str(datetime.date.today().year + 1)


def sign_in_on(page: Page, key: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(PERSONAS[key].email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def add_goal(page: Page, row: int, domain: str, text: str) -> None:
    """Press "Add a goal" and fill in the new card (the formset's row `row`)."""
    page.get_by_role("button", name="Add a goal").click()
    page.locator(f"[name=goals-{row}-domain]").select_option(domain)
    page.locator(f"[name=goals-{row}-description]").fill(text)
    page.locator(f"[name=goals-{row}-target_year]").fill(NEXT_YEAR)


def test_a_save_from_a_stale_page_shows_the_other_persons_goal_and_keeps_mine(
        page: Page, browser, live_server, demo, console_log, screenshot):
    mentee = FacultyMember.objects.get(user__email=PERSONAS["mentee"].email)
    edit = reverse("programs:plan_edit", kwargs={"pk": mentee.pk})
    sign_in_on(page, "mentee")
    page.goto(edit)
    add_goal(page, 0, "research", "Submit a first grant")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()

    # The mentee opens the edit page and starts typing a goal ...
    page.goto(edit)
    add_goal(page, 1, "education", "Build a teaching dossier")

    # ... while her mentor, in another browser, adds one and saves.
    other = browser.new_context(base_url=live_server.url)
    other.set_default_timeout(TIMEOUT_MS)
    mentor_page = other.new_page()
    sign_in_on(mentor_page, "mentor")
    mentor_page.goto(edit)
    add_goal(mentor_page, 1, "quality", "Lead a quality-improvement project")
    mentor_page.get_by_role("button", name="Save the plan").click()
    expect(mentor_page.get_by_text("Plan saved.")).to_be_visible()
    other.close()

    page.get_by_role("button", name="Save the plan").click()
    notice = page.locator("#plan-stale")
    expect(notice).to_contain_text("saved changes to this plan while you were editing it")
    expect(notice).to_contain_text("added the goal “Lead a quality-improvement project”")
    descriptions = page.locator("[name$=-description]")
    values = [descriptions.nth(i).input_value() for i in range(descriptions.count())]
    assert "Build a teaching dossier" in values
    assert "Lead a quality-improvement project" in values
    assert sorted(PlanGoal.objects.values_list("description", flat=True)) == [
        "Lead a quality-improvement project", "Submit a first grant"]
    screenshot("plan-stale-save")

    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    goals = page.locator("#plan-goals")
    for text in ("Submit a first grant", "Lead a quality-improvement project",
                 "Build a teaching dossier"):
        expect(goals).to_contain_text(text)
    assert not console_log.csp_violations()
    assert not console_log.page_errors
