"""Cohort assignment: the solver at 1,000 mentees × 3,000 mentors, and against greedy.

    .venv/bin/python bench/bench_matching.py [--mentees 1000] [--mentors 3000] [--demo]

1. A synthetic cohort (seeded, so every run is the same): random needs and offers, every
   pair scored with `matching.scoring.score_matrix`, 2% of pairs forbidden by a rule,
   capacities of 1 to 3. Prints the time to score, to solve (wall and CPU), greedy's time,
   and both assignments' matched count and total score. Then a scarce cohort (as many
   single places as mentees, 90% of pairs forbidden), where greedy strands people.
2. With --demo: the demo department (900 faculty plus the apps' DEMO_SEEDERS) built inside
   a transaction that is rolled back, then a real cohort run (`cohort_start`) for the July
   intake (everyone appointed since 1 July without a formal mentor): the run's figures.

It asserts nothing: tests/matching/test_solver.py checks optimality against brute force.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from matching.scoring import MenteeFacts, MentorFacts, Weights, score_matrix  # noqa: E402
from matching.solver import solve_greedy, solve_optimal  # noqa: E402


def synthetic(n_mentees: int, n_mentors: int, seed: int = 2026, *, scarce: bool = False):
    rng = random.Random(seed)
    on = datetime.date(2026, 9, 1)
    topics, positions, sites = range(1, 21), range(1, 8), range(1, 5)

    def date(low: int, high: int) -> datetime.date:
        return on - datetime.timedelta(days=rng.randint(low * 365, high * 365))

    mentees = [MenteeFacts(
        id=i, topic_ids=tuple(rng.sample(topics, rng.randint(1, 4))),
        position_id=rng.choice(positions), appointment_date=date(0, 2),
        site_id=rng.choice(sites), wants_same_site=rng.random() < 0.3,
        gender=rng.choice(["", "", "", "woman", "man"]),
        newcomer=rng.random() < 0.15, trained_elsewhere=rng.random() < 0.5)
        for i in range(n_mentees)]
    mentors = [MentorFacts(
        id=10_000 + j, topic_ids=frozenset(rng.sample(topics, rng.randint(2, 5))),
        position_id=rng.choice(positions), appointment_date=date(5, 35),
        site_ids=frozenset(rng.sample(sites, rng.randint(1, 2))),
        gender=rng.choice(["", "woman", "man"]), newcomer=rng.random() < 0.1,
        trained_elsewhere=rng.random() < 0.5)
        for j in range(n_mentors)]
    capacities = [1 if scarce else rng.choice([1, 2, 2, 3]) for _ in range(n_mentors)]
    forbidden = np.random.default_rng(seed).random((n_mentees, n_mentors)) < (
        0.9 if scarce else 0.02)
    return mentees, mentors, capacities, forbidden, on


def bench_synthetic(n_mentees: int, n_mentors: int, *, scarce: bool = False) -> None:
    mentees, mentors, capacities, forbidden, on = synthetic(n_mentees, n_mentors,
                                                            scarce=scarce)
    print(f"\n{'Scarce' if scarce else 'Synthetic'} cohort: {n_mentees} mentees × "
          f"{n_mentors} mentors, "
          f"{sum(capacities)} places, {forbidden.mean():.1%} of pairs forbidden")
    wall, cpu = time.perf_counter(), time.process_time()
    scores = score_matrix(mentees, mentors, weights=Weights(), on=on)
    scores[forbidden] = np.nan
    score_wall, score_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    optimal = solve_optimal(scores, capacities)
    solve_wall, solve_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall = time.perf_counter()
    greedy = solve_greedy(scores, capacities)
    greedy_wall = time.perf_counter() - wall
    print(f"  scoring {n_mentees * n_mentors:,} pairs  {score_wall:6.2f} s wall "
          f"{score_cpu:6.2f} s CPU")
    print(f"  optimal solver          {solve_wall:6.2f} s wall {solve_cpu:6.2f} s CPU")
    print(f"  greedy baseline         {greedy_wall:6.2f} s wall")
    print(f"  total (score + solve)   {score_wall + solve_wall:6.2f} s wall (target < 5 s)")
    compare(optimal, greedy, n_mentees)


def compare(optimal, greedy, n: int) -> None:
    print(f"  optimal: {optimal.matched} of {n} matched, total score {optimal.total_score:,.1f}")
    print(f"  greedy:  {greedy.matched} of {n} matched, total score {greedy.total_score:,.1f}")
    gain = optimal.total_score - greedy.total_score
    print(f"  optimal - greedy: {optimal.matched - greedy.matched:+d} matched, "
          f"{gain:+,.1f} score ({gain / max(greedy.total_score, 1):+.2%})")


class Rollback(Exception):
    pass


def bench_demo() -> None:
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils.module_loading import import_string

    from matching.models import CohortRun
    from matching.services.cohorts import INLINE_LIMIT, cohort_start
    from programs.dates import today
    from programs.demo.department import DEPARTMENT, DemoBuilder, delete_demo
    from programs.models import Department

    try:
        with transaction.atomic():
            existing = Department.objects.filter(slug=DEPARTMENT[1]).first()
            if existing is not None:
                delete_demo(existing)
            builder = DemoBuilder(faculty=900, today=today())
            department = builder.build()
            for path in settings.DEMO_SEEDERS:
                import_string(path)(department=department, today=builder.today,
                                    rng=builder.rng)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            on = today()
            since = datetime.date(on.year if on.month >= 7 else on.year - 1, 7, 1)
            import matching.services.cohorts as cohorts

            cohorts.INLINE_LIMIT = 10**6  # solve inline, to time it here
            started = time.perf_counter()
            run = cohort_start(department=department, division=None, kind="formal",
                               appointed_since=since, by=None)
            total = time.perf_counter() - started
            cohorts.INLINE_LIMIT = INLINE_LIMIT
            assert run.state == CohortRun.State.READY
            print(f"\nDemo department (900 faculty): intake appointed since {since}, "
                  f"{run.mentees} mentees × {run.mentors} mentors who offered")
            print(f"  run, start to draft     {total:6.2f} s wall "
                  f"(solver {run.solver_seconds * 1000:.1f} ms CPU)")
            print(f"  optimal: {run.optimal_matched} of {run.mentees} matched, total score "
                  f"{run.optimal_total}")
            print(f"  greedy:  {run.greedy_matched} of {run.mentees} matched, total score "
                  f"{run.greedy_total}")
            raise Rollback
    except Rollback:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=3000)
    parser.add_argument("--demo", action="store_true", help="also a real run on the demo")
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}")
    bench_synthetic(args.mentees, args.mentors)
    # Where greedy goes wrong: one place per mentor, as many places as mentees, and most
    # pairs forbidden, so an early mentee's best choice can leave a later one with none.
    bench_synthetic(args.mentees, args.mentees, scarce=True)
    if args.demo:
        bench_demo()


if __name__ == "__main__":
    main()
