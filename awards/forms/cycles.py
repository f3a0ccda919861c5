"""Opening a cycle, choosing winners, and a winner's choice about the wall."""

import datetime
import re
import uuid

from django import forms

from awards.models import DESCRIPTION_LENGTH, MAX_POINTS, TITLE_LENGTH
from awards.services.cycles import MAX_COMMITTEE, MAX_CRITERIA, OPENS_WITHIN_DAYS
from programs.dates import today
from programs.forms import BoundedDateField, BoundedForm, submit_helper
from programs.models import Division, FacultyMember

DEFAULT_RUBRIC = "\n".join([
    "Impact on mentees' careers and well-being: 5",
    "Availability, commitment and follow-through: 5",
    "Sponsorship, advocacy and opening networks: 5",
    "Role modelling and contribution to a mentorship culture: 5",
])
RUBRIC_LINE = re.compile(r"^(?P<name>.+?)(?::\s*(?P<points>\d{1,2}))?$")


def _earliest_open() -> datetime.date:
    return today() - datetime.timedelta(days=30)


def _latest_open() -> datetime.date:
    return today() + datetime.timedelta(days=OPENS_WITHIN_DAYS)


def _latest_close() -> datetime.date:
    return today() + datetime.timedelta(days=OPENS_WITHIN_DAYS + 180)


class CycleForm(BoundedForm):
    title = forms.CharField(max_length=TITLE_LENGTH, help_text="For example “2026 Mentorship "
                            "Awards”.")
    nominations_open = BoundedDateField(label="Nominations open on", min_value=_earliest_open,
                                        max_value=_latest_open, initial=today)
    nominations_close = BoundedDateField(label="Nominations close after", min_value=today,
                                         max_value=_latest_close)
    departmental_award = forms.CharField(
        max_length=TITLE_LENGTH, required=False, initial="Departmental Mentorship Award",
        help_text="Empty for no departmental award this year.")
    divisions = forms.ModelMultipleChoiceField(
        label="Divisional awards", queryset=Division.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="One award for each division ticked; its nominees are in that division.")
    rubric = forms.CharField(
        max_length=2_000, widget=forms.Textarea(attrs={"rows": 5}), initial=DEFAULT_RUBRIC,
        help_text=f"One criterion a line, with the highest score after a colon (1 to "
                  f"{MAX_POINTS}; 5 if left out).")
    committee = forms.CharField(
        label="Committee", max_length=4_000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Their email addresses, one a line. Nobody scores a nomination of their own "
                  "mentor or mentee, or one they wrote.")
    description = forms.CharField(max_length=DESCRIPTION_LENGTH, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.fields["divisions"].queryset = Division.objects.filter(department=department)
        self.helper = submit_helper("Open the cycle")

    def clean_rubric(self) -> list[tuple[str, int]]:
        criteria, errors = [], []
        for number, line in enumerate(self.cleaned_data["rubric"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = RUBRIC_LINE.match(line)
            name, points = match["name"].strip(), int(match["points"] or 5)
            if not 1 <= points <= MAX_POINTS:
                errors.append(f"Line {number}: score out of 1 to {MAX_POINTS}.")
            elif len(name) > TITLE_LENGTH:
                errors.append(f"Line {number}: keep a criterion to {TITLE_LENGTH} characters.")
            else:
                criteria.append((name, points))
        if not criteria and not errors:
            errors.append("Write at least one criterion.")
        if len(criteria) > MAX_CRITERIA:
            errors.append(f"Keep the rubric to {MAX_CRITERIA} criteria.")
        if errors:
            raise forms.ValidationError(errors)
        return criteria

    def clean_committee(self) -> list[FacultyMember]:
        emails = [line.strip().lower() for line in self.cleaned_data["committee"].splitlines()
                  if line.strip()]
        if len(emails) > MAX_COMMITTEE:
            raise forms.ValidationError(f"Name at most {MAX_COMMITTEE} members.")
        people = {person.user.email: person for person in FacultyMember.objects.current()
                  .filter(department=self.department, user__email__in=emails)
                  .select_related("user")}
        unknown = [email for email in emails if email not in people]
        if unknown:
            raise forms.ValidationError(
                "Nobody in the department has these addresses: %(emails)s. Check them against "
                "the roster.", params={"emails": ", ".join(unknown)})
        if not people:
            raise forms.ValidationError("Name at least one member.")
        return list(people.values())

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("nominations_open"), cleaned.get("nominations_close")
        if opens and closes and closes < opens:
            self.add_error("nominations_close", "Close nominations on or after the day they "
                           "open.")
        if not cleaned.get("departmental_award") and not cleaned.get("divisions") \
                and "divisions" not in self.errors:
            self.add_error("departmental_award", "Name the departmental award, or tick "
                           "divisions for divisional awards.")
        return cleaned


class WinnersForm(BoundedForm):
    winners = forms.TypedMultipleChoiceField(coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, nomination_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winners"].choices = [(pk, pk) for pk in nomination_ids]


class WallChoiceForm(BoundedForm):
    on_wall = forms.BooleanField(required=False)
