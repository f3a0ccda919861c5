"""Cohort runs: the draft is optimal and never worse than greedy, edits keep the rules
and capacities, publishing turns pairs into proposals once, and a large run goes to a
Celery task with its progress on the run."""

import datetime

import pytest

from matching import tasks
from matching.models import CohortRun, Proposal
from matching.services import cohorts as service
from matching.services.cohorts import (
    CohortError,
    cohort_pair_set,
    cohort_publish,
    cohort_start,
)
from tests.matching.helpers import needs, offer
from tests.programs.factories import FacultyFactory

TODAY = datetime.date.today()
SINCE = TODAY - datetime.timedelta(days=365)


@pytest.fixture
def intake(world):
    """Three newcomers; the mentor (one place left) covers what all want, the
    facilitator (one place) only the second's second topic."""
    people = [world.newfaculty]
    for i in range(2):
        people.append(FacultyFactory(division=world.division, department=world.department,
                                     appointment_date=TODAY - datetime.timedelta(days=20 + i)))
    for person in people:
        needs(person, "grant writing", "teaching")
    offer(world.mentor, "grant writing", "teaching", capacity=2)
    offer(world.facilitator, "teaching", capacity=1)
    offer(world.director, "grant writing", "teaching", capacity=5)  # oversees all three
    return people


def test_the_draft_matches_as_many_as_capacity_allows_and_never_the_director(world, intake):
    run = cohort_start(department=world.department, division=world.division, kind="formal",
                       appointed_since=SINCE, by=world.facilitator.user)
    assert run.state == CohortRun.State.READY and run.mentees == 3
    pairs = list(run.pairs.all())
    assert sum(1 for p in pairs if p.mentor_id) == 2 == run.optimal_matched
    assert all(p.mentor_id != world.director.pk for p in pairs)
    assert run.optimal_matched >= run.greedy_matched
    assert all(p.explanation for p in pairs if p.mentor_id)


def test_an_edit_keeps_the_rules_and_the_drafts_capacity(world, intake):
    run = cohort_start(department=world.department, division=world.division, kind="formal",
                       appointed_since=SINCE, by=None)
    unmatched = run.pairs.get(mentor__isnull=True)
    with pytest.raises(CohortError) as error:
        cohort_pair_set(run=run, pair=unmatched, mentor=world.director, by=None)
    assert error.value.code == "oversees"
    taken = run.pairs.filter(mentor__isnull=False).first()
    with pytest.raises(CohortError) as error:
        cohort_pair_set(run=run, pair=unmatched, mentor=taken.mentor, by=None)
    assert error.value.code == "full"
    cohort_pair_set(run=run, pair=taken, mentor=None, by=None)
    edited = cohort_pair_set(run=run, pair=unmatched, mentor=taken.mentor, by=None)
    assert edited.edited and edited.mentor == taken.mentor


def test_publishing_proposes_each_pair_once(world, intake):
    run = cohort_start(department=world.department, division=world.division, kind="formal",
                       appointed_since=SINCE, by=None)
    made, refused = cohort_publish(run=run, by=None)
    assert made == 2 and refused == []
    assert Proposal.objects.filter(cohort_run=run, state="open").count() == 2
    with pytest.raises(CohortError):
        cohort_publish(run=run, by=None)
    # The next run leaves out whoever has an open proposal.
    again = cohort_start(department=world.department, division=world.division, kind="formal",
                         appointed_since=SINCE, by=None)
    assert again.mentees == 1


def test_a_buddy_run_pairs_newcomers(world, intake):
    for person in intake:
        person.new_to_country = True
        person.save()
    run = cohort_start(department=world.department, division=None, kind="buddy",
                       appointed_since=SINCE, by=None)
    assert run.mentees == 3 and run.optimal_matched == 3  # buddies: one each, no capacity


def test_a_large_run_is_solved_by_the_task_with_progress(world, intake, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    monkeypatch.setattr(service, "INLINE_LIMIT", 1)
    queued = []
    monkeypatch.setattr(tasks.solve_cohort, "delay", lambda run_id: queued.append(run_id))
    with django_capture_on_commit_callbacks(execute=True):
        run = cohort_start(department=world.department, division=world.division,
                           kind="formal", appointed_since=SINCE, by=None)
    assert run.state == CohortRun.State.QUEUED and queued == [run.pk]
    tasks.solve_cohort(run.pk)
    run.refresh_from_db()
    assert run.state == CohortRun.State.READY and run.progress == 100
    tasks.solve_cohort(run.pk)  # a redelivered task changes nothing
    assert run.pairs.count() == 3


def test_a_double_submitted_run_is_one_run(world, intake):
    first = cohort_start(department=world.department, division=world.division, kind="formal",
                         appointed_since=SINCE, by=world.facilitator.user)
    second = cohort_start(department=world.department, division=world.division, kind="formal",
                          appointed_since=SINCE, by=world.facilitator.user)
    assert first.pk == second.pk and CohortRun.objects.count() == 1


@pytest.mark.parametrize("kind", ["formal", "buddy"])
def test_the_cohort_mask_is_the_rules_pair_by_pair(world, intake, kind):
    from matching.selectors.recommendations import Pool
    from programs.models import FacultyMember

    world.facilitator.status = FacultyMember.Status.ON_LEAVE
    world.facilitator.save()
    mentees = [*intake, world.mentee, world.mentor]
    pool = Pool.load(world.department, mentees)
    allowed = pool.rules.allowed_matrix(mentees, pool.mentors, kind)
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(pool.mentors):
            assert allowed[i, j] == (pool.rules.exclusion(mentee, mentor, kind) is None), (
                mentee, mentor)


def test_the_demo_intake_gives_a_real_cohort(db):
    import random

    from matching.demo import INTAKE_SIZE, seed_intake, seed_profiles
    from programs.demo.department import DemoBuilder

    builder = DemoBuilder(faculty=500, today=TODAY)
    department = builder.build()
    seed_profiles(department=department, today=TODAY, rng=random.Random(1))
    seed_intake(department=department, today=TODAY, rng=random.Random(1))
    seed_intake(department=department, today=TODAY, rng=random.Random(1))  # once only
    july = datetime.date(TODAY.year if TODAY.month >= 7 else TODAY.year - 1, 7, 1)
    run = cohort_start(department=department, division=None, kind="formal",
                       appointed_since=july, by=None)
    assert run.mentees >= INTAKE_SIZE
    assert run.optimal_matched >= run.greedy_matched
