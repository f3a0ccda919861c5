"""Proposing a mentor, answering a proposal, and the cohort run's forms."""

import datetime

from django import forms

from matching.models import CohortRun, Proposal
from programs.dates import today
from programs.forms import EARLIEST_DATE, BoundedDateField, BoundedForm, submit_helper
from programs.models import Division, FacultyMember

REASON_LENGTH = Proposal._meta.get_field("mentee_reason").max_length


class ProposeForm(BoundedForm):
    """Choose one of the candidates the page listed (the service checks every rule)."""

    mentor = forms.ModelChoiceField(queryset=FacultyMember.objects.none(),
                                    label="Mentor to propose")
    kind = forms.ChoiceField(choices=Proposal.Kind.choices, widget=forms.HiddenInput,
                             initial=Proposal.Kind.FORMAL)

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mentors is not None:
            self.fields["mentor"].queryset = mentors
        self.helper = submit_helper("Propose")


class ProposalAnswerForm(BoundedForm):
    answer = forms.ChoiceField(
        label="Your answer", widget=forms.RadioSelect,
        choices=[("accept", "Accept"), ("decline", "Decline")])
    reason = forms.CharField(
        label="Reason (optional)", max_length=REASON_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Read by your facilitator and the program office, not by the other side.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Send my answer")

    @property
    def accepts(self) -> bool:
        return self.cleaned_data["answer"] == "accept"


def _july_first() -> datetime.date:
    on = today()
    return datetime.date(on.year if on.month >= 7 else on.year - 1, 7, 1)


class CohortStartForm(BoundedForm):
    appointed_since = BoundedDateField(
        label="Appointed on or after", min_value=EARLIEST_DATE, max_value=today,
        widget=forms.DateInput(attrs={"type": "date"}), initial=_july_first,
        help_text="Everyone appointed since this date without a formal mentor (or a buddy) "
                  "and without an open proposal.")
    division = forms.ModelChoiceField(queryset=Division.objects.none(), required=False,
                                      empty_label="Every division I look after",
                                      label="Division")
    kind = forms.ChoiceField(choices=CohortRun._meta.get_field("kind").choices,
                             label="Match with", initial=Proposal.Kind.FORMAL)

    def __init__(self, *args, divisions=None, whole_department: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if divisions is not None:
            self.fields["division"].queryset = divisions
        if not whole_department:
            self.fields["division"].required = True
            self.fields["division"].empty_label = None
        else:
            self.fields["division"].empty_label = "The whole department"
        self.helper = submit_helper("Run the assignment")


class CohortPairForm(BoundedForm):
    mentor = forms.ModelChoiceField(queryset=FacultyMember.objects.none(), required=False,
                                    empty_label="Nobody (leave unmatched)", label="Mentor")

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mentors is not None:
            self.fields["mentor"].queryset = mentors
        self.helper = submit_helper("Change")
