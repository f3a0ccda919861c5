"""Time sign-in, pages and job-queuing actions with Redis up, refused and hung.

    .venv/bin/python bench/bench_redis_down.py [--runs 5]

Deploys this checkout as production does (tests/mentorship/production.py: a fresh
PostgreSQL database next to DATABASE_URL's, migrate, collectstatic, the test personas),
then serves it with gunicorn (2 workers, DEBUG=false, production password hashing) three
times, with REDIS_URL pointing at:

- up:      the real Redis (REDIS_URL);
- refused: a closed port (Redis stopped);
- hung:    a port that accepts connections and never answers (Redis hung, or a route
           that drops packets).

For each it prints the median and the slowest time of each request, measured from the
client over HTTP on this machine. "plan meeting" and "change request" queue Celery jobs
(invitations; notifications to the DDD and facilitator). It asserts nothing; the tests
that prove the behaviour are tests/mentorship/test_redis_down.py. The database it creates
is dropped at the end.
"""

import argparse
import datetime
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# This process only drives the others; Django is set up for the personas' password.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from tests.mentorship.production import (  # noqa: E402
    Browser,
    Gunicorn,
    ProductionSite,
    UnresponsiveServer,
    free_port,
)
from tests.programs.factories import PASSWORD  # noqa: E402

STEPS = ["sign-in page", "sign in", "home", "mentorship page", "plan meeting",
         "change request", "notifications", "notification choices", "unsubscribe"]
LIMIT = 2.0  # seconds: issue 10's bound for every user action with the broker down


def measure(site: ProductionSite, redis_url: str, runs: int, scenario: int) -> dict:
    times: dict[str, list[float]] = {step: [] for step in STEPS}
    (mentorship_id,) = site.sql(
        "SELECT m.id FROM programs_mentorship m JOIN programs_facultymember f"
        " ON f.id = m.mentee_id JOIN programs_user u ON u.id = f.user_id"
        " WHERE u.email = 'mentee@test.example'")[0]
    starts_at = (datetime.datetime.now() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT10:00")
    with Gunicorn(site, REDIS_URL=redis_url) as web:
        for run in range(runs):
            browser = Browser(web.port, client_ip=f"198.51.100.{scenario * 20 + run + 1}")
            browser.get("/accounts/login/")
            times["sign-in page"].append(browser.last_elapsed)
            response = browser.sign_in("mentee@test.example", PASSWORD)
            assert response.status == 302, response.status
            times["sign in"].append(browser.last_elapsed)
            browser.get("/")
            times["home"].append(browser.last_elapsed)
            browser.get(f"/mentorships/{mentorship_id}/")
            times["mentorship page"].append(browser.last_elapsed)
            response = browser.submit(f"/mentorships/{mentorship_id}/planned/new/", {
                "starts_at": starts_at, "duration_minutes": "45", "mode": "video",
                "agenda": f"Run {run}"})
            assert response.status == 302, response.status
            times["plan meeting"].append(browser.last_elapsed)
        # A change request notifies two people; each persona may have one open at a time.
        persona = ("mentee", "newfaculty", "outsider")[scenario]
        browser = Browser(web.port, client_ip=f"198.51.100.{scenario * 20 + 19}")
        browser.sign_in(f"{persona}@test.example", PASSWORD)
        response = browser.submit("/requests/new/", {"kind": "additional", "reason": "bench",
                                                     "audience": "with_director"})
        assert response.status == 302, response.status
        times["change request"].append(browser.last_elapsed)
        # The notification centre and its choices (the change request above notified the
        # facilitator); the unsubscribe link, signed out.
        for run in range(runs):
            browser = Browser(web.port, client_ip=f"198.51.100.{scenario * 20 + 10 + run}")
            browser.sign_in("facilitator@test.example", PASSWORD)
            assert browser.get("/notifications/").status == 200
            times["notifications"].append(browser.last_elapsed)
            response = browser.submit("/notifications/preferences/", {"kind_plan": "digest"})
            assert response.status == 302, response.status
            times["notification choices"].append(browser.last_elapsed)
            signed_out = Browser(web.port, client_ip=f"198.51.100.{scenario * 20 + 15}")
            response = signed_out.submit(unsubscribe_path(site), {})
            assert response.status == 200, response.status
            times["unsubscribe"].append(signed_out.last_elapsed)
    return times


def unsubscribe_path(site: ProductionSite) -> str:
    """The link an email to the facilitator would carry, signed with the site's key."""
    from django.core import signing

    from programs.notifications import UNSUBSCRIBE_SALT

    (user_id,) = site.sql("SELECT id FROM programs_user"
                          " WHERE email = 'facilitator@test.example'")[0]
    token = signing.dumps({"u": user_id, "k": "escalation"}, key=site.env["SECRET_KEY"],
                          salt=UNSUBSCRIBE_SALT, compress=True)
    return f"/unsubscribe/{token}/"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database_url and redis_url):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    base = database_url.rsplit("/", 1)[1]
    site = ProductionSite.create(name=f"{base}_bench_redis", database_url=database_url,
                                 redis_url=redis_url)
    hung = UnresponsiveServer()
    try:
        print("Deploying (migrate, collectstatic, personas)...", flush=True)
        site.deploy()
        scenarios = [("up", redis_url), ("refused", f"redis://127.0.0.1:{free_port()}/0"),
                     ("hung", hung.url)]
        results = {}
        for index, (name, url) in enumerate(scenarios):
            print(f"Redis {name}: {args.runs} runs...", flush=True)
            results[name] = measure(site, url, args.runs, index)
    finally:
        hung.close()
        site.destroy()

    print()
    print(f"{'seconds (median / slowest)':28}" + "".join(f"{name:>18}" for name in results))
    for step in STEPS:
        cells = []
        for times in results.values():
            values = times[step]
            cells.append(f"{statistics.median(values):8.3f} /{max(values):6.3f}")
        print(f"{step:28}" + "".join(f"{cell:>18}" for cell in cells))
    slowest = max(max(values) for times in results.values() for values in times.values())
    print(f"\nSlowest of all: {slowest:.3f} s; limit {LIMIT:.1f} s; "
          f"ratio {slowest / LIMIT:.2f} ({'within' if slowest < LIMIT else 'OVER'} the limit)")


if __name__ == "__main__":
    main()
