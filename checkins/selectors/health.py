"""Relationship health for the facilitator: the division's active mentorships ranked by
risk, each with the reasons. Counts and dates only, never what was said. A fixed number
of queries, however many mentorships."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from checkins.models import Meeting
from checkins.schedules import months_between
from checkins.selectors.cadence import attach_cadence, attach_last_meeting
from checkins.selectors.schedules import rules_by_department
from programs.access import Viewer, change_requests_visible_to
from programs.dates import today
from programs.models import ChangeRequest, Division, Mentorship
from programs.selectors.agreements import agreement_flags

UNCONFIRMED_DAYS = 14  # a meeting logged this long ago and still not confirmed


@dataclass(frozen=True)
class Reason:
    text: str
    weight: int
    url: str
    action: str


@dataclass
class HealthRow:
    mentorship: Mentorship
    reasons: list[Reason] = field(default_factory=list)

    @property
    def risk(self) -> int:
        return sum(reason.weight for reason in self.reasons)


def health_rows(division: Division, viewer: Viewer,
                on: datetime.date | None = None) -> list[HealthRow]:
    """Active mentorships whose mentee is in the division, riskiest first (then the
    oldest), each with why."""
    on = on or today()
    mentorships = list(Mentorship.objects.active(on)
                       .filter(mentee__division=division, mentee__status__in=["active",
                                                                            "on_leave"])
                       .select_related("mentee__user", "mentor__user")
                       .order_by("start_date", "pk"))
    if not mentorships:
        return []
    ids = [m.pk for m in mentorships]
    attach_cadence(mentorships, on)
    attach_last_meeting(mentorships)
    agreements = agreement_flags(ids)
    cutoff = on - datetime.timedelta(days=UNCONFIRMED_DAYS)
    unconfirmed = dict(Meeting.objects.filter(mentorship_id__in=ids, confirmed_at__isnull=True,
                                              held_on__lte=cutoff)
                       .values_list("mentorship_id").annotate(n=Count("pk")).order_by())
    requests = {mentee_id: pk for pk, mentee_id in change_requests_visible_to(viewer).filter(
        Q(mentee_id__in=[m.mentee_id for m in mentorships]),
        status=ChangeRequest.Status.OPEN).values_list("pk", "mentee_id")}
    quiet = rules_by_department([division.department_id])[division.department_id][1].quiet_months
    rows = []
    for mentorship in mentorships:
        page = reverse("checkins:mentorship_detail", args=[mentorship.pk])
        reasons = []
        cadence = mentorship.cadence
        if cadence is not None and cadence.status == "behind":
            reasons.append(Reason(
                f"Behind cadence: {cadence.held} meeting{'s' if cadence.held != 1 else ''} "
                f"this program year, {cadence.expected_by_now} expected by now", 3, page,
                "See the meetings"))
        last = mentorship.last_meeting
        if (last is None and months_between(mentorship.start_date, on) >= quiet) or (
                last is not None and months_between(last, on) >= quiet):
            since = f"since {last:%-d %b %Y}" if last else "ever"
            reasons.append(Reason(f"No meeting in {quiet} months ({since})", 3, page,
                                  "See the meetings"))
        flags = agreements[mentorship.pk]
        if not flags["acknowledged"]:
            reasons.append(Reason(
                "Agreement not acknowledged by both" if flags["exists"] else "No agreement",
                1, page, "Open the mentorship"))
        if mentorship.mentee_id in requests:
            reasons.append(Reason(
                "An open change request", 4,
                reverse("programs:change_request_detail", args=[requests[mentorship.mentee_id]]),
                "Open the request"))
        if unconfirmed.get(mentorship.pk):
            n = unconfirmed[mentorship.pk]
            reasons.append(Reason(
                f"{n} meeting{'s' if n != 1 else ''} logged but never confirmed", 1, page,
                "See the meetings"))
        if reasons:
            rows.append(HealthRow(mentorship, reasons))
    return sorted(rows, key=lambda row: -row.risk)
