"""Reads of who mentors whom."""

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from programs.dates import today
from programs.models import FacultyMember, Mentorship


def active_formal_mentorships() -> QuerySet[Mentorship]:
    return Mentorship.objects.active().formal()


def has_formal_mentor() -> Exists:
    return Exists(active_formal_mentorships().filter(mentee_id=OuterRef("pk")))


def mentors_of(person: FacultyMember) -> list[Mentorship]:
    return list(
        Mentorship.objects.active().filter(mentee=person)
        .select_related("mentor__user", "mentor__division", "mentor__site")
        .prefetch_related("topics")
        .order_by("kind", "start_date")
    )


def mentees_of(person: FacultyMember) -> list[Mentorship]:
    return list(
        Mentorship.objects.active().filter(mentor=person)
        .select_related("mentee__user", "mentee__division", "mentee__department")
        .prefetch_related("topics")
        .order_by("mentee__user__last_name")
    )


def past_mentorships_of(person: FacultyMember) -> list[Mentorship]:
    """Ended mentorships, as mentee or mentor: the history that is never deleted."""
    return list(
        Mentorship.objects.filter(Q(mentee=person) | Q(mentor=person))
        .filter(end_date__lte=today())
        .select_related("mentee__user", "mentor__user")
        .order_by("-end_date")
    )

def formal_mentors_of(person: FacultyMember) -> list[Mentorship]:
    return list(Mentorship.objects.active().formal().filter(mentee=person)
                .select_related("mentor__user"))

