"""`seed_demo` fills in the interest survey for much of the demo department: mentor@ offers
with room for newfaculty@, who has not filled in theirs; the directory has cards."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from matching.models import MenteeNeeds, MentorProfile
from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import FacultyMember


@pytest.fixture
def demo(db):
    call_command("seed_demo", faculty=120, stdout=io.StringIO())


def persona(key: str) -> FacultyMember:
    return FacultyMember.objects.get(user__email=PERSONAS[key].email)


def test_offers_and_needs_for_much_of_the_department(demo):
    offers, needs = MentorProfile.objects.count(), MenteeNeeds.objects.count()
    assert offers >= 20 and needs >= 10
    offer = MentorProfile.objects.get(faculty=persona("mentor"))
    assert offer.is_open and offer.capacity == 5 and offer.topics.count() == 3
    assert not MenteeNeeds.objects.filter(faculty=persona("newfaculty")).exists()
    assert all(row.priorities.exists() for row in MenteeNeeds.objects.all()[:20])


def test_newfaculty_finds_mentor_in_the_directory_and_is_asked_for_needs(client, demo):
    assert client.login(email=PERSONAS["newfaculty"].email, password=DEMO_PASSWORD)
    home = client.get(reverse("home")).content.decode()
    assert "Tell us what you are looking for in a mentor" in home
    mentor = PERSONAS["mentor"]
    directory = client.get(reverse("matching:directory"),
                           {"q": f"{mentor.first_name} {mentor.last_name}"})
    assert persona("mentor").pk in [card.faculty.pk for card in directory.context["cards"]]
