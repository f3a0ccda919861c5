"""A real production deployment, in miniature, for tests and bench scripts.

- `production_env()`: the environment a production process sees (DEBUG=false and the rest).
- `ProductionSite`: a fresh database of its own, `migrate` and `collectstatic` run as a
  deployment runs them, and the test personas (tests.conftest.make_world) loaded.
- `Gunicorn`: the web server as deployed (README, "Deploying"), behind a pretend TLS proxy:
  `Browser` sends X-Forwarded-Proto and X-Forwarded-For as the proxy would.
- `CeleryWorker`: a real worker process.
- `RedisSwitch`: a TCP relay to the real Redis that can be cut and restored, so "Redis is
  down" and "Redis is back" happen on one address without touching the shared server.
  `UnresponsiveServer` accepts connections and never answers (a hung Redis).

Nothing here asserts; the tests and bench/bench_redis_down.py do.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "k3P9xR7vQ2mZ8wL4nT6yB1cF5hJ0sD3gA9eU7iO2pK4rW8tY6uV1zX5qN0bM3c"  # 62 chars
HOST = "mentorship.example.org"


def production_env(**overrides) -> dict:
    """The environment a production start-up sees. DATABASE_URL and REDIS_URL stay as they
    are when set (CI points them at the real services); otherwise stand-ins are named,
    since production refuses to start without them. Nothing here connects to them."""
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_ALLOW_ASYNC"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "DEBUG": "false",
        "SECRET_KEY": PRODUCTION_KEY,
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or "postgres://mentorship@db.example.org:5432/mentorship",
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://redis.example.org:6379/0",
        "EMAIL_HOST": "smtp.example.org",
        "SITE_URL": f"https://{HOST}",
        "PRIVATE_MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "mentorship-private-media"),
    })
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def free_port() -> int:
    """A port nothing listens on (so also the address of a Redis that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, interval: float = 0.2):
    """Poll until `condition()` is truthy; return its last value either way."""
    deadline = time.monotonic() + timeout
    value = condition()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = condition()
    return value


# --- The site: database, static files, personas ------------------------------------------


class SetupFailed(Exception):
    pass


@dataclass
class ProductionSite:
    """A deployment of this checkout on a database of its own. `env` is what every
    process of the site gets; pass overrides to `process_env`."""

    database_url: str
    static_root: Path
    work_dir: Path
    env: dict = field(default_factory=dict)

    @classmethod
    def create(cls, *, name: str, database_url: str, redis_url: str) -> ProductionSite:
        work_dir = Path(tempfile.mkdtemp(prefix=f"{name}-"))
        parsed = urllib.parse.urlsplit(database_url)
        if not parsed.scheme.startswith("postgres"):
            raise SetupFailed("A production site needs PostgreSQL: another process must be "
                              "able to open the database.")
        site_db = name.replace("-", "_")[:63]
        _admin_sql(database_url, f'DROP DATABASE IF EXISTS "{site_db}" WITH (FORCE)')
        _admin_sql(database_url, f'CREATE DATABASE "{site_db}"')
        site = cls(database_url=urllib.parse.urlunsplit(parsed._replace(path=f"/{site_db}")),
                   static_root=work_dir / "staticfiles", work_dir=work_dir)
        site.env = production_env(
            DATABASE_URL=site.database_url, REDIS_URL=redis_url,
            STATIC_ROOT=str(site.static_root), BEHIND_TLS_PROXY="true",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(work_dir / "mail"),
            # A queue of its own, so no other test run's worker takes its jobs.
            CELERY_DEFAULT_QUEUE=f"{name}-{uuid.uuid4().hex[:8]}",
        )
        return site

    def process_env(self, **overrides) -> dict:
        env = dict(self.env)
        env.update({key: value for key, value in overrides.items() if value is not None})
        return env

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        result = run(["manage.py", *args], self.env)
        if result.returncode != 0:
            raise SetupFailed(f"manage.py {' '.join(args)} failed:\n"
                              f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
        return result

    def deploy(self) -> None:
        """What README's "Deploying" says to run, in order."""
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.manage("check", "--deploy", "--fail-level", "WARNING")
        # The personas of tests/conftest.py, with production's password hashing.
        self.manage("shell", "-c", "from tests.conftest import make_world; make_world()")

    def sql(self, query: str, *params) -> list[tuple]:
        import psycopg2

        connection = psycopg2.connect(self.database_url)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def sent_mail(self) -> list[str]:
        """Every email the site's processes sent (the file-based backend), one per item.
        The backend appends each message to a file, followed by a line of 79 dashes."""
        folder = self.work_dir / "mail"
        if not folder.exists():
            return []
        messages = []
        for path in sorted(folder.iterdir()):
            messages += [message.strip() for message in path.read_text().split("-" * 79)
                         if message.strip()]
        return messages

    def destroy(self) -> None:
        parsed = urllib.parse.urlsplit(self.database_url)
        _admin_sql(self.database_url, f'DROP DATABASE IF EXISTS "{parsed.path[1:]}" WITH (FORCE)')
        shutil.rmtree(self.work_dir, ignore_errors=True)


def _admin_sql(database_url: str, statement: str) -> None:
    """CREATE/DROP DATABASE, run from the server's maintenance database."""
    import psycopg2

    parsed = urllib.parse.urlsplit(database_url)
    connection = psycopg2.connect(urllib.parse.urlunsplit(parsed._replace(path="/postgres")))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


# --- Processes -----------------------------------------------------------------------------


class Process:
    """A child process whose output goes to a file, for the failure message."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        self._log_file = log.open("w")
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log_file,
                                        stderr=subprocess.STDOUT)

    def output(self) -> str:
        self._log_file.flush()
        return self.log.read_text()[-6000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()


class Gunicorn(Process):
    """`gunicorn mentorship.wsgi`, as README's "Deploying" runs it."""

    def __init__(self, site: ProductionSite, *, workers: int = 2, name: str = "web", **env):
        self.port = free_port()
        super().__init__(
            [sys.executable, "-m", "gunicorn", "mentorship.wsgi", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60",
             "--error-logfile", "-", "--no-control-socket"],
            site.process_env(**env), site.work_dir / f"{name}-{self.port}.log")

    def wait_ready(self, timeout: float = 60) -> None:
        def answers() -> bool:
            if self.process.poll() is not None:
                raise SetupFailed(f"gunicorn exited:\n{self.output()}")
            try:
                return Browser(self.port).get("/health/").status == 200
            except OSError:
                return False

        if not wait_until(answers, timeout=timeout, interval=0.3):
            raise SetupFailed(f"gunicorn did not answer /health/:\n{self.output()}")

    def __enter__(self) -> Gunicorn:
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class CeleryWorker(Process):
    """`celery -A mentorship worker` on the site's queue."""

    def __init__(self, site: ProductionSite, **env):
        env = site.process_env(**env)
        super().__init__(
            [sys.executable, "-m", "celery", "-A", "mentorship", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-mingle", "--without-gossip",
             "-Q", env["CELERY_DEFAULT_QUEUE"], "-n", f"test-{uuid.uuid4().hex[:8]}@%h"],
            env, site.work_dir / f"worker-{uuid.uuid4().hex[:6]}.log")

    def __enter__(self) -> CeleryWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# --- A browser behind the TLS proxy --------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class HiddenInputs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.values[attributes["name"]] = attributes.get("value") or ""


class Browser:
    """Plain HTTP to gunicorn, dressed as the TLS proxy in front of it would dress it:
    X-Forwarded-Proto https (BEHIND_TLS_PROXY), X-Forwarded-For the client's address."""

    def __init__(self, port: int, *, client_ip: str = "203.0.113.10", timeout: float = 60):
        self.port = port
        self.client_ip = client_ip
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.last_elapsed = 0.0

    def request(self, method: str, path: str, *, form: dict | None = None,
                proto: str = "https") -> Response:
        headers = {"Host": HOST, "X-Forwarded-Proto": proto, "X-Forwarded-For": self.client_ip}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        self.last_elapsed = time.perf_counter() - started  # for bench scripts
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def submit(self, path: str, data: dict) -> Response:
        """GET the page with the form, then POST it with the form's hidden fields (the
        CSRF token, a submission token) and `data`."""
        page = self.get(path)
        if page.status != 200:
            return page
        hidden = HiddenInputs()
        hidden.feed(page.text)
        return self.request("POST", path, form={**hidden.values, **data})

    def sign_in(self, email: str, password: str) -> Response:
        return self.submit("/accounts/login/", {"login": email, "password": password})


# --- Redis that goes away and comes back ------------------------------------------------


class RedisSwitch:
    """A TCP relay on a port of its own to the real Redis. `down()` closes the port and
    cuts every relayed connection (a Redis that stopped); `up()` listens again on the
    same port (a Redis that came back)."""

    def __init__(self, target_url: str):
        target = urllib.parse.urlsplit(target_url)
        self.target = (target.hostname or "127.0.0.1", target.port or 6379)
        self.db = target.path or "/0"
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self.up()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}{self.db}"

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                _close(sock)

    def close(self) -> None:
        self.down()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by down()
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    @staticmethod
    def _relay(client: socket.socket, upstream: socket.socket) -> None:
        sockets = [client, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 1.0)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is client else client).sendall(data)
        except (OSError, ValueError):
            return
        finally:
            _close(client)
            _close(upstream)


class UnresponsiveServer:
    """Accepts connections and never answers: a Redis that hangs."""

    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self._held.append(connection)

    def close(self) -> None:
        _close(self._listener)
        for connection in self._held:
            _close(connection)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
