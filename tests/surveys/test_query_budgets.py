"""Query budgets for every surveys page, and results and progress pages that cost the same
with 6 responses as with 40."""

import pytest
from django.urls import reverse

from tests.programs.test_query_budgets import assert_same, assert_within, count_queries
from tests.surveys.factories import answer, launch, people_in
from tests.surveys.test_permissions import setup

PAGE_BUDGETS = [
    ("surveys:index", lambda w: {}, "mentee", 7),
    ("surveys:index", lambda w: {}, "admin", 10),
    ("surveys:index", lambda w: {}, "vicechair", 8),
    ("surveys:survey_new", lambda w: {}, "admin", 7),
    ("surveys:survey_detail", lambda w: {"pk": setup(w).survey.pk}, "admin", 11),
    ("surveys:preview", lambda w: {"pk": setup(w).survey.pk}, "admin", 10),
    ("surveys:run_new", lambda w: {"pk": setup(w).survey.pk}, "admin", 9),
    ("surveys:run_progress", lambda w: {"pk": setup(w).run.pk}, "admin", 8),
    ("surveys:run_results", lambda w: {"pk": setup(w).run.pk}, "vicechair", 12),
    ("surveys:run_results_csv", lambda w: {"pk": setup(w).run.pk}, "admin", 10),
    ("surveys:answer", lambda w: {"pk": setup(w).run.pk}, "mentee", 10),
    ("surveys:topic_supply", lambda w: {}, "admin", 9),
    ("surveys:answer_link", lambda w: {"token": setup(w).token}, None, 6),
]


@pytest.mark.parametrize(("name", "kwargs", "persona", "ceiling"), PAGE_BUDGETS,
                         ids=[f"{row[0]}-{row[2]}" for row in PAGE_BUDGETS])
def test_page_stays_within_its_budget(client, world, login, name, kwargs, persona, ceiling):
    if persona:
        login(world.person(persona))
    assert_within(count_queries(client, reverse(name, kwargs=kwargs(world))), ceiling,
                  f"{name} as {persona}")


def test_every_surveys_page_has_a_budget():
    from tests.surveys.test_permissions import MATRIX

    pages = {row.name for row in MATRIX if row.method == "get"}
    assert pages <= {row[0] for row in PAGE_BUDGETS}


@pytest.mark.parametrize("name", ["surveys:run_results", "surveys:run_progress",
                                  "surveys:run_results_csv"])
def test_results_and_progress_cost_the_same_however_many_answered(client, world, login, name):
    login(world.admin)
    runs = []
    for size in (6, 40):
        run = launch(world, title=f"Run of {size}")
        for person in people_in(world.division, size):
            answer(run, person, {"eval_satisfaction": 4, "eval_recommend": 7,
                                 "barriers_department": [0, 2], "eval_change": "Time."})
        runs.append(run)
    small, large = (count_queries(client, reverse(name, args=[run.pk])) for run in runs)
    assert_same(small, large, name)
