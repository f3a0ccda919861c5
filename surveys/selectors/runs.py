"""Runs: what waits for a person, and a run's progress (with the small-group rule)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from programs.models import FacultyMember, Mentorship
from surveys.models import Completion, Invitation, PulseFollowUp, Run
from surveys.selectors.suppression import hidden_groups


def waiting_for(person: FacultyMember, on: datetime.date) -> list[Run]:
    """Open runs the person was invited to and has not answered. One query."""
    answered = Completion.objects.filter(run=OuterRef("pk"), person=person)
    return list(Run.objects.filter(invitations__person=person, opens_on__lte=on,
                                   closes_on__gte=on)
                .exclude(Exists(answered)).order_by("closes_on", "pk"))


def invitations_waiting_for(person: FacultyMember, on: datetime.date) -> list[Invitation]:
    """The person's invitations to open runs they have not answered, with the run and the
    mentorship a pulse or the exit questions ask about. One query."""
    answered = Completion.objects.filter(run=OuterRef("run"), person=person)
    return list(Invitation.objects.filter(person=person, run__opens_on__lte=on,
                                          run__closes_on__gte=on)
                .exclude(Exists(answered))
                .select_related("run", "mentorship__mentee__user", "mentorship__mentor__user")
                .order_by("run__closes_on", "run_id"))


@dataclass
class DivisionProgress:
    name: str
    invited: int
    answered: int | None  # None: hidden by the small-group rule
    rate: int | None


def progress(run: Run) -> dict:
    """Invited, answered and the rate, overall and by division. Two queries. A division's
    answered count and rate are hidden under SURVEY_MIN_SCORES answers, with complementary
    suppression (the overall figures are shown)."""
    minimum = settings.SURVEY_MIN_SCORES
    answered = Completion.objects.filter(run=run, person=OuterRef("person"))
    rows = list(Invitation.objects.filter(run=run)
                .values("person__division__name")
                .annotate(invited=Count("pk"),
                          answered=Count("pk", filter=Q(Exists(answered))))
                .order_by("person__division__name"))
    invited_total = sum(row["invited"] for row in rows)
    answered_total = sum(row["answered"] for row in rows)
    sizes = {row["person__division__name"]: row["answered"] for row in rows}
    hidden = hidden_groups(sizes, minimum)
    divisions = []
    for row in rows:
        name = row["person__division__name"]
        shown = name not in hidden
        divisions.append(DivisionProgress(
            name=name, invited=row["invited"],
            answered=row["answered"] if shown else None,
            rate=round(100 * row["answered"] / row["invited"]) if shown else None))
    return {"invited": invited_total, "answered": answered_total,
            "rate": round(100 * answered_total / invited_total) if invited_total else None,
            "divisions": divisions, "minimum": minimum}


def runs_of(survey_ids: list[int]) -> dict[int, list[Run]]:
    runs: dict[int, list[Run]] = {}
    for run in Run.objects.filter(survey_id__in=survey_ids).select_related("division").annotate(
            invited=Count("invitations", distinct=True)).order_by("-opens_on", "-pk"):
        runs.setdefault(run.survey_id, []).append(run)
    return runs


def low_pulses_for(facilitator: FacultyMember, division_ids, on: datetime.date
                   ) -> list[PulseFollowUp]:
    """Recent low pulses in the facilitator's divisions, leaving out anyone the facilitator
    mentors or is mentored by. One query."""
    mine = Mentorship.objects.active(on).filter(
        Q(mentor=facilitator, mentee=OuterRef("person")) |
        Q(mentee=facilitator, mentor=OuterRef("person")))
    return list(PulseFollowUp.objects.filter(
        person__division_id__in=division_ids, raised_on__gte=on - datetime.timedelta(days=60))
        .exclude(Exists(mine)).select_related("person__user").order_by("raised_on", "pk"))
