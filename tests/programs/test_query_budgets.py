"""Query budgets: every page has a ceiling, and no page's count grows with the data.

The ceilings are what each page needs today (session, user, the viewer's faculty record
and, for someone who holds or held a leadership role, their roles; then the page's own
reads). A page that goes over has grown an N+1 or a new
read: find out which before raising its number. The scaling tests compare the same page
on a small and a large department, so they fail on any per-row query however the
ceilings are set.
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import (
    AcademicPlan,
    AcademicPosition,
    Department,
    Division,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    PlanProgress,
    Site,
    Topic,
    User,
)
from programs.selectors import home as home_selectors
from programs.selectors import mentorships as mentorship_selectors
from programs.selectors import people as people_selectors
from programs.views.plans import DIVISION_PLANS_PAGE_SIZE
from tests.conftest import World
from tests.programs.factories import MentorshipFactory, RoleFactory, position
from tests.programs.test_permissions import roster_import_record

# Home for each persona: session, user, viewer (faculty; roles for leaders), my mentors (+ topics),
# my mentees (+ their cadence and last meeting), my plan's status; leaders add their
# division's counts and who waits for a mentor; department-wide viewers add the divisions
# and one grouped count per department. Then the attention items: each app's providers,
# a fixed number of queries each for the roles the person holds (programs.attention).
# Faculty development adds two for everyone with a faculty record (their registrations and
# orientation; sessions they organise); awards two more (live award cycles; mentors asking
# to name them in a portfolio), and up to two while a cycle is open or being scored.
# checkins adds two queries for everyone (follow-ups of reviews and of check-ins they
# own), two more for a Division Director (reviews owed) and for a Vice-Chair (check-ins).
# Matching adds two to everyone (profile prompts and introductions; proposals waiting for
# an answer) and one more to a facilitator (stalled proposals). Surveys add one (open
# surveys waiting for an answer), and one more for facilitators (low relationship pulses
# in their divisions).
HOME_BUDGETS = {
    "mentee": 27,
    "newfaculty": 20,
    "mentor": 28,
    "director": 34,
    "otherdirector": 30,
    "facilitator": 33,
    "vicechair": 25,
    "admin": 24,
    "outsider": 20,
}

# (url name, kwargs from the world, persona, ceiling)
PAGE_BUDGETS = [
    ("health", lambda w: {}, None, 2),
    ("programs:faculty_detail", lambda w: {"pk": w.mentee.pk}, "mentee", 11),
    ("programs:faculty_detail", lambda w: {"pk": w.mentee.pk}, "director", 12),
    ("programs:faculty_detail", lambda w: {"pk": w.mentor.pk}, "mentor", 11),
    ("programs:my_privacy", lambda w: {}, "mentee", 3),
    # A leader opening their own division: it comes with their faculty record (8).
    ("programs:division_roster", lambda w: {"pk": w.division.pk}, "director", 8),
    ("programs:division_roster", lambda w: {"pk": w.division.pk}, "admin", 9),
    ("programs:roster_import", lambda w: {}, "admin", 7),
    # 12: the file is checked against the roster, incl. directors and formal mentors.
    ("programs:roster_import_preview", lambda w: {"pk": roster_import_record(w).pk}, "admin", 12),
    ("programs:roster_export", lambda w: {}, "admin", 6),
    # The department, its divisions, the sites and the positions: none per person.
    ("programs:roster_sample", lambda w: {}, "admin", 8),
    ("programs:my_change_requests", lambda w: {}, "mentee", 4),
    # Faculty development: the list (upcoming and past with counts, the person's record),
    # one event, its calendar file, the attendance form.
    ("programs:events", lambda w: {}, "newfaculty", 6),
    ("programs:events", lambda w: {}, "admin", 7),
    ("programs:event_new", lambda w: {}, "admin", 5),
    ("programs:event_detail", lambda w: development_event(w), "newfaculty", 6),
    ("programs:event_detail", lambda w: development_event(w), "facilitator", 8),
    ("programs:event_ics", lambda w: development_event(w), "newfaculty", 5),
    ("programs:event_attendance", lambda w: development_event(w, started=True), "facilitator",
     6),
]


def development_event(world: World, started: bool = False) -> dict:
    """A session organised by the facilitator, with three people registered."""
    from programs.models import DevelopmentEvent

    event = DevelopmentEvent.objects.create(
        department=world.department, kind=DevelopmentEvent.Kind.ORIENTATION, title="Welcome",
        organiser=world.facilitator,
        starts_at=timezone.now() + datetime.timedelta(days=-1 if started else 7))
    for person in (world.newfaculty, world.mentee, world.outsider):
        event.registrations.create(person=person)
    return {"pk": event.pk}

ROSTER_VARIANTS = [
    {},
    {"page": "2"},
    {"stage": "early"},
    {"mentor": "none"},
    {"mentor": "yes", "sort": "-appointed"},
    {"status": "departed"},
    {"status": ""},  # everyone, departed included
    {"sort": "site"},
    {"sort": "position"},
    {"sort": "-rank"},
    {"q": "Bulk"},
]


def count_queries(client, url: str, data: dict | None = None) -> tuple[int, list[str]]:
    """Queries for one GET, streamed content included. Warmed up once, so caches that
    fill on the first request in a process do not count against the page."""
    client.get(url, data or {})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {})
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context), [query["sql"] for query in context.captured_queries]


def assert_within(count_and_sql: tuple[int, list[str]], ceiling: int, what: str) -> None:
    count, sql = count_and_sql
    assert count <= ceiling, (
        f"{what}: {count} queries, budget {ceiling}:\n" + "\n".join(q[:300] for q in sql))


def assert_same(small: tuple[int, list[str]], large: tuple[int, list[str]], what: str) -> None:
    assert small[0] == large[0], (
        f"{what}: {small[0]} queries when small, {large[0]} when large. Extra queries:\n"
        + "\n".join(q[:300] for q in large[1][small[0]:]))

_serial = itertools.count()


def bulk_faculty(division: Division, count: int, *, senior: bool = False) -> list[FacultyMember]:
    """`count` faculty in `division`, spread over sites, positions, ranks, stages and
    statuses, created in a handful of queries."""
    today = datetime.date.today()
    sites = [Site.objects.get_or_create(name=name, defaults={"short_name": short})[0]
             for name, short in (("Lakeshore General Hospital", "LGH"),
                                 ("St. Brendan's Hospital", "SBH"),
                                 ("University Health Centre", "UHC"))]
    positions = list(AcademicPosition.objects.all())
    ranks = list(FacultyMember.Rank)
    numbers = [next(_serial) for _ in range(count)]
    users = User.objects.bulk_create([
        User(email=f"bulk{n}@bulk.example", first_name=f"Bulk{n % 97}",
             last_name=f"Person{n:05d}", password="!")
        for n in numbers
    ], batch_size=500)
    members = []
    for i, (n, user) in enumerate(zip(numbers, users, strict=True)):
        years = 10 + i % 25 if senior else i % 30
        departed = not senior and i % 23 == 0
        members.append(FacultyMember(
            user=user, employee_id=f"B{n:07d}", department=division.department,
            division=division, site=sites[i % len(sites)],
            position=positions[i % len(positions)], rank=ranks[i % len(ranks)],
            appointment_date=today - datetime.timedelta(days=365 * years + i % 300),
            new_to_country=i % 7 == 0,
            status=(FacultyMember.Status.DEPARTED if departed
                    else FacultyMember.Status.ON_LEAVE if i % 31 == 0
                    else FacultyMember.Status.ACTIVE),
            departure_date=today - datetime.timedelta(days=100) if departed else None,
        ))
    return FacultyMember.objects.bulk_create(members, batch_size=500)


def bulk_mentorships(mentees: list[FacultyMember], mentors: list[FacultyMember]) -> None:
    """Formal mentors for about two thirds of `mentees` (some with two, some ended) and an
    informal one for others, with topics, so every prefetch has work to do."""
    today = datetime.date.today()
    start = today - datetime.timedelta(days=300)
    pairs, open_pairs = [], set()

    def pair(mentee, mentor, **fields):
        key = (mentee.pk, mentor.pk)
        if "end_date" not in fields and key in open_pairs:
            return  # one open mentorship per pair
        open_pairs.add(key)
        pairs.append(Mentorship(mentee=mentee, mentor=mentor, start_date=start, **fields))

    for i, mentee in enumerate(mentees):
        if i % 3 != 2:
            pair(mentee, mentors[i % len(mentors)])
        if i % 5 == 0:
            kind = Mentorship.Kind.FORMAL if i % 2 else Mentorship.Kind.INFORMAL
            pair(mentee, mentors[(i + 1) % len(mentors)], kind=kind)
        if i % 11 == 0:  # an ended formal mentorship must not show as current
            pair(mentee, mentors[(i + 2) % len(mentors)],
                 end_date=today - datetime.timedelta(days=5),
                 end_reason=Mentorship.EndReason.choices[0][0])
    created = Mentorship.objects.bulk_create(pairs, batch_size=500)
    topics = list(Topic.objects.all()[:3])
    Mentorship.topics.through.objects.bulk_create([
        Mentorship.topics.through(mentorship_id=m.pk, topic_id=topic.pk)
        for m in created for topic in topics[: 1 + m.pk % 3]
    ], batch_size=1000)


def grow_division(world: World, division: Division, to: int) -> None:
    """Fill `division` up to `to` faculty: a tenth senior mentors, the rest mentored."""
    missing = to - FacultyMember.objects.filter(division=division).count()
    mentors = bulk_faculty(division, max(1, missing // 10), senior=True)
    mentees = bulk_faculty(division, missing - len(mentors))
    bulk_mentorships(mentees, mentors + [world.mentor])


@pytest.mark.parametrize("persona", World.PERSONAS)
def test_home_stays_within_its_budget(client, world, login, persona):
    login(world.person(persona))
    assert_within(count_queries(client, reverse("home")), HOME_BUDGETS[persona],
                  f"home as {persona}")


@pytest.mark.parametrize(("name", "kwargs", "persona", "ceiling"), PAGE_BUDGETS,
                         ids=[f"{row[0]}-{row[2]}" for row in PAGE_BUDGETS])
def test_page_stays_within_its_budget(client, world, login, name, kwargs, persona, ceiling):
    if persona:
        login(world.person(persona))
    assert_within(count_queries(client, reverse(name, kwargs=kwargs(world))), ceiling,
                  f"{name} as {persona}")


def test_every_page_has_a_budget():
    """The home, profile, roster and import pages; plan, agreement and checkins pages have
    their budgets in their own tests."""
    from tests.permissions import all_rows

    pages = {row.name for row in all_rows()
             if row.name in ("home", "health")
             or row.name.startswith(("programs:faculty", "programs:division_roster",
                                     "programs:roster"))}
    budgeted = {row[0] for row in PAGE_BUDGETS} | {"home"}
    missing = pages - budgeted
    assert not missing, f"pages with no query budget: {sorted(missing)}"


def test_the_roster_of_900_takes_as_many_queries_as_the_roster_of_10(client, world, login):
    grow_division(world, world.division, to=10)
    login(world.director)
    url = reverse("programs:division_roster", kwargs={"pk": world.division.pk})
    small = {str(v): count_queries(client, url, v) for v in map(dict, ROSTER_VARIANTS)}

    grow_division(world, world.division, to=900)
    assert FacultyMember.objects.filter(division=world.division).count() == 900
    for variant in ROSTER_VARIANTS:
        large = count_queries(client, url, variant)
        assert_same(small[str(variant)], large, f"roster {variant}")


def test_a_large_roster_page_shows_mentors_without_a_query_per_row(client, world, login):
    grow_division(world, world.division, to=300)
    login(world.facilitator)
    url = reverse("programs:division_roster", kwargs={"pk": world.division.pk})
    response = client.get(url, {"mentor": "yes", "sort": "-appointed"})
    page = response.context["page"]
    assert page.paginator.count > 100
    html = response.content.decode()
    for row in page:  # one query for every row's mentors, not a query per row
        assert row.mentors
        assert row.mentors[0] in html
    assert_within(count_queries(client, url, {"mentor": "yes"}), 8, "roster, 300 faculty")


@pytest.mark.parametrize("persona", ["admin", "vicechair"])
def test_home_with_20_divisions_takes_as_many_queries_as_with_2(client, world, login, persona):
    login(world.person(persona))
    small = count_queries(client, reverse("home"))
    for n in range(18):
        division = Division.objects.create(department=world.department,
                                           name=f"Extra division {n}", slug=f"extra-{n}")
        bulk_faculty(division, 5)
    large = count_queries(client, reverse("home"))
    assert_same(small, large, f"home as {persona}")
    assert Division.objects.filter(department=world.department).count() == 20


@pytest.mark.parametrize("persona", ["director", "facilitator"])
def test_home_for_a_large_division_takes_as_many_queries_as_for_a_small_one(
        client, world, login, persona):
    login(world.person(persona))
    small = count_queries(client, reverse("home"))
    grow_division(world, world.division, to=400)
    large = count_queries(client, reverse("home"))
    assert_same(small, large, f"home as {persona}")


def test_a_lead_of_three_divisions_takes_as_many_queries_as_a_lead_of_one(
        client, world, login):
    login(world.facilitator)
    small = count_queries(client, reverse("home"))
    for n in range(2):
        division = Division.objects.create(department=world.department,
                                           name=f"Led division {n}", slug=f"led-{n}")
        bulk_faculty(division, 12)
        RoleFactory(person=world.facilitator, kind=LeadershipRole.Kind.FACILITATOR,
                    division=division)
    large = count_queries(client, reverse("home"))
    assert "Led division 1" in client.get(reverse("home")).content.decode()
    assert_same(small, large, "home of a facilitator")


def test_the_one_query_summaries_match_a_division_by_division_count(world):
    """The home page's batched reads give what reading each division alone would."""
    strict = Department.objects.create(name="Strict", slug="strict", early_career_max_years=3)
    divisions = [world.division, world.other_division]
    for n in range(2):
        division = Division.objects.create(department=strict, name=f"S{n}", slug=f"s{n}")
        divisions.append(division)
    for division in divisions:
        grow_division(world, division, to=60)
    divisions = list(Division.objects.filter(pk__in=[d.pk for d in divisions])
                     .select_related("department"))
    summaries = {d.pk: d for d in home_selectors.division_summaries(
        Division.objects.filter(pk__in=[d.pk for d in divisions]))}
    waiting = people_selectors.unmatched_early_career_by_division(divisions, limit=5)
    assert all(waiting.values()), "every division should have someone waiting"
    for division in divisions:
        people = list(FacultyMember.objects.filter(division=division).select_related("department")
                      .annotate(mentored=mentorship_selectors.has_formal_mentor()))
        current = [p for p in people if p.status != FacultyMember.Status.DEPARTED]
        early = [p for p in current if p.career_stage() == "early"]
        summary = summaries[division.pk]
        assert (summary.faculty, summary.early, summary.departed) == (
            len(current), len(early), len(people) - len(current)), division
        assert summary.early_without_mentor == sum(not p.mentored for p in early)
        assert summary.without_mentor == sum(not p.mentored for p in current)
        assert waiting[division.pk] == people_selectors.unmatched_early_career(division, limit=5)


def test_a_superuser_sees_three_departments_in_as_many_queries_as_one(client, world, login):
    world.admin.user.is_superuser = True
    world.admin.user.save()
    login(world.admin)
    small = count_queries(client, reverse("home"))
    for n in range(2):
        department = Department.objects.create(name=f"Department {n}", slug=f"dept-{n}")
        for m in range(3):
            division = Division.objects.create(department=department,
                                               name=f"Division {n}.{m}", slug=f"div-{n}-{m}")
            bulk_faculty(division, 4)
    large = count_queries(client, reverse("home"))
    assert "Division 1.2" in client.get(reverse("home")).content.decode()
    assert_same(small, large, "home of a superuser")


def test_a_mentor_of_many_takes_as_many_queries_as_a_mentor_of_one(client, world, login):
    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.FACILITATOR,
                division=Division.objects.create(department=world.department,
                                                 name="Second", slug="second"))
    login(world.mentor)
    home, profile = reverse("home"), reverse("programs:faculty_detail",
                                             kwargs={"pk": world.mentor.pk})
    small = count_queries(client, home), count_queries(client, profile)
    mentees = bulk_faculty(world.division, 40)
    bulk_mentorships(mentees, [world.mentor])
    large = count_queries(client, home), count_queries(client, profile)
    assert_same(small[1], large[1], "profile of a mentor")
    assert_same(small[0], large[0], "home of a mentor who is also a facilitator")


def test_a_mentee_with_several_mentors_takes_as_many_queries_as_with_one(client, world, login):
    login(world.mentee)
    home, profile = reverse("home"), reverse("programs:faculty_detail",
                                             kwargs={"pk": world.mentee.pk})
    small = count_queries(client, home), count_queries(client, profile)
    for mentor in bulk_faculty(world.other_division, 4, senior=True):
        MentorshipFactory(mentee=world.mentee, mentor=mentor, kind=Mentorship.Kind.INFORMAL)
    large = count_queries(client, home), count_queries(client, profile)
    assert_same(small[0], large[0], "home of a mentee")
    assert_same(small[1], large[1], "profile of a mentee")


def test_export_and_preview_take_as_many_queries_for_900_as_for_10(client, world, login):
    login(world.admin)
    export = reverse("programs:roster_export")
    small_export = count_queries(client, export)
    small_preview = count_queries(client, reverse("programs:roster_import_preview",
                                                  kwargs={"pk": roster_import_record(world).pk}))
    grow_division(world, world.division, to=900)
    large_export = count_queries(client, export)
    large_preview = count_queries(client, reverse("programs:roster_import_preview",
                                                  kwargs={"pk": roster_import_record(world).pk}))
    assert_same(small_export, large_export, "roster export")
    assert_same(small_preview, large_preview, "roster import preview")


def test_roster_pages_by_rank_neither_repeat_nor_skip_anyone(client, world, login):
    """Sorting on a shared value (rank) still pages through everyone exactly once."""
    from programs.views.roster import ROSTER_PAGE_SIZE

    bulk_faculty(world.division, ROSTER_PAGE_SIZE + 30)
    login(world.director)
    url = reverse("programs:division_roster", kwargs={"pk": world.division.pk})
    seen = []
    for number in (1, 2):
        page = client.get(url, {"sort": "rank", "page": number}).context["page"]
        seen += [person.pk for person in page]
    expected = FacultyMember.objects.current().filter(division=world.division).count()
    assert len(seen) == len(set(seen)) == expected
    ranks = [FacultyMember.objects.get(pk=pk).rank for pk in seen]
    order = list(FacultyMember.Rank.values)
    assert ranks == sorted(ranks, key=order.index)

STATES = ["draft", "submitted", "returned", "approved"]


def add_faculty(world, count: int, start: int) -> None:
    users = User.objects.bulk_create([
        User(email=f"bulk{start + n}@test.example", first_name="Bulk", last_name=f"{start + n}")
        for n in range(count)])
    people = FacultyMember.objects.bulk_create([
        FacultyMember(user=user, department=world.department, division=world.division,
                      site=world.mentee.site, rank="assistant", position=position(),
                      appointment_date=datetime.date(2020, 7, 1))
        for user in users])
    plans = AcademicPlan.objects.bulk_create([
        AcademicPlan(faculty=person, status=STATES[n % 4],
                     approved_at=timezone.now() - datetime.timedelta(days=400 * (n % 2))
                     if STATES[n % 4] == "approved" else None)
        for n, person in enumerate(people) if n % 5])
    year_start, _ = world.department.program_year()
    PlanProgress.objects.bulk_create([
        PlanProgress(plan=plan, program_year_start=year_start, note="ok")
        for plan in plans[::3]])


def queries_for(client, world) -> int:
    url = reverse("programs:division_plans", kwargs={"pk": world.division.pk})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_plan_status_list_has_a_fixed_query_budget(client, world, login):
    login(world.director)
    add_faculty(world, 10, 0)
    small = queries_for(client, world)
    add_faculty(world, 290, 10)
    large = queries_for(client, world)
    assert small == large, (small, large)
    assert large <= 7, large
    response = client.get(reverse("programs:division_plans", kwargs={"pk": world.division.pk}))
    # One page of the list, counted from the same grouped query as the state pills.
    assert response.context["page"].paginator.count == FacultyMember.objects.current().filter(
        division=world.division).count() > 300
    assert response.content.decode().count("plan-state-") == DIVISION_PLANS_PAGE_SIZE


@pytest.mark.parametrize("persona", ["director", "facilitator", "vicechair", "admin"])
def test_why_mentorships_ended_costs_the_same_for_one_past_mentorship_as_for_thirty(
        client, world, login, persona):
    """The end reasons a leader may read are worked out for the whole history at once."""
    from programs.models import ChangeRequest

    def end_some(count: int) -> None:
        mentors = bulk_faculty(world.other_division, count, senior=True)
        today = datetime.date.today()
        for i, mentor in enumerate(mentors):
            ended = MentorshipFactory(
                mentee=world.mentee, mentor=mentor, kind=Mentorship.Kind.INFORMAL,
                end_date=today - datetime.timedelta(days=1 + i),
                end_reason=Mentorship.EndReason.values[i % len(Mentorship.EndReason.values)])
            if i % 2:
                ChangeRequest.objects.create(
                    mentee=world.mentee, division=world.division, kind="different",
                    mentorship=ended, status="resolved", outcome="done",
                    audience=ChangeRequest.Audience.values[i % 4 // 2])

    login(world.person(persona))
    profile = reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk})
    end_some(2)
    small = count_queries(client, profile)
    end_some(30)
    large = count_queries(client, profile)
    assert_same(small, large, f"profile history as {persona}")
