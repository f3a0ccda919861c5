"""Time the mentor portfolio: a mentor with 30 mentees over 15 years, against one mentee.

    .venv/bin/python bench/bench_portfolio.py [--mentees 30] [--years 15] [--runs 7]

Builds a small department (a mentor; `--mentees` mentees whose mentorships are spread
over `--years` years, most of them ended; four meetings a year each; a mentor workshop a
year; an award every four years; a third of the mentees going on to mentor) inside a
transaction that is rolled back at the end, so the database is left as it was. It prints,
for one mentee and for the full history: the queries and median time of the portfolio
page and of the PDF download (through django.test.Client, in-process), the time to build
the PDF alone (selector plus fpdf2), and the PDF's size and pages. It asserts nothing:
tests/awards/test_query_budgets.py checks that the query counts are the same.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from awards.models import Award, AwardCycle, Recognition  # noqa: E402
from awards.pdf import portfolio_pdf  # noqa: E402
from awards.selectors.portfolio import portfolio_for  # noqa: E402
from checkins.models import Meeting  # noqa: E402
from programs.models import (  # noqa: E402
    AcademicPosition,
    Department,
    DevelopmentEvent,
    Division,
    EventRegistration,
    FacultyMember,
    Mentorship,
    Site,
    User,
)

DAY = datetime.timedelta(days=1)


class Rollback(Exception):
    """Raised to leave the atomic block, so nothing the benchmark built is kept."""


def person(department, division, site, position, n: int, years_ago: int) -> FacultyMember:
    user = User.objects.create(email=f"bench-portfolio-{n}@bench.example", first_name="Bench",
                               last_name=f"Person {n}", password="!")
    return FacultyMember.objects.create(
        user=user, department=department, division=division, site=site, position=position,
        rank="associate", appointment_date=timezone.localdate() - 365 * years_ago * DAY)


def build(mentees: int, years: int) -> FacultyMember:
    today = timezone.localdate()
    department = Department.objects.create(name=f"Bench {uuid.uuid4().hex[:6]}",
                                           slug=f"bench-{uuid.uuid4().hex[:6]}")
    division = Division.objects.create(department=department, name="Bench", slug="bench")
    site = Site.objects.get_or_create(name="Bench Hospital")[0]
    position = AcademicPosition.objects.first()
    mentor = person(department, division, site, position, 0, years + 10)
    people = [person(department, division, site, position, n, 1 + n % years)
              for n in range(1, mentees + 1)]
    mentorships = Mentorship.objects.bulk_create([
        Mentorship(mentee=p, mentor=mentor, kind=["formal", "informal"][i % 2],
                   start_date=today - (365 * years * (i + 1) // mentees) * DAY,
                   end_date=None if i % 4 == 0 else today - (365 * years * i // mentees) * DAY)
        for i, p in enumerate(people)])
    meetings = []
    for mentorship in mentorships:
        day = mentorship.start_date
        while day < (mentorship.end_date or today):
            meetings.append(Meeting(mentorship=mentorship, held_on=day, duration_minutes=45,
                                    submission_token=uuid.uuid4()))
            day += 90 * DAY
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Mentorship.objects.bulk_create([Mentorship(mentee=people[0], mentor=p, kind="peer",
                                               start_date=today) for p in people[1::3]])
    for year in range(years):
        event = DevelopmentEvent.objects.create(
            department=department, kind=DevelopmentEvent.Kind.MENTOR_WORKSHOP,
            title=f"Mentor workshop {year}", starts_at=timezone.now() - (365 * year + 20) * DAY)
        EventRegistration.objects.create(event=event, person=mentor, attended=True)
        if year % 4 == 0:
            cycle = AwardCycle.objects.create(
                department=department, title=f"{today.year - year} Mentorship Awards",
                nominations_open=today - (365 * year + 60) * DAY,
                nominations_close=today - (365 * year + 30) * DAY,
                scoring_closed_at=timezone.now(), published_at=timezone.now())
            award = Award.objects.create(cycle=cycle, name="Departmental Mentorship Award")
            Recognition.objects.create(award=award, person=mentor, published_at=timezone.now())
    print(f"  built: {len(mentorships)} mentorships, {len(meetings)} meetings, {years} "
          "workshops, awards every four years")
    return FacultyMember.objects.select_related("user", "department", "division").get(
        pk=mentor.pk)


def fetch(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries)


def measure(label: str, mentees: int, years: int, runs: int) -> None:
    print(f"\n{label}")
    try:
        with transaction.atomic():
            mentor = build(mentees, years)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            client = Client(HTTP_HOST="localhost")
            client.force_login(mentor.user)
            for name in ("awards:portfolio", "awards:portfolio_pdf"):
                url = reverse(name)
                fetch(client, url)  # warm-up
                samples = [fetch(client, url) for _ in range(runs)]
                print(f"  {name:<22} {statistics.median(s[0] for s in samples):8.1f} ms "
                      f"{samples[-1][1]:3d} queries")
            builds = []
            for _ in range(runs):
                started = time.perf_counter()
                content = portfolio_pdf(portfolio_for(mentor))
                builds.append((time.perf_counter() - started) * 1000)
            pages = len(PdfReader(io.BytesIO(content)).pages)
            print(f"  PDF build (selector + fpdf2): median {statistics.median(builds):.1f} ms, "
                  f"max {max(builds):.1f} ms; {len(content) / 1024:.1f} KB, {pages} pages")
            raise Rollback
    except Rollback:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentees", type=int, default=30)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    engine = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {engine} {connection.settings_dict['NAME']}; median of {args.runs} runs "
          "after one warm-up")
    measure("One mentee, one year", 1, 1, args.runs)
    measure(f"{args.mentees} mentees over {args.years} years", args.mentees, args.years,
            args.runs)


if __name__ == "__main__":
    main()
