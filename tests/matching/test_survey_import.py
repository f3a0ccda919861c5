"""Bulk-loading the interest survey: preview, every bad line with its number and reason,
nothing written until clean, the same file twice changes nothing, opt-ins untouched."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from matching.forms.imports import read_survey
from matching.models import MenteeNeeds, MentorProfile
from tests.matching.survey import make_needs, topic

HEADER = ("email,offer_topics,offer_formats,capacity,open,sites,how_i_can_help,"
          "needs_topics,needs_formats,same_site\n")


@pytest.fixture
def topics(db):
    return [topic(name) for name in ("Grant writing", "Teaching", "Leadership")]


def survey_file(world, *lines: str) -> str:
    return HEADER + "".join(line + "\n" for line in lines)


def good_file(world) -> str:
    return survey_file(
        world,
        f"{world.mentor.email},Grant writing; Teaching,One-to-one; Group,3,yes,"
        f"{world.mentor.site.name},I read drafts.,,,",
        f"{world.newfaculty.email},,,,,,,Teaching; Grant writing,One-to-one,yes",
    )


def upload(client, text: str, name: str = "survey.csv"):
    from programs.models import Department

    return client.post(reverse("matching:survey_import"), {
        "department": Department.objects.get(slug="medicine").pk,
        "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


def confirm(client, response):
    payload = response.context["confirm"].initial["payload"]
    return client.post(reverse("matching:survey_import_confirm"), {"payload": payload},
                       follow=True)


def test_a_clean_file_is_previewed_then_written_once(client, world, login, topics):
    login(world.admin)
    response = upload(client, good_file(world))
    assert response.status_code == 200
    assert response.context["counts"]["offer"]["create"] == 1
    assert response.context["counts"]["needs"]["create"] == 1
    assert not MentorProfile.objects.exists()  # nothing before the confirm
    confirm(client, response)
    offer = MentorProfile.objects.get(faculty=world.mentor)
    assert offer.capacity == 3 and offer.format_codes == ["one_to_one", "group"]
    assert sorted(t.name for t in offer.topics.all()) == ["Grant writing", "Teaching"]
    assert [s.pk for s in offer.sites.all()] == [world.mentor.site.pk]
    needs = MenteeNeeds.objects.get(faculty=world.newfaculty)
    assert [t.name for t in needs.ordered_topics()] == ["Teaching", "Grant writing"]
    assert needs.same_site is True


def test_the_same_file_again_changes_nothing(client, world, login, topics):
    login(world.admin)
    confirm(client, upload(client, good_file(world)))
    first = MentorProfile.objects.get().updated_at
    again = upload(client, good_file(world))
    assert again.context["plan"].changes == []
    page = confirm(client, again)
    assert "nothing changed" in page.content.decode()
    assert MentorProfile.objects.get().updated_at == first


def test_every_bad_line_is_listed_with_its_number_and_nothing_is_written(
        client, world, login, topics):
    login(world.admin)
    text = survey_file(
        world,
        f"{world.mentor.email},Grant writing,,,,,,,,",
        "nobody@example.org,Grant writing,,,,,,,,",
        f"{world.director.email},Astrology,,11,perhaps,,,,,",
        f"{world.mentor.email},Teaching,,,,,,,,",
        f"{world.facilitator.email},,,,,,,,,",
    )
    response = upload(client, text)
    problems = {p.line: p.message for p in response.context["survey"].problems}
    assert sorted(problems) == [3, 4, 5, 6]
    assert "nobody@example.org" in problems[3]
    assert "Astrology" in problems[4] and "capacity" in problems[4] and "perhaps" in problems[4]
    assert "already on line 2" in problems[5]
    assert "nothing to load" in problems[6]
    assert "confirm" not in response.context
    assert not MentorProfile.objects.exists()


def test_a_file_with_a_broken_header_is_refused_whole(world, topics):
    with pytest.raises(Exception, match="missing email"):
        read_survey("name,offer_topics\nA,Teaching\n", world.department)


def test_an_altered_payload_writes_nothing(client, world, login, topics):
    login(world.admin)
    response = upload(client, good_file(world))
    payload = response.context["confirm"].initial["payload"]
    client.post(reverse("matching:survey_import_confirm"), {"payload": payload[:-2] + "xx"})
    assert not MentorProfile.objects.exists()


def test_an_update_keeps_the_persons_own_identity_opt_ins(client, world, login, topics):
    make_needs(world.newfaculty, "Leadership", wants_gender_concordance=True)
    login(world.admin)
    response = upload(client, good_file(world))
    assert response.context["counts"]["needs"]["update"] == 1
    confirm(client, response)
    needs = MenteeNeeds.objects.get(faculty=world.newfaculty)
    assert needs.wants_gender_concordance is True
    assert [t.name for t in needs.ordered_topics()] == ["Teaching", "Grant writing"]


def test_the_sample_file_checks_clean_apart_from_its_placeholder_people(client, world, login,
                                                                         topics):
    login(world.admin)
    sample = client.get(reverse("matching:survey_import_sample")).content.decode()
    survey = read_survey(sample, world.department)
    assert all("Nobody in the department" in p.message for p in survey.problems)
    assert len(survey.problems) == 3
