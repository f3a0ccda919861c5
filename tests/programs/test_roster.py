"""Roster CSV import and export: the plan (programs.selectors.roster), the writes
(programs.services.roster) and the three roster views. How files are read (encodings,
delimiters, shapes, bounds) is in test_roster_files.py; property-based tests in
test_roster_properties.py."""

import contextlib
import csv
import datetime
import io
import threading

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import (
    Department,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    RosterImport,
    User,
)
from programs.selectors.roster import COLUMNS, RosterFileError, plan_import
from programs.services.roster import RosterImportError, roster_import_apply
from tests.programs.factories import DepartmentFactory, DivisionFactory, RoleFactory

TODAY = datetime.date.today()


def person_row(**overrides) -> dict:
    row = {
        "employee_id": "E900001", "email": "ada.lovelace@hospital.example",
        "first_name": "Ada", "last_name": "Lovelace", "division": "General Internal Medicine",
        "site": "Lakeshore General Hospital", "rank": "Assistant Professor",
        "position": "Clinician scientist", "appointment_date": "2023-07-01",
        "trained_here": "no", "new_to_country": "yes", "status": "active",
        "departure_date": "", "departure_reason": "",
    }
    row.update(overrides)
    return row


ADA = person_row()
GRACE = person_row(employee_id="E900002", email="grace.hopper@hospital.example",
                   first_name="Grace", last_name="Hopper", division="cardiology", site="LGH",
                   rank="full", position="clinician-teacher", appointment_date="2001-01-15",
                   trained_here="yes", new_to_country="no")


def to_csv(*rows: dict, columns=COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in columns})
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return User.objects.count(), FacultyMember.objects.count(), Mentorship.objects.active().count()


def import_text(world, text: str) -> RosterImport:
    """Store `text` as an import and apply it; a file that does not apply stays previewed."""
    record = RosterImport.objects.create(department=world.department, filename="roster.csv",
                                         content=text, uploaded_by=world.admin.user)
    with contextlib.suppress(RosterImportError):
        roster_import_apply(roster_import=record)
    record.refresh_from_db()
    return record


def confirm(client, preview_url: str, **kwargs):
    """Press Import on the preview page, as the browser would: with the plan's fingerprint."""
    preview = client.get(preview_url)
    assert preview.status_code == 200
    return client.post(preview_url, {"plan": preview.context["confirm"]["plan"].value()},
                       **kwargs)


def upload(client, content, name="roster.csv", department=None):
    data = content.encode() if isinstance(content, str) else content
    department = department or Department.objects.get(slug="medicine").pk
    return client.post(reverse("programs:roster_import"), {
        "department": department,
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
    })


# --- A good file --------------------------------------------------------------------


def test_it_plans_and_creates_people_from_a_good_file(world):
    before = counts()
    record = import_text(world, to_csv(ADA, GRACE))
    assert record.status == RosterImport.Status.APPLIED
    assert (record.created_count, record.updated_count, record.unchanged_count) == (2, 0, 0)
    assert counts()[:2] == (before[0] + 2, before[1] + 2)

    ada = FacultyMember.objects.select_related("user", "division", "position").get(
        employee_id="E900001")
    assert ada.user.email == "ada.lovelace@hospital.example"
    assert ada.user.get_full_name() == "Ada Lovelace"
    assert ada.user.is_active
    assert not ada.user.has_usable_password()
    assert ada.department == world.department
    assert ada.division == world.division
    assert ada.rank == FacultyMember.Rank.ASSISTANT
    assert ada.position.slug == "clinician-scientist"
    assert ada.appointment_date == datetime.date(2023, 7, 1)
    assert (ada.trained_here, ada.new_to_country) == (False, True)

    grace = FacultyMember.objects.get(employee_id="E900002")
    assert grace.division == world.other_division  # matched on the division slug
    assert grace.rank == FacultyMember.Rank.FULL
    assert grace.trained_here is True


def test_it_writes_nothing_while_planning(world):
    before = counts()
    plan = plan_import(to_csv(ADA, GRACE), world.department)
    assert plan.is_clean
    assert [row.action for row in plan.rows] == ["create", "create"]
    assert counts() == before


def test_it_shows_a_preview_and_imports_on_confirmation_through_the_views(client, world, login):
    login(world.admin)
    before = counts()
    response = upload(client, to_csv(ADA, GRACE))
    record = RosterImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programs:roster_import_preview", args=[record.pk])
    assert counts() == before  # a preview writes nothing

    preview = client.get(response.url)
    assert preview.context["counts"] == {"create": 2, "update": 0, "unchanged": 0}
    assert "ada.lovelace@hospital.example" in preview.content.decode()

    applied = confirm(client, response.url, follow=True)
    assert "2 added, 0 updated, 0 unchanged" in applied.content.decode()
    assert counts()[:2] == (before[0] + 2, before[1] + 2)


def test_it_accepts_a_utf8_file_with_a_byte_order_mark_and_accents(client, world, login):
    login(world.admin)
    text = to_csv(person_row(first_name="Zoë", last_name="Ødegård"))
    response = upload(client, "\ufeff" + text)
    assert response.status_code == 302
    confirm(client, response.url)
    user = User.objects.get(email=ADA["email"])
    assert (user.first_name, user.last_name) == ("Zoë", "Ødegård")


# --- A file with bad rows --------------------------------------------------------------


def bad_file() -> str:
    """Header, good rows with a blank line between them, then bad rows."""
    return to_csv(
        ADA,                                                     # line 2
        person_row(employee_id="E900003", email="quoted@hospital.example",
                   departure_reason='Moved to "St. Elsewhere", abroad'),  # line 3
    ) + "\r\n" + to_csv(                                         # line 4 is blank
        person_row(employee_id="E900004", email="bad-div@hospital.example",
                   division="Astrology"),                        # line 5
        GRACE,                                                   # line 6
        person_row(employee_id="E900005", email="bad-date@hospital.example",
                   appointment_date="01/07/2023"),               # line 7
        person_row(employee_id="E900006", email="not-an-email", rank="Dean"),  # line 8
    ).split("\r\n", 1)[1]


def test_it_reports_each_bad_row_with_its_line_number(world):
    plan = plan_import(bad_file(), world.department)
    assert not plan.is_clean
    assert [error.line for error in plan.errors] == [5, 7, 8]
    assert "Unknown division 'Astrology'" in plan.errors[0].message
    assert "General Internal Medicine" in plan.errors[0].message  # says what would work
    assert "01/07/2023" in plan.errors[1].message
    assert "email" in plan.errors[2].message.lower()
    assert "Unknown rank 'Dean'" in plan.errors[2].message  # every problem in the row


def test_it_refuses_a_value_that_runs_over_several_lines_and_names_the_lines(world):
    """No roster value holds a line break; a quoted one is how rows get swallowed."""
    text = to_csv(ADA, person_row(employee_id="E900007", email="wrap@hospital.example",
                                  departure_reason="One\ntwo\nthree"), GRACE)
    with pytest.raises(RosterFileError) as caught:
        plan_import(text, world.department)
    [problem] = caught.value.problems
    assert (problem.line, problem.last_line, problem.lines) == (3, 5, "3–5")
    assert "runs over 3 lines" in problem.message
    assert "quotation mark on line 3" in problem.message


def test_an_unbalanced_quote_does_not_swallow_the_next_person(client, world, login):
    """The reported fault: Ada's reason opens a quote that the next row's quotes close, so
    Grace became part of Ada's departure_reason and the preview said "clean"."""
    login(world.admin)
    lines = to_csv(ADA, GRACE).split("\r\n")
    lines[1] += '"Left for a post abroad'  # opens departure_reason; never closed
    lines[2] += 'see HR"'  # Grace's own reason: its quote closes Ada's
    text = "\r\n".join(lines)
    response = upload(client, text)
    assert response.status_code == 200
    [problem] = response.context["file_errors"]
    assert problem.line == 2 and problem.last_line == 3
    page = response.content.decode()
    assert "<td>2–3</td>" in page
    assert "Nothing has been stored or written" in page
    assert not RosterImport.objects.exists()
    assert not User.objects.filter(email__in=[ADA["email"], GRACE["email"]]).exists()


def test_it_counts_blank_lines_in_line_numbers(world):
    text = to_csv(ADA).replace("\r\n", "\r\n\r\n", 1) + "\r\n" + to_csv(
        person_row(email="x@hospital.example", employee_id="", division="Nope")).split(
        "\r\n", 1)[1]
    plan = plan_import(text, world.department)
    # header, blank, Ada, blank, bad row
    assert [error.line for error in plan.errors] == [5]


def test_it_writes_nothing_from_a_file_with_bad_rows(world):
    before = counts()
    record = import_text(world, bad_file())
    assert record.status == RosterImport.Status.PREVIEWED
    assert counts() == before
    assert not User.objects.filter(email=ADA["email"]).exists()


def test_it_shows_bad_rows_on_the_preview_and_refuses_to_apply(client, world, login):
    login(world.admin)
    before = counts()
    response = upload(client, bad_file())
    preview = client.get(response.url)
    page = preview.content.decode()
    assert "3 rows need fixing. Nothing has been written." in page
    assert "<td>5</td><td>Unknown division" in page
    assert "Importing it will add" not in page
    assert '<button type="submit" class="btn btn-primary">Import' not in page
    applied = client.post(response.url, {"plan": "anything"}, follow=True)
    assert "no longer imports cleanly" in applied.content.decode()
    assert counts() == before
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED


def test_it_requires_a_departure_date_for_a_departed_person(world):
    plan = plan_import(to_csv(person_row(status="departed")), world.department)
    assert [(e.line, e.message) for e in plan.errors] == [
        (2, "departure_date is required when status is departed.")]


def test_it_refuses_a_row_with_more_values_than_the_header_has_columns(world):
    """Usually an unquoted comma inside a value: every later value would shift by one."""
    text = to_csv(ADA) + to_csv(GRACE).split("\r\n", 1)[1].rstrip("\r\n") + ",extra\r\n"
    with pytest.raises(RosterFileError) as caught:
        plan_import(text, world.department)
    assert [problem.line for problem in caught.value.problems] == [3]
    assert "15 values but the header names 14 columns" in str(caught.value)
    assert "must be in quotation marks" in str(caught.value)


def test_it_accepts_trailing_empty_values_beyond_the_header(world):
    """Spreadsheets often leave a trailing separator on data rows; nothing shifts."""
    header, *rows = to_csv(ADA, GRACE).split("\r\n")
    text = "\r\n".join([header, *(row + ",," for row in rows if row)]) + "\r\n"
    plan = plan_import(text, world.department)
    assert plan.is_clean
    assert plan.count("create") == 2


# --- Duplicates within the file ----------------------------------------------------------


def test_it_reports_a_repeated_email_in_the_file(world):
    twin = person_row(employee_id="E900009", email="ADA.Lovelace@hospital.example")
    plan = plan_import(to_csv(ADA, GRACE, twin), world.department)
    assert [(e.line, e.message) for e in plan.errors] == [
        (4, "The email ada.lovelace@hospital.example is also on line 2.")]


def test_it_reports_a_repeated_employee_id_in_the_file(world):
    twin = person_row(email="someone.else@hospital.example", employee_id="e900001")
    plan = plan_import(to_csv(ADA, twin), world.department)
    assert [(e.line, e.message) for e in plan.errors] == [
        (3, "The employee id e900001 is also on line 2.")]


def test_it_refuses_an_employee_id_that_belongs_to_someone_else(world):
    row = person_row(email=world.outsider.email, employee_id=world.mentee.employee_id)
    plan = plan_import(to_csv(row), world.department)
    assert len(plan.errors) == 1
    assert world.mentee.email in plan.errors[0].message


def test_it_refuses_a_person_from_another_departments_roster(world):
    other = DepartmentFactory(name="Department of Surgery", slug="surgery")
    DivisionFactory(department=other, name="General Internal Medicine", slug="gim")
    row = person_row(email=world.outsider.email, employee_id=world.outsider.employee_id)
    plan = plan_import(to_csv(row), other)
    assert "another department" in plan.errors[0].message


# --- Re-import and in-place updates --------------------------------------------------


def test_it_finds_nothing_to_change_when_the_same_file_is_imported_again(world):
    text = to_csv(ADA, GRACE)
    import_text(world, text)
    before = counts()
    second = import_text(world, text)
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 2)
    assert counts() == before


def test_it_updates_in_place_keyed_on_employee_id(world):
    import_text(world, to_csv(ADA, GRACE))
    ada_pk = FacultyMember.objects.get(employee_id="E900001").pk
    before = counts()
    moved = person_row(email="ada.king@hospital.example", last_name="King",
                       rank="Associate Professor", division="Cardiology")
    plan = plan_import(to_csv(moved, GRACE), world.department)
    assert [(row.action, sorted(row.changed)) for row in plan.rows] == [
        ("update", ["division_id", "email", "last_name", "rank"]), ("unchanged", [])]
    record = import_text(world, to_csv(moved, GRACE))
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 1, 1)
    assert counts() == before
    ada = FacultyMember.objects.select_related("user").get(pk=ada_pk)
    assert ada.user.email == "ada.king@hospital.example"
    assert ada.user.last_name == "King"
    assert ada.rank == FacultyMember.Rank.ASSOCIATE
    assert ada.division == world.other_division
    assert not User.objects.filter(email=ADA["email"]).exists()


def test_it_updates_in_place_keyed_on_email_when_the_file_has_no_employee_id(world):
    before = counts()
    row = person_row(employee_id="", email=world.outsider.email.upper(),
                     first_name="Olive", last_name="Outsider", division="Cardiology",
                     rank="Associate Professor", position="Clinician teacher",
                     appointment_date=world.outsider.appointment_date.isoformat(),
                     new_to_country="no")
    record = import_text(world, to_csv(row))
    assert (record.created_count, record.updated_count) == (0, 1)
    assert counts() == before
    outsider = FacultyMember.objects.select_related("user").get(pk=world.outsider.pk)
    assert outsider.user.first_name == "Olive"
    assert outsider.rank == FacultyMember.Rank.ASSOCIATE
    assert outsider.employee_id == world.outsider.employee_id  # a blank id never erases one


def test_it_adds_an_employee_id_to_a_person_matched_on_email(world):
    world.outsider.employee_id = None
    world.outsider.save()
    row = person_row(employee_id="E777", email=world.outsider.email, division="Cardiology")
    import_text(world, to_csv(row))
    assert FacultyMember.objects.get(pk=world.outsider.pk).employee_id == "E777"
    assert FacultyMember.objects.filter(user__email=world.outsider.email).count() == 1


def test_it_gives_a_faculty_record_to_an_existing_user_without_one(world):
    user = User.objects.create_user(email="staff.only@hospital.example", password="x" * 12)
    before_users = User.objects.count()
    import_text(world, to_csv(person_row(email="staff.only@hospital.example")))
    assert User.objects.count() == before_users
    assert FacultyMember.objects.get(user=user).employee_id == "E900001"
    assert User.objects.get(pk=user.pk).has_usable_password()  # their password is kept


# --- Departures --------------------------------------------------------------------------


def test_it_ends_open_mentorships_and_deactivates_the_login_of_a_departed_person(world):
    other = Mentorship.objects.create(mentee=world.newfaculty, mentor=world.mentor,
                                      kind=Mentorship.Kind.INFORMAL,
                                      start_date=TODAY - datetime.timedelta(days=50))
    left_on = TODAY - datetime.timedelta(days=3)
    mentor = world.mentor
    row = person_row(
        employee_id=mentor.employee_id, email=mentor.email, first_name="Mentor",
        last_name="Tester", division=mentor.division.name, rank="Full Professor",
        position=mentor.position.name, appointment_date=mentor.appointment_date.isoformat(),
        new_to_country="no", status="Departed", departure_date=left_on.isoformat(),
        departure_reason="Moved away")
    untouched_before = Mentorship.objects.active().exclude(mentor=mentor).count()
    record = import_text(world, to_csv(row))
    assert record.updated_count == 1

    mentor.refresh_from_db()
    assert mentor.status == FacultyMember.Status.DEPARTED
    assert mentor.departure_date == left_on
    assert not User.objects.get(pk=mentor.user_id).is_active
    for mentorship in (world.mentorship, other):
        mentorship.refresh_from_db()
        assert mentorship.end_date == left_on
        assert mentorship.end_reason == Mentorship.EndReason.DEPARTURE
    assert Mentorship.objects.filter(mentor=mentor).count() == 2  # kept as history
    assert Mentorship.objects.active().exclude(mentor=mentor).count() == untouched_before
    # Each mentee who stays is asked the exit questions about the mentorship; the departed
    # mentor, who can no longer sign in, is not.
    from surveys.models import Invitation

    assert set(Invitation.objects.filter(run__audience="exit").values_list(
        "person_id", "mentorship_id")) == {(world.mentee.pk, world.mentorship.pk),
                                           (world.newfaculty.pk, other.pk)}


def test_it_creates_a_departed_newcomer_without_a_working_login(world):
    row = person_row(status="departed", departure_date="2024-06-30", departure_reason="Retired")
    import_text(world, to_csv(row))
    person = FacultyMember.objects.select_related("user").get(employee_id="E900001")
    assert person.status == FacultyMember.Status.DEPARTED
    assert not person.user.is_active


def test_it_reactivates_the_login_of_a_person_who_returns(world):
    import_text(world, to_csv(person_row(status="departed", departure_date="2024-06-30")))
    import_text(world, to_csv(ADA))
    assert User.objects.get(email=ADA["email"]).is_active


# --- Double submission, races, and a preview that went stale -----------------------------


def test_it_applies_a_double_submitted_preview_once(client, world, login):
    login(world.admin)
    response = upload(client, to_csv(ADA, GRACE))
    url = response.url
    plan = client.get(url).context["confirm"]["plan"].value()
    before = counts()
    first = client.post(url, {"plan": plan})
    second = client.post(url, {"plan": plan})
    assert first.status_code == second.status_code == 302
    assert counts()[:2] == (before[0] + 2, before[1] + 2)
    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.APPLIED
    assert (record.created_count, record.updated_count, record.unchanged_count) == (2, 0, 0)
    texts = [str(m) for m in get_messages(second.wsgi_request)]
    assert "This file was already imported; nothing changed." in texts
    assert not any("Roster imported" in text for text in texts[1:])


def test_a_second_click_that_loses_the_race_never_says_0_added(client, world, login,
                                                               monkeypatch):
    """The reported fault: both clicks read the import before either applied it; the loser
    found it applied and announced its own stale counts ("0 added") beside the page's
    banner ("2 added")."""
    from programs.views import roster as roster_views

    login(world.admin)
    url = upload(client, to_csv(ADA, GRACE)).url
    plan = client.get(url).context["confirm"]["plan"].value()

    def first_click_wins_meanwhile(*, roster_import, **kwargs):
        # The other click applies between this request's read and its apply.
        roster_import_apply(roster_import=RosterImport.objects.get(pk=roster_import.pk),
                            **kwargs)
        return roster_import_apply(roster_import=roster_import, **kwargs)

    monkeypatch.setattr(roster_views, "roster_import_apply", first_click_wins_meanwhile)
    page = client.post(url, {"plan": plan}, follow=True)
    text = page.content.decode()
    assert "This file was already imported; nothing changed." in text
    assert "0 added" not in text
    assert "2 added, 0 updated, 0 unchanged" in text  # the banner, from the stored counts
    assert User.objects.filter(email__in=[ADA["email"], GRACE["email"]]).count() == 2


def race(*jobs) -> list:
    """Run each job in its own thread and connection, released together; their errors."""
    from django.db import connection

    barrier = threading.Barrier(len(jobs))
    failures = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return failures


def skip_on_sqlite():
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs row locks (PostgreSQL).")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_applies_once_when_two_requests_race_to_confirm(world):
    skip_on_sqlite()
    record = RosterImport.objects.create(department=world.department, filename="r.csv",
                                         content=to_csv(ADA, GRACE))

    def apply():
        roster_import_apply(roster_import=RosterImport.objects.get(pk=record.pk))

    assert race(apply, apply) == []
    assert User.objects.filter(email__in=[ADA["email"], GRACE["email"]]).count() == 2
    record.refresh_from_db()
    assert (record.status, record.created_count) == (RosterImport.Status.APPLIED, 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_previews_of_the_same_new_people_confirmed_at_once_add_them_once(world):
    """The reported fault: two admins (or two tabs) each previewed a file adding Ada and
    Grace, and confirmed at the same moment: the second hit the unique email index (500).
    Now one wins and the other is told, in words, that nothing was written."""
    skip_on_sqlite()
    records = [RosterImport.objects.create(department=world.department, filename=f"{n}.csv",
                                           content=to_csv(ADA, GRACE)) for n in (1, 2)]
    fingerprints = {r.pk: plan_import(r.content, world.department).fingerprint
                    for r in records}
    outcomes = []

    def confirm_one(record):
        def job():
            try:
                roster_import_apply(roster_import=RosterImport.objects.get(pk=record.pk),
                                    expected_plan=fingerprints[record.pk])
                outcomes.append("applied")
            except RosterImportError as error:
                outcomes.append(error.code)
                assert "nothing was written" in str(error)
        return job

    assert race(*(confirm_one(record) for record in records)) == []
    assert sorted(outcomes) == ["applied", "changed"]
    assert User.objects.filter(email__in=[ADA["email"], GRACE["email"]]).count() == 2
    statuses = sorted(RosterImport.objects.values_list("status", flat=True))
    assert statuses == [RosterImport.Status.APPLIED, RosterImport.Status.PREVIEWED]


def test_a_stale_preview_writes_nothing_and_says_why(client, world, login):
    login(world.admin)
    first_url = upload(client, to_csv(ADA)).url
    second_url = upload(client, to_csv(ADA)).url
    stale_plan = client.get(second_url).context["confirm"]["plan"].value()
    confirm(client, first_url)  # Ada is added by the other preview
    page = client.post(second_url, {"plan": stale_plan}, follow=True)
    assert "The roster changed after this preview was shown" in page.content.decode()
    assert page.context["counts"] == {"create": 0, "update": 0, "unchanged": 1}  # updated
    second = RosterImport.objects.get(pk=int(second_url.rstrip("/").rsplit("/", 1)[1]))
    assert second.status == RosterImport.Status.PREVIEWED
    assert User.objects.filter(email=ADA["email"]).count() == 1


def test_a_confirm_without_the_previews_fingerprint_writes_nothing(client, world, login):
    login(world.admin)
    url = upload(client, to_csv(ADA)).url
    page = client.post(url, follow=True)
    assert "nothing was written" in page.content.decode()
    assert not User.objects.filter(email=ADA["email"]).exists()


def test_a_change_made_elsewhere_between_plan_and_write_is_reported_not_a_500(world,
                                                                               monkeypatch):
    """The department lock serialises imports; an edit in the Django admin can still land
    between the plan and the write. The unique index catches it and nothing is written."""
    from programs.services import roster as roster_services

    real_plan = roster_services.plan_import

    def plan_then_someone_adds_grace(text, department):
        plan = real_plan(text, department)
        User.objects.create_user(email=GRACE["email"])
        return plan

    monkeypatch.setattr(roster_services, "plan_import", plan_then_someone_adds_grace)
    record = RosterImport.objects.create(department=world.department, filename="r.csv",
                                         content=to_csv(ADA, GRACE))
    with pytest.raises(RosterImportError) as caught:
        roster_import_apply(roster_import=record)
    assert caught.value.code == "conflict"
    assert not User.objects.filter(email=ADA["email"]).exists()
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEWED


def test_the_result_page_of_an_applied_import_does_not_read_the_file_again(
        client, world, login, monkeypatch):
    from programs.views import roster as roster_views

    login(world.admin)
    url = upload(client, to_csv(ADA, GRACE)).url
    confirm(client, url)

    def must_not_plan(*args, **kwargs):
        raise AssertionError("the applied import's file was parsed again")

    monkeypatch.setattr(roster_views, "plan_import", must_not_plan)
    page = client.get(url)
    assert page.status_code == 200
    assert "2 added, 0 updated, 0 unchanged" in page.content.decode()


def test_it_keeps_the_first_counts_when_apply_is_called_twice(world):
    record = RosterImport.objects.create(department=world.department, filename="r.csv",
                                         content=to_csv(ADA))
    roster_import_apply(roster_import=record)
    roster_import_apply(roster_import=record)
    record.refresh_from_db()
    assert record.created_count == 1
    assert User.objects.filter(email=ADA["email"]).count() == 1


# --- Export --------------------------------------------------------------------------


def export(client) -> str:
    response = client.get(reverse("programs:roster_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def test_it_exports_every_person_in_the_department(client, world, login):
    login(world.admin)
    rows = list(csv.DictReader(io.StringIO(export(client))))
    assert list(rows[0]) == COLUMNS
    assert {row["email"] for row in rows} == set(
        FacultyMember.objects.filter(department=world.department).values_list(
            "user__email", flat=True))


def test_it_round_trips_an_export_as_unchanged(client, world, login):
    world.outsider.status = FacultyMember.Status.DEPARTED
    world.outsider.departure_date = TODAY - datetime.timedelta(days=40)
    world.outsider.departure_reason = 'Moved to "St. Elsewhere", abroad'
    world.outsider.save()
    world.newfaculty.user.last_name = "O'Neil, Jr."
    world.newfaculty.user.save()
    world.newfaculty.trained_here = True
    world.newfaculty.save()
    login(world.admin)
    text = export(client)
    assert "O'Neil, Jr." in text

    before = counts()
    response = upload(client, text)
    preview = client.get(response.url)
    total = FacultyMember.objects.filter(department=world.department).count()
    assert preview.context["counts"] == {"create": 0, "update": 0, "unchanged": total}
    confirm(client, response.url)
    assert counts() == before


def test_formula_characters_in_any_column_survive_export_then_import(client, world, login):
    """The reported fault: names starting with = + - @ gained an apostrophe on every round
    trip, and employee id and email were not guarded at all."""
    person = world.outsider
    person.employee_id, person.departure_reason = "-E42", "=HYPERLINK(\"x\")"
    person.save()
    person.user.email, person.user.first_name = "+outsider@test.example", "'=Quoted"
    person.user.last_name = "@Last"
    person.user.save()
    person.division.name = "=Cardiology"
    person.division.save()
    world.newfaculty.user.first_name = "'Ofa"  # a real leading apostrophe
    world.newfaculty.user.save()
    login(world.admin)
    text = export(client)
    assert "\n'-E42,'+outsider@test.example,''=Quoted,'@Last,'=Cardiology," in text

    for _ in range(2):  # twice: nothing accumulates
        response = upload(client, text)
        confirm(client, response.url)
        record = RosterImport.objects.latest("pk")
        assert (record.status, record.updated_count) == (RosterImport.Status.APPLIED, 0)
        text = export(client)
    person = FacultyMember.objects.select_related("user", "division").get(pk=person.pk)
    assert (person.employee_id, person.user.email, person.user.first_name,
            person.user.last_name, person.division.name, person.departure_reason) == (
        "-E42", "+outsider@test.example", "'=Quoted", "@Last", "=Cardiology",
        '=HYPERLINK("x")')
    assert User.objects.get(pk=world.newfaculty.user_id).first_name == "'Ofa"


def test_it_hides_roster_pages_from_people_who_are_not_program_admins(client, world, login):
    login(world.director)
    for name in ("programs:roster_import", "programs:roster_export"):
        assert client.get(reverse(name)).status_code == 404
    record = RosterImport.objects.create(department=world.department, filename="r.csv",
                                         content=to_csv(ADA))
    url = reverse("programs:roster_import_preview", args=[record.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not User.objects.filter(email=ADA["email"]).exists()


# --- Files that are not a roster ---------------------------------------------------------


def test_it_rejects_a_damaged_zip_with_a_clear_message(client, world, login):
    login(world.admin)
    fake_xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x81\x8d\x90\x9d" * 50
    response = upload(client, fake_xlsx, name="roster.xlsx")
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert message.startswith("This file is a ZIP archive (or part of one), not a CSV file.")
    assert "Upload the CSV file" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_it_rejects_a_file_without_the_roster_header(client, world, login):
    login(world.admin)
    response = upload(client, "name,mail\nAda,ada@example.org\n")
    assert response.status_code == 200
    [problem] = response.context["file_errors"]
    assert problem.line == 1
    assert problem.message.startswith("The header is missing email, first_name")
    assert "appointment_date" in problem.message
    assert not RosterImport.objects.exists()


def test_it_rejects_a_header_with_no_rows(world):
    with pytest.raises(RosterFileError, match="no rows"):
        plan_import(to_csv(), world.department)


def test_it_rejects_an_unreadable_csv_with_a_message_instead_of_crashing(client, world, login):
    login(world.admin)
    # An unclosed quote swallows the rest of the file into one enormous field.
    text = to_csv(ADA) + '"E1,' + "x" * 200_000 + "\n"
    response = upload(client, text)
    assert response.status_code == 200
    [problem] = response.context["file_errors"]
    assert problem.line == 3
    assert "quotation mark on line 3 has no closing partner" in problem.message
    assert not RosterImport.objects.exists()


def test_it_asks_for_a_file_when_none_is_chosen(client, world, login):
    login(world.admin)
    response = client.post(reverse("programs:roster_import"),
                           {"department": world.department.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not RosterImport.objects.exists()


def test_it_keeps_the_chosen_department_when_the_upload_has_an_error(client, world, login):
    surgery = DepartmentFactory(name="Department of Surgery", slug="surgery")
    RoleFactory(person=world.admin, kind=LeadershipRole.Kind.PROGRAM_ADMIN, department=surgery)
    login(world.admin)
    response = upload(client, "not,a,roster\n", department=surgery.pk)
    assert response.status_code == 200
    assert response.context["file_errors"]
    page = response.content.decode()
    assert f'<option value="{surgery.pk}" selected>' in page
    assert f'<option value="{world.department.pk}" selected>' not in page


# --- Moves, departures, columns we do not keep, and exports opened in Excel ----------


def test_it_refuses_to_move_a_mentee_under_their_formal_mentor_as_director(world):
    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.DIVISION_DIRECTOR,
                division=world.other_division)
    row = person_row(employee_id=world.mentee.employee_id, email=world.mentee.user.email,
                     first_name=world.mentee.user.first_name,
                     last_name=world.mentee.user.last_name, division="Cardiology")
    before = FacultyMember.objects.get(pk=world.mentee.pk).division_id
    plan = plan_import(to_csv(row), world.department)
    assert [(e.line, "formal mentor" in e.message) for e in plan.errors] == [(2, True)]
    assert FacultyMember.objects.get(pk=world.mentee.pk).division_id == before


def test_it_keeps_none_of_the_columns_it_does_not_use(client, world, login):
    login(world.admin)
    columns = [*COLUMNS, "Gender", "Ethnicity"]
    text = to_csv(dict(ADA, Gender="Woman", Ethnicity="Prefer to say"), columns=columns)
    response = upload(client, text)
    record = RosterImport.objects.get()
    assert response.status_code == 302
    assert "Woman" not in record.content and "Gender" not in record.content
    assert "ada.lovelace@hospital.example" in record.content
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Gender, Ethnicity" in message for message in shown)
    assert plan_import(record.content, world.department).is_clean


def test_it_keeps_line_numbers_when_it_drops_columns(world):
    from programs.forms.roster import read_roster

    columns = [*COLUMNS, "Gender"]
    text = to_csv(ADA, dict(GRACE, appointment_date="not a date", Gender="x"), columns=columns)
    table = read_roster("\n" + text.replace("\r\n", "\n", 1) + "\n")
    assert table.ignored_columns == ["Gender"]
    kept = table.known_columns_csv()
    assert "Gender" not in kept
    assert [e.line for e in plan_import(kept, world.department).errors] == [4]


def test_it_writes_formula_like_names_as_plain_text_in_the_export(client, world, login):
    world.outsider.user.first_name = '=HYPERLINK("http://evil.example","x")'
    world.outsider.user.save()
    login(world.admin)
    response = client.get(reverse("programs:roster_export"))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ',=HYPERLINK' not in body


def test_marking_someone_departed_in_the_admin_has_the_same_effect_as_the_import(
        rf, world):
    from django.contrib import admin

    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.FACILITATOR)
    model_admin = admin.site._registry[FacultyMember]
    person = FacultyMember.objects.get(pk=world.mentor.pk)
    person.status, person.departure_date = "departed", TODAY
    request = rf.post("/admin/")
    request.user = world.admin.user
    model_admin.save_model(request, person, form=None, change=True)
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert person.status == "departed"
    assert person.user.is_active is False
    assert not Mentorship.objects.active().filter(mentor=person).exists()
    assert not LeadershipRole.objects.active().filter(person=person).exists()

    person.status, person.departure_date = "active", None
    model_admin.save_model(request, person, form=None, change=True)
    person.user.refresh_from_db()
    assert person.user.is_active is True
