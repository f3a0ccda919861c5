"""Mentorship agreements: the two members write and acknowledge; leaders see flags only."""

import datetime

import pytest
from django.urls import reverse

from programs.models import AgreementTemplate, MentorshipAgreement, Notification
from programs.selectors.agreements import agreement_flags
from programs.services.agreements import (
    AgreementError,
    agreement_acknowledge,
    agreement_initial,
    agreement_save,
)


def agreement_url(world) -> str:
    return reverse("programs:agreement", kwargs={"pk": world.mentorship.pk})


def ack_url(world) -> str:
    return reverse("programs:agreement_acknowledge", kwargs={"pk": world.mentorship.pk})


def acknowledge(client, world):
    """Click "I acknowledge" on the page as it is now, with the version it shows."""
    version = MentorshipAgreement.objects.get(mentorship=world.mentorship).content_version
    return client.post(ack_url(world), {"version": version})


def form_data(world, **changes) -> dict:
    """The edit form as a page opened now would post it (with the version it was read at),
    with the goals the mentee writes (they start empty)."""
    data = agreement_initial(mentorship=world.mentorship)
    data["review_date"] = data["review_date"].isoformat()
    current = MentorshipAgreement.objects.filter(mentorship=world.mentorship).first()
    data["based_on"] = current.content_version if current else ""
    return {**data, "goals": "Submit a first grant", **changes}


def test_a_new_agreement_starts_from_the_department_template(client, world, login):
    AgreementTemplate.objects.create(department=world.department, goals="Our department goals")
    login(world.mentee)
    page = client.get(agreement_url(world)).content.decode()
    assert "Our department goals" in page
    assert "without fault" in page  # the built-in default for the other sections


def test_both_acknowledge_and_an_edit_clears_acknowledgements(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))
    acknowledge(client, world)
    login(world.mentor)
    acknowledge(client, world)
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
    acknowledge(client, world)
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


def test_the_acknowledge_button_carries_the_version_of_the_text_shown(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))
    agreement = MentorshipAgreement.objects.get()
    page = client.get(agreement_url(world)).content.decode()
    assert f'name="version" value="{agreement.content_version}"' in page


def test_acknowledging_text_edited_meanwhile_is_refused(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))
    login(world.mentor)
    seen = MentorshipAgreement.objects.get().content_version  # the mentor's open page
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Two grants by May"))
    login(world.mentor)
    response = client.post(ack_url(world), {"version": seen}, follow=True)
    agreement = MentorshipAgreement.objects.get()
    assert agreement.mentor_acknowledged_at is None
    page = response.content.decode()
    assert "The agreement was changed since you opened it" in page
    assert "Two grants by May" in page  # the current text, to read before acknowledging
    acknowledge(client, world)
    agreement.refresh_from_db()
    assert agreement.mentor_acknowledged_at is not None


def test_acknowledging_without_a_version_is_refused(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world))
    assert client.post(ack_url(world)).status_code == 302
    assert MentorshipAgreement.objects.get().mentee_acknowledged_at is None


def _end_mentorship(world) -> None:
    world.mentorship.end_date = datetime.date.today()
    world.mentorship.end_reason = "completed"
    world.mentorship.save()


def test_an_ended_mentorship_agreement_can_no_longer_be_acknowledged(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))
    _end_mentorship(world)
    response = acknowledge(client, world)
    assert response.status_code == 302
    assert MentorshipAgreement.objects.get().mentee_acknowledged_at is None
    page = client.get(agreement_url(world)).content.decode()
    assert "This mentorship has ended" in page and "Grant by June" in page
    assert "I acknowledge this agreement" not in page


def test_an_ended_mentorship_agreement_can_no_longer_be_edited(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))
    _end_mentorship(world)
    response = client.post(agreement_url(world), form_data(world, goals="Rewritten later"))
    assert response.status_code == 302
    assert MentorshipAgreement.objects.get().goals == "Grant by June"


def test_the_services_refuse_an_ended_mentorship(world):
    agreement = agreement_save(mentorship=world.mentorship, by=world.mentee.user,
                               data=agreement_initial(mentorship=world.mentorship))
    _end_mentorship(world)
    with pytest.raises(AgreementError) as error:
        agreement_acknowledge(agreement=agreement, member=world.mentee,
                              version=agreement.content_version)
    assert error.value.code == "ended"
    with pytest.raises(AgreementError) as error:
        agreement_save(mentorship=world.mentorship, by=world.mentee.user,
                       data={"goals": "Changed"})
    assert error.value.code == "ended"


def test_the_goals_start_empty_with_the_templates_guidance_as_a_placeholder(
        client, world, login):
    AgreementTemplate.objects.create(department=world.department,
                                     goals="Say what you want from the next year")
    assert agreement_initial(mentorship=world.mentorship)["goals"] == ""
    login(world.mentee)
    page = client.get(agreement_url(world)).content.decode()
    assert 'placeholder="Say what you want from the next year"' in page
    assert ">Say what you want from the next year</textarea>" not in page


def agreement_emails(to) -> list[Notification]:
    return list(Notification.objects.filter(recipient=to.user.email,
                                            key__startswith="agreement-changed:"))


def test_the_other_member_is_emailed_once_for_each_version_to_acknowledge(client, world, login):
    login(world.mentee)
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))
    (first,) = agreement_emails(world.mentor)
    assert first.subject == "Your mentorship agreement needs your acknowledgement"
    assert "Mentee Tester wrote your mentorship agreement" in first.body
    assert "Grant by June" not in first.body  # the content stays on the page
    assert agreement_emails(world.mentee) == []
    client.post(agreement_url(world), form_data(world, goals="Grant by June"))  # no change
    assert len(agreement_emails(world.mentor)) == 1
    login(world.mentor)
    client.post(agreement_url(world), form_data(world, goals="Grant by July"))
    (to_mentee,) = agreement_emails(world.mentee)
    assert "Mentor Tester changed your mentorship agreement" in to_mentee.body
