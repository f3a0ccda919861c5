"""Proposals: nothing is created until both accept; a decline closes it; the facilitator
may record that both agreed in person; the rules hold at every step."""

import pytest
from django.core import mail  # noqa: F401

from matching.models import Answer, Proposal
from matching.selectors.recommendations import recommendations_for
from matching.services.proposals import (
    ProposalError,
    proposal_answer,
    proposal_create,
    proposal_record_offline,
    proposal_withdraw,
)
from programs.models import Mentorship, Notification
from tests.matching.helpers import needs, offer


@pytest.fixture
def offers(world):
    needs(world.newfaculty, "grant writing", "teaching")
    offer(world.mentor, "grant writing", capacity=3)
    offer(world.director, "grant writing", "teaching")
    offer(world.facilitator, "teaching", capacity=1)
    return world


def test_the_top_candidate_is_explained_and_the_director_is_left_out_with_why(offers):
    world = offers
    recs = recommendations_for(world.newfaculty)
    assert recs.candidates[0].mentor == world.mentor
    words = recs.candidates[0].score.summary()
    assert "covers 1 of your 2 topics, including your first: grant writing" in words
    excluded = {e.mentor.pk: e for e in recs.excluded}
    assert excluded[world.director.pk].code == "oversees"
    assert "Division Director" in excluded[world.director.pk].reason


def test_nothing_is_created_until_both_accept(offers):
    world = offers
    proposal = proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal",
                               by=world.facilitator.user, explanation="covers your first")
    assert Notification.objects.filter(key__startswith=f"matching:proposal-{proposal.pk}:intro"
                                       ).count() == 2
    proposal_answer(proposal=proposal, side="mentee", accept=True, by=world.newfaculty.user)
    assert not Mentorship.objects.filter(mentee=world.newfaculty, mentor=world.mentor).exists()
    outcome = proposal_answer(proposal=proposal, side="mentor", accept=True,
                              by=world.mentor.user)
    assert outcome.refused == ""
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.MATCHED
    assert proposal.mentorship.mentee == world.newfaculty
    assert proposal.mentorship.kind == "formal"


def test_a_decline_closes_it_and_keeps_the_reason(offers):
    world = offers
    proposal = proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal",
                               by=world.facilitator.user)
    proposal_answer(proposal=proposal, side="mentor", accept=False, reason="On sabbatical",
                    by=world.mentor.user)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DECLINED
    assert proposal.mentor_reason == "On sabbatical"
    with pytest.raises(ProposalError):
        proposal_answer(proposal=proposal, side="mentee", accept=True, by=world.newfaculty.user)


def test_the_director_cannot_be_proposed(offers):
    world = offers
    with pytest.raises(ProposalError) as error:
        proposal_create(mentee=world.newfaculty, mentor=world.director, kind="formal",
                        by=world.facilitator.user)
    assert error.value.code == "oversees"


def test_the_same_pair_cannot_be_proposed_twice_while_open(offers):
    world = offers
    proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal", by=None)
    with pytest.raises(ProposalError) as error:
        proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal", by=None)
    assert error.value.code == "duplicate"


def test_a_full_mentor_is_refused_at_the_second_acceptance(offers):
    world = offers
    first = proposal_create(mentee=world.newfaculty, mentor=world.facilitator, kind="formal",
                            by=None)
    second = proposal_create(mentee=world.outsider, mentor=world.facilitator, kind="formal",
                             by=None)
    proposal_record_offline(proposal=first, by=None)
    proposal_answer(proposal=second, side="mentee", accept=True, by=None)
    outcome = proposal_answer(proposal=second, side="mentor", accept=True, by=None)
    assert "no free place left" in outcome.refused
    second.refresh_from_db()
    assert second.state == Proposal.State.REFUSED
    assert second.mentor_answer == Answer.ACCEPTED


def test_offline_agreement_and_withdrawal(offers):
    world = offers
    proposal = proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal",
                               by=None)
    outcome = proposal_record_offline(proposal=proposal, by=world.facilitator.user)
    assert outcome.proposal.agreed_offline and outcome.proposal.mentorship_id
    another = proposal_create(mentee=world.outsider, mentor=world.mentor, kind="buddy", by=None)
    proposal_withdraw(proposal=another, by=None)
    another.refresh_from_db()
    assert another.state == Proposal.State.WITHDRAWN


def test_a_buddy_takes_no_capacity_and_ignores_oversight(offers):
    world = offers
    proposal = proposal_create(mentee=world.newfaculty, mentor=world.director, kind="buddy",
                               by=None)
    outcome = proposal_record_offline(proposal=proposal, by=None)
    assert outcome.proposal.mentorship.kind == "buddy"


def test_a_double_submitted_answer_changes_nothing(client, offers, login):
    from django.urls import reverse

    world = offers
    proposal = proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal",
                               by=None)
    login(world.newfaculty)
    url = reverse("matching:proposal", args=[proposal.pk])
    first = client.post(url, {"answer": "accept"})
    second = client.post(url, {"answer": "decline", "reason": "changed my mind"})
    assert first.status_code == second.status_code == 302
    proposal.refresh_from_db()
    assert proposal.mentee_answer == Answer.ACCEPTED and proposal.is_open


def test_the_mentor_never_reads_the_mentees_needs_in_the_explanation(client, offers, login):
    from django.urls import reverse

    world = offers
    proposal = proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal",
                               by=None, explanation="covers your first: grant writing")
    url = reverse("matching:proposal", args=[proposal.pk])
    login(world.mentor)
    assert "grant writing" not in client.get(url).content.decode()
    mentor_email = Notification.objects.get(key__endswith=":intro:mentor")
    assert "grant writing" not in mentor_email.body
    login(world.newfaculty)
    assert "grant writing" in client.get(url).content.decode()
