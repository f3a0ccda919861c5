"""Anonymous mode, proven on the schema and on the rows written: no column of a response
table can be joined to a person, keys are random, and nothing orders the rows."""

import uuid

import pytest
from django.db import connection, models

from programs.models import FacultyMember, User
from surveys.models import Answer, Attribution, Completion, Invitation, Response, Tally
from tests.surveys.factories import answer, launch, people_in

pytestmark = pytest.mark.django_db

ANONYMOUS_TABLES = (Response, Answer, Tally)
PERSONAL = {FacultyMember, User, Invitation, Completion, Attribution}
# Names that would carry a person, their device, or a time finer than the date.
FORBIDDEN_WORDS = ("user", "person", "faculty", "invitation", "ip", "agent", "email",
                   "token", "created_at", "updated_at", "time")


@pytest.mark.parametrize("model", ANONYMOUS_TABLES, ids=lambda m: m.__name__)
def test_no_column_of_an_anonymous_table_points_at_a_person(model):
    for field in model._meta.concrete_fields:
        if field.is_relation:
            assert field.related_model not in PERSONAL, f"{model.__name__}.{field.name}"
        parts = field.column.lower().split("_")
        assert not any(word in parts for word in FORBIDDEN_WORDS), (
            f"{model.__name__}.{field.column}")
        assert not isinstance(field, models.DateTimeField), f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("model", (Response, Answer, Completion), ids=lambda m: m.__name__)
def test_response_and_completion_keys_are_random_not_a_sequence(model):
    assert isinstance(model._meta.pk, models.UUIDField)
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor,
                                                                     model._meta.db_table)
        # No identity or serial column that would number the rows in order.
        sequences = connection.introspection.get_sequences(cursor, model._meta.db_table,
                                                           description)
    assert sequences == []


def test_the_columns_in_the_database_are_the_ones_the_models_declare():
    with connection.cursor() as cursor:
        for model in (Response, Answer, Completion):
            columns = {c.name for c in connection.introspection.get_table_description(
                cursor, model._meta.db_table)}
            assert columns == {f.column for f in model._meta.concrete_fields}


def test_completion_has_no_time_and_nothing_to_order_it_by():
    names = {f.name for f in Completion._meta.concrete_fields}
    assert names == {"id", "run", "person"}


def test_rows_written_carry_no_person_and_reveal_no_order(world):
    run = launch(world)
    people = people_in(world.division, 6)
    for person in people:
        answer(run, person, {"eval_satisfaction": 4, "eval_recommend": 8,
                             "eval_change": "More protected time."})
    responses = list(Response.objects.filter(run=run).values())
    assert len(responses) == 6
    for row in responses:
        assert set(row) == {"id", "run_id", "submitted_on"}
        assert isinstance(row["id"], uuid.UUID) and row["id"].version == 4
    # The keys are not in the order the answers came in (a sequence would be).
    ids = [row["id"] for row in Response.objects.filter(run=run).order_by("id").values()]
    assert len(set(ids)) == 6
    assert not Attribution.objects.exists()
    # Who answered is known (reminders need it); which answers are theirs is not.
    assert set(Completion.objects.filter(run=run).values_list("person_id", flat=True)) == {
        p.pk for p in people}
    for value in Answer.objects.filter(response__run=run).values():
        assert set(value) == {"id", "response_id", "question_id", "number", "choices", "text"}


def test_an_identified_run_links_each_response_to_its_author(world):
    from tests.surveys.factories import survey_for
    run = launch(world, survey_for(world, "pulse"), anonymous=False)
    response = answer(run, world.mentee, {"pulse_helpful": 2, "pulse_cadence": 3})
    assert Attribution.objects.get(response=response).person == world.mentee
