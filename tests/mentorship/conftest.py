import os
import urllib.parse

import pytest

from tests.conftest import IN_CI
from tests.mentorship.production import ProductionSite, SetupFailed


@pytest.fixture(scope="session")
def production_site(worker_id):
    """This checkout deployed as README's "Deploying" says (migrate, collectstatic, the
    deploy checks) on a fresh PostgreSQL database, with the test personas loaded. Shared by
    the tests of one pytest worker; removed at the end of the session."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        message = "The production site needs DATABASE_URL (PostgreSQL) and REDIS_URL."
        if IN_CI:
            pytest.fail(f"CI=true but it cannot run: {message}")
        pytest.skip(message)
    base = urllib.parse.urlsplit(database_url).path.lstrip("/")
    try:
        site = ProductionSite.create(name=f"{base}_site_{worker_id}", database_url=database_url,
                                    redis_url=redis_url)
    except SetupFailed as error:
        pytest.fail(str(error))
    try:
        site.deploy()
    except SetupFailed as error:
        site.destroy()
        pytest.fail(str(error))
    yield site
    site.destroy()
