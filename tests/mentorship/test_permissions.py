"""The project's own URLs in the permission matrix, and the matrix's completeness checks
over every app (the rows live in `tests/<app>/test_permissions.py`)."""

import pytest
from django.urls import reverse

from programs.models import User
from tests.permissions import (
    ANONYMOUS,
    COLUMNS,
    Row,
    all_rows,
    cells,
    check_cell,
    everyone,
    no_kwargs,
    url_names,
)

MATRIX: list[Row] = [
    Row("home", no_kwargs, everyone()),
    Row("health", no_kwargs, everyone(anonymous=200)),
]

# URL names the matrix does not have to cover: Django's admin (staff only, guarded by
# the admin itself) and allauth's account pages (tests/mentorship/test_account_pages.py).
EXCLUDED_PREFIXES = ("admin/", "accounts/", "static/", "media/", "__debug__/")


@pytest.mark.parametrize(("row", "persona"), cells(MATRIX))
def test_status(client, world, login, row: Row, persona: str):
    check_cell(client, world, login, row, persona)


def test_every_row_gives_every_persona_a_status():
    rows = all_rows()
    assert len(rows) > len(MATRIX), "the other apps' matrices were not found"
    for row in rows:
        assert set(row.expected) == set(COLUMNS), row.id


def test_someone_may_open_every_url():
    """A row where nobody gets in is usually a typo in the row, not a real rule."""
    for row in all_rows():
        if row.label == "nobody":
            continue
        assert any(status < 400 and persona != ANONYMOUS
                   for persona, status in row.expected.items()), row.id


def test_every_url_is_in_the_matrix():
    covered = {row.name for row in all_rows()}
    routes = [(route, name) for route, name in url_names()
              if not route.lstrip("^").startswith(EXCLUDED_PREFIXES)]
    assert routes, "the URL walk found nothing: is the resolver walk broken?"
    missing = sorted({name for _, name in routes} - covered)
    assert not missing, f"URLs with no row in the permission matrix: {missing}"


def test_the_matrix_names_only_urls_that_exist():
    known = {name for _, name in url_names()}
    stale = sorted({row.name for row in all_rows()} - known)
    assert not stale, f"rows for URLs that no longer exist: {stale}"


# --- allauth's entry pages -----------------------------------------------------------


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
