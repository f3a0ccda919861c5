"""Services that change mentorships. Reads live in selectors.py."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q

from programs.dates import today
from programs.models import (
    FacultyMember,
    LeadershipRole,
    Mentorship,
    SupervisorLink,
    Topic,
    User,
)
from programs.rules import MentorshipRuleError, check_mentorship


@transaction.atomic
def mentorship_create(
    *,
    mentee: FacultyMember,
    mentor: FacultyMember,
    kind: str = Mentorship.Kind.FORMAL,
    format: str = Mentorship.Format.ONE_TO_ONE,
    topics: list[Topic] | None = None,
    start_date: datetime.date | None = None,
    by: User | None = None,
) -> Mentorship:
    """Pair a mentee with a mentor, enforcing every rule in programs.rules."""
    # Lock the mentee so two facilitators pairing the same people cannot both pass the
    # duplicate check; the partial unique index is the last line of defence.
    FacultyMember.objects.select_for_update().filter(pk=mentee.pk).first()
    check_mentorship(mentee=mentee, mentor=mentor, kind=kind)
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                mentee=mentee, mentor=mentor, kind=kind, format=format,
                start_date=start_date or today(), created_by=by,
            )
    except IntegrityError:
        raise MentorshipRuleError(
            f"{mentor} already mentors {mentee}.", code="duplicate"
        ) from None
    if topics:
        mentorship.topics.set(topics)
    return mentorship


@transaction.atomic
def mentorship_end(
    *, mentorship: Mentorship, reason: str, note: str = "", on: datetime.date | None = None
) -> Mentorship:
    """End a mentorship. It is kept as history, never deleted."""
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if locked.end_date is not None:
        return locked
    locked.end_date = max(on or today(), locked.start_date)
    locked.end_reason = reason
    locked.end_note = note
    locked.save(update_fields=["end_date", "end_reason", "end_note"])
    return locked


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
