"""Roster reads: what importing a CSV file would do (`plan_import`), and the export.

Planning writes nothing. It reads the file through programs.forms.roster (shape and
values), then queries only the people the file names, so its cost follows the file, not
the department. Every rule the write will meet is checked here, so a clean plan applies.
"""

import datetime
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from programs.dates import years_before
from programs.forms.roster import (
    COLUMNS,
    LookupTables,
    RosterFileError,
    RowError,
    clean_row,
    read_roster,
)
from programs.models import (
    AcademicPosition,
    Department,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    Site,
    User,
)
from programs.spreadsheets import guard_formula

__all__ = ["COLUMNS", "RosterFileError", "RosterPlan", "RowError", "RowPlan", "export_rows",
           "plan_import", "sample_rows"]

# The FacultyMember and User fields an import sets, compared to decide "unchanged".
FACULTY_FIELDS = [
    "employee_id", "division_id", "site_id", "rank", "position_id", "appointment_date",
    "trained_here", "new_to_country", "status", "departure_date", "departure_reason",
]
USER_FIELDS = ["email", "first_name", "last_name"]
FIELD_COLUMNS = {"division_id": "division", "site_id": "site", "position_id": "position"}
LOOKUP_CHUNK = 5000  # identity keys per query; a small file takes one query per kind


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

    @property
    def changed_columns(self) -> list[str]:
        return [FIELD_COLUMNS.get(name, name) for name in self.changed]


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

    @property
    def fingerprint(self) -> str:
        """Who is added or changed, and how: the confirm form carries the fingerprint of
        the preview the admin saw, and the import applies only if it is still the same."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(repr((row.line, row.action, getattr(row.existing, "pk", None),
                                getattr(row.existing_user, "pk", None),
                                sorted(row.changed))).encode())
        for error in self.errors:
            digest.update(repr((error.line, error.message)).encode())
        return digest.hexdigest()[:32]


# --- Who is who ---------------------------------------------------------------------------


def _chunks(values: Iterable) -> Iterator[list]:
    values = sorted(values)
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start:start + LOOKUP_CHUNK]


class _People:
    """The existing people a file names (by employee id or email), and what the rules need
    to know about them. Queries follow the file, never the whole department."""

    def __init__(self, department: Department, rows: list[tuple[int, dict, dict]]):
        self.department_id = department.pk
        self.by_employee_id: dict[str, FacultyMember] = {}
        employee_ids = {values["employee_id"].lower() for _, _, values in rows
                        if values["employee_id"]}
        for chunk in _chunks(employee_ids):
            # Lower(employee_id) has its own index (faculty_employee_id_lower).
            for person in (FacultyMember.objects.select_related("user").order_by()
                           .annotate(employee_key=Lower("employee_id"))
                           .filter(employee_key__in=chunk)):
                self.by_employee_id[person.employee_id.lower()] = person
        self.users_by_email: dict[str, User] = {
            person.user.email.lower(): person.user for person in self.by_employee_id.values()}
        # Only emails not already found through an id; re-importing an export needs none.
        emails = {user_values["email"] for _, user_values, _ in rows} - set(self.users_by_email)
        for chunk in _chunks(emails):
            # Lower(email) is the unique index, so this is an index scan.
            for user in (User.objects.select_related("faculty").order_by()
                         .annotate(email_key=Lower("email")).filter(email_key__in=chunk)):
                self.users_by_email[user.email.lower()] = user
        # For the conflict-of-interest rule when someone moves division.
        self.directors: dict[int, set[int]] = {}
        for division_id, person_id in LeadershipRole.objects.active().filter(
                kind=LeadershipRole.Kind.DIVISION_DIRECTOR, department=department,
        ).values_list("division_id", "person_id"):
            self.directors.setdefault(division_id, set()).add(person_id)
        known = {person.pk for person in self.by_employee_id.values()} | {
            user.faculty.pk for user in self.users_by_email.values()
            if getattr(user, "faculty", None)}
        self.formal_mentors: dict[int, set[int]] = {}
        for chunk in _chunks(known):
            for mentee_id, mentor_id in Mentorship.objects.active().formal().filter(
                    mentee_id__in=chunk).order_by().values_list("mentee_id", "mentor_id"):
                self.formal_mentors.setdefault(mentee_id, set()).add(mentor_id)


class _Matcher:
    """Decides, row by row, whom each row is: someone new, or which existing person."""

    def __init__(self, people: _People):
        self.people = people
        self.seen_email: dict[str, int] = {}
        self.seen_employee: dict[str, int] = {}
        self.seen_person: dict[int, int] = {}

    def match(self, line: int, user_values: dict, faculty_values: dict) -> RowPlan | str:
        people = self.people
        email = user_values["email"]
        employee_id = faculty_values["employee_id"]
        if email in self.seen_email:
            return f"The email {email} is also on line {self.seen_email[email]}."
        self.seen_email[email] = line
        if employee_id:
            key = employee_id.lower()
            if key in self.seen_employee:
                return (f"The employee id {employee_id} is also on line "
                        f"{self.seen_employee[key]}.")
            self.seen_employee[key] = line
        by_id = people.by_employee_id.get(employee_id.lower()) if employee_id else None
        user_by_email = people.users_by_email.get(email)
        by_email = getattr(user_by_email, "faculty", None) if user_by_email else None
        if by_id and user_by_email and by_id.user_id != user_by_email.pk:
            return (f"The employee id {employee_id} belongs to {by_id.user.email}, but {email} "
                    "is another person's email.")
        existing = by_id or by_email
        if existing and existing.department_id != people.department_id:
            return f"{email} belongs to another department's roster."
        if existing and existing.pk in self.seen_person:
            return (f"This is the same person ({existing.user.email}) as on line "
                    f"{self.seen_person[existing.pk]}.")
        if existing:
            self.seen_person[existing.pk] = line
        if existing and employee_id is None:
            faculty_values["employee_id"] = existing.employee_id  # a blank id never erases one
        if existing and existing.employee_id and employee_id and by_id is None:
            return f"{email} already has employee id {existing.employee_id}, not {employee_id}."
        if existing is None:
            return RowPlan(line, "create", user_values, faculty_values,
                           existing_user=user_by_email)
        new_division = faculty_values["division_id"]
        if new_division != existing.division_id and (
                people.directors.get(new_division, set())
                & people.formal_mentors.get(existing.pk, set())):
            return (f"{email} would move to a division whose Division Director is their formal "
                    "mentor. A formal mentor can never oversee the mentee: end or change that "
                    "mentorship first.")
        changed = [f for f in FACULTY_FIELDS if getattr(existing, f) != faculty_values[f]]
        changed += [f for f in USER_FIELDS if getattr(existing.user, f) != user_values[f]]
        return RowPlan(line, "update" if changed else "unchanged", user_values, faculty_values,
                       existing, existing.user, changed)


def plan_import(text: str, department: Department) -> RosterPlan:
    """Check a whole file against the roster and say what importing it would do.

    Raises RosterFileError when the file itself cannot be read unambiguously.
    """
    table = read_roster(text)
    tables = LookupTables(department)
    errors: list[RowError] = []
    cleaned: list[tuple[int, dict, dict]] = []
    for line, raw in table.rows:
        try:
            user_values, faculty_values = clean_row(raw, tables)
        except ValidationError as error:
            errors.append(RowError(line, " ".join(error.messages)))
            continue
        cleaned.append((line, user_values, faculty_values))
    people = _People(department, cleaned)
    matcher = _Matcher(people)
    rows: list[RowPlan] = []
    for line, user_values, faculty_values in cleaned:
        planned = matcher.match(line, user_values, faculty_values)
        if isinstance(planned, str):
            errors.append(RowError(line, planned))
        else:
            rows.append(planned)
    errors.sort(key=lambda error: error.line)
    return RosterPlan(rows=rows, errors=errors, ignored_columns=table.ignored_columns)


# --- The export -----------------------------------------------------------------------------


def export_rows(department: Department) -> Iterator[list[str]]:
    """The department's roster as CSV rows, header first, in the import's format.

    Every cell goes through guard_formula, so a spreadsheet shows "=SUM(…)" as text instead
    of running it, and the import removes exactly that apostrophe again: export then import
    changes nothing.
    """
    yield COLUMNS
    faculty = (
        FacultyMember.objects.filter(department=department)
        .select_related("user", "division", "site", "position")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for person in faculty.iterator(chunk_size=1000):
        yield [guard_formula(value) for value in (
            person.employee_id or "", person.user.email,
            person.user.first_name, person.user.last_name,
            person.division.name, person.site.name,
            person.get_rank_display(), person.position.name,
            person.appointment_date.isoformat(), "yes" if person.trained_here else "no",
            "yes" if person.new_to_country else "no", person.get_status_display(),
            person.departure_date.isoformat() if person.departure_date else "",
            person.departure_reason,
        )]


def sample_rows(department: Department, on: datetime.date) -> list[list[str]]:
    """An example file for the import page, header first: every column, three people (a
    newcomer, someone on leave, someone who left) with names and values this department
    accepts, so that it previews clean as downloaded. The people are made up (example.org
    addresses); the page says to replace them."""
    divisions = list(department.divisions.order_by("name").values_list("name", flat=True))
    sites = list(Site.objects.order_by("name").values_list("name", flat=True))
    positions = list(AcademicPosition.objects.filter(is_active=True).order_by("name")
                     .values_list("name", flat=True))

    def pick(names: list[str], index: int, missing: str) -> str:
        return names[index % len(names)] if names else missing

    Rank, Status = FacultyMember.Rank, FacultyMember.Status
    appointed = years_before(on, 1).replace(month=7, day=1)
    rows = [
        ["E-SAMPLE-1", "sam.newcomer@example.org", "Sam", "Newcomer", pick(divisions, 0,
         "(a division)"), pick(sites, 0, "(a site)"), Rank.ASSISTANT.label,
         pick(positions, 0, "(a position)"), appointed.isoformat(), "no", "yes",
         Status.ACTIVE.label, "", ""],
        ["E-SAMPLE-2", "robin.onleave@example.org", "Robin", "Onleave", pick(divisions, 1,
         "(a division)"), pick(sites, 1, "(a site)"), Rank.ASSOCIATE.label,
         pick(positions, 1, "(a position)"), "2015-07-01", "yes", "no", Status.ON_LEAVE.label,
         "", ""],
        ["E-SAMPLE-3", "kim.departed@example.org", "Kim", "Departed", pick(divisions, 2,
         "(a division)"), pick(sites, 2, "(a site)"), Rank.FULL.label,
         pick(positions, 2, "(a position)"), "2001-07-01", "yes", "no", Status.DEPARTED.label,
         (on - datetime.timedelta(days=30)).isoformat(), "Retired"],
    ]
    return [COLUMNS, *([guard_formula(value) for value in row] for row in rows)]
