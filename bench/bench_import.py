"""Time the roster import against a large department: does the cost follow the file?

    .venv/bin/python bench/bench_import.py [--existing 20000] [--rows 20000] [--runs 3]

Builds the demo department (programs.demo.DemoBuilder) with `--existing` faculty in the
configured database, inside a transaction that is rolled back at the end, so the database
is left as it was. Then, as the program admin, through django.test.Client in-process
(view + template + database time, no web server):

- a 5-row file (two new people, three changed ones): upload, preview, confirm, and the
  result page of the applied import;
- a file of `--rows` new people: upload, preview, confirm;
- the department's own export, re-imported: upload and preview (everyone unchanged).

Every confirm runs inside a savepoint that is rolled back, so each run starts from the
same department. It prints the median time, the queries and the response size per step
(the 5-row file after one untimed warm-up run).
It asserts nothing: tests/programs/test_query_budgets.py holds the query-count checks.
"""

import argparse
import csv
import io
import os
import re
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
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from programs.dates import today  # noqa: E402
from programs.demo.department import DEPARTMENT, PERSONAS, DemoBuilder  # noqa: E402
from programs.models import Department, FacultyMember, RosterImport, User  # noqa: E402

COLUMNS = [
    "employee_id", "email", "first_name", "last_name", "division", "site", "rank",
    "position", "appointment_date", "trained_here", "new_to_country", "status",
    "departure_date", "departure_reason",
]


class Rollback(Exception):
    """Raised to leave an atomic block, so nothing the benchmark wrote is kept."""


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def person_row(person: FacultyMember) -> dict:
    return {
        "employee_id": person.employee_id or "", "email": person.user.email,
        "first_name": person.user.first_name, "last_name": person.user.last_name,
        "division": person.division.name, "site": person.site.name,
        "rank": person.get_rank_display(), "position": person.position.name,
        "appointment_date": person.appointment_date.isoformat(),
        "trained_here": "yes" if person.trained_here else "no",
        "new_to_country": "yes" if person.new_to_country else "no",
        "status": person.get_status_display(),
        "departure_date": person.departure_date.isoformat() if person.departure_date else "",
        "departure_reason": person.departure_reason,
    }


def new_rows(count: int, template: dict) -> list[dict]:
    return [dict(template, employee_id=f"BENCH{n:06d}", email=f"bench.{n}@new.example",
                 first_name="Bench", last_name=f"Newcomer {n}", status="active",
                 departure_date="", departure_reason="")
            for n in range(count)]


def small_file(department: Department) -> bytes:
    """Two new people and three existing ones with a changed last name."""
    existing = list(FacultyMember.objects.filter(department=department, status="active")
                    .exclude(employee_id=None)
                    .select_related("user", "division", "site", "position")
                    .order_by("pk")[100:103])
    changed = [dict(person_row(p), last_name=p.user.last_name + "-Changed") for p in existing]
    return to_csv(changed + new_rows(2, person_row(existing[0])))


def timed(client: Client, method: str, url: str, data=None):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = getattr(client, method)(url, data or {})
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code >= 400:
        raise SystemExit(f"{method.upper()} {url}: status {response.status_code}")
    return response, elapsed, len(queries), len(body)


def confirm_data(preview_html: bytes) -> dict:
    """The confirm form's hidden fields, if it has any (older versions had none)."""
    fields = re.findall(rb'<input type="hidden" name="(\w+)" value="([^"]*)"', preview_html)
    return {name.decode(): value.decode() for name, value in fields
            if name != b"csrfmiddlewaretoken"}


def one_run(client: Client, department: Department, name: str, data: bytes,
            confirm: bool) -> dict[str, tuple[float, int, int]]:
    """Upload, preview and (optionally) confirm one file, inside a rolled-back savepoint."""
    steps = {}
    try:
        with transaction.atomic():
            upload = SimpleUploadedFile(name, data, content_type="text/csv")
            response, ms, queries, size = timed(client, "post", reverse("programs:roster_import"),
                                                {"department": department.pk, "file": upload})
            steps["upload"] = (ms, queries, size)
            if response.status_code != 302:
                raise SystemExit(f"upload of {name} was refused: {response.content[:2000]!r}")
            preview_url = response["Location"]
            response, ms, queries, size = timed(client, "get", preview_url)
            steps["preview"] = (ms, queries, size)
            if confirm:
                data = confirm_data(response.content)
                response, ms, queries, size = timed(client, "post", preview_url, data)
                steps["confirm"] = (ms, queries, size)
                record = RosterImport.objects.get(pk=int(preview_url.rstrip("/").split("/")[-1]))
                if record.status != RosterImport.Status.APPLIED:
                    raise SystemExit(f"{name} was not applied")
                response, ms, queries, size = timed(client, "get", preview_url)
                steps["result page"] = (ms, queries, size)
            raise Rollback
    except Rollback:
        pass
    return steps


def scenario(client, department, label, name, data, confirm, runs, warm_up=False) -> None:
    if warm_up:  # template loading and first-use caches, so they do not count
        one_run(client, department, name, data, confirm)
    samples = [one_run(client, department, name, data, confirm) for _ in range(runs)]
    print(f"\n  {label} ({len(data) / 1024:.0f} KB)")
    for step in samples[0]:
        ms = statistics.median(sample[step][0] for sample in samples)
        queries, size = samples[-1][step][1], samples[-1][step][2]
        print(f"    {step:<12} {ms:9.1f} ms  {queries:5d} queries  {size / 1024:8.1f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--existing", type=int, default=20000, help="faculty in the department")
    parser.add_argument("--rows", type=int, default=20000, help="rows in the large file")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per scenario")
    args = parser.parse_args()
    engine = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {engine} {connection.settings_dict['NAME']}; DEBUG={settings.DEBUG}; "
          f"median of {args.runs} runs")
    try:
        with transaction.atomic():
            if Department.objects.filter(slug=DEPARTMENT[1]).exists():
                # Removed only inside this transaction; the rollback puts it back.
                from programs.demo.department import delete_demo

                delete_demo(Department.objects.get(slug=DEPARTMENT[1]))
            started = time.perf_counter()
            department = DemoBuilder(faculty=args.existing, today=today()).build()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # the planner must see the uncommitted rows
            total = FacultyMember.objects.filter(department=department).count()
            print(f"Built {total} faculty in {time.perf_counter() - started:.1f}s")
            client = Client(HTTP_HOST="localhost")
            client.force_login(User.objects.get(email=PERSONAS["admin"].email))

            scenario(client, department, f"5-row file against {total} existing people",
                     "five.csv", small_file(department), True, args.runs, warm_up=True)
            template = person_row(FacultyMember.objects.filter(department=department)
                                  .select_related("user", "division", "site", "position")
                                  .first())
            scenario(client, department, f"{args.rows}-row file of new people",
                     "large.csv", to_csv(new_rows(args.rows, template)), True, args.runs)
            export = client.get(reverse("programs:roster_export"),
                                {"department": department.slug})
            scenario(client, department, f"the export of {total} people, re-imported",
                     "export.csv", b"".join(export.streaming_content), False, args.runs)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
