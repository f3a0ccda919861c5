"""Forms for change requests, ending a mentorship and exit feedback."""

from django import forms

from programs.forms import BoundedForm, BoundedModelForm, submit_helper
from programs.models import (
    ChangeRequest,
    ExitFeedback,
    Mentorship,
)


class ChangeRequestForm(BoundedForm):
    kind = forms.ChoiceField(label="I would like", choices=ChangeRequest.Kind.choices,
                             widget=forms.RadioSelect)
    mentorship = forms.ModelChoiceField(
        label="Instead of", queryset=Mentorship.objects.none(), required=False,
        empty_label="Choose the mentor to change",
        help_text="For a different mentor: which mentorship should change?",
    )
    reason = forms.CharField(
        label="Reason (optional)", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen only by the people you choose below. Your current mentor is not told.",
    )
    audience = forms.ChoiceField(
        label="Who may see my request", choices=ChangeRequest.Audience.choices,
        initial=ChangeRequest.Audience.WITH_DIRECTOR, widget=forms.RadioSelect,
        help_text="Your Division Director oversees you, so you may keep this from them. "
        "Your current mentor never sees it, whichever you choose.",
    )

    def __init__(self, *args, mentorships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentorship"].queryset = mentorships
        # static/js/forms.js hides "Instead of" unless "a different mentor" is chosen.
        self.fields["mentorship"].widget.attrs["data-show-if"] = (
            f"kind={ChangeRequest.Kind.DIFFERENT}")
        self.fields["mentorship"].label_from_instance = lambda m: (
            f"{m.mentor.full_name} ({m.get_kind_display().lower()})")
        self.helper = submit_helper("Send my request confidentially")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != ChangeRequest.Kind.DIFFERENT:
            cleaned["mentorship"] = None
        elif not cleaned.get("mentorship") and "mentorship" not in self.errors:
            self.add_error("mentorship", "Say which mentor you would like to change."
                           if self.fields["mentorship"].queryset.exists() else
                           "You have no current mentor to change: ask for an additional "
                           "mentor instead.")
        return cleaned


class ChangeRequestResolveForm(BoundedForm):
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
        help_text="What was decided. The mentee is told this.",
    )
    end_mentorship = forms.BooleanField(
        label="End the mentorship with the current mentor", required=False,
    )

    def __init__(self, *args, can_end: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_end:
            del self.fields["end_mentorship"]
        self.helper = submit_helper("Resolve and tell the mentee", "resolve")


class MentorshipEndForm(BoundedForm):
    reason = forms.ChoiceField(choices=Mentorship.EndReason.choices)
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("End the mentorship", "end")


class ExitFeedbackForm(BoundedModelForm):
    text_limits = {"comments": 2_000}

    class Meta:
        model = ExitFeedback
        fields = ["helpful", "comments"]
        widgets = {"helpful": forms.RadioSelect, "comments": forms.Textarea(attrs={"rows": 3})}
        labels = {"comments": "What worked, and what would have helped? (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Send feedback")

