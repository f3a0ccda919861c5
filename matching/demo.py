"""Demo interest profiles (a DEMO_SEEDERS entry): offers from about half of the mid- and
late-career faculty, and needs from most early-career faculty, so the mentor directory
and the facilitator's workspace have real people on first login.

mentor@ offers research, promotion and clinical work, with room for two more mentees
(so newfaculty@ can ask them from the directory); newfaculty@ has not filled in the
survey (their home page asks them to). Everything is bulk-created.
"""

import datetime
import random

from matching.models import MenteeNeeds, MentorProfile, NeedTopic
from matching.models.profiles import FORMAT_CODES
from programs.models import Department, FacultyMember, Site, Topic
from programs.models.people import CareerStage

HELP = [
    "I have sat on the promotions committee for years and can walk you through a dossier.",
    "Happy to read grant drafts and talk through a first research program.",
    "I started as an international medical graduate; I can help with settling in and "
    "licensing.",
    "I run our division's teaching program and enjoy helping new teachers find their feet.",
    "Quality improvement projects, from the first idea to the publication.",
    "Balancing a clinical load with family: I have made most of the mistakes already.",
    "Leadership roles, committees and how to say no to the wrong ones.",
    "",
]
MENTOR_EMAIL = "mentor@demo.example"
NEWCOMER_EMAIL = "newfaculty@demo.example"
MENTOR_TOPICS = ("Research & scholarship", "Career planning & promotion", "Clinical work")


def seed_profiles(*, department: Department, today: datetime.date,
                  rng: random.Random) -> None:
    if MentorProfile.objects.filter(faculty__department=department).exists():
        return
    topics = list(Topic.objects.filter(is_active=True).order_by("ordering", "name"))
    sites = list(Site.objects.filter(faculty__department=department).distinct().order_by("pk"))
    cutoffs = department.stage_cutoffs(today)
    people = list(FacultyMember.objects.filter(department=department)
                  .exclude(status=FacultyMember.Status.DEPARTED)
                  .select_related("user").order_by("pk"))
    offers, needs, chosen = [], [], {}
    for person in people:
        email = person.user.email
        stage = CareerStage.of(person.appointment_date, cutoffs)
        if email == MENTOR_EMAIL or (stage != CareerStage.EARLY and rng.random() < 0.5):
            picked = (
                [t for t in topics if t.name in MENTOR_TOPICS] if email == MENTOR_EMAIL
                else rng.sample(topics, rng.randint(2, 5)))
            offer = MentorProfile(
                faculty=person, capacity=5 if email == MENTOR_EMAIL else rng.choice([1, 2, 2, 3]),
                is_open=email == MENTOR_EMAIL or rng.random() < 0.85,
                formats=",".join(code for code in FORMAT_CODES
                                 if code == "one_to_one" or rng.random() < 0.3),
                how_i_can_help=HELP[0] if email == MENTOR_EMAIL else rng.choice(HELP))
            offers.append(offer)
            chosen[person.pk] = (picked, [person.site_id] + (
                [rng.choice(sites).pk] if sites and rng.random() < 0.3 else []))
        elif stage == CareerStage.EARLY and email != NEWCOMER_EMAIL and rng.random() < 0.75:
            needs.append(MenteeNeeds(
                faculty=person, same_site=rng.random() < 0.3,
                formats="one_to_one" if rng.random() < 0.7 else "one_to_one,group"))
            chosen[person.pk] = (rng.sample(topics, rng.randint(1, 4)), [])
    MentorProfile.objects.bulk_create(offers)
    MenteeNeeds.objects.bulk_create(needs)
    topic_rows, site_rows = MentorProfile.topics.through, MentorProfile.sites.through
    offer_ids = dict(MentorProfile.objects.filter(faculty__department=department)
                     .values_list("faculty_id", "pk"))
    need_ids = dict(MenteeNeeds.objects.filter(faculty__department=department)
                    .values_list("faculty_id", "pk"))
    topic_rows.objects.bulk_create(
        [topic_rows(mentorprofile_id=offer_ids[person_id], topic_id=topic.pk)
         for person_id, (picked, _) in chosen.items() if person_id in offer_ids
         for topic in picked])
    site_rows.objects.bulk_create(
        [site_rows(mentorprofile_id=offer_ids[person_id], site_id=site_id)
         for person_id, (_, site_ids) in chosen.items() if person_id in offer_ids
         for site_id in sorted(set(site_ids))])
    NeedTopic.objects.bulk_create(
        [NeedTopic(needs_id=need_ids[person_id], topic=topic, priority=priority)
         for person_id, (picked, _) in chosen.items() if person_id in need_ids
         for priority, topic in enumerate(picked, start=1)])


INTAKE_SIZE = 32
INTAKE_FROM = 500  # faculty
INTAKE_EMAIL = "intake.{:03d}@demo.example"


def seed_intake(*, department: Department, today: datetime.date, rng: random.Random) -> None:
    """A July intake without mentors (a DEMO_SEEDERS entry, after `seed_profiles`): about
    thirty new faculty appointed since the last 1 July, spread over the divisions, most
    with needs filled in, so with the demo's own newcomers a facilitator finds about forty
    people to match and a program admin a real cohort to assign. Run once."""
    from django.contrib.auth.hashers import make_password

    from programs.demo.department import (
        DEMO_PASSWORD,
        FIRST_NAMES,
        LAST_NAMES,
        POSITION_WEIGHTS,
    )
    from programs.models import AcademicPosition, Division, User

    # Only for a department the size of `make run`'s: the small ones tests build keep
    # exactly the people programs' builder made.
    size = FacultyMember.objects.filter(department=department).count()
    if size < INTAKE_FROM or User.objects.filter(email=INTAKE_EMAIL.format(1)).exists():
        return
    july = datetime.date(today.year if today >= datetime.date(today.year, 7, 1)
                         else today.year - 1, 7, 1)
    days = max(1, (today - july).days)
    divisions = list(Division.objects.filter(department=department).order_by("pk"))
    sites = list(Site.objects.filter(faculty__department=department).distinct().order_by("pk"))
    positions = {p.slug: p for p in AcademicPosition.objects.all()}
    slugs = [slug for slug in POSITION_WEIGHTS if slug in positions]
    topics = list(Topic.objects.filter(is_active=True).order_by("ordering", "name"))
    password = make_password(DEMO_PASSWORD)
    users, members = [], []
    for index in range(INTAKE_SIZE):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(User(email=INTAKE_EMAIL.format(index + 1), first_name=first,
                          last_name=last, password=password))
        members.append(FacultyMember(
            department=department, division=divisions[index % len(divisions)],
            site=rng.choice(sites), rank=rng.choice(["lecturer", "assistant", "assistant"]),
            position=positions[rng.choices(slugs, [POSITION_WEIGHTS[s] for s in slugs])[0]],
            appointment_date=july + datetime.timedelta(days=rng.randrange(days)),
            trained_here=rng.random() < 0.4, new_to_country=rng.random() < 0.25))
    User.objects.bulk_create(users)
    for user, member in zip(users, members, strict=True):
        member.user = user
    members = FacultyMember.objects.bulk_create(members)
    needs = MenteeNeeds.objects.bulk_create(
        [MenteeNeeds(faculty=member, same_site=rng.random() < 0.3)
         for member in members if rng.random() < 0.8])
    NeedTopic.objects.bulk_create(
        [NeedTopic(needs=row, topic=topic, priority=priority)
         for row in needs
         for priority, topic in enumerate(rng.sample(topics, rng.randint(1, 4)), start=1)])
