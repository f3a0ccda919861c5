"""A person's own privacy choices: consent to record their self-described identity."""

import unicodedata

from django import forms

from programs.forms import BoundedForm, submit_helper
from programs.models import FacultyMember
from programs.models.people import validate_one_line


def _identity_field(name: str, label: str) -> forms.CharField:
    model_field = FacultyMember._meta.get_field(name)
    return forms.CharField(
        label=label, required=False, max_length=model_field.max_length,
        validators=[validate_one_line],
        help_text=f"In your own words, up to {model_field.max_length} characters. "
        "Leave it empty to record nothing.",
    )


class DemographicsForm(BoundedForm):
    """Give (or keep) consent and record the values. Withdrawing is its own button."""

    consent = forms.BooleanField(
        label="I consent to the program recording my gender and race/ethnicity as I "
        "describe them here.",
        error_messages={"required": "Tick the consent box to record these. To record "
                        "nothing, leave the page, or withdraw your consent below."},
    )
    gender = _identity_field("gender", "Gender")
    race_ethnicity = _identity_field("race_ethnicity", "Race/ethnicity")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save my answers", "save")

    def _clean_identity(self, name: str) -> str:
        # One spelling of each character, so "é" typed two ways is stored once; then the
        # length is checked again, as normalising may change it.
        value = unicodedata.normalize("NFC", self.cleaned_data[name])
        limit = FacultyMember._meta.get_field(name).max_length
        if len(value) > limit:
            raise forms.ValidationError(f"Keep it to {limit} characters.", code="max_length")
        return value

    def clean_gender(self) -> str:
        return self._clean_identity("gender")

    def clean_race_ethnicity(self) -> str:
        return self._clean_identity("race_ethnicity")
