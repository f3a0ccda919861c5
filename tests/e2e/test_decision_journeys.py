"""Decisions that cannot be made by accident, in Chromium: the request form asks for
what it needs and hides what does not apply; a mentee finds their requests."""

import re

from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS


def test_the_request_form_asks_which_mentor_only_for_a_different_mentor(
        page: Page, demo, sign_in, console_log, screenshot):
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    page.get_by_role("link", name="Ask for a different or additional mentor").click()
    instead = page.get_by_label("Instead of")
    page.get_by_label("An additional mentor").check()
    expect(instead).to_be_hidden()
    page.get_by_label("A different mentor").check()
    expect(instead).to_be_visible()
    page.get_by_label("Reason (optional)").fill("We meet too rarely")
    page.get_by_role("button", name="Send my request confidentially").click()
    expect(page.get_by_text("Say which mentor you would like to change.")).to_be_visible()
    expect(page.get_by_label("Reason (optional)")).to_have_value("We meet too rarely")
    screenshot("request-which-mentor")
    instead.select_option(index=1)
    page.get_by_role("button", name="Send my request confidentially").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text(
        "Your request was sent confidentially")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    page.get_by_role("link", name="My requests").click()
    expect(page.get_by_test_id("my-requests")).to_contain_text("A different mentor")
    expect(page.get_by_test_id("my-requests")).to_contain_text(re.compile("Open"))
    assert console_log.csp_violations() == []
