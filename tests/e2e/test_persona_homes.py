"""Each demo persona signs in through the real form and sees their own home page."""

import pytest
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import Division
from tests.e2e.conftest import E2E_DB

pytestmark = pytest.mark.e2e

SCREENSHOT_PERSONAS = {"mentee", "director", "admin"}


def full_name(key: str) -> str:
    persona = PERSONAS[key]
    return f"{persona.first_name} {persona.last_name}"


def nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def panel(page: Page, heading: str):
    """The home-page card whose heading is `heading`."""
    return page.locator("section.card").filter(
        has=page.get_by_role("heading", name=heading, exact=True))


def check_mentee(page: Page) -> None:
    mentors = panel(page, "My mentors")
    expect(mentors).to_contain_text(full_name("mentor"))
    expect(mentors).not_to_contain_text("You have no formal mentor yet")


def check_newfaculty(page: Page) -> None:
    mentors = panel(page, "My mentors")
    expect(mentors).to_contain_text("You have no formal mentor yet")
    expect(mentors).to_contain_text("Your next step")
    # The next step names the division's DDD and facilitator, with their emails.
    expect(mentors).to_contain_text(full_name("director"))
    expect(mentors).to_contain_text(full_name("facilitator"))
    expect(mentors.get_by_role("link", name=PERSONAS["director"].email)).to_be_visible()


def check_mentor(page: Page) -> None:
    mentees = panel(page, "My mentees")
    expect(mentees.get_by_role("link", name=full_name("mentee"))).to_be_visible()


def check_division_lead(page: Page) -> None:
    roster_panel = panel(page, "General Internal Medicine: division roster")
    expect(roster_panel).to_contain_text("early-career without a formal mentor")
    roster_panel.get_by_role("link", name="Open the General Internal Medicine roster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("General Internal Medicine roster")
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=full_name("mentee"))).to_be_visible()
    # The new faculty member has no formal mentor: the cell says so, flagged.
    newcomer = table.get_by_role("row").filter(
        has=page.get_by_role("link", name=full_name("newfaculty")))
    expect(newcomer.locator(".flag-none")).to_have_text("None")
    mentee_row = table.get_by_role("row").filter(
        has=page.get_by_role("link", name=full_name("mentee")))
    expect(mentee_row).to_contain_text(full_name("mentor"))


def check_otherdirector(page: Page) -> None:
    expect(panel(page, "Cardiology: division roster")).to_be_visible()
    expect(page.get_by_text("General Internal Medicine: division roster")).to_have_count(0)
    gim = Division.objects.get(name="General Internal Medicine")
    response = page.goto(f"/divisions/{gim.pk}/roster/")
    assert response is not None and response.status == 404


def check_department_wide(page: Page) -> None:
    divisions = panel(page, "Department of Medicine: divisions")
    table = divisions.get_by_role("table")
    expect(table.get_by_role("link", name="General Internal Medicine", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Cardiology", exact=True)).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(22)  # header, 20 divisions, totals


def check_vicechair(page: Page) -> None:
    check_department_wide(page)
    expect(page.get_by_role("link", name="Import roster")).to_have_count(0)


def open_administration(page: Page) -> None:
    """The program office's tools are in the Administration menu."""
    menu = nav(page).get_by_role("button", name="Administration")
    if menu.get_attribute("aria-expanded") != "true":
        menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")


def check_admin(page: Page) -> None:
    check_department_wide(page)
    divisions = panel(page, "Department of Medicine: divisions")
    expect(divisions.get_by_role("link", name="Import roster")).to_be_visible()
    open_administration(page)
    expect(nav(page).get_by_role("link", name="Import roster")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Data admin")).to_be_visible()


CHECKS = {
    "mentee": check_mentee,
    "newfaculty": check_newfaculty,
    "mentor": check_mentor,
    "director": check_division_lead,
    "otherdirector": check_otherdirector,
    "facilitator": check_division_lead,
    "vicechair": check_vicechair,
    "admin": check_admin,
}

# Which role-aware links each persona's navigation shows.
NAV_LINKS = {
    "mentee": set(),
    "newfaculty": set(),
    "mentor": set(),
    "director": {"Division roster", "Plan status", "Change requests"},
    "otherdirector": {"Division roster", "Plan status", "Change requests"},
    "facilitator": {"Division roster", "Change requests"},
    "vicechair": set(),
    "admin": {"Change requests", "Import roster", "Data admin"},
}


def test_every_persona_is_covered():
    assert set(CHECKS) == set(PERSONAS) == set(NAV_LINKS)


@E2E_DB
@pytest.mark.parametrize("key", list(PERSONAS))
def test_persona_home(key, page, demo, sign_in, screenshot, console_log):
    persona = PERSONAS[key]
    sign_in(persona.email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {persona.first_name}")
    expect(nav(page)).to_contain_text(full_name(key))

    if key == "admin":
        open_administration(page)
    links = nav(page).get_by_role("link")
    expect(links.filter(has_text="Home")).to_have_count(1)
    expect(links.filter(has_text="My profile")).to_have_count(1)
    for optional in ("Division roster", "Plan status", "Change requests", "Import roster",
                     "Data admin"):
        expected = 1 if optional in NAV_LINKS[key] else 0
        expect(links.filter(has_text=optional), f"{key}: {optional}").to_have_count(expected)

    # Nobody is told to contact themselves to find a mentor (the DDD and facilitator
    # have no formal mentor either).
    expect(panel(page, "My mentors").get_by_role("link", name=persona.email)).to_have_count(0)

    if key in SCREENSHOT_PERSONAS:
        screenshot(f"home-{key}")
    CHECKS[key](page)
    if key == "director":
        screenshot("division-roster-director")

    assert console_log.csp_violations() == []
    assert console_log.page_errors == []
