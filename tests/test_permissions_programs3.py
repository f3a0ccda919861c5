"""Permission matrix for the pages of issue 3 in programs: plans, agreements, ending,
exit feedback, change requests and guidelines.

MATRIX_ROWS: (url_name, kwargs_builder(world, extra), method, {persona: status}). `extra`
holds the objects the rows point at (see `build_extra`). The project-wide completeness
check reads MATRIX_ROWS.
"""

import datetime

import pytest
from django.urls import reverse

from programs.models import AcademicPlan, ChangeRequest, Mentorship, MentorshipAgreement, PlanGoal
from tests.conftest import World
from tests.factories import MentorshipFactory

ANONYMOUS = "anonymous"
PERSONAS = World.PERSONAS
LOGIN = 302


def only(*allowed: str, status: int = 200, **others: int) -> dict[str, int]:
    """`allowed` get `status`; named personas get their own status; the rest 404."""
    expected = {p: status if p in allowed else others.get(p, 404) for p in PERSONAS}
    return {ANONYMOUS: LOGIN, **expected}


def build_extra(world: World) -> dict:
    """A draft plan with a goal, an agreement, an open change request from the mentee, and
    an ended mentorship between the mentee and the outsider."""
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    PlanGoal.objects.create(plan=plan, domain="research", description="Grant",
                            target_year=datetime.date.today().year + 2)
    MentorshipAgreement.objects.create(
        mentorship=world.mentorship, goals="g", meeting_plan="m", confidentiality="c",
        roles="r", raising_concerns="p", no_fault_ending="n",
        review_date=datetime.date.today() + datetime.timedelta(days=300))
    request = ChangeRequest.objects.create(mentee=world.mentee, division=world.division,
                                           kind="different", mentorship=world.mentorship,
                                           reason="Confidential reason")
    ended = MentorshipFactory(mentee=world.mentee, mentor=world.outsider,
                              kind=Mentorship.Kind.INFORMAL,
                              end_date=datetime.date.today(), end_reason="completed")
    return {"plan": plan, "request": request, "ended": ended}


def mentee_pk(world, extra):
    return {"pk": world.mentee.pk}


def mentorship_pk(world, extra):
    return {"pk": world.mentorship.pk}


def request_pk(world, extra):
    return {"pk": extra["request"].pk}


def none(world, extra):
    return {}


PLAN_READERS = ("mentee", "mentor", "director", "vicechair", "admin")
READ_ONLY_LEADERS = {"director": 403, "vicechair": 403, "admin": 403}
MEMBERS = ("mentee", "mentor")
REQUEST_READERS = ("mentee", "director", "facilitator", "admin")
EVERYONE = PERSONAS

MATRIX_ROWS = [
    ("programs:plan_detail", mentee_pk, "get", only(*PLAN_READERS)),
    ("programs:plan_edit", mentee_pk, "get", only("mentee", "mentor", **READ_ONLY_LEADERS)),
    # An empty post: the editors see the form again; readers may not change it.
    ("programs:plan_edit", mentee_pk, "post", only("mentee", "mentor", **READ_ONLY_LEADERS)),
    ("programs:plan_submit", mentee_pk, "post",
     only("mentee", status=302, mentor=403, **READ_ONLY_LEADERS)),
    ("programs:plan_review", mentee_pk, "post",
     only("director", status=302, mentee=403, mentor=403, vicechair=403, admin=403)),
    ("programs:plan_progress", mentee_pk, "post",
     only("mentee", status=302, mentor=403, **READ_ONLY_LEADERS)),
    ("programs:plan_versions", mentee_pk, "get", only(*PLAN_READERS)),
    ("programs:division_plans", lambda w, e: {"pk": w.division.pk}, "get",
     only("director", "vicechair", "admin")),
    ("programs:division_plans", lambda w, e: {"pk": w.other_division.pk}, "get",
     only("otherdirector", "vicechair", "admin")),
    ("programs:agreement", mentorship_pk, "get", only(*MEMBERS)),
    ("programs:agreement", mentorship_pk, "post", only(*MEMBERS)),
    ("programs:agreement_acknowledge", mentorship_pk, "post", only(*MEMBERS, status=302)),
    ("programs:mentorship_end", mentorship_pk, "get",
     only("mentee", "mentor", "facilitator", "admin")),
    ("programs:mentorship_end", mentorship_pk, "post",
     only("mentee", "mentor", "facilitator", "admin")),
    ("programs:exit_feedback", lambda w, e: {"pk": e["ended"].pk}, "get",
     only("mentee", "outsider")),
    ("programs:exit_feedback", mentorship_pk, "get", only()),  # not ended: nobody
    ("programs:change_requests", none, "get",
     only("director", "facilitator", "otherdirector", "admin")),
    ("programs:change_request_new", none, "get", only(*EVERYONE)),
    ("programs:change_request_new", none, "post", only(*EVERYONE)),
    ("programs:change_request_detail", request_pk, "get", only(*REQUEST_READERS)),
    ("programs:change_request_resolve", request_pk, "post",
     only("director", "facilitator", "admin", mentee=403)),
    ("programs:guidelines", none, "get", only(*EVERYONE)),
    ("programs:guideline_detail", lambda w, e: {"slug": "definitions"}, "get", only(*EVERYONE)),
    ("programs:guideline_edit", lambda w, e: {"slug": "definitions"}, "get", only("admin")),
    ("programs:guideline_edit", lambda w, e: {"slug": "definitions"}, "post", only("admin")),
]


def cells():
    return [
        pytest.param(index, persona, id=f"{method.upper()} {name} #{index}-{persona}")
        for index, (name, _, method, _) in enumerate(MATRIX_ROWS)
        for persona in (ANONYMOUS, *PERSONAS)
    ]


@pytest.mark.parametrize(("index", "persona"), cells())
def test_status(client, world, login, index: int, persona: str):
    name, kwargs, method, expected = MATRIX_ROWS[index]
    extra = build_extra(world)
    if persona != ANONYMOUS:
        login(world.person(persona))
    url = reverse(name, kwargs=kwargs(world, extra))
    response = getattr(client, method)(url, {})
    assert response.status_code == expected[persona], (
        f"{method.upper()} {name} as {persona}: expected {expected[persona]}, "
        f"got {response.status_code}")
    if persona == ANONYMOUS:
        assert response["Location"].startswith(reverse("account_login"))


def test_every_row_covers_every_persona():
    for name, _, _, expected in MATRIX_ROWS:
        assert set(expected) == {ANONYMOUS, *PERSONAS}, name


def test_the_mentor_sees_nothing_of_a_change_request(client, world, login):
    extra = build_extra(world)
    login(world.mentor)
    for url in (reverse("home"), reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk}),
                reverse("programs:plan_detail", kwargs={"pk": world.mentee.pk})):
        body = client.get(url).content.decode()
        assert "Confidential reason" not in body
        assert reverse("programs:change_request_detail",
                       kwargs={"pk": extra["request"].pk}) not in body
