"""What surveys does when programs signals an event (connected in SurveysConfig.ready)."""

import datetime

from django.dispatch import receiver

from programs.models import Mentorship
from programs.signals import mentorship_ended
from surveys.services.exit import exit_invitations_send


@receiver(mentorship_ended, dispatch_uid="surveys-exit-questions")
def ask_the_exit_questions(sender, *, mentorship: Mentorship, on: datetime.date,
                           **kwargs) -> None:
    exit_invitations_send(mentorship=mentorship, on=on)
