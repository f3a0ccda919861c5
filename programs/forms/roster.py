"""The roster CSV file: its format, the bounds on every value, and the upload forms.

Reading a file is input checking: the file's shape (header, quotation marks, values per
row) must be unambiguous or it is refused with the lines at fault (`read_roster`), and
every value is normalised and checked against every constraint its column will meet
when written (`clean_row`), so a preview that says "clean" never meets a database error
on confirm. Matching rows to people is `programs.selectors.roster.plan_import`.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from programs.dates import today, years_before
from programs.forms import BoundedForm
from programs.models import AcademicPosition, Department, FacultyMember, Site, User
from programs.spreadsheets import (
    CellError,
    LineProblem,
    Record,
    UnreadableFile,
    choose_delimiter,
    clean_key,
    clean_text,
    decode_upload,
    read_records,
    shown,
    unguard_formula,
)

COLUMNS = [
    "employee_id", "email", "first_name", "last_name", "division", "site", "rank",
    "position", "appointment_date", "trained_here", "new_to_country", "status",
    "departure_date", "departure_reason",
]
REQUIRED_COLUMNS = [
    "email", "first_name", "last_name", "division", "site", "rank", "position",
    "appointment_date",
]
# What each column holds: the import page's table of columns, required ones marked.
COLUMN_HELP = {
    "employee_id": "HR's id for the person. People are matched on it first, then on email.",
    "email": "Their institutional email address, which they sign in with.",
    "first_name": "",
    "last_name": "",
    "division": "A division of the department, by name.",
    "site": "Their main hospital site, by name or short name (for example UHC).",
    "rank": "Lecturer, Assistant Professor, Associate Professor or Full Professor.",
    "position": "Academic position, by name (for example Clinician teacher).",
    "appointment_date": "Year-month-day, for example 2021-07-01.",
    "trained_here": "yes or no (empty means no).",
    "new_to_country": "yes or no (empty means no).",
    "status": "Active, On leave or Departed (empty means active).",
    "departure_date": "Year-month-day; required when the status is Departed.",
    "departure_reason": "Optional, for departed people.",
}
TEXT_COLUMNS = ("first_name", "last_name", "departure_reason")  # the rest go through clean_key
MAX_LENGTHS = {
    "employee_id": FacultyMember._meta.get_field("employee_id").max_length,
    "email": User._meta.get_field("email").max_length,
    "first_name": User._meta.get_field("first_name").max_length,
    "last_name": User._meta.get_field("last_name").max_length,
    "departure_reason": FacultyMember._meta.get_field("departure_reason").max_length,
}
MAX_BYTES = 10 * 1024 * 1024
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST_DATE = datetime.date(1900, 1, 1)
APPOINTED_AHEAD_YEARS = 2  # HR loads next July's appointments a year or so ahead
DEPARTING_AHEAD_YEARS = 1
SHOWN_FILE_PROBLEMS = 50


@dataclass
class RowError:
    line: int
    message: str
    last_line: int | None = None  # a problem spanning lines, e.g. an unclosed quotation mark

    @property
    def lines(self) -> str:
        if self.last_line and self.last_line != self.line:
            return f"{self.line}–{self.last_line}"
        return str(self.line)


class RosterFileError(ValueError):
    """The file as a whole cannot be read: its header or shape is wrong or ambiguous."""

    def __init__(self, problems: list[RowError] | str):
        if isinstance(problems, str):
            problems = [RowError(0, problems)]
        self.problems = problems
        super().__init__(" ".join(
            (f"Line {p.lines}: " if p.line else "") + p.message for p in problems))


# --- The file's shape ------------------------------------------------------------------


def column_key(name: str) -> str:
    try:
        return clean_key(name or "").lower().replace(" ", "_")
    except CellError:
        return ""


@dataclass
class RosterTable:
    """A roster file read into rows, each with its line number."""

    columns: list[str]  # normalised header names, by position
    header: list[str]  # the header as written
    rows: list[tuple[int, dict[str, str]]]  # (line, known column -> raw value)
    last_line: int
    header_line: int = 1

    @property
    def ignored_columns(self) -> list[str]:
        return [name or f"(unnamed column {index + 1})"
                for index, (key, name) in enumerate(zip(self.columns, self.header, strict=True))
                if key not in COLUMNS]

    def known_columns_csv(self) -> str:
        """The file with only the columns the import uses, as UTF-8 CSV with commas, every
        row on the line it had (blank lines keep their place), so that line numbers in
        messages stay those of the admin's own file.

        HR exports often carry more (gender, ethnicity, salary); we keep none of it, since
        identity is stored only with the person's own consent.
        """
        known = [column for column in self.columns if column in COLUMNS]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        by_line = dict(self.rows)
        for line in range(1, self.last_line + 1):
            if line == self.header_line:
                writer.writerow(known)
            elif line in by_line:
                writer.writerow([by_line[line].get(column, "") for column in known])
            else:
                out.write("\n")
        return out.getvalue()


def read_roster(text: str) -> RosterTable:
    """The file's rows, or RosterFileError naming every line whose shape is wrong."""
    delimiter, sep_line = choose_delimiter(text, wanted=set(COLUMNS), key=column_key)
    problems: list[RowError] = []
    header: Record | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    last_line = 1 if sep_line else 0
    columns: list[str] = []
    for item in read_records(text, delimiter=delimiter, skip_first_line=sep_line):
        if isinstance(item, LineProblem):
            problems.append(RowError(item.line, item.message, item.last_line))
            if header is None:  # what follows a broken header cannot be read
                raise RosterFileError(problems)
            last_line = item.last_line
            continue
        last_line = item.line
        if not any(value.strip() for value in item.values):
            continue  # blank lines in spreadsheet exports are harmless
        if header is None:
            header = item
            columns = [column_key(name) for name in item.values]
            _check_header(item, columns, delimiter)
            continue
        extra = item.values[len(columns):]
        if any(value.strip() for value in extra):
            problems.append(RowError(item.line, (
                f"This row has {len(item.values)} values but the header names "
                f"{len(columns)} columns. A value that contains a "
                f"{'comma' if delimiter == ',' else 'separator'} must be in quotation "
                "marks.")))
            continue
        values = dict(zip(columns, item.values, strict=False))
        rows.append((item.line, {column: values.get(column, "") for column in COLUMNS}))
    if header is None and not problems:
        raise RosterFileError("The file is empty.")
    if problems:
        shown_problems = problems[:SHOWN_FILE_PROBLEMS]
        if len(problems) > SHOWN_FILE_PROBLEMS:
            shown_problems.append(RowError(0, f"… and {len(problems) - SHOWN_FILE_PROBLEMS} "
                                              "more lines with problems."))
        raise RosterFileError(shown_problems)
    if not rows:
        raise RosterFileError("The file has a header but no rows.")
    return RosterTable(columns=columns, header=list(header.values), rows=rows,
                       last_line=last_line, header_line=header.line)


def _check_header(header: Record, columns: list[str], delimiter: str) -> None:
    line = header.line
    repeated = sorted({c for c in columns if c in COLUMNS and columns.count(c) > 1})
    if repeated:
        raise RosterFileError([RowError(line, (
            f"The header names {', '.join(repeated)} more than once, so it is not clear "
            "which values to use. Keep one column of each name."))])
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if not missing:
        return
    if any("@" in value for value in header.values):
        hint = (" This line looks like a person rather than a header: the first line must "
                "name the columns.")
    elif len(header.values) == 1 and any(sep in header.values[0] for sep in ";\t|,"):
        hint = " The columns must be separated by commas (or semicolons or tabs)."
    else:
        hint = ""
    raise RosterFileError([RowError(line, (
        f"The header is missing {', '.join(missing)}. "
        f"Expected columns: {', '.join(COLUMNS)}.{hint}"))])


# --- One row's values -------------------------------------------------------------------


class LookupTables:
    """The small tables a row is checked against, loaded once per file. Names are keyed
    the way a cell is read (clean_key, then casefold), so a name typed with a full-width
    letter or a no-break space still matches."""

    def __init__(self, department: Department):
        self.department_id = department.pk
        self.divisions = {}
        for division in department.divisions.all():
            self.divisions[lookup_key(division.name)] = division
            self.divisions[lookup_key(division.slug)] = division
        self.sites = {}
        for site in Site.objects.all():
            self.sites[lookup_key(site.name)] = site
            if site.short_name:
                self.sites[lookup_key(site.short_name)] = site
        self.positions = {}
        for position in AcademicPosition.objects.filter(is_active=True):
            self.positions[lookup_key(position.name)] = position
            self.positions[lookup_key(position.slug)] = position
        self.ranks = {}
        for value, label in FacultyMember.Rank.choices:
            self.ranks[value] = value
            self.ranks[lookup_key(label)] = value
        self.statuses = {}
        for value, label in FacultyMember.Status.choices:
            self.statuses[value] = value
            self.statuses[lookup_key(label)] = value
        on = today()
        self.latest_appointment = years_before(on, -APPOINTED_AHEAD_YEARS)
        self.latest_departure = years_before(on, -DEPARTING_AHEAD_YEARS)
        self.hints = {
            "division": "Known divisions: "
            + ", ".join(sorted({d.name for d in self.divisions.values()})) + ".",
            "site": "Add the site in the admin first, or fix the spelling.",
            "rank": "Use Lecturer, Assistant Professor, Associate Professor or Full Professor.",
            "position": "Known positions: "
            + ", ".join(sorted({p.name for p in self.positions.values()})) + ".",
            "status": "Use active, on leave or departed.",
        }


def clean_row(raw: dict[str, str], tables: LookupTables) -> tuple[dict, dict]:
    """One row's values, ready to store, or ValidationError with every problem in it."""
    problems: list[str] = []
    row: dict[str, str] = {}
    for column, value in raw.items():
        try:
            value = (clean_text if column in TEXT_COLUMNS else clean_key)(value or "")
        except CellError as error:
            problems.append(f"{column} {error}. Retype the value in your spreadsheet.")
            value = ""
        row[column] = unguard_formula(value)
        limit = MAX_LENGTHS.get(column)
        if limit and len(row[column]) > limit:
            problems.append(f"{column} is {len(row[column]):,} characters long; at most "
                            f"{limit} fit. Shorten it.")
    for column in REQUIRED_COLUMNS:
        if not row[column] and not any(p.startswith(column) for p in problems):
            problems.append(f"{column} is empty.")
    if problems:
        raise ValidationError(problems)

    def check(fn, *args):
        try:
            return fn(*args)
        except ValidationError as error:
            problems.extend(error.messages)
            return None

    email = row["email"].lower()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(f"email {shown(email)} is not a valid email address.")
    status = check(_lookup, tables, "status", row["status"] or "active")
    appointed = check(_parse_date, row["appointment_date"], "appointment_date")
    departed = check(_parse_date, row["departure_date"], "departure_date") \
        if row["departure_date"] else None
    faculty_values = {
        "employee_id": row["employee_id"] or None,
        "division_id": getattr(check(_lookup, tables, "division", row["division"]), "pk", None),
        "site_id": getattr(check(_lookup, tables, "site", row["site"]), "pk", None),
        "rank": check(_lookup, tables, "rank", row["rank"]),
        "position_id": getattr(check(_lookup, tables, "position", row["position"]), "pk", None),
        "appointment_date": appointed,
        "trained_here": check(_parse_bool, row["trained_here"], "trained_here"),
        "new_to_country": check(_parse_bool, row["new_to_country"], "new_to_country"),
        "status": status,
        "departure_date": departed,
        "departure_reason": row["departure_reason"],
    }
    if appointed and not EARLIEST_DATE <= appointed <= tables.latest_appointment:
        problems.append(
            f"appointment_date {appointed.isoformat()} is out of range: it must fall between "
            f"{EARLIEST_DATE.isoformat()} and {APPOINTED_AHEAD_YEARS} years from today "
            f"({tables.latest_appointment.isoformat()}).")
    if departed and not EARLIEST_DATE <= departed <= tables.latest_departure:
        problems.append(
            f"departure_date {departed.isoformat()} is out of range: it must fall between "
            f"{EARLIEST_DATE.isoformat()} and one year from today "
            f"({tables.latest_departure.isoformat()}).")
    elif departed and appointed and departed < appointed:
        problems.append(f"departure_date {departed.isoformat()} is before the "
                        f"appointment_date {appointed.isoformat()}.")
    if status == FacultyMember.Status.DEPARTED and not row["departure_date"]:
        problems.append("departure_date is required when status is departed.")
    if problems:
        raise ValidationError(problems)
    user_values = {"email": email, "first_name": row["first_name"],
                   "last_name": row["last_name"]}
    return user_values, faculty_values


def _parse_date(raw: str, column: str) -> datetime.date:
    try:
        if ISO_DATE.fullmatch(raw):
            return datetime.date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValidationError(
        f"{column} {shown(raw)} is not a date like 2021-07-01 (year-month-day). In your "
        "spreadsheet, format the column as yyyy-mm-dd before saving.")


def _parse_bool(raw: str, column: str) -> bool:
    lowered = raw.casefold()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValidationError(f"{column} {shown(raw)} must be yes or no.")


def lookup_key(name: str) -> str:
    try:
        return clean_key(name).casefold()
    except CellError:
        return name.casefold()


def _lookup(tables: LookupTables, column: str, raw: str):
    found = getattr(tables, f"{column}s" if column != "status" else "statuses").get(
        raw.casefold())
    if found is None:
        raise ValidationError(f"Unknown {column} {shown(raw)}. {tables.hints[column]}")
    return found




# --- The forms ------------------------------------------------------------------------------


class CsvUploadForm(forms.Form):
    """A CSV file for a department, read as a whole (not as a text field), for an import
    that previews before it writes: the roster here, the interest survey in matching."""

    max_bytes = MAX_BYTES
    default_name = "import.csv"

    department = forms.ModelChoiceField(queryset=Department.objects.none(), empty_label=None)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        if departments.count() == 1:
            self.fields["department"].initial = departments.first()
            self.fields["department"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.add_input(Submit("preview", "Check file and preview"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"The file is larger than {self.max_bytes // (1024 * 1024)} MB. Split it and "
                "import each part.")
        try:
            self.text = decode_upload(upload.read())
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    @property
    def filename(self) -> str:
        """The name to show in the list of imports: no control or invisible characters."""
        name = "".join(char for char in self.cleaned_data["file"].name
                       if unicodedata.category(char)[0] != "C")
        return name.strip()[:255] or self.default_name


class RosterUploadForm(CsvUploadForm):
    default_name = "roster.csv"

    file = forms.FileField(
        label="Roster file (CSV)",
        help_text="Columns: employee_id, email, first_name, last_name, division, site, rank, "
        "position, appointment_date (YYYY-MM-DD), trained_here, new_to_country, status, "
        "departure_date, departure_reason.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class RosterConfirmForm(BoundedForm):
    """Confirming a preview: carries the fingerprint of the plan the admin saw."""

    plan = forms.CharField(max_length=64, widget=forms.HiddenInput)


class RosterExportForm(BoundedForm):
    department = forms.SlugField(required=False, max_length=50)
