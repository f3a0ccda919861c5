"""Accounts exist because the roster says so: nobody signs themselves up.

Failed sign-ins are limited per IP address and per account (settings.ACCOUNT_RATE_LIMITS,
"login_failed"). A per-account limit is also a way to lock a colleague out by typing wrong
passwords for their email, so here it is kept from being one:
- on a browser where the person has signed in before (a signed cookie names the account),
  failures are counted for that browser alone, so a stranger's failures never pause it;
- a successful password reset (which proves the mailbox) lifts the pause at once;
- a paused sign-in answers 429 with a page saying which limit was reached and what to do.
"""

from __future__ import annotations

import secrets
import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse

# The public allauth.core.ratelimit covers consuming only; reading a limit without
# counting (which limit stopped this sign-in?) and clearing one limit of an action need
# the module it wraps. allauth is pinned below 66; tests/mentorship/test_accounts.py
# fails if these change under us.
from allauth.core.internal import ratelimit
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.cache import cache
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from programs.models import FacultyMember, LeadershipRole, User

APP = "allauth.account"
LOGIN_FAILED = "login_failed"
KNOWN_BROWSER_COOKIE = "known_browser"
KNOWN_BROWSER_SALT = "programs.adapters.known-browser"
KNOWN_BROWSER_MAX_AGE = 180 * 24 * 3600


def _account_fingerprint(email: str) -> str:
    """Names an account in the cookie without writing the email address into it."""
    return salted_hmac(KNOWN_BROWSER_SALT, email.strip().lower()).hexdigest()[:32]


def known_browser(request: HttpRequest, email: str) -> str | None:
    """The id of this browser if someone has signed in to `email`'s account with it."""
    try:
        value = request.get_signed_cookie(KNOWN_BROWSER_COOKIE, salt=KNOWN_BROWSER_SALT,
                                          max_age=KNOWN_BROWSER_MAX_AGE)
    except (KeyError, BadSignature):
        return None
    fingerprint, _, browser = value.partition(":")
    if not email or not browser or fingerprint != _account_fingerprint(email):
        return None
    return browser


def _rates(per: str) -> list[ratelimit.Rate]:
    return [rate for rate in ratelimit.get_rates(app=APP, action=LOGIN_FAILED)
            if rate.per == per]


def network_limit_reached(request: HttpRequest) -> bool:
    """Whether the per-IP failed sign-in limit is used up (read without counting)."""
    now = time.time()
    for rate in _rates("ip"):
        key = ratelimit.get_cache_key(request, app=APP, action=LOGIN_FAILED, rate=rate)
        allowed, _ = ratelimit.apply_rate(list(cache.get(key, [])), now, rate, dry_run=True)
        if not allowed:
            return True
    return False


def sign_in_paused(request: HttpRequest, *, reason: str) -> HttpResponse:
    """The 429 page for a paused sign-in; `reason` is "account" or "network"."""
    rates = _rates("key" if reason == "account" else "ip")
    seconds = int(max((rate.duration for rate in rates), default=60))
    response = render(request, "429.html", {"paused": reason,
                                            "pause_minutes": max(1, seconds // 60)},
                      status=429)
    response["Retry-After"] = str(seconds)
    return response


def _program_admins(person: FacultyMember) -> list[FacultyMember]:
    """Whom a departed person can ask about their old account: their department's
    current program administrators."""
    roles = (LeadershipRole.objects.active()
             .filter(kind=LeadershipRole.Kind.PROGRAM_ADMIN, department_id=person.department_id,
                     person__user__is_active=True)
             .select_related("person__user").order_by("person__user__last_name"))
    return [role.person for role in roles]


class RosterAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    # --- Failed sign-in limits -------------------------------------------------------

    def _login_failed_key(self, request: HttpRequest, email: str) -> str:
        key = self._get_login_attempts_cache_key(request, email=email)
        browser = known_browser(request, email)
        return f"{key}:browser:{browser}" if browser else key

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """allauth's check, with the account counted per known browser, and a 429 page
        instead of a form error when a limit is reached."""
        key = self._login_failed_key(request, credentials.get("email", ""))
        self._login_failed_rl_usage = ratelimit.consume(request, app=APP, action=LOGIN_FAILED,
                                                        key=key)
        if not self._login_failed_rl_usage:
            reason = "network" if network_limit_reached(request) else "account"
            raise ImmediateHttpResponse(sign_in_paused(request, reason=reason))

    def set_password(self, user, password: str) -> None:
        """Setting a password proves the mailbox (reset) or the old password (change), so
        any pause on the account's sign-in ends. After a reset allauth clears the account's
        count too, but not the one kept for this browser, nor after a change."""
        super().set_password(user, password)
        request = context.request
        if request is not None:
            self.lift_sign_in_pause(request, user)

    def lift_sign_in_pause(self, request: HttpRequest, user) -> None:
        emails = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
        for email in emails:
            keys = {self._get_login_attempts_cache_key(request, email=email),
                    self._login_failed_key(request, email)}
            for key in keys:
                # Only the account's limits: the per-IP one keeps counting.
                for rate in _rates("key"):
                    cache.delete(ratelimit.get_cache_key(
                        request, app=APP, action=LOGIN_FAILED, rate=rate, key=key))

    def post_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse:
        """Remember this browser for this account (see the module docstring)."""
        response = super().post_login(request, user, **kwargs)
        browser = known_browser(request, user.email) or secrets.token_urlsafe(16)
        response.set_signed_cookie(
            KNOWN_BROWSER_COOKIE, f"{_account_fingerprint(user.email)}:{browser}",
            salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
        return response

    # --- Emails ------------------------------------------------------------------------

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if template_prefix == "account/email/unknown_account":
            context = {**context, **self.no_account_context(email)}
        super().send_mail(template_prefix, email, context)

    def no_account_context(self, email: str) -> dict:
        """For a reset asked for an address with no active account: whether it belonged to
        someone who has left (the email goes to that mailbox only), and whom to contact."""
        closed = User.objects.filter(email__iexact=email.strip(), is_active=False).first()
        person = (FacultyMember.objects.filter(user=closed).select_related("department")
                  .first() if closed else None)
        return {
            "account_closed": closed is not None,
            "departed": person is not None and person.status == FacultyMember.Status.DEPARTED,
            "department": person.department if person else None,
            "program_admins": _program_admins(person) if person else [],
            "program_contact_email": settings.PROGRAM_CONTACT_EMAIL,
        }


class RosterSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on logs in roster people (matched by email) but creates nobody."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False
