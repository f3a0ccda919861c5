"""A realistic, deterministic demo department (`manage.py seed_demo`).

The same arguments always build the same department: names, dates and pairings come
from a seeded random generator, and "today" is fixed by the caller.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from programs.dates import years_before
from programs.models import (
    AcademicPosition,
    Department,
    Division,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    Portfolio,
    Site,
    SupervisorLink,
    Topic,
    User,
)

DEMO_PASSWORD = "demo-pass-2026"
OTHER_SPECIALTY_TOPICS = ["psychopharmacology"]
DEPARTMENT = ("Department of Medicine", "medicine")
DIVISIONS = [
    "Cardiology", "Clinical Immunology & Allergy", "Clinical Pharmacology & Toxicology",
    "Critical Care Medicine", "Dermatology", "Emergency Medicine", "Endocrinology & Metabolism",
    "Gastroenterology & Hepatology", "General Internal Medicine", "Geriatric Medicine",
    "Hematology", "Infectious Diseases", "Medical Oncology", "Nephrology", "Neurology",
    "Occupational Medicine", "Palliative Medicine", "Physical Medicine & Rehabilitation",
    "Respirology", "Rheumatology",
]
SITES = [
    ("Lakeshore General Hospital", "LGH"),
    ("St. Brendan's Hospital", "SBH"),
    ("University Health Centre", "UHC"),
    ("Northgate Women's College Hospital", "NWCH"),
]
FIRST_NAMES = [
    "Aisha", "Alejandro", "Amara", "Amir", "Ana", "Anika", "Ben", "Bianca", "Carlos", "Chen",
    "Chloe", "Daniel", "David", "Deepa", "Diego", "Elena", "Emeka", "Emily", "Farah", "Fatima",
    "Gabriel", "Grace", "Hana", "Hassan", "Helen", "Ines", "Isaac", "Jacob", "James", "Jia",
    "Joanna", "Jonah", "Julia", "Kavya", "Kenji", "Kofi", "Laila", "Leah", "Liam", "Lucas",
    "Maria", "Marcus", "Maya", "Mei", "Michael", "Mohammed", "Nadia", "Naveen", "Nia", "Noah",
    "Olivia", "Omar", "Paolo", "Priya", "Rachel", "Rafael", "Rahul", "Rosa", "Ruth", "Samir",
    "Sara", "Sean", "Sofia", "Sunita", "Tariq", "Thomas", "Uma", "Victor", "Wei", "Yara",
    "Yusuf", "Zainab", "Zoe", "Adebayo", "Bronwyn", "Catalina", "Dmitri", "Eun-ji", "Femi",
    "Gwen", "Hamid", "Ingrid", "Jorge", "Keisha", "Lars", "Mariam", "Nikhil", "Oksana",
]
LAST_NAMES = [
    "Abara", "Adeyemi", "Ahmed", "Ali", "Anderson", "Bai", "Banerjee", "Bernard", "Bianchi",
    "Brown", "Campbell", "Chan", "Chaudhry", "Chen", "Cohen", "Costa", "Da Silva", "Das",
    "Dubois", "Edwards", "Fernandes", "Fischer", "Fraser", "Gagnon", "Garcia", "Ghosh",
    "Goldberg", "Gupta", "Haddad", "Hernandez", "Hoang", "Huang", "Ibrahim", "Ivanova",
    "Jackson", "Jensen", "Joshi", "Kang", "Kaur", "Khan", "Kim", "Kowalski", "Kumar", "Lam",
    "Lee", "Levy", "Li", "Lin", "Liu", "Lopez", "MacDonald", "Martin", "Mehta", "Mensah",
    "Moreau", "Morrison", "Murphy", "Nakamura", "Nguyen", "Novak", "Obi", "O'Brien", "Okafor",
    "Park", "Patel", "Pereira", "Petrov", "Rahman", "Ramos", "Reid", "Rossi", "Roy", "Saleh",
    "Santos", "Schmidt", "Shah", "Singh", "Smith", "Sokolov", "Tan", "Taylor", "Thompson",
    "Tremblay", "Wang", "Williams", "Wilson", "Wong", "Wu", "Yamamoto", "Yang", "Zhang",
]
# Where the personas work (indexes into DIVISIONS): General Internal Medicine, Cardiology
# and Emergency Medicine. Each needs enough active people for a DDD, a facilitator,
# a mentor, a mentee and a new faculty member.
PERSONA_DIVISIONS = (8, 0, 5)
MIN_PERSONA_DIVISION_SIZE = 8
POSITION_WEIGHTS = {
    "clinician-teacher": 30, "clinician-educator": 15, "clinician-scientist": 15,
    "clinician-investigator": 20, "clinician-in-quality-innovation": 12,
    "clinician-administrator": 8,
}


@dataclass(frozen=True)
class Persona:
    email: str
    first_name: str
    last_name: str
    description: str


PERSONAS = {
    "mentee": Persona("mentee@demo.example", "Maya", "Singh",
                      "early-career faculty member with a formal mentor"),
    "newfaculty": Persona("newfaculty@demo.example", "Noah", "Okafor",
                          "appointed this year, no mentor yet"),
    "mentor": Persona("mentor@demo.example", "Helen", "Tremblay", "formal mentor of mentee@"),
    "director": Persona("director@demo.example", "David", "Goldberg",
                        "DDD of mentee@'s division"),
    "otherdirector": Persona("otherdirector@demo.example", "Rosa", "Fernandes",
                             "DDD of a different division"),
    "facilitator": Persona("facilitator@demo.example", "Farah", "Haddad",
                           "Mentorship Facilitator of mentee@'s division"),
    "vicechair": Persona("vicechair@demo.example", "Victor", "Nakamura",
                         "Vice-Chair, Education"),
    "admin": Persona("admin@demo.example", "Ada", "Administrator",
                     "program admin, and Django staff"),
}


class DemoBuilder:
    def __init__(self, *, faculty: int, today: datetime.date, seed: int = 2026):
        self.total = faculty
        self.today = today
        self.rng = random.Random(seed)
        self.password = make_password(DEMO_PASSWORD)

    @transaction.atomic
    def build(self) -> Department:
        department = Department.objects.create(name=DEPARTMENT[0], slug=DEPARTMENT[1])
        self.department = department
        self.sites = [Site.objects.get_or_create(name=n, defaults={"short_name": s})[0]
                      for n, s in SITES]
        self.divisions = Division.objects.bulk_create([
            Division(department=department, name=name, slug=_slug(name)) for name in DIVISIONS
        ])
        self.positions = {p.slug: p for p in AcademicPosition.objects.all()}
        # The starting catalogue comes from both reference programs; a Department of
        # Medicine does not offer a psychiatry topic, so the demo retires it.
        Topic.objects.filter(slug__in=OTHER_SPECIALTY_TOPICS).update(is_active=False)
        self.topics = list(Topic.objects.filter(is_active=True))
        people = self._faculty()
        self._leaders(people)
        self._personas(people)
        self._mentorships(people)
        return department

    def _division_index(self, index: int) -> int:
        """Round-robin over the divisions. A small demo (under 8 a division) first fills the
        divisions the personas work in, or they would have no DDD, facilitator and mentor."""
        if self.total >= MIN_PERSONA_DIVISION_SIZE * len(DIVISIONS):
            return index % len(DIVISIONS)
        reserved = MIN_PERSONA_DIVISION_SIZE * len(PERSONA_DIVISIONS)
        if index < reserved:
            return PERSONA_DIVISIONS[index % len(PERSONA_DIVISIONS)]
        return (index - reserved) % len(DIVISIONS)

    def _appointment_date(self) -> datetime.date:
        # More recent hires than old ones, spread over 35 years, with a new cohort every July.
        years_ago = min(int(self.rng.expovariate(1 / 11)), 34)
        start = years_before(self.today, years_ago)
        return start - datetime.timedelta(days=self.rng.randint(0, 364))

    def _rank_for(self, years: int) -> str:
        Rank = FacultyMember.Rank
        if years < 2:
            return self.rng.choice([Rank.LECTURER, Rank.ASSISTANT, Rank.ASSISTANT])
        if years < 8:
            return self.rng.choice([Rank.ASSISTANT, Rank.ASSISTANT, Rank.ASSOCIATE])
        if years < 16:
            return self.rng.choice([Rank.ASSOCIATE, Rank.ASSOCIATE, Rank.FULL])
        return self.rng.choice([Rank.ASSOCIATE, Rank.FULL, Rank.FULL])

    def _faculty(self) -> list[FacultyMember]:
        users, members = [], []
        slugs = list(POSITION_WEIGHTS)
        weights = [POSITION_WEIGHTS[s] for s in slugs]
        for index in range(self.total):
            first = self.rng.choice(FIRST_NAMES)
            last = self.rng.choice(LAST_NAMES)
            email = f"{_email_part(first)}.{_email_part(last)}.{index + 1:05d}@demo.example"
            users.append(User(email=email, first_name=first, last_name=last,
                              password=self.password))
            appointed = self._appointment_date()
            years = self.today.year - appointed.year
            departed = years > 3 and self.rng.random() < 0.04
            members.append(FacultyMember(
                employee_id=f"E{100000 + index}",
                department=self.department,
                division=self.divisions[self._division_index(index)],
                site=self.rng.choice(self.sites),
                rank=self._rank_for(years),
                position=self.positions[self.rng.choices(slugs, weights)[0]],
                appointment_date=appointed,
                trained_here=self.rng.random() < 0.45,
                new_to_country=years < 6 and self.rng.random() < 0.15,
                status=(FacultyMember.Status.DEPARTED if departed
                        else FacultyMember.Status.ON_LEAVE if self.rng.random() < 0.02
                        else FacultyMember.Status.ACTIVE),
                departure_date=(self.today - datetime.timedelta(days=self.rng.randint(30, 900))
                                if departed else None),
                departure_reason=("Moved to another institution" if departed else ""),
            ))
        User.objects.bulk_create(users, batch_size=1000)
        for user, member in zip(users, members, strict=True):
            member.user = user
            if member.status == FacultyMember.Status.DEPARTED:
                user.is_active = False
        User.objects.bulk_update([u for u in users if not u.is_active], ["is_active"],
                                 batch_size=1000)
        return FacultyMember.objects.bulk_create(members, batch_size=1000)

    def _leaders(self, people: list[FacultyMember]) -> None:
        """A senior DDD and one or two facilitators per division; four Vice-Chairs."""
        Kind = LeadershipRole.Kind
        roles, links = [], []
        by_division: dict[int, list[FacultyMember]] = {}
        for person in people:
            if person.status == FacultyMember.Status.ACTIVE:
                by_division.setdefault(person.division_id, []).append(person)
        self.directors = {}
        for division in self.divisions:
            members = sorted(by_division.get(division.pk, []), key=lambda p: p.appointment_date)
            if len(members) < 4:
                continue
            director = members[0]
            self.directors[division.pk] = director
            roles.append(LeadershipRole(
                person=director, kind=Kind.DIVISION_DIRECTOR, department=self.department,
                division=division, start_date=years_before(self.today, self.rng.randint(1, 8))))
            for facilitator in members[2:2 + self.rng.randint(1, 2)]:
                roles.append(LeadershipRole(
                    person=facilitator, kind=Kind.FACILITATOR, department=self.department,
                    division=division, start_date=years_before(self.today, 1)))
            # A site chief who supervises some of the division: also never their formal mentor.
            chief = members[1]
            for supervisee in members[4:10]:
                links.append(SupervisorLink(supervisor=chief, supervisee=supervisee,
                                            start_date=years_before(self.today, 2)))
        seniors = sorted((p for p in people if p.status == FacultyMember.Status.ACTIVE
                          and p.pk not in {d.pk for d in self.directors.values()}),
                         key=lambda p: p.appointment_date)
        for portfolio, person in zip(Portfolio.objects.all(), seniors[5:45:10], strict=False):
            roles.append(LeadershipRole(person=person, kind=Kind.VICE_CHAIR,
                                        department=self.department, portfolio=portfolio,
                                        start_date=years_before(self.today, 3)))
        LeadershipRole.objects.bulk_create(roles)
        SupervisorLink.objects.bulk_create(links)

    def _personas(self, people: list[FacultyMember]) -> None:
        """Give the demo accounts their roles: take over generated people, keep the data."""
        Kind = LeadershipRole.Kind
        division = self.divisions[8]  # General Internal Medicine
        other = self.divisions[0]  # Cardiology
        education = Portfolio.objects.get(slug="education")
        active_here = [p for p in people if p.division_id == division.pk
                       and p.status == FacultyMember.Status.ACTIVE]
        senior = sorted(active_here, key=lambda p: p.appointment_date)

        def adopt(key: str, person: FacultyMember, **changes) -> FacultyMember:
            persona = PERSONAS[key]
            user = person.user
            user.email, user.first_name, user.last_name = (
                persona.email, persona.first_name, persona.last_name)
            user.save()
            for field, value in changes.items():
                setattr(person, field, value)
            person.save()
            return person

        director = adopt("director", self.directors[division.pk])
        LeadershipRole.objects.filter(kind=Kind.FACILITATOR, division=division).delete()
        facilitator = adopt("facilitator", senior[2])
        LeadershipRole.objects.create(person=facilitator, kind=Kind.FACILITATOR,
                                      department=self.department, division=division,
                                      start_date=years_before(self.today, 2))
        mentor = adopt("mentor", senior[3], rank=FacultyMember.Rank.FULL)
        SupervisorLink.objects.filter(supervisee__in=[mentor, facilitator]).delete()
        recent = years_before(self.today, 2)
        mentee = adopt("mentee", self._newest(active_here, exclude={director, facilitator, mentor}),
                       appointment_date=recent, rank=FacultyMember.Rank.ASSISTANT,
                       position=self.positions["clinician-investigator"])
        SupervisorLink.objects.filter(supervisee=mentee).delete()
        taken = {director, facilitator, mentor, mentee}
        newcomer = adopt(
            "newfaculty", self._newest(active_here, exclude=taken),
            # "Appointed this year", even in the first days of January.
            appointment_date=max(self.today - datetime.timedelta(days=20),
                                 self.today.replace(month=1, day=1)),
            rank=FacultyMember.Rank.ASSISTANT, new_to_country=True, trained_here=False)
        self.reserved = {mentee.pk: mentor, newcomer.pk: None}
        otherdirector = adopt("otherdirector", self.directors[other.pk])
        vice_chair = LeadershipRole.objects.get(kind=Kind.VICE_CHAIR, portfolio=education)
        taken |= {newcomer, otherdirector}
        if vice_chair.person in taken:
            # One person, one persona: hand the portfolio to a senior who holds no role yet.
            leaders = set(LeadershipRole.objects.values_list("person_id", flat=True))
            vice_chair.person = min(
                (p for p in people if p.status == FacultyMember.Status.ACTIVE
                 and p not in taken and p.pk not in leaders),
                key=lambda p: p.appointment_date)
            vice_chair.save()
        taken.add(adopt("vicechair", vice_chair.person))
        admin_person = next(p for p in reversed(people) if p.division_id == self.divisions[5].pk
                            and p.status == FacultyMember.Status.ACTIVE and p not in taken)
        # A program admin is an established faculty member (mid career), not a newcomer
        # waiting for a mentor.
        admin_person = adopt("admin", admin_person, appointment_date=years_before(self.today, 12),
                             rank=FacultyMember.Rank.ASSOCIATE)
        admin_person.user.is_staff = True
        admin_person.user.is_superuser = True
        admin_person.user.save()
        LeadershipRole.objects.create(person=admin_person, kind=Kind.PROGRAM_ADMIN,
                                      department=self.department,
                                      start_date=years_before(self.today, 1))

    @staticmethod
    def _newest(people, exclude):
        return max((p for p in people if p not in exclude), key=lambda p: p.appointment_date)

    def _mentorships(self, people: list[FacultyMember]) -> None:
        """Formal mentors for most early-career faculty; some informal, peer and buddy pairs.

        Mentors are mid- or late-career people in the same division who neither direct
        nor supervise the mentee, so the data obeys the conflict-of-interest rule.
        """
        early_from, _ = self.department.stage_cutoffs(self.today)
        new_from = self.today - datetime.timedelta(days=240)
        overseers: dict[int, set[int]] = {}
        for link in SupervisorLink.objects.all():
            overseers.setdefault(link.supervisee_id, set()).add(link.supervisor_id)
        director_ids = {d.pk for d in self.directors.values()}
        by_division: dict[int, list[FacultyMember]] = {}
        for person in people:
            if (person.status == FacultyMember.Status.ACTIVE
                    and person.appointment_date < early_from and person.pk not in director_ids):
                by_division.setdefault(person.division_id, []).append(person)
        pairs, seen = [], set()

        def pair(mentee, mentor, kind, start):
            if mentor.pk == mentee.pk or (mentee.pk, mentor.pk) in seen:
                return
            seen.add((mentee.pk, mentor.pk))
            pairs.append(Mentorship(
                mentee=mentee, mentor=mentor, kind=kind, start_date=start,
                format=(Mentorship.Format.ONE_TO_ONE if self.rng.random() < 0.8
                        else self.rng.choice(list(Mentorship.Format))),
            ))

        for mentee in people:
            if mentee.pk in self.reserved or mentee.status != FacultyMember.Status.ACTIVE:
                continue
            if mentee.appointment_date < early_from:
                continue
            # About one in six of the newest faculty are still waiting for a match.
            if mentee.appointment_date >= new_from and self.rng.random() < 0.4:
                continue
            if self.rng.random() < 0.08:
                continue
            blocked = overseers.get(mentee.pk, set()) | {self.directors.get(mentee.division_id,
                                                                             mentee).pk}
            pool = [m for m in by_division.get(mentee.division_id, []) if m.pk not in blocked]
            if not pool:
                continue
            start = max(mentee.appointment_date, self.today - datetime.timedelta(days=1800))
            pair(mentee, self.rng.choice(pool), Mentorship.Kind.FORMAL, start)
            if self.rng.random() < 0.25:  # a second mentor for a different area
                pair(mentee, self.rng.choice(pool), self.rng.choice(
                    [Mentorship.Kind.FORMAL, Mentorship.Kind.INFORMAL]), start)
            if mentee.new_to_country and self.rng.random() < 0.7:
                peers = [p for p in people if p.division_id == mentee.division_id
                         and p.status == FacultyMember.Status.ACTIVE
                         and p.appointment_date >= early_from and p.pk != mentee.pk
                         and p.pk not in self.reserved]
                if peers:
                    pair(mentee, self.rng.choice(peers), Mentorship.Kind.BUDDY, start)
        mentee_pk = next(pk for pk, mentor in self.reserved.items() if mentor)
        mentee = next(p for p in people if p.pk == mentee_pk)
        pair(mentee, self.reserved[mentee_pk], Mentorship.Kind.FORMAL, mentee.appointment_date)
        created = Mentorship.objects.bulk_create(pairs, batch_size=1000)
        through = Mentorship.topics.through
        links = []
        for mentorship in created:
            for topic in self.rng.sample(self.topics, k=self.rng.randint(1, 3)):
                links.append(through(mentorship_id=mentorship.pk, topic_id=topic.pk))
        through.objects.bulk_create(links, batch_size=2000)


def delete_demo(department: Department) -> None:
    """Remove the demo department and everyone in it, for `seed_demo --reset`."""
    with transaction.atomic():
        # What other apps keep per department (surveys, award cycles, ...) goes first:
        # programs knows those rows only as cascading from the department.
        for relation in Department._meta.related_objects:
            if relation.on_delete is models.CASCADE:
                relation.related_model._base_manager.filter(
                    **{relation.field.name: department}).delete()
        faculty = FacultyMember.objects.filter(department=department)
        Mentorship.objects.filter(mentee__in=faculty).delete()
        Mentorship.objects.filter(mentor__in=faculty).delete()
        LeadershipRole.objects.filter(department=department).delete()
        SupervisorLink.objects.filter(supervisee__in=faculty).delete()
        user_ids = list(faculty.values_list("user_id", flat=True))
        faculty.delete()
        User.objects.filter(pk__in=user_ids).delete()
        department.roster_imports.all().delete()
        department.divisions.all().delete()
        department.delete()


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)


def _email_part(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())
