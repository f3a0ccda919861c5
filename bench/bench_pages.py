"""Time the main pages on a demo department of 900 and of 10,000 faculty.

    .venv/bin/python bench/bench_pages.py [--sizes 900 10000] [--runs 7]

Builds the demo department (programs.demo.DemoBuilder plus the apps' DEMO_SEEDERS) in
the configured database inside a transaction that is rolled back at the end, so the
database is left as it was. Pages are requested through django.test.Client, in-process:
the figures are view + template + database time, without a web server, requested as
over HTTPS. It prints the median over several runs, the queries per request (counted on a
request of their own, so the debug cursor that counts them adds nothing to the times), and
how much slower each page is at the larger size. Each timed request follows a request for
the login page, and a page's ratio is against those: a slow moment of a shared machine
weighs on both sides alike. It asserts nothing: see tests/programs/test_query_budgets.py
for the checks.

DEBUG defaults to true. Production settings time what production runs (no debug cursor,
no template debugging); they need collectstatic first and their required variables:

    DEBUG=false SECRET_KEY=... ALLOWED_HOSTS=localhost SITE_URL=http://localhost \
    EMAIL_HOST=localhost PRIVATE_MEDIA_ROOT=/tmp/p STATIC_ROOT=/tmp/s REDIS_URL=... \
    DATABASE_URL=... sh -c '.venv/bin/python manage.py collectstatic --noinput -v0 &&
    .venv/bin/python bench/bench_pages.py --sizes 900 --runs 25'
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

from programs.dates import today  # noqa: E402
from programs.demo.department import DEPARTMENT, PERSONAS, DemoBuilder  # noqa: E402
from programs.models import Department, Division, Mentorship, Topic, User  # noqa: E402

LOGIN = "login page (anonymous)"
# Pages whose server time should stay within this many times the login page's.
WITHIN_LOGIN = {"roster, first page": 3, "mentorship page (mentee)": 3,
                "mentorship page (director)": 3}


class Rollback(Exception):
    """Raised to leave the atomic block, so nothing the benchmark built is kept."""


def pages(users: dict[str, User]) -> list[tuple[str, str, str, dict]]:
    """(label, persona, url, query string) for every page measured."""
    mentee = users["mentee"].faculty
    roster = reverse("programs:division_roster", kwargs={"pk": mentee.division_id})
    # The mentee's mentorship with mentor@, which the demo gives years of meetings.
    pair = Mentorship.objects.get(mentee=mentee, mentor=users["mentor"].faculty)
    mentorship = reverse("checkins:mentorship_detail", kwargs={"pk": pair.pk})
    plans = reverse("programs:division_plans", kwargs={"pk": mentee.division_id})
    return [
        # The baseline: the cheapest page a person sees (no data), for the ratios below.
        (LOGIN, "anonymous", reverse("account_login"), {}),
        ("home (admin)", "admin", reverse("home"), {}),
        ("home (director)", "director", reverse("home"), {}),
        ("roster, first page", "director", roster, {}),
        ("roster, filtered", "director", roster,
         {"stage": "early", "mentor": "none", "sort": "site"}),
        ("roster, page 3 by date", "director", roster, {"sort": "-appointed", "page": "3"}),
        ("faculty profile", "director",
         reverse("programs:faculty_detail", kwargs={"pk": mentee.pk}), {}),
        ("roster export (CSV)", "admin", reverse("programs:roster_export"),
         {"department": DEPARTMENT[1]}),
        ("home (mentee)", "mentee", reverse("home"), {}),
        ("mentorship page (mentee)", "mentee", mentorship, {}),
        ("mentorship page (director)", "director", mentorship, {}),
        ("plan status (director)", "director", plans, {}),
        ("plan status, approved, last page", "director", plans,
         {"state": "approved", "page": "9999"}),
        ("academic plan (director)", "director",
         reverse("programs:plan_detail", kwargs={"pk": mentee.pk}), {}),
        ("change requests (facilitator)", "facilitator",
         reverse("programs:change_requests"), {}),
        ("mentor directory (newfaculty)", "newfaculty", reverse("matching:directory"), {}),
        ("mentor directory, topic and open", "newfaculty", reverse("matching:directory"),
         {"topic": Topic.objects.get(slug="research-scholarship").pk, "open": "yes"}),
        ("mentor directory, last page", "newfaculty", reverse("matching:directory"),
         {"page": "9999"}),
    ]


def fetch(client: Client, url: str, query: dict, *, count: bool = False
          ) -> tuple[float, int, int]:
    """One request: milliseconds, queries (when `count`), response bytes (streamed content
    included). Queries are counted on a request of their own: capturing them turns on
    Django's debug cursor, which would add its own cost to every query timed."""
    if count:
        # DEBUG keeps the last 9,000 queries only, and building the demo runs far more: with
        # the log full, CaptureQueriesContext would count 0 queries for every page.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query, secure=True)
        _check(response, url, query)
        return 0.0, len(queries), 0
    started = time.perf_counter()
    response = client.get(url, query, secure=True)
    body = (b"".join(response.streaming_content) if response.streaming
            else response.content)
    elapsed = (time.perf_counter() - started) * 1000
    _check(response, url, query)
    return elapsed, 0, len(body)


def _check(response, url: str, query: dict) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{url}?{query}: status {response.status_code}")


def build(size: int) -> float:
    started = time.perf_counter()
    builder = DemoBuilder(faculty=size, today=today())
    department = builder.build()
    for path in getattr(settings, "DEMO_SEEDERS", []):
        import_string(path)(department=department, today=builder.today, rng=builder.rng)
    if connection.vendor == "postgresql":
        # Autovacuum cannot see rows this transaction has not committed, so the planner
        # would think the tables are empty. ANALYZE here sees them, and is rolled back too.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def measure(size: int, runs: int) -> dict[str, dict]:
    """Build the demo at `size`, time every page, roll everything back."""
    results: dict[str, dict] = {}
    try:
        with transaction.atomic():
            if Department.objects.filter(slug=DEPARTMENT[1]).exists():
                # Removed only inside this transaction; the rollback puts it back.
                from programs.demo.department import delete_demo

                delete_demo(Department.objects.get(slug=DEPARTMENT[1]))
            seconds = build(size)
            divisions = Division.objects.filter(department__slug=DEPARTMENT[1]).count()
            print(f"\nN={size}: built {size} faculty in {divisions} divisions in {seconds:.1f}s")
            users = {key: User.objects.select_related("faculty").get(email=p.email)
                     for key, p in PERSONAS.items()}
            clients = {"anonymous": Client(HTTP_HOST="localhost")}
            for key in ("admin", "director", "mentee", "facilitator", "newfaculty"):
                # HTTP_HOST: the real ALLOWED_HOSTS apply, not the test runner's.
                clients[key] = Client(HTTP_HOST="localhost")
                clients[key].force_login(users[key])
            login = pages(users)[0]
            for label, persona, url, query in pages(users):
                client = clients[persona]
                fetch(client, url, query)  # warm-up: template loading, first-use caches
                queries = fetch(client, url, query, count=True)[1]
                # Each timed request follows a login-page request, so a slower moment of a
                # shared machine weighs on both sides of the ratio alike.
                samples, baseline = [], []
                for _ in range(runs):
                    baseline.append(fetch(clients["anonymous"], login[2], login[3])[0])
                    samples.append(fetch(client, url, query))
                results[label] = {
                    "ms": statistics.median(s[0] for s in samples),
                    "login_ms": statistics.median(baseline),
                    "queries": queries,
                    "kb": samples[-1][2] / 1024,
                }
                row = results[label]
                row["ratio"] = row["ms"] / row["login_ms"]
                print(f"  {label:<34} {row['ms']:8.1f} ms  {row['queries']:3d} queries"
                      f"  {row['kb']:8.1f} KB  {row['ratio']:5.1f}x login")
            for label, limit in WITHIN_LOGIN.items():
                ratio = results[label]["ratio"]
                verdict = "within" if ratio <= limit else "OVER"
                print(f"  {label} is {ratio:.1f}x the login page ({verdict} {limit}x)")
            raise Rollback
    except Rollback:
        pass
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[900, 10000])
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page")
    args = parser.parse_args()
    engine = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {engine} {connection.settings_dict['NAME']}; DEBUG={settings.DEBUG}; "
          f"median of {args.runs} runs after one warm-up")
    by_size = {size: measure(size, args.runs) for size in args.sizes}
    if len(args.sizes) < 2:
        return
    small, large = args.sizes[0], args.sizes[-1]
    print(f"\nN={large} against N={small}")
    print(f"  {'page':<30} {'ms':>17} {'ratio':>6}  {'queries':>9}")
    for label, row in by_size[large].items():
        base = by_size[small][label]
        print(f"  {label:<34} {base['ms']:7.1f} -> {row['ms']:7.1f} {row['ms'] / base['ms']:6.1f}x"
              f"  {base['queries']:3d} -> {row['queries']:3d}")


if __name__ == "__main__":
    main()
