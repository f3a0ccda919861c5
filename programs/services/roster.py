"""Roster import and export: the CSV files that HR sends and expects back.

An import is checked whole before anything is written: every bad row is reported with
its line number, and a file with any bad row writes nothing. People are matched on
employee id, then email, so importing the same file twice changes nothing.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from programs.models import (
    AcademicPosition,
    Department,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    RosterImport,
    Site,
    User,
)
from programs.services.people import faculty_departure_apply, faculty_return_apply

COLUMNS = [
    "employee_id", "email", "first_name", "last_name", "division", "site", "rank",
    "position", "appointment_date", "trained_here", "new_to_country", "status",
    "departure_date", "departure_reason",
]
REQUIRED_COLUMNS = [
    "email", "first_name", "last_name", "division", "site", "rank", "position",
    "appointment_date",
]
# The FacultyMember and User fields an import sets, compared to decide "unchanged".
FACULTY_FIELDS = [
    "employee_id", "division_id", "site_id", "rank", "position_id", "appointment_date",
    "trained_here", "new_to_country", "status", "departure_date", "departure_reason",
]
USER_FIELDS = ["email", "first_name", "last_name"]
MAX_BYTES = 10 * 1024 * 1024
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


class RosterFileError(ValueError):
    """The file as a whole cannot be read (encoding, size, header)."""


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class RowPlan:
    line: int
    action: str  # "create", "update" or "unchanged"
    user_values: dict
    faculty_values: dict
    existing: FacultyMember | None = None
    existing_user: User | None = None
    changed: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.user_values['first_name']} {self.user_values['last_name']}"


@dataclass
class RosterPlan:
    rows: list[RowPlan]
    errors: list[RowError]
    ignored_columns: list[str]

    @property
    def is_clean(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def decode_upload(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise RosterFileError("The file is larger than 10 MB. Split it and import each part.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError("The file is not text. Save it from your spreadsheet as CSV.")


class _Lookups:
    """Everything a row is checked against, loaded once per file (no query per row)."""

    def __init__(self, department: Department):
        self.department_id = department.pk
        self.divisions = {}
        for division in department.divisions.all():
            self.divisions[division.name.casefold()] = division
            self.divisions[division.slug.casefold()] = division
        self.sites = {}
        for site in Site.objects.all():
            self.sites[site.name.casefold()] = site
            if site.short_name:
                self.sites[site.short_name.casefold()] = site
        self.positions = {}
        for position in AcademicPosition.objects.filter(is_active=True):
            self.positions[position.name.casefold()] = position
            self.positions[position.slug.casefold()] = position
        self.ranks = {}
        for value, label in FacultyMember.Rank.choices:
            self.ranks[value] = value
            self.ranks[label.casefold()] = value
        self.statuses = {}
        for value, label in FacultyMember.Status.choices:
            self.statuses[value] = value
            self.statuses[label.casefold()] = value
        faculty = FacultyMember.objects.select_related("user")
        self.faculty_by_employee_id = {
            f.employee_id.casefold(): f for f in faculty if f.employee_id
        }
        self.users_by_email = {
            u.email: u for u in User.objects.select_related("faculty").all()
        }
        # For the conflict-of-interest rule when someone moves division.
        self.directors: dict[int, set[int]] = {}
        for division_id, person_id in LeadershipRole.objects.active().filter(
                kind=LeadershipRole.Kind.DIVISION_DIRECTOR, department=department,
        ).values_list("division_id", "person_id"):
            self.directors.setdefault(division_id, set()).add(person_id)
        self.formal_mentors: dict[int, set[int]] = {}
        for mentee_id, mentor_id in Mentorship.objects.active().formal().filter(
                mentee__department=department).values_list("mentee_id", "mentor_id"):
            self.formal_mentors.setdefault(mentee_id, set()).add(mentor_id)


def _parse_date(raw: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"{column} {raw!r} is not a date like 2021-07-01.") from None


def _parse_bool(raw: str, column: str) -> bool:
    lowered = raw.casefold()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValidationError(f"{column} {raw!r} must be yes or no.")


def _lookup(table: dict, raw: str, column: str, choices_hint: str):
    found = table.get(raw.casefold())
    if found is None:
        raise ValidationError(f"Unknown {column} {raw!r}. {choices_hint}")
    return found


def _row_values(row: dict, lookups: _Lookups) -> tuple[dict, dict]:
    """Clean one row. Raises ValidationError with every problem in the row."""
    problems = []

    def clean(column: str, fn):
        try:
            return fn()
        except ValidationError as error:
            problems.extend(error.messages)
            return None

    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            problems.append(f"{column} is empty.")
    if problems:
        raise ValidationError(problems)

    email = row["email"].lower()
    clean("email", lambda: validate_email(email))
    user_values = {"email": email, "first_name": row["first_name"], "last_name": row["last_name"]}
    division_names = sorted({d.name for d in lookups.divisions.values()})
    status = clean("status", lambda: _lookup(
        lookups.statuses, row.get("status") or "active", "status",
        "Use active, on leave or departed."))
    faculty_values = {
        "employee_id": row.get("employee_id") or None,
        "division_id": getattr(clean("division", lambda: _lookup(
            lookups.divisions, row["division"], "division",
            f"Known divisions: {', '.join(division_names)}.")), "pk", None),
        "site_id": getattr(clean("site", lambda: _lookup(
            lookups.sites, row["site"], "site",
            "Add the site in the admin first, or fix the spelling.")), "pk", None),
        "rank": clean("rank", lambda: _lookup(
            lookups.ranks, row["rank"], "rank",
            "Use Lecturer, Assistant Professor, Associate Professor or Full Professor.")),
        "position_id": getattr(clean("position", lambda: _lookup(
            lookups.positions, row["position"], "position",
            "Known positions: " + ", ".join(sorted({p.name for p in lookups.positions.values()}))
            + ".")), "pk", None),
        "appointment_date": clean("appointment_date",
                                  lambda: _parse_date(row["appointment_date"], "appointment_date")),
        "trained_here": clean("trained_here",
                              lambda: _parse_bool(row.get("trained_here", ""), "trained_here")),
        "new_to_country": clean("new_to_country",
                                lambda: _parse_bool(row.get("new_to_country", ""),
                                                    "new_to_country")),
        "status": status,
        "departure_date": None,
        "departure_reason": row.get("departure_reason", ""),
    }
    if row.get("departure_date"):
        faculty_values["departure_date"] = clean(
            "departure_date", lambda: _parse_date(row["departure_date"], "departure_date"))
    if status == FacultyMember.Status.DEPARTED and not row.get("departure_date"):
        problems.append("departure_date is required when status is departed.")
    if problems:
        raise ValidationError(problems)
    return user_values, faculty_values


def plan_import(text: str, department: Department) -> RosterPlan:
    """Check a whole file against the roster and say what importing it would do."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _plan(reader, department)
    except csv.Error as error:
        # e.g. an unclosed quote that swallows the rest of the file into one field
        raise RosterFileError(
            f"Line {reader.line_num}: the file cannot be read as CSV ({error}). "
            "Check for an unclosed quotation mark, or save it again from your spreadsheet."
        ) from None


def _plan(reader: csv.DictReader, department: Department) -> RosterPlan:
    if not reader.fieldnames:
        raise RosterFileError("The file is empty.")
    reader.fieldnames = [(name or "").strip().lower().replace(" ", "_")
                         for name in reader.fieldnames]
    missing = [c for c in REQUIRED_COLUMNS if c not in reader.fieldnames]
    if missing:
        raise RosterFileError(
            f"Line 1: the header is missing {', '.join(missing)}. "
            f"Expected columns: {', '.join(COLUMNS)}."
        )
    ignored = [c for c in reader.fieldnames if c not in COLUMNS]
    lookups = _Lookups(department)
    rows: list[RowPlan] = []
    errors: list[RowError] = []
    seen_email: dict[str, int] = {}
    seen_employee: dict[str, int] = {}
    for raw in reader:
        # line_num is the record's last line; report its first, since a quoted value
        # may span several lines.
        line = reader.line_num - sum(
            value.count("\n") for value in _raw_values(raw) if isinstance(value, str))
        if None in raw:
            errors.append(RowError(line, "The row has more values than the header has columns."))
            continue
        row = {key: (value or "").strip() for key, value in raw.items()}
        if not any(row.values()):
            continue  # blank lines in spreadsheets exports are harmless
        try:
            user_values, faculty_values = _row_values(row, lookups)
        except ValidationError as error:
            errors.append(RowError(line, " ".join(error.messages)))
            continue
        problem = _match(user_values, faculty_values, lookups, seen_email, seen_employee, line)
        if isinstance(problem, str):
            errors.append(RowError(line, problem))
            continue
        rows.append(problem)
    if not rows and not errors:
        raise RosterFileError("The file has a header but no rows.")
    return RosterPlan(rows=rows, errors=errors, ignored_columns=ignored)


def _raw_values(raw: dict) -> list:
    values = list(raw.values())
    extra = raw.get(None)  # values beyond the header's columns
    return values + (extra if isinstance(extra, list) else [])


def _match(user_values, faculty_values, lookups, seen_email, seen_employee, line):
    email = user_values["email"]
    employee_id = faculty_values["employee_id"]
    if email in seen_email:
        return f"The email {email} is also on line {seen_email[email]}."
    seen_email[email] = line
    if employee_id:
        key = employee_id.casefold()
        if key in seen_employee:
            return f"The employee id {employee_id} is also on line {seen_employee[key]}."
        seen_employee[key] = line
    by_id = lookups.faculty_by_employee_id.get(employee_id.casefold()) if employee_id else None
    user_by_email = lookups.users_by_email.get(email)
    by_email = getattr(user_by_email, "faculty", None) if user_by_email else None
    if by_id and user_by_email and by_id.user_id != user_by_email.pk:
        return (f"The employee id {employee_id} belongs to {by_id.user.email}, but {email} "
                "is another person's email.")
    existing = by_id or by_email
    if existing and existing.department_id != lookups.department_id:
        return f"{email} belongs to another department's roster."
    if existing and employee_id is None:
        faculty_values["employee_id"] = existing.employee_id  # a blank id never erases one
    if existing and existing.employee_id and employee_id and by_id is None:
        return (f"{email} already has employee id {existing.employee_id}, "
                f"not {employee_id}.")
    if existing is None:
        return RowPlan(line, "create", user_values, faculty_values, existing_user=user_by_email)
    new_division = faculty_values["division_id"]
    if new_division != existing.division_id and (
            lookups.directors.get(new_division, set())
            & lookups.formal_mentors.get(existing.pk, set())):
        return (f"{email} would move to a division whose Division Director is their formal "
                "mentor. A formal mentor can never oversee the mentee: end or change that "
                "mentorship first.")
    changed = [f for f in FACULTY_FIELDS if getattr(existing, f) != faculty_values[f]]
    changed += [f for f in USER_FIELDS if getattr(existing.user, f) != user_values[f]]
    action = "update" if changed else "unchanged"
    return RowPlan(line, action, user_values, faculty_values, existing, existing.user, changed)


def roster_import_apply(*, roster_import: RosterImport) -> RosterPlan:
    """Write a previewed import. Checked again, since the roster may have changed.

    Safe to call twice (a double-clicked button): the second call finds the import
    already applied and writes nothing.
    """
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.status == RosterImport.Status.APPLIED:
            return plan_import(locked.content, locked.department)
        plan = plan_import(locked.content, locked.department)
        if not plan.is_clean:
            return plan
        _write(plan, locked.department)
        locked.status = RosterImport.Status.APPLIED
        locked.applied_at = timezone.now()
        locked.created_count = plan.count("create")
        locked.updated_count = plan.count("update")
        locked.unchanged_count = plan.count("unchanged")
        locked.save()
    roster_import.refresh_from_db()
    return plan


def _write(plan: RosterPlan, department: Department) -> None:
    new_users = []
    for row in plan.rows:
        if row.action == "create" and row.existing_user is None:
            user = User(**row.user_values)
            user.set_unusable_password()  # they set one through "forgot password"
            # Someone who is already gone when first imported gets no working login.
            user.is_active = row.faculty_values["status"] != FacultyMember.Status.DEPARTED
            new_users.append(user)
            row.existing_user = user
    User.objects.bulk_create(new_users, batch_size=500)
    created = [
        FacultyMember(user=row.existing_user, department=department, **row.faculty_values)
        for row in plan.rows if row.action == "create"
    ]
    FacultyMember.objects.bulk_create(created, batch_size=500)

    updates = [row for row in plan.rows if row.action == "update"]
    users, faculty, departing, returning = [], [], [], []
    for row in updates:
        for key, value in row.user_values.items():
            setattr(row.existing_user, key, value)
        was_departed = row.existing.status == FacultyMember.Status.DEPARTED
        for key, value in row.faculty_values.items():
            setattr(row.existing, key, value)
        is_departed = row.existing.status == FacultyMember.Status.DEPARTED
        if is_departed and not was_departed:
            departing.append(row.existing)
        elif was_departed and not is_departed:
            returning.append(row.existing)
        users.append(row.existing_user)
        faculty.append(row.existing)
    User.objects.bulk_update(users, USER_FIELDS, batch_size=500)
    FacultyMember.objects.bulk_update(faculty, FACULTY_FIELDS, batch_size=500)
    for person in departing:
        faculty_departure_apply(person=person)
    for person in returning:
        faculty_return_apply(person=person)


def known_columns_only(text: str) -> tuple[str, list[str]]:
    """The file with only the columns the import uses, and the names of those dropped.

    HR exports often carry more (gender, ethnicity, salary); we keep none of it, since
    identity is stored only with the person's own consent. Rows keep their physical lines
    (blank lines and quoted line breaks included), so line numbers stay those of the file.
    """
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return text, []  # plan_import reports where the file cannot be read
    if not rows:
        return text, []
    header = [(name or "").strip().lower().replace(" ", "_") for name in rows[0]]
    keep = [index for index, name in enumerate(header) if name in COLUMNS]
    dropped = [rows[0][index] for index in range(len(header)) if index not in keep]
    if not dropped or any(column not in header for column in REQUIRED_COLUMNS):
        return text, []  # nothing to drop, or a bad header that plan_import explains
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[index] for index in keep if index < len(row)] if row else [])
    return out.getvalue(), dropped


def _spreadsheet_safe(value: str) -> str:
    """Cells that a spreadsheet would run as a formula are written as plain text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_rows(department: Department):
    """The department's roster as CSV rows, header first, in the import's format."""
    yield COLUMNS
    faculty = (
        FacultyMember.objects.filter(department=department)
        .select_related("user", "division", "site", "position")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for person in faculty.iterator(chunk_size=1000):
        yield [
            person.employee_id or "", person.user.email,
            _spreadsheet_safe(person.user.first_name), _spreadsheet_safe(person.user.last_name),
            person.division.name, person.site.name,
            person.get_rank_display(), person.position.name,
            person.appointment_date.isoformat(), "yes" if person.trained_here else "no",
            "yes" if person.new_to_country else "no", person.get_status_display(),
            person.departure_date.isoformat() if person.departure_date else "",
            _spreadsheet_safe(person.departure_reason),
        ]
