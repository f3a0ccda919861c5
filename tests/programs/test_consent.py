"""Each person gives, sees, changes and withdraws their own consent to record their
self-described gender and race/ethnicity (/me/privacy/). Only they see the values."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.forms.people import DemographicsForm
from programs.models import FacultyMember
from programs.selectors.roster import export_rows
from programs.services.people import (
    ConsentError,
    faculty_demographics_record,
    faculty_demographics_withdraw,
)
from tests.conftest import World

PRIVACY = reverse("programs:my_privacy")
GENDER = "Two-spirit (planted-gender-7f3a)"
RACE = "Métis and Irish (planted-race-91c2)"


def give(client, **extra):
    return client.post(PRIVACY, {"consent": "on", "gender": GENDER, "race_ethnicity": RACE,
                                 **extra})


def stored(person: FacultyMember) -> FacultyMember:
    return FacultyMember.objects.get(pk=person.pk)


def test_nothing_is_recorded_until_the_person_consents(client, world, login):
    login(world.mentee)
    page = client.get(PRIVACY).content.decode()
    assert "No consent" in page and "Nothing is recorded" in page
    response = client.post(PRIVACY, {"gender": GENDER, "race_ethnicity": RACE})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tick the consent box" in body
    assert "planted-gender-7f3a" in body and "planted-race-91c2" in body  # typed text is kept
    person = stored(world.mentee)
    assert not person.demographics_consent and person.gender == "" == person.race_ethnicity


def test_the_person_gives_consent_and_sees_what_is_recorded_and_when(client, world, login):
    login(world.mentee)
    before = timezone.now()
    response = give(client)
    assert response.status_code == 302 and response["Location"] == PRIVACY
    person = stored(world.mentee)
    assert person.demographics_consent
    assert person.gender == GENDER and person.race_ethnicity == RACE
    assert person.demographics_consent_at >= before
    page = client.get(PRIVACY).content.decode()
    assert "Consent given" in page
    assert GENDER in page and "Métis and Irish" in page
    local = timezone.localtime(person.demographics_consent_at)
    assert local.strftime("%B %Y") in page


def test_the_person_changes_an_answer_and_the_consent_date_stays(client, world, login):
    login(world.mentee)
    give(client)
    given_at = stored(world.mentee).demographics_consent_at
    give(client, gender="Woman", race_ethnicity="")
    person = stored(world.mentee)
    assert person.gender == "Woman" and person.race_ethnicity == ""
    assert person.demographics_consent_at == given_at
    assert "(not recorded)" in client.get(PRIVACY).content.decode()


def test_withdrawing_erases_the_answers_and_records_when(client, world, login):
    login(world.mentee)
    give(client)
    response = client.post(PRIVACY, {"withdraw": "1"}, follow=True)
    body = response.content.decode()
    assert "withdrawn" in body and "No consent" in body
    assert "planted-gender-7f3a" not in body and "planted-race-91c2" not in body
    person = stored(world.mentee)
    assert not person.demographics_consent
    assert person.gender == "" and person.race_ethnicity == ""
    assert person.demographics_withdrawn_at is not None
    assert person.demographics_consent_at is not None  # when it was given stays on record


def test_a_second_withdrawal_or_a_double_save_changes_nothing(client, world, login):
    login(world.mentee)
    give(client)
    give(client)
    given_at = stored(world.mentee).demographics_consent_at
    assert stored(world.mentee).demographics_consent_at == given_at
    client.post(PRIVACY, {"withdraw": "1"})
    withdrawn_at = stored(world.mentee).demographics_withdrawn_at
    client.post(PRIVACY, {"withdraw": "1"})
    assert stored(world.mentee).demographics_withdrawn_at == withdrawn_at


def test_consent_can_be_given_again_after_withdrawing(client, world, login):
    login(world.mentee)
    give(client)
    client.post(PRIVACY, {"withdraw": "1"})
    give(client, gender="Man")
    person = stored(world.mentee)
    assert person.demographics_consent and person.gender == "Man"
    assert person.demographics_withdrawn_at < person.demographics_consent_at


def test_the_own_profile_links_to_the_privacy_page_and_shows_no_values(client, world, login):
    login(world.mentee)
    give(client)
    profile = client.get(reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk}))
    body = profile.content.decode()
    assert PRIVACY in body and "recorded with your consent" in body
    assert "planted-gender-7f3a" not in body and "planted-race-91c2" not in body


@pytest.mark.parametrize("persona", [p for p in World.PERSONAS if p != "mentee"])
def test_nobody_else_sees_the_values_or_even_whether_consent_was_given(
        client, world, login, persona):
    faculty_demographics_record(person=world.mentee, gender=GENDER, race_ethnicity=RACE)
    login(world.person(persona))
    pages = [reverse("home"), PRIVACY,
             reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk}),
             reverse("programs:division_roster", kwargs={"pk": world.division.pk}),
             reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})]
    for url in pages:
        body = client.get(url).content.decode()
        assert "planted-gender-7f3a" not in body and "planted-race-91c2" not in body, url
        assert "recorded with your consent" not in body, url


def test_the_roster_export_carries_no_identity(world):
    faculty_demographics_record(person=world.mentee, gender=GENDER, race_ethnicity=RACE)
    text = "\n".join(",".join(row) for row in export_rows(world.department))
    assert "planted-gender-7f3a" not in text and "planted-race-91c2" not in text


@pytest.mark.parametrize("bad", [
    "Woman\x00", "Wo\tman", "Woman\nMan", "\u202eWoman", "\ufeffWoman", "Man\x1b[31m",
])
def test_control_and_invisible_characters_are_refused_and_the_text_kept(
        client, world, login, bad):
    login(world.mentee)
    response = give(client, gender=bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "planted-race-91c2" in body  # the other answer is kept
    assert "invisible or control characters" in body or "Null characters" in body
    assert not stored(world.mentee).demographics_consent


def test_an_answer_longer_than_its_column_is_refused_and_nothing_saved(client, world, login):
    login(world.mentee)
    response = give(client, race_ethnicity="x" * 201)
    assert response.status_code == 200
    assert "Keep this to 200 characters or fewer (it has 201)." in response.content.decode()
    assert not stored(world.mentee).demographics_consent
    assert give(client, race_ethnicity="x" * 200).status_code == 302


def test_joiners_and_right_to_left_scripts_are_kept():
    form = DemographicsForm({"consent": "on", "gender": "زن",
                             "race_ethnicity": "ایرانی\u200cتبار 👩\u200d👩\u200d👧"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["race_ethnicity"] == "ایرانی\u200cتبار 👩\u200d👩\u200d👧"


def test_the_service_refuses_what_the_form_would(world):
    with pytest.raises(ConsentError) as error:
        faculty_demographics_record(person=world.mentee, gender="a\x00b", race_ethnicity="")
    assert error.value.code == "invalid"
    with pytest.raises(ConsentError):
        faculty_demographics_record(person=world.mentee, gender="", race_ethnicity="x" * 201)
    assert not stored(world.mentee).demographics_consent


def test_withdrawing_without_consent_records_nothing(world):
    faculty_demographics_withdraw(person=world.mentee)
    assert stored(world.mentee).demographics_withdrawn_at is None


def test_a_user_without_a_faculty_record_gets_404(client, db):
    from tests.programs.factories import PASSWORD, UserFactory

    user = UserFactory()
    client.login(email=user.email, password=PASSWORD)
    assert client.get(PRIVACY).status_code == 404


TRICKY = st.one_of(st.characters(), st.sampled_from(
    ["\x00", "\ud800", "\udfff", "\u202e", "\u2067", "\u200d", "\u200c", "\ufeff", "\t",
     "\n", "\r", "é", "\u0301", "ש", "ع"]))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gender=st.text(TRICKY, max_size=300), race=st.text(TRICKY, max_size=300))
def test_any_text_is_either_saved_as_typed_or_refused_with_nothing_written(world, gender, race):
    """Whatever arrives (NUL, surrogates, joiners, right-to-left text, huge strings), the
    form and the service agree: valid input is stored, anything else writes nothing."""
    FacultyMember.objects.filter(pk=world.mentee.pk).update(
        demographics_consent=False, gender="", race_ethnicity="", demographics_consent_at=None)
    form = DemographicsForm({"consent": "on", "gender": gender, "race_ethnicity": race})
    if form.is_valid():
        faculty_demographics_record(person=world.mentee, gender=form.cleaned_data["gender"],
                                    race_ethnicity=form.cleaned_data["race_ethnicity"])
        person = stored(world.mentee)
        assert person.gender == form.cleaned_data["gender"]
        assert person.race_ethnicity == form.cleaned_data["race_ethnicity"]
        assert len(person.gender) <= 100 and len(person.race_ethnicity) <= 200
    else:
        assert all(str(message) for messages in form.errors.values() for message in messages)
        assert not stored(world.mentee).demographics_consent

