"""The permission matrix for every programs URL: profiles, rosters, roster import and
export, plans, agreements, ending, exit feedback, change requests and guidelines."""

import datetime

import pytest
from django.urls import reverse

from programs.models import (
    AcademicPlan,
    ChangeRequest,
    FacultyMember,
    Mentorship,
    MentorshipAgreement,
    PlanGoal,
    RosterImport,
    User,
)
from programs.notifications import notify, unsubscribe_token
from programs.selectors.roster import export_rows, plan_import
from tests.conftest import World
from tests.permissions import PERSONAS, Row, cells, check_cell, no_kwargs, only
from tests.programs.factories import DevelopmentEventFactory, MentorshipFactory


def roster_import_record(world: World) -> RosterImport:
    """A previewed (not yet applied) import: the world's roster plus one newcomer."""
    rows = [",".join(f'"{value}"' for value in row) for row in export_rows(world.department)]
    rows.append(",".join([
        "N900001", "newcomer@test.example", "New", "Comer", world.division.name,
        world.mentee.site.name, "assistant", world.mentee.position.name, "2025-07-01",
        "no", "yes", "active", "", "",
    ]))
    return RosterImport.objects.create(
        department=world.department, uploaded_by=world.admin.user,
        filename="roster.csv", content="\n".join(rows) + "\n",
    )


def confirm_latest_import(world: World) -> dict:
    """What the preview's Import button posts: the fingerprint of the plan it showed."""
    record = RosterImport.objects.latest("pk")
    return {"plan": plan_import(record.content, record.department).fingerprint}


PROFILE_OF_MENTEE = only("mentee", "mentor", "director", "facilitator", "vicechair", "admin")
PROFILE_OF_OUTSIDER = only("outsider", "otherdirector", "vicechair", "admin")
ROSTER_OF_MENTEES_DIVISION = only("director", "facilitator", "vicechair", "admin")
ROSTER_OF_OTHER_DIVISION = only("otherdirector", "vicechair", "admin")
PROGRAM_ADMIN_ONLY = only("admin")

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


def facilitators_only_request(world: World) -> dict:
    """The mentee's request, kept from their Division Director."""
    request = ChangeRequest.objects.create(
        mentee=world.mentee, division=world.division, kind="additional",
        reason="Not for my director", audience=ChangeRequest.Audience.FACILITATORS_ONLY)
    return {"pk": request.pk}


def mentee_pk(world, extra):
    return {"pk": world.mentee.pk}


def mentorship_pk(world, extra):
    return {"pk": world.mentorship.pk}


def request_pk(world, extra):
    return {"pk": extra["request"].pk}


def none(world, extra):
    return {}


def definitions(world):
    return {"slug": "definitions"}


PLAN_READERS = ("mentee", "mentor", "director", "vicechair", "admin")
READ_ONLY_LEADERS = {"director": 403, "vicechair": 403, "admin": 403}
MEMBERS = ("mentee", "mentor")
REQUEST_READERS = ("mentee", "director", "facilitator", "admin")
EVERYONE = PERSONAS

def with_extra(kwargs):
    """Rows that point at the objects of `build_extra`: every such row builds them all, so
    each page is seen with the same plan, agreement, request and ended mentorship."""
    return lambda world: kwargs(world, build_extra(world))


def event_pk(world: World) -> dict:
    """A session coming up, in the world's department."""
    return {"pk": DevelopmentEventFactory(department=world.department).pk}


def started_event_pk(world: World) -> dict:
    """Yesterday's session, organised by the facilitator, with the newcomer registered."""
    event = DevelopmentEventFactory(
        department=world.department, organiser=world.facilitator,
        starts_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1))
    event.registrations.create(person=world.newfaculty)
    return {"pk": event.pk}


def other_department_event_pk(world: World) -> dict:
    return {"pk": DevelopmentEventFactory().pk}


EVENT_MANAGERS = ("facilitator", "admin")  # the organiser, and the program admin

def mentees_notification_pk(world: World) -> dict:
    row = notify(key=f"nudge:mentorship-1:2026-11:user-{world.mentee.user_id}",
                 to=world.mentee.email, subject="Time to meet", body="Plan a meeting.")
    return {"pk": row.pk}


def mentees_unsubscribe_token(world: World) -> dict:
    return {"token": unsubscribe_token(user_id=world.mentee.user_id, kind="nudge")}


MATRIX: list[Row] = [
    Row("programs:faculty_detail", lambda w: {"pk": w.mentee.pk}, PROFILE_OF_MENTEE,
        label="mentee's profile"),
    Row("programs:faculty_detail", lambda w: {"pk": w.outsider.pk}, PROFILE_OF_OUTSIDER,
        label="outsider's profile"),
    # One's own privacy page: it has no id, so everyone with a faculty record gets their own.
    Row("programs:my_privacy", no_kwargs, only(*PERSONAS)),
    # An empty post: the form again, with "tick the consent box"; nothing is written.
    Row("programs:my_privacy", no_kwargs, only(*PERSONAS), method="post"),
    Row("programs:my_privacy", no_kwargs, only(*PERSONAS, status=302), method="post",
        label="withdraw", data=lambda w: {"withdraw": "1"}),
    Row("programs:division_roster", lambda w: {"pk": w.division.pk},
        ROSTER_OF_MENTEES_DIVISION, label="mentee's division"),
    Row("programs:division_roster", lambda w: {"pk": w.other_division.pk},
        ROSTER_OF_OTHER_DIVISION, label="other division"),
    Row("programs:roster_import", no_kwargs, PROGRAM_ADMIN_ONLY),
    # An empty upload: the admin sees the form again with errors; others learn nothing.
    Row("programs:roster_import", no_kwargs, PROGRAM_ADMIN_ONLY, method="post",
        label="empty upload"),
    Row("programs:roster_import_preview", lambda w: {"pk": roster_import_record(w).pk},
        PROGRAM_ADMIN_ONLY),
    # Applying an import: only the admin may, and is sent back to the preview.
    Row("programs:roster_import_preview", lambda w: {"pk": roster_import_record(w).pk},
        only("admin", status=302), method="post", label="apply", data=confirm_latest_import),
    Row("programs:roster_export", no_kwargs, PROGRAM_ADMIN_ONLY),
    Row("programs:roster_sample", no_kwargs, PROGRAM_ADMIN_ONLY),

    Row("programs:plan_detail", with_extra(mentee_pk), only(*PLAN_READERS)),
    Row("programs:plan_edit", with_extra(mentee_pk), only("mentee", "mentor", **READ_ONLY_LEADERS)),
    # An empty post: the editors see the form again; readers may not change it.
    Row("programs:plan_edit", with_extra(mentee_pk), only("mentee", "mentor", **READ_ONLY_LEADERS),
        method="post"),
    Row("programs:plan_submit", with_extra(mentee_pk),
        only("mentee", status=302, mentor=403, **READ_ONLY_LEADERS), method="post"),
    Row("programs:plan_review", with_extra(mentee_pk),
        only("director", status=302, mentee=403, mentor=403, vicechair=403, admin=403),
        method="post"),
    # An empty note: the mentee sees the plan page again, with the message by the note.
    Row("programs:plan_progress", with_extra(mentee_pk),
        only("mentee", mentor=403, **READ_ONLY_LEADERS), method="post"),
    Row("programs:plan_versions", with_extra(mentee_pk), only(*PLAN_READERS)),
    Row("programs:division_plans", with_extra(lambda w, e: {"pk": w.division.pk}),
        only("director", "vicechair", "admin"), label="mentee's division"),
    Row("programs:division_plans", with_extra(lambda w, e: {"pk": w.other_division.pk}),
        only("otherdirector", "vicechair", "admin"), label="other division"),
    Row("programs:agreement", with_extra(mentorship_pk), only(*MEMBERS)),
    Row("programs:agreement", with_extra(mentorship_pk), only(*MEMBERS), method="post"),
    Row("programs:agreement_acknowledge", with_extra(mentorship_pk), only(*MEMBERS, status=302),
        method="post"),
    Row("programs:mentorship_end", with_extra(mentorship_pk),
        only("mentee", "mentor", "facilitator", "admin")),
    Row("programs:mentorship_end", with_extra(mentorship_pk),
        only("mentee", "mentor", "facilitator", "admin"), method="post"),
    Row("programs:change_requests", with_extra(none),
        only("director", "facilitator", "otherdirector", "admin")),
    Row("programs:change_request_new", with_extra(none), only(*EVERYONE)),
    Row("programs:my_change_requests", with_extra(none), only(*EVERYONE)),
    Row("programs:change_request_new", with_extra(none), only(*EVERYONE), method="post"),
    Row("programs:change_request_detail", with_extra(request_pk), only(*REQUEST_READERS)),
    Row("programs:change_request_resolve", with_extra(request_pk),
        only("director", "facilitator", "admin", mentee=403), method="post"),
    Row("programs:change_request_detail", facilitators_only_request,
        only("mentee", "facilitator", "admin"), label="facilitators only"),
    Row("programs:change_request_resolve", facilitators_only_request,
        only("facilitator", "admin", mentee=403), method="post", label="facilitators only"),
    Row("programs:guidelines", with_extra(none), only(*EVERYONE)),
    Row("programs:guideline_detail", definitions, only(*EVERYONE)),
    Row("programs:guideline_edit", definitions, only("admin")),
    Row("programs:guideline_edit", definitions, only("admin"), method="post"),
    # Faculty development: the department's events are everyone's in it.
    Row("programs:events", no_kwargs, only(*EVERYONE)),
    Row("programs:event_new", no_kwargs, only("admin")),
    # An empty post: the form again, with what is missing.
    Row("programs:event_new", no_kwargs, only("admin"), method="post"),
    Row("programs:event_detail", event_pk, only(*EVERYONE)),
    Row("programs:event_detail", other_department_event_pk, only(), label="nobody"),
    Row("programs:event_register", event_pk, only(*EVERYONE, status=302), method="post"),
    Row("programs:event_register", other_department_event_pk, only(), method="post",
        label="nobody"),
    Row("programs:event_cancel", event_pk, only(*EVERYONE, status=302), method="post"),
    Row("programs:event_ics", event_pk, only(*EVERYONE)),
    Row("programs:event_attendance", started_event_pk, only(*EVENT_MANAGERS)),
    Row("programs:event_attendance", started_event_pk, only(*EVENT_MANAGERS, status=302),
        method="post"),
    # The notification centre: each person's own, with no id but their own rows'.
    Row("programs:notification_centre", no_kwargs, only(*PERSONAS)),
    Row("programs:notification_read", mentees_notification_pk, only("mentee", status=302),
        method="post"),
    Row("programs:notifications_read_all", no_kwargs, only(*PERSONAS, status=302),
        method="post"),
    Row("programs:notification_preferences", no_kwargs, only(*PERSONAS)),
    Row("programs:notification_preferences", no_kwargs, only(*PERSONAS, status=302),
        method="post", data=lambda w: {"kind_nudge": "digest"}),
    # From an email: works signed out, for whoever holds the link (it changes only the
    # mentee's choice for one kind); GET asks, POST does.
    Row("programs:unsubscribe", mentees_unsubscribe_token, only(*PERSONAS, anonymous=200)),
    Row("programs:unsubscribe", mentees_unsubscribe_token, only(*PERSONAS, anonymous=200),
        method="post"),
    Row("programs:job_runs", no_kwargs, PROGRAM_ADMIN_ONLY),
]


@pytest.mark.parametrize(("row", "persona"), cells(MATRIX))
def test_status(client, world, login, row: Row, persona: str):
    check_cell(client, world, login, row, persona)


def test_a_non_admin_cannot_apply_an_import(client, world, login):
    """The POST rows above check the status; this checks nothing was written."""
    record = roster_import_record(world)
    login(world.director)
    client.post(reverse("programs:roster_import_preview", kwargs={"pk": record.pk}))
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEWED
    assert not User.objects.filter(email="newcomer@test.example").exists()


def test_the_admin_applies_an_import_through_the_matrix_row(client, world, login):
    """So the admin's 302 on the apply row is a real import, not a bounce."""
    record = roster_import_record(world)
    login(world.admin)
    client.post(reverse("programs:roster_import_preview", kwargs={"pk": record.pk}),
                confirm_latest_import(world))
    record.refresh_from_db()
    assert record.status == RosterImport.Status.APPLIED
    assert FacultyMember.objects.filter(user__email="newcomer@test.example").exists()


def test_the_mentor_sees_nothing_of_a_change_request(client, world, login):
    extra = build_extra(world)
    login(world.mentor)
    for url in (reverse("home"), reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk}),
                reverse("programs:plan_detail", kwargs={"pk": world.mentee.pk})):
        body = client.get(url).content.decode()
        assert "Confidential reason" not in body
        assert reverse("programs:change_request_detail",
                       kwargs={"pk": extra["request"].pk}) not in body
