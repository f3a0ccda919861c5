"""Redis down is survivable: Redis is only the job queue's broker, so with it down people
still sign in, see pages and act, the sign-in limits still hold across processes, and the
jobs their actions queued are sent once it is back.

Each test runs the production deployment (tests/mentorship/production.py) under gunicorn.
"Redis down" is a closed port, or one that accepts and never answers; the shared Redis
itself is never touched. Timings are measured in bench/bench_redis_down.py, not here.
"""

import datetime
import os

import pytest
from celery.app.task import Task
from django.conf import settings
from kombu.exceptions import OperationalError

from mentorship.celery import BrokerUnavailable, app, broker_circuit
from programs.tasks import heartbeat
from tests.mentorship.production import (
    Browser,
    CeleryWorker,
    Gunicorn,
    RedisSwitch,
    UnresponsiveServer,
    free_port,
    run,
    wait_until,
)
from tests.programs.factories import PASSWORD

NEXT_WEEK = (datetime.datetime.now() + datetime.timedelta(days=7)).replace(hour=10, minute=0)


def mentorship_of(site, mentee_email: str) -> int:
    (row,) = site.sql(
        "SELECT m.id FROM programs_mentorship m"
        " JOIN programs_facultymember f ON f.id = m.mentee_id"
        " JOIN programs_user u ON u.id = f.user_id WHERE u.email = %s", mentee_email)
    return row[0]


def plan_a_meeting(browser: Browser, mentorship_id: int, agenda: str):
    return browser.submit(f"/mentorships/{mentorship_id}/planned/new/", {
        "starts_at": NEXT_WEEK.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "45",
        "mode": "video", "agenda": agenda})


@pytest.fixture
def redis_switch():
    switch = RedisSwitch(os.environ["REDIS_URL"])
    yield switch
    switch.close()


@pytest.mark.services
def test_with_redis_down_people_sign_in_and_act_and_their_emails_go_when_it_is_back(
        production_site, redis_switch):
    site = production_site
    mentorship_id = mentorship_of(site, "mentee@test.example")
    with CeleryWorker(site, REDIS_URL=redis_switch.url) as worker, \
            Gunicorn(site, REDIS_URL=redis_switch.url) as web:
        redis_switch.down()
        browser = Browser(web.port, client_ip="203.0.113.20")

        assert browser.get("/accounts/login/").status == 200
        signed_in = browser.sign_in("mentee@test.example", PASSWORD)
        assert signed_in.status == 302, web.output()
        assert signed_in.location == "/"
        assert browser.get("/").status == 200
        assert browser.get(f"/mentorships/{mentorship_id}/").status == 200

        # Two actions that queue jobs: invitations, and notifications through the outbox.
        planned = plan_a_meeting(browser, mentorship_id, "Promotion dossier")
        assert planned.status == 302, web.output()
        page = browser.get(planned.location)
        assert page.status == 200
        assert "Meeting planned" in page.text
        asked = browser.submit("/requests/new/", {"kind": "additional",
                                                  "reason": "Research network",
                                                  "audience": "with_director"})
        assert asked.status == 302, web.output()
        assert browser.get(asked.location).status == 200

        # Recorded, not sent: the broker was down.
        pending = site.sql("SELECT recipient FROM programs_notification WHERE sent_at IS NULL")
        assert sorted(row[0] for row in pending) == [
            "director@test.example", "facilitator@test.example"]
        assert site.sql("SELECT count(*) FROM checkins_invitationsent") == [(0,)]
        assert site.sent_mail() == []

        redis_switch.up()
        # Beat's sweeps, which would run within ten minutes; sent now to the worker, which
        # lost its connection during the outage and must have found Redis again.
        for task in ("programs.tasks.send_pending_notifications",
                     "checkins.tasks.send_missing_invitations"):
            app.send_task(task, queue=site.env["CELERY_DEFAULT_QUEUE"])

        def caught_up() -> bool:
            unsent = site.sql("SELECT count(*) FROM programs_notification"
                              " WHERE sent_at IS NULL")
            invited = site.sql("SELECT count(*) FROM checkins_invitationsent")
            return unsent == [(0,)] and invited == [(2,)]

        assert wait_until(caught_up, timeout=120, interval=0.5), worker.output()

    mail = site.sent_mail()
    invitations = [m for m in mail if "Subject: [Mentorship] Mentorship meeting on" in m]
    requests = [m for m in mail if "To: director@test.example" in m
                or "To: facilitator@test.example" in m]
    assert len(invitations) == 2
    assert any("To: mentee@test.example" in m for m in invitations)
    assert any("To: mentor@test.example" in m for m in invitations)
    assert len(requests) == 2


@pytest.mark.services
def test_a_redis_that_hangs_does_not_hang_sign_in_pages_or_actions(production_site):
    # Without socket timeouts, queueing a job on a Redis that accepts but never answers
    # waits forever; the browser here gives up after 30 s, so that would fail the test.
    hung = UnresponsiveServer()
    site = production_site
    mentorship_id = mentorship_of(site, "mentee@test.example")
    try:
        with Gunicorn(site, REDIS_URL=hung.url) as web:
            browser = Browser(web.port, client_ip="203.0.113.30", timeout=30)
            assert browser.sign_in("mentee@test.example", PASSWORD).status == 302
            assert browser.get("/").status == 200
            for agenda in ("First", "Second"):
                planned = plan_a_meeting(browser, mentorship_id, agenda)
                assert planned.status == 302, web.output()
                assert browser.get(planned.location).status == 200
    finally:
        hung.close()


@pytest.mark.services
def test_with_redis_down_the_account_limit_holds_across_processes(production_site):
    # Two servers, as two gunicorn workers would be: a per-process count would let each
    # take five wrong passwords, and a count kept in Redis would answer 500.
    down = f"redis://127.0.0.1:{free_port()}/0"
    site = production_site
    with Gunicorn(site, REDIS_URL=down, workers=1, name="a") as a, \
            Gunicorn(site, REDIS_URL=down, workers=1, name="b") as b:
        browsers = [Browser(a.port, client_ip="203.0.113.40"),
                    Browser(b.port, client_ip="203.0.113.41")]
        for n in range(5):
            response = browsers[n % 2].sign_in("vicechair@test.example", f"wrong-{n}")
            assert response.status == 200, (a.output(), b.output())
        for browser in browsers:
            response = browser.sign_in("vicechair@test.example", PASSWORD)
            assert response.status == 429
            assert "Sign-in paused for this account" in response.text


@pytest.mark.services
def test_with_redis_down_the_reminder_job_records_people_use_the_centre_and_it_all_goes_later(
        production_site, redis_switch):
    """The job beat runs (here started by hand, as beat would) records its reminders with
    the broker down; people read and change their notifications meanwhile; once Redis is
    back, the sweep sends every reminder once."""
    site = production_site
    before = len(site.sent_mail())  # the site is shared with the tests above
    down_env = site.process_env(REDIS_URL=redis_switch.url, REMINDER_SILENCE_DAYS="1")
    with CeleryWorker(site, REDIS_URL=redis_switch.url) as worker, \
            Gunicorn(site, REDIS_URL=redis_switch.url) as web:
        redis_switch.down()
        job = run(["manage.py", "shell", "-c",
                   "from checkins.tasks import send_reminders; send_reminders(force=True)"],
                  down_env)
        assert job.returncode == 0, job.stderr[-3000:]
        assert site.sql("SELECT status FROM programs_jobrun") == [("finished",)]
        escalations = site.sql("SELECT count(*) FROM programs_notification"
                               " WHERE kind = 'escalation' AND sent_at IS NULL")
        assert escalations[0][0] >= 1  # recorded, not sent: the broker was down
        assert len(site.sent_mail()) == before

        facilitator = Browser(web.port, client_ip="203.0.113.50")
        assert facilitator.sign_in("facilitator@test.example", PASSWORD).status == 302
        centre = facilitator.get("/notifications/")
        assert centre.status == 200 and "has gone quiet" in centre.text
        row_id = site.sql("SELECT id FROM programs_notification WHERE kind = 'escalation'"
                          " AND recipient = 'facilitator@test.example'")[0][0]
        read = facilitator.request("POST", f"/notifications/{row_id}/read/",
                                   form={"csrfmiddlewaretoken": csrf_of(centre.text)})
        assert read.status == 302, web.output()
        chose = facilitator.submit("/notifications/preferences/", {"kind_plan": "digest"})
        assert chose.status == 302, web.output()

        redis_switch.up()
        app.send_task("programs.tasks.send_pending_notifications",
                      queue=site.env["CELERY_DEFAULT_QUEUE"])

        def caught_up() -> bool:
            return site.sql("SELECT count(*) FROM programs_notification WHERE sent_at IS NULL"
                            " AND delivery = 'immediate'") == [(0,)]

        assert wait_until(caught_up, timeout=120, interval=0.5), worker.output()
    mail = site.sent_mail()[before:]
    to_facilitator = [m for m in mail if "To: facilitator@test.example" in m
                      and "has gone quiet" in m]
    assert len(to_facilitator) == escalations[0][0]


def csrf_of(html: str) -> str:
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# --- What does not need a server ---------------------------------------------------------


def test_nothing_but_the_job_queue_uses_redis():
    assert settings.CACHES["default"]["BACKEND"] == (
        "django.core.cache.backends.db.DatabaseCache")
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CELERY_BROKER_CONNECTION_MAX_RETRIES is None
    assert settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] == 0


@pytest.mark.services
def test_migrate_creates_the_cache_table(production_site):
    # The site was set up with `migrate` alone, as README's "Deploying" says.
    assert production_site.sql("SELECT to_regclass('django_cache') IS NOT NULL") == [(True,)]


@pytest.fixture
def closed_circuit():
    broker_circuit.reset()
    yield broker_circuit
    broker_circuit.reset()


def test_after_a_failed_publish_a_process_stops_trying_the_broker_for_a_while(
        closed_circuit, monkeypatch):
    attempts = []

    def broker_down(self, *args, **kwargs):
        attempts.append(self.name)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", broker_down)
    with pytest.raises(OperationalError):
        heartbeat.delay()
    assert closed_circuit.is_open
    for _ in range(3):
        with pytest.raises(BrokerUnavailable):  # at once, without trying
            heartbeat.delay()
    assert attempts == ["programs.tasks.heartbeat"]

    monkeypatch.setattr(closed_circuit, "_open_until", 0.0)  # the pause is over
    with pytest.raises(OperationalError):
        heartbeat.delay()
    assert len(attempts) == 2


def test_a_successful_publish_leaves_the_circuit_closed(closed_circuit, monkeypatch):
    monkeypatch.setattr(Task, "apply_async", lambda self, *args, **kwargs: "queued")
    assert heartbeat.delay() == "queued"
    assert heartbeat.delay() == "queued"
    assert not closed_circuit.is_open
