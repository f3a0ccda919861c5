"""The account pages (django-allauth) and the Django admin, for every kind of visitor.

The apps' permission matrices (tests/<app>/test_permissions.py) cover our own URLs; these
are the ones they leave to the libraries. Each named account URL without arguments is
here, so a new one fails the completeness check below. Every page that answers 200 is
also checked for inline code.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.mentorship.test_security import inline_code

ANON, FACULTY, ADMIN = "anonymous", "mentee", "admin"

# name: (anonymous, a faculty member, a program admin who is Django staff)
ACCOUNT_PAGES = {
    "account_login": (200, 302, 302),
    "account_logout": (302, 200, 200),
    "account_inactive": (200, 200, 200),
    "account_signup": (200, 302, 302),  # anonymous sees "sign-up is closed"
    "account_reauthenticate": (302, 200, 200),
    "account_email": (404, 404, 404),  # the roster owns email addresses
    "account_email_verification_sent": (200, 200, 200),
    "account_change_password": (302, 200, 200),
    "account_set_password": (302, 302, 302),  # they have a password: go to change it
    "account_reset_password": (200, 200, 200),
    "account_confirm_login_code": (302, 302, 302),
    # Re-authentication by emailed code (allauth 65.14+); login by code is switched off.
    "account_request_reauthentication_code": (302, 302, 302),
    "account_confirm_reauthentication_code": (302, 302, 302),
    "account_reset_password_from_key_done": (200, 200, 200),
    "account_reset_password_done": (200, 200, 200),
    "socialaccount_login_cancelled": (200, 200, 200),
    "socialaccount_login_error": (401, 401, 401),
    "socialaccount_signup": (302, 302, 302),  # no sign-up through SSO either
    "socialaccount_connections": (302, 200, 200),
}
# Named account URLs that take arguments (a key from an email): covered by the flows in
# tests/mentorship/test_accounts.py.
WITH_ARGUMENTS = {"account_confirm_email", "account_reset_password_from_key"}


def visit(client, world, login, who: str, url: str):
    if who != ANON:
        login(getattr(world, who))
    return client.get(url)


@pytest.mark.parametrize("who", [ANON, FACULTY, ADMIN])
@pytest.mark.parametrize("name", sorted(ACCOUNT_PAGES))
def test_account_page(client, world, login, name, who):
    expected = ACCOUNT_PAGES[name][[ANON, FACULTY, ADMIN].index(who)]
    response = visit(client, world, login, who, reverse(name))
    assert response.status_code == expected
    if response.status_code == 200:
        assert inline_code(response.content.decode()) == []


def test_every_named_account_url_is_in_the_table():
    def names(patterns, prefix=""):
        for pattern in patterns:
            path = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern.url_patterns, path)
            elif path.startswith("accounts/") and pattern.name:
                yield pattern.name

    found = set(names(get_resolver().url_patterns))
    assert found - WITH_ARGUMENTS == set(ACCOUNT_PAGES)


@pytest.mark.parametrize("who, expected", [(ANON, 302), (FACULTY, 302), (ADMIN, 200)])
def test_the_django_admin_is_for_staff_only(client, world, login, who, expected):
    response = visit(client, world, login, who, reverse("admin:index"))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("admin:login"))
