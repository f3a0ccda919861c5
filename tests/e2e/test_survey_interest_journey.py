"""(4) newfaculty@ fills in the interest survey and finds their matching profile updated
(needs u-match merged)."""

import datetime
import re
import uuid

from django.utils import timezone
from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS
from tests.e2e.test_survey_journeys import _survey_sequences, person  # noqa: F401

pytestmark = E2E_MARKS

DAY = datetime.timedelta(days=1)


def test_newfaculty_fills_in_the_interest_survey_and_finds_their_profile_updated(
        page: Page, demo, sign_in, console_log, screenshot):
    from matching.models import MenteeNeeds
    from programs.models import Topic
    from surveys.access import hash_token
    from surveys.models import Invitation, Survey
    from surveys.services.builder import survey_from_template
    from surveys.services.runs import run_launch

    admin, newcomer = person("admin"), person("newfaculty")
    survey, _ = survey_from_template(
        template=Survey.objects.get(is_template=True, kind="interest"),
        department=admin.department, by=admin.user, title="", submission_token=uuid.uuid4())
    today = timezone.localdate()
    run, _ = run_launch(survey=survey, by=admin.user, submission_token=uuid.uuid4(),
                        title="Mentorship interest 2026", audience="department",
                        opens_on=today, closes_on=today + 14 * DAY, anonymous=False)
    Invitation.objects.create(run=run, person=newcomer, token_hash=hash_token(uuid.uuid4().hex),
                              invited_on=today)
    topic = Topic.objects.filter(is_active=True).order_by("ordering", "name").first()
    sign_in(PERSONAS["newfaculty"].email, DEMO_PASSWORD)
    page.get_by_test_id("attention").get_by_role(
        "link", name=re.compile("Survey waiting: Mentorship interest 2026")).click()
    expect(page.get_by_test_id("identified-notice")).to_contain_text("matching profile")
    page.get_by_label("Receive mentorship").check()
    page.locator(f"#id_q{run.version.sections.first().questions.get(key='interest_topics').pk}"
                 "_first").select_option(label=topic.name)
    page.get_by_label("One-to-one (dyadic)").check()
    page.get_by_label(re.compile("I agree that my answers are recorded")).check()
    screenshot("survey-interest")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are recorded.")).to_be_visible()
    needs = MenteeNeeds.objects.get(faculty=newcomer)
    assert [row.topic for row in needs.priorities.all()] == [topic]
    page.goto("/matching/me/")
    expect(page.get_by_text(topic.name).first).to_be_visible()
    screenshot("survey-interest-profile")
    assert console_log.csp_violations() == []
