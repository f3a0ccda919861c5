"""Time the annual review screen for a Division Director whose division has 900 faculty.

    .venv/bin/python bench/bench_reviews.py [--faculty 900] [--runs 7]

Builds the demo department (DemoBuilder plus the apps' DEMO_SEEDERS: years of meetings,
reviews, check-ins) in the configured database, inside a transaction rolled back at the
end. It times the pages first with General Internal Medicine as built (about 45 people),
then after moving every current faculty member of the department into it (about 900), and
prints the median server time, the queries per request and the ratio to the login page in
the same run. Requests go through django.test.Client, in-process. It asserts nothing: the
query budgets are checked in tests/checkins/test_rhythm_budgets.py.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.bench_pages import LOGIN, Rollback, build, fetch  # noqa: E402
from programs.demo.department import DEPARTMENT, PERSONAS  # noqa: E402
from programs.models import Department, FacultyMember, User  # noqa: E402


def pages(users: dict[str, User]) -> list[tuple[str, str, str, dict]]:
    division = users["director"].faculty.division_id
    screen = reverse("checkins:review_screen", kwargs={"pk": division})
    return [
        (LOGIN, "anonymous", reverse("account_login"), {}),
        ("review screen", "director", screen, {}),
        ("review screen, needs review", "director", screen, {"show": "needs"}),
        ("review screen, page 10 by meetings", "director", screen,
         {"sort": "meetings", "page": "10"}),
        ("review CSV, everyone", "director",
         reverse("checkins:review_export", kwargs={"pk": division}), {}),
        ("relationship health", "facilitator",
         reverse("checkins:relationship_health", kwargs={"pk": division}), {}),
        ("check-in lists (vice-chair)", "vicechair", reverse("checkins:checkins_due"), {}),
        ("home (director)", "director", reverse("home"), {}),
    ]


def run(label: str, users: dict, clients: dict, runs: int) -> dict[str, dict]:
    size = FacultyMember.objects.current().filter(
        division_id=users["director"].faculty.division_id).count()
    print(f"\n{label}: {size} current faculty in the division")
    results = {}
    for name, persona, url, query in pages(users):
        client = clients[persona]
        fetch(client, url, query)
        samples = [fetch(client, url, query) for _ in range(runs)]
        results[name] = {"ms": statistics.median(s[0] for s in samples),
                         "queries": samples[-1][1]}
        row = results[name]
        print(f"  {name:<36} {row['ms']:8.1f} ms  {row['queries']:3d} queries"
              f"  {row['ms'] / results[LOGIN]['ms']:6.1f}x login")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faculty", type=int, default=900)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}; "
          f"median of {args.runs} runs after one warm-up")
    try:
        with transaction.atomic():
            if Department.objects.filter(slug=DEPARTMENT[1]).exists():
                from programs.demo.department import delete_demo

                delete_demo(Department.objects.get(slug=DEPARTMENT[1]))
            seconds = build(args.faculty)
            print(f"Built {args.faculty} faculty in {seconds:.1f}s")
            users = {key: User.objects.select_related("faculty").get(email=p.email)
                     for key, p in PERSONAS.items()}
            clients = {"anonymous": Client(HTTP_HOST="localhost")}
            for key in ("director", "facilitator", "vicechair"):
                clients[key] = Client(HTTP_HOST="localhost")
                clients[key].force_login(users[key])
            small = run("As built", users, clients, args.runs)
            department = users["director"].faculty.department
            FacultyMember.objects.filter(department=department).update(
                division_id=users["director"].faculty.division_id)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            large = run("Everyone in one division", users, clients, args.runs)
            print("\nWhole department in one division, against the division as built")
            for name, row in large.items():
                base = small[name]
                print(f"  {name:<36} {base['ms']:7.1f} -> {row['ms']:7.1f} ms"
                      f"  {base['queries']:3d} -> {row['queries']:3d} queries")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
