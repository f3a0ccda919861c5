"""The interest survey (the psychiatry pilot's, in two halves): what I can offer as a
mentor, and what I am looking for."""

from django import forms

from matching.models import MenteeNeeds, MentorProfile
from matching.models.profiles import Format
from programs.forms import BoundedForm, submit_helper
from programs.models import Site, Topic

MAX_PRIORITIES = 5
HOW_I_CAN_HELP_LENGTH = MentorProfile._meta.get_field("how_i_can_help").max_length
IDENTITY_HELP = (
    "Optional. Only your division's facilitators and the program admins see this wish, "
    "never mentors or your Division Director. It is matched only against mentors who chose "
    "to record their own self-described identity on their privacy page.")


def active_topics():
    return Topic.objects.filter(is_active=True).order_by("ordering", "name")


class OfferForm(BoundedForm):
    topics = forms.ModelMultipleChoiceField(
        label="Topics I can mentor in", queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    formats = forms.MultipleChoiceField(
        label="Kinds of mentorship I can offer", choices=Format.choices,
        widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(
        label="How many mentees at once", min_value=1, max_value=10, initial=2)
    is_open = forms.BooleanField(label="I am open to new mentees", required=False,
                                 initial=True)
    sites = forms.ModelMultipleChoiceField(
        label="Sites where I can meet in person", queryset=Site.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    how_i_can_help = forms.CharField(
        label="How I can help", max_length=HOW_I_CAN_HELP_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few sentences for the mentor directory, which every faculty member "
                  "can read.")

    def __init__(self, *args, offer: MentorProfile | None = None, **kwargs):
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "topics": list(offer.topics.all()), "formats": offer.format_codes,
                "capacity": offer.capacity, "is_open": offer.is_open,
                "sites": list(offer.sites.all()), "how_i_can_help": offer.how_i_can_help}
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = active_topics()
        self.helper = submit_helper("Save my offer")


class NeedsForm(BoundedForm):
    formats = forms.MultipleChoiceField(
        label="Kinds of mentorship I would like", choices=Format.choices,
        widget=forms.CheckboxSelectMultiple)
    same_site = forms.BooleanField(label=MenteeNeeds._meta.get_field("same_site").verbose_name
                                   .capitalize(), required=False)
    wants_gender_concordance = forms.BooleanField(
        label="I would prefer a mentor who shares my gender", required=False,
        help_text=IDENTITY_HELP)
    wants_identity_concordance = forms.BooleanField(
        label="I would prefer a mentor who shares my racial or ethnic identity",
        required=False, help_text="Optional, and as confidential as the wish above.")

    def __init__(self, *args, needs: MenteeNeeds | None = None, **kwargs):
        if needs is not None and "initial" not in kwargs:
            initial = {"formats": needs.format_codes, "same_site": needs.same_site,
                       "wants_gender_concordance": needs.wants_gender_concordance,
                       "wants_identity_concordance": needs.wants_identity_concordance}
            for index, topic in enumerate(needs.ordered_topics()[:MAX_PRIORITIES], start=1):
                initial[f"topic_{index}"] = str(topic.pk)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        # One query for the five lists (a ModelChoiceField would ask once per list).
        topics = {str(topic.pk): topic for topic in active_topics()}
        choices = [(pk, topic.name) for pk, topic in topics.items()]
        for index in range(MAX_PRIORITIES, 0, -1):
            label = "My first topic" if index == 1 else f"Topic {index}"
            field = forms.TypedChoiceField(
                label=label, required=index == 1, coerce=topics.__getitem__, empty_value=None,
                choices=[("", "Choose a topic" if index == 1 else "(none)"), *choices])
            self.fields = {f"topic_{index}": field, **self.fields}
        self.fields["topic_1"].help_text = ("In priority order: your first topic weighs most "
                                            "when we look for a mentor.")
        self.helper = submit_helper("Save what I am looking for")

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(f"topic_{index}") for index in range(1, MAX_PRIORITIES + 1)]
        seen = set()
        for index, topic in enumerate(chosen, start=1):
            if topic is None:
                continue
            if topic.pk in seen:
                self.add_error(f"topic_{index}", f"{topic} is already higher in your list.")
            seen.add(topic.pk)
        return cleaned

    def ordered_topics(self) -> list[Topic]:
        return [self.cleaned_data[f"topic_{index}"] for index in range(1, MAX_PRIORITIES + 1)
                if self.cleaned_data.get(f"topic_{index}") is not None]
