"""The interest survey updates the person's matching profile (needs u-match)."""

from html import escape

import pytest
from django.urls import reverse

from matching.models import MenteeNeeds, MentorProfile
from programs.models import Topic
from tests.surveys.factories import answer, invite, launch, question, survey_for

pytestmark = pytest.mark.django_db


def interest_run(world):
    return launch(world, survey_for(world, "interest"), anonymous=False,
                  title="Interest 2026")


def test_receiving_mentorship_writes_the_needs_in_priority_order(world):
    run = interest_run(world)
    first, second = Topic.objects.filter(is_active=True)[:2]
    answer(run, world.newfaculty, {"interest_role": 1,
                                   "interest_topics": [second.pk, first.pk],
                                   "interest_formats": [0, 2]})
    needs = MenteeNeeds.objects.get(faculty=world.newfaculty)
    assert [row.topic for row in needs.priorities.order_by("priority")] == [second, first]
    assert needs.format_codes == ["one_to_one", "peer"]
    assert not MentorProfile.objects.filter(faculty=world.newfaculty).exists()


def test_both_writes_offer_and_needs_and_keeps_the_rest_of_the_offer(world):
    from matching.services.profiles import offer_save

    offer_save(faculty=world.mentor, topics=[], formats=["group"], capacity=5, is_open=False,
               sites=[], how_i_can_help="Grant writing")
    run = interest_run(world)
    topic = Topic.objects.filter(is_active=True).first()
    answer(run, world.mentor, {"interest_role": 2, "interest_topics": [topic.pk],
                               "interest_formats": [1]})
    offer = MentorProfile.objects.get(faculty=world.mentor)
    assert list(offer.topics.all()) == [topic]
    assert (offer.capacity, offer.is_open, offer.how_i_can_help) == (5, False, "Grant writing")
    assert MenteeNeeds.objects.filter(faculty=world.mentor).exists()


def test_submitting_the_page_updates_the_profile(client, world, login):
    run = interest_run(world)
    invite(run, world.newfaculty)
    topic = Topic.objects.filter(is_active=True).first()
    login(world.newfaculty)
    pick = question(run, "interest_topics").pk
    response = client.post(reverse("surveys:answer", args=[run.pk]), {
        f"q{question(run, 'interest_role').pk}": 1, f"q{pick}_first": topic.pk,
        f"q{question(run, 'interest_formats').pk}": [0], "consent": "on"})
    assert response.status_code == 302
    assert MenteeNeeds.objects.get(faculty=world.newfaculty).priorities.get().topic == topic


def test_topics_offered_against_wanted_by_division(client, world, login):
    from matching.services.profiles import needs_save, offer_save
    from surveys.selectors.interest import topics_offered_and_wanted

    clinical, research = Topic.objects.filter(is_active=True)[:2]
    offer_save(faculty=world.mentor, topics=[clinical, research], formats=["one_to_one"],
               capacity=2, is_open=True, sites=[], how_i_can_help="")
    for person in (world.mentee, world.newfaculty):
        needs_save(faculty=person, topics=[research], formats=["one_to_one"], same_site=False,
                   wants_gender_concordance=False, wants_identity_concordance=False)
    needs_save(faculty=world.outsider, topics=[research], formats=["group"], same_site=False,
               wants_gender_concordance=False, wants_identity_concordance=False)
    rows = {row.topic: (row.offered, row.wanted)
            for row in topics_offered_and_wanted(world.department)}
    assert rows == {research.name: (1, 3), clinical.name: (1, 0)}
    gim = {row.topic: (row.offered, row.wanted)
           for row in topics_offered_and_wanted(world.department, world.division)}
    assert gim[research.name] == (1, 2)
    login(world.vicechair)
    page = client.get(reverse("surveys:topic_supply"), {"division": world.division.pk})
    assert page.status_code == 200 and escape(research.name) in page.content.decode()


def test_the_interest_survey_cannot_be_launched_anonymously(client, world, login):
    """Its answers become each person's matching profile: an anonymous run would either
    break that promise or update nothing. The launch says so on the Mode field."""
    import datetime
    import uuid

    from django.utils import timezone

    from surveys.models import Run

    survey = survey_for(world, "interest")
    login(world.admin)
    today = timezone.localdate()
    response = client.post(reverse("surveys:run_new", args=[survey.pk]), {
        "title": "Interest 2027", "audience": "department", "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=14)).isoformat(),
        "anonymous": "anonymous", "submission_token": str(uuid.uuid4())})
    assert response.status_code == 200
    assert "so it is identified" in " ".join(response.context["form"].errors["anonymous"])
    assert not Run.objects.filter(survey=survey).exists()
