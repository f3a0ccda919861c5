"""Anonymous mode, proven on the schema and on the rows written: no column of a response
table can be joined to a person, keys are random, and nothing orders the rows. On
PostgreSQL, not even the system columns: no response, answer or counter was written by the
transaction that wrote a completion, and the physical order is not the order of answering."""

import uuid

import pytest
from django.db import connection, models
from django.test import override_settings

from programs.models import FacultyMember, User
from surveys.models import (
    Answer,
    Attribution,
    Ballot,
    Completion,
    Invitation,
    Response,
    Tally,
)
from tests.mentorship.test_celery import private_queue  # noqa: F401
from tests.surveys.factories import answer, counted, launch, people_in, question

pytestmark = pytest.mark.django_db

ANONYMOUS_TABLES = (Response, Answer, Tally, Ballot)
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


@pytest.mark.parametrize("model", (Response, Answer, Completion, Ballot),
                         ids=lambda m: m.__name__)
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
        for model in (Response, Answer, Completion, Ballot):
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
    # Until counted, the answers are sealed: no person, no answer, no length to go by.
    ballots = list(Ballot.objects.filter(run=run).values())
    assert len(ballots) == 6 and not Response.objects.filter(run=run).exists()
    for row in ballots:
        assert set(row) == {"id", "run_id", "sealed"}
        sealed = bytes(row["sealed"])
        assert b"protected" not in sealed
        assert not any(p.user.last_name.encode() in sealed for p in people)
    assert len({len(bytes(row["sealed"])) for row in ballots}) == 1
    assert counted(run) == 6
    responses = list(Response.objects.filter(run=run).values())
    assert len(responses) == 6 and not Ballot.objects.filter(run=run).exists()
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


def _system_columns(model, run) -> list[tuple[str, str]]:
    """(xmin, ctid) of a run's rows: the transaction that wrote each, and where it lies."""
    table = model._meta.db_table
    run_column = "r.run_id" if model is not Answer else "x.run_id"
    join = (f"JOIN {Response._meta.db_table} x ON x.id = r.response_id"
            if model is Answer else "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r.xmin::text, r.ctid::text, r.id FROM {table} r {join} "
                       f"WHERE {run_column} = %s ORDER BY r.ctid", [run.pk])
        return cursor.fetchall()


# Real commits, one per answer, as in production: the test reads PostgreSQL's own columns.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's system columns")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(SURVEY_MIX_BATCH=4)
def test_no_response_shares_a_transaction_with_a_completion_or_lies_in_answering_order(
        world, private_queue):  # noqa: F811
    run = launch(world)
    people = people_in(world.division, 11)
    recommend = question(run, "eval_recommend")
    for score, person in enumerate(people):  # person n scores n: the order of answering
        answer(run, person, {"eval_satisfaction": 3, "eval_recommend": score})
        if score == 7:
            # 8 waiting: 4 counted, 4 kept back at random; then 3 more wait.
            assert Response.objects.filter(run=run).count() == 4
    assert Ballot.objects.filter(run=run).count() == 7
    assert counted(run) == 7  # the close
    completions = {xmin for xmin, _, _ in _system_columns(Completion, run)}
    assert len(completions) == 11  # one transaction per answer
    written = {model: _system_columns(model, run) for model in (Response, Answer, Tally)}
    for model, rows in written.items():
        assert rows and not {xmin for xmin, _, _ in rows} & completions, model.__name__
    # Two mixes wrote every response; within each, one transaction for all.
    assert len({xmin for xmin, _, _ in written[Response]}) == 2
    # Read in physical order, the scores are not the order people answered in.
    score_of = dict(Answer.objects.filter(question=recommend).values_list("response_id",
                                                                        "number"))
    physical = [score_of[response_id] for _, _, response_id in written[Response]]
    assert sorted(physical) == list(range(11))
    assert physical != list(range(11))


def test_an_identified_run_links_each_response_to_its_author(world):
    from tests.surveys.factories import survey_for
    run = launch(world, survey_for(world, "pulse"), anonymous=False)
    response = answer(run, world.mentee, {"pulse_helpful": 2, "pulse_cadence": 3})
    assert Attribution.objects.get(response=response).person == world.mentee
