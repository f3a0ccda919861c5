"""Asking a mentor for an introduction, and declining one."""

from django import forms

from matching.models import Introduction
from programs.forms import BoundedForm, submit_helper

MESSAGE_LENGTH = Introduction._meta.get_field("message").max_length
REASON_LENGTH = Introduction._meta.get_field("decline_reason").max_length


class IntroductionForm(BoundedForm):
    message = forms.CharField(
        label="A note to the mentor", max_length=MESSAGE_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Optional: what you hope to work on together. Only this mentor reads it.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Ask for an introduction")


class DeclineForm(BoundedForm):
    reason = forms.CharField(
        label="Reason (optional)", max_length=REASON_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the person who asked reads it; their facilitator sees only that you "
                  "declined.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Decline", name="decline")
        self.helper.form_class = "mt-2"
