"""The demo surveys: two past evaluations with trends, the interest survey answered by most,
a pulse in progress waiting for mentee@."""

import datetime
import random

import pytest
from django.utils import timezone

from programs.demo.department import DemoBuilder
from surveys.demo import seed_history
from surveys.models import Completion, Run
from surveys.selectors.reports import trends
from surveys.selectors.runs import waiting_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_trends_an_interest_survey_and_a_pulse_waiting_for_mentee():
    today = timezone.localdate()
    built = DemoBuilder(faculty=60, today=today).build()
    department = getattr(built, "department", None) or built
    from programs.models import FacultyMember
    mentee = FacultyMember.objects.get(user__email="mentee@demo.example")
    if not Run.objects.exists():
        seed_history(department=mentee.department, today=today, rng=random.Random(1))
    evaluations = Run.objects.filter(survey__kind="evaluation").order_by("opens_on")
    assert evaluations.count() == 2
    assert trends(evaluations.last()) and trends(evaluations.last())[0]["rows"]
    interest = Run.objects.get(survey__kind="interest")
    assert Completion.objects.filter(run=interest).count() > 0.6 * interest.invitations.count()
    assert [run.survey.kind for run in waiting_for(mentee, today)] == ["pulse"]
    assert isinstance(today, datetime.date) and department is not None
