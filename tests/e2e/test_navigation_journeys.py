"""Finding one's way, in Chromium: the navigation on a phone and by keyboard, a visible focus
ring on every kind of control, the roster sorted, filtered and shared as a link, and the
import page's sample file downloaded and previewed."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import Division, FacultyMember, LeadershipRole, RosterImport
from tests.e2e.conftest import ARTIFACTS, E2E_MARKS, TIMEOUT_MS

pytestmark = E2E_MARKS

PHONE = {"width": 375, "height": 740}


def nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main")


def tab_to(page: Page, target: Locator, most: int = 80) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would get there."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def outline(target: Locator) -> dict:
    return target.evaluate("""element => {
        const style = getComputedStyle(element);
        return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                color: style.outlineColor};
    }""")


def assert_focus_ring(target: Locator, what: str) -> None:
    ring = outline(target)
    assert ring["style"] != "none" and ring["width"] >= 2, f"{what}: no visible ring {ring}"


OPENED = re.compile(r"\bcollapse show\b")


def folded(page: Page) -> Locator:
    """What the phone's menu button opens."""
    return page.locator("#main-nav")


def shoot(page: Page, name: str) -> None:
    """A screenshot of a page outside the shared `page` fixture, in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits_the_width(page: Page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_every_kind_of_control_shows_a_focus_ring_when_tabbed_to(page, demo, sign_in,
                                                                 console_log):
    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    nav(page).get_by_role("link", name="Division roster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("General Internal Medicine roster")
    page.locator("body").focus()
    targets = [
        (nav(page).get_by_role("link", name="My profile"), "a navigation link"),
        (page.get_by_label("Name or email"), "a text box"),
        (page.get_by_label("Career stage"), "a select"),
        (page.get_by_role("button", name="Apply"), "a button"),
        (page.get_by_role("link", name=re.compile(r"^Rank")), "a column header's link"),
    ]
    for target, what in targets:
        tab_to(page, target)
        assert_focus_ring(target, what)
    assert console_log.csp_violations() == []


def test_on_a_phone_the_menu_opens_and_is_used_with_the_keyboard(browser, live_server, demo,
                                                                 console_log):
    # The director also facilitates Cardiology: two rosters, so a menu to choose from.
    director = FacultyMember.objects.get(user__email=PERSONAS["director"].email)
    LeadershipRole.objects.create(
        person=director, kind=LeadershipRole.Kind.FACILITATOR,
        department=director.department, division=Division.objects.get(name="Cardiology"),
        start_date=datetime.date.today() - datetime.timedelta(days=30))
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda msg: console_log.messages.append((page.url, msg.type, msg.text)))
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(PERSONAS["director"].email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_label("Password").press("Enter")
        page.wait_for_url(re.compile(r"/$"))

        menu_button = nav(page).get_by_role("button", name="Menu")
        guidelines = nav(page).get_by_role("link", name="My profile")
        expect(menu_button).to_be_visible()
        expect(guidelines).to_be_hidden()  # folded away until asked for
        assert fits_the_width(page)

        page.locator("body").focus()
        tab_to(page, menu_button)
        assert_focus_ring(menu_button, "the menu button")
        page.keyboard.press("Enter")
        expect(menu_button).to_have_attribute("aria-expanded", "true")
        expect(folded(page)).to_have_class(OPENED)  # the opening animation has ended
        expect(guidelines).to_be_visible()
        shoot(page, "nav-375-open")

        # A menu inside the menu: open it with the keyboard, arrow to a division, go.
        rosters = nav(page).get_by_role("button", name="Division rosters")
        tab_to(page, rosters)
        page.keyboard.press("Enter")
        expect(rosters).to_have_attribute("aria-expanded", "true")
        cardiology = nav(page).get_by_role("link", name="Cardiology", exact=True)
        expect(cardiology).to_be_visible()
        page.keyboard.press("ArrowDown")
        expect(cardiology).to_be_focused()
        assert_focus_ring(cardiology, "a menu item")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Cardiology roster")
        assert fits_the_width(page), "the page scrolls sideways (the table scrolls in its box)"

        # The current page is marked inside the menu, and the menu is underlined.
        menu_button.click()
        expect(folded(page)).to_have_class(OPENED)
        rosters.click()
        expect(nav(page).get_by_role("link", name="Cardiology", exact=True)).to_have_attribute(
            "aria-current", "page")
        expect(rosters).to_have_class(re.compile(r"\bcurrent-section\b"))
        shoot(page, "nav-375-current-in-menu")

        # The account menu holds the person's own requests.
        page.keyboard.press("Escape")
        account = nav(page).get_by_role("button", name="David Goldberg")
        tab_to(page, account)
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowDown")
        expect(nav(page).get_by_role("link", name="My requests for a mentor")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "My requests for a different or additional mentor")
        expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("My requests")
    finally:
        context.close()
    assert console_log.csp_violations() == []


CUT_OFF_SELECTS = """() => [...document.querySelectorAll('main select')].flatMap(select => {
  const style = getComputedStyle(select);
  const pen = document.createElement('canvas').getContext('2d');
  pen.font = style.font;
  const widest = Math.max(...[...select.options].map(o => pen.measureText(o.text).width));
  const room = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  return widest > room ? [`${select.labels[0].textContent}: ${Math.round(widest)} px of text `
    + `in ${Math.round(room)} px`] : [];
})"""


def roster_names(page: Page) -> list[str]:
    return page.get_by_test_id("roster").locator("tbody th").all_inner_texts()


def test_the_roster_sorted_by_a_header_and_filtered_is_a_link_a_colleague_can_open(
        page, browser, live_server, demo, sign_in, screenshot, console_log):
    sign_in(PERSONAS["director"].email, DEMO_PASSWORD)
    nav(page).get_by_role("link", name="Division roster").click()
    table = page.get_by_test_id("roster")
    name_header = table.get_by_role("columnheader", name=re.compile(r"^Name"))
    stage_header = table.get_by_role("columnheader", name=re.compile(r"^Career stage"))
    expect(name_header).to_have_attribute("aria-sort", "ascending")
    for width in (375, 992, 1280):  # every choice reads in full, on a phone as on a desk
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(CUT_OFF_SELECTS) == [], f"at {width} px"

    stage_header.get_by_role("link").click()
    expect(stage_header).to_have_attribute("aria-sort", "ascending")
    expect(name_header).not_to_have_attribute("aria-sort", re.compile(".*"))
    stage_header.get_by_role("link").click()
    expect(stage_header).to_have_attribute("aria-sort", "descending")
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["-appointed"]
    screenshot("roster-sorted-by-a-header")

    page.get_by_label("Career stage").select_option(label="Early career")
    page.get_by_label("Formal mentor").select_option(label="None")
    page.get_by_role("button", name="Apply").click()
    query = parse_qs(urlsplit(page.url).query)
    assert (query["stage"], query["mentor"], query["sort"]) == (["early"], ["none"],
                                                                 ["-appointed"])
    expect(stage_header).to_have_attribute("aria-sort", "descending")  # the sort was kept
    shown = roster_names(page)
    assert shown, "the demo has early-career faculty without a mentor in this division"
    newfaculty = f"{PERSONAS['newfaculty'].first_name} {PERSONAS['newfaculty'].last_name}"
    assert newfaculty in shown
    expect(table.locator(".flag-none").first).to_have_text("None")
    appointed = {person.full_name: person.appointment_date for person in
                 FacultyMember.objects.select_related("user").filter(
                     division__name="General Internal Medicine")}
    dates = [appointed[name] for name in shown]
    assert dates == sorted(dates, reverse=True)
    screenshot("roster-sorted-and-filtered")

    # The link, opened by a colleague who reads the same roster, shows the same view.
    shared = page.url
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                      "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    colleague = context.new_page()
    try:
        colleague.goto("/accounts/login/")
        colleague.get_by_label("Email").fill(PERSONAS["facilitator"].email)
        colleague.get_by_label("Password").fill(DEMO_PASSWORD)
        colleague.get_by_role("button", name="Sign in").click()
        colleague.wait_for_url(re.compile(r"/$"))
        colleague.goto(shared)
        assert roster_names(colleague) == shown
        expect(colleague.get_by_label("Career stage")).to_have_value("early")
        expect(colleague.get_by_label("Sort by")).to_have_value("-appointed")
    finally:
        context.close()
    assert console_log.csp_violations() == []


def test_the_sample_file_downloaded_from_the_import_page_previews_clean(
        page, demo, sign_in, screenshot, console_log, tmp_path):
    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    nav(page).get_by_role("button", name="Administration").click()
    nav(page).get_by_role("link", name="Import roster").click()
    columns = page.locator("#roster-columns")
    expect(columns.get_by_role("row", name=re.compile(r"^email required"))).to_be_visible()
    expect(columns.get_by_role("row", name=re.compile(r"^departure_date optional"))).to_be_visible()
    screenshot("roster-import-columns")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download a sample file (CSV)").click()
    sample = tmp_path / download.value.suggested_filename
    download.value.save_as(sample)
    assert sample.name == "roster-sample-medicine.csv"

    page.get_by_label("Roster file (CSV)").set_input_files(str(sample))
    page.get_by_role("button", name="Check file and preview").click()
    expect(page.get_by_role("status")).to_contain_text("The file is clean")
    expect(page.get_by_role("button", name="Import 3 changes")).to_be_visible()
    expect(page.locator("#import-changes")).to_contain_text("sam.newcomer@example.org")
    screenshot("roster-import-sample-preview")
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED
    assert console_log.csp_violations() == []
