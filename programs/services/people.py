"""Services for a person's departure and return, and their own consent to record their
self-described identity."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from programs.dates import today
from programs.models import (
    FacultyMember,
    LeadershipRole,
    Mentorship,
    SupervisorLink,
    User,
)
from programs.services.requests import mentorship_close


@transaction.atomic
def faculty_departure_apply(*, person: FacultyMember) -> None:
    """What leaving means, once `person` is saved as departed: they keep their record
    (retention is a metric) but lose their login, their open mentorships end (sending
    `mentorship_ended`, so the member who stays is asked the exit questions), and their
    leadership roles and supervisor links end on the departure date.

    Called by the roster import and by the Django admin, so both behave the same.
    """
    on = person.departure_date or today()
    User.objects.filter(pk=person.user_id).update(is_active=False)
    open_mentorships = Mentorship.objects.filter(end_date__isnull=True).filter(
        Q(mentee=person) | Q(mentor=person))
    for mentorship in open_mentorships:
        mentorship_close(mentorship=mentorship, reason=Mentorship.EndReason.DEPARTURE, on=on)
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



class ConsentError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


IDENTITY_FIELDS = ("gender", "race_ethnicity")


@transaction.atomic
def faculty_demographics_record(
    *, person: FacultyMember, gender: str, race_ethnicity: str,
) -> FacultyMember:
    """The person gives consent (or keeps it) and records their self-described gender and
    race/ethnicity; an empty value records nothing. Called only from the person's own
    privacy page: nobody else gives consent for them.

    `demographics_consent_at` is when consent was given; saving again while consenting
    changes the values, not that date, so a double submit changes nothing.
    """
    values = {"gender": gender.strip(), "race_ethnicity": race_ethnicity.strip()}
    for name, value in values.items():
        try:
            FacultyMember._meta.get_field(name).run_validators(value)
        except ValidationError as error:
            raise ConsentError(" ".join(error.messages), "invalid") from None
    locked = FacultyMember.objects.select_for_update().get(pk=person.pk)
    if not locked.demographics_consent:
        locked.demographics_consent = True
        locked.demographics_consent_at = timezone.now()
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=["demographics_consent", "demographics_consent_at",
                               *IDENTITY_FIELDS, "updated_at"])
    return locked


@transaction.atomic
def faculty_demographics_withdraw(*, person: FacultyMember) -> FacultyMember:
    """Withdraw consent. The values are erased at once, not kept "in case": without consent
    the program has no reason to hold them. A second withdrawal changes nothing."""
    locked = FacultyMember.objects.select_for_update().get(pk=person.pk)
    if locked.demographics_consent or any(getattr(locked, name) for name in IDENTITY_FIELDS):
        locked.demographics_consent = False
        locked.demographics_withdrawn_at = timezone.now()
        for name in IDENTITY_FIELDS:
            setattr(locked, name, "")
        locked.save(update_fields=["demographics_consent", "demographics_withdrawn_at",
                                   *IDENTITY_FIELDS, "updated_at"])
    return locked
