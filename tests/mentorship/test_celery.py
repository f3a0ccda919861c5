"""Celery: a real worker on Redis runs the heartbeat, and beat has it on its schedule."""

import os
import time
import uuid

import pytest
from django.conf import settings

from mentorship.celery import app
from programs.models import WorkerHeartbeat
from programs.tasks import heartbeat
from tests.conftest import IN_CI


def require_redis() -> None:
    """Skip without Redis on a laptop; in CI a missing Redis is a failure, not a skip."""
    if os.environ.get("REDIS_URL"):
        return
    if IN_CI:
        pytest.fail("CI=true but REDIS_URL is not set: the Celery worker test cannot run.")
    pytest.skip("REDIS_URL is not set; the real-worker test needs Redis.")


@pytest.fixture
def private_queue():
    """A queue of our own, so a worker from another test run on the same Redis cannot
    take our task (and one of theirs cannot land here)."""
    name = f"test-{uuid.uuid4().hex}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    app.amqp.__dict__.pop("queues", None)  # rebuilt from the new default on next use
    app.amqp.__dict__.pop("router", None)
    yield name
    app.conf.task_default_queue = previous
    app.amqp.__dict__.pop("queues", None)
    app.amqp.__dict__.pop("router", None)


# The worker thread has its own database connection, so it only sees committed rows: the
# test is transactional. Serialized rollback puts back the migration-seeded catalogue rows
# the closing flush erases, for the transactional tests that run after this one.
@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_runs_the_heartbeat_on_a_real_worker_over_redis(private_queue):
    require_redis()
    from celery.contrib.testing.worker import start_worker

    assert app.conf.broker_url == settings.REDIS_URL
    assert app.conf.broker_url.startswith("redis://")
    assert not WorkerHeartbeat.objects.exists()
    with start_worker(app, perform_ping_check=False, queues=[private_queue],
                      shutdown_timeout=30):
        heartbeat.delay()
        deadline = time.monotonic() + 30
        beat = None
        while time.monotonic() < deadline:
            beat = WorkerHeartbeat.objects.filter(name="celery").first()
            if beat is not None:
                break
            time.sleep(0.2)
    assert beat is not None, "the worker never recorded the heartbeat"
    assert beat.count == 1


def test_it_schedules_the_heartbeat_on_beat():
    schedule = settings.CELERY_BEAT_SCHEDULE
    entries = [entry for entry in schedule.values()
               if entry["task"] == "programs.tasks.heartbeat"]
    assert len(entries) == 1
    assert 0 < entries[0]["schedule"] <= 300
    assert app.conf.beat_schedule == schedule
    app.loader.import_default_modules()
    assert "programs.tasks.heartbeat" in app.tasks


def test_it_configures_celery_for_json_and_time_limits():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_it_uses_redis_as_the_broker_only_when_redis_url_is_set():
    if os.environ.get("REDIS_URL"):
        assert app.conf.broker_url == os.environ["REDIS_URL"]
    else:
        assert app.conf.broker_url == "filesystem://"


def test_it_counts_each_heartbeat_in_one_row(db):
    heartbeat()
    first = WorkerHeartbeat.objects.get(name="celery")
    heartbeat()
    second = WorkerHeartbeat.objects.get(name="celery")
    assert WorkerHeartbeat.objects.count() == 1
    assert (first.count, second.count) == (1, 2)
    assert second.beat_at >= first.beat_at


# --- What `make run` starts: a worker with beat, on the file-system broker ------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beat_and_a_worker_run_the_heartbeat_on_the_file_system_broker(tmp_path):
    """A real `celery worker --beat` process, as `make run` starts it without Redis, ticks
    the heartbeat into the test database. It needs a database another process can open, so
    it runs on PostgreSQL (always, in CI)."""
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI=true but the tests are not on PostgreSQL.")
        pytest.skip("Another process cannot open the in-memory SQLite test database.")
    db = connection.settings_dict
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE="mentorship.settings", DEBUG="true", HEARTBEAT_SECONDS="1",
        CELERY_QUEUE_DIR=str(tmp_path / "celery"),
        DATABASE_URL=(f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
                      f"{db['PORT'] or 5432}/{db['NAME']}"),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentorship", "worker", "--beat",
         "--pool=solo", "--loglevel=INFO", "--schedule", str(tmp_path / "beat-schedule")],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    try:
        deadline = time.monotonic() + 60
        beats = 0
        while time.monotonic() < deadline and beats < 2:
            time.sleep(0.5)
            beat = WorkerHeartbeat.objects.filter(name="celery").first()
            beats = beat.count if beat else 0
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert beats >= 2, output[-3000:]  # two ticks: beat keeps scheduling, the worker runs
