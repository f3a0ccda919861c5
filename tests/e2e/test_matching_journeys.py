"""Matching in Chromium, the organic route: newfaculty@ says what they are looking for;
mentor@ says what they offer; newfaculty@ finds mentor@ in the directory by topic and asks
for an introduction; mentor@ accepts from their home page, which starts the formal
mentorship on both home pages; facilitator@ sees the request, not its message."""

import re

from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS
from tests.e2e.test_accessibility import axe_page  # noqa: F401 (the fixture)

pytestmark = E2E_MARKS

MESSAGE = "I would love help planning my first grant and the road to promotion."


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def attention(page: Page):
    return page.get_by_test_id("attention")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/"))


def fill_in_needs(page: Page, screenshot) -> None:
    attention(page).get_by_role("link", name="Tell us what you are looking for in a mentor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What I am looking for")
    page.get_by_label("My first topic").select_option(label="Research & scholarship")
    page.get_by_label("Topic 2").select_option(label="Career planning & promotion")
    page.get_by_label("One-to-one").check()
    page.get_by_label("I would prefer a mentor who shares my gender").check()
    screenshot("matching-needs")
    page.get_by_role("button", name="Save what I am looking for").click()
    needs = page.get_by_test_id("my-needs")
    expect(needs).to_contain_text("Research & scholarship")
    expect(needs).to_contain_text("Gender")
    screenshot("matching-me")


def fill_in_offer(page: Page, screenshot) -> None:
    attention(page).get_by_role("link", name=re.compile("Say what you could offer")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What I can offer as a mentor")
    page.get_by_label("Research & scholarship").check()
    page.get_by_label("Career planning & promotion").check()
    page.get_by_label("One-to-one").check()
    page.get_by_label("How many mentees at once").fill("5")
    page.get_by_label("How I can help").fill("I read grant drafts and promotion dossiers.")
    screenshot("matching-offer")
    page.get_by_role("button", name="Save my offer").click()
    expect(page.get_by_test_id("my-offer")).to_contain_text("Research & scholarship")


def test_a_newcomer_finds_a_mentor_in_the_directory_and_the_mentor_accepts(
        page: Page, demo, sign_in, console_log, screenshot):
    from matching.models import Introduction
    from programs.models import Mentorship

    sign_in(PERSONAS["newfaculty"].email, DEMO_PASSWORD)
    fill_in_needs(page, screenshot)
    sign_out(page)

    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    fill_in_offer(page, screenshot)
    sign_out(page)

    sign_in(PERSONAS["newfaculty"].email, DEMO_PASSWORD)
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Mentors", exact=True).click()
    page.get_by_label("Topic").select_option(label="Research & scholarship")
    page.get_by_role("button", name="Apply").click()
    card = page.get_by_test_id("mentor-card").filter(has_text=full_name("mentor"))
    expect(card).to_contain_text("I read grant drafts and promotion dossiers.")
    expect(card).to_contain_text(re.compile(r"Mentoring \d of 5"))
    screenshot("matching-directory")
    card.get_by_role("link", name=re.compile("Ask .* for an introduction")).click()
    page.get_by_label("A note to the mentor").fill(MESSAGE)
    screenshot("matching-introduce")
    page.get_by_role("button", name="Ask for an introduction").click()
    expect(page.get_by_test_id("introduction-status")).to_have_text("Waiting for the mentor")
    assert Introduction.objects.count() == 1
    sign_out(page)

    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=re.compile(
        "1 request for an introduction waiting for your answer")).click()
    expect(page.get_by_test_id("introduction-message")).to_contain_text(MESSAGE)
    screenshot("matching-introduction-mentor")
    page.get_by_role("button", name="Accept and become their mentor").click()
    expect(page.get_by_test_id("introduction-status")).to_have_text("Accepted")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(page.get_by_role("main")).to_contain_text(full_name("newfaculty"))
    mentorship = Mentorship.objects.get(mentee__user__email=PERSONAS["newfaculty"].email)
    assert mentorship.mentor.user.email == PERSONAS["mentor"].email
    assert mentorship.kind == Mentorship.Kind.FORMAL
    sign_out(page)

    sign_in(PERSONAS["newfaculty"].email, DEMO_PASSWORD)
    expect(page.get_by_role("main")).to_contain_text(full_name("mentor"))
    sign_out(page)

    sign_in(PERSONAS["facilitator"].email, DEMO_PASSWORD)
    page.goto("/matching/introductions/")
    row = page.get_by_test_id("overseen").get_by_role("row").filter(
        has_text=full_name("newfaculty"))
    expect(row).to_contain_text(full_name("mentor"))
    expect(row).to_contain_text("Accepted")
    screenshot("matching-introductions-facilitator")
    row.get_by_role("link", name=re.compile("Open")).click()
    expect(page.get_by_role("main")).not_to_contain_text(MESSAGE)
    assert console_log.csp_violations() == []


def test_the_matching_pages_pass_axe_and_have_breadcrumbs(axe_page, demo):  # noqa: F811
    """Each page of the survey, the directory, introductions and the import, as the people
    who use it, with the demo's profiles loaded (the crawl reaches only some of them)."""
    import datetime
    import random

    from matching.demo import seed_profiles
    from matching.models import Introduction
    from programs.models import Department, FacultyMember
    from tests.e2e.test_accessibility import axe_violations, breadcrumb_problem, describe

    department = Department.objects.get()
    seed_profiles(department=department, today=datetime.date.today(), rng=random.Random(3))
    people = {key: FacultyMember.objects.get(user__email=PERSONAS[key].email)
              for key in ("newfaculty", "mentor", "facilitator", "admin")}
    pending = Introduction.objects.create(mentee=people["newfaculty"], mentor=people["mentor"],
                                          message="Hello")
    pages = {
        "newfaculty": ["/matching/me/", "/matching/me/needs/", "/mentors/",
                       f"/mentors/{people['mentor'].pk}/introduce/", "/matching/introductions/",
                       f"/matching/introductions/{pending.pk}/",
                       f"/matching/needs/{people['newfaculty'].pk}/"],
        "mentor": ["/matching/me/offer/", f"/matching/introductions/{pending.pk}/"],
        "facilitator": ["/matching/introductions/",
                        f"/matching/needs/{people['newfaculty'].pk}/"],
        "admin": ["/matching/import/"],
    }
    page = axe_page
    found, trails = {}, []
    for persona, paths in pages.items():
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(PERSONAS[persona].email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/$"))
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            found[f"{persona} {path}"] = axe_violations(page)
            problem = breadcrumb_problem(page)
            if problem:
                trails.append(f"{path}: {problem}")
    # The needs form after a refused submit (error summary), and the directory filtered.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(PERSONAS["newfaculty"].email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/matching/me/needs/")
    page.get_by_role("button", name="Save what I am looking for").click()
    found["needs with errors"] = axe_violations(page)
    blocking = {path: v for path, v in found.items() if v}
    assert not blocking, describe(blocking)
    assert not trails, trails
