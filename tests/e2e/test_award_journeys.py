"""Recognition and faculty development in Chromium: a mentee nominates their mentor with a
letter; a committee member scores and cannot see a nomination of their own mentee; the
program admin publishes and the wall shows the winner; the mentor downloads a portfolio
that names the award; a new faculty member registers for orientation and, once marked
attended, has met the obligation."""

import datetime
import io
import re
import uuid

from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS

DAY = datetime.timedelta(days=1)


def full_name(key: str) -> str:
    return f"{PERSONAS[key].first_name} {PERSONAS[key].last_name}"


def person(key: str):
    from programs.models import FacultyMember

    return FacultyMember.objects.select_related("user").get(user__email=PERSONAS[key].email)


def attention(page: Page):
    return page.get_by_test_id("attention")


def a_cycle(phase: str, committee: list[str]):
    """A cycle in the demo department: departmental and General Internal Medicine awards,
    two criteria, the committee named."""
    from awards.models import Award, AwardCycle, CommitteeMember, RubricCriterion
    from programs.models import Division

    today = timezone.localdate()
    opens, closes = ((today - 10 * DAY, today + 20 * DAY) if phase == "nominating"
                     else (today - 40 * DAY, today - 5 * DAY))
    mentee = person("mentee")
    cycle = AwardCycle.objects.create(
        department=mentee.department, title="2026 Mentorship Awards", nominations_open=opens,
        nominations_close=closes,
        scoring_closed_at=timezone.now() if phase == "results" else None)
    Award.objects.create(cycle=cycle, name="Departmental Mentorship Award")
    Award.objects.create(cycle=cycle, name="General Internal Medicine Mentorship Award",
                         division=Division.objects.get(pk=mentee.division_id))
    for position, name in enumerate(["Impact on mentees", "Commitment"]):
        RubricCriterion.objects.create(cycle=cycle, name=name, max_points=5, position=position)
    for key in committee:
        CommitteeMember.objects.create(cycle=cycle, person=person(key))
    return cycle


def nomination(cycle, nominee, nominator, **fields):
    from awards.models import Nomination

    return Nomination.objects.create(
        award=cycle.awards.get(division__isnull=True), nominee=nominee, nominator=nominator,
        statement="Generous with time, and opened doors for me.",
        submission_token=uuid.uuid4(), **fields)


def letter_pdf(tmp_path) -> str:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(0, 10, "I strongly support this nomination.")
    path = tmp_path / "Support letter.pdf"
    path.write_bytes(bytes(document.output()))
    return str(path)


def test_the_mentee_nominates_their_mentor_with_a_letter(
        page: Page, demo, sign_in, console_log, screenshot, tmp_path):
    from awards.models import Nomination

    a_cycle("nominating", committee=["facilitator"])
    sign_in(PERSONAS["mentee"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=re.compile(
        f"Nominate {full_name('mentor')} for a mentorship award")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nominate a mentor")
    # The link chose the mentor already.
    expect(page.get_by_label("Mentor")).to_have_value(str(person("mentor").pk))
    page.get_by_label("Award").select_option(label="Departmental Mentorship Award")
    page.get_by_label("Statement").fill("She read every draft of my first grant, and when it "
                                        "was funded she made sure I got the credit.")
    page.get_by_label("Supporting letter (PDF)").set_input_files(letter_pdf(tmp_path))
    screenshot("award-nominate")
    page.get_by_role("button", name="Send the nomination").click()
    expect(page.get_by_text("is sent to the committee. The nominee is not told.")).to_be_visible()
    expect(page.get_by_test_id("letters")).to_contain_text("Support letter.pdf")
    saved = Nomination.objects.get()
    assert (saved.nominee, saved.nominator) == (person("mentor"), person("mentee"))
    assert saved.letters.get().pages == 1
    # The home page no longer suggests it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(attention(page).get_by_role("link", name=re.compile("Nominate"))).to_have_count(0)
    assert console_log.csp_violations() == []


def test_a_committee_member_scores_and_cannot_see_their_own_mentees_nomination(
        page: Page, demo, sign_in, console_log, screenshot):
    from awards.models import Scorecard
    from programs.models import Mentorship

    cycle = a_cycle("scoring", committee=["facilitator"])
    facilitator, mentor = person("facilitator"), person("mentor")
    # The outsider of this story: the facilitator's own mentee, nominated by mentee@.
    own_mentee = person("director")
    Mentorship.objects.create(mentee=own_mentee, mentor=facilitator, kind="informal")
    of_mentor = nomination(cycle, mentor, person("mentee"))
    hidden = nomination(cycle, own_mentee, person("newfaculty"))
    sign_in(PERSONAS["facilitator"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=re.compile("Score 1 nomination")).click()
    listed = page.get_by_test_id("scoring-list")
    expect(listed.get_by_test_id("hidden-nomination")).to_contain_text(
        f"{full_name('director')} is your mentee.")
    expect(listed.get_by_role("link", name=full_name("director"))).to_have_count(0)
    screenshot("award-scoring-list")
    listed.get_by_role("link", name=full_name("mentor")).click()
    page.get_by_label(re.compile("Impact on mentees")).fill("5")
    page.get_by_label(re.compile("Commitment")).fill("4")
    page.get_by_label(re.compile("Comment for the committee")).fill("Outstanding.")
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_test_id("scoring-list").get_by_text("Scored")).to_be_visible()
    card = Scorecard.objects.get()
    assert (card.nomination, card.total) == (of_mentor, 9)
    # Opening the hidden one by its address answers "not found".
    response = page.goto(f"/awards/nominations/{hidden.pk}/")
    assert response.status == 404
    assert console_log.csp_violations() == []


def test_the_admin_publishes_and_the_wall_shows_the_winner(
        page: Page, demo, sign_in, console_log, screenshot):
    from awards.models import Recognition, Scorecard

    cycle = a_cycle("results", committee=["facilitator"])
    winner = nomination(cycle, person("mentor"), person("mentee"))
    other = nomination(cycle, person("director"), person("newfaculty"))
    Scorecard.objects.create(nomination=winner, scorer=person("facilitator"), total=9)
    Scorecard.objects.create(nomination=other, scorer=person("facilitator"), total=6)
    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=re.compile("choose and publish the winners")).click()
    rows = page.get_by_role("table").first.get_by_role("row")
    expect(rows.nth(1)).to_contain_text(full_name("mentor"))  # ranked first
    page.get_by_label(f"Winner: {full_name('mentor')}").check()
    page.get_by_role("button", name="Save the winners").click()
    expect(page.get_by_text("1 winner chosen")).to_be_visible()
    screenshot("award-results")
    page.get_by_role("button", name="Publish the winners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recognition wall")
    expect(page.get_by_test_id("wall-winners").first).to_contain_text(full_name("mentor"))
    expect(page.get_by_test_id("wall-winners").first).not_to_contain_text(full_name("director"))
    screenshot("award-wall")
    assert Recognition.objects.get().person == person("mentor")
    assert console_log.csp_violations() == []


def test_the_mentor_downloads_a_portfolio_that_names_the_award(
        page: Page, demo, sign_in, console_log, screenshot):
    from awards.models import Recognition

    cycle = a_cycle("results", committee=["facilitator"])
    cycle.published_at = timezone.now()
    cycle.save()
    award = cycle.awards.get(division__isnull=False)
    Recognition.objects.create(award=award, person=person("mentor"), published_at=timezone.now())
    sign_in(PERSONAS["mentor"].email, DEMO_PASSWORD)
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("button", name="Program").click()
    main_nav.get_by_role("link", name="Awards").click()
    page.get_by_role("link", name="My mentoring portfolio").click()
    expect(page.get_by_test_id("portfolio-awards")).to_contain_text(award.name)
    screenshot("portfolio")
    with page.expect_download() as info:
        page.get_by_test_id("portfolio-pdf").click()
    download = info.value
    assert download.suggested_filename.startswith("mentoring-portfolio-")
    with open(download.path(), "rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "General Internal Medicine Mentorship Award" in text
    assert full_name("mentor") in text
    assert full_name("mentee") not in text  # counted, not named, without their consent
    assert console_log.csp_violations() == []


def test_new_faculty_register_for_orientation_and_attending_meets_the_obligation(
        page: Page, demo, sign_in, console_log, screenshot):
    from programs.models import DevelopmentEvent

    mentee = person("mentee")
    event = DevelopmentEvent.objects.create(
        department=mentee.department, kind=DevelopmentEvent.Kind.ORIENTATION,
        title="New Faculty orientation", location="Room 4-120", organiser=person("admin"),
        starts_at=timezone.now() + 14 * DAY)
    sign_in(PERSONAS["newfaculty"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=re.compile(
        "Register for the New Faculty orientation")).click()
    expect(page.get_by_test_id("orientation-status")).to_contain_text("required in your first")
    page.get_by_test_id("upcoming-events").get_by_role("link", name=event.title).click()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("my-registration")).to_contain_text("You are registered.")
    screenshot("event-registered")
    # The session took place; the organiser (admin@) records who came.
    DevelopmentEvent.objects.filter(pk=event.pk).update(starts_at=timezone.now() - DAY)
    page.get_by_role("button", name="Sign out").click()
    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    attention(page).get_by_role("link", name=f"Record who attended {event.title}").click()
    page.get_by_label(re.compile(full_name("newfaculty"))).check()
    screenshot("event-attendance")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(PERSONAS["newfaculty"].email, DEMO_PASSWORD)
    expect(attention(page).get_by_role("link", name=re.compile("orientation"))).to_have_count(0)
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("button", name="Program").click()
    main_nav.get_by_role("link", name="Events").click()
    expect(page.get_by_test_id("orientation-status")).to_contain_text("Met")
    expect(page.get_by_test_id("orientation-status")).to_contain_text(
        "New Faculty orientation attended on")
    screenshot("event-obligation-met")
    assert console_log.csp_violations() == []


# --- WCAG 2.1 AA on every award and event page (the persona crawl sees only those the
# plain demo links to) --------------------------------------------------------------------

from tests.e2e.test_accessibility import axe_page, axe_violations, describe  # noqa: E402,F401


def test_every_award_and_event_page_passes_axe(axe_page, demo):  # noqa: F811
    from urllib.parse import urlsplit

    from awards.models import NominationLetter, Scorecard
    from programs.models import DevelopmentEvent, EventRegistration, Mentorship

    open_cycle = a_cycle("nominating", committee=["facilitator"])
    scoring = a_cycle("scoring", committee=["facilitator"])
    results = a_cycle("results", committee=["facilitator"])
    scored = nomination(scoring, person("mentor"), person("mentee"))
    NominationLetter.objects.create(nomination=scored, original_name="l.pdf", size=10, pages=1,
                                    file="letters/none.pdf")
    ranked = nomination(results, person("mentor"), person("mentee"))
    Scorecard.objects.create(nomination=ranked, scorer=person("facilitator"), total=8)
    event = DevelopmentEvent.objects.create(
        department=person("mentee").department, kind=DevelopmentEvent.Kind.MENTOR_WORKSHOP,
        title="Mentor workshop", organiser=person("admin"), starts_at=timezone.now() - DAY)
    EventRegistration.objects.create(event=event, person=person("mentor"))
    mentorship = Mentorship.objects.get(mentee=person("mentee"), mentor=person("mentor"))
    pages = {
        "admin": ["/awards/", "/awards/cycles/new/", f"/awards/cycles/{scoring.pk}/",
                  f"/awards/cycles/{results.pk}/results/", f"/awards/nominations/{scored.pk}/",
                  "/events/", "/events/new/", f"/events/{event.pk}/",
                  f"/events/{event.pk}/attendance/"],
        "facilitator": [f"/awards/cycles/{scoring.pk}/scoring/",
                        f"/awards/nominations/{scored.pk}/"],
        "mentee": [f"/awards/cycles/{open_cycle.pk}/nominate/", "/awards/wall/",
                   f"/portfolio/naming/{mentorship.pk}/"],
        "mentor": ["/portfolio/"],
    }
    page = axe_page
    found = {}
    for key, paths in pages.items():
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(PERSONAS[key].email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/")
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (key, path)
            found[f"{key} {path}"] = axe_violations(page)
        page.context.clear_cookies()
    blocking = {path: v for path, v in found.items() if v}
    assert not blocking, describe(blocking)
