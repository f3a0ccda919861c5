"""Privacy journeys in Chromium.

5. The mentee gives consent to record their gender and race/ethnicity on their own
   privacy page, sees and changes the answers, then withdraws and they are erased; the
   Division Director, opening the mentee's profile, sees none of it.
6. The mentee asks for a different mentor, keeping the request from their Division
   Director; the Director finds nothing of it; the facilitator resolves it by ending the
   mentorship; the Director and the Vice-Chair then see that it ended, not why.
"""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import ChangeRequest, FacultyMember, Mentorship
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS

GENDER = "Non-binary (planted-e2e-gender)"
RACE = "Haudenosaunee (planted-e2e-race)"
REASON = "I would rather my director did not know yet"
CHANGED = Mentorship.EndReason.MENTOR_CHANGE.label


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/"))


def mentee() -> FacultyMember:
    return FacultyMember.objects.get(user__email=PERSONAS["mentee"].email)


def test_the_mentee_gives_changes_and_withdraws_consent_and_nobody_else_sees_it(
        page: Page, demo, sign_in, console_log, screenshot):
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="My profile").click()
    expect(page.locator("#my-privacy")).to_contain_text("not recorded")
    page.get_by_role("link", name=re.compile("My privacy")).click()
    expect(page.locator("#consent-status")).to_contain_text("No consent")

    # Without ticking consent nothing is saved (the browser asks for the box first; the
    # server refuses too, see tests/programs/test_consent.py), and what was typed stays.
    page.get_by_label("Gender", exact=True).fill(GENDER)
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator("#id_consent:invalid")).to_have_count(1)
    expect(page.get_by_label("Gender", exact=True)).to_have_value(GENDER)
    assert not mentee().demographics_consent

    page.get_by_label(re.compile("I consent")).check()
    page.get_by_label("Race/ethnicity", exact=True).fill(RACE)
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator("#consent-status")).to_contain_text("Consent given")
    expect(page.locator("#recorded-identity")).to_contain_text(GENDER)
    expect(page.locator("#recorded-identity")).to_contain_text(RACE)
    screenshot("privacy-consent-given")

    page.get_by_label("Gender", exact=True).fill("Woman")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator("#recorded-identity")).to_contain_text("Woman")
    sign_out(page)

    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    page.goto(reverse("programs:faculty_detail", kwargs={"pk": mentee().pk}))
    expect(page.get_by_role("heading", name=full_name("mentee"))).to_be_visible()
    body = page.content()
    assert "planted-e2e-race" not in body and "Woman" not in body
    assert "recorded with your consent" not in body
    page.goto(reverse("programs:my_privacy"))
    expect(page.locator("#consent-status")).to_contain_text("No consent")  # their own
    assert "planted-e2e-race" not in page.content()
    sign_out(page)

    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.goto(reverse("programs:my_privacy"))
    page.get_by_role("button", name="Withdraw my consent and erase my answers").click()
    expect(page.get_by_text("Your consent is withdrawn")).to_be_visible()
    expect(page.locator("#consent-status")).to_contain_text("You withdrew your consent")
    assert "planted-e2e-race" not in page.content()
    person = mentee()
    assert not person.demographics_consent and person.gender == "" == person.race_ethnicity
    assert person.demographics_withdrawn_at is not None
    assert not console_log.csp_violations()
    assert not console_log.page_errors


def test_a_request_kept_from_the_director_and_its_ending_stay_hidden_from_them(
        page: Page, demo, sign_in, console_log, screenshot):
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Ask for a different or additional mentor").click()
    page.get_by_label("A different mentor").check()
    page.get_by_label("Instead of").select_option(label=f"{full_name('mentor')} (formal)")
    page.get_by_label("Reason (optional)").fill(REASON)
    page.get_by_label(re.compile("not my Division Director")).check()
    page.get_by_role("button", name="Send my request confidentially").click()
    expect(page.get_by_text("Your Division Director is not told")).to_be_visible()
    expect(page.locator("#request-audience")).to_contain_text("Not the Division Director")
    request = ChangeRequest.objects.get()
    assert request.audience == ChangeRequest.Audience.FACILITATORS_ONLY
    request_path = reverse("programs:change_request_detail", kwargs={"pk": request.pk})
    sign_out(page)

    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Change requests").first.click()
    expect(page.locator("#open-requests")).not_to_contain_text(full_name("mentee"))
    assert page.goto(request_path).status == 404
    sign_out(page)

    sign_in(PERSONAS["facilitator"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Change requests").first.click()
    expect(page.locator("#open-requests")).to_contain_text("facilitators only")
    page.locator("#open-requests").get_by_role("link", name=re.compile(
        full_name("mentee"))).click()
    expect(page.get_by_text(REASON)).to_be_visible()
    screenshot("change-request-facilitators-only")
    page.get_by_label("Outcome").fill("Introduced to a new clinical mentor")
    page.get_by_label("End the mentorship with the current mentor").check()
    page.get_by_role("button", name="Resolve and tell the mentee").click()
    expect(page.locator("#request-status")).to_have_text("Resolved")
    page.goto(reverse("programs:faculty_detail", kwargs={"pk": mentee().pk}))
    expect(page.locator("#mentorship-history")).to_contain_text(CHANGED)
    sign_out(page)

    for leader in ("director", "vicechair"):
        sign_in(PERSONAS[leader].email, DEMO_PASSWORD)
        page.goto(reverse("programs:faculty_detail", kwargs={"pk": mentee().pk}))
        history = page.locator("#mentorship-history")
        expect(history).to_contain_text(full_name("mentor"))
        expect(history).to_contain_text("ended")
        expect(history).not_to_contain_text(CHANGED)
        assert REASON not in page.content() and request_path not in page.content()
        sign_out(page)
    assert not console_log.csp_violations()
    assert not console_log.page_errors
