"""The mentorship rules, in one place.

Every path that creates or changes a mentorship (the service, the Django admin, the
matching app later) goes through `check_mentorship`, so a rule cannot be skipped.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q

from programs.dates import today
from programs.models import FacultyMember, LeadershipRole, Mentorship, SupervisorLink
from programs.models.people import rank_at_least


class MentorshipRuleError(ValidationError):
    """A broken mentorship rule. `code` says which: self, duplicate, oversees, rank,
    inactive."""


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


def overseers_of(
    people: Iterable[FacultyMember], on: datetime.date | None = None
) -> dict[int, dict[int, str]]:
    """For many people at once (two queries): {person id: {leader id: why}} for every
    leader who oversees them, in the words of `oversight_reason`. The matching app uses
    it to leave overseers out of recommendations and cohort runs."""
    on = on or today()
    people = list(people)
    by_division: dict[int, list[FacultyMember]] = {}
    for person in people:
        by_division.setdefault(person.division_id, []).append(person)
    found: dict[int, dict[int, str]] = {person.pk: {} for person in people}
    directors = (
        LeadershipRole.objects.active(on)
        .filter(kind=LeadershipRole.Kind.DIVISION_DIRECTOR, division_id__in=by_division)
        .select_related("person__user")
    )
    for role in directors:
        for person in by_division[role.division_id]:
            found[person.pk][role.person_id] = (
                f"{role.person} is the Division Director of {person}'s division")
    links = (
        SupervisorLink.objects.active(on)
        .filter(supervisee__in=[person.pk for person in people])
        .select_related("supervisor__user", "supervisee__user")
    )
    for link in links:
        found[link.supervisee_id].setdefault(
            link.supervisor_id, f"{link.supervisor} is {link.supervisee}'s supervisor")
    return found


def below_min_rank(mentor: FacultyMember, department) -> bool:
    """True when the department sets a minimum rank for formal mentors and `mentor` is
    below it."""
    return not rank_at_least(mentor.rank, department.formal_mentor_min_rank)


def check_mentorship(
    *,
    mentee: FacultyMember,
    mentor: FacultyMember,
    kind: str,
    ending: bool = False,
    exclude_pk: int | None = None,
) -> None:
    """Raise MentorshipRuleError if this pairing breaks a rule. The matching app adds
    what only matters for a new match (on leave, capacity, open) in matching.rules."""
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
        if below_min_rank(mentor, mentee.department):
            raise MentorshipRuleError(
                f"{mentor} cannot be a formal mentor yet: the department asks formal mentors "
                f"to be at least {mentee.department.get_formal_mentor_min_rank_display()}.",
                code="rank",
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
