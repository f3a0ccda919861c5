"""Cohort runs: assign a whole intake at once, optimally, beside the greedy baseline.

A run is started (`cohort_start`), solved (`cohort_solve`: inline when small, by a Celery
task when large, reporting progress on the run), edited pair by pair by the facilitator
(`cohort_pair_set`), and published (`cohort_publish`), which turns every pair into a
proposal that both sides answer, as any other.
"""

from __future__ import annotations

import datetime
import logging
import time

import numpy as np
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from matching.models import CohortPair, CohortRun, Proposal
from matching.rules import BUDDY, FORMAL, free_slots
from matching.scoring import score_matrix
from matching.selectors.recommendations import Pool, mentee_facts
from matching.selectors.workspace import buddy_seekers
from matching.services.proposals import ProposalError, proposal_create
from matching.solver import solve_greedy, solve_optimal
from programs.dates import today
from programs.models import Department, Division, FacultyMember, Mentorship, User

logger = logging.getLogger(__name__)

INLINE_LIMIT = 150  # mentees; a larger intake is solved by a Celery task


class CohortError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def intake_of(run: CohortRun, on: datetime.date | None = None):
    """The run's mentees: appointed since the date, active, without a mentor of the
    run's kind and without an open proposal of that kind; newest first."""
    on = on or today()
    has_open = Exists(Proposal.objects.filter(mentee=OuterRef("pk"), kind=run.kind,
                                              state=Proposal.State.OPEN))
    if run.kind == BUDDY:
        people = buddy_seekers(department_id=run.department_id, division=run.division, on=on)
    else:
        people = FacultyMember.objects.filter(department=run.department).exclude(Exists(
            Mentorship.objects.active(on).filter(mentee=OuterRef("pk"), kind=FORMAL)))
        if run.division:
            people = people.filter(division=run.division)
    return (people.filter(status=FacultyMember.Status.ACTIVE,
                          appointment_date__gte=run.appointed_since)
            .exclude(has_open)
            .select_related("user", "site", "position", "department", "division")
            .order_by("-appointment_date", "pk"))


def cohort_start(*, department: Department, division: Division | None, kind: str,
                 appointed_since: datetime.date, by: User | None) -> CohortRun:
    """Create a run and solve it: now when the intake is small, otherwise in a task.
    The same run asked for again within a minute (a double submit) is returned as is."""
    recent = (CohortRun.objects.filter(
        department=department, division=division, kind=kind, appointed_since=appointed_since,
        created_by=by, created_at__gte=timezone.now() - datetime.timedelta(minutes=1))
        .exclude(state__in=[CohortRun.State.FAILED, CohortRun.State.PUBLISHED]).first())
    if recent is not None and by is not None:
        return recent
    run = CohortRun.objects.create(department=department, division=division, kind=kind,
                                   appointed_since=appointed_since, created_by=by)
    size = intake_of(run).count()
    if size <= INLINE_LIMIT:
        cohort_solve(run_id=run.pk)
        run.refresh_from_db()
        return run
    from matching.tasks import solve_cohort

    def queue() -> None:
        try:
            solve_cohort.delay(run.pk)
        except Exception:  # noqa: BLE001 - a broker that is down must not fail the request
            logger.warning("Could not queue cohort run %s; solving inline", run.pk,
                           exc_info=True)
            cohort_solve(run_id=run.pk)

    transaction.on_commit(queue)
    return run


def _progress(run_id: int, percent: int, note: str, **fields) -> None:
    CohortRun.objects.filter(pk=run_id).update(progress=percent, progress_note=note, **fields)


def cohort_solve(*, run_id: int) -> CohortRun | None:
    """Score every mentee against every mentor, solve, store the draft and the baseline.
    Idempotent: a run already solved is left alone."""
    with transaction.atomic():
        run = (CohortRun.objects.select_for_update(of=("self",))
               .select_related("department", "division")
               .filter(pk=run_id).first())
        if run is None or run.state not in (CohortRun.State.QUEUED, CohortRun.State.FAILED):
            return run
        run.state = CohortRun.State.RUNNING
        run.save(update_fields=["state"])
    try:
        _solve(run)
    except Exception:
        _progress(run.pk, 0, "The run failed; start a new one.", state=CohortRun.State.FAILED)
        raise
    run.refresh_from_db()
    return run


def _solve(run: CohortRun) -> None:
    on = today()
    mentees = list(intake_of(run, on))
    _progress(run.pk, 5, f"Loading {len(mentees)} mentees and the department's mentors")
    pool = Pool.load(run.department, mentees, on)
    mentors = pool.mentors
    _progress(run.pk, 30, f"Scoring {len(mentees)} mentees against {len(mentors)} mentors")
    facts = [mentee_facts(mentee, pool.needs.get(mentee.pk)) for mentee in mentees]
    matrix = score_matrix(facts, [pool.facts[m.pk] for m in mentors],
                          weights=pool.weights_for_kind(run.kind), on=on)
    _progress(run.pk, 60, "Applying the rules")
    allowed = pool.rules.allowed_matrix(mentees, mentors, run.kind)
    scores = np.where(allowed, matrix, np.nan)
    # Buddies take no capacity; each buddy takes one newcomer per run, to spread them.
    capacities = [free_slots(m) if run.kind == FORMAL else 1 for m in mentors]
    _progress(run.pk, 80, "Solving")
    started = time.process_time()
    optimal = solve_optimal(scores, capacities)
    seconds = time.process_time() - started
    greedy = solve_greedy(scores, capacities)
    with transaction.atomic():
        CohortPair.objects.filter(run=run).delete()
        pairs = []
        for i, mentee in enumerate(mentees):
            j = optimal.pairs.get(i)
            mentor = mentors[j] if j is not None else None
            pair_score = pool.score(mentee, mentor, run.kind) if mentor else None
            pairs.append(CohortPair(
                run=run, mentee=mentee, mentor_id=mentor.pk if mentor else None, order=i,
                score=pair_score.total if pair_score else 0,
                explanation=(pair_score.summary() if pair_score else "")[:1000]))
        CohortPair.objects.bulk_create(pairs)
        CohortRun.objects.filter(pk=run.pk).update(
            state=CohortRun.State.READY, progress=100, progress_note="Draft ready",
            mentees=len(mentees), mentors=len(mentors),
            optimal_matched=optimal.matched, optimal_total=round(optimal.total_score, 1),
            greedy_matched=greedy.matched, greedy_total=round(greedy.total_score, 1),
            solver_seconds=seconds,
            greedy_pairs=[[mentees[i].pk, mentors[j].pk, round(float(scores[i, j]), 1)]
                          for i, j in sorted(greedy.pairs.items())])


@transaction.atomic
def cohort_pair_set(*, run: CohortRun, pair: CohortPair, mentor: FacultyMember | None,
                    by: User | None) -> CohortPair:
    """Change a draft pair's mentor (or leave the mentee unmatched), within the rules and
    the mentor's capacity across the whole draft."""
    run = CohortRun.objects.select_for_update().get(pk=run.pk)
    if run.state != CohortRun.State.READY:
        raise CohortError("This run is not a draft any more; it cannot be edited.", "state")
    pair = CohortPair.objects.select_related("mentee__user", "mentee__site",
                                             "mentee__position").get(pk=pair.pk, run=run)
    if mentor is None:
        pair.mentor, pair.score, pair.explanation = None, 0, ""
    else:
        pool = Pool.load(run.department, [pair.mentee])
        loaded = next((m for m in pool.mentors if m.pk == mentor.pk), None)
        if loaded is None:
            raise CohortError(f"{mentor} has not offered to mentor.", "no_offer")
        rule = pool.rules.exclusion(pair.mentee, loaded, run.kind)
        if rule is not None:
            raise CohortError(f"{loaded} cannot be {pair.mentee}'s mentor: {loaded} {rule[1]}.",
                              rule[0])
        if run.kind == FORMAL:
            taken = run.pairs.filter(mentor_id=loaded.pk).exclude(pk=pair.pk).count()
            if taken >= free_slots(loaded):
                raise CohortError(
                    f"{loaded} has no free place left in this draft ({taken} of "
                    f"{free_slots(loaded)} free places already given).", "full")
        scored = pool.score(pair.mentee, loaded, run.kind)
        pair.mentor, pair.score, pair.explanation = mentor, scored.total, scored.summary()[:1000]
    pair.edited = True
    pair.save(update_fields=["mentor", "score", "explanation", "edited"])
    return pair


@transaction.atomic
def cohort_publish(*, run: CohortRun, by: User | None) -> tuple[int, list[str]]:
    """Turn every pair of the draft into a proposal; returns (how many, what was
    refused and why). Publishing twice proposes nothing twice."""
    run = CohortRun.objects.select_for_update().get(pk=run.pk)
    if run.state != CohortRun.State.READY:
        raise CohortError("This run is already published.", "state")
    made, refused = 0, []
    pairs = (run.pairs.filter(mentor__isnull=False)
             .select_related("mentee__user", "mentee__department", "mentee__site",
                             "mentee__position", "mentee__division", "mentor__user",
                             "mentor__mentor_profile", "mentor__site", "mentor__position"))
    for pair in pairs:
        try:
            proposal_create(mentee=pair.mentee, mentor=pair.mentor, kind=run.kind, by=by,
                            cohort_run=run, explanation=pair.explanation,
                            score_total=float(pair.score))
        except ProposalError as error:
            refused.append(f"{pair.mentee}: {error.message}")
        else:
            made += 1
    run.state = CohortRun.State.PUBLISHED
    run.published_at = timezone.now()
    run.save(update_fields=["state", "published_at"])
    return made, refused
