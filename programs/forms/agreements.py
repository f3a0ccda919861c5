"""Forms for agreements and guideline pages."""

from django import forms

from programs.forms import submit_helper
from programs.models import (
    GuidelinePage,
    MentorshipAgreement,
)


class AgreementForm(forms.ModelForm):
    class Meta:
        model = MentorshipAgreement
        fields = list(MentorshipAgreement.CONTENT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3})
                   for name in MentorshipAgreement.CONTENT_FIELDS if name != "review_date"}
        widgets["review_date"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *args, goals_guidance: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].widget.attrs["placeholder"] = goals_guidance
        self.fields["goals"].help_text = "In the mentee's own words."
        self.helper = submit_helper("Save the agreement")


class GuidelineForm(forms.ModelForm):
    class Meta:
        model = GuidelinePage
        fields = ["title", "summary", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save the page")

