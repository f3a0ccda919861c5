"""Settings, read from environment variables (see README.md, "Configuration").

With nothing set and DEBUG=true this runs on SQLite with a file-system Celery broker,
so a laptop with only Python can run it. In production (DEBUG unset or false) the
secret key and allowed hosts must be given, or start-up fails.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from mentorship.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_str("SECRET_KEY", required=True, hint=(
        "DEBUG is off, so these are production settings. On a development machine set "
        "DEBUG=true (make does)."))
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
# Earlier secret keys, comma-separated, while what they signed or sealed is still in use
# (sessions, emailed links, the sealed ballots of open survey runs).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The project itself: no models, only start-up wiring (mentorship/apps.py).
    "mentorship.apps.MentorshipConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "csp",
    "programs",
    "checkins",
    "awards",
    "matching",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programs.context_processors.viewer",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------------
# In production the database, the broker and the mail server must be named: falling
# back to a local SQLite file or a file-system queue there would lose data quietly.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}", required=not DEBUG),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (web, worker, beat) share the file under `make run`.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Redis is the Celery broker and nothing else, so a Redis outage delays emails but never
# stops a page or a sign-in (README, "Configuration"). What used to need it:
# - the cache, which holds allauth's sign-in rate limits: it is the database cache. The
#   limits must be shared by every gunicorn worker (a per-process cache would multiply
#   them) and must still hold when Redis is down; the database is the one service the site
#   cannot run without anyway, and a few rows per sign-in attempt is nothing to it. Its
#   table is created by `migrate` (mentorship/apps.py), not by a separate command.
# - sessions: in the database too (Django's default, stated here so nobody moves them).
REDIS_URL = env_str("REDIS_URL", required=not DEBUG)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Django culls a third of the rows once the table passes MAX_ENTRIES, live ones
        # included, and a culled rate-limit history is a limit lifted. Expired rows go
        # first, so this only has to exceed the rows alive at once (minutes, for limits).
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery ----------------------------------------------------------------------
CELERY_QUEUE_DIR = Path(env_str("CELERY_QUEUE_DIR", str(BASE_DIR / ".celery")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # Without these a Redis that accepts connections but never answers (a hung server,
        # a half-open route) holds a web request forever: measured in
        # bench/bench_redis_down.py. A healthy Redis answers a publish in about a
        # millisecond. The worker's BRPOP runs in its event loop, where these do not apply.
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
    }
else:
    # kombu's file-system transport: a broker that needs no server.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
# Several deployments (staging beside production, or test runs) can share one Redis.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_DEFAULT_QUEUE", "celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that gives up on the broker after 100 retries (Celery's default, about 50
# minutes) stops for good, and with it every email after a long Redis outage: retry forever.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Publishing happens inside a person's request, and the outbox sweep sends whatever could
# not be queued (README, "Background jobs"), so a retry would only make them wait: 0.6 s
# per job with Celery's default policy against a refused port, and a socket timeout per
# attempt against a hung Redis. redis-py itself reconnects a pooled connection that went
# stale while Redis restarted, so the first publish after an outage still goes through.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "programs.tasks.heartbeat",
        "schedule": env_int("HEARTBEAT_SECONDS", 60),
    },
    # Invitations whose task never reached the broker are sent on the next sweep.
    "send-missing-invitations": {
        "task": "checkins.tasks.send_missing_invitations",
        "schedule": 10 * 60,
    },
    # Notifications whose task never reached the broker, or whose send failed.
    "send-pending-notifications": {
        "task": "programs.tasks.send_pending_notifications",
        "schedule": 5 * 60,
    },
    # Reminders keyed by who, what and which event or cycle: a second tick sends nothing.
    "send-event-reminders": {
        "task": "programs.tasks.send_event_reminders",
        "schedule": 60 * 60,
    },
    "send-award-reminders": {
        "task": "awards.tasks.send_cycle_reminders",
        "schedule": 60 * 60,
    },
    # Hourly, acting only at REMINDER_HOUR in TIME_ZONE (checkins/services/reminders.py).
    "send-reminders": {
        "task": "checkins.tasks.send_reminders",
        "schedule": 60 * 60,
    },
    # People who chose a weekly digest for some kinds: hourly, acting at REMINDER_HOUR on
    # REMINDER_DIGEST_WEEKDAY; keyed per person and week.
    "send-notification-digests": {
        "task": "programs.tasks.send_notification_digests",
        "schedule": 60 * 60,
    },
    # Survey invitations to everyone in an open run's audience not yet invited, and one
    # reminder to non-respondents; keyed per run and person, so a second tick sends nothing.
    "send-survey-invitations": {
        "task": "surveys.tasks.send_survey_invitations",
        "schedule": 60 * 60,
    },
}
# Reminders (checkins/services/reminders.py): the local hour (TIME_ZONE) they go out,
# the weekday (0 = Monday) of leaders' weekly summary, the days without a meeting before
# the facilitators hear of a mentorship, and the days a submitted plan waits before its
# Division Director is reminded.
REMINDER_HOUR = env_int("REMINDER_HOUR", 9)
REMINDER_DIGEST_WEEKDAY = env_int("REMINDER_DIGEST_WEEKDAY", 0)
REMINDER_SILENCE_DAYS = env_int("REMINDER_SILENCE_DAYS", 120)
PLAN_WAITING_DAYS = env_int("PLAN_WAITING_DAYS", 7)

# --- Surveys: the anonymity thresholds (README, "Surveys") ---------------------------
# A score is shown for a group of at least this many answers; a comment only when at
# least this many people answered the question. Complementary suppression hides more.
SURVEY_MIN_SCORES = env_int("SURVEY_MIN_SCORES", 5)
SURVEY_MIN_COMMENTS = env_int("SURVEY_MIN_COMMENTS", 10)
# Anonymous answers are counted in shuffled batches while at least this many others wait,
# so no response can be matched to who answered (surveys.services.ballots).
SURVEY_MIX_BATCH = env_int("SURVEY_MIX_BATCH", SURVEY_MIN_SCORES)
# Reminders go to non-respondents this many days before a run closes.
SURVEY_REMINDER_DAYS = env_int("SURVEY_REMINDER_DAYS", 3)
# An identified relationship pulse scored at or under this (1-5) asks the facilitator to
# check in ("low pulse"), without the answers.
SURVEY_LOW_PULSE = env_int("SURVEY_LOW_PULSE", 2)

# --- Accounts --------------------------------------------------------------------
AUTH_USER_MODEL = "programs.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "programs.adapters.RosterAccountAdapter"
SOCIALACCOUNT_ADAPTER = "programs.adapters.RosterSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Accounts come from the roster, and a password reset proves the mailbox.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
# Brute force is slowed per address and per account. The per-account limit is kept from
# being a way to lock a colleague out (programs/adapters.py): it does not apply on a browser
# the person has signed in with before, and a successful password reset lifts it. A paused
# sign-in answers 429 with a page that says what to do (templates/429.html).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mentorship] "
# Who people without an account (departed, or never on the roster) are told to contact.
PROGRAM_CONTACT_EMAIL = env_str("PROGRAM_CONTACT_EMAIL")

# Institutional single sign-on: off unless configured (README, "Single sign-on").
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict = {}
SSO_FORM_ACTION_ORIGINS: list[str] = []
if env_str("SSO_OIDC_SERVER_URL"):
    from urllib.parse import urlsplit

    INSTALLED_APPS.append("allauth.socialaccount.providers.openid_connect")
    _issuer = urlsplit(env_str("SSO_OIDC_SERVER_URL"))
    # The sign-in button posts to us and we redirect to the identity provider; browsers
    # apply the CSP's form-action to that redirect, so the provider must be allowed.
    SSO_FORM_ACTION_ORIGINS.append(f"{_issuer.scheme}://{_issuer.netloc}")
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [{
            "provider_id": env_str("SSO_OIDC_PROVIDER_ID", "institution"),
            "name": env_str("SSO_OIDC_NAME", "Institutional sign-on"),
            "client_id": env_str("SSO_OIDC_CLIENT_ID", required=True),
            "secret": env_str("SSO_OIDC_CLIENT_SECRET", required=True),
            "settings": {"server_url": env_str("SSO_OIDC_SERVER_URL")},
        }],
    }
if env_str("SSO_SAML_METADATA_URL"):
    INSTALLED_APPS.append("allauth.socialaccount.providers.saml")
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [{
            "provider_id": env_str("SSO_SAML_PROVIDER_ID", "institution-saml"),
            "name": env_str("SSO_SAML_NAME", "Institutional sign-on (SAML)"),
            "client_id": env_str("SSO_SAML_ENTITY_ID", required=True),
            "settings": {
                "attribute_mapping": {
                    "uid": "urn:oasis:names:tc:SAML:attribute:subject-id",
                    "email": "urn:oid:0.9.2342.19200300.100.1.3",
                    "first_name": "urn:oid:2.5.4.42",
                    "last_name": "urn:oid:2.5.4.4",
                },
                "idp": {
                    "entity_id": env_str("SSO_SAML_IDP_ENTITY_ID", required=True),
                    "metadata_url": env_str("SSO_SAML_METADATA_URL"),
                },
            },
        }],
    }

# --- Email -----------------------------------------------------------------------
# Emails are read outside the site, so their links need scheme and host (no trailing path).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000", required=not DEBUG).rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "mentorship@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost",
                     required=EMAIL_BACKEND.endswith("smtp.EmailBackend"))
EMAIL_PORT = env_int("EMAIL_PORT", 25)
# The file-based backend writes each email to a file here (staging, and the tests that
# run the production deployment).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH",
                          required=EMAIL_BACKEND.endswith("filebased.EmailBackend")) or None
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)

# --- Security --------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading commits the whole parent domain to HTTPS in browsers and is hard to undo, so
# it is the institution's call (set SECURE_HSTS_PRELOAD=true); its absence is not a fault.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sign-in limits per IP address need the client's address. Behind a proxy every request
# comes from the proxy, so without this the whole institution would share one limit and
# ten typos a minute anywhere would stop everyone signing in. The proxy must append the
# client to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for); count the proxies that do.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)

# No inline scripts or styles anywhere, so the policy needs no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *SSO_FORM_ACTION_ORIGINS, *env_list("CSP_FORM_ACTION_EXTRA")],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Internationalisation and static files -----------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files that only some people may read (award nomination letters). They live
# outside the static files and have no URL: a view that checks permission streams each one
# (awards.storage). Back this folder up with the database: the rows point at its files.
# In production it must be named, so letters never land in a checkout that a redeploy
# replaces.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media"),
                                  required=not DEBUG))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "awards.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Functions that add an app's demo history after programs builds the demo department.
# Each is called as f(department=..., today=..., rng=...).
DEMO_SEEDERS: list[str] = [
    "programs.demo.history.seed_history",
    "checkins.demo.history.seed_history",
    "checkins.demo.rhythm.seed_rhythm",
    "checkins.demo.reminders.seed_reminders",
    "awards.demo.seed_history",
    "matching.demo.seed_profiles",
    "matching.demo.seed_intake",
    "surveys.demo.seed_history",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
