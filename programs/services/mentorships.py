"""Services that create and end mentorships."""

import datetime

from django.db import IntegrityError, transaction

from programs.dates import today
from programs.models import (
    FacultyMember,
    Mentorship,
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

