"""Property-based tests of the roster import (hypothesis).

1. Any value, in any column (NUL, surrogates, zero-width and right-to-left characters,
   line breaks, quotes, huge strings, extreme dates and numbers): the import either
   refuses the file or the row with a message that names the line and the column, and
   writes nothing, or it imports the row and the write succeeds. Never an exception.
2. Any bytes uploaded: never a 5xx, and nothing reaches the roster before a confirm.
3. Export, then import: nothing changes, for every column, whatever the values
   (leading = + - @, apostrophes, quotes, commas, any script).

Each example runs in a savepoint that is rolled back, so examples do not see each other.
"""

import csv
import datetime
import io

import pytest
from django.core.validators import validate_email
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from programs.models import FacultyMember, RosterImport, User
from programs.selectors.roster import COLUMNS, RosterFileError, export_rows, plan_import
from programs.services.roster import (
    RosterImportError,
    roster_import_apply,
    roster_import_create,
)
from programs.spreadsheets import CellError, clean_key, clean_text, guard_formula
from tests.programs.test_roster import counts, person_row, to_csv, upload

PROPERTIES = settings(
    max_examples=80, deadline=None, database=None,
    # The world fixture is built once per test and shared on purpose: each example rolls
    # back its own savepoint.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)


class Rollback(Exception):
    pass


def in_savepoint(fn):
    try:
        with transaction.atomic():
            fn()
            raise Rollback
    except Rollback:
        pass


# --- 1. Any value in any column ------------------------------------------------------------

NASTY = [
    "\x00", "\ud800", "\udfff", "\u200b", "\u200c", "\u200d", "\u200e", "\u202e", "\u2066",
    "\ufeff", "\u00a0", "\u2028", "\t", "\r", "\n", "\r\n", "\x1b", "\x7f", "\x85",
    "\ufffe", '"', "'", ",", ";", "=", "+", "-", "@", "\u05d0", "\u0627", "é", "e\u0301",
    "Ｅ", "\U0001f600", "\\", "%00", "<script>", " ",
]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.characters(codec=None),
                                st.text(max_size=5)), max_size=12).map("".join)
huge_text = st.builds(lambda char, n: char * n, st.sampled_from(["a", "é", "\u200b", "x,"]),
                      st.integers(min_value=100, max_value=200_000))
extreme_dates = st.dates(min_value=datetime.date(1, 1, 1),
                         max_value=datetime.date(9999, 12, 31)).map(datetime.date.isoformat)
numbers = st.one_of(st.integers(min_value=-10**30, max_value=10**30).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(str))
any_value = st.one_of(nasty_text, huge_text, extreme_dates, numbers,
                      st.sampled_from(["yes", "no", "departed", "on leave", "Cardiology"]))


def mentions(message: str, column: str) -> bool:
    return column in message or column.replace("_", " ") in message


@PROPERTIES
@given(column=st.sampled_from(COLUMNS), value=any_value)
@example(column="email", value="a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".example")
@example(column="first_name", value="A" * 151)
@example(column="last_name", value="Null\x00Byte")
@example(column="departure_reason", value='Left "abroad",\nsee HR')
@example(column="appointment_date", value="9999-12-31")
@example(column="employee_id", value="\u200bE1\u202e")
def test_any_value_is_imported_or_refused_with_a_message_never_an_error(world, column, value):
    def attempt():
        before = counts()
        try:
            record, _ = roster_import_create(department=world.department, uploaded_by=None,
                                             filename="any.csv",
                                             text=to_csv(person_row(**{column: value})))
        except RosterFileError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.message
                assert problem.line in (2, 0)  # the row's line, or "... and N more"
            assert not RosterImport.objects.exists()
            assert counts() == before
            return
        plan = plan_import(record.content, world.department)
        if plan.errors:
            [error] = plan.errors
            assert error.line == 2
            assert mentions(error.message, column), error.message
            with pytest.raises(RosterImportError):
                roster_import_apply(roster_import=record, expected_plan=plan.fingerprint)
            assert counts() == before
            return
        roster_import_apply(roster_import=record, expected_plan=plan.fingerprint)
        [row] = plan.rows
        person = FacultyMember.objects.select_related("user").get(
            user__email=row.user_values["email"])
        for key, stored in row.faculty_values.items():
            assert getattr(person, key) == stored
        for key, stored in row.user_values.items():
            assert getattr(person.user, key) == stored

    in_savepoint(attempt)


# --- 2. Any bytes uploaded ---------------------------------------------------------------------


def corrupted(data: bytes, at: int, junk: bytes) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + junk + data[at:]


valid = to_csv(person_row(), person_row(employee_id="E2", email="second@hospital.example"))
any_upload = st.one_of(
    st.binary(max_size=3000),
    st.builds(corrupted, st.just(valid.encode()), st.integers(min_value=0),
              st.binary(min_size=1, max_size=20)),
    st.builds(lambda text, encoding: text.encode(encoding, "replace"),
              st.builds(corrupted, st.just(valid), st.integers(min_value=0), nasty_text),
              st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "utf-32"])),
)


@PROPERTIES
@given(data=any_upload)
@example(data=b"\x89PNG\r\n\x1a\n" + bytes(100))
@example(data=valid.encode().replace(b"Ada", b"A\x00da"))
@example(data=valid.encode().replace(b",Ada,", b',"Ada,'))
def test_no_upload_gives_a_server_error_or_writes_to_the_roster(client, world, login, data):
    login(world.admin)

    def attempt():
        before = counts()
        response = upload(client, data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            form_errors = response.context["form"].errors.get("file")
            assert form_errors or response.context["file_errors"]
            assert not RosterImport.objects.exists()
        else:
            preview = client.get(response.url)
            assert preview.status_code == 200
        assert counts() == before

    in_savepoint(attempt)


# --- 3. Export then import changes nothing -----------------------------------------------------

FORMULA_LEADS = ["", "=", "+", "-", "@", "'", "'=", "''+", "\uff1d"]


def storable(value: str, clean) -> bool:
    try:
        return bool(value) and clean(value) == value
    except CellError:
        return False


name_text = st.builds(
    lambda lead, body: lead + body, st.sampled_from(FORMULA_LEADS),
    st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(list(",\"';=+-@"))),
            min_size=1, max_size=30),
).filter(lambda value: storable(value, clean_text) and len(value) <= 150)
employee_ids = st.builds(
    lambda lead, body: lead + body, st.sampled_from(FORMULA_LEADS),
    st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P", "S"]),
            min_size=1, max_size=12),
).filter(lambda value: storable(value, clean_key) and len(value) <= 40)
emails = st.builds(
    lambda lead, local: f"{lead}{local}@roundtrip.example".lower(),
    st.sampled_from(["", "=", "+", "-"]),
    st.text(alphabet="abcxyz0189.'=+-_", min_size=1, max_size=20),
).filter(lambda value: _valid_email(value))


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except Exception:  # noqa: BLE001 - any refusal means: not a candidate
        return False
    return True


def exported(department) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # as the export view writes it
    for row in export_rows(department):
        writer.writerow(row)
    return out.getvalue()


@PROPERTIES
@given(first=name_text, last=name_text, employee_id=employee_ids, email=emails,
       reason=st.one_of(st.just(""), name_text.filter(lambda v: len(v) <= 200)))
@example(first="=SUM(A1:A9)", last="+Plus", employee_id="-E1", email="=x@roundtrip.example",
         reason="@mention")
@example(first="'Ofa", last="'=Quoted", employee_id="'=E2", email="+tag@roundtrip.example",
         reason='Moved to "St. Elsewhere", abroad')
@example(first="O'Neil, Jr.", last="Ødegård", employee_id="@E3", email="-a@roundtrip.example",
         reason="''+twice")
def test_export_then_import_changes_nothing(world, first, last, employee_id, email, reason):
    def attempt():
        if FacultyMember.objects.filter(employee_id__iexact=employee_id).exists():
            return
        # Written as the export writes cells; an apostrophe before a formula character in
        # a file is read as the export's guard (see programs.spreadsheets.unguard_formula).
        row = {key: guard_formula(value) for key, value in person_row(
            employee_id=employee_id, email=email, first_name=first, last_name=last,
            departure_reason=reason).items()}
        record, _ = roster_import_create(department=world.department, uploaded_by=None,
                                         filename="new.csv", text=to_csv(row))
        plan = plan_import(record.content, world.department)
        assert plan.is_clean, plan.errors
        roster_import_apply(roster_import=record)
        person = FacultyMember.objects.select_related("user").get(user__email=email)
        assert (person.user.first_name, person.user.last_name, person.employee_id,
                person.departure_reason) == (first, last, employee_id, reason)

        again = plan_import(exported(world.department), world.department)
        assert again.errors == []
        assert {r.action for r in again.rows} == {"unchanged"}
        assert User.objects.filter(email=email).count() == 1

    in_savepoint(attempt)
