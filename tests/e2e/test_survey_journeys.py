"""Surveys in Chromium: (1) admin@ builds a short survey from the evaluation template and
launches it to one division; (2) a faculty member answers from the emailed link without
signing in, and the link does not work a second time; (3) admin@ reads the results, with a
group of 3 hidden and its complement hidden too."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _survey_sequences(migrated_data):
    """Serialized rollback puts the shipped templates back with their ids but leaves the
    id sequences where they were: move them past the restored rows."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(
        no_style(), list(apps.get_app_config("surveys").get_models()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def person(key: str):
    from programs.models import FacultyMember

    return FacultyMember.objects.select_related("user", "division").get(
        user__email=PERSONAS[key].email)


def evaluation_run(division=None, audience="department"):
    from surveys.models import Survey
    from surveys.services.builder import survey_from_template
    from surveys.services.runs import run_launch

    admin = person("admin")
    survey, _ = survey_from_template(
        template=Survey.objects.get(is_template=True, kind="evaluation"),
        department=admin.department, by=admin.user, title="", submission_token=uuid.uuid4())
    today = timezone.localdate()
    run, _ = run_launch(survey=survey, by=admin.user, submission_token=uuid.uuid4(),
                        title="Program evaluation 2026", audience=audience, division=division,
                        opens_on=today, closes_on=today + 14 * DAY, anonymous=True)
    return run


def test_admin_builds_a_survey_from_the_template_and_launches_it_to_one_division(
        page: Page, demo, sign_in, console_log, screenshot):
    from surveys.models import Invitation, Question, Run
    from surveys.services.runs import invitations_send

    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    page.get_by_role("button", name="Program").click()
    page.get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name="New survey from a template").click()
    page.get_by_label("Program evaluation").check()
    page.get_by_label("Title").fill("Short evaluation 2026")
    page.get_by_role("button", name="Create the survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Short evaluation 2026")
    screenshot("survey-builder-start")
    # Keep it short: remove the mentor-level barriers, move a question up, add one.
    page.get_by_role("button", name=re.compile(r"^Remove\W+As a mentor")).click()
    page.get_by_role("button", name=re.compile(r"^Up\W+How likely are you to recommend")).click()
    page.locator("#id_text").fill("I know whom to ask for a new mentor.")
    page.get_by_label("Answered with").select_option("likert")
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    screenshot("survey-builder")
    page.get_by_role("link", name="Preview as a respondent").click()
    expect(page.get_by_test_id("anonymous-notice")).to_be_visible()
    expect(page.get_by_text("I know whom to ask for a new mentor.")).to_be_visible()
    screenshot("survey-preview")
    page.go_back()
    page.get_by_role("link", name="Launch a run").click()
    page.get_by_label("One division").check()
    division = person("mentee").division
    page.get_by_label("Division", exact=True).select_option(label=division.name)
    page.get_by_label("Closes after").fill((timezone.localdate() + 14 * DAY).isoformat())
    screenshot("survey-launch")
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress")
    run = Run.objects.get(title="Short evaluation 2026")
    assert run.anonymous and run.division_id == division.pk
    keys = set(Question.objects.filter(section__version=run.version).values_list("key",
                                                                                  flat=True))
    assert "barriers_mentor" not in keys and len(keys) == 8
    # The worker's job (no worker in this test): the division only, once.
    invitations_send(run_id=run.pk, on=timezone.localdate())
    invitations_send(run_id=run.pk, on=timezone.localdate())
    invited = Invitation.objects.filter(run=run)
    assert invited.count() == division.members.current().count()
    assert not invited.exclude(person__division=division).exists()
    page.reload()
    expect(page.get_by_test_id("progress-totals")).to_contain_text(f"{invited.count()} invited")
    screenshot("survey-progress")
    assert console_log.csp_violations() == []


def test_a_faculty_member_answers_from_the_emailed_link_once_without_signing_in(
        page: Page, demo, console_log, screenshot):
    from programs.models import Notification
    from surveys.models import Ballot, Completion
    from surveys.services.runs import invitations_send

    mentee = person("mentee")
    run = evaluation_run(division=mentee.division, audience="division")
    invitations_send(run_id=run.pk, on=timezone.localdate())
    email = Notification.objects.get(key=f"survey-invitation:{run.pk}:{mentee.pk}")
    link = re.search(r"https?://\S+(/surveys/a/\S+/)", email.body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Program evaluation 2026")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # A missing required answer: the page comes back with what was typed.
    page.get_by_label("8", exact=True).check()
    page.get_by_label("What one change would make").fill("Protected time for meetings.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Some answers need attention")).to_be_visible()
    expect(page.get_by_label("What one change would make")).to_have_value(
        "Protected time for meetings.")
    page.get_by_label("4: Agree").check()
    screenshot("survey-answer")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_test_id("answer-message")).to_contain_text("your answers are recorded")
    # Anonymous: sealed in the ballot box until a batch of others is counted with it.
    assert Ballot.objects.filter(run=run).count() == 1
    assert Completion.objects.filter(run=run, person=mentee).exists()
    page.goto(link)
    expect(page.get_by_test_id("answer-message")).to_contain_text("This link has been used")
    screenshot("survey-link-used")
    assert Ballot.objects.filter(run=run).count() == 1
    assert console_log.csp_violations() == []


def test_admin_reads_results_with_a_small_group_and_its_complement_hidden(
        page: Page, demo, sign_in, console_log, screenshot):
    from django.db.models import Count

    from programs.models import Division
    from surveys.models import Invitation, Question
    from surveys.services.ballots import ballots_count
    from surveys.services.responses import response_record

    run = evaluation_run()
    divisions = list(Division.objects.filter(department=run.survey.department)
                     .annotate(n=Count("members")).filter(n__gte=3).order_by("-n", "name"))
    plan = [(divisions[0], 10, 5), (divisions[1], 6, 4), (divisions[2], 3, 1)]
    satisfaction = Question.objects.get(section__version=run.version, key="eval_satisfaction")
    today = timezone.localdate()
    for division, count, score in plan:
        for member in division.members.all()[:count]:
            Invitation.objects.create(run=run, person=member, token_hash=uuid.uuid4().hex,
                                      invited_on=today)
            response_record(run=run, person=member, answers={satisfaction: score}, on=today)
    # Counted in batches while the run is open: some wait, and the page says so.
    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    page.goto(f"/surveys/runs/{run.pk}/results/")
    expect(page.get_by_test_id("waiting")).to_contain_text("9 more answers are sealed")
    screenshot("survey-results-waiting")
    # The run closes and the hourly job counts what waits.
    ballots_count(run_id=run.pk, everything=True)
    page.goto(f"/surveys/runs/{run.pk}/results/")
    card = page.get_by_test_id("result-eval_satisfaction")
    expect(card).to_contain_text("19 answers")
    card.get_by_text("By division", exact=True).click()
    table = card.get_by_test_id("breakdown-eval_satisfaction-1")
    small, complement, large = plan[2][0], plan[1][0], plan[0][0]
    expect(table.get_by_role("row", name=re.compile(re.escape(small.name)))).to_contain_text(
        "hidden")
    expect(table.get_by_role("row", name=re.compile(re.escape(complement.name)))
           ).to_contain_text("hidden")
    expect(table.get_by_role("row", name=re.compile(re.escape(large.name)))).to_contain_text(
        "5.0")
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
    screenshot("survey-results")
    assert console_log.csp_violations() == []
    assert console_log.page_errors == []


def test_every_survey_page_passes_axe_and_has_breadcrumbs(browser, live_server, demo):
    from surveys.services.responses import response_record
    from tests.e2e.conftest import TIMEOUT_MS
    from tests.e2e.test_accessibility import axe_violations, crawl, describe

    run = evaluation_run()
    mentee = person("mentee")
    from surveys.models import Invitation, Question
    Invitation.objects.create(run=run, person=mentee, token_hash=uuid.uuid4().hex,
                              invited_on=timezone.localdate())
    for member in mentee.division.members.exclude(pk=mentee.pk)[:6]:
        Invitation.objects.create(run=run, person=member, token_hash=uuid.uuid4().hex,
                                  invited_on=timezone.localdate())
        response_record(run=run, person=member, on=timezone.localdate(), answers={
            Question.objects.get(section__version=run.version, key="eval_satisfaction"): 4})
    context = browser.new_context(base_url=live_server.url, bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    found, trails = {}, {}
    for key, start in (("admin", "/surveys/"), ("mentee", f"/surveys/runs/{run.pk}/answer/")):
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(PERSONAS[key].email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: url.endswith("/"))
        found.update(crawl(page, start=start, trails=trails))
        page.get_by_role("button", name="Sign out").click()
    context.close()
    assert any("/results/" in path for path in found) and any("/answer/" in path
                                                             for path in found)
    blocking = {path: v for path, v in found.items() if v}
    assert not blocking, describe(blocking)
    assert not trails, trails
    assert axe_violations is not None
