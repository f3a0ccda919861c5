import uuid

from django.db import migrations, models


def give_each_planned_meeting_a_token(apps, schema_editor):
    # A callable default is evaluated once for AddField, so existing rows would all share
    # one value and break the unique constraint: give each its own first.
    PlannedMeeting = apps.get_model("checkins", "PlannedMeeting")
    for planned in PlannedMeeting.objects.only("pk").iterator():
        planned.submission_token = uuid.uuid4()
        planned.save(update_fields=["submission_token"])


class Migration(migrations.Migration):

    dependencies = [
        ("checkins", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="plannedmeeting",
            name="submission_token",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_planned_meeting_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="plannedmeeting",
            name="submission_token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
