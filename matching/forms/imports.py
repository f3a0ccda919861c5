"""The interest survey's CSV export, loaded by a program admin with the roster import's
rules (programs.forms.roster, programs.spreadsheets): the file's shape is checked first
(every bad line with its number and reason), then every row's values; nothing is written
until the whole file is clean, and importing the same file again changes nothing.

One row per person, found by email among the department's current faculty. A row fills
in the offer when `offer_topics` has something, the needs when `needs_topics` has, or
both. The identity opt-ins are never imported: only the person gives them, in the
browser.
"""

from dataclasses import dataclass, field

from django import forms

from matching.models import MentorProfile
from matching.models.profiles import Format
from programs.forms import BoundedForm
from programs.forms.roster import (
    SHOWN_FILE_PROBLEMS,
    CsvUploadForm,
    RosterFileError,
    RowError,
    column_key,
    lookup_key,
)
from programs.models import Department, FacultyMember, Site, Topic
from programs.spreadsheets import (
    CellError,
    LineProblem,
    choose_delimiter,
    clean_key,
    clean_text,
    read_records,
    shown,
    unguard_formula,
)

COLUMNS = ["email", "offer_topics", "offer_formats", "capacity", "open", "sites",
           "how_i_can_help", "needs_topics", "needs_formats", "same_site"]
COLUMN_HELP = {
    "email": "Required. The person's institutional email, as on the roster.",
    "offer_topics": "Topics they can mentor in, separated by semicolons. Empty: no offer.",
    "offer_formats": "One-to-one, group, peer, task-focused, separated by semicolons "
                     "(empty means one-to-one).",
    "capacity": "Mentees at once, 1 to 10 (empty means 2).",
    "open": "yes or no: open to new mentees (empty means yes).",
    "sites": "Sites where they can meet, by name or short name, separated by semicolons.",
    "how_i_can_help": "A few sentences for the directory.",
    "needs_topics": "Topics they want mentorship in, most important first, separated by "
                    "semicolons (at most 5). Empty: no needs.",
    "needs_formats": "As offer_formats, for what they would like.",
    "same_site": "yes or no: prefers a mentor at their site (empty means no).",
}
MAX_BYTES = 5 * 1024 * 1024
MAX_PRIORITIES = 5
HELP_LENGTH = MentorProfile._meta.get_field("how_i_can_help").max_length
YES = {"yes", "y", "true", "1", "oui"}
NO = {"no", "n", "false", "0", "non", ""}
# Spreadsheets and survey tools join several answers with semicolons (or commas, or new
# lines that the export turned into " | ").
SEPARATORS = (";", "|")


@dataclass
class SurveyRow:
    line: int
    person: FacultyMember
    offer: dict | None  # topics, formats, capacity, is_open, sites, how_i_can_help
    needs: dict | None  # topics (in order), formats, same_site


@dataclass
class SurveyFile:
    rows: list[SurveyRow] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


class Lookups:
    """People, topics, sites and formats of a department, loaded once per file."""

    def __init__(self, department: Department):
        self.people = {
            person.user.email.lower(): person for person in
            FacultyMember.objects.current().filter(department=department)
            .select_related("user")}
        self.topics: dict[str, Topic] = {}
        for topic in Topic.objects.filter(is_active=True):
            self.topics[lookup_key(topic.name)] = topic
            self.topics[lookup_key(topic.slug)] = topic
        self.sites: dict[str, Site] = {}
        for site in Site.objects.all():
            self.sites[lookup_key(site.name)] = site
            if site.short_name:
                self.sites[lookup_key(site.short_name)] = site
        self.formats: dict[str, str] = {}
        for code, label in Format.choices:
            self.formats[lookup_key(code)] = code
            self.formats[lookup_key(label)] = code
            self.formats[lookup_key(code.replace("_", " "))] = code


def read_survey(text: str, department: Department) -> SurveyFile:
    """Every row, checked; RosterFileError when the file's shape is wrong."""
    delimiter, sep_line = choose_delimiter(text, wanted=set(COLUMNS), key=column_key)
    result = SurveyFile()
    columns: list[str] | None = None
    lookups = Lookups(department)
    seen: dict[int, int] = {}  # person id -> the line that named them first
    for item in read_records(text, delimiter=delimiter, skip_first_line=sep_line):
        if isinstance(item, LineProblem):
            if columns is None:
                raise RosterFileError([RowError(item.line, item.message, item.last_line)])
            result.problems.append(RowError(item.line, item.message, item.last_line))
            continue
        if not any(value.strip() for value in item.values):
            continue
        if columns is None:
            columns = [column_key(name) for name in item.values]
            _check_header(item.line, columns, item.values)
            result.ignored_columns = [name or f"(unnamed column {index + 1})"
                                      for index, (key, name) in
                                      enumerate(zip(columns, item.values, strict=True))
                                      if key not in COLUMNS]
            continue
        if any(value.strip() for value in item.values[len(columns):]):
            result.problems.append(RowError(item.line, (
                f"This row has {len(item.values)} values but the header names {len(columns)} "
                "columns. A value that contains the separator must be in quotation marks.")))
            continue
        values = dict(zip(columns, item.values, strict=False))
        raw = {column: values.get(column, "") for column in COLUMNS}
        row, problems = clean_survey_row(item.line, raw, lookups)
        if row is not None and row.person.pk in seen:
            problems.append(f"{row.person.email} is already on line {seen[row.person.pk]}; "
                            "keep one row per person.")
        if problems:
            result.problems.append(RowError(item.line, " ".join(problems)))
        elif row is not None:
            seen[row.person.pk] = item.line
            result.rows.append(row)
    if columns is None:
        raise RosterFileError("The file is empty.")
    if not result.rows and not result.problems:
        raise RosterFileError("The file has a header but no rows.")
    if len(result.problems) > SHOWN_FILE_PROBLEMS:
        more = len(result.problems) - SHOWN_FILE_PROBLEMS
        result.problems = result.problems[:SHOWN_FILE_PROBLEMS] + [
            RowError(0, f"… and {more} more lines with problems.")]
    return result


def _check_header(line: int, columns: list[str], header: list[str]) -> None:
    repeated = sorted({c for c in columns if c in COLUMNS and columns.count(c) > 1})
    if repeated:
        raise RosterFileError([RowError(line, (
            f"The header names {', '.join(repeated)} more than once, so it is not clear "
            "which values to use. Keep one column of each name."))])
    missing = [c for c in ("email",) if c not in columns]
    if not ("offer_topics" in columns or "needs_topics" in columns):
        missing.append("offer_topics or needs_topics")
    if missing:
        hint = (" This line looks like a person rather than a header: the first line must "
                "name the columns." if any("@" in value for value in header) else "")
        raise RosterFileError([RowError(line, (
            f"The header is missing {', '.join(missing)}. Expected columns: "
            f"{', '.join(COLUMNS)}.{hint}"))])


def _split(value: str) -> list[str]:
    for separator in SEPARATORS:
        value = value.replace(separator, "\n")
    return [part.strip() for part in value.split("\n") if part.strip()]


def _names(column: str, value: str, table: dict, problems: list[str], what: str) -> list:
    found = []
    for part in _split(value):
        match = table.get(lookup_key(part))
        if match is None:
            problems.append(f"{column}: no {what} is called “{shown(part)}”.")
        elif match not in found:
            found.append(match)
    return found


def _yes_no(column: str, value: str, default: bool, problems: list[str]) -> bool:
    key = value.strip().lower()
    if not key:
        return default
    if key in YES:
        return True
    if key not in NO:
        problems.append(f"{column} is “{shown(value)}”; use yes or no.")
    return False


def clean_survey_row(line: int, raw: dict[str, str], lookups: Lookups
                     ) -> tuple[SurveyRow | None, list[str]]:
    """One row ready to store, or every problem it has, in words."""
    problems: list[str] = []
    cells: dict[str, str] = {}
    for column, value in raw.items():
        try:
            value = (clean_text if column == "how_i_can_help" else clean_key)(value or "")
        except CellError as error:
            problems.append(f"{column} {error}. Retype the value in your spreadsheet.")
            value = ""
        cells[column] = unguard_formula(value)
    person = None
    if not cells["email"]:
        problems.append("email is empty.")
    else:
        person = lookups.people.get(cells["email"].lower())
        if person is None:
            problems.append(f"Nobody in the department (active or on leave) has the email "
                            f"{shown(cells['email'])}. Import the roster first, or fix it.")
    offer = needs = None
    if cells["offer_topics"]:
        capacity = 2
        if cells["capacity"]:
            try:
                capacity = int(cells["capacity"])
            except ValueError:
                capacity = 0
            if not 1 <= capacity <= 10:
                problems.append(f"capacity is “{shown(cells['capacity'])}”; use a whole "
                                "number from 1 to 10.")
        if len(cells["how_i_can_help"]) > HELP_LENGTH:
            problems.append(f"how_i_can_help is {len(cells['how_i_can_help']):,} characters "
                            f"long; at most {HELP_LENGTH} fit. Shorten it.")
        offer = {
            "topics": _names("offer_topics", cells["offer_topics"], lookups.topics, problems,
                             "topic"),
            "formats": _names("offer_formats", cells["offer_formats"], lookups.formats,
                              problems, "format") or [Format.ONE_TO_ONE],
            "capacity": capacity,
            "is_open": _yes_no("open", cells["open"], True, problems),
            "sites": _names("sites", cells["sites"], lookups.sites, problems, "site"),
            "how_i_can_help": cells["how_i_can_help"],
        }
    elif any(cells[c] for c in ("offer_formats", "capacity", "sites", "how_i_can_help")):
        problems.append("The offer's columns are filled in but offer_topics is empty: name at "
                        "least one topic, or leave the offer's columns empty.")
    if cells["needs_topics"]:
        topics = _names("needs_topics", cells["needs_topics"], lookups.topics, problems,
                        "topic")
        if len(topics) > MAX_PRIORITIES:
            problems.append(f"needs_topics names {len(topics)} topics; at most "
                            f"{MAX_PRIORITIES}, most important first.")
        needs = {
            "topics": topics,
            "formats": _names("needs_formats", cells["needs_formats"], lookups.formats,
                              problems, "format") or [Format.ONE_TO_ONE],
            "same_site": _yes_no("same_site", cells["same_site"], False, problems),
        }
    if offer is None and needs is None and not problems:
        problems.append("Neither offer_topics nor needs_topics has anything: nothing to load.")
    if problems or person is None:
        return None, problems
    return SurveyRow(line=line, person=person, offer=offer, needs=needs), []


class SurveyUploadForm(CsvUploadForm):
    max_bytes = MAX_BYTES
    default_name = "survey.csv"

    file = forms.FileField(label="Survey export (CSV)",
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


class SurveyConfirmForm(BoundedForm):
    """Confirming a preview: the checked file itself, signed, so what is written is
    exactly what was previewed (and a forged or altered file is refused)."""

    payload = forms.CharField(max_length=8 * 1024 * 1024, widget=forms.HiddenInput)
