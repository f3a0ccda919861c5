"""The permission matrix: every URL, crossed with anonymous, each persona and an outsider.

One row per URL (and per object whose visibility differs), one expected status per
persona. `test_every_url_is_in_the_matrix` fails when a URL is added without a row, so
a new page cannot ship without someone deciding who may open it.

To cover a new page, append a `Row` to MATRIX. `only(...)` says who gets 200 (or the
given status); everyone else gets 404 and the anonymous visitor is sent to log in.
An app may instead keep its rows in `tests/test_permissions_<app>.py`, as a list named
MATRIX (of `Row`) or MATRIX_ROWS (tuples that start with the URL name) with its own
test over them; the completeness test below counts those rows too.
"""

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from programs.models import FacultyMember, RosterImport, User
from programs.services.roster import export_rows
from tests.conftest import World

ANONYMOUS = "anonymous"
PERSONAS = World.PERSONAS
COLUMNS = (ANONYMOUS, *PERSONAS)
LOGIN_REDIRECT = 302


def only(*allowed: str, status: int = 200, anonymous: int = LOGIN_REDIRECT) -> dict[str, int]:
    """`allowed` get `status`; every other persona gets 404 (the object is not confirmed to
    exist); the anonymous visitor gets `anonymous` (by default, a redirect to log in)."""
    unknown = set(allowed) - set(PERSONAS)
    assert not unknown, f"not a persona: {unknown}"
    expected = {persona: (status if persona in allowed else 404) for persona in PERSONAS}
    return {ANONYMOUS: anonymous, **expected}


def everyone(status: int = 200, *, anonymous: int = LOGIN_REDIRECT) -> dict[str, int]:
    return only(*PERSONAS, status=status, anonymous=anonymous)


def no_kwargs(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    """One URL as one object, requested one way, and what each persona gets back."""

    name: str  # the URL name, as for reverse()
    kwargs: Callable[[World], dict]  # builds reverse() kwargs from the world
    expected: dict[str, int]  # persona (or "anonymous") -> status code
    method: str = "get"
    label: str = ""  # tells rows for the same URL name apart
    data: Callable[[World], dict] = field(default=lambda world: {})

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}" + (f" [{self.label}]" if self.label else "")


def roster_import_record(world: World) -> RosterImport:
    """A previewed (not yet applied) import: the world's roster plus one newcomer."""
    rows = [",".join(f'"{value}"' for value in row) for row in export_rows(world.department)]
    rows.append(",".join([
        "N900001", "newcomer@test.example", "New", "Comer", world.division.name,
        world.mentee.site.name, "assistant", world.mentee.position.name, "2025-07-01",
        "no", "yes", "active", "", "",
    ]))
    return RosterImport.objects.create(
        department=world.department, uploaded_by=world.admin.user,
        filename="roster.csv", content="\n".join(rows) + "\n",
    )


PROFILE_OF_MENTEE = only("mentee", "mentor", "director", "facilitator", "vicechair", "admin")
PROFILE_OF_OUTSIDER = only("outsider", "otherdirector", "vicechair", "admin")
ROSTER_OF_MENTEES_DIVISION = only("director", "facilitator", "vicechair", "admin")
ROSTER_OF_OTHER_DIVISION = only("otherdirector", "vicechair", "admin")
PROGRAM_ADMIN_ONLY = only("admin")

MATRIX: list[Row] = [
    Row("home", no_kwargs, everyone()),
    Row("health", no_kwargs, everyone(anonymous=200)),
    Row("programs:faculty_detail", lambda w: {"pk": w.mentee.pk}, PROFILE_OF_MENTEE,
        label="mentee's profile"),
    Row("programs:faculty_detail", lambda w: {"pk": w.outsider.pk}, PROFILE_OF_OUTSIDER,
        label="outsider's profile"),
    Row("programs:division_roster", lambda w: {"pk": w.division.pk},
        ROSTER_OF_MENTEES_DIVISION, label="mentee's division"),
    Row("programs:division_roster", lambda w: {"pk": w.other_division.pk},
        ROSTER_OF_OTHER_DIVISION, label="other division"),
    Row("programs:roster_import", no_kwargs, PROGRAM_ADMIN_ONLY),
    # An empty upload: the admin sees the form again with errors; others learn nothing.
    Row("programs:roster_import", no_kwargs, PROGRAM_ADMIN_ONLY, method="post",
        label="empty upload"),
    Row("programs:roster_import_preview", lambda w: {"pk": roster_import_record(w).pk},
        PROGRAM_ADMIN_ONLY),
    # Applying an import: only the admin may, and is sent back to the preview.
    Row("programs:roster_import_preview", lambda w: {"pk": roster_import_record(w).pk},
        only("admin", status=302), method="post", label="apply"),
    Row("programs:roster_export", no_kwargs, PROGRAM_ADMIN_ONLY),
]

# URL names the matrix does not have to cover: Django's admin (staff only, guarded by
# the admin itself) and allauth's account pages (covered by tests below).
EXCLUDED_PREFIXES = ("admin/", "accounts/", "static/", "media/", "__debug__/")


def cells() -> list:
    return [pytest.param(row, persona, id=f"{row.id}-{persona}")
            for row in MATRIX for persona in COLUMNS]


@pytest.mark.parametrize(("row", "persona"), cells())
def test_status(client, world, login, row: Row, persona: str):
    if persona != ANONYMOUS:
        login(world.person(persona))
    url = reverse(row.name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.expected[persona]
    assert response.status_code == expected, (
        f"{row.id} as {persona}: expected {expected}, got {response.status_code}")
    if persona == ANONYMOUS and expected == LOGIN_REDIRECT:
        assert response["Location"].startswith(reverse("account_login"))


def test_every_row_gives_every_persona_a_status():
    for row in MATRIX:
        assert set(row.expected) == set(COLUMNS), row.id


def test_someone_may_open_every_url():
    """A row where nobody gets in is usually a typo in the row, not a real rule."""
    for row in MATRIX:
        assert any(status < 400 and persona != ANONYMOUS
                   for persona, status in row.expected.items()), row.id


def url_names(resolver: URLResolver | None = None, prefix: str = "",
              namespace: str = "") -> Iterable[tuple[str, str]]:
    """(route, name) for every URL pattern below `resolver`, however deeply included."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from url_names(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route!r}>"
            yield route, name


def covered_url_names() -> set[str]:
    """URL names with a row here or in an app's tests/test_permissions_<app>.py."""
    names = {row.name for row in MATRIX}
    for path in sorted(Path(__file__).parent.glob("test_permissions_*.py")):
        module = importlib.import_module(f"tests.{path.stem}")
        for row in [*getattr(module, "MATRIX", []), *getattr(module, "MATRIX_ROWS", [])]:
            names.add(row.name if isinstance(row, Row) else row[0])
    return names


def test_every_url_is_in_the_matrix():
    covered = covered_url_names()
    routes = [(route, name) for route, name in url_names()
              if not route.lstrip("^").startswith(EXCLUDED_PREFIXES)]
    assert routes, "the URL walk found nothing: is the resolver walk broken?"
    missing = sorted({name for _, name in routes} - covered)
    assert not missing, f"URLs with no row in the permission matrix: {missing}"


def test_the_matrix_names_only_urls_that_exist():
    known = {name for _, name in url_names()}
    stale = sorted(covered_url_names() - known)
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_a_non_admin_cannot_apply_an_import(client, world, login):
    """The POST rows above check the status; this checks nothing was written."""
    record = roster_import_record(world)
    login(world.director)
    client.post(reverse("programs:roster_import_preview", kwargs={"pk": record.pk}))
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEWED
    assert not User.objects.filter(email="newcomer@test.example").exists()


def test_the_admin_applies_an_import_through_the_matrix_row(client, world, login):
    """So the admin's 302 on the apply row is a real import, not a bounce."""
    record = roster_import_record(world)
    login(world.admin)
    client.post(reverse("programs:roster_import_preview", kwargs={"pk": record.pk}))
    record.refresh_from_db()
    assert record.status == RosterImport.Status.APPLIED
    assert FacultyMember.objects.filter(user__email="newcomer@test.example").exists()


# --- allauth's account pages -------------------------------------------------------


@pytest.mark.django_db
def test_the_login_page_is_open(client):
    assert client.get(reverse("account_login")).status_code == 200


@pytest.mark.django_db
def test_the_password_reset_page_is_open(client):
    assert client.get(reverse("account_reset_password")).status_code == 200


@pytest.mark.django_db
def test_nobody_can_sign_up(client):
    """Accounts exist because the roster says so: the sign-up page says it is closed."""
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    response = client.post(reverse("account_signup"), {
        "email": "stranger@test.example",
        "password1": "a-long-enough-pass-2026", "password2": "a-long-enough-pass-2026",
    })
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.filter(email="stranger@test.example").exists()


def test_a_signed_in_persona_is_sent_home_from_the_login_page(client, world, login):
    login(world.mentee)
    response = client.get(reverse("account_login"))
    assert response.status_code == 302
