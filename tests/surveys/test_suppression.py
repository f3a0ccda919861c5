"""Scores hidden below 5, comments below 10, and complementary suppression: a test tries
to recover a hidden group by subtraction and finds nothing to subtract."""

import pytest
from django.test import override_settings

from surveys.selectors.reports import csv_rows, run_results
from surveys.selectors.suppression import hidden_groups
from tests.programs.factories import DivisionFactory
from tests.surveys.factories import answer, counted, launch, people_in

pytestmark = pytest.mark.django_db


def test_a_small_group_is_hidden_and_so_is_the_next_smallest():
    assert hidden_groups({"A": 20, "B": 8, "C": 3}, 5) == {"B", "C"}


def test_two_small_groups_that_together_are_still_small_take_a_third_with_them():
    assert hidden_groups({"A": 20, "B": 9, "C": 2, "D": 1}, 5) == {"B", "C", "D"}


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert hidden_groups({"A": 5, "B": 6}, 5) == set()


def test_a_lone_small_group_beside_one_large_one_hides_the_whole_breakdown():
    assert hidden_groups({"A": 30, "B": 2}, 5) == {"A", "B"}


def _mean_of(cells, group):
    return next(c for c in cells if c.group == group)


def test_subtraction_cannot_recover_a_hidden_group(world):
    run = launch(world)
    big = DivisionFactory(department=world.department, name="Nephrology", slug="neph")
    small = DivisionFactory(department=world.department, name="Geriatrics", slug="geri")
    # 10 in General Internal Medicine score 5, 6 in Nephrology score 4, 3 in Geriatrics 1.
    for person in people_in(world.division, 10):
        answer(run, person, {"eval_satisfaction": 5})
    for person in people_in(big, 6):
        answer(run, person, {"eval_satisfaction": 4})
    for person in people_in(small, 3):
        answer(run, person, {"eval_satisfaction": 1})
    counted(run)
    result = next(r for r in run_results(run) if r.question.key == "eval_satisfaction")
    assert result.shown and result.n == 19
    division = dict(result.breakdowns)["Division"]
    assert _mean_of(division, "Geriatrics").hidden
    # Its complement is hidden too, so the overall figures minus the shown cells only
    # give the two hidden groups together (9 people), never Geriatrics alone.
    assert _mean_of(division, "Nephrology").hidden
    shown = [c for c in division if not c.hidden]
    hidden_n = result.n - sum(c.n for c in shown)
    hidden_total = result.mean * result.n - sum(c.mean * c.n for c in shown)
    assert hidden_n == 9 and hidden_n >= 5
    assert round(hidden_total / hidden_n, 2) != 1.0  # not Geriatrics' own score
    # The CSV follows the page.
    rows = [row for row in csv_rows([result]) if row[1] == "Division"]
    assert list({row[3] for row in rows if row[2] in ("Geriatrics",
                                                                   "Nephrology")}) == ["hidden"]


def test_a_question_with_fewer_than_five_answers_shows_nothing(world):
    run = launch(world)
    for person in people_in(world.division, 4):
        answer(run, person, {"eval_satisfaction": 5})
    counted(run)
    result = next(r for r in run_results(run) if r.question.key == "eval_satisfaction")
    assert not result.shown and result.counts == [] and result.chart is None


def test_comments_need_ten_writers_and_come_in_random_order_without_dates(world):
    run = launch(world)
    people = people_in(world.division, 10)
    for index, person in enumerate(people[:9]):
        answer(run, person, {"eval_change": f"Comment {index}"})
    counted(run)
    result = next(r for r in run_results(run) if r.question.key == "eval_change")
    assert result.comments_hidden and result.comments == []
    answer(run, people[9], {"eval_change": "Comment 9"})
    counted(run)
    orders = {tuple(next(r for r in run_results(run, seed=seed)
                         if r.question.key == "eval_change").comments) for seed in range(5)}
    assert all(sorted(order) == [f"Comment {i}" for i in range(10)] for order in orders)
    assert len(orders) > 1


@override_settings(SURVEY_MIN_SCORES=3, SURVEY_MIN_COMMENTS=3)
def test_the_thresholds_are_settings(world):
    run = launch(world)
    for person in people_in(world.division, 3):
        answer(run, person, {"eval_satisfaction": 5, "eval_change": "Yes"})
    counted(run)
    results = {r.question.key: r for r in run_results(run)}
    assert results["eval_satisfaction"].shown
    assert not results["eval_change"].comments_hidden


def test_progress_hides_a_small_divisions_rate_and_its_complement(world):
    from surveys.selectors.runs import progress
    from tests.surveys.factories import invite

    run = launch(world)
    big = people_in(world.division, 8)
    small = people_in(world.other_division, 4)
    for person in big + small:
        invite(run, person)
    for person in big[:6] + small[:3]:
        answer(run, person, {"eval_satisfaction": 3})
    figures = progress(run)
    assert (figures["invited"], figures["answered"]) == (12, 9)
    rows = {row.name: row for row in figures["divisions"]}
    assert rows["Cardiology"].answered is None and rows["Cardiology"].rate is None
    assert rows["General Internal Medicine"].rate is None  # else 9 - 6 gives Cardiology
    assert rows["Cardiology"].invited == 4
