import datetime

from django.db import migrations, models

LIMIT = "2200-01-01 00:00:00+00"


def drop_unreadable_planned_meetings(apps, schema_editor):
    """A planned meeting at the end of year 9999 (local time) was stored as year 10000
    UTC, which Python cannot read: every page, .ics and job that loads it fails. Such a
    row cannot be shown, edited or deleted through the app, so it goes (with the record
    of its invitations), in SQL: loading it through the ORM is what fails."""
    if schema_editor.connection.vendor != "postgresql":
        return  # elsewhere the write itself failed: no such row can exist
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM checkins_invitationsent WHERE planned_meeting_id IN "
            "(SELECT id FROM checkins_plannedmeeting WHERE starts_at >= %s)", [LIMIT])
        cursor.execute("DELETE FROM checkins_plannedmeeting WHERE starts_at >= %s", [LIMIT])
        # Foreign keys are checked at commit; check them now, or PostgreSQL refuses the
        # ALTER TABLE below ("pending trigger events").
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ('checkins', '0003_planned_meeting_agenda_opt_in'),
    ]

    operations = [
        migrations.RunPython(drop_unreadable_planned_meetings, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='plannedmeeting',
            constraint=models.CheckConstraint(condition=models.Q(('starts_at__lt', datetime.datetime(2200, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), name='planned_meeting_readable_time'),
        ),
    ]
