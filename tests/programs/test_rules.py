"""The mentorship rules (programs.rules), the services that apply them, and career stage."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from programs.models import Department, FacultyMember, LeadershipRole, Mentorship
from programs.models.people import CareerStage
from programs.rules import MentorshipRuleError, oversees
from programs.selectors.people import stage_filter
from programs.services.mentorships import mentorship_create, mentorship_end
from tests.programs.factories import (
    DepartmentFactory,
    DivisionFactory,
    FacultyFactory,
    MentorshipFactory,
    RoleFactory,
    SupervisorLinkFactory,
)

TODAY = datetime.date.today()


# --- Nobody mentors themselves ------------------------------------------------------


def test_it_refuses_a_mentorship_with_oneself(world):
    with pytest.raises(MentorshipRuleError) as raised:
        mentorship_create(mentee=world.outsider, mentor=world.outsider)
    assert raised.value.code == "self"
    assert "mentor themselves" in raised.value.messages[0]
    assert not Mentorship.objects.filter(mentee=world.outsider).exists()


def test_it_refuses_a_self_mentorship_in_the_database_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(mentee=world.outsider, mentor=world.outsider)


# --- No two active mentorships for the same pair -----------------------------------------


def test_it_refuses_a_second_active_mentorship_for_the_same_pair(world):
    with pytest.raises(MentorshipRuleError) as raised:
        mentorship_create(mentee=world.mentee, mentor=world.mentor,
                          kind=Mentorship.Kind.INFORMAL)
    assert raised.value.code == "duplicate"
    assert "already mentors" in raised.value.messages[0]
    assert Mentorship.objects.filter(mentee=world.mentee, mentor=world.mentor).count() == 1


def test_it_refuses_a_duplicate_open_pair_in_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(mentee=world.mentee, mentor=world.mentor,
                                  kind=Mentorship.Kind.INFORMAL)


def test_it_turns_a_lost_race_on_the_unique_index_into_a_rule_error(world, monkeypatch):
    # Simulate a second request that passed the check before the first one committed.
    monkeypatch.setattr("programs.services.mentorships.check_mentorship", lambda **kwargs: None)
    with pytest.raises(MentorshipRuleError) as raised:
        mentorship_create(mentee=world.mentee, mentor=world.mentor)
    assert raised.value.code == "duplicate"
    assert Mentorship.objects.filter(mentee=world.mentee, mentor=world.mentor).count() == 1


def test_it_allows_the_same_pair_again_once_the_first_mentorship_has_ended(world):
    mentorship_end(mentorship=world.mentorship, reason=Mentorship.EndReason.COMPLETED)
    again = mentorship_create(mentee=world.mentee, mentor=world.mentor)
    assert again.pk != world.mentorship.pk
    assert Mentorship.objects.filter(mentee=world.mentee, mentor=world.mentor).count() == 2
    assert list(Mentorship.objects.active().filter(mentee=world.mentee)) == [again]


def test_it_treats_a_mentorship_ending_in_the_future_as_still_active(world):
    world.mentorship.end_date = TODAY + datetime.timedelta(days=30)
    world.mentorship.save()
    with pytest.raises(MentorshipRuleError) as raised:
        mentorship_create(mentee=world.mentee, mentor=world.mentor)
    assert raised.value.code == "duplicate"


# --- A formal mentor never oversees the mentee ---------------------------------------


def test_it_refuses_the_division_director_as_formal_mentor_and_says_why(world):
    with pytest.raises(MentorshipRuleError) as raised:
        mentorship_create(mentee=world.newfaculty, mentor=world.director)
    message = raised.value.messages[0]
    assert raised.value.code == "oversees"
    assert "Division Director" in message
    assert str(world.director) in message and str(world.newfaculty) in message
    assert "reports to" in message
    assert not Mentorship.objects.filter(mentee=world.newfaculty).exists()


def test_it_refuses_an_explicit_supervisor_as_formal_mentor_and_says_why(world):
    SupervisorLinkFactory(supervisor=world.outsider, supervisee=world.newfaculty)
    with pytest.raises(MentorshipRuleError) as raised:
        mentorship_create(mentee=world.newfaculty, mentor=world.outsider)
    assert raised.value.code == "oversees"
    assert "supervisor" in raised.value.messages[0]
    assert "Division Director" not in raised.value.messages[0]


def test_it_allows_an_informal_mentorship_with_the_division_director(world):
    mentorship = mentorship_create(mentee=world.newfaculty, mentor=world.director,
                                   kind=Mentorship.Kind.INFORMAL)
    assert mentorship.is_active
    assert mentorship.kind == Mentorship.Kind.INFORMAL


def test_it_allows_another_divisions_director_as_formal_mentor(world):
    assert not oversees(world.otherdirector, world.newfaculty)
    mentorship = mentorship_create(mentee=world.newfaculty, mentor=world.otherdirector)
    assert mentorship.kind == Mentorship.Kind.FORMAL


def test_it_no_longer_blocks_a_former_division_director(world):
    role = LeadershipRole.objects.get(person=world.director)
    role.end_date = TODAY
    role.save()
    assert not oversees(world.director, world.newfaculty)
    mentorship_create(mentee=world.newfaculty, mentor=world.director)
    assert Mentorship.objects.active().formal().filter(
        mentee=world.newfaculty, mentor=world.director).exists()


def test_it_still_blocks_a_director_whose_role_ends_tomorrow(world):
    role = LeadershipRole.objects.get(person=world.director)
    role.end_date = TODAY + datetime.timedelta(days=1)
    role.save()
    with pytest.raises(MentorshipRuleError):
        mentorship_create(mentee=world.newfaculty, mentor=world.director)


def test_it_no_longer_blocks_an_ended_supervisor_link(world):
    link = SupervisorLinkFactory(supervisor=world.outsider, supervisee=world.newfaculty)
    assert oversees(world.outsider, world.newfaculty)
    link.end_date = TODAY
    link.save()
    assert not oversees(world.outsider, world.newfaculty)
    mentorship_create(mentee=world.newfaculty, mentor=world.outsider)


def test_it_blocks_a_director_whose_role_has_not_started_yet_only_from_its_start(world):
    RoleFactory(person=world.outsider, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                division=world.division, start_date=TODAY + datetime.timedelta(days=10))
    assert not oversees(world.outsider, world.newfaculty)
    assert oversees(world.outsider, world.newfaculty, on=TODAY + datetime.timedelta(days=10))


def test_it_refuses_a_departed_mentor(world):
    world.outsider.status = FacultyMember.Status.DEPARTED
    world.outsider.departure_date = TODAY
    world.outsider.save()
    with pytest.raises(MentorshipRuleError) as raised:
        mentorship_create(mentee=world.newfaculty, mentor=world.outsider)
    assert raised.value.code == "inactive"


def test_it_lets_a_mentee_have_several_mentors(world):
    second = mentorship_create(mentee=world.mentee, mentor=world.otherdirector,
                               kind=Mentorship.Kind.FORMAL)
    third = mentorship_create(mentee=world.mentee, mentor=world.outsider,
                              kind=Mentorship.Kind.PEER)
    active = set(Mentorship.objects.active().filter(mentee=world.mentee))
    assert active == {world.mentorship, second, third}


def test_it_records_topics_and_creator_on_a_new_mentorship(world):
    from programs.models import Topic

    topics = list(Topic.objects.all()[:2])
    mentorship = mentorship_create(mentee=world.newfaculty, mentor=world.mentor,
                                   topics=topics, by=world.facilitator.user)
    assert set(mentorship.topics.all()) == set(topics)
    assert mentorship.created_by == world.facilitator.user


# --- The Django admin enforces the same rules -------------------------------------------


@pytest.fixture
def admin_client(client, world):
    user = world.admin.user
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def _admin_add(client, **values):
    data = {"kind": "formal", "format": "one_to_one", "start_date": TODAY.isoformat(),
            "end_date": "", "end_reason": "", "end_note": ""}
    data.update(values)
    return client.post(reverse("admin:programs_mentorship_add"), data)


def test_it_refuses_a_conflicted_mentorship_in_the_admin_add_form(admin_client, world):
    response = _admin_add(admin_client, mentee=world.newfaculty.pk, mentor=world.director.pk)
    assert response.status_code == 200  # the form again, not a redirect
    errors = response.context["adminform"].form.non_field_errors()
    assert any("Division Director" in error for error in errors)
    assert "Division Director" in response.content.decode()
    assert not Mentorship.objects.filter(mentee=world.newfaculty).exists()


def test_it_refuses_a_conflicted_mentorship_with_a_planned_end_in_the_admin(admin_client, world):
    # An end date in the future does not make a conflicted pairing acceptable.
    response = _admin_add(admin_client, mentee=world.newfaculty.pk, mentor=world.director.pk,
                          end_date=(TODAY + datetime.timedelta(days=365)).isoformat())
    assert response.status_code == 200
    assert not Mentorship.objects.filter(mentee=world.newfaculty).exists()


def test_it_refuses_a_duplicate_pair_in_the_admin_add_form(admin_client, world):
    response = _admin_add(admin_client, mentee=world.mentee.pk, mentor=world.mentor.pk,
                          kind="informal")
    assert response.status_code == 200
    assert "already mentors" in response.content.decode()
    assert Mentorship.objects.filter(mentee=world.mentee, mentor=world.mentor).count() == 1


def test_it_accepts_a_valid_mentorship_in_the_admin_add_form(admin_client, world):
    response = _admin_add(admin_client, mentee=world.newfaculty.pk, mentor=world.mentor.pk)
    assert response.status_code == 302
    created = Mentorship.objects.get(mentee=world.newfaculty)
    assert created.created_by == world.admin.user


# --- Ending keeps the record -------------------------------------------------------------


def test_it_keeps_an_ended_mentorship_as_history(world):
    ended = mentorship_end(mentorship=world.mentorship, reason=Mentorship.EndReason.MENTOR_CHANGE,
                           note="Moved to a research mentor")
    stored = Mentorship.objects.get(pk=world.mentorship.pk)
    assert stored.end_date == TODAY == ended.end_date
    assert stored.end_reason == Mentorship.EndReason.MENTOR_CHANGE
    assert stored.end_note == "Moved to a research mentor"
    assert not stored.is_active
    assert not Mentorship.objects.active().filter(pk=stored.pk).exists()


def test_it_ends_a_mentorship_only_once(world):
    first = mentorship_end(mentorship=world.mentorship, reason=Mentorship.EndReason.COMPLETED,
                           on=TODAY - datetime.timedelta(days=5))
    second = mentorship_end(mentorship=world.mentorship, reason=Mentorship.EndReason.OTHER)
    assert second.end_date == first.end_date == TODAY - datetime.timedelta(days=5)
    assert second.end_reason == Mentorship.EndReason.COMPLETED


def test_it_never_ends_a_mentorship_before_it_started(world):
    ended = mentorship_end(mentorship=world.mentorship, reason=Mentorship.EndReason.OTHER,
                           on=world.mentorship.start_date - datetime.timedelta(days=100))
    assert ended.end_date == world.mentorship.start_date


def test_it_allows_ending_a_mentorship_that_now_conflicts(world):
    # The mentor became the mentee's Division Director; ending must still be possible.
    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.DIVISION_DIRECTOR)
    world.mentorship.end_date = TODAY
    world.mentorship.end_reason = Mentorship.EndReason.CONFLICT
    world.mentorship.full_clean()
    world.mentorship.save()
    assert not world.mentorship.is_active


# --- Career stage ------------------------------------------------------------------------


def _stage_via_query(department: Department, person: FacultyMember, on: datetime.date) -> str:
    for stage in CareerStage.values:
        if FacultyMember.objects.filter(stage_filter(department, stage, on), pk=person.pk).exists():
            return stage
    raise AssertionError("no stage matched")


@pytest.mark.parametrize("on", [
    datetime.date(2026, 3, 15),
    datetime.date(2028, 2, 29),  # a leap day: "5 years before" does not exist
    datetime.date(2025, 7, 1),
])
def test_it_agrees_on_career_stage_in_the_model_and_the_filter_at_each_boundary(db, on):
    department = DepartmentFactory(slug="stages", early_career_max_years=5,
                                   mid_career_max_years=15)
    division = DivisionFactory(department=department)
    early_from, mid_from = department.stage_cutoffs(on)
    one_day = datetime.timedelta(days=1)
    expected = {
        on: CareerStage.EARLY,
        early_from: CareerStage.EARLY,
        early_from - one_day: CareerStage.MID,
        mid_from: CareerStage.MID,
        mid_from - one_day: CareerStage.LATE,
        datetime.date(1980, 1, 1): CareerStage.LATE,
    }
    for appointed, stage in expected.items():
        person = FacultyFactory(division=division, appointment_date=appointed)
        assert person.career_stage(on) == stage, appointed
        assert _stage_via_query(department, person, on) == stage, appointed


def test_it_counts_exactly_five_years_ago_as_early_career(db):
    department = DepartmentFactory(slug="five", early_career_max_years=5)
    on = datetime.date(2026, 9, 1)
    assert department.stage_cutoffs(on) == (datetime.date(2021, 9, 1), datetime.date(2011, 9, 1))
    person = FacultyFactory(division=DivisionFactory(department=department),
                            appointment_date=datetime.date(2021, 9, 1))
    assert person.career_stage(on) == CareerStage.EARLY
    assert person.career_stage(on + datetime.timedelta(days=1)) == CareerStage.MID


def test_it_uses_the_departments_own_thresholds(db):
    department = DepartmentFactory(slug="short", early_career_max_years=3, mid_career_max_years=10)
    person = FacultyFactory(division=DivisionFactory(department=department),
                            appointment_date=TODAY.replace(year=TODAY.year - 4, day=1))
    assert person.career_stage() == CareerStage.MID
    assert FacultyMember.objects.filter(stage_filter(department, "mid"), pk=person.pk).exists()


def test_it_rejects_an_unknown_stage_in_the_filter(db):
    with pytest.raises(ValueError):
        stage_filter(DepartmentFactory(), "ancient")


def test_it_keeps_mentorship_history_when_a_mentee_has_an_ended_and_an_active_mentor(world):
    old = MentorshipFactory(mentee=world.newfaculty, mentor=world.outsider,
                            start_date=TODAY - datetime.timedelta(days=90))
    mentorship_end(mentorship=old, reason=Mentorship.EndReason.MENTOR_CHANGE)
    new = mentorship_create(mentee=world.newfaculty, mentor=world.mentor)
    assert set(Mentorship.objects.filter(mentee=world.newfaculty)) == {old, new}
    assert list(Mentorship.objects.active().filter(mentee=world.newfaculty)) == [new]


# --- The same rule, seen from the other side: new oversight over a formal mentee ------


def test_it_refuses_to_make_a_formal_mentor_the_director_of_their_mentees_division(world):
    role = LeadershipRole(person=world.mentor, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                          department=world.department, division=world.division)
    with pytest.raises(MentorshipRuleError) as raised:
        role.clean()
    assert raised.value.code == "oversees"
    assert "formal mentor of" in raised.value.messages[0]


def test_it_allows_the_formal_mentor_to_direct_another_division(world):
    LeadershipRole(person=world.mentor, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                   department=world.department, division=world.other_division).full_clean()


def test_it_refuses_a_supervisor_link_over_a_formal_mentee(world):
    from programs.models import SupervisorLink

    link = SupervisorLink(supervisor=world.mentor, supervisee=world.mentee)
    with pytest.raises(MentorshipRuleError):
        link.clean()
    SupervisorLink(supervisor=world.mentor, supervisee=world.outsider).clean()


def test_the_admin_refuses_a_director_role_over_a_formal_mentee(client, world, login):
    world.admin.user.is_superuser = True
    world.admin.user.save()
    login(world.admin)
    before = LeadershipRole.objects.count()
    response = client.post(reverse("admin:programs_leadershiprole_add"), {
        "person": world.mentor.pk, "kind": "division_director",
        "department": world.department.pk, "division": world.division.pk,
        "start_date": TODAY.isoformat(),
    })
    assert response.status_code == 200
    assert "formal mentor of" in response.content.decode()
    assert LeadershipRole.objects.count() == before


def test_the_single_mentorship_rule_agrees_with_the_queryset_rule_for_every_persona(world):
    """programs.access.may_see_mentorship (no query, for a mentorship already loaded)
    says what mentorships_visible_to says, for every persona, a superuser and nobody."""
    from django.contrib.auth.models import AnonymousUser

    from programs.access import may_see_mentorship, mentorships_visible_to, viewer_for

    elsewhere = MentorshipFactory(mentee=FacultyFactory(division=world.other_division,
                                                        department=world.department),
                                  mentor=world.outsider)
    other_department = MentorshipFactory()
    mentorships = [world.mentorship, elsewhere, other_department]
    superuser = FacultyFactory().user
    superuser.is_superuser = True
    superuser.save()
    accounts = [getattr(world, p).user for p in world.PERSONAS] + [superuser, AnonymousUser()]
    for account in accounts:
        viewer = viewer_for(account)
        visible = set(mentorships_visible_to(viewer).values_list("pk", flat=True))
        for mentorship in mentorships:
            loaded = Mentorship.objects.select_related("mentee").get(pk=mentorship.pk)
            assert may_see_mentorship(viewer, loaded) == (mentorship.pk in visible), (
                account, mentorship)
