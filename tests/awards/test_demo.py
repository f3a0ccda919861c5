"""`seed_demo` gives recognition and faculty development a history: three published award
cycles, one open for nominations, past workshops with attendance and an orientation
coming up; and each persona sees it where they look."""

import io
from html import unescape

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardCycle, Nomination, NominationLetter, Phase, Recognition
from awards.selectors.portfolio import portfolio_for
from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import DevelopmentEvent, EventRegistration, FacultyMember
from programs.selectors.development import is_trained, orientation_obligation


@pytest.fixture
def demo(db):
    call_command("seed_demo", faculty=120, stdout=io.StringIO())


def persona(key: str) -> FacultyMember:
    return FacultyMember.objects.select_related("user", "department").get(
        user__email=PERSONAS[key].email)


def sign_in(client, key: str) -> None:
    assert client.login(email=PERSONAS[key].email, password=DEMO_PASSWORD)


def test_three_published_cycles_with_winners_and_one_open_for_nominations(demo):
    today = timezone.localdate()
    phases = sorted(cycle.phase(today) for cycle in AwardCycle.objects.all())
    assert phases == sorted([Phase.PUBLISHED] * 3 + [Phase.NOMINATING])
    for cycle in AwardCycle.objects.filter(published_at__isnull=False):
        assert Recognition.objects.filter(award__cycle=cycle).exists(), cycle
        assert Nomination.objects.filter(award__cycle=cycle, scorecards__isnull=False).exists()
    assert Recognition.objects.filter(on_wall=False).count() == 1
    assert NominationLetter.objects.count() == 1
    # Nobody nominated themselves.
    assert not Nomination.objects.filter(nominee=F("nominator")).exists()


def test_mentor_won_last_year_and_the_portfolio_names_it(demo):
    mentor = persona("mentor")
    built = portfolio_for(mentor)
    assert any(r.award.name == "General Internal Medicine Mentorship Award"
               for r in built.awards)
    assert built.meetings > 0 and built.trained_on is not None
    assert is_trained(mentor)


def test_the_demo_has_workshops_with_attendance_and_an_orientation_coming_up(demo):
    Kind = DevelopmentEvent.Kind
    past = DevelopmentEvent.objects.filter(starts_at__lt=timezone.now())
    assert past.filter(kind=Kind.MENTOR_WORKSHOP).count() >= 5
    assert EventRegistration.objects.filter(attended=True).count() > 20
    upcoming = DevelopmentEvent.objects.filter(kind=Kind.ORIENTATION,
                                               starts_at__gte=timezone.now())
    assert upcoming.count() == 1
    newfaculty = persona("newfaculty")
    assert not EventRegistration.objects.filter(person=newfaculty).exists()
    assert orientation_obligation(newfaculty).status == "due"
    assert orientation_obligation(persona("mentee")).status == "met"


def test_each_persona_finds_their_part_on_the_home_page(client, demo):
    expected = {
        "mentee": ["Nominate Helen Tremblay for a mentorship award",
                   "Helen Tremblay asks to name you in their mentoring portfolio"],
        "newfaculty": ["Register for the New Faculty orientation"],
        "facilitator": ["Record who attended"],
    }
    for key, texts in expected.items():
        sign_in(client, key)
        html = unescape(client.get(reverse("home")).content.decode())
        for text in texts:
            assert text in html, (key, text)


def test_every_award_and_event_page_renders_for_the_personas(client, demo):
    cycle = AwardCycle.objects.get(published_at__isnull=True)
    pages = [reverse("awards:index"), reverse("awards:wall"), reverse("awards:portfolio"),
             reverse("awards:cycle_detail", args=[cycle.pk]),
             reverse("awards:nominate", args=[cycle.pk]), reverse("programs:events")]
    for key in PERSONAS:
        sign_in(client, key)
        for url in pages:
            assert client.get(url).status_code == 200, (key, url)
    sign_in(client, "facilitator")
    assert client.get(reverse("awards:scoring", args=[cycle.pk])).status_code == 200
