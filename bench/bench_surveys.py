"""Time survey invitations and results at 10,000 people.

    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/bench_surveys.py \
        [--people 10000] [--runs 5]

Builds a department of `--people` faculty (bulk rows, emails @bench-surveys.example) in
the database of DATABASE_URL, then:

1. launches an anonymous evaluation run to the whole department and has a real Celery
   worker (in this process, on a private Redis queue, locmem email) run the invitation
   job; prints the time until every email is sent, and checks for duplicates after
   running the job a second time;
2. writes `--people` anonymous answers as `response_record` does (completions and sealed
   ballots, in bulk), times the close that opens and counts them all in one mix
   (surveys.services.ballots), then times the results page, the progress page and the
   CSV against the login page in the same run (django.test.Client, in-process, median of
   `--runs` after a warm-up), with their query counts.

The worker sees only committed rows, so this cannot run in a rolled-back transaction:
every row it made is deleted at the end. Use a scratch database. It asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from mentorship.celery import app  # noqa: E402
from programs.models import (  # noqa: E402
    AcademicPosition,
    Department,
    Division,
    FacultyMember,
    LeadershipRole,
    Notification,
    Site,
    User,
)
from surveys.models import (  # noqa: E402
    Completion,
    Invitation,
    Question,
    Response,
    Survey,
    Tally,
)
from surveys.rules import groups_of  # noqa: E402
from surveys.services.builder import survey_from_template  # noqa: E402
from surveys.services.runs import run_launch  # noqa: E402
from surveys.tasks import invite_run  # noqa: E402

DOMAIN = "bench-surveys.example"
PASSWORD = "bench-pass-2026"


def build(people: int):
    department = Department.objects.create(name=f"Bench {uuid.uuid4().hex[:6]}",
                                           slug=f"bench-{uuid.uuid4().hex[:6]}")
    divisions = [Division.objects.create(department=department, name=f"Division {i}",
                                         slug=f"d{i}") for i in range(100)]
    site = Site.objects.get_or_create(name="Bench Hospital")[0]
    position = AcademicPosition.objects.first()
    users = User.objects.bulk_create([User(email=f"p{i}@{DOMAIN}", first_name="P",
                                           last_name=str(i)) for i in range(people)],
                                     batch_size=2000)
    today = timezone.localdate()
    faculty = FacultyMember.objects.bulk_create([
        FacultyMember(user=user, department=department, division=divisions[i % 100],
                      site=site, rank="assistant", position=position,
                      appointment_date=today.replace(year=today.year - 1 - i % 30))
        for i, user in enumerate(users)], batch_size=2000)
    admin = User.objects.create_user(email=f"admin@{DOMAIN}", password=PASSWORD)
    admin_person = FacultyMember.objects.create(
        user=admin, department=department, division=divisions[0], site=site,
        rank="full", position=position, appointment_date=today.replace(year=today.year - 20))
    LeadershipRole.objects.create(person=admin_person, kind=LeadershipRole.Kind.PROGRAM_ADMIN,
                                  department=department, start_date=today)
    return department, admin, faculty


def invitations(department, admin, people: int) -> tuple[object, dict]:
    from celery.contrib.testing.worker import start_worker

    survey, _ = survey_from_template(
        template=Survey.objects.get(is_template=True, kind="evaluation"), department=department,
        by=admin, title="Bench evaluation", submission_token=uuid.uuid4())
    queue = f"bench-{uuid.uuid4().hex}"
    app.conf.task_default_queue = queue
    app.amqp.__dict__.pop("queues", None)
    app.amqp.__dict__.pop("router", None)
    today = timezone.localdate()
    with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=60,
                      pool="solo"):
        started = time.perf_counter()
        run, _ = run_launch(survey=survey, by=admin, submission_token=uuid.uuid4(),
                            title="Bench evaluation", audience="department",
                            opens_on=today, closes_on=today, anonymous=True)
        prefix = f"survey-invitation:{run.pk}:"
        target = people + 1
        while Notification.objects.filter(key__startswith=prefix,
                                          sent_at__isnull=False).count() < target:
            time.sleep(0.5)
            if time.perf_counter() - started > 900:
                break
        elapsed = time.perf_counter() - started
        invite_run.delay(run.pk)  # again: nobody may get a second one
        time.sleep(5)
    recipients = Counter(message.to[0] for message in mail.outbox)
    return run, {
        "invited": Invitation.objects.filter(run=run).count(),
        "emails sent": sum(recipients.values()),
        "duplicates": sum(n - 1 for n in recipients.values() if n > 1),
        "seconds until all sent": round(elapsed, 1),
        "emails per second": round(target / elapsed, 1),
    }


def responses(run, faculty) -> dict[str, object]:
    """What response_record writes for an anonymous run, in bulk (completions and sealed
    ballots), then the close: every ballot opened, shuffled and counted in one mix. Returns
    the mix's time."""
    from surveys.models import Answer, Ballot
    from surveys.services.ballots import ballot_seal, ballots_count

    today = timezone.localdate()
    questions = {q.key: q for q in Question.objects.filter(section__version=run.version)}
    completions, ballots = [], []
    people = FacultyMember.objects.filter(pk__in=[p.pk for p in faculty]).select_related(
        "division", "site", "department")
    started = time.perf_counter()
    for i, person in enumerate(people):
        completions.append(Completion(run=run, person=person))
        answers = [Answer(question=questions["eval_satisfaction"], number=1 + i % 5),
                   Answer(question=questions["eval_recommend"], number=i % 11)]
        if i % 3 == 0:
            answers.append(Answer(question=questions["eval_change"], text=f"Comment {i}"))
        ballots.append(Ballot(run=run, sealed=ballot_seal(
            run=run, on=today, groups=groups_of(person, today), answers=answers)))
    sealing = time.perf_counter() - started
    Completion.objects.bulk_create(completions, batch_size=5000)
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    started = time.perf_counter()
    counted = ballots_count(run_id=run.pk, everything=True)
    mixing = time.perf_counter() - started
    assert counted == len(ballots) == Response.objects.filter(run=run).count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"ballots": counted, "sealing, ms per ballot": round(1000 * sealing / counted, 3),
            "counting them all at the close, s": round(mixing, 2)}


def timed(client: Client, url: str, runs: int) -> tuple[float, int]:
    client.get(url)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(queries)


def pages(run, runs: int) -> None:
    anonymous = Client(HTTP_HOST="127.0.0.1")
    login_ms, login_queries = timed(anonymous, reverse("account_login"), runs)
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(email=f"admin@{DOMAIN}", password=PASSWORD)
    print(f"{'page':28} {'median ms':>10} {'queries':>8} {'x login':>8}")
    print(f"{'login':28} {login_ms:10.1f} {login_queries:8d} {1:8.1f}")
    for name in ("surveys:run_results", "surveys:run_progress", "surveys:run_results_csv"):
        ms, count = timed(client, reverse(name, args=[run.pk]), runs)
        print(f"{name:28} {ms:10.1f} {count:8d} {ms / login_ms:8.1f}")


def clean(department) -> None:
    from surveys.models import Answer, Run

    runs = Run.objects.filter(survey__department=department)
    from surveys.models import Ballot

    Ballot.objects.filter(run__in=runs).delete()
    for model in (Tally, Answer):
        model.objects.filter(question__section__version__survey__department=department).delete()
    Response.objects.filter(run__in=runs).delete()
    runs.delete()
    Survey.objects.filter(department=department).delete()
    Notification.objects.filter(recipient__endswith=f"@{DOMAIN}").delete()
    FacultyMember.objects.filter(department=department).delete()
    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    Division.objects.filter(department=department).delete()
    department.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not settings.REDIS_URL:
        sys.exit("Set REDIS_URL: the invitation job runs on a real worker over Redis.")
    department, admin, faculty = build(args.people)
    try:
        run, figures = invitations(department, admin, args.people)
        print(f"Invitations to {args.people} people (+ the admin):")
        for key, value in figures.items():
            print(f"  {key}: {value}")
        print("The ballot box:")
        for key, value in responses(run, faculty).items():
            print(f"  {key}: {value}")
        print(f"Results at {len(faculty)} responses:")
        pages(run, args.runs)
    finally:
        clean(department)


if __name__ == "__main__":
    main()
