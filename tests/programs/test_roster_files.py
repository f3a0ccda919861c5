"""How roster files are read: encodings, delimiters, line ends, files that are not CSV,
invisible characters, and the bounds every value must meet before anything is written.

Each test here is a file an HR system or a spreadsheet really produces, or a mistake a
person really makes; the import must read it correctly or say plainly what is wrong."""

import datetime
import io
import zipfile

import pytest
from django.db.models.signals import post_init
from django.urls import reverse

from programs.models import FacultyMember, RosterImport, User
from programs.selectors.roster import COLUMNS, RosterFileError, plan_import
from tests.programs.test_query_budgets import bulk_faculty
from tests.programs.test_roster import ADA, GRACE, counts, import_text, person_row, to_csv, upload

TODAY = datetime.date.today()


def preview_of(client, response):
    assert response.status_code == 302, response.context and (
        response.context["form"].errors, response.context.get("file_errors"))
    return client.get(response.url)


def file_message(response) -> str:
    """The message on the upload page: the form's, or the file's problems."""
    assert response.status_code == 200
    errors = response.context["form"].errors.get("file") or [
        problem.message for problem in response.context["file_errors"]]
    return " ".join(errors)


# --- Encodings, delimiters, line ends: read correctly ----------------------------------------


ZOE = person_row(first_name="Zoë", last_name="Ødegård-Ruiz")


@pytest.mark.parametrize(("label", "encode"), [
    ("UTF-16 LE with a byte-order mark (Excel's Unicode Text)",
     lambda text: text.encode("utf-16")),
    ("UTF-16 BE with a byte-order mark", lambda text: b"\xfe\xff" + text.encode("utf-16-be")),
    ("UTF-16 LE without a byte-order mark", lambda text: text.encode("utf-16-le")),
])
def test_it_reads_the_encodings_spreadsheets_save_in(client, world, login, label, encode):
    login(world.admin)
    preview = preview_of(client, upload(client, encode(to_csv(ZOE, GRACE))))
    assert preview.context["plan"].is_clean, label
    assert preview.context["counts"]["create"] == 2
    assert preview.context["plan"].rows[0].user_values["first_name"] == "Zoë"


def test_it_reads_excels_unicode_text_which_is_utf16_with_tabs(client, world, login):
    login(world.admin)
    text = to_csv(ZOE, GRACE).replace(",", "\t")
    preview = preview_of(client, upload(client, text.encode("utf-16")))
    assert preview.context["counts"]["create"] == 2


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_it_reads_other_delimiters_from_the_header(world, delimiter):
    """European Excel saves with semicolons; a comma inside a value is then plain text."""
    text = to_csv(person_row(departure_reason="Moved, abroad"), GRACE).replace(",", delimiter)
    text = text.replace(f"Moved{delimiter} abroad", "Moved, abroad")
    plan = plan_import(text, world.department)
    assert plan.is_clean
    assert plan.rows[0].faculty_values["departure_reason"] == "Moved, abroad"
    assert plan.count("create") == 2


def test_it_finds_the_delimiter_in_a_header_after_blank_lines(world):
    text = "\r\n\r\n" + to_csv(ADA, GRACE).replace(",", ";")
    assert plan_import(text, world.department).count("create") == 2


def test_a_division_typed_with_a_no_break_space_or_full_width_letters_is_found(world):
    row = person_row(division="General\u00a0Internal Medicine", site="ＬＧＨ")
    plan = plan_import(to_csv(row), world.department)
    assert plan.is_clean
    assert plan.rows[0].faculty_values["division_id"] == world.division.pk


def test_it_follows_excels_sep_line_and_keeps_line_numbers(world):
    text = "sep=;\r\n" + to_csv(ADA, person_row(email="x@hospital.example", employee_id="E3",
                                               division="Nowhere")).replace(",", ";")
    plan = plan_import(text, world.department)
    assert [error.line for error in plan.errors] == [4]  # sep=; is line 1, the header line 2


def test_it_reads_old_mac_line_ends_with_the_right_line_numbers(world):
    bad = person_row(email="x@hospital.example", employee_id="E3", division="Nowhere")
    text = to_csv(ADA, GRACE, bad).replace("\r\n", "\r")
    plan = plan_import(text, world.department)
    assert plan.count("create") == 2
    assert [error.line for error in plan.errors] == [4]


def test_it_reads_mixed_line_ends(world):
    text = to_csv(ADA, GRACE)
    text = text.replace("\r\n", "\n", 1).replace("\r\n", "\r", 1)
    assert plan_import(text, world.department).count("create") == 2


# --- Files that are not CSV: say what they are and what to do ----------------------------------


def zip_of(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return out.getvalue()


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4")


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("roster.png", PNG, "This file is a PNG image, not a CSV file."),
    ("roster.xlsx", zip_of(**{"[Content_Types].xml": b"<Types/>", "xl__workbook.xml": b"<w/>"}),
     "This file is an Excel workbook (.xlsx), not a CSV file. Open it in your spreadsheet "
     "program, choose File › Save As"),
    ("roster.ods", zip_of(mimetype=b"application/vnd.oasis.opendocument.spreadsheet",
                          **{"content.xml": b"<c/>"}),
     "This file is an OpenDocument spreadsheet (.ods), not a CSV file."),
    ("roster.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
     "This file is an older Microsoft Office file (such as .xls), not a CSV file."),
    ("roster.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "This file is a PDF document"),
    ("roster.csv", b"<!DOCTYPE html><html><body><table><tr><td>x</td></tr></table>",
     "This file is a web page (HTML), not a CSV file."),
    ("roster.csv", b"\x00\x01\x02\x03\xff" * 400, "This file holds binary data, not text"),
])
def test_it_says_what_a_file_is_when_it_is_not_csv(client, world, login, name, data, expected):
    login(world.admin)
    message = file_message(upload(client, data, name=name))
    assert message.startswith(expected), message
    assert "CSV" in message  # and what to do instead
    assert not RosterImport.objects.exists()


def test_it_names_the_line_of_a_nul_character_and_stores_nothing(client, world, login):
    """PostgreSQL text cannot hold NUL: it was a 500 when the upload was stored."""
    login(world.admin)
    text = to_csv(ADA, person_row(email="nul@hospital.example", employee_id="E5",
                                  last_name="Null\x00Byte"))
    response = upload(client, text)
    [problem] = response.context["file_errors"]
    assert problem.line == 3
    assert "NUL character" in problem.message
    assert not RosterImport.objects.exists()


# --- The header --------------------------------------------------------------------------------


def test_it_refuses_a_header_that_names_a_column_twice(world):
    text = to_csv(ADA, columns=[*COLUMNS, "email"])
    with pytest.raises(RosterFileError, match="names email more than once"):
        plan_import(text, world.department)


def test_it_says_when_the_first_line_is_a_person_rather_than_a_header(world):
    text = to_csv(ADA, GRACE).split("\r\n", 1)[1]
    with pytest.raises(RosterFileError, match="looks like a person rather than a header"):
        plan_import(text, world.department)


# --- Invisible characters in identity fields -----------------------------------------------------


@pytest.mark.parametrize("invisible", [
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark pasted mid-file
    "\u200e",  # left-to-right mark
    "\u2060",  # word joiner
    "\u00ad",  # soft hyphen
])
def test_an_invisible_character_in_an_id_or_email_finds_the_same_person(world, invisible):
    """The reported fault: next month's file had a zero-width space in an employee id and
    an email, and the import added Ada a second time."""
    import_text(world, to_csv(ADA))
    before = counts()
    again = person_row(employee_id=f"{invisible}E9000{invisible}01",
                       email=f"ada.lovelace@{invisible}hospital.example{invisible}")
    record = import_text(world, to_csv(again))
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 1)
    assert counts() == before


def test_invisible_characters_never_reach_a_new_persons_identity(world):
    import_text(world, to_csv(person_row(employee_id="\u200bE77\u200d",
                                         email="\u200bnew.person@hospital\u200b.example")))
    person = FacultyMember.objects.select_related("user").get(employee_id="E77")
    assert person.user.email == "new.person@hospital.example"


def test_full_width_characters_in_an_id_are_the_plain_id(world):
    import_text(world, to_csv(ADA))
    record = import_text(world, to_csv(person_row(employee_id="Ｅ９０００01")))
    assert record.unchanged_count == 1


def test_a_name_typed_with_combining_accents_is_the_same_name(world):
    """macOS and some HR systems decompose "ë" into "e" and a combining diaeresis."""
    import_text(world, to_csv(person_row(first_name="Zoë")))
    record = import_text(world, to_csv(person_row(first_name="Zoe\u0308")))
    assert record.unchanged_count == 1
    assert User.objects.get(email=ADA["email"]).first_name == "Zoë"


def test_a_name_loses_zero_width_spaces_but_keeps_the_joiners_its_script_needs(world):
    name = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # Persian, with a ZWNJ
    import_text(world, to_csv(person_row(first_name="\u200bAda\u200b", last_name=name)))
    user = User.objects.get(email=ADA["email"])
    assert (user.first_name, user.last_name) == ("Ada", name)


@pytest.mark.parametrize(("value", "expected"), [
    ("Ada\u202eecalevol", "hidden text-direction character (U+202E)"),
    ("Ada\x07", "invisible control character (U+0007)"),
    ("Ada\tLovelace", "invisible control character (U+0009)"),
])
def test_it_refuses_characters_that_hide_or_disguise_a_name(world, value, expected):
    before = counts()
    record = import_text(world, to_csv(person_row(last_name=value)))
    plan = plan_import(record.content, world.department)
    [error] = plan.errors
    assert error.line == 2
    assert error.message.startswith(f"last_name contains an {expected}") or \
        error.message.startswith(f"last_name contains a {expected}")
    assert "Retype the value" in error.message
    assert counts() == before


# --- Every value fits its column before anything is written -------------------------------------


LONG_LOCAL = "a" * 64
LONG_EMAIL = f"{LONG_LOCAL}@{'b' * 63}.{'c' * 63}.{'d' * 63}.example"  # 266: valid, too long


@pytest.mark.parametrize(("column", "value", "limit"), [
    ("email", LONG_EMAIL, 254),
    ("first_name", "A" * 151, 150),
    ("last_name", "L" * 100_000, 150),
    ("employee_id", "E" * 41, 40),
    ("departure_reason", "r" * 201, 200),
])
def test_a_value_longer_than_its_column_is_an_error_in_the_preview_not_a_500(
        client, world, login, column, value, limit):
    """The reported fault: the preview said "clean" and the confirm failed in PostgreSQL."""
    from django.core.validators import validate_email

    if column == "email":
        validate_email(LONG_EMAIL)  # Django's validator accepts it; the column cannot hold it
    login(world.admin)
    before = counts()
    response = upload(client, to_csv(person_row(**{column: value})))
    preview = preview_of(client, response)
    [error] = preview.context["plan"].errors
    assert error.line == 2
    assert f"{column} is {len(value):,} characters long; at most {limit} fit." in error.message
    client.post(response.url, {"plan": "x"})
    assert counts() == before


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"appointment_date": "0001-01-01"}, "appointment_date 0001-01-01 is out of range"),
    ({"appointment_date": "9999-12-31"}, "appointment_date 9999-12-31 is out of range"),
    ({"appointment_date": "1899-12-31"}, "appointment_date 1899-12-31 is out of range"),
    ({"appointment_date": "2023-W27-6"}, "is not a date like 2021-07-01"),
    ({"appointment_date": "20230701"}, "is not a date like 2021-07-01"),
    ({"status": "departed", "departure_date": "9999-12-31"},
     "departure_date 9999-12-31 is out of range"),
    ({"status": "departed", "departure_date": "2019-06-30"},
     "departure_date 2019-06-30 is before the appointment_date 2023-07-01."),
])
def test_dates_outside_a_sensible_range_are_refused_with_the_range(world, overrides, expected):
    plan = plan_import(to_csv(person_row(**overrides)), world.department)
    [error] = plan.errors
    assert error.line == 2
    assert expected in error.message


def test_an_appointment_next_july_is_accepted_and_one_in_three_years_is_not(world):
    next_july = datetime.date(TODAY.year + 1, 7, 1).isoformat()
    assert plan_import(to_csv(person_row(appointment_date=next_july)), world.department).is_clean
    later = datetime.date(TODAY.year + 3, 7, 1).isoformat()
    [error] = plan_import(to_csv(person_row(appointment_date=later)), world.department).errors
    assert f"appointment_date {later} is out of range" in error.message


def test_the_same_person_on_two_rows_is_refused_not_updated_twice(world):
    """Line 2 finds Ada by employee id and changes her email; line 3 finds her by her old
    email. Both rows would have written to one person."""
    import_text(world, to_csv(ADA))
    moved = person_row(email="ada.king@hospital.example")
    by_old_email = person_row(employee_id="", first_name="Augusta")
    plan = plan_import(to_csv(moved, by_old_email), world.department)
    assert [(error.line, error.message) for error in plan.errors] == [
        (3, "This is the same person (ada.lovelace@hospital.example) as on line 2.")]


# --- The export's query string --------------------------------------------------------------


@pytest.mark.parametrize("department", ["%00", "medicine%00"])
def test_a_malformed_department_in_the_exports_query_string_is_a_404(client, world, login,
                                                                      department):
    login(world.admin)
    response = client.get(reverse("programs:roster_export") + f"?department={department}")
    assert response.status_code == 404


# --- The cost follows the file --------------------------------------------------------------


def test_planning_a_small_file_loads_only_the_people_it_names(world):
    """The reported fault: a 5-row file against 24,000 people took 10 s, because the plan
    loaded everyone in the department (and every user) to match five rows."""
    bulk_faculty(world.division, 300)
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(sender)

    post_init.connect(count, sender=FacultyMember)
    post_init.connect(count, sender=User)
    try:
        plan = plan_import(to_csv(ADA, person_row(
            employee_id=world.mentee.employee_id, email=world.mentee.email,
            first_name=world.mentee.user.first_name, last_name="Renamed")), world.department)
    finally:
        post_init.disconnect(count, sender=FacultyMember)
        post_init.disconnect(count, sender=User)
    assert plan.is_clean
    assert len(loaded) <= 4  # the mentee's faculty record and user, each found both ways
