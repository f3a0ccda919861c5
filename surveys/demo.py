"""Demo surveys (`make run`): two past program evaluations of the whole department (so the
results page shows trends), the interest survey answered by most of the department, and a
relationship pulse in progress for everyone with a mentor (mentee@ finds it waiting on
the home page).

Answers go through `response_record`, as a respondent's would: the anonymity scheme and
the counters are the real ones. No email is sent: the invitations are written directly.
"""

import datetime
import random
import secrets
import uuid

from programs.models import Department, FacultyMember, Topic
from surveys.access import hash_token
from surveys.models import Invitation, Question, Run, Survey
from surveys.models.runs import Audience
from surveys.services.ballots import ballots_count
from surveys.services.builder import survey_from_template
from surveys.services.responses import response_record

DAY = datetime.timedelta(days=1)


def _survey(department: Department, kind: str, admin_user) -> Survey:
    survey, _ = survey_from_template(
        template=Survey.objects.get(is_template=True, kind=kind), department=department,
        by=admin_user, title="", submission_token=uuid.uuid4())
    return survey


def _run(survey: Survey, title: str, opens: datetime.date, closes: datetime.date,
         audience: str, people: list[FacultyMember], admin_user) -> Run:
    run = Run.objects.create(survey=survey, version=survey.current_version, title=title,
                             audience=audience, opens_on=opens, closes_on=closes,
                             anonymous=not survey.identified, launched_by=admin_user,
                             submission_token=uuid.uuid4())
    Invitation.objects.bulk_create([
        Invitation(run=run, person=person, token_hash=hash_token(secrets.token_urlsafe(16)),
                   invited_on=opens) for person in people])
    return run


def _evaluation_answers(questions: dict[str, Question], rng: random.Random, mood: float
                        ) -> dict:
    answers = {
        questions["eval_satisfaction"]: min(5, max(1, round(rng.gauss(mood, 0.9)))),
        questions["eval_recommend"]: min(10, max(0, round(rng.gauss(mood * 2, 1.8)))),
        questions["eval_meetings"]: rng.choice([1, 2, 2, 3, 3, 4]),
        questions["barriers_relationship"]: rng.sample([0, 1, 2], rng.choice([0, 1, 1, 2])),
        questions["barriers_department"]: rng.sample([0, 1, 2, 3], rng.choice([0, 1, 2])),
    }
    if rng.random() < 0.3:
        answers[questions["eval_change"]] = rng.choice([
            "Protected time for mentorship meetings.",
            "Clearer expectations for mentors and for the facilitators.",
            "Help finding a mentor at another site.",
            "Recognition of mentoring in promotion.",
            "A workshop for new mentors.",
            "More structure in the first year.",
        ])
    return answers


def seed_history(*, department: Department, today: datetime.date, rng: random.Random) -> None:
    people = list(FacultyMember.objects.current().filter(department=department)
                  .select_related("division", "site", "department", "user").order_by("pk"))
    if not people:
        return
    admin = next((p for p in people if p.user.email == "admin@demo.example"), None)
    admin_user = admin.user if admin else None
    evaluation = _survey(department, "evaluation", admin_user)
    questions = {q.key: q for q in Question.objects.filter(
        section__version=evaluation.current_version)}
    for years_ago, mood in ((2, 3.4), (1, 3.9)):
        opens = today.replace(year=today.year - years_ago, month=3, day=1)
        run = _run(evaluation, f"Program evaluation {opens.year}", opens, opens + 20 * DAY,
                   Audience.DEPARTMENT, people, admin_user)
        for person in people:
            if rng.random() < 0.45:
                response_record(run=run, person=person, on=opens + rng.randrange(20) * DAY,
                                answers=_evaluation_answers(questions, rng, mood))
        # A closed run's ballots are all counted (the hourly job would do it).
        ballots_count(run_id=run.pk, everything=True, rng=rng)
    _interest(department, people, admin_user, today, rng)
    _pulse(department, people, admin_user, today, rng)


def _interest(department, people, admin_user, today, rng) -> None:
    survey = _survey(department, "interest", admin_user)
    questions = {q.key: q for q in Question.objects.filter(
        section__version=survey.current_version)}
    topics = list(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
    opens = today - 120 * DAY
    run = _run(survey, f"Mentorship interest {opens.year}", opens, opens + 30 * DAY,
               Audience.DEPARTMENT, people, admin_user)
    for person in people:
        if person.user.email == "newfaculty@demo.example" or rng.random() > 0.8:
            continue
        # matching seeds its own demo profiles: these answers leave them as they are.
        response_record(run=run, person=person, on=opens + rng.randrange(30) * DAY,
                        consented=True, update_profile=False, answers={
                            questions["interest_role"]: rng.choice([0, 1, 2, 2, 3]),
                            questions["interest_topics"]: rng.sample(topics, min(3, len(topics))),
                            questions["interest_formats"]: rng.sample([0, 1, 2, 3],
                                                                      rng.choice([1, 1, 2])),
                        })


def _pulse(department, people, admin_user, today, rng) -> None:
    from programs.models import Mentorship

    survey = _survey(department, "pulse", admin_user)
    mentee_ids = set(Mentorship.objects.active(today).filter(mentee__department=department)
                     .values_list("mentee_id", flat=True))
    mentees = [p for p in people if p.pk in mentee_ids]
    opens = today - 5 * DAY
    run = _run(survey, f"Relationship pulse {today.year}", opens, today + 16 * DAY,
               Audience.MENTEES, mentees, admin_user)
    questions = {q.key: q for q in Question.objects.filter(
        section__version=survey.current_version)}
    for person in mentees:
        if person.user.email.endswith("@demo.example") and person.user.email.startswith(
                ("mentee@", "newfaculty@")):
            continue  # mentee@ finds it waiting on the home page
        if rng.random() < 0.4:
            response_record(run=run, person=person, on=today, consented=True, answers={
                questions["pulse_helpful"]: rng.choice([3, 4, 4, 5, 5]),
                questions["pulse_cadence"]: rng.choice([2, 3, 4, 4, 5])})
