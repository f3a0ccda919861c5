from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms import inlineformset_factory

from programs.dates import today
from programs.models import AcademicPlan, PlanGoal, PlanMilestone


def _check_year(year: int) -> int:
    this_year = today().year
    if not this_year - 5 <= year <= this_year + 15:
        raise forms.ValidationError(
            f"Choose a year between {this_year - 5} and {this_year + 15}.")
    return year


class GoalForm(forms.ModelForm):
    class Meta:
        model = PlanGoal
        fields = ["domain", "description", "target_year", "status"]
        widgets = {"description": forms.TextInput()}

    def clean_target_year(self):
        return _check_year(self.cleaned_data["target_year"])


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = PlanMilestone
        fields = ["kind", "title", "target_year", "done"]

    def clean_target_year(self):
        return _check_year(self.cleaned_data["target_year"])


GoalFormSet = inlineformset_factory(
    AcademicPlan, PlanGoal, form=GoalForm, extra=3, can_delete=True, max_num=60,
    validate_max=True,
)
MilestoneFormSet = inlineformset_factory(
    AcademicPlan, PlanMilestone, form=MilestoneForm, extra=2, can_delete=True, max_num=20,
    validate_max=True,
)


class PlanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve the plan"), ("return", "Return it with comments")],
        widget=forms.RadioSelect, initial="approve",
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="Required when returning the plan: what should change?",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("review", "Record the review"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what should change when returning a plan.")
        return cleaned


class PlanProgressForm(forms.Form):
    note = forms.CharField(
        label="Progress this year",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What moved forward, what changed, and what you need next.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save_progress", "Save progress"))


def table_helper() -> FormHelper:
    """Renders a formset as a table inside the page's own <form>."""
    helper = FormHelper()
    helper.template = "bootstrap5/table_inline_formset.html"
    helper.form_tag = False
    return helper
