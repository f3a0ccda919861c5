"""Scoring one nomination with the cycle's rubric."""

from django import forms

from awards.models import COMMENT_LENGTH, MAX_POINTS, RubricCriterion
from programs.forms import BoundedForm, submit_helper


class ScoreForm(BoundedForm):
    comment = forms.CharField(
        label="Comment for the committee (optional)", max_length=COMMENT_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen by the committee and the program office, never by the nominee.")

    def __init__(self, *args, criteria: list[RubricCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.key(criterion)] = forms.IntegerField(
                label=f"{criterion.name} (1 to {criterion.max_points})", min_value=1,
                max_value=min(criterion.max_points, MAX_POINTS))
        # The criteria first, in the rubric's order, then the comment.
        self.order_fields([self.key(c) for c in criteria] + ["comment"])
        self.helper = submit_helper("Save my scores")

    @staticmethod
    def key(criterion: RubricCriterion) -> str:
        return f"criterion_{criterion.pk}"

    @property
    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.key(c)] for c in self.criteria}
