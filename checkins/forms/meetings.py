"""Logging a meeting, and a private note on it."""

import uuid

from crispy_forms.layout import Field
from django import forms

from checkins.forms import (
    ACTION_ITEM_LENGTH,
    duration_field,
    form_helper,
    mentorship_page,
    text_field,
)
from checkins.models import Mode
from checkins.models.meetings import MAX_ACTION_ITEMS, PRIVATE_NOTE_LENGTH, SUMMARY_LENGTH
from programs.dates import long_date, today
from programs.forms import EARLIEST_DATE, BoundedDateField, BoundedForm
from programs.models import Mentorship, Topic


class MeetingForm(BoundedForm):
    """Everything on one short form, with defaults that make logging take under a minute:
    today, 60 minutes, in person."""

    held_on = BoundedDateField(
        label="Date", initial=today, min_value=EARLIEST_DATE, max_value=today,
        max_message="This date is in the future. Log a meeting once it has happened, or "
                    "plan it.")
    duration_minutes = duration_field()
    mode = forms.ChoiceField(choices=Mode.choices, initial=Mode.IN_PERSON)
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple)
    protected_time = forms.BooleanField(
        label="During work hours (protected time)", required=False)
    shared_summary = text_field(None, SUMMARY_LENGTH, 3,
                           "Both of you see the summary and action items. Leaders never do.")
    action_items = forms.CharField(
        required=False, max_length=MAX_ACTION_ITEMS * (ACTION_ITEM_LENGTH + 1),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"One per line: up to {MAX_ACTION_ITEMS}, each up to {ACTION_ITEM_LENGTH} "
                  "characters.")
    private_note = text_field("Private note", PRIVATE_NOTE_LENGTH, 2,
                         "Only you will ever see this: not the other member, not the program.")
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, mentorship: Mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        held_on = self.fields["held_on"]
        held_on.narrow(min_value=mentorship.start_date, min_message=(
            f"This mentorship started on {long_date(mentorship.start_date)}: a meeting "
            "before then cannot be logged here."))
        if mentorship.end_date is not None:
            held_on.narrow(max_value=mentorship.end_date, max_message=(
                f"This mentorship ended on {long_date(mentorship.end_date)}: a meeting "
                "after then cannot be logged here."))
        self.refresh_bounds()
        self.helper = form_helper(self, "Log meeting", back_to=mentorship_page(mentorship))
        # A fieldset with its legend, the boxes in as many columns as fit (checkins.css).
        self.helper["topics"].wrap(Field, wrapper_class="topic-columns")

    def clean_action_items(self) -> list[str]:
        """One item a line. An item too long, or too many, is refused with a message that
        says which: never cut short (the column holds 500 characters)."""
        items = [line.strip() for line in self.cleaned_data["action_items"].splitlines()
                 if line.strip()]
        if len(items) > MAX_ACTION_ITEMS:
            raise forms.ValidationError(
                f"There are {len(items)} action items: keep it to {MAX_ACTION_ITEMS} or fewer "
                "(one a line). Longer notes belong in the summary.")
        errors = [forms.ValidationError(
            f"Action item {number} has {len(item):,} characters: keep each to "
            f"{ACTION_ITEM_LENGTH} or fewer, or split it over two lines.")
            for number, item in enumerate(items, start=1) if len(item) > ACTION_ITEM_LENGTH]
        if errors:
            raise forms.ValidationError(errors)
        return items

    def with_new_token(self) -> "MeetingForm":
        """The same entries under a fresh token, so pressing the button again logs them
        as a meeting of their own."""
        data = self.data.copy()
        data["submission_token"] = str(uuid.uuid4())
        return MeetingForm(data, mentorship=self.mentorship)


class PrivateNoteForm(BoundedForm):
    body = text_field("Your private note", PRIVATE_NOTE_LENGTH, 3, "Only you will ever see this.")

    def __init__(self, *args, has_note: bool, mentorship: Mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_note = has_note
        self.helper = form_helper(self, "Save private note", back_to=mentorship_page(mentorship))

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body:
            raise forms.ValidationError(
                "The note is empty. To delete your note, use “Delete my note”."
                if self.has_note else "Write something to save a note.")
        return body
