"""The project as an app: no models, only what must happen when the database is set up."""

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(*, using: str = "default", **kwargs) -> None:
    """The cache (and so the sign-in rate limiter) lives in a database table, and
    `createcachetable` is a separate command that a deployment can forget, after which every
    sign-in fails. `migrate` creates it instead. The command skips a table that exists."""
    call_command("createcachetable", database=using, verbosity=0)


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = "Mentorship (project)"

    def ready(self) -> None:
        # post_migrate is sent once per app that has models, and this one has none, so it
        # listens to all of them; after the first, each call costs one look at the tables.
        post_migrate.connect(create_cache_table, dispatch_uid="mentorship.create_cache_table")
