"""Shared fixtures: a small department with every persona from PRODUCT.md, plus an outsider."""

import datetime
import os
from dataclasses import dataclass

import pytest

from programs.models import Department, Division, FacultyMember, LeadershipRole, Mentorship
from tests.programs.factories import (
    PASSWORD,
    DepartmentFactory,
    DivisionFactory,
    FacultyFactory,
    MentorshipFactory,
    RoleFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() == "true"


@dataclass
class World:
    department: Department
    division: Division  # the mentee's division
    other_division: Division
    mentee: FacultyMember
    newfaculty: FacultyMember
    mentor: FacultyMember
    director: FacultyMember
    otherdirector: FacultyMember
    facilitator: FacultyMember
    vicechair: FacultyMember
    admin: FacultyMember
    outsider: FacultyMember  # a faculty member with no link to anyone above
    mentorship: Mentorship

    PERSONAS = ("mentee", "newfaculty", "mentor", "director", "otherdirector", "facilitator",
                "vicechair", "admin", "outsider")

    def person(self, name: str) -> FacultyMember:
        return getattr(self, name)


def make_world() -> World:
    department = DepartmentFactory(name="Department of Medicine", slug="medicine")
    division = DivisionFactory(department=department, name="General Internal Medicine",
                               slug="gim")
    other = DivisionFactory(department=department, name="Cardiology", slug="cardiology")
    today = datetime.date.today()

    def person(name: str, division=division, **kwargs) -> FacultyMember:
        user = UserFactory(email=f"{name}@test.example", first_name=name.title(),
                           last_name="Tester")
        return FacultyFactory(user=user, division=division, **kwargs)

    senior = today.replace(year=today.year - 20)
    director = person("director", appointment_date=senior, rank="full")
    otherdirector = person("otherdirector", division=other, appointment_date=senior)
    facilitator = person("facilitator", appointment_date=senior)
    mentor = person("mentor", appointment_date=senior, rank="full")
    mentee = person("mentee", appointment_date=today.replace(year=today.year - 2))
    newfaculty = person("newfaculty", appointment_date=today - datetime.timedelta(days=10))
    vicechair = person("vicechair", division=other, appointment_date=senior)
    admin = person("admin", division=other, appointment_date=senior)
    outsider = person("outsider", division=other)
    admin.user.is_staff = True
    admin.user.save()
    Kind = LeadershipRole.Kind
    RoleFactory(person=director, kind=Kind.DIVISION_DIRECTOR)
    RoleFactory(person=otherdirector, kind=Kind.DIVISION_DIRECTOR)
    RoleFactory(person=facilitator, kind=Kind.FACILITATOR)
    RoleFactory(person=vicechair, kind=Kind.VICE_CHAIR)
    RoleFactory(person=admin, kind=Kind.PROGRAM_ADMIN)
    mentorship = MentorshipFactory(mentee=mentee, mentor=mentor)
    return World(department, division, other, mentee, newfaculty, mentor, director,
                 otherdirector, facilitator, vicechair, admin, outsider, mentorship)


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture
def login(client):
    """Log the test client in as a faculty member (or a user)."""

    def _login(person) -> None:
        user = getattr(person, "user", person)
        assert client.login(email=user.email, password=PASSWORD)

    return _login


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_starts_from_empty_tables():
    """A test with `serialized_rollback=True` gets the rows migrations seed (topics, content
    types, guidelines) put back before it runs. Django writes them with their original keys
    into tables it assumes are empty, but a transactional test without that copy (a browser
    test whose connection Django swapped once Playwright's loop started, see
    tests/e2e/conftest.py) is flushed with post_migrate, which recreates content types under
    new keys: the copy then collides with them ("duplicate key ... django_content_type").
    Empty the tables, without post_migrate, just before the copy goes back; afterwards move
    every id sequence past the keys the copy wrote, or the next survey copied from a seeded
    template would be given id 1 again."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_into_empty_tables(self, data):
        call_command("flush", verbosity=0, interactive=False, database=self.connection.alias,
                     inhibit_post_migrate=True, reset_sequences=False)
        original(self, data)
        statements = self.connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    BaseDatabaseCreation.deserialize_db_from_string = deserialize_into_empty_tables
    yield
    BaseDatabaseCreation.deserialize_db_from_string = original
