"""Accounts exist because the roster says so: nobody signs themselves up."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class RosterAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


class RosterSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on logs in roster people (matched by email) but creates nobody."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False
