"""Eligibility and conflict rules (awards/rules.py), as unit tests."""

import datetime

import pytest
from django.utils import timezone

from awards.rules import (
    conflict_reason,
    eligibility_problem,
    is_active_mentor,
    relationships_of,
)
from programs.models import FacultyMember, Mentorship
from tests.awards.factories import cycle_for, departmental, nominate
from tests.programs.factories import (
    DepartmentFactory,
    DivisionFactory,
    FacultyFactory,
    MentorshipFactory,
)

TODAY = datetime.date.today()


def problem(world, *, nominee, nominator, award=None, mentors=True, on=None, cycle=None):
    cycle = cycle or cycle_for(world)
    return eligibility_problem(award=award or departmental(cycle), nominee=nominee,
                               nominator=nominator, on=on or timezone.localdate(),
                               nominee_mentors_now=mentors)


def test_a_mentee_may_nominate_their_mentor(world):
    assert problem(world, nominee=world.mentor, nominator=world.mentee) == ""


def test_nobody_nominates_themselves(world):
    assert "cannot nominate yourself" in problem(world, nominee=world.mentor,
                                                 nominator=world.mentor)


def test_the_nominee_must_mentor_someone_now(world):
    message = problem(world, nominee=world.outsider, nominator=world.mentee, mentors=False)
    assert "is not an active mentor" in message


def test_a_departed_mentor_is_not_eligible(world):
    world.mentor.status = FacultyMember.Status.DEPARTED
    world.mentor.departure_date = TODAY
    assert "is not an active mentor" in problem(world, nominee=world.mentor,
                                                nominator=world.mentee)


def test_a_divisional_award_stays_in_its_division(world):
    cycle = cycle_for(world)
    divisional = cycle.awards.get(division=world.division)
    # The outsider mentors in Cardiology: not for General Internal Medicine's award.
    message = problem(world, cycle=cycle, award=divisional, nominee=world.outsider,
                      nominator=world.mentee)
    assert "stays in General Internal Medicine" in message
    assert "Cardiology" in message
    # Anyone in the department may nominate a mentor of the division.
    assert problem(world, cycle=cycle, award=divisional, nominee=world.mentor,
                   nominator=world.outsider) == ""


def test_nominations_are_accepted_only_during_the_window(world):
    for phase in ("upcoming", "scoring", "results", "published"):
        message = problem(world, cycle=cycle_for(world, phase), nominee=world.mentor,
                          nominator=world.mentee)
        assert "are accepted from" in message, phase


def test_only_the_departments_own_faculty_nominate_and_are_nominated(world):
    stranger = FacultyFactory(division=DivisionFactory(department=DepartmentFactory()))
    assert "Only active faculty of the department" in problem(
        world, nominee=world.mentor, nominator=stranger)
    assert "is not in the department" in problem(world, nominee=stranger,
                                                 nominator=world.mentee)


def test_an_active_mentor_has_a_current_mentorship_as_mentor(world):
    on = timezone.localdate()
    assert is_active_mentor(world.mentor, on)
    assert not is_active_mentor(world.mentee, on)  # a mentee, not a mentor
    Mentorship.objects.filter(pk=world.mentorship.pk).update(end_date=on)
    world.mentor.refresh_from_db()
    assert not is_active_mentor(world.mentor, on)


# --- Conflicts -------------------------------------------------------------------------


def test_relationships_name_mentors_and_mentees_current_and_past(world):
    past = MentorshipFactory(mentee=world.outsider, mentor=world.facilitator,
                             kind=Mentorship.Kind.INFORMAL, end_date=TODAY - datetime.timedelta(1))
    MentorshipFactory(mentee=world.facilitator, mentor=world.director)
    related = relationships_of(world.facilitator)
    assert related == {world.outsider.pk: "your former mentee",
                       world.director.pk: "your mentor"}
    assert past.end_date is not None


def test_a_current_relationship_is_named_over_a_past_one_with_the_same_person(world):
    MentorshipFactory(mentee=world.mentee, mentor=world.mentor, kind=Mentorship.Kind.INFORMAL,
                      start_date=TODAY - datetime.timedelta(900),
                      end_date=TODAY - datetime.timedelta(400))
    assert relationships_of(world.mentor) == {world.mentee.pk: "your mentee"}


@pytest.mark.parametrize(("member", "expected"), [
    ("mentor", "Mentee Tester is your mentee."),  # the nominee is their mentee
    ("mentee", "This nomination is about you."),
    ("newfaculty", "You wrote this nomination."),
    ("facilitator", ""),
])
def test_a_committee_member_never_scores_a_nomination_they_are_too_close_to(
        world, member, expected):
    cycle = cycle_for(world)
    # The mentee is also a mentor of someone, so they can be nominated.
    MentorshipFactory(mentee=world.outsider, mentor=world.mentee)
    nomination = nominate(cycle, world.mentee, world.newfaculty)
    person = world.person(member)
    reason = conflict_reason(member_id=person.pk, nomination=nomination,
                             nominee_name=world.mentee.full_name,
                             related=relationships_of(person))
    assert reason == expected


def test_being_the_nominees_mentee_is_a_conflict_too(world):
    nomination = nominate(cycle_for(world), world.mentor, world.outsider)
    reason = conflict_reason(member_id=world.mentee.pk, nomination=nomination,
                             nominee_name=world.mentor.full_name,
                             related=relationships_of(world.mentee))
    assert reason == "Mentor Tester is your mentor."
