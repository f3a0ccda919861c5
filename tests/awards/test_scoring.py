"""Committee scoring with conflicts hidden (and the reason shown), closing, ranked results,
publishing winners, the recognition wall and a winner's opt-out."""

from html import unescape

import pytest
from django.urls import reverse

from awards.models import Nomination, Recognition, Scorecard
from awards.selectors.cycles import ranked_results
from awards.services import AwardError
from awards.services.cycles import (
    cycle_choose_winners,
    cycle_close_scoring,
    cycle_publish,
    recognition_wall_choice,
)
from awards.services.scoring import scorecard_save
from programs.models import Notification
from tests.awards.factories import cycle_for, nominate
from tests.programs.factories import MentorshipFactory


@pytest.fixture
def scoring(world):
    """A cycle the committee is scoring: the mentor (nominated by the mentee) and the
    director (nominated by the outsider). The facilitator and the mentor sit on the
    committee; the director also mentors the outsider's colleague, the newcomer."""
    cycle = cycle_for(world, "scoring", committee=("facilitator", "mentor"))
    MentorshipFactory(mentee=world.newfaculty, mentor=world.director)
    of_mentor = nominate(cycle, world.mentor, world.mentee)
    of_director = nominate(cycle, world.director, world.outsider)
    return cycle, of_mentor, of_director


def points(cycle, *values) -> dict[int, int]:
    return dict(zip(cycle.rubric.values_list("pk", flat=True), values, strict=True))


def test_a_committee_member_sees_a_nomination_about_them_listed_as_hidden_with_the_reason(
        client, world, login, scoring):
    cycle, of_mentor, of_director = scoring
    login(world.mentor)
    response = client.get(reverse("awards:scoring", args=[cycle.pk]))
    html = unescape(response.content.decode())
    assert "This nomination is about you." in html
    assert reverse("awards:nomination_detail", args=[of_mentor.pk]) not in html
    assert reverse("awards:nomination_detail", args=[of_director.pk]) in html
    assert client.get(reverse("awards:nomination_detail",
                              args=[of_mentor.pk])).status_code == 404


def test_a_nomination_of_a_members_own_mentee_is_hidden_and_cannot_be_opened_or_scored(
        client, world, login, scoring):
    cycle, of_mentor, of_director = scoring
    MentorshipFactory(mentee=world.director, mentor=world.facilitator, kind="informal")
    login(world.facilitator)
    html = unescape(client.get(reverse("awards:scoring", args=[cycle.pk])).content.decode())
    assert "Director Tester is your mentee." in html
    detail = reverse("awards:nomination_detail", args=[of_director.pk])
    assert detail not in html
    assert client.get(detail).status_code == 404
    response = client.post(reverse("awards:score", args=[of_director.pk]),
                           {f"criterion_{pk}": 5 for pk in points(cycle, 1, 1)})
    assert response.status_code == 404
    assert not Scorecard.objects.exists()
    with pytest.raises(AwardError) as error:
        scorecard_save(nomination=of_director, scorer=world.facilitator,
                       points=points(cycle, 5, 5))
    assert error.value.code == "conflict"


def test_a_member_scores_a_nomination_and_can_change_their_scores(
        client, world, login, scoring):
    cycle, of_mentor, _ = scoring
    login(world.facilitator)
    url = reverse("awards:score", args=[of_mentor.pk])
    keys = [f"criterion_{pk}" for pk in cycle.rubric.values_list("pk", flat=True)]
    response = client.post(url, {keys[0]: "4", keys[1]: "5", "comment": "Exceptional."})
    assert response.status_code == 302
    client.post(url, {keys[0]: "3", keys[1]: "5", "comment": "On reflection."})
    card = Scorecard.objects.get()
    assert (card.total, card.comment, card.scorer) == (8, "On reflection.", world.facilitator)
    assert sorted(card.scores.values_list("points", flat=True)) == [3, 5]


def test_a_score_out_of_range_comes_back_with_the_message_and_saves_nothing(
        client, world, login, scoring):
    cycle, of_mentor, _ = scoring
    login(world.facilitator)
    keys = [f"criterion_{pk}" for pk in cycle.rubric.values_list("pk", flat=True)]
    response = client.post(reverse("awards:score", args=[of_mentor.pk]),
                           {keys[0]: "9", keys[1]: "5", "comment": "Kept"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "less than or equal to 5" in html and "Kept" in html
    assert not Scorecard.objects.exists()


def test_nobody_scores_before_nominations_close_or_after_scoring_closes(world):
    for phase, code in (("nominating", "not_yet"), ("results", "closed")):
        cycle = cycle_for(world, phase)
        nomination = nominate(cycle, world.mentor, world.mentee)
        with pytest.raises(AwardError) as error:
            scorecard_save(nomination=nomination, scorer=world.facilitator,
                           points=points(cycle, 3, 3))
        assert error.value.code == code


def test_someone_off_the_committee_cannot_score(world, scoring):
    cycle, of_mentor, _ = scoring
    with pytest.raises(AwardError) as error:
        scorecard_save(nomination=of_mentor, scorer=world.vicechair, points=points(cycle, 3, 3))
    assert error.value.code == "not_committee"


def test_results_rank_by_mean_total_and_ties_share_a_rank(world, scoring):
    cycle, of_mentor, of_director = scoring
    third = nominate(cycle, world.facilitator, world.newfaculty)
    Scorecard.objects.bulk_create([
        Scorecard(nomination=of_mentor, scorer=world.vicechair, total=9),
        Scorecard(nomination=of_mentor, scorer=world.admin, total=7),  # mean 8
        Scorecard(nomination=of_director, scorer=world.vicechair, total=8),
    ])
    _, by_award = ranked_results(cycle)
    rows = next(a for a in by_award if a.award.division is None).rows
    assert [(row.nomination, row.rank, row.mean_total) for row in rows] == [
        (of_mentor, 1, 8.0), (of_director, 1, 8.0), (third, None, None)]


def test_the_admin_closes_chooses_and_publishes_and_the_winner_is_told_once(world, scoring):
    cycle, of_mentor, of_director = scoring
    with pytest.raises(AwardError):
        cycle_publish(cycle=cycle)  # scoring still open
    cycle_close_scoring(cycle=cycle)
    cycle_close_scoring(cycle=cycle)  # a double click closes once
    with pytest.raises(AwardError) as error:
        cycle_publish(cycle=cycle)
    assert error.value.code == "no_winners"
    cycle_choose_winners(cycle=cycle, winner_ids={of_mentor.pk})
    recognitions = cycle_publish(cycle=cycle)
    assert [(r.person, r.award) for r in recognitions] == [(world.mentor, of_mentor.award)]
    assert cycle_publish(cycle=cycle) == recognitions  # publishing twice publishes once
    told = Notification.objects.filter(recipient=world.mentor.email, key__contains=":won:")
    assert told.count() == 1
    assert "Departmental Mentorship Award" in told.get().subject
    assert not Notification.objects.filter(recipient=world.director.email).exists()


def test_winners_cannot_be_chosen_from_another_cycle(world, scoring):
    cycle, _, _ = scoring
    elsewhere = nominate(cycle_for(world, "results"), world.mentor, world.newfaculty)
    cycle_close_scoring(cycle=cycle)
    with pytest.raises(AwardError) as error:
        cycle_choose_winners(cycle=cycle, winner_ids={elsewhere.pk})
    assert error.value.code == "unknown"
    assert not Nomination.objects.filter(winner=True).exists()


def test_the_wall_shows_published_winners_and_a_winner_may_opt_out(client, world, login, scoring):
    cycle, of_mentor, _ = scoring
    cycle_close_scoring(cycle=cycle)
    cycle_choose_winners(cycle=cycle, winner_ids={of_mentor.pk})
    login(world.outsider)
    assert "Mentor Tester" not in client.get(reverse("awards:wall")).content.decode()
    cycle_publish(cycle=cycle)
    assert "Mentor Tester" in client.get(reverse("awards:wall")).content.decode()
    recognition = Recognition.objects.get()
    login(world.mentor)
    response = client.post(reverse("awards:wall_choice", args=[recognition.pk]))
    assert response.status_code == 302
    recognition.refresh_from_db()
    assert recognition.on_wall is False
    login(world.outsider)
    wall = client.get(reverse("awards:wall")).content.decode()
    assert "Mentor Tester" not in wall
    # Someone else cannot put them back (or take anyone off).
    assert client.post(reverse("awards:wall_choice", args=[recognition.pk]),
                       {"on_wall": "on"}).status_code == 404
    with pytest.raises(AwardError):
        recognition_wall_choice(recognition=recognition, person=world.outsider, on_wall=True)


def test_the_admin_publishes_through_the_pages(client, world, login, scoring):
    cycle, of_mentor, _ = scoring
    login(world.admin)
    assert client.post(reverse("awards:cycle_close", args=[cycle.pk])).status_code == 302
    assert client.post(reverse("awards:results", args=[cycle.pk]),
                       {"winners": [of_mentor.pk]}).status_code == 302
    response = client.post(reverse("awards:cycle_publish", args=[cycle.pk]), follow=True)
    assert "Published: 1 winner on the recognition wall" in unescape(
        response.content.decode())
    assert Recognition.objects.get().person == world.mentor
