"""The interest survey: saving an offer and needs, who reads needs and the identity
opt-ins, the directory's filters, and the home-page prompts."""

import datetime

from django.urls import reverse

from matching.models import MenteeNeeds, MentorProfile
from programs.access import viewer_for
from programs.attention import Role, providers
from programs.models import Mentorship, Site, Topic
from tests.matching.survey import ask, make_needs, make_offer, topic


def items_for(person):
    viewer = viewer_for(person.user)
    return [item for provider in providers()
            for item in provider(viewer, datetime.date.today())]


def test_the_offer_form_saves_and_saving_again_keeps_one_offer(client, world, login):
    grant, teaching = topic("Grant writing"), topic("Teaching")
    login(world.mentor)
    data = {"topics": [grant.pk, teaching.pk], "formats": ["one_to_one", "peer"],
            "capacity": 4, "is_open": "on", "sites": [world.mentor.site.pk],
            "how_i_can_help": "Grants."}
    assert client.post(reverse("matching:offer"), data).status_code == 302
    assert client.post(reverse("matching:offer"), data).status_code == 302
    offer = MentorProfile.objects.get()
    assert offer.format_codes == ["one_to_one", "peer"] and offer.capacity == 4
    assert {t.name for t in offer.topics.all()} == {"Grant writing", "Teaching"}


def test_the_needs_form_keeps_the_order_and_refuses_a_topic_twice(client, world, login):
    grant, teaching = topic("Grant writing"), topic("Teaching")
    login(world.newfaculty)
    twice = client.post(reverse("matching:needs"), {
        "topic_1": grant.pk, "topic_2": grant.pk, "formats": ["one_to_one"]})
    assert twice.status_code == 200 and "already higher" in twice.content.decode()
    assert twice.context["form"]["topic_1"].value() == str(grant.pk)  # kept as typed
    assert not MenteeNeeds.objects.exists()
    client.post(reverse("matching:needs"), {"topic_1": teaching.pk, "topic_2": grant.pk,
                                            "formats": ["one_to_one"],
                                            "wants_identity_concordance": "on"})
    needs = MenteeNeeds.objects.get()
    assert [t.name for t in needs.ordered_topics()] == ["Teaching", "Grant writing"]
    assert needs.wants_identity_concordance is True


def test_the_opt_ins_are_shown_to_facilitators_and_admins_not_to_the_director(
        client, world, login):
    make_needs(world.newfaculty, "Teaching", wants_gender_concordance=True)
    url = reverse("matching:person_needs", args=[world.newfaculty.pk])
    for persona, sees in (("newfaculty", True), ("facilitator", True), ("admin", True),
                          ("director", False)):
        login(world.person(persona))
        response = client.get(url)
        assert response.status_code == 200
        assert (b'data-testid="optins"' in response.content) is sees, persona
        assert b"Teaching" in response.content


def test_the_directory_never_shows_needs_or_identity(client, world, login):
    world.mentor.demographics_consent = True
    world.mentor.gender = "Nonbinary-secret"
    world.mentor.save()
    make_offer(world.mentor, "Grant writing", how="Ask me about grants")
    make_needs(world.mentor, "Secret topic need")
    Topic.objects.filter(name="Secret topic need").update(is_active=False)  # not a filter
    login(world.outsider)
    html = client.get(reverse("matching:directory")).content.decode()
    assert "Ask me about grants" in html
    assert "Nonbinary-secret" not in html
    assert "Secret topic need" not in html


def test_the_directory_filters(client, world, login):
    site = Site.objects.create(name="Riverside Clinic", short_name="RC")
    make_offer(world.mentor, "Grant writing", formats="one_to_one,group", capacity=1)
    other = make_offer(world.facilitator, "Teaching", formats="peer")
    other.sites.add(site)
    login(world.newfaculty)

    def names(**query):
        page = client.get(reverse("matching:directory"), query)
        return {card.faculty.pk for card in page.context["cards"]}

    everyone = {world.mentor.pk, world.facilitator.pk}
    assert names() == everyone
    assert names(topic=topic("Teaching").pk) == {world.facilitator.pk}
    assert names(format="group") == {world.mentor.pk}
    assert names(site=site.pk) == {world.facilitator.pk}
    # mentor@ already mentors mentee@: their one place is taken.
    assert names(open="yes") == {world.facilitator.pk}
    assert names(q="facilitator") == {world.facilitator.pk}
    # Hostile query strings are refused in words, never a server error.
    assert client.get(reverse("matching:directory"), {"q": "\x00" * 5,
                                                       "topic": "x"}).status_code == 200


def test_the_directory_marks_a_mentor_trained(client, world, login):
    from programs.models import EventRegistration
    from tests.programs.factories import DevelopmentEventFactory

    make_offer(world.mentor, "Grant writing")
    event = DevelopmentEventFactory(kind="mentor_workshop", department=world.department)
    EventRegistration.objects.create(event=event, person=world.mentor, attended=True)
    login(world.newfaculty)
    assert "Mentor trained" in client.get(reverse("matching:directory")).content.decode()


def test_home_prompts_the_newcomer_for_needs_and_the_senior_for_an_offer(world):
    newcomer = [item.text for item in items_for(world.newfaculty)]
    senior = [item.text for item in items_for(world.director)]
    assert "Tell us what you are looking for in a mentor" in newcomer
    assert not any("offer as a mentor" in text for text in newcomer)
    assert any("offer as a mentor" in text for text in senior)
    # The director mentors nobody: the prompt is about their profile, not "As a mentor".
    (offer,) = [item for item in items_for(world.director) if "offer as a mentor" in item.text]
    assert offer.role == Role.PROFILE
    make_needs(world.newfaculty, "Teaching")
    make_offer(world.director, "Teaching")
    assert "Tell us what you are looking for in a mentor" not in [
        item.text for item in items_for(world.newfaculty)]
    assert not any("offer as a mentor" in item.text for item in items_for(world.director))


def test_home_shows_the_mentor_the_requests_waiting(world):
    make_offer(world.mentor, "Teaching", capacity=5)
    ask(world.newfaculty, world.mentor)
    ask(world.outsider, world.mentor)
    waiting = [item for item in items_for(world.mentor) if "introduction" in item.text]
    assert len(waiting) == 1 and waiting[0].count == 2
    assert waiting[0].url == reverse("matching:introductions")
    assert Mentorship.objects.count() == 1
