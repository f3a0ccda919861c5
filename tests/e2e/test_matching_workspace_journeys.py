"""The facilitator workspace and cohort assignment in Chromium: facilitator@ reads why the
top candidate for newfaculty@ scored as it did and proposes them; both accept, each as
themself, and the mentorship exists; proposing newfaculty@'s own Division Director is
impossible and the page says why; admin@ runs a cohort, compares it with greedy, edits a
pair and publishes."""

import datetime
import random
import re

from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS
from tests.e2e.test_accessibility import axe_page  # noqa: F401 - the fixture

pytestmark = E2E_MARKS


def person(key: str):
    from programs.models import FacultyMember

    return FacultyMember.objects.select_related("user", "department", "division").get(
        user__email=PERSONAS[key].email)


def with_profiles(demo) -> None:
    """The demo's interest profiles, newfaculty@'s needs, and an offer from the Director
    (so the rules have someone to leave out)."""
    from matching.demo import seed_profiles
    from matching.models import MentorProfile
    from tests.matching.helpers import needs

    seed_profiles(department=demo, today=datetime.date.today(), rng=random.Random(7))
    needs(person("newfaculty"), "Research & scholarship", "Career planning & promotion")
    MentorProfile.objects.get_or_create(faculty=person("director"))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/|/$"))


def test_the_facilitator_proposes_the_explained_top_candidate_and_both_accept(
        page: Page, demo, sign_in, console_log, screenshot):
    from matching.models import Proposal
    from programs.models import Mentorship

    with_profiles(demo)
    newfaculty = person("newfaculty")
    sign_in(PERSONAS["facilitator"].email, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Matching").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matching: General Internal")
    card = page.get_by_test_id(f"unmatched-{newfaculty.pk}")
    expect(card.get_by_role("listitem").filter(has=page.get_by_test_id("score-parts"))
           ).to_have_count(2)
    expect(card).to_contain_text("your first: Research & scholarship")
    screenshot("matching-workspace")
    card.get_by_role("link", name=newfaculty.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(newfaculty.full_name)
    first = page.get_by_role("radio").first
    expect(first).to_be_checked()
    top_id = int(first.get_attribute("value"))
    expect(page.get_by_test_id(f"candidate-{top_id}").get_by_test_id("score-parts")
           ).to_contain_text("Topics")
    screenshot("matching-candidates")
    page.get_by_role("button", name="Propose the chosen mentor").click()
    expect(page.get_by_test_id("proposal-state")).to_have_text("Waiting for answers")
    proposal = Proposal.objects.get()
    assert (proposal.mentee_id, proposal.mentor_id) == (newfaculty.pk, top_id)
    screenshot("matching-proposal-facilitator")
    sign_out(page)

    sign_in(PERSONAS["newfaculty"].email, DEMO_PASSWORD)
    page.get_by_test_id("attention").get_by_role(
        "link", name=re.compile("Answer the proposal")).click()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("starts when the other side accepts")).to_be_visible()
    sign_out(page)

    mentor = proposal.mentor
    sign_in(mentor.user.email, DEMO_PASSWORD)
    page.get_by_test_id("attention").get_by_role(
        "link", name=re.compile("Answer the proposal")).click()
    screenshot("matching-proposal-mentor")
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_test_id("matched")).to_be_visible()
    assert Mentorship.objects.active().formal().filter(mentee=newfaculty, mentor=mentor).exists()
    assert console_log.csp_violations() == []


def test_the_division_director_cannot_be_proposed_and_the_page_says_why(
        page: Page, demo, sign_in, console_log):
    with_profiles(demo)
    newfaculty, director = person("newfaculty"), person("director")
    sign_in(PERSONAS["facilitator"].email, DEMO_PASSWORD)
    page.goto(f"/matching/divisions/{newfaculty.division_id}/people/{newfaculty.pk}/")
    expect(page.get_by_test_id(f"candidate-{director.pk}")).to_have_count(0)
    expect(page.get_by_test_id(f"excluded-{director.pk}")).to_contain_text(
        "is the Division Director of")
    # Forcing the form anyway: refused, and nothing is proposed.
    page.evaluate(
        "(id) => { const r = document.querySelector('input[name=mentor]'); r.value = id; }",
        str(director.pk))
    page.get_by_role("button", name="Propose the chosen mentor").click()
    expect(page.get_by_test_id("propose-error")).to_contain_text(
        "A formal mentor is never someone the mentee reports to")
    from matching.models import Proposal

    assert not Proposal.objects.exists()
    assert console_log.csp_violations() == []


def test_the_admin_runs_a_cohort_edits_a_pair_and_publishes(
        page: Page, demo, sign_in, console_log, screenshot):
    from matching.models import CohortRun, Proposal

    with_profiles(demo)
    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Matching").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohort assignment")
    since = datetime.date.today() - datetime.timedelta(days=3 * 365)
    page.get_by_label("Appointed on or after").fill(since.isoformat())
    page.get_by_role("button", name="Run the assignment").click()
    expect(page.get_by_test_id("comparison")).to_be_visible()
    run = CohortRun.objects.get()
    assert run.optimal_matched >= run.greedy_matched
    expect(page.get_by_test_id("draft-figures")).to_contain_text(f"{run.optimal_matched} of")
    expect(page.get_by_test_id("greedy-figures")).to_contain_text(f"{run.greedy_matched} of")
    screenshot("matching-cohort")
    pair = run.pairs.filter(mentor__isnull=False).order_by("order").first()
    page.get_by_role("link", name=f"Change the mentor of {pair.mentee.full_name}").click()
    page.get_by_label("Mentor").select_option(label="Nobody (leave unmatched)")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_test_id(f"pair-{pair.mentee_id}")).to_contain_text("unmatched")
    page.get_by_role("button", name=re.compile("Publish: propose these")).click()
    expect(page.get_by_text(re.compile(r"Published: \d+ proposals? sent"))).to_be_visible()
    run.refresh_from_db()
    assert run.state == CohortRun.State.PUBLISHED
    assert Proposal.objects.filter(cohort_run=run).count() == run.optimal_matched - 1
    assert not Proposal.objects.filter(mentee_id=pair.mentee_id).exists()
    assert console_log.csp_violations() == []


def test_the_workspace_and_cohort_pages_pass_axe_with_real_data(axe_page, demo):  # noqa: F811
    """The crawl's demo has no offers or runs; here every page of this journey has data."""
    from matching.models import CohortRun
    from matching.services.cohorts import cohort_start
    from matching.services.proposals import proposal_create
    from tests.e2e.test_accessibility import axe_violations, breadcrumb_problem, describe

    with_profiles(demo)
    newfaculty, admin = person("newfaculty"), person("admin")
    run = cohort_start(department=demo, division=None, kind="formal",
                       appointed_since=datetime.date.today() - datetime.timedelta(days=1000),
                       by=admin.user)
    assert run.state == CohortRun.State.READY
    pair = run.pairs.filter(mentor__isnull=False).first()
    proposal = proposal_create(mentee=newfaculty, mentor=person("mentor"), kind="formal",
                               by=admin.user)
    page = axe_page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(PERSONAS["admin"].email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    found, trails = {}, {}
    for path in [f"/matching/divisions/{newfaculty.division_id}/",
                 f"/matching/divisions/{newfaculty.division_id}/people/{newfaculty.pk}/",
                 f"/matching/divisions/{newfaculty.division_id}/people/{newfaculty.pk}/"
                 "?kind=buddy",
                 f"/matching/proposals/{proposal.pk}/", "/matching/cohorts/",
                 f"/matching/cohorts/{run.pk}/",
                 f"/matching/cohorts/{run.pk}/pairs/{pair.pk}/"]:
        response = page.goto(path)
        assert response.status == 200, path
        found[path] = axe_violations(page)
        problem = breadcrumb_problem(page)
        if problem:
            trails[path] = problem
    blocking = {path: v for path, v in found.items() if v}
    assert not blocking, describe(blocking)
    assert not trails, trails
