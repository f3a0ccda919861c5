"""The main navigation: each person sees the places their roles use, and where they are."""

import pytest
from django.urls import reverse

from programs.access import viewer_for
from programs.models import LeadershipRole
from programs.templatetags.navigation import NavMenu, navigation_for
from tests.markup import main_nav
from tests.programs.factories import RoleFactory


def labels(items) -> list[str]:
    return [item.label for item in items]


def menu(items, label: str) -> NavMenu:
    found = [item for item in items if isinstance(item, NavMenu) and item.label == label]
    assert len(found) == 1, f"no single {label!r} menu in {labels(items)}"
    return found[0]


def nav_for(person, path: str = "/") -> dict:
    return navigation_for(viewer_for(person.user), path)


# Who sees which role-aware places (rosters, plan status, change requests, import).
EXPECTED = {
    "mentee": ["Home", "My profile", "Mentors", "Program"],
    "newfaculty": ["Home", "My profile", "Mentors", "Program"],
    "mentor": ["Home", "My profile", "Mentors", "Program"],
    "outsider": ["Home", "My profile", "Mentors", "Program"],
    "director": ["Home", "My profile", "Mentors", "Division roster", "Plan status",
                 "Annual reviews", "Change requests", "Program"],
    "otherdirector": ["Home", "My profile", "Mentors", "Division roster", "Plan status",
                      "Annual reviews", "Change requests", "Program"],
    # Facilitators handle change requests, watch relationship health and match; plan
    # approval and the annual review are the Division Director's.
    "facilitator": ["Home", "My profile", "Mentors", "Division roster",
                    "Relationship health", "Matching", "Change requests", "Program"],
    # Department-wide roles reach rosters and plan status from the home page's table.
    "vicechair": ["Home", "My profile", "Mentors", "Check-ins", "Program"],
    "admin": ["Home", "My profile", "Mentors", "Matching", "Change requests", "Check-ins",
              "Program", "Administration"],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_person_sees_the_places_their_roles_use(world, persona):
    assert labels(nav_for(world.person(persona))["items"]) == EXPECTED[persona]


def test_a_division_directors_links_go_to_their_own_divisions_pages(world):
    items = nav_for(world.director)["items"]
    by_label = {item.label: item for item in items}
    assert by_label["Division roster"].href == reverse("programs:division_roster",
                                                        args=[world.division.pk])
    assert by_label["Plan status"].href == reverse("programs:division_plans",
                                                    args=[world.division.pk])
    # Short to the eye; a screen reader hears which division.
    assert by_label["Plan status"].hidden_suffix == ": General Internal Medicine"


def test_someone_who_directs_two_divisions_chooses_the_division_from_a_menu(world):
    RoleFactory(person=world.director, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                division=world.other_division)
    items = nav_for(world.director)["items"]
    assert labels(items) == ["Home", "My profile", "Mentors", "Division rosters",
                             "Plan status", "Annual reviews", "Change requests", "Program"]
    rosters = menu(items, "Division rosters")
    assert [(link.label, link.href) for link in rosters.links] == [
        ("Cardiology", reverse("programs:division_roster", args=[world.other_division.pk])),
        ("General Internal Medicine", reverse("programs:division_roster",
                                              args=[world.division.pk])),
    ]
    assert [link.label for link in menu(items, "Plan status").links] == [
        "Cardiology", "General Internal Medicine"]


def test_a_director_who_facilitates_elsewhere_sees_plan_status_only_where_they_direct(world):
    RoleFactory(person=world.director, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.other_division)
    items = nav_for(world.director)["items"]
    assert [link.label for link in menu(items, "Division rosters").links] == [
        "Cardiology", "General Internal Medicine"]
    plan_status = [item for item in items if item.label == "Plan status"]
    assert len(plan_status) == 1 and not isinstance(plan_status[0], NavMenu)
    assert plan_status[0].href == reverse("programs:division_plans", args=[world.division.pk])


@pytest.mark.parametrize("persona", ["mentee", "director", "admin"])
def test_faculty_find_their_requests_and_privacy_in_their_account_menu(world, persona):
    account = nav_for(world.person(persona))["account"]
    assert [(link.label, link.href) for link in account.links] == [
        ("My requests for a mentor", reverse("programs:my_change_requests")),
        ("My privacy", reverse("programs:my_privacy")),
        ("My reviews and check-ins", reverse("checkins:my_reviews")),
        ("My mentoring profile", reverse("matching:me")),
        ("Introductions", reverse("matching:introductions")),
        ("How I receive notifications", reverse("programs:notification_preferences")),
        ("Change password", reverse("account_change_password")),
    ]


def test_the_navigation_takes_no_query_once_the_viewer_is_known(world,
                                                                 django_assert_num_queries):
    RoleFactory(person=world.director, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                division=world.other_division)
    viewer = viewer_for(world.director.user)
    with django_assert_num_queries(0):
        navigation_for(viewer, "/")


def test_the_rendered_navigation_marks_the_current_page(client, world, login):
    login(world.director)
    url = reverse("programs:division_plans", args=[world.division.pk])
    items = main_nav(client.get(url).content.decode())
    current = [item for item in items if item.current]
    assert [(item.text, item.href) for item in current] == [
        ("Plan status: General Internal Medicine", url)]
    assert "active" in current[0].classes  # underlined and bold by app.css, not just colour


def test_a_menu_holding_the_current_page_is_marked_as_well(client, world, login):
    RoleFactory(person=world.director, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                division=world.other_division)
    login(world.director)
    url = reverse("programs:division_roster", args=[world.other_division.pk])
    items = main_nav(client.get(url).content.decode())
    toggle = next(item for item in items if item.text == "Division rosters")
    assert toggle.kind == "button" and "current-section" in toggle.classes
    assert [(item.text, item.href) for item in items if item.current] == [("Cardiology", url)]


def test_the_account_menu_is_named_after_the_person_and_marks_the_current_page(
        client, world, login):
    login(world.mentee)
    url = reverse("programs:my_change_requests")
    items = main_nav(client.get(url).content.decode())
    toggle = next(item for item in items if item.kind == "button" and item.text != "Program")
    assert toggle.text == "Mentee Tester" and "current-section" in toggle.classes
    assert [(item.text, item.href) for item in items if item.current] == [
        ("My requests for a mentor", url)]


def test_signed_out_visitors_get_no_menu(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert [item.text for item in main_nav(html)] == ["Mentorship"]


def test_names_in_the_navigation_are_escaped(client, world, login):
    world.division.name = "Surgery <b>& Trauma</b>"
    world.division.save()
    world.director.user.first_name = "<i>Dee</i>"
    world.director.user.save()
    login(world.director)
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('aria-label="Main"'):html.index("</header>")]
    assert "<b>" not in nav and "<i>" not in nav
    assert "Surgery &lt;b&gt;&amp; Trauma&lt;/b&gt;" in nav and "&lt;i&gt;Dee&lt;/i&gt;" in nav
    logout = nav[nav.index('action="' + reverse("account_logout")):]
    assert 'name="csrfmiddlewaretoken"' in logout[:logout.index("</form>")]


def test_the_viewer_skips_the_roles_query_only_for_someone_who_never_held_a_role(
        world, django_assert_num_queries):
    import datetime

    with django_assert_num_queries(1):  # the faculty record: never held a role
        viewer = viewer_for(world.mentee.user)
    assert not viewer.led_divisions and not viewer.is_program_admin
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    RoleFactory(person=world.mentee, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.division, start_date=yesterday - datetime.timedelta(days=300),
                end_date=yesterday)
    world.mentee.user.__dict__.pop("_viewer", None)
    with django_assert_num_queries(2):  # held one: the roles are read, and it has ended
        viewer = viewer_for(world.mentee.user)
    assert not viewer.facilitated_division_ids and not viewer.led_divisions
    world.director.user.__dict__.pop("_viewer", None)
    with django_assert_num_queries(2):
        assert world.division.pk in viewer_for(world.director.user).directed_division_ids
