"""The Division Director's annual review and the Vice-Chair's check-in, each with up to
three follow-ups (an owner and a due date each), and the review screen's query string."""

import datetime
import uuid

from django import forms

from checkins.forms import form_helper, text_field
from checkins.models import Effective
from checkins.models.reviews import FOLLOW_UP_LENGTH, REVIEW_TEXT_LENGTH
from programs.dates import today
from programs.forms import EARLIEST_DATE, BoundedDateField, BoundedForm, bound_fields
from programs.models import FacultyMember

FOLLOW_UP_ROWS = 3
RATINGS = [(n, str(n)) for n in range(1, 6)]


def _follow_up_latest() -> datetime.date:
    return today() + datetime.timedelta(days=3 * 366)


def _rating(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=RATINGS, coerce=int,
                                  widget=forms.RadioSelect, help_text=help_text)


class _WithFollowUps(BoundedForm):
    """A form with follow-up rows (`@with_follow_ups` adds them): a row with text needs an
    owner and a due date; an empty row is ignored."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, owners: list[FacultyMember], back_to: str, label: str,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {person.pk: person for person in owners}
        choices = [("", "Choose who")] + [(person.pk, person.full_name) for person in owners]
        for number in range(1, FOLLOW_UP_ROWS + 1):
            self.fields[f"follow_up_{number}_owner"].choices = choices
        self.helper = form_helper(self, label, back_to=back_to)

    def clean(self) -> dict:
        data = super().clean()
        follow_ups = []
        for number in range(1, FOLLOW_UP_ROWS + 1):
            text = (data.get(f"follow_up_{number}_text") or "").strip()
            owner = data.get(f"follow_up_{number}_owner")
            due = data.get(f"follow_up_{number}_due")
            if not text:
                continue
            if not owner:
                self.add_error(f"follow_up_{number}_owner",
                               f"Say who owns follow-up {number}.")
            if not due:
                self.add_error(f"follow_up_{number}_due",
                               f"Give follow-up {number} a due date.")
            if owner and due:
                follow_ups.append({"text": text, "owner": self.owners[int(owner)],
                                   "due_on": due})
        data["follow_ups"] = follow_ups
        return data


def with_follow_ups(form_class: type[forms.Form]) -> type[forms.Form]:
    """Append `follow_up_N_text`, `_owner` and `_due` for N in 1..3 to the form's own
    fields, after them, as if they had been declared last."""
    for number in range(1, FOLLOW_UP_ROWS + 1):
        form_class.base_fields[f"follow_up_{number}_text"] = forms.CharField(
            label=f"Follow-up {number}", required=False, max_length=FOLLOW_UP_LENGTH,
            help_text="What is to be done (optional)." if number == 1 else "")
        form_class.base_fields[f"follow_up_{number}_owner"] = forms.TypedChoiceField(
            label=f"Follow-up {number}: owner", required=False, choices=[], coerce=str)
        form_class.base_fields[f"follow_up_{number}_due"] = BoundedDateField(
            label=f"Follow-up {number}: due by", required=False, min_value=today,
            max_value=_follow_up_latest,
            min_message="A follow-up is due today or later.",
            max_message="Choose a due date within three years.")
    bound_fields(form_class)  # as BoundedForm does for declared fields
    return form_class


@with_follow_ups
class AnnualReviewForm(_WithFollowUps):
    held_on = BoundedDateField(
        label="Date of the review", initial=today, min_value=EARLIEST_DATE, max_value=today,
        max_message="This date is in the future: record the review once it has happened.")
    effective = forms.ChoiceField(
        label="Is the mentorship effective?", choices=Effective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the mentorship is effective."})
    quality = _rating("Quality of the mentorship", "1 is poor, 5 is excellent.")
    support_needed = text_field("Support needed", REVIEW_TEXT_LENGTH, 3,
                                "The faculty member reads this review; their mentor never does.")
    issues_raised = text_field("Issues raised", REVIEW_TEXT_LENGTH, 3, "")

    def __init__(self, *args, year_start: datetime.date, **kwargs):
        super().__init__(*args, label="Record the review", **kwargs)
        self.fields["held_on"].narrow(
            min_value=year_start,
            min_message="A review of this program year is held within it: choose a date "
                        "since %(limit)s.")
        self.refresh_bounds()


@with_follow_ups
class ViceChairCheckinForm(_WithFollowUps):
    held_on = BoundedDateField(
        label="Date of the check-in", initial=today, min_value=EARLIEST_DATE,
        max_value=today,
        max_message="This date is in the future: record the check-in once it has happened.")
    academic_progress = text_field("Progress on academic goals", REVIEW_TEXT_LENGTH, 3,
                                   "The faculty member reads this; their mentor never does.")
    work_life_balance = text_field("Work-life balance", REVIEW_TEXT_LENGTH, 3, "")
    satisfaction = _rating("Satisfaction with mentorship", "1 is very dissatisfied, 5 is "
                           "very satisfied.")
    concerns = text_field("Concerns", REVIEW_TEXT_LENGTH, 3, "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label="Record the check-in", **kwargs)


class ReviewScreenQuery(BoundedForm):
    """?show=&sort=&page= on the review screen: unknown values fall back to defaults."""

    show = forms.CharField(required=False, max_length=20)
    sort = forms.CharField(required=False, max_length=20)
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6)
