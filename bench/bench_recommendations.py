"""One mentee's recommendations, and the facilitator workspace, at 900 and 10,000 faculty.

    .venv/bin/python bench/bench_recommendations.py [--sizes 900 10000] [--runs 5]

Builds the demo department (programs.demo.DemoBuilder plus the apps' DEMO_SEEDERS, which
give about half the senior faculty a mentor offer) inside a transaction that is rolled
back. As facilitator@ it requests newfaculty@'s candidates page (every mentor of the
department ranked, the excluded with why) and the division's workspace (a top two for
every early-career person without a formal mentor), in-process through django.test.Client,
and the login page as the baseline. Prints the median time, the queries (which must not
grow with the department) and each page's time against the login page's.
"""

import argparse
import os
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from matching.models import MentorProfile  # noqa: E402
from programs.dates import today  # noqa: E402
from programs.demo.department import DEPARTMENT, PERSONAS, DemoBuilder, delete_demo  # noqa: E402
from programs.models import Department, User  # noqa: E402


class Rollback(Exception):
    pass


def fetch(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: status {response.status_code}")
    return elapsed, len(queries)


def measure(size: int, runs: int) -> dict[str, tuple[float, int]]:
    results: dict[str, tuple[float, int]] = {}
    try:
        with transaction.atomic():
            existing = Department.objects.filter(slug=DEPARTMENT[1]).first()
            if existing is not None:
                delete_demo(existing)
            started = time.perf_counter()
            builder = DemoBuilder(faculty=size, today=today())
            department = builder.build()
            for path in settings.DEMO_SEEDERS:
                import_string(path)(department=department, today=builder.today,
                                    rng=builder.rng)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            offers = MentorProfile.objects.filter(faculty__department=department).count()
            print(f"\nN={size}: built in {time.perf_counter() - started:.1f}s, "
                  f"{offers} mentor offers")
            facilitator = User.objects.get(email=PERSONAS["facilitator"].email)
            newcomer = User.objects.select_related("faculty").get(
                email=PERSONAS["newfaculty"].email).faculty
            anonymous, signed_in = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
            signed_in.force_login(facilitator)
            pages = [
                ("login page (anonymous)", anonymous, reverse("account_login")),
                ("candidates for newfaculty@", signed_in, reverse(
                    "matching:candidates", args=[newcomer.division_id, newcomer.pk])),
                ("division workspace", signed_in,
                 reverse("matching:workspace", args=[newcomer.division_id])),
            ]
            for label, client, url in pages:
                fetch(client, url)
                samples = [fetch(client, url) for _ in range(runs)]
                results[label] = (statistics.median(s[0] for s in samples), samples[-1][1])
            login_ms = results["login page (anonymous)"][0]
            for label, (ms, queries) in results.items():
                print(f"  {label:<28} {ms:8.1f} ms  {queries:3d} queries  "
                      f"{ms / login_ms:5.1f}× login")
            raise Rollback
    except Rollback:
        pass
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[900, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    by_size = {size: measure(size, args.runs) for size in args.sizes}
    if len(by_size) > 1:
        small, large = min(by_size), max(by_size)
        print(f"\nFrom N={small} to N={large}:")
        for label in by_size[small]:
            (ms_s, q_s), (ms_l, q_l) = by_size[small][label], by_size[large][label]
            print(f"  {label:<28} time ×{ms_l / ms_s:4.1f}  queries {q_s} → {q_l}")


if __name__ == "__main__":
    main()
