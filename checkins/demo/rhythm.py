"""Demo: the program's rhythm in the demo department. Annual reviews for past program
years and some of this one, Vice-Chair check-ins for most people past 1.5 years (the rest
due or overdue), a few follow-ups open, and two people on leave.

Kept as the journeys need them: mentee@ has last year's review (with a follow-up they
own) and is not reviewed yet this year, so director@ records it; mentee@'s check-in is
still owed (the reminders' demo tells them so); director@ owns an open follow-up.
"""

import datetime
import random

from checkins.models import (
    AnnualReview,
    LeavePeriod,
    ReviewFollowUp,
    ScheduleRules,
    ViceChairCheckin,
)
from checkins.schedules import Rules, add_months, review_due_in
from programs.dates import whole_years_between
from programs.demo.department import PERSONAS
from programs.models import Department, FacultyMember, LeadershipRole

SUPPORT = ["Protected time for the grant resubmission.", "A second mentor for teaching.",
           "Introductions to the research network at the other site.", "", "",
           "Help preparing the continuing-appointment dossier."]
ISSUES = ["", "", "Meetings lapsed over the winter.", "Clinical load leaves little time.", ""]
PROGRESS = ["Two papers accepted, a grant submitted.", "Teaching dossier under way.",
            "Quality project launched with the site team.", "Settling in; research slower."]
BALANCE = ["Manageable.", "Stretched during clinical blocks.", "Better since the schedule "
           "change.", "Hard with a young family; asked about flexibility."]


def seed_rhythm(*, department: Department, today: datetime.date, rng: random.Random) -> None:
    ScheduleRules.objects.get_or_create(department=department)
    rules = Rules()
    people = list(FacultyMember.objects.current().filter(department=department)
                  .select_related("user").order_by("pk"))
    directors = dict(LeadershipRole.objects.active(today).filter(
        department=department, kind=LeadershipRole.Kind.DIVISION_DIRECTOR)
        .values_list("division_id", "person_id"))
    vice_chair = (FacultyMember.objects.filter(user__email=PERSONAS["vicechair"].email).first()
                  or None)
    by_email = {person.user.email: person for person in people}
    mentee = by_email.get(PERSONAS["mentee"].email)
    director = by_email.get(PERSONAS["director"].email)
    this_year = department.program_year(today)
    reviews, checkins = [], []
    for person in people:
        year = this_year
        for back in range(4):  # this program year and the three before
            due = review_due_in(year, rules)
            reviewer = directors.get(person.division_id)
            owes = add_months(person.appointment_date, rules.review_after_months) <= due
            chance = 0.35 if back == 0 else 0.85
            if person is mentee and back == 0:
                owes = False  # director@ records it in the journey
            if person is mentee and back == 1:
                chance = 1
            if owes and reviewer != person.pk and rng.random() < chance:
                held = min(today, due - datetime.timedelta(days=rng.randint(5, 120)))
                if held >= max(year[0], person.appointment_date):
                    reviews.append(AnnualReview(
                        person=person, division_id=person.division_id, reviewer_id=reviewer,
                        program_year_start=year[0], held_on=held,
                        effective=rng.choice(["yes", "yes", "yes", "partly", "no"]),
                        quality=rng.choice([3, 4, 4, 5, 2]), support_needed=rng.choice(SUPPORT),
                        issues_raised=rng.choice(ISSUES)))
            year = department.program_year(year[0] - datetime.timedelta(days=1))
        years_in = whole_years_between(person.appointment_date, today)
        checkin_due = add_months(person.appointment_date, rules.checkin_after_months)
        if (vice_chair is not None and person is not mentee and person.pk != vice_chair.pk
                and checkin_due <= today and years_in < department.early_career_max_years
                and rng.random() < 0.75):
            held = min(today, checkin_due + datetime.timedelta(days=rng.randint(-40, 60)))
            checkins.append(ViceChairCheckin(
                person=person, vice_chair=vice_chair, held_on=held,
                satisfaction=rng.choice([3, 4, 4, 5, 2]), academic_progress=rng.choice(PROGRESS),
                work_life_balance=rng.choice(BALANCE), concerns=rng.choice(ISSUES)))
    AnnualReview.objects.bulk_create(reviews, ignore_conflicts=True)
    ViceChairCheckin.objects.bulk_create(checkins, ignore_conflicts=True)
    _follow_ups(department=department, today=today, mentee=mentee, director=director)
    on_leave = [p for p in people if p not in (mentee, director)
                and p.division_id == getattr(director, "division_id", None)][:2]
    for person, (start, end) in zip(on_leave, [
            (today - datetime.timedelta(days=90), today + datetime.timedelta(days=60)),
            (today - datetime.timedelta(days=400), today - datetime.timedelta(days=250))],
            strict=False):
        LeavePeriod.objects.get_or_create(person=person, start_date=start,
                                          defaults={"end_date": end})


def _follow_ups(*, department: Department, today: datetime.date, mentee, director) -> None:
    if mentee is None:
        return
    last_year = department.program_year(department.program_year(today)[0]
                                        - datetime.timedelta(days=1))[0]
    review = AnnualReview.objects.filter(person=mentee, program_year_start=last_year).first()
    if review is None:
        return
    ReviewFollowUp.objects.get_or_create(
        review=review, owner=mentee, text="Register for the grant-writing workshop",
        defaults={"due_on": today + datetime.timedelta(days=21)})
    if director is not None:
        ReviewFollowUp.objects.get_or_create(
            review=review, owner=director, text="Ask the site chief about protected research time",
            defaults={"due_on": today - datetime.timedelta(days=10)})
