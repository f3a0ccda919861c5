"""Browser journeys: Playwright driving Debian's chromium against pytest-django's live server.

Playwright must never download a browser: it launches /usr/bin/chromium through
`executable_path`. Without chromium the journeys skip locally and fail in CI.
"""

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import IN_CI

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000


# Every test module here sets this as `pytestmark`. The live server only sees committed
# data, so the tests are transactional; serialized rollback has the test database setup
# keep a copy of the rows that migrations seed (positions, topics, portfolios, ...),
# which each flush erases. See `migrated_data` for how the copy is put back.
E2E_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)
E2E_MARKS = [pytest.mark.e2e, E2E_DB]


@pytest.fixture(scope="session")
def _serialized_contents(django_db_setup) -> dict[str, str]:
    """The migration-seeded rows, as serialized by the test database setup."""
    from django.db import connections

    return {alias: connections[alias]._test_serialized_contents for alias in connections
            if hasattr(connections[alias], "_test_serialized_contents")}


@pytest.fixture(scope="package", autouse=True)
def _allow_async_unsafe():
    """Playwright's sync API keeps an event loop running in the test thread, and Django
    refuses database access from such a thread (SynchronousOnlyOperation) unless told.

    Set only while these tests run: the variable must not leak into the rest of the
    session (`manage.py check --deploy` rightly fails on it, in subprocesses too).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_allow_async_unsafe, _serialized_contents):
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium package."
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class ConsoleLog:
    """Console messages seen during a test, with the page each came from."""

    messages: list[tuple[str, str, str]] = field(default_factory=list)  # (url, type, text)
    page_errors: list[tuple[str, str]] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [f"{url}: {text}" for url, _, text in self.messages
                if "Content Security Policy" in text]


@pytest.fixture
def console_log() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser, live_server, console_log):
    # The rate-limit counts live in the database cache's table, which is not a model, so a
    # live-server test's flush leaves them: without this, a run's thirty-first sign-in from
    # 127.0.0.1 within a minute would meet "Too many attempts".
    from django.core.cache import cache

    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                      "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda msg: console_log.messages.append((page.url, msg.type, msg.text)))
    page.on("pageerror", lambda error: console_log.page_errors.append((page.url, str(error))))
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot in test-artifacts/ for humans to look at."""

    def _shot(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def migrated_data(transactional_db, _serialized_contents) -> None:
    """Make sure the rows that migrations seed are there, as serialized rollback promises.

    Django restores them only through connections that carry the serialized copy. Once
    Playwright's sync API has started, an event loop counts as running in the test thread,
    so Django (asgiref's Local) hands the test other connection objects than the ones the
    database setup serialized. Give those the copy, from the clean slate Django would use;
    from then on Django's own serialized rollback works for them.
    """
    from django.core.management import call_command
    from django.db import connections

    for alias, contents in _serialized_contents.items():
        connection = connections[alias]
        if hasattr(connection, "_test_serialized_contents"):
            continue  # Django restored the rows before the test, and will again.
        call_command("flush", verbosity=0, interactive=False, database=alias,
                     inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(contents)
        connection._test_serialized_contents = contents


def _reset_survey_sequences() -> None:
    """Serialized rollback puts the shipped survey templates back with their ids but leaves
    the id sequences where they were: move them past the restored rows (ending a mentorship
    copies the exit questions template, so any journey may create a survey)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(
        no_style(), list(apps.get_app_config("surveys").get_models()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def demo(live_server, migrated_data):
    """The demo department (60 faculty, the 8 personas) in the live server's database."""
    from programs.demo.department import DemoBuilder

    _reset_survey_sequences()
    return DemoBuilder(faculty=60, today=datetime.date.today()).build()


@pytest.fixture
def sign_in(page):
    """Sign in through the real allauth form and land on the home page."""
    from playwright.sync_api import expect

    def _sign_in(email: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/$"))
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return _sign_in
