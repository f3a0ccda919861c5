"""The security baseline: deploy checks, fail-loud settings, CSP, no inline code, cookies."""

import json
import subprocess
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from programs.models import RosterImport
from tests.mentorship.production import PRODUCTION_KEY, production_env
from tests.mentorship.production import run as production_run


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return production_run(args, env, timeout=120)


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return run(["-c", "import django; django.setup()\n" + code], env)


def test_it_passes_the_deploy_checks_with_production_settings():
    assert len(PRODUCTION_KEY) >= 60
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_fails_the_deploy_checks_with_a_weak_secret_key():
    # Proves the check above is really checking: a short key must be reported.
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 production_env(SECRET_KEY="short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run(["manage.py", "check"], production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "The environment variable SECRET_KEY must be set." in result.stderr


def test_it_refuses_to_start_in_production_without_allowed_hosts():
    result = run(["manage.py", "check"], production_env(ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


@pytest.mark.parametrize("variable", ["DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "SITE_URL",
                                      "PRIVATE_MEDIA_ROOT"])
def test_it_refuses_to_start_in_production_without_its_services(variable):
    result = run(["manage.py", "check"], production_env(**{variable: None}))
    assert result.returncode != 0
    assert f"The environment variable {variable} must be set." in result.stderr


def test_it_refuses_a_debug_value_it_does_not_understand():
    result = run(["manage.py", "check"], production_env(DEBUG="maybe"))
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_it_makes_session_and_csrf_cookies_secure_in_production():
    code = (
        "import json\nfrom django.conf import settings as s\n"
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE',"
        " 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT',"
        " 'SECURE_HSTS_SECONDS')}))"
    )
    result = run_python(code, production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True, "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
    }


def test_it_sends_the_csrf_cookie_with_the_secure_flag_in_production():
    # Through the real middleware, so a cookie set by any page carries the flag.
    code = (
        "from django.http import HttpResponse\n"
        "from django.middleware.csrf import CsrfViewMiddleware, get_token\n"
        "from django.test import RequestFactory\n"
        "def view(request):\n"
        "    get_token(request)\n"
        "    return HttpResponse('ok')\n"
        "request = RequestFactory().get('/', secure=True)\n"
        "response = CsrfViewMiddleware(view)(request)\n"
        "cookie = response.cookies['csrftoken']\n"
        "print(bool(cookie['secure']), cookie['samesite'])"
    )
    result = run_python(code, production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True Lax"


def test_it_keeps_cookies_plain_in_local_development():
    # The other half of the switch: with DEBUG on, local http:// still works.
    code = ("from django.conf import settings as s\n"
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    result = run_python(code, production_env(DEBUG="true", SECRET_KEY=None, ALLOWED_HOSTS=None))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False"


# --- Content Security Policy and inline code ---------------------------------------------


class InlineCodeFinder(HTMLParser):
    """Collects inline <script> bodies, <style> blocks, style= and on*= attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if "style" in names:
            self.problems.append(f"style= on <{tag}>")
        self.problems.extend(f"{name}= on <{tag}>" for name in names if name.startswith("on"))
        if tag == "script":
            # json_script's data blocks are never executed, and the CSP allows them.
            is_data = dict(attrs).get("type") == "application/json"
            self._in_script = "src" not in names and not is_data
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]}")
        if self._in_style and data.strip():
            self.problems.append(f"<style> block: {data.strip()[:60]}")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_it_finds_inline_code_when_there_is_some():
    # The detector itself must be able to fail.
    assert inline_code('<p style="color:red">x</p>') == ["style= on <p>"]
    assert inline_code("<script>alert(1)</script>") == ["inline script: alert(1)"]
    assert inline_code('<button onclick="go()">') == ["onclick= on <button>"]
    assert inline_code('<script src="/static/app.js"></script><p class="x">ok</p>') == []
    assert inline_code('<script id="d" type="application/json">{"a": 1}</script>') == []
    assert inline_code('<script type="text/javascript">go()</script>') == [
        "inline script: go()"]


@pytest.fixture
def admin_pages(client, world, login):
    login(world.admin)
    record = RosterImport.objects.create(
        department=world.department, filename="r.csv", uploaded_by=world.admin.user,
        content="email,first_name,last_name,division,site,rank,position,appointment_date\n"
                "x@y.example,X,Y,Nowhere,LGH,Lecturer,Clinician teacher,2024-01-01\n")
    return [
        reverse("home"),
        reverse("programs:division_roster", args=[world.division.pk]),
        reverse("programs:roster_import"),
        reverse("programs:roster_import_preview", args=[record.pk]),
        reverse("programs:faculty_detail", args=[world.mentee.pk]),
    ]


def test_it_sends_a_content_security_policy_without_unsafe_inline(client, admin_pages):
    for url in admin_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy, url
        assert "unsafe-eval" not in policy, url
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"


def test_it_renders_pages_without_inline_scripts_or_styles(client, admin_pages):
    for url in admin_pages:
        response = client.get(url)
        assert inline_code(response.content.decode()) == [], url


def test_it_renders_the_public_pages_without_inline_code(client, db):
    for url in (reverse("account_login"), reverse("account_reset_password"),
                reverse("account_signup")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert inline_code(response.content.decode()) == [], url


def test_it_renders_the_import_form_with_errors_without_inline_code(client, world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(world.admin)
    response = client.post(reverse("programs:roster_import"), {
        "department": world.department.pk,
        "file": SimpleUploadedFile("r.csv", b"nothing,useful\n", content_type="text/csv")})
    assert response.status_code == 200
    assert response.context["file_errors"]
    assert inline_code(response.content.decode()) == []
