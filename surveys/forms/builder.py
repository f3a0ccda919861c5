"""Making a survey from a template, adding sections and questions, moving them."""

import uuid

from django import forms

from programs.forms import BoundedForm
from surveys.models import Survey
from surveys.models.surveys import (
    CHOICE_LENGTH,
    HELP_LENGTH,
    MAX_CHOICES,
    TEXT_LENGTH,
    TITLE_LENGTH,
    QuestionKind,
)


class SurveyNewForm(BoundedForm):
    template = forms.ModelChoiceField(
        queryset=Survey.objects.filter(is_template=True), empty_label=None,
        label="Start from", widget=forms.RadioSelect)
    title = forms.CharField(max_length=TITLE_LENGTH, required=False,
                            help_text="Leave empty to keep the template's title.")
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class SectionForm(BoundedForm):
    title = forms.CharField(label="New section's title", max_length=TITLE_LENGTH)


class QuestionForm(BoundedForm):
    section = forms.TypedChoiceField(coerce=int, label="In section")
    text = forms.CharField(label="Question", max_length=TEXT_LENGTH)
    kind = forms.ChoiceField(label="Answered with", choices=QuestionKind.choices)
    required = forms.BooleanField(required=False, initial=True,
                                  label="An answer is required")
    help_text = forms.CharField(label="Hint (optional)", max_length=HELP_LENGTH,
                                required=False)
    choices = forms.CharField(
        label="Choices (for one or several choices)", required=False,
        max_length=MAX_CHOICES * (CHOICE_LENGTH + 2), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One a line, up to {MAX_CHOICES}.")

    def __init__(self, *args, sections: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = [line.strip() for line in (data.get("choices") or "").splitlines()
                 if line.strip()]
        if kind in QuestionKind.with_choices():
            if len(lines) < 2:
                self.add_error("choices", "Give at least two choices, one a line.")
            elif len(lines) > MAX_CHOICES:
                self.add_error("choices", f"Keep to {MAX_CHOICES} choices.")
            elif any(len(line) > CHOICE_LENGTH for line in lines):
                self.add_error("choices", f"Keep each choice to {CHOICE_LENGTH} characters.")
            elif len(set(lines)) != len(lines):
                self.add_error("choices", "Each choice must differ from the others.")
        data["choice_list"] = lines if kind in QuestionKind.with_choices() else []
        return data


class MoveForm(BoundedForm):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
