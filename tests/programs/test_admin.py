"""The Django admin for programs: accounts nobody can take over, identity nobody else reads,
requests and feedback only for those the app would show them.

The checks that apply to every admin are in tests/mentorship/test_admin_registry.py.
"""

import pytest
from django.urls import reverse

from programs.models import ChangeRequest, ExitFeedback, FacultyMember, User
from tests.admin_privacy import (
    admin_url,
    change_form_data,
    plant,
    secret,
    staff_with_every_permission,
    superuser,
)


@pytest.fixture
def planted(world):
    return plant(world)


@pytest.fixture
def root(client, db) -> User:
    user = superuser()
    client.force_login(user)
    return user


# --- accounts ---------------------------------------------------------------------------------


def test_nobody_sets_another_persons_password_in_the_admin(client, root, world):
    url = reverse("admin:auth_user_password_change", args=[world.mentee.user_id])
    before = User.objects.get(pk=world.mentee.user_id).password
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "taken-over-2026", "password2": "taken-over-2026"})
    assert response.status_code == 403
    assert User.objects.get(pk=world.mentee.user_id).password == before


def test_the_account_page_neither_shows_nor_links_to_a_password(client, root, world):
    response = client.get(admin_url(User, "change", world.mentee.user_id))
    html = response.content.decode()
    assert "password" not in response.context["adminform"].form.fields
    assert "/password/" not in html
    assert User.objects.get(pk=world.mentee.user_id).password not in html


def test_an_account_added_in_the_admin_has_no_password_anyone_knows(client, root):
    response = client.post(admin_url(User, "add"), {
        "email": "New.Person@Test.Example", "first_name": "New", "last_name": "Person"})
    assert response.status_code == 302
    user = User.objects.get(email="new.person@test.example")
    assert not user.has_usable_password()


def test_staff_who_are_not_superusers_cannot_grant_staff_or_superuser(client, world):
    staff = staff_with_every_permission()
    client.force_login(staff)
    for target in (staff, world.mentee.user):
        url = admin_url(User, "change", target.pk)
        data = change_form_data(client.get(url))
        assert "is_superuser" not in data
        client.post(url, {**data, "is_superuser": "on", "is_staff": "on"})
        target.refresh_from_db()
        assert not target.is_superuser
    assert not User.objects.get(pk=world.mentee.user_id).is_staff


def test_an_account_whose_email_a_forged_form_changes_keeps_its_email(client, root, world):
    url = admin_url(User, "change", world.mentee.user_id)
    data = change_form_data(client.get(url))
    response = client.post(url, {**data, "email": "attacker@test.example"})
    assert response.status_code == 200
    assert "cannot be changed here" in response.content.decode()
    assert User.objects.get(pk=world.mentee.user_id).email == world.mentee.user.email


# --- self-described identity -------------------------------------------------------------------


def test_self_described_identity_and_consent_are_neither_shown_nor_editable(
        client, root, planted):
    person = planted.rows[FacultyMember]
    url = admin_url(FacultyMember, "change", person.pk)
    page = client.get(url)
    fields = page.context["adminform"].form.fields
    for name in ("gender", "race_ethnicity", "demographics_consent", "demographics_consent_at"):
        assert name not in fields
    response = client.post(url, {**change_form_data(page), "gender": "typed by an admin",
                                 "demographics_consent": ""})
    assert response.status_code == 302  # the rest of the form saves
    person.refresh_from_db()
    assert (person.gender, person.demographics_consent) == (secret("gender"), True)


def test_nobody_can_list_faculty_by_gender_or_consent(client, root, planted):
    url = admin_url(FacultyMember, "changelist")
    for lookup in ("gender__startswith", "demographics_consent", "race_ethnicity__isnull"):
        assert client.get(url, {lookup: "q"}).status_code == 400, lookup


# --- change requests and exit feedback ----------------------------------------------------------


def test_a_request_for_another_mentor_is_not_in_the_admin_for_the_current_mentor(
        client, planted, world):
    mentor = world.mentor.user
    mentor.is_staff = mentor.is_superuser = True
    mentor.save()
    client.force_login(mentor)
    request = planted.rows[ChangeRequest]
    assert client.get(admin_url(ChangeRequest, "changelist")).context["cl"].result_count == 0
    assert client.get(admin_url(ChangeRequest, "change", request.pk)).status_code == 302
    # Nor can the mentor ask whether their mentee has one, from any other list.
    people = admin_url(FacultyMember, "changelist")
    assert client.get(people, {"change_requests__isnull": "False"}).status_code == 400
    assert client.get(people, {"change_requests": request.pk}).status_code == 400


def test_the_program_office_sees_a_request_exists_but_reads_it_in_the_app(client, root, planted):
    request = planted.rows[ChangeRequest]
    assert client.get(admin_url(ChangeRequest, "changelist")).context["cl"].result_count == 1
    page = client.get(admin_url(ChangeRequest, "change", request.pk))
    assert page.status_code == 200
    assert secret("reason") not in page.content.decode()
    assert client.post(admin_url(ChangeRequest, "change", request.pk), {}).status_code == 403


def test_the_program_office_reads_exit_feedback_on_its_page_and_nowhere_else(
        client, root, planted):
    feedback = planted.rows[ExitFeedback]
    changelist = client.get(admin_url(ExitFeedback, "changelist"))
    assert changelist.context["cl"].result_count == 1
    assert secret("exit-comments") not in changelist.content.decode()
    page = client.get(admin_url(ExitFeedback, "change", feedback.pk)).content.decode()
    assert secret("exit-comments") in page
    assert client.get(admin_url(ExitFeedback, "changelist"),
                      {"comments__startswith": "q"}).status_code == 400
    # Kept from before the exit questions became a survey (issue 11): read-only.
    assert client.post(admin_url(ExitFeedback, "change", feedback.pk),
                       {"helpful": "1", "comments": "rewritten"}).status_code == 403
    feedback.refresh_from_db()
    assert feedback.comments != "rewritten"


def test_exit_feedback_on_a_mentorship_the_viewer_was_part_of_is_not_in_their_admin(
        client, planted, world):
    mentor = world.mentor.user
    mentor.is_staff = mentor.is_superuser = True
    mentor.save()
    client.force_login(mentor)
    feedback = planted.rows[ExitFeedback]
    assert client.get(admin_url(ExitFeedback, "changelist")).context["cl"].result_count == 0
    response = client.get(admin_url(ExitFeedback, "change", feedback.pk))
    assert response.status_code == 302
    assert secret("exit-comments") not in client.get(response["Location"], follow=True
                                                     ).content.decode()


@pytest.mark.parametrize("model", [FacultyMember, User, "division"])
def test_it_does_not_offer_deletes_whose_confirmation_would_list_a_confidential_request(
        client, root, planted, world, model):
    if model == "division":
        model, row = type(world.division), world.division
    else:
        row = planted.rows[model]
    assert client.get(admin_url(model, "delete", row.pk)).status_code == 403
    assert model._default_manager.filter(pk=row.pk).exists()
