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
