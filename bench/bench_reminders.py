"""Time computing every reminder for a department of 1,000 and of 10,000 faculty with five
years of meetings, and count its queries.

    .venv/bin/python bench/bench_reminders.py [--sizes 1000 10000] [--runs 3]

Builds the demo department (programs.demo.DemoBuilder plus the apps' DEMO_SEEDERS) inside
a transaction that is rolled back at the end, tops every active mentorship up to five
program years of meetings (about three a year), then times
`checkins.services.reminders.reminders_compute` (nudges, escalations, plans waiting,
check-ins and reviews due, leaders' weekly summaries) and, once, recording them through
the outbox (`notify_many`, in batches, as the job does). Prints the median time, the
queries, the reminders found, the bound (10 s) and the ratio between sizes. Asserts
nothing: tests/checkins/test_reminders.py checks the query count stays fixed.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from checkins.models import Meeting  # noqa: E402
from checkins.services.reminders import BATCH, reminders_compute  # noqa: E402
from programs.dates import today  # noqa: E402
from programs.demo.department import DEPARTMENT, DemoBuilder  # noqa: E402
from programs.models import Department, Mentorship  # noqa: E402
from programs.notifications import notify_many  # noqa: E402

LIMIT_SECONDS = 10.0
YEARS = 5


class Rollback(Exception):
    pass


def five_years_of_meetings(department: Department, on: datetime.date) -> int:
    """About three meetings a program year, for five years, for every active mentorship
    that has fewer; some stop months ago so escalations and nudges have work to do."""
    rng = random.Random(10)
    start = on - datetime.timedelta(days=365 * YEARS)
    pairs = list(Mentorship.objects.active(on).filter(mentee__department=department)
                 .values_list("pk", "mentee_id"))
    have = dict(Meeting.objects.filter(mentorship__mentee__department=department,
                                       held_on__gte=start).values_list("mentorship_id")
                .annotate(n=django.db.models.Count("pk")).order_by())
    rows = []
    for pk, mentee_id in pairs:
        missing = YEARS * 3 - have.get(pk, 0)
        stop = on - datetime.timedelta(days=rng.choice([10, 40, 90, 200, 400]))
        span = max(1, (stop - start).days)
        for _ in range(max(0, missing)):
            rows.append(Meeting(mentorship_id=pk, logged_by_id=mentee_id,
                                held_on=start + datetime.timedelta(days=rng.randrange(span)),
                                duration_minutes=45))
    Meeting.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def build(size: int) -> tuple[Department, float]:
    started = time.perf_counter()
    if Department.objects.filter(slug=DEPARTMENT[1]).exists():
        from programs.demo.department import delete_demo

        delete_demo(Department.objects.get(slug=DEPARTMENT[1]))
    builder = DemoBuilder(faculty=size, today=today())
    department = builder.build()
    for path in getattr(settings, "DEMO_SEEDERS", []):
        import_string(path)(department=department, today=builder.today, rng=builder.rng)
    added = five_years_of_meetings(department, builder.today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    meetings = Meeting.objects.filter(mentorship__mentee__department=department).count()
    print(f"\nN={size}: built in {time.perf_counter() - started:.1f}s; {meetings:,} meetings "
          f"({added:,} added for {YEARS} years)", flush=True)
    return department, time.perf_counter() - started


def measure(size: int, runs: int) -> dict:
    try:
        with transaction.atomic():
            department, _ = build(size)
            on = today()
            reminders_compute(department, on, digest=True)  # warm-up
            samples = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    messages = reminders_compute(department, on, digest=True)
                    samples.append((time.perf_counter() - started, len(queries)))
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as recording:
                for start in range(0, len(messages), BATCH):
                    with transaction.atomic():
                        notify_many(messages[start:start + BATCH])
            record_seconds = time.perf_counter() - started
            result = {"seconds": statistics.median(s[0] for s in samples),
                      "queries": samples[-1][1], "reminders": len(messages),
                      "record_seconds": record_seconds, "record_queries": len(recording)}
            print(f"  compute: {result['seconds']:.2f} s, {result['queries']} queries, "
                  f"{result['reminders']:,} reminders ({result['seconds'] / LIMIT_SECONDS:.2f}"
                  f" of the {LIMIT_SECONDS:.0f} s bound)")
            print(f"  record through the outbox: {record_seconds:.2f} s, "
                  f"{len(recording)} queries ({BATCH} per batch)", flush=True)
            raise Rollback
    except Rollback:
        pass
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {engine} {connection.settings_dict['NAME']}; median of {args.runs}")
    results = {size: measure(size, args.runs) for size in args.sizes}
    if len(args.sizes) > 1:
        small, large = results[args.sizes[0]], results[args.sizes[-1]]
        print(f"\nN={args.sizes[-1]} against N={args.sizes[0]}: compute "
              f"{small['seconds']:.2f} -> {large['seconds']:.2f} s "
              f"({large['seconds'] / small['seconds']:.1f}x); queries {small['queries']} -> "
              f"{large['queries']}; reminders {small['reminders']:,} -> "
              f"{large['reminders']:,}")
        verdict = "within" if large["seconds"] < LIMIT_SECONDS else "OVER"
        print(f"Largest: {large['seconds']:.2f} s, {verdict} the {LIMIT_SECONDS:.0f} s bound; "
              f"queries {'fixed' if large['queries'] == small['queries'] else 'GROWING'}")


if __name__ == "__main__":
    main()
