"""Planned meetings."""

import datetime

from django.utils import timezone

from checkins.models import PlannedMeeting
from programs.models import Mentorship

Rules = dict[int, dict[tuple[str, str], tuple[int, int]]]


def upcoming_planned(mentorship: Mentorship) -> list[PlannedMeeting]:
    """Planned meetings from 12 hours ago on, cancelled ones included: their page entry
    keeps the cancellation for calendars that added the meeting by hand."""
    return list(PlannedMeeting.objects.filter(
        mentorship=mentorship, starts_at__gte=timezone.now() - datetime.timedelta(hours=12)))
