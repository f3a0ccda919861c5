"""The mentorship rules, in one place.

Every path that creates or changes a mentorship (the service, the Django admin, the
matching app later) goes through `check_mentorship`, so a rule cannot be skipped.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q

from programs.dates import today
from programs.models import FacultyMember, LeadershipRole, Mentorship, SupervisorLink


class MentorshipRuleError(ValidationError):
    """A broken mentorship rule. `code` says which: self, duplicate, oversees, inactive."""


def oversees(leader: FacultyMember, person: FacultyMember, on: datetime.date | None = None) -> bool:
    """True when `leader` directly oversees `person`: their Division Director, or an
    explicit supervisor. Such a leader can never be the person's formal mentor."""
    return bool(oversight_reason(leader, person, on))


def oversight_reason(
    leader: FacultyMember, person: FacultyMember, on: datetime.date | None = None
) -> str:
    on = on or today()
    if (
        LeadershipRole.objects.active(on)
        .filter(person=leader, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                division_id=person.division_id)
        .exists()
    ):
        return f"{leader} is the Division Director of {person}'s division"
    if SupervisorLink.objects.active(on).filter(supervisor=leader, supervisee=person).exists():
        return f"{leader} is {person}'s supervisor"
    return ""


def check_mentorship(
    *,
    mentee: FacultyMember,
    mentor: FacultyMember,
    kind: str,
    ending: bool = False,
    exclude_pk: int | None = None,
) -> None:
    """Raise MentorshipRuleError if this pairing breaks a rule."""
    if mentee.pk == mentor.pk:
        raise MentorshipRuleError("Nobody can mentor themselves.", code="self")
    if ending:
        return  # ending a mentorship is always allowed, whatever else has changed
    open_pairs = Mentorship.objects.filter(mentee=mentee, mentor=mentor).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today())
    )
    if exclude_pk is not None:
        open_pairs = open_pairs.exclude(pk=exclude_pk)
    if open_pairs.exists():
        raise MentorshipRuleError(
            f"{mentor} already mentors {mentee}. End that mentorship before starting another.",
            code="duplicate",
        )
    if kind == Mentorship.Kind.FORMAL:
        reason = oversight_reason(mentor, mentee)
        if reason:
            raise MentorshipRuleError(
                f"{mentor} cannot be {mentee}'s formal mentor: {reason}. A formal mentor is "
                "never someone the mentee reports to, so the mentee can speak freely.",
                code="oversees",
            )
    for person, role in ((mentee, "mentee"), (mentor, "mentor")):
        if person.status == FacultyMember.Status.DEPARTED:
            raise MentorshipRuleError(
                f"{person} has left the department and cannot be a {role}.", code="inactive"
            )


def check_new_oversight(
    *, leader: FacultyMember, division_id: int | None = None,
    supervisee: FacultyMember | None = None,
) -> None:
    """Refuse a Division Director role or supervisor link that would put someone in
    charge of their own formal mentee: the same rule, seen from the other side."""
    mentees = Mentorship.objects.active().formal().filter(mentor=leader)
    if division_id is not None:
        mentees = mentees.filter(mentee__division_id=division_id)
    if supervisee is not None:
        mentees = mentees.filter(mentee=supervisee)
    conflict = mentees.select_related("mentee__user").first()
    if conflict is not None:
        raise MentorshipRuleError(
            f"{leader} is the formal mentor of {conflict.mentee}, so they cannot also oversee "
            "them. End or change that mentorship first; it stays in the history.",
            code="oversees",
        )
