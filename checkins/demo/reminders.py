"""Demo: reminders already in mentee@'s notification centre (nudges from two months ago,
read, and last month, unread), as if the job had run before. Today's reminders are left to the
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
    link = absolute_url(reverse("checkins:planned_new", args=[mentorship.pk]))
    rows = []
    first_of_month = today.replace(day=1)
    for back, read in ((2, True), (1, False)):  # two months ago (read), last month (unread)
        month = first_of_month
        for _ in range(back):
            month = (month - datetime.timedelta(days=1)).replace(day=1)
        sent = timezone.make_aware(datetime.datetime.combine(month.replace(day=3),
                                                             datetime.time(9)))
        rows.append(Notification(
            key=f"nudge:mentorship-{mentorship.pk}:{month:%Y-%m}:user-{mentee.user_id}",
            recipient=mentee.email, user=mentee.user, kind="nudge",
            subject=f"[Mentorship] Time to meet {mentor}",
            body=(f"Your mentorship with {mentor} was behind the program's cadence for this "
                  f"point of the year.\n\nAs the mentee you drive the relationship: propose "
                  f"a time, then log the meeting.\nPlan a meeting: {link}\n"),
            sent_at=sent, read_at=sent + datetime.timedelta(hours=5) if read else None))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # created_at is auto_now_add: put them back in the months they were sent.
    Notification.objects.filter(key__in=[row.key for row in rows]).update(
        created_at=F("sent_at"))
