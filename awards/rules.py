"""The rules of an award cycle, in one place: who may be nominated, by whom, and which
nominations a committee member may never score.

Eligibility (shared/PRODUCT.md, "yearly departmental and divisional awards"):
- nominations are accepted only during the cycle's window;
- nobody nominates themselves;
- the nominator is an active faculty member of the cycle's department;
- the nominee is an active mentor (active faculty with a current mentorship as mentor) in
  the department, and a divisional award's nominee is in its division (anyone in the
  department may nominate them).

Conflicts: a committee member never scores a nomination they wrote, one about themselves,
or one of anyone they have mentored or been mentored by (current or past, any kind of
mentorship). Those nominations are hidden from them, with the reason.
"""

import datetime

from django.db.models import Q

from awards.models import Award, Nomination, Phase
from programs.dates import long_date, today
from programs.models import FacultyMember, Mentorship


def is_active_mentor(person: FacultyMember, on: datetime.date) -> bool:
    return (person.status == FacultyMember.Status.ACTIVE
            and Mentorship.objects.active(on).filter(mentor=person).exists())


def eligibility_problem(*, award: Award, nominee: FacultyMember, nominator: FacultyMember,
                        on: datetime.date, nominee_mentors_now: bool) -> str:
    """Why this nomination may not be made, in words for the nominator; "" if it may.
    `nominee_mentors_now`: whether the nominee has a current mentorship as mentor."""
    cycle = award.cycle
    if cycle.phase(on) != Phase.NOMINATING:
        return (f"Nominations for {cycle.title} are accepted from "
                f"{long_date(cycle.nominations_open)} to {long_date(cycle.nominations_close)}.")
    if nominee.pk == nominator.pk:
        return "You cannot nominate yourself. Ask a mentee or colleague to nominate you."
    if (nominator.department_id != cycle.department_id
            or nominator.status != FacultyMember.Status.ACTIVE):
        return "Only active faculty of the department may nominate for these awards."
    if nominee.department_id != cycle.department_id:
        return f"{nominee.full_name} is not in the department."
    if award.is_divisional and nominee.division_id != award.division_id:
        return (f"The {award.name} stays in {award.division.name}: {nominee.full_name} is in "
                f"{nominee.division.name}. Nominate them for the departmental award instead.")
    if nominee.status != FacultyMember.Status.ACTIVE or not nominee_mentors_now:
        return (f"{nominee.full_name} is not an active mentor: these awards recognise people "
                "who mentor someone now.")
    return ""


def relationships_of(person: FacultyMember) -> dict[int, str]:
    """Everyone the person has mentored or been mentored by, with how, in one query:
    {person id: "your mentee" | "your former mentee" | "your mentor" | "your former mentor"}."""
    related: dict[int, str] = {}
    rows = Mentorship.objects.filter(Q(mentor=person) | Q(mentee=person)).values_list(
        "mentor_id", "mentee_id", "end_date")
    on = today()
    for mentor_id, mentee_id, end_date in rows:
        current = end_date is None or end_date > on
        if mentor_id == person.pk:
            other, how = mentee_id, "mentee"
        else:
            other, how = mentor_id, "mentor"
        # A current relationship is named over a past one with the same person.
        related[other] = f"your {how}" if current else related.get(other, f"your former {how}")
    return related


def conflict_reason(*, member_id: int, nomination: Nomination, nominee_name: str,
                    related: dict[int, str]) -> str:
    """Why this committee member may not score (or read) this nomination; "" if they may."""
    if nomination.nominee_id == member_id:
        return "This nomination is about you."
    if nomination.nominator_id == member_id:
        return "You wrote this nomination."
    if nomination.nominee_id in related:
        return f"{nominee_name} is {related[nomination.nominee_id]}."
    return ""


def conflicted_nominee_q(person: FacultyMember) -> Q:
    """Nominations a committee member must not see, as a filter (for counts in one query):
    about them, written by them, or of someone they have mentored or been mentored by."""
    mentees = Mentorship.objects.filter(mentor=person).values("mentee_id")
    mentors = Mentorship.objects.filter(mentee=person).values("mentor_id")
    return (Q(nominee=person) | Q(nominator=person) | Q(nominee_id__in=mentees)
            | Q(nominee_id__in=mentors))
