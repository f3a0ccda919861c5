from celery import shared_task

from programs.dates import today
from programs.notifications import notification_send
from surveys.services.runs import invitations_send, survey_invitations_sweep


@shared_task
def invite_run(run_id: int) -> int:
    """Right after a launch: invite the run's audience (each person once, ever)."""
    return invitations_send(run_id=run_id, on=today())


@shared_task
def send_survey_emails(notification_ids: list[int]) -> int:
    """Send a batch of outbox rows; a row already sent (or being sent) is skipped."""
    return sum(notification_send(notification_id=pk) for pk in notification_ids)


@shared_task
def send_survey_invitations() -> dict[str, int]:
    """Beat, hourly: invitations for open runs, then reminders to non-respondents."""
    return survey_invitations_sweep(on=today())
