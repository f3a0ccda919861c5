"""Single sign-on is off by default and appears on the login page when configured.

Settings are read at start-up, so the configured case runs in a subprocess.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)  # a throwaway SQLite file: allauth reads SocialApp
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/accounts/login/")
print(response.status_code)
print("oidc-button" if "/accounts/oidc/institution/login/" in response.content.decode() else "none")
print(response["Content-Security-Policy"])
"""


def run_login_page(extra_env: dict, tmp_path: Path) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentorship.test_settings", **extra_env,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'sso.sqlite3'}"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def test_it_offers_no_sso_by_default(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Institutional sign-on" not in response.content.decode()


def test_it_offers_oidc_sign_on_when_configured(tmp_path):
    status, button, csp = run_login_page({
        "SSO_OIDC_SERVER_URL": "https://idp.example.edu/realms/med",
        "SSO_OIDC_CLIENT_ID": "mentorship",
        "SSO_OIDC_CLIENT_SECRET": "s3cret",
    }, tmp_path)
    assert status == "200"
    assert button == "oidc-button"
    assert "form-action 'self' https://idp.example.edu" in csp
