"""Demo history for plans, agreements and change requests (a DEMO_SEEDERS entry).

Every plan state appears, the mentee persona has a plan waiting for the DDD with an
earlier returned version to compare, a pending request for an additional mentor, and an
acknowledged agreement with their mentor. Everything is bulk-created: a 10,000-person
demo takes seconds.
"""

import datetime
import random

from django.utils import timezone

from programs.demo.development import seed_development
from programs.models import (
    AcademicPlan,
    ChangeRequest,
    Department,
    FacultyMember,
    Mentorship,
    MentorshipAgreement,
    PlanGoal,
    PlanMilestone,
    PlanProgress,
    PlanSnapshot,
)
from programs.models.agreements import DEFAULT_AGREEMENT
from programs.services.plans import plan_snapshot_rows

GOALS = {
    "research": ["Submit a first grant as principal investigator",
                 "Publish two first- or senior-author papers a year",
                 "Build a research network across two sites"],
    "education": ["Build a teaching dossier", "Lead a residency curriculum module",
                  "Complete a medical-education certificate"],
    "clinical": ["Set up a specialty clinic", "Take on the on-call schedule lead"],
    "quality": ["Lead a quality-improvement project on discharge delays",
                "Present QI work at a national meeting"],
    "leadership": ["Join a hospital committee", "Complete a leadership course"],
    "wellness": ["Keep one clinic-free protected day a week", "Take full vacation time"],
}
STATES = ["draft", "submitted", "returned", "approved", "approved", "out_of_date"]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _goals(rng: random.Random, year: int) -> list[tuple[str, str, int, str]]:
    domains = rng.sample(list(GOALS), k=rng.randint(2, 4))
    return [(d, rng.choice(GOALS[d]), year + rng.randint(0, 4),
             rng.choice(["not_started", "in_progress", "in_progress", "done"]))
            for d in domains]


def seed_history(*, department: Department, today: datetime.date, rng: random.Random) -> None:
    year_start, _ = department.program_year(today)
    people = list(FacultyMember.objects.current().filter(department=department)
                  .select_related("user").order_by("pk"))
    mentee = next((p for p in people if p.user.email == "mentee@demo.example"), None)
    planned = [p for p in people if p is not mentee and rng.random() < 0.55]
    states = {p.pk: STATES[index % len(STATES)] for index, p in enumerate(planned)}
    if mentee is not None:
        planned.append(mentee)
        states[mentee.pk] = "submitted"
    plans = []
    for person in planned:
        state = states[person.pk]
        approved_on = (year_start - datetime.timedelta(days=rng.randint(30, 300))
                       if state == "out_of_date"
                       else today - datetime.timedelta(days=rng.randint(0, max(
                           0, (today - year_start).days))))
        status = "approved" if state == "out_of_date" else state
        submitted = status != "draft"
        plans.append(AcademicPlan(
            faculty=person, status=status,
            version=(2 if person is mentee else 1) if submitted else 0,
            submitted_at=_at(approved_on) if submitted else None,
            reviewed_at=_at(approved_on) if status in ("approved", "returned") else None,
            approved_at=_at(approved_on) if status == "approved" else None,
            review_comment=("Please add a wellness goal and a date for the continuing-"
                            "appointment review." if status == "returned" else ""),
        ))
    plans = AcademicPlan.objects.bulk_create(plans, batch_size=1000)
    goals, milestones, snapshots, progress = [], [], [], []
    for plan in plans:
        rows = _goals(rng, today.year)
        if plan.faculty is mentee:
            rows = [("research", "Submit a first grant as principal investigator",
                     today.year + 1, "in_progress"),
                    ("education", "Build a teaching dossier", today.year + 2, "not_started"),
                    ("wellness", "Keep one clinic-free protected day a week", today.year,
                     "in_progress")]
        goals += [PlanGoal(plan=plan, domain=d, description=text, target_year=year, status=s)
                  for d, text, year, s in rows]
        appointed = plan.faculty.appointment_date.year
        milestones += [
            PlanMilestone(plan=plan, kind="continuing_appointment",
                          target_year=max(today.year, appointed + 5)),
            PlanMilestone(plan=plan, kind="promotion", target_year=max(today.year + 1,
                                                                       appointed + 7)),
        ]
        if plan.status == "approved" and states[plan.faculty_id] != "out_of_date" \
                and rng.random() < 0.5:
            progress.append(PlanProgress(plan=plan, program_year_start=year_start,
                                         note="Grant submitted; teaching dossier started."))
    PlanGoal.objects.bulk_create(goals, batch_size=2000)
    PlanMilestone.objects.bulk_create(milestones, batch_size=2000)
    # Snapshots in exactly the form plan_submit keeps (real goal ids), so comparing a demo
    # version with a later real one lines the goals up. Earlier versions lack the last goal.
    submitted = (AcademicPlan.objects.filter(pk__in=[p.pk for p in plans], version__gt=0)
                 .prefetch_related("goals", "milestones"))
    for plan in submitted:
        goal_rows, milestone_rows = plan_snapshot_rows(plan)
        for version in range(1, plan.version + 1):
            shown = goal_rows if version == plan.version else goal_rows[:-1]
            snapshots.append(PlanSnapshot(
                plan=plan, version=version, goals=shown, milestones=milestone_rows,
                submitted_at=plan.submitted_at
                - datetime.timedelta(days=40 * (plan.version - version))))
    PlanSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    PlanProgress.objects.bulk_create(progress, batch_size=1000)
    _agreements(department, today, rng)
    seed_development(department=department, today=today, rng=rng)
    if mentee is not None:
        ChangeRequest.objects.bulk_create([ChangeRequest(
            mentee=mentee, division_id=mentee.division_id, kind=ChangeRequest.Kind.ADDITIONAL,
            reason="I would like a second mentor with a research program in my area.",
        )])


# The mentee's own words, as a real pair would write them (never the template's guidance).
AGREEMENT_GOALS = [
    "Prepare my continuing-appointment dossier by next spring; submit my first grant as "
    "principal investigator.",
    "Build a teaching portfolio and find a project in curriculum development.",
    "Publish the two papers from my fellowship and find collaborators at the other sites.",
    "Settle into the division, learn how promotion works here, and protect time for writing.",
    "Lead a quality improvement project on the ward and present it at grand rounds.",
]


def _agreements(department: Department, today: datetime.date, rng: random.Random) -> None:
    mentorships = (Mentorship.objects.active(today).formal()
                   .filter(mentee__department=department)
                   .select_related("mentee__user", "mentor__user"))
    agreements = []
    for m in mentorships:
        persona_pair = m.mentee.user.email == "mentee@demo.example"
        if not persona_pair and rng.random() > 0.45:
            continue
        acknowledged = persona_pair or rng.random() < 0.7
        signed = _at(max(m.start_date, today - datetime.timedelta(days=200)))
        agreements.append(MentorshipAgreement(
            mentorship=m, **{**DEFAULT_AGREEMENT, "goals": rng.choice(AGREEMENT_GOALS)},
            review_date=max(m.start_date, today) + datetime.timedelta(days=180),
            mentee_acknowledged_at=signed if acknowledged else None,
            mentor_acknowledged_at=signed if acknowledged else None,
        ))
    MentorshipAgreement.objects.bulk_create(agreements, batch_size=1000)
