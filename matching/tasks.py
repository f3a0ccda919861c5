from celery import shared_task

from matching.services.cohorts import cohort_solve


@shared_task
def solve_cohort(run_id: int) -> int | None:
    """Solve a large cohort run; the page polls the run's progress. A run already solved
    is left alone, so a redelivered task does nothing twice."""
    run = cohort_solve(run_id=run_id)
    return run.optimal_matched if run is not None else None
