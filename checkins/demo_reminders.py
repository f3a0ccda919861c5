"""Demo: reminders already in mentee@'s notification centre (last month's nudge, read; a
check-in notice, unread), as if the job had run before. Today's reminders are left to the
job itself, so under `make run` one visibly arrives at the sending hour (or at once with
`python manage.py send_reminders --now`)."""

import datetime
import random

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from programs.demo.department import PERSONAS
from programs.models import Department, Mentorship, Notification
from programs.notifications import absolute_url


def seed_reminders(*, department: Department, today: datetime.date, rng: random.Random) -> None:
    mentorship = (Mentorship.objects.active(today).select_related("mentee__user", "mentor__user")
                  .filter(mentee__department=department,
                          mentee__user__email=PERSONAS["mentee"].email)
                  .order_by("kind", "pk").first())
    if mentorship is None:
        return
    mentee, mentor = mentorship.mentee, mentorship.mentor
    last_month = (today.replace(day=1) - datetime.timedelta(days=1))
    sent = timezone.make_aware(datetime.datetime.combine(last_month.replace(day=3),
                                                         datetime.time(9)))
    rows = [
        Notification(
            key=f"nudge:mentorship-{mentorship.pk}:{last_month:%Y-%m}:user-{mentee.user_id}",
            recipient=mentee.email, user=mentee.user, kind="nudge",
            subject=f"[Mentorship] Time to meet {mentor}",
            body=(f"Your mentorship with {mentor} is behind the program's cadence this year."
                  f"\n\nPlan a meeting: "
                  f"{absolute_url(reverse('checkins:planned_new', args=[mentorship.pk]))}\n"),
            sent_at=sent, read_at=sent + datetime.timedelta(hours=5)),
        Notification(
            key=f"checkin-due:person-{mentee.pk}:demo:due:user-{mentee.user_id}",
            recipient=mentee.email, user=mentee.user, kind="checkin-due",
            subject="[Mentorship] Your Vice-Chair check-in is coming up",
            body=("Your check-in with the Vice-Chair, at about a year and a half in the "
                  "department, is coming up. The Vice-Chair's office will be in touch.\n"),
            sent_at=sent),
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # created_at is auto_now_add: put them back in last month, where they belong.
    Notification.objects.filter(key__in=[row.key for row in rows]).update(
        created_at=F("sent_at"))
