"""Building: from a template, add, reorder and remove questions; once a run has used a
version its questions never change: the next edit makes a new version."""

import uuid

import pytest
from django.urls import reverse

from surveys.models import Answer, Question, Survey
from surveys.services.builder import (
    question_add,
    question_delete,
    question_move,
    survey_from_template,
)
from tests.surveys.factories import answer, counted, launch, survey_for, template

pytestmark = pytest.mark.django_db


def keys(survey):
    return list(Question.objects.filter(section__version=survey.current_version)
                .order_by("section__position", "position").values_list("key", flat=True))


def test_a_template_copies_into_the_department_once_per_form(world):
    token = uuid.uuid4()
    first, created = survey_from_template(template=template(), department=world.department,
                                          by=world.admin.user, title="", submission_token=token)
    again, created_again = survey_from_template(template=template(),
                                                department=world.department,
                                                by=world.admin.user, title="",
                                                submission_token=token)
    assert created and not created_again and first == again
    assert keys(first) == keys(template())


def test_editing_before_any_run_changes_the_version_in_place(world):
    survey = survey_for(world)
    before = keys(survey)
    moved = Question.objects.get(section__version=survey.current_version, key="eval_recommend")
    question_move(survey=survey, question_id=moved.pk, direction="up")
    assert keys(survey)[:2] == ["eval_recommend", "eval_satisfaction"]
    assert survey.current_version.number == 1 and sorted(keys(survey)) == sorted(before)


def test_once_answered_an_edit_makes_a_new_version_and_old_answers_keep_their_question(world):
    survey = survey_for(world)
    run = launch(world, survey)
    answer(run, world.mentee, {"eval_satisfaction": 5, "eval_recommend": 9})
    counted(run)
    old = Question.objects.get(section__version=run.version, key="eval_recommend")
    question_delete(survey=survey, question_id=old.pk)  # an id of the frozen version
    survey = Survey.objects.get(pk=survey.pk)
    assert survey.current_version.number == 2
    assert "eval_recommend" not in keys(survey)
    # The run and its answers still read version 1, untouched.
    assert Question.objects.filter(pk=old.pk).exists()
    assert Answer.objects.filter(question=old).count() == 1
    section = survey.current_version.sections.first()
    question_add(survey=survey, section_id=section.pk, text="New?", kind="likert",
                 required=True)
    assert Survey.objects.get(pk=survey.pk).current_version.number == 2


def test_a_choice_question_needs_two_choices(client, world, login):
    survey = survey_for(world)
    login(world.admin)
    section = survey.current_version.sections.first()
    response = client.post(reverse("surveys:question_new", args=[survey.pk]), {
        "section": section.pk, "text": "Pick one", "kind": "single", "choices": "Only"})
    assert response.status_code == 400 and b"at least two choices" in response.content
    assert b"Pick one" in response.content
