"""Forms, by subject. What every app's forms share lives here."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit


def submit_helper(label: str, name: str = "submit") -> FormHelper:
    """A crispy helper that renders the form with one submit button."""
    helper = FormHelper()
    helper.add_input(Submit(name, label))
    return helper
