"""Services for a person's departure and return."""

import datetime

from django.db import transaction
from django.db.models import Q

from programs.dates import today
from programs.models import (
    FacultyMember,
    LeadershipRole,
    Mentorship,
    SupervisorLink,
    User,
)
from programs.services.mentorships import mentorship_end


@transaction.atomic
def faculty_departure_apply(*, person: FacultyMember) -> None:
    """What leaving means, once `person` is saved as departed: they keep their record
    (retention is a metric) but lose their login, their open mentorships end, and their
    leadership roles and supervisor links end on the departure date.

    Called by the roster import and by the Django admin, so both behave the same.
    """
    on = person.departure_date or today()
    User.objects.filter(pk=person.user_id).update(is_active=False)
    open_mentorships = Mentorship.objects.filter(end_date__isnull=True).filter(
        Q(mentee=person) | Q(mentor=person))
    for mentorship in open_mentorships:
        mentorship_end(mentorship=mentorship, reason=Mentorship.EndReason.DEPARTURE, on=on)
    for model, owner in ((LeadershipRole, "person"), (SupervisorLink, "supervisor"),
                         (SupervisorLink, "supervisee")):
        for link in model.objects.filter(**{owner: person}).filter(
                Q(end_date__isnull=True) | Q(end_date__gt=on)):
            # An end date must fall after the start (a database constraint).
            link.end_date = max(on, link.start_date + datetime.timedelta(days=1))
            link.save(update_fields=["end_date"])


def faculty_return_apply(*, person: FacultyMember) -> None:
    """Someone recorded as departed is back (a correction, or a return): restore login."""
    User.objects.filter(pk=person.user_id).update(is_active=True)

