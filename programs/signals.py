"""Signals programs sends, so other apps can act on its events without programs importing
them (programs imports no other app).

`mentorship_ended(sender=Mentorship, mentorship=..., on=...)`: a member, facilitator or
program admin ended an open mentorship from the end page (programs.services.requests.
mentorship_close), inside its transaction. The surveys app asks each side the exit
questions (surveys.receivers). Not sent when a departure ends mentorships (roster import):
the departed person can no longer sign in.
"""

from django.dispatch import Signal

mentorship_ended = Signal()
