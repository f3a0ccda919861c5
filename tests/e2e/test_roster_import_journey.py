"""The program admin imports an HR roster file: a broken file, a bad row, then the corrected
file, confirmed with a double click."""

import csv
import re

from playwright.sync_api import Page, expect

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import FacultyMember, RosterImport, User
from programs.selectors.roster import COLUMNS
from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS

NEW_PEOPLE = [
    {
        "employee_id": "E900001", "email": "priya.newhire@demo.example",
        "first_name": "Priya", "last_name": "Newhire",
        "division": "General Internal Medicine", "site": "Lakeshore General Hospital",
        "rank": "Assistant Professor", "position": "Clinician teacher",
        "appointment_date": "2026-07-01", "trained_here": "no", "new_to_country": "yes",
        "status": "active",
    },
    {
        "employee_id": "E900002", "email": "omar.newhire@demo.example",
        "first_name": "Omar", "last_name": "Newhire",
        "division": "Cardiology", "site": "LGH",
        "rank": "Lecturer", "position": "Clinician teacher",
        "appointment_date": "2026-07-01", "trained_here": "yes", "new_to_country": "no",
        "status": "active",
    },
]


def write_roster(path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)


def write_unbalanced_quote(path) -> None:
    """Priya's departure reason opens a quotation mark that Omar's row closes: read
    literally, Omar would vanish into Priya's departure_reason."""
    write_roster(path, NEW_PEOPLE)
    lines = path.read_bytes().decode().split("\r\n")
    lines[1] = lines[1].rstrip(",") + ',,"Leaving in June'
    lines[2] = lines[2].rstrip(",") + ',,see HR"'
    path.write_bytes("\r\n".join(lines).encode())


def upload(page: Page, path) -> None:
    page.get_by_label("Roster file (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Check file and preview").click()


def test_admin_imports_a_roster_after_fixing_a_bad_row(page, demo, sign_in, screenshot,
                                                       console_log, tmp_path):
    sign_in(PERSONAS["admin"].email, DEMO_PASSWORD)
    faculty_before = FacultyMember.objects.count()
    users_before = User.objects.count()

    main = page.get_by_role("navigation", name="Main")
    main.get_by_role("button", name="Administration").click()
    main.get_by_role("link", name="Import roster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import the roster")
    screenshot("roster-import-form")

    roster = tmp_path / "hr-roster.csv"
    write_unbalanced_quote(roster)
    upload(page, roster)
    expect(page.get_by_role("alert")).to_contain_text("The file cannot be read as it is.")
    problem = page.locator("#file-errors").get_by_role("row").filter(has_text="runs over 2")
    expect(problem.get_by_role("cell").first).to_have_text("2–3")
    expect(problem).to_contain_text("quotation mark on line 2")
    screenshot("roster-import-unbalanced-quote")
    assert not RosterImport.objects.exists()

    # Line 1 is the header, so the second person is on line 3.
    bad = [dict(NEW_PEOPLE[0]), dict(NEW_PEOPLE[1], appointment_date="2026-13-45")]
    write_roster(roster, bad)
    upload(page, roster)

    expect(page.get_by_role("alert")).to_contain_text(
        "1 row needs fixing. Nothing has been written.")
    errors = page.locator("#import-errors")
    error_row = errors.get_by_role("row").filter(has_text="2026-13-45")
    expect(error_row.get_by_role("cell").first).to_have_text("3")
    expect(error_row).to_contain_text("is not a date like 2021-07-01")
    expect(page.get_by_role("button", name=re.compile(r"^Import \d"))).to_have_count(0)
    screenshot("roster-import-error")
    assert FacultyMember.objects.count() == faculty_before
    assert User.objects.count() == users_before
    assert not User.objects.filter(email__in=[p["email"] for p in NEW_PEOPLE]).exists()

    page.get_by_role("link", name="Upload a corrected file").click()
    write_roster(roster, NEW_PEOPLE)
    upload(page, roster)

    summary = page.get_by_role("status").filter(has_text="The file is clean")
    expect(summary).to_contain_text("add 2, update 0 and leave 0 unchanged")
    changes = page.locator("#import-changes")
    expect(changes).to_contain_text("Priya Newhire (priya.newhire@demo.example)")
    expect(changes).to_contain_text("Omar Newhire (omar.newhire@demo.example)")
    screenshot("roster-import-preview")
    assert FacultyMember.objects.count() == faculty_before  # a preview writes nothing

    # An impatient double click: one import, and the page agrees with itself.
    page.get_by_role("button", name="Import 2 changes").dblclick()
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^Imported"))).to_contain_text(
        "2 added, 0 updated, 0 unchanged")
    expect(page.get_by_role("button", name=re.compile(r"^Import \d"))).to_have_count(0)
    expect(page.locator(".messages")).not_to_contain_text("0 added")
    expect(page.locator(".messages")).to_contain_text(re.compile(
        r"Roster imported: 2 added, 0 updated, 0 unchanged\.|This file was already imported"))
    screenshot("roster-import-done")

    assert FacultyMember.objects.count() == faculty_before + 2
    priya = FacultyMember.objects.select_related("division", "site", "position").get(
        user__email="priya.newhire@demo.example")
    assert priya.employee_id == "E900001"
    assert priya.division.name == "General Internal Medicine"
    assert priya.site.name == "Lakeshore General Hospital"
    assert priya.position.name == "Clinician teacher"
    assert priya.rank == FacultyMember.Rank.ASSISTANT
    assert priya.new_to_country and not priya.trained_here
    omar = FacultyMember.objects.get(user__email="omar.newhire@demo.example")
    assert omar.division.name == "Cardiology"
    assert omar.rank == FacultyMember.Rank.LECTURER
    assert RosterImport.objects.filter(status=RosterImport.Status.APPLIED).count() == 1

    assert console_log.csp_violations() == []
    assert console_log.page_errors == []
