"""Demo faculty development: five years of orientations, mentor workshops and
community-of-practice sessions with attendance, and what is coming up.

Called from `programs.demo.history.seed_history`. mentor@ is a trained mentor (a workshop
two years ago), mentee@ attended their orientation, newfaculty@ has not registered for the
orientation coming up, and facilitator@ organised last week's community-of-practice
session and has not recorded who came yet.
"""

import datetime
import random

from django.utils import timezone

from programs.models import DevelopmentEvent, EventRegistration, FacultyMember

Kind = DevelopmentEvent.Kind
ORIENTATION = ("New Faculty orientation", "What the program expects of mentees and mentors, "
               "the five-year plan, and who to ask for what.")
WORKSHOP = ("Mentor workshop: {topic}", "A half-day workshop for mentors, with cases from the "
            "department.")
WORKSHOP_TOPICS = ["effective mentoring conversations", "sponsorship and advocacy",
                   "mentoring across difference", "supporting faculty new to the country"]
COMMUNITY = ("Mentors' community of practice: {topic}", "An informal session where mentors "
             "share what works.")
COMMUNITY_TOPICS = ["when meetings drift", "promotion dossiers", "saying no",
                    "work-life balance", "protected time"]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_development(*, department, today: datetime.date, rng: random.Random) -> None:
    people = list(FacultyMember.objects.filter(department=department).select_related("user")
                  .order_by("pk"))
    by_email = {p.user.email: p for p in people}
    admin = by_email.get("admin@demo.example")
    facilitator = by_email.get("facilitator@demo.example")
    mentors = set(department.faculty.filter(mentorships_as_mentor__isnull=False)
                  .values_list("pk", flat=True).distinct())
    events: list[DevelopmentEvent] = []
    planned: list[tuple[DevelopmentEvent, list[FacultyMember], bool | None]] = []

    def event(kind, title, description, day, hour, minutes, organiser, who, attended):
        item = DevelopmentEvent(department=department, kind=kind, title=title,
                                description=description, starts_at=_at(day, hour),
                                duration_minutes=minutes, organiser=organiser,
                                location=rng.choice(["Lakeshore General, Room 4-120",
                                                     "University Health Centre, Auditorium B",
                                                     "Online"]))
        events.append(item)
        planned.append((item, who, attended))

    active = [p for p in people if p.status == FacultyMember.Status.ACTIVE]
    # One orientation each September for the five years past, for that year's new faculty.
    for years_ago in range(5, 0, -1):
        day = datetime.date(today.year - years_ago, 9, 15)
        cohort = [p for p in active if day - datetime.timedelta(days=300)
                  <= p.appointment_date <= day + datetime.timedelta(days=60)]
        event(Kind.ORIENTATION, ORIENTATION[0], ORIENTATION[1], day, 9, 240, admin,
              cohort, True)
    # Two mentor workshops and three community-of-practice sessions a year.
    mentor_people = [p for p in active if p.pk in mentors]
    for years_ago in range(5, 0, -1):
        for month in (3, 11):
            day = datetime.date(today.year - years_ago, month, 10)
            topic = rng.choice(WORKSHOP_TOPICS)
            event(Kind.MENTOR_WORKSHOP, WORKSHOP[0].format(topic=topic), WORKSHOP[1], day, 13,
                  180, admin, rng.sample(mentor_people, k=min(18, len(mentor_people))), True)
        for month in (2, 6, 10):
            day = datetime.date(today.year - years_ago, month, 20)
            topic = rng.choice(COMMUNITY_TOPICS)
            event(Kind.COMMUNITY_OF_PRACTICE, COMMUNITY[0].format(topic=topic), COMMUNITY[1],
                  day, 16, 90, facilitator or admin,
                  rng.sample(mentor_people, k=min(10, len(mentor_people))), True)
    # Last week's session, attendance not yet recorded by the facilitator.
    event(Kind.COMMUNITY_OF_PRACTICE, COMMUNITY[0].format(topic="when meetings drift"),
          COMMUNITY[1], today - datetime.timedelta(days=6), 16, 90, facilitator or admin,
          rng.sample(mentor_people, k=min(8, len(mentor_people))), None)
    # Coming up: an orientation in three weeks (some of this year's hires registered, not
    # newfaculty@), and a mentor workshop next month.
    recent = [p for p in active if (today - p.appointment_date).days < 300
              and p.user.email != "newfaculty@demo.example"]
    event(Kind.ORIENTATION, ORIENTATION[0], ORIENTATION[1],
          today + datetime.timedelta(days=21), 9, 240, admin, recent[:12], None)
    event(Kind.MENTOR_WORKSHOP, WORKSHOP[0].format(topic="sponsorship and advocacy"),
          WORKSHOP[1], today + datetime.timedelta(days=40), 13, 180, admin,
          rng.sample(mentor_people, k=min(6, len(mentor_people))), None)
    DevelopmentEvent.objects.bulk_create(events, batch_size=500)

    persona_sessions = _persona_sessions(by_email, events, today)
    registrations, seen = [], set()
    for item, who, attended in planned:
        for person in who + persona_sessions.get(item.pk, []):
            if (item.pk, person.pk) in seen:
                continue
            seen.add((item.pk, person.pk))
            came = None if attended is None else (
                person in persona_sessions.get(item.pk, []) or rng.random() < 0.9)
            registrations.append(EventRegistration(
                event=item, person=person, attended=came,
                attendance_recorded_at=item.starts_at + datetime.timedelta(days=1)
                if came is not None else None))
    EventRegistration.objects.bulk_create(registrations, batch_size=2000)


def _persona_sessions(by_email: dict, events: list[DevelopmentEvent],
                      today: datetime.date) -> dict[int, list[FacultyMember]]:
    """mentor@ attended the mentor workshop two years ago and a community of practice;
    mentee@ attended the orientation after their appointment."""
    sessions: dict[int, list[FacultyMember]] = {}
    mentor, mentee = by_email.get("mentor@demo.example"), by_email.get("mentee@demo.example")
    now = timezone.now()
    past = [e for e in events if e.starts_at < now - datetime.timedelta(days=30)]
    if mentor is not None:
        for kind, years in ((Kind.MENTOR_WORKSHOP, 2), (Kind.COMMUNITY_OF_PRACTICE, 1)):
            target = today - datetime.timedelta(days=365 * years)
            chosen = min((e for e in past if e.kind == kind),
                         key=lambda e: abs((e.starts_at.date() - target).days), default=None)
            if chosen is not None:
                sessions.setdefault(chosen.pk, []).append(mentor)
    if mentee is not None:
        chosen = next((e for e in past if e.kind == Kind.ORIENTATION
                       and e.starts_at.date() >= mentee.appointment_date), None)
        if chosen is not None:
            sessions.setdefault(chosen.pk, []).append(mentee)
    return sessions
