"""Forms for checkins, by subject (every one a programs.forms.BoundedForm), and the
helpers they share."""

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Submit
from django import forms
from django.urls import reverse
from django.utils.html import format_html

from checkins.models import ActionItem
from checkins.models.meetings import MAX_MINUTES
from checkins.models.planned import https_only
from programs.models import Mentorship

ACTION_ITEM_LENGTH = ActionItem._meta.get_field("text").max_length
# crispy's whole-form template with the error summary in place of its own list of form
# errors (templates/includes/error_summary.html says what the summary does).
WITH_ERROR_SUMMARY = "includes/form_with_error_summary.html"


def form_helper(form: forms.Form, label: str, *, back_to: str = "",
                name: str = "save") -> FormHelper:
    """Every field in order, then the submit button and a Cancel link back to `back_to`;
    errors listed in a summary at the top of the form."""
    helper = FormHelper(form)
    helper.template = WITH_ERROR_SUMMARY
    actions = [Submit(name, label)]
    if back_to:
        actions.append(HTML(format_html('<a class="btn btn-link" href="{}">Cancel</a>',
                                        back_to)))
    helper.layout.append(FormActions(*actions))
    return helper


class HttpsURLField(forms.URLField):
    """A URL that must be https (checkins.models.planned.https_only), refused in one message that
    says so, instead of a general "Enter a valid URL." as well."""

    default_validators = [https_only]


def duration_field() -> forms.IntegerField:
    # min_value 1 refuses zero and negative durations with a message, keeping the input.
    return forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=MAX_MINUTES,
                              initial=60)


def text_field(label: str | None, limit: int, rows: int, help_text: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=limit,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=f"{help_text} Up to {limit:,} characters.".strip())


def mentorship_page(mentorship: Mentorship) -> str:
    return reverse("checkins:mentorship_detail", kwargs={"pk": mentorship.pk})
