"""Run the reminder job now, as beat does at the sending hour (`--now` ignores the hour)."""

from django.core.management.base import BaseCommand

from checkins.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Record every reminder due today (nudges, escalations, plans, check-ins, reviews)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true",
                            help="run even outside REMINDER_HOUR (local time)")

    def handle(self, *args, now: bool = False, **options) -> None:
        runs = reminders_send(force=now)
        if not runs:
            self.stdout.write("Not the sending hour (REMINDER_HOUR); use --now to run anyway.")
        for run in runs:
            self.stdout.write(f"{run.name}: {run.get_status_display()}, {run.done} of "
                              f"{run.total}. {run.summary}{run.error}")
