"""The hard rules, one place: the minimum rank in programs.rules, overseers in bulk as
oversight_reason says one by one, and the exclusions a facilitator reads."""

import pytest

from matching.models import ScoreWeights
from matching.rules import RuleBook, mentor_candidates, mentor_row
from matching.selectors.recommendations import recommendations_for
from programs.models import FacultyMember, SupervisorLink
from programs.rules import MentorshipRuleError, check_mentorship, overseers_of, oversight_reason
from programs.services.mentorships import mentorship_create
from tests.matching.helpers import needs, offer


def rows(world):
    return {row["pk"]: mentor_row(row) for row in mentor_candidates(world.department)}


def test_a_department_minimum_rank_refuses_a_formal_mentor_below_it(world):
    world.department.formal_mentor_min_rank = FacultyMember.Rank.ASSOCIATE
    world.department.save()
    world.outsider.rank = FacultyMember.Rank.ASSISTANT
    world.outsider.save()
    with pytest.raises(MentorshipRuleError) as error:
        check_mentorship(mentee=world.newfaculty, mentor=world.outsider, kind="formal")
    assert error.value.code == "rank"
    check_mentorship(mentee=world.newfaculty, mentor=world.outsider, kind="buddy")  # allowed
    offer(world.outsider, "teaching")
    book = RuleBook.for_mentees([world.newfaculty], world.department)
    code, reason = book.exclusion(world.newfaculty, rows(world)[world.outsider.pk])
    assert code == "rank" and "Associate Professor" in reason


def test_overseers_in_bulk_are_what_oversight_reason_says(world):
    SupervisorLink.objects.create(supervisor=world.outsider, supervisee=world.newfaculty)
    people = [world.mentee, world.newfaculty, world.outsider]
    found = overseers_of(people)
    for person in people:
        for leader in FacultyMember.objects.all():
            assert found[person.pk].get(leader.pk, "") == oversight_reason(leader, person)


def test_each_exclusion_says_why(world):
    needs(world.newfaculty, "teaching")
    offer(world.director, "teaching")
    offer(world.mentor, "teaching", capacity=1)  # full: mentee@ takes the one place
    offer(world.facilitator, "teaching", is_open=False)
    offer(world.vicechair, "teaching")
    world.vicechair.status = FacultyMember.Status.ON_LEAVE
    world.vicechair.save()
    offer(world.admin, "teaching")
    mentorship_create(mentee=world.newfaculty, mentor=world.admin, kind="informal")
    recs = recommendations_for(world.newfaculty)
    codes = {e.mentor.pk: e.code for e in recs.excluded}
    assert codes == {world.director.pk: "oversees", world.mentor.pk: "full",
                     world.facilitator.pk: "closed", world.vicechair.pk: "on_leave",
                     world.admin.pk: "duplicate"}
    assert recs.candidates == []


def test_program_admins_weights_change_the_ranking(world):
    needs(world.newfaculty, "teaching")
    offer(world.mentor, "teaching", capacity=3)  # covers the topic
    offer(world.outsider, "research")  # shares the position and is closer in career
    world.outsider.position = world.newfaculty.position
    world.outsider.save()
    from programs.models import AcademicPosition

    world.mentor.position = AcademicPosition.objects.exclude(
        pk=world.newfaculty.position_id).first()
    world.mentor.save()
    first = recommendations_for(world.newfaculty).candidates[0].mentor
    ScoreWeights.objects.update_or_create(department=world.department,
                                          defaults={"topics": 0, "position": 100})
    second = recommendations_for(world.newfaculty).candidates[0].mentor
    assert (first, second) == (world.mentor, world.outsider)
