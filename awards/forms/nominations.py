"""Nominating a mentor, with up to three supporting letters (PDF, checked by content)."""

import uuid

from django import forms
from django.db.models import Exists, OuterRef

from awards.letters import LetterError, check_letter, megabytes
from awards.models import LETTER_MAX_BYTES, MAX_LETTERS, STATEMENT_LENGTH, AwardCycle
from awards.rules import eligibility_problem
from programs.dates import today
from programs.forms import BoundedForm, submit_helper
from programs.models import FacultyMember, Mentorship

LETTER_HELP = (f"A PDF of at most {megabytes(LETTER_MAX_BYTES)}. Only the committee and the "
               "program office read it; the nominee never does.")


def active_mentors(department_id: int, on=None):
    """Active faculty of the department who mentor someone now."""
    mentoring = Mentorship.objects.active(on or today()).filter(mentor=OuterRef("pk"))
    return (FacultyMember.objects.active().filter(department_id=department_id)
            .filter(Exists(mentoring)).select_related("user", "division")
            .order_by("user__last_name", "user__first_name", "pk"))


class NominationForm(BoundedForm):
    award = forms.ModelChoiceField(queryset=None, empty_label="Choose the award")
    nominee = forms.ModelChoiceField(label="Mentor", queryset=None,
                                     empty_label="Choose the mentor you nominate")
    statement = forms.CharField(
        max_length=STATEMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What has this mentor done for you and for others? Specific examples help "
                  "the committee most. The nominee never reads this.")
    letter_1 = forms.FileField(label="Supporting letter (PDF)", required=False,
                               help_text=LETTER_HELP,
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    letter_2 = forms.FileField(label="Second letter (PDF)", required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    letter_3 = forms.FileField(label="Third letter (PDF)", required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    # Hidden: a double submission nominates once and stores its letters once.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    LETTERS = [f"letter_{n}" for n in range(1, MAX_LETTERS + 1)]

    def __init__(self, *args, cycle: AwardCycle, nominator: FacultyMember | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle, self.nominator = cycle, nominator
        self.fields["award"].queryset = cycle.awards.select_related("division")
        mentors = active_mentors(cycle.department_id)
        if nominator is not None:
            mentors = mentors.exclude(pk=nominator.pk)
        self.fields["nominee"].queryset = mentors
        self.fields["nominee"].label_from_instance = lambda person: (
            f"{person.full_name} ({person.division.name})")
        self.helper = submit_helper("Send the nomination")
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def _clean_letter(self, name: str):
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            check_letter(upload)
        except LetterError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return upload

    def clean_letter_1(self):
        return self._clean_letter("letter_1")

    def clean_letter_2(self):
        return self._clean_letter("letter_2")

    def clean_letter_3(self):
        return self._clean_letter("letter_3")

    def clean(self):
        cleaned = super().clean()
        award, nominee = cleaned.get("award"), cleaned.get("nominee")
        if award and nominee and self.nominator is not None:
            problem = eligibility_problem(award=award, nominee=nominee,
                                          nominator=self.nominator, on=today(),
                                          nominee_mentors_now=True)
            if problem:
                self.add_error("nominee", problem)
        if any(self.errors.get(name) for name in self.LETTERS):
            self.add_error(None, "Browsers do not keep chosen files when a form comes back: "
                           "choose the letters again before sending.")
        return cleaned

    @property
    def letters(self) -> list:
        return [self.cleaned_data[name] for name in self.LETTERS if self.cleaned_data.get(name)]


class NomineeQuery(BoundedForm):
    """`?nominee=<id>` from a "nominate your mentor" link, read through read_query."""

    nominee = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
