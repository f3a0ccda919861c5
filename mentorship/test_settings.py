"""Settings for the test suite: the real settings with fast hashing and local mail.

DATABASE_URL and REDIS_URL still decide which database and broker are used, so CI runs
the suite against PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DEBUG", "true")

from mentorship.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# CACHES is the production one, the database cache: a test's rate-limit counts are rows in
# its own transaction and roll back with it, and every xdist worker has its own database.

# Nomination letters go to a temporary folder, removed when the run ends, so the suite
# never leaves files in the repository (each xdist worker has its own).
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mentorship-private-media-"))
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)
