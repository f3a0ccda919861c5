"""The annual review: the screen, recording, reading; the Vice-Chair check-in; follow-ups;
relationship health."""

import datetime
import uuid

from django.urls import reverse

from checkins.models import AnnualReview, ReviewFollowUp, ViceChairCheckin
from checkins.selectors.reviews import progress, review_rows
from programs.access import viewer_for
from programs.models import ChangeRequest
from tests.checkins.factories import MeetingFactory, review_of

TODAY = datetime.date.today()


def review_post(world, **overrides) -> dict:
    data = {"held_on": TODAY.isoformat(), "effective": "partly", "quality": "3",
            "support_needed": "Protected research time", "issues_raised": "",
            "follow_up_1_text": "Book the grant-writing workshop",
            "follow_up_1_owner": str(world.mentee.pk),
            "follow_up_1_due": (TODAY + datetime.timedelta(days=30)).isoformat(),
            "submission_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def test_the_director_records_a_review_the_mentee_reads_it_and_the_mentor_never(
        client, world, login):
    login(world.director)
    data = review_post(world)
    response = client.post(reverse("checkins:review_new", args=[world.mentee.pk]), data)
    review = AnnualReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("checkins:review_detail", args=[review.pk])
    assert review.reviewer == world.director and review.division == world.division
    assert review.follow_ups.get().owner == world.mentee
    # The same form sent again records nothing more.
    assert client.post(reverse("checkins:review_new", args=[world.mentee.pk]),
                       data).status_code == 302
    assert AnnualReview.objects.count() == 1
    login(world.mentee)
    page = client.get(reverse("checkins:review_detail", args=[review.pk]))
    assert b"Protected research time" in page.content
    assert b"Book the grant-writing workshop" in page.content
    assert reverse("checkins:review_detail", args=[review.pk]).encode() in client.get(
        reverse("checkins:my_reviews")).content
    login(world.mentor)
    assert client.get(reverse("checkins:review_detail", args=[review.pk])).status_code == 404
    login(world.otherdirector)
    assert client.get(reverse("checkins:review_detail", args=[review.pk])).status_code == 404


def test_a_second_review_in_the_same_year_is_refused_and_the_entries_are_kept(
        client, world, login):
    review_of(world)
    login(world.director)
    response = client.post(reverse("checkins:review_new", args=[world.mentee.pk]),
                           review_post(world, support_needed="Something new"))
    assert response.status_code == 200
    assert b"already reviewed this program year" in response.content
    assert b"Something new" in response.content
    assert AnnualReview.objects.count() == 1


def test_a_follow_up_needs_an_owner_and_a_date_and_never_goes_to_the_mentor(
        client, world, login):
    login(world.director)
    url = reverse("checkins:review_new", args=[world.mentee.pk])
    response = client.post(url, review_post(world, follow_up_1_owner="", follow_up_1_due=""))
    assert b"Say who owns follow-up 1." in response.content
    assert b"Give follow-up 1 a due date." in response.content
    # The mentor is not offered, and a forged choice is refused.
    response = client.post(url, review_post(world, follow_up_1_owner=str(world.mentor.pk)))
    assert response.status_code == 200 and not AnnualReview.objects.exists()


def test_the_screen_shows_counts_flags_and_the_progress_line(client, world, login):
    MeetingFactory(mentorship=world.mentorship, held_on=TODAY - datetime.timedelta(days=300))
    ChangeRequest.objects.create(mentee=world.mentee, division=world.division,
                                 kind="additional", reason="a private reason",
                                 audience=ChangeRequest.Audience.FACILITATORS_ONLY)
    login(world.director)
    rows = {row.person.pk: row for row in review_rows(world.division,
                                                      viewer_for(world.director.user))}
    mentee = rows[world.mentee.pk]
    assert mentee.has_formal_mentor and mentee.needs_review
    assert "No meeting in 6 months" in mentee.flags
    # Kept from the Division Director by the mentee: not even counted for them.
    assert mentee.open_requests == 0
    assert "New and unmatched" in rows[world.newfaculty.pk].flags
    page = client.get(reverse("checkins:review_screen", args=[world.division.pk]),
                      {"show": "needs"})
    assert b"a private reason" not in page.content
    reviewed, owed = progress(list(rows.values()))
    assert reviewed == 0 and f"0 of {owed}".encode() in page.content
    facilitator_rows = review_rows(world.division, viewer_for(world.facilitator.user))
    assert next(r for r in facilitator_rows if r.person.pk == world.mentee.pk).open_requests == 1


def test_filters_sorts_and_the_csv_follow_the_address(client, world, login):
    review_of(world)
    login(world.director)
    url = reverse("checkins:review_screen", args=[world.division.pk])
    needs = client.get(url, {"show": "needs"}).content.decode()
    assert "Mentee" not in needs.split("review-table")[1]
    reviewed = client.get(url, {"show": "reviewed"}).content.decode()
    assert "Tester, Mentee" in reviewed
    csv = client.get(reverse("checkins:review_export", args=[world.division.pk]),
                     {"show": "reviewed"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("Last name,First name") and len(lines) == 2
    assert "Protected time" not in csv.content.decode()
    # Garbage in the address falls back to the defaults.
    assert client.get(url, {"show": "\x00", "sort": "x" * 50, "page": "abc"}).status_code == 200


def test_the_vice_chair_records_a_check_in_from_the_due_list(client, world, login):
    login(world.vicechair)
    lists = client.get(reverse("checkins:checkins_due"))
    assert reverse("checkins:checkin_new", args=[world.mentee.pk]).encode() in lists.content
    data = {"held_on": TODAY.isoformat(), "satisfaction": "4",
            "academic_progress": "First R01 submitted", "work_life_balance": "Better",
            "concerns": "", "submission_token": str(uuid.uuid4())}
    response = client.post(reverse("checkins:checkin_new", args=[world.mentee.pk]), data)
    checkin = ViceChairCheckin.objects.get()
    assert response["Location"] == reverse("checkins:checkin_detail", args=[checkin.pk])
    assert reverse("checkins:checkin_new", args=[world.mentee.pk]).encode() not in client.get(
        reverse("checkins:checkins_due")).content
    login(world.mentor)
    assert client.get(reverse("checkins:checkin_detail", args=[checkin.pk])).status_code == 404
    login(world.mentee)
    assert b"First R01 submitted" in client.get(
        reverse("checkins:checkin_detail", args=[checkin.pk])).content


def test_a_follow_up_waits_on_its_owners_home_page_until_done(client, world, login):
    review = review_of(world)
    follow_up = review.follow_ups.get()
    login(world.mentee)
    assert b"Book the grant workshop" in client.get(reverse("home")).content
    response = client.post(reverse("checkins:follow_up_done", args=["review", follow_up.pk]))
    assert response.status_code == 302
    assert ReviewFollowUp.objects.get().is_done
    assert b"Book the grant workshop" not in client.get(reverse("home")).content


def test_directors_and_vice_chairs_find_what_is_owed_on_their_home_page(client, world, login):
    login(world.director)
    assert b"annual mentorship review" in client.get(reverse("home")).content
    login(world.vicechair)
    assert b"Vice-Chair check-in" in client.get(reverse("home")).content


def test_relationship_health_ranks_and_says_why(client, world, login):
    ChangeRequest.objects.create(mentee=world.mentee, division=world.division,
                                 kind="additional", reason="a private reason")
    login(world.facilitator)
    page = client.get(reverse("checkins:relationship_health", args=[world.division.pk]))
    text = page.content.decode()
    assert "An open change request" in text and "No agreement" in text
    assert "a private reason" not in text
