"""Forms for agreements and guideline pages."""

import copy
import datetime

from django import forms

from programs.dates import long_date, today
from programs.forms import EARLIEST_DATE, BoundedDateField, BoundedModelForm, submit_helper
from programs.models import (
    GuidelinePage,
    Mentorship,
    MentorshipAgreement,
)
from programs.models.agreements import DEFAULT_AGREEMENT

AGREEMENT_SECTION_LENGTH = 4_000
GUIDELINE_BODY_LENGTH = 20_000


def _review_limit() -> datetime.date:
    return today() + datetime.timedelta(days=5 * 366)


class AgreementForm(BoundedModelForm):
    text_limits = dict.fromkeys(DEFAULT_AGREEMENT, AGREEMENT_SECTION_LENGTH)
    review_date = BoundedDateField(
        label="Review date", min_value=EARLIEST_DATE, max_value=_review_limit,
        max_message="Choose a review date within five years (by %(limit)s).")
    # The text the page was read at (its content_version; empty for a new agreement): a
    # save from a page the other member has since changed is refused, not overwritten.
    based_on = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = MentorshipAgreement
        fields = list(MentorshipAgreement.CONTENT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in DEFAULT_AGREEMENT}

    def __init__(self, *args, mentorship: Mentorship, goals_guidance: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].widget.attrs["placeholder"] = goals_guidance
        self.fields["goals"].help_text = "In the mentee's own words."
        self.fields["review_date"].narrow(
            min_value=mentorship.start_date,
            min_message=f"Choose a review date after the mentorship started "
                        f"({long_date(mentorship.start_date)}).")
        self.refresh_bounds()
        if not self.is_bound:
            self.initial["based_on"] = self.instance.content_version if self.instance.pk else ""
        self.helper = submit_helper("Save the agreement")

    def rebased(self, current: MentorshipAgreement) -> "AgreementForm":
        """The same typed text, now read against the agreement as it is."""
        data = self.data.copy()
        data["based_on"] = current.content_version
        # A copy: validating a bound form writes the typed text onto its instance, and
        # the page shows `current` beside the form as it is now.
        return AgreementForm(data, instance=copy.copy(current), mentorship=current.mentorship)


class GuidelineForm(BoundedModelForm):
    text_limits = {"body": GUIDELINE_BODY_LENGTH}

    class Meta:
        model = GuidelinePage
        fields = ["title", "summary", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save the page")
