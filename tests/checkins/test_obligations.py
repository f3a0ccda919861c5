"""checkins.selectors.schedules: who owes what, read for many people in fixed queries."""

import datetime

from checkins.models import AnnualReview, LeavePeriod, ViceChairCheckin
from checkins.schedules import Kind, State
from checkins.selectors.schedules import obligations_due
from programs.models import FacultyMember
from tests.programs.factories import FacultyFactory


def kinds_of(owed, person) -> dict[str, str]:
    return {o.obligation.kind: o.obligation.state for o in owed if o.person_id == person.pk}


def test_the_mentee_owes_a_checkin_and_a_review_and_the_division_is_named(world):
    owed = obligations_due(department_ids=[world.department.pk])
    mine = kinds_of(owed, world.mentee)
    assert mine[Kind.CHECKIN] == State.OVERDUE  # appointed two years ago
    assert mine[Kind.REVIEW] == State.DUE
    row = next(o for o in owed if o.person_id == world.mentee.pk)
    assert (row.division_id, row.department_id) == (world.division.pk, world.department.pk)
    # Nobody appointed twenty years ago is asked for a check-in.
    assert Kind.CHECKIN not in kinds_of(owed, world.director)


def test_done_paused_and_departed_people_owe_nothing(world):
    on = datetime.date.today()
    ViceChairCheckin.objects.create(person=world.mentee, vice_chair=world.vicechair,
                                    satisfaction=4, held_on=on)
    AnnualReview.objects.create(person=world.mentee, division=world.division,
                                reviewer=world.director, effective="yes", quality=4,
                                program_year_start=world.department.program_year(on)[0])
    LeavePeriod.objects.create(person=world.mentor, start_date=world.department.program_year(
        on)[0], end_date=None)
    world.outsider.status = FacultyMember.Status.DEPARTED
    world.outsider.departure_date = on
    world.outsider.save()
    owed = obligations_due(kinds=[Kind.CHECKIN, Kind.REVIEW])
    assert kinds_of(owed, world.mentee) == {}
    assert kinds_of(owed, world.mentor) == {}
    assert kinds_of(owed, world.outsider) == {}
    assert Kind.REVIEW in kinds_of(owed, world.facilitator)


def test_the_query_count_does_not_grow_with_the_faculty(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(9) as few:
        obligations_due()
    for _ in range(30):
        FacultyFactory(division=world.division,
                       appointment_date=datetime.date.today() - datetime.timedelta(days=500))
    with django_assert_max_num_queries(len(few.captured_queries)):
        obligations_due()
