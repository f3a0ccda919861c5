import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from programs.models import (
    AcademicPosition,
    Department,
    DevelopmentEvent,
    Division,
    EventRegistration,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    Portfolio,
    Site,
    SupervisorLink,
    User,
)

PASSWORD = "test-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Division {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ["name"]

    name = "Lakeshore General Hospital"
    short_name = "LGH"


def position(slug: str = "clinician-teacher") -> AcademicPosition:
    return AcademicPosition.objects.get(slug=slug)


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacultyMember

    user = factory.SubFactory(UserFactory)
    division = factory.SubFactory(DivisionFactory)
    department = factory.LazyAttribute(lambda o: o.division.department)
    site = factory.SubFactory(SiteFactory)
    rank = FacultyMember.Rank.ASSISTANT
    position = factory.LazyFunction(position)
    appointment_date = factory.LazyFunction(lambda: datetime.date.today().replace(day=1)
                                            - datetime.timedelta(days=400))
    employee_id = factory.Sequence(lambda n: f"T{n:06d}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipRole

    person = factory.SubFactory(FacultyFactory)
    kind = LeadershipRole.Kind.DIVISION_DIRECTOR
    department = factory.LazyAttribute(lambda o: o.person.department)
    division = factory.LazyAttribute(
        lambda o: o.person.division if o.kind in LeadershipRole.DIVISION_KINDS else None)
    portfolio = factory.LazyAttribute(
        lambda o: Portfolio.objects.get(slug="education")
        if o.kind == LeadershipRole.Kind.VICE_CHAIR else None)
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class SupervisorLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisorLink

    supervisor = factory.SubFactory(FacultyFactory)
    supervisee = factory.SubFactory(FacultyFactory)
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentee = factory.SubFactory(FacultyFactory)
    mentor = factory.SubFactory(FacultyFactory)
    kind = Mentorship.Kind.FORMAL
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=200))


class DevelopmentEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentEvent

    department = factory.SubFactory(DepartmentFactory)
    kind = DevelopmentEvent.Kind.ORIENTATION
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(second=0, microsecond=0)
                                     + datetime.timedelta(days=14))
    duration_minutes = 120
    location = "Room 4-120"


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(DevelopmentEventFactory)
    person = factory.SubFactory(FacultyFactory)
