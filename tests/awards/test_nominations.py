"""Nominating with letters: PDF checked by content and size, stored privately, served only
to the committee and the program admins; a double submission stores nothing twice."""

from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from awards.letters import LetterError, check_letter
from awards.models import LETTER_MAX_BYTES, Nomination, NominationLetter
from awards.services import AwardError
from awards.services.nominations import nomination_submit, nomination_withdraw
from tests.awards.factories import (
    cycle_for,
    departmental,
    nominate,
    pdf_bytes,
    png_bytes,
    upload,
)
from tests.programs.factories import MentorshipFactory


def nomination_post(world, cycle, token: str, **extra) -> dict:
    return {"award": departmental(cycle).pk, "nominee": world.mentor.pk,
            "statement": "She made time every month, and opened doors for me.",
            "submission_token": token, **extra}


def token_of(client, cycle) -> str:
    page = client.get(reverse("awards:nominate", args=[cycle.pk]))
    return page.context["form"]["submission_token"].value()


# --- What a letter is ---------------------------------------------------------------------


def test_a_real_pdf_is_accepted_with_its_page_count():
    assert check_letter(upload(pdf_bytes(pages=3))) == 3


def test_a_png_renamed_pdf_is_refused_and_named_for_what_it_is():
    with pytest.raises(LetterError) as error:
        check_letter(upload(png_bytes(), "letter.pdf"))
    assert error.value.code == "not_pdf"
    assert "is a PNG image, not a PDF" in error.value.message


def test_a_file_over_5_mb_is_refused_with_its_size():
    big = pdf_bytes() + b"%" * (LETTER_MAX_BYTES + 1)
    with pytest.raises(LetterError) as error:
        check_letter(upload(big))
    assert error.value.code == "too_large"
    assert "at most 5.0 MB" in error.value.message


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    with pytest.raises(LetterError) as error:
        check_letter(upload(b"%PDF-1.7\n" + b"garbage" * 50))
    assert error.value.code == "unreadable"


def pdf_with_open_action(action) -> bytes:
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = action(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_that_runs_a_script_when_opened_is_refused():
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    script = pdf_with_open_action(lambda writer: DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('hello');")}))
    with pytest.raises(LetterError) as error:
        check_letter(upload(script))
    assert error.value.code == "scripted"


def test_a_pdf_that_opens_at_its_first_page_is_fine():
    from pypdf.generic import ArrayObject, NameObject

    fit = pdf_with_open_action(lambda writer: ArrayObject([
        writer.pages[0].indirect_reference, NameObject("/Fit")]))
    assert check_letter(upload(fit)) == 1


# --- Nominating through the page -----------------------------------------------------------


def test_a_mentee_nominates_their_mentor_with_a_letter_stored_outside_the_static_files(
        client, world, login):
    cycle = cycle_for(world)
    login(world.mentee)
    data = nomination_post(world, cycle, token_of(client, cycle),
                           letter_1=upload(pdf_bytes(pages=2), "Letter from Dr Chen.pdf"))
    response = client.post(reverse("awards:nominate", args=[cycle.pk]), data)
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert (nomination.nominee, nomination.nominator) == (world.mentor, world.mentee)
    letter = nomination.letters.get()
    assert (letter.pages, letter.original_name) == (2, "Letter from Dr Chen.pdf")
    stored = Path(letter.file.path)
    assert stored.is_file() and Path(settings.PRIVATE_MEDIA_ROOT) in stored.parents
    assert Path(settings.STATIC_ROOT) not in stored.parents
    assert "Chen" not in letter.file.name  # the stored name is random
    with pytest.raises(ValueError, match="no URL"):
        letter.file.storage.url(letter.file.name)


def test_a_png_renamed_pdf_comes_back_with_the_statement_kept(client, world, login):
    cycle = cycle_for(world)
    login(world.mentee)
    data = nomination_post(world, cycle, token_of(client, cycle),
                           letter_1=upload(png_bytes(), "letter.pdf"))
    response = client.post(reverse("awards:nominate", args=[cycle.pk]), data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "is a PNG image, not a PDF" in html
    assert "opened doors for me" in html
    assert "choose the letters again" in html
    assert not Nomination.objects.exists() and not NominationLetter.objects.exists()


def test_an_oversize_letter_is_refused_before_anything_is_written(client, world, login):
    cycle = cycle_for(world)
    login(world.mentee)
    big = pdf_bytes() + b"%" * LETTER_MAX_BYTES
    before = set(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*"))
    response = client.post(reverse("awards:nominate", args=[cycle.pk]), nomination_post(
        world, cycle, token_of(client, cycle), letter_1=upload(big)))
    assert response.status_code == 200
    assert "a letter may be at most 5.0 MB" in unescape(response.content.decode())
    assert not Nomination.objects.exists()
    assert set(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")) == before


def test_a_double_submitted_nomination_is_stored_once_with_its_letter_once(
        client, world, login):
    cycle = cycle_for(world)
    login(world.mentee)
    token = token_of(client, cycle)
    url = reverse("awards:nominate", args=[cycle.pk])
    for _ in range(2):
        response = client.post(url, nomination_post(world, cycle, token,
                                                    letter_1=upload(pdf_bytes())))
        assert response.status_code == 302
    assert Nomination.objects.count() == 1
    assert NominationLetter.objects.count() == 1


def test_nominating_the_same_mentor_again_says_so_and_keeps_nothing_twice(world):
    cycle = cycle_for(world)
    nominate(cycle, world.mentor, world.mentee)
    with pytest.raises(AwardError) as error:
        nomination_submit(award=departmental(cycle), nominator=world.mentee,
                          nominee=world.mentor, statement="Again", submission_token=
                          "00000000-0000-4000-8000-000000000001")
    assert error.value.code == "already_nominated"


def test_an_ineligible_nomination_is_refused_by_the_service_too(world):
    cycle = cycle_for(world)
    with pytest.raises(AwardError) as error:
        nomination_submit(award=departmental(cycle), nominator=world.mentee,
                          nominee=world.outsider, statement="Great",
                          submission_token="00000000-0000-4000-8000-000000000002")
    assert "is not an active mentor" in error.value.message


def test_the_nomination_page_is_closed_outside_the_window(client, world, login):
    cycle = cycle_for(world, "scoring")
    login(world.mentee)
    response = client.get(reverse("awards:nominate", args=[cycle.pk]))
    assert response.status_code == 403
    assert "are accepted from" in unescape(response.content.decode())


def test_a_withdrawn_nomination_takes_its_letter_file_with_it(
        world, django_capture_on_commit_callbacks):
    cycle = cycle_for(world)
    with django_capture_on_commit_callbacks(execute=True):
        nomination, _ = nomination_submit(
            award=departmental(cycle), nominator=world.mentee, nominee=world.mentor,
            statement="Great", letters=[upload(pdf_bytes())],
            submission_token="00000000-0000-4000-8000-000000000003")
    path = Path(nomination.letters.get().file.path)
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_withdraw(nomination=nomination, by=world.mentee)
    assert not Nomination.objects.exists() and not path.exists()


# --- Who gets a letter -----------------------------------------------------------------------


@pytest.fixture
def letter(world):
    """The mentee's nomination of the mentor, with one letter, in a scoring cycle whose
    committee is the facilitator and the director (the director also mentors the mentee's
    colleague, which is no conflict here)."""
    cycle = cycle_for(world, "scoring", committee=("facilitator", "director"))
    nomination = nominate(cycle, world.mentor, world.mentee)
    item = NominationLetter(nomination=nomination, original_name="letter.pdf",
                            size=len(pdf_bytes()), pages=1)
    item.file.save("letter.pdf", upload(pdf_bytes()), save=True)
    return item


@pytest.mark.parametrize(("persona", "status"), [
    ("facilitator", 200), ("director", 200), ("admin", 200),
    ("mentor", 404),  # the nominee, never
    ("mentee", 404),  # the nominator uploaded it and does not read it back here
    ("newfaculty", 404), ("otherdirector", 404), ("vicechair", 404), ("outsider", 404),
])
def test_letters_are_404_to_everyone_but_the_committee_and_program_admins(
        client, world, login, letter, persona, status):
    login(world.person(persona))
    response = client.get(reverse("awards:letter", args=[letter.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_committee_member_does_not_get_the_letter_of_their_own_mentees_nomination(
        client, world, login, letter):
    MentorshipFactory(mentee=world.mentor, mentor=world.facilitator,
                      kind="informal")  # the nominee is now the facilitator's mentee
    login(world.facilitator)
    assert client.get(reverse("awards:letter", args=[letter.pk])).status_code == 404


def test_the_nominee_does_not_read_their_nomination_even_as_program_admin(client, world, login):
    from programs.models import LeadershipRole
    from tests.programs.factories import RoleFactory

    cycle = cycle_for(world, "scoring")
    nomination = nominate(cycle, world.mentor, world.mentee)
    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.PROGRAM_ADMIN)
    login(world.mentor)
    assert client.get(reverse("awards:nomination_detail",
                              args=[nomination.pk])).status_code == 404


def test_a_superuser_who_is_also_faculty_reads_every_nomination_but_one_about_them(
        client, world, login):
    cycle = cycle_for(world, "scoring")
    of_mentor = nominate(cycle, world.mentor, world.mentee)
    about_admin = nominate(cycle, world.admin, world.outsider)
    world.admin.user.is_superuser = True
    world.admin.user.save()
    from programs.models import LeadershipRole

    LeadershipRole.objects.filter(person=world.admin).delete()  # superuser alone
    login(world.admin)
    assert client.get(reverse("awards:nomination_detail", args=[of_mentor.pk])).status_code == 200
    assert client.get(reverse("awards:nomination_detail",
                              args=[about_admin.pk])).status_code == 404


def test_a_letter_whose_file_is_gone_is_404_and_logged_not_a_500(
        client, world, login, letter, caplog):
    Path(letter.file.path).unlink()
    login(world.facilitator)
    assert client.get(reverse("awards:letter", args=[letter.pk])).status_code == 404
    assert "is missing from PRIVATE_MEDIA_ROOT" in caplog.text
