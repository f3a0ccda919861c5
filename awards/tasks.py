from celery import shared_task

from awards.services.cycles import cycle_reminders_send


@shared_task
def send_cycle_reminders() -> int:
    """Beat, hourly: nominations opening and closing, the nudge to mentees, and the
    committee's call to score. Every email is keyed per person and cycle, so a repeated
    tick sends nothing twice."""
    return cycle_reminders_send()
