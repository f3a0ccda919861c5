import datetime

from celery import shared_task
from django.db.models import Count, F, Q
from django.utils import timezone

from checkins.models import PlannedMeeting
from checkins.services.planned import invitations_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitations(planned_meeting_id: int) -> int:
    """Email both members the invitation. Safe to run twice: see invitations_send."""
    planned = (PlannedMeeting.objects.select_related("mentorship__mentee__user",
                                                     "mentorship__mentor__user",
                                                     "created_by__user")
               .filter(pk=planned_meeting_id).first())
    if planned is None:
        return 0
    return invitations_send(planned=planned)


@shared_task
def send_missing_invitations() -> int:
    """Catch up on invitations (new, changed or cancelled) that were never queued (the
    broker was down). Only the current version of each meeting is sent."""
    recent = timezone.now() - datetime.timedelta(days=7)
    # Two members, so fewer than two rows for the current version means someone is missing.
    pending = (
        PlannedMeeting.objects.filter(changed_at__gte=recent, starts_at__gte=timezone.now())
        .annotate(sent=Count("invitations",
                             filter=Q(invitations__sequence=F("sequence"))))
        .filter(sent__lt=2).values_list("pk", flat=True)
    )
    return sum(send_invitations(pk) for pk in pending)


@shared_task
def send_reminders(force: bool = False) -> int:
    """Beat, hourly: at the department's sending hour, record every reminder due (nudges,
    escalations, plans waiting, check-ins and reviews due, leaders' weekly summary). Keyed
    by who, what and which period, so a rerun or a second tick sends nothing twice."""
    from checkins.services.reminders import reminders_send

    return sum(run.total for run in reminders_send(force=force))
