"""Forms for change requests, ending a mentorship and exit feedback."""

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Submit
from django import forms
from django.utils.html import format_html

from programs.forms import BoundedForm, submit_helper
from programs.models import (
    ChangeRequest,
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
    """Ending asks for a reason (none chosen for you) and an explicit confirmation: a
    click on its own ends nothing."""

    reason = forms.ChoiceField(
        label="Why does it end?",
        choices=[("", "Choose a reason"), *Mentorship.EndReason.choices],
        error_messages={"required": "Choose why the mentorship ends."},
        help_text="The mentee sees it; the mentor never does.")
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the mentorship's record; not shown to either member.",
    )
    confirm = forms.BooleanField(
        label="Yes, end this mentorship today",
        error_messages={"required": "Tick “Yes, end this mentorship today” to end it. "
                                    "Nothing has changed yet."},
    )

    def __init__(self, *args, back_to: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        # templates/includes/error_summary.html: the problems first, and the focus on them.
        self.helper.template = "includes/form_with_error_summary.html"
        end = Submit("end", "End the mentorship")
        end.field_classes = "btn btn-danger"
        actions = [end]
        if back_to:
            actions.append(HTML(format_html(
                '<a class="btn btn-link" href="{}">Keep the mentorship</a>', back_to)))
        self.helper.layout.append(FormActions(*actions))

