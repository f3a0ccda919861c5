"""Breadcrumbs: every page below home says where it is and how to get back, starting at Home.

The pages of the plans and meetings (templates/programs/plans/, templates/checkins/) have
theirs in their own tests; the browser crawl (tests/e2e/test_accessibility.py) checks
every page each persona reaches.
"""

import datetime

import pytest
from django.urls import reverse

from programs.models import ChangeRequest, MentorshipAgreement, RosterImport
from tests.markup import breadcrumbs
from tests.programs.test_permissions import roster_import_record


def trail(client, url: str) -> list[tuple[str, str | None]]:
    """The breadcrumb as (text, link); the last step, the current page, has no link."""
    response = client.get(url)
    assert response.status_code in (200, 403, 404), (url, response.status_code)
    items = breadcrumbs(response.content.decode())
    assert items, f"{url}: no breadcrumb"
    assert items[-1].current and items[-1].href is None, f"{url}: last step not current"
    assert not any(item.current for item in items[:-1]), f"{url}: two current steps"
    return [(item.text, item.href) for item in items]


def change_request(world) -> ChangeRequest:
    request = ChangeRequest.objects.create(mentee=world.mentee, division=world.division,
                                           kind="additional", reason="Research")
    ChangeRequest.objects.filter(pk=request.pk).update(  # created_at is set on save
        created_at=datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC))
    return request


HOME = ("Home", "/")


def test_a_division_roster_says_which_division(client, world, login):
    login(world.director)
    assert trail(client, reverse("programs:division_roster", args=[world.division.pk])) == [
        HOME, ("General Internal Medicine roster", None)]


def test_a_profile_goes_back_through_the_roster_for_those_who_read_it(client, world, login):
    login(world.director)
    roster = reverse("programs:division_roster", args=[world.division.pk])
    assert trail(client, reverse("programs:faculty_detail", args=[world.mentee.pk])) == [
        HOME, ("General Internal Medicine roster", roster), ("Mentee Tester", None)]


def test_a_mentor_reading_a_mentees_profile_has_no_roster_to_go_back_to(client, world, login):
    login(world.mentor)
    assert trail(client, reverse("programs:faculty_detail", args=[world.mentee.pk])) == [
        HOME, ("Mentee Tester", None)]


def test_ones_own_profile_is_my_profile_and_privacy_sits_below_it(client, world, login):
    login(world.mentee)
    profile = reverse("programs:faculty_detail", args=[world.mentee.pk])
    assert trail(client, profile) == [HOME, ("My profile", None)]
    assert trail(client, reverse("programs:my_privacy")) == [
        HOME, ("My profile", profile), ("My privacy", None)]


def test_the_agreement_sits_below_its_mentorship(client, world, login):
    MentorshipAgreement.objects.create(
        mentorship=world.mentorship, goals="g", meeting_plan="m", confidentiality="c",
        roles="r", raising_concerns="p", no_fault_ending="n",
        review_date=datetime.date.today() + datetime.timedelta(days=300))
    login(world.mentor)
    assert trail(client, reverse("programs:agreement", args=[world.mentorship.pk])) == [
        HOME, ("Mentorship: Mentee Tester",
               reverse("checkins:mentorship_detail", args=[world.mentorship.pk])),
        ("Agreement", None)]


def test_guideline_pages_sit_below_the_guidelines(client, world, login):
    login(world.admin)
    guidelines = reverse("programs:guidelines")
    detail = reverse("programs:guideline_detail", args=["definitions"])
    assert trail(client, guidelines) == [HOME, ("Guidelines", None)]
    title = trail(client, detail)[-1][0]
    assert trail(client, detail) == [HOME, ("Guidelines", guidelines), (title, None)]
    assert trail(client, reverse("programs:guideline_edit", args=["definitions"])) == [
        HOME, ("Guidelines", guidelines), (title, detail), ("Edit", None)]


def test_the_guideline_page_has_one_breadcrumb_not_two(client, world, login):
    login(world.mentee)
    html = client.get(reverse("programs:guideline_detail", args=["definitions"])).content
    assert html.decode().count('class="breadcrumb"') == 1


def test_a_mentee_reaches_a_request_from_their_own_list(client, world, login):
    request = change_request(world)
    login(world.mentee)
    mine = reverse("programs:my_change_requests")
    assert trail(client, mine) == [HOME, ("My requests", None)]
    assert trail(client, reverse("programs:change_request_new")) == [
        HOME, ("My requests", mine), ("New request", None)]
    assert trail(client, reverse("programs:change_request_detail", args=[request.pk])) == [
        HOME, ("My requests", mine), ("Request of 4 Mar 2026", None)]


def test_a_facilitator_reaches_a_request_from_the_change_requests(client, world, login):
    request = change_request(world)
    login(world.facilitator)
    requests = reverse("programs:change_requests")
    assert trail(client, requests) == [HOME, ("Change requests", None)]
    assert trail(client, reverse("programs:change_request_detail", args=[request.pk])) == [
        HOME, ("Change requests", requests), ("Request from Mentee Tester", None)]


def test_an_import_preview_sits_below_the_import_page(client, world, login):
    record = roster_import_record(world)
    login(world.admin)
    upload = reverse("programs:roster_import")
    assert trail(client, upload) == [HOME, ("Import roster", None)]
    assert trail(client, reverse("programs:roster_import_preview", args=[record.pk])) == [
        HOME, ("Import roster", upload), (record.filename, None)]
    assert RosterImport.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(("name", "title"), [
    ("account_change_password", "Change Password"),
    ("account_logout", "Sign Out"),
    ("socialaccount_connections", "Account Connections"),
    ("account_reset_password", "Password Reset"),
])
def test_the_account_pages_name_themselves(client, world, login, name, title):
    login(world.mentee)
    assert trail(client, reverse(name)) == [HOME, (title, None)]


def test_a_page_not_found_says_so_in_the_breadcrumb(client, world, login):
    login(world.mentee)
    assert trail(client, reverse("programs:faculty_detail", args=[world.outsider.pk])) == [
        HOME, ("Page not found", None)]


def test_signed_out_visitors_see_no_breadcrumb(client, db):
    assert breadcrumbs(client.get(reverse("account_login")).content.decode()) == []
