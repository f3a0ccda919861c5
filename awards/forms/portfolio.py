"""The mentor's choice of who is named in their portfolio, and the mentee's answer."""

from django import forms

from programs.forms import BoundedForm, submit_helper


class NamingForm(BoundedForm):
    """A box per mentorship. `shown` carries the mentorships the page listed, so only those
    are changed."""

    named = forms.TypedMultipleChoiceField(coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    shown = forms.TypedMultipleChoiceField(coerce=int, required=False,
                                           widget=forms.MultipleHiddenInput)

    def __init__(self, *args, mentorship_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named"].choices = [(pk, pk) for pk in mentorship_ids]
        self.fields["shown"].choices = [(pk, pk) for pk in mentorship_ids]


class NamingAnswerForm(BoundedForm):
    answer = forms.ChoiceField(
        label="May your mentor name you in their portfolio?", widget=forms.RadioSelect,
        choices=[("allow", "Yes, they may name me (with the dates and kind of our "
                           "mentorship)"),
                 ("decline", "No, count me without my name")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save my answer")
