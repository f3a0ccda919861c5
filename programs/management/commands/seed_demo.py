import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from programs.dates import today
from programs.demo.department import DEPARTMENT, PERSONAS, DemoBuilder
from programs.models import Department


class Command(BaseCommand):
    help = "Build the demo department (about 900 faculty). Does nothing if it already exists."

    def add_arguments(self, parser):
        parser.add_argument("--faculty", type=int, default=900,
                            help="How many faculty to create (10,000 works, for benchmarks).")
        parser.add_argument("--reset", action="store_true",
                            help="Delete nothing: refuse if the demo exists, unless this is set, "
                                 "in which case the demo department is rebuilt from scratch.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="Build as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, faculty, reset, today: datetime.date | None, seed, **options):
        if faculty < 50:
            raise CommandError("The demo needs at least 50 faculty.")
        existing = Department.objects.filter(slug=DEPARTMENT[1]).first()
        if existing and not reset:
            self.stdout.write("The demo department is already loaded (use --reset to rebuild).")
            return
        if existing:
            from programs.demo.department import delete_demo

            delete_demo(existing)
        started = time.monotonic()
        builder = DemoBuilder(faculty=faculty, today=today or _today(), seed=seed)
        department = builder.build()
        # Other apps add their history (meetings, plans, ...) through DEMO_SEEDERS, so
        # programs never imports the apps that build on it.
        for path in settings.DEMO_SEEDERS:
            import_string(path)(department=department, today=builder.today, rng=builder.rng)
        self.stdout.write(self.style.SUCCESS(
            f"Built {department.name}: {department.faculty.count()} faculty in "
            f"{department.divisions.count()} divisions ({time.monotonic() - started:.1f}s)."))
        for key, persona in PERSONAS.items():
            self.stdout.write(f"  {persona.email:<28} {persona.description} ({key})")
        self.stdout.write("  Password for all: demo-pass-2026")


def _today() -> datetime.date:
    return today()
