"""Mentorship agreements: the two members write and acknowledge; leaders see flags only."""

from django.urls import reverse

from programs.models import AgreementTemplate, MentorshipAgreement
from programs.selectors_plans import agreement_flags
from programs.services_agreements import agreement_initial


def agreement_url(world) -> str:
    return reverse("programs:agreement", kwargs={"pk": world.mentorship.pk})


def ack_url(world) -> str:
    return reverse("programs:agreement_acknowledge", kwargs={"pk": world.mentorship.pk})


def form_data(world, **changes) -> dict:
    data = agreement_initial(mentorship=world.mentorship)
    data["review_date"] = data["review_date"].isoformat()
    return {**data, **changes}


def test_a_new_agreement_starts_from_the_department_template(client, world, login):
    AgreementTemplate.objects.create(department=world.department, goals="Our department goals")
    login(world.mentee)
    page = client.get(agreement_url(world)).content.decode()
    assert "Our department goals" in page
    assert "without fault" in page  # the built-in default for the other sections


def test_both_acknowledge_and_an_edit_clears_acknowledgements(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))
    client.post(ack_url(world))
    login(world.mentor)
    client.post(ack_url(world))
    agreement = MentorshipAgreement.objects.get(mentorship=world.mentorship)
    assert agreement.is_acknowledged
    assert agreement_flags([world.mentorship.pk])[world.mentorship.pk] == {
        "exists": True, "acknowledged": True}
    client.post(agreement_url(world), form_data(world, goals="Grant by September"))
    agreement.refresh_from_db()
    assert agreement.goals == "Grant by September"
    assert agreement.mentee_acknowledged_at is None and agreement.mentor_acknowledged_at is None


def test_saving_unchanged_content_keeps_acknowledgements(client, world, login):
    login(world.mentee)
    data = form_data(world)
    client.post(agreement_url(world), data)
    client.post(ack_url(world))
    client.post(agreement_url(world), data)
    assert MentorshipAgreement.objects.get().mentee_acknowledged_at is not None
    assert MentorshipAgreement.objects.count() == 1


def test_a_bad_form_keeps_what_was_typed(client, world, login):
    login(world.mentee)
    response = client.post(agreement_url(world), form_data(world, goals="Typed goal",
                                                            review_date="not a date"))
    assert response.status_code == 200
    assert "Typed goal" in response.content.decode()
    assert not MentorshipAgreement.objects.exists()


def test_leaders_never_see_the_content(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Secret goal"))
    for persona in ("director", "facilitator", "vicechair", "admin", "outsider"):
        login(world.person(persona))
        assert client.get(agreement_url(world)).status_code == 404, persona


def test_flags_for_a_mentorship_without_agreement(world):
    assert agreement_flags([world.mentorship.pk]) == {
        world.mentorship.pk: {"exists": False, "acknowledged": False}}
