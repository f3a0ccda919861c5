"""A respondent's form, built from a version's questions."""

from django import forms
from django.core.exceptions import ValidationError

from programs.forms import BoundedForm
from programs.models import Topic
from programs.validators import TextValidator
from surveys.models import Question, QuestionKind
from surveys.models.surveys import ANSWER_TEXT_LENGTH, LIKERT_LABELS, RANKED_PICKS

RANK_NAMES = ("first", "second", "third")


def _field_for(question: Question, topics: list[tuple[str, str]]) -> forms.Field:
    common = {"label": question.text, "required": question.required,
              "help_text": question.help_text}
    if question.kind == QuestionKind.LIKERT:
        return forms.TypedChoiceField(
            coerce=int, widget=forms.RadioSelect, **common,
            choices=[(n, f"{n}: {label}") for n, label in LIKERT_LABELS.items()])
    if question.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, **common,
                                      choices=[(n, str(n)) for n in range(11)])
    if question.kind == QuestionKind.SINGLE:
        return forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, **common,
                                      choices=list(enumerate(question.choices)))
    if question.kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple,
                                              **common, choices=list(enumerate(question.choices)))
    if question.kind == QuestionKind.TEXT:
        field = forms.CharField(max_length=ANSWER_TEXT_LENGTH,
                                widget=forms.Textarea(attrs={"rows": 4}), **common)
        field.validators.append(TextValidator(True))
        return field
    raise ValueError(question.kind)


class AnswerForm(BoundedForm):
    """One field per question (`q<id>`); a ranked pick is three selects (`q<id>_first`...).
    An identified run adds the consent box."""

    def __init__(self, *args, questions: list[Question], identified: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        topics = [("", "—")] + [(str(pk), name) for pk, name in
                                Topic.objects.filter(is_active=True).values_list("pk", "name")
                                ] if any(q.kind == QuestionKind.RANKED_TOPICS
                                         for q in questions) else []
        for question in questions:
            if question.kind == QuestionKind.RANKED_TOPICS:
                for rank, name in enumerate(RANK_NAMES[:RANKED_PICKS]):
                    self.fields[f"q{question.pk}_{name}"] = forms.TypedChoiceField(
                        coerce=int, empty_value=None, choices=topics,
                        required=question.required and rank == 0,
                        label=f"{question.text} ({name} choice)" if rank else question.text,
                        help_text=question.help_text if rank == 0 else "")
            else:
                self.fields[f"q{question.pk}"] = _field_for(question, topics)
        if identified:
            self.fields["consent"] = forms.BooleanField(
                required=True, label="I agree that my answers are recorded with my name, "
                "for the purpose stated above.")

    def clean(self):
        data = super().clean()
        for question in self.questions:
            if question.kind != QuestionKind.RANKED_TOPICS:
                continue
            picks = [data.get(f"q{question.pk}_{name}") for name in RANK_NAMES[:RANKED_PICKS]]
            chosen = [pick for pick in picks if pick is not None]
            if len(set(chosen)) != len(chosen):
                self.add_error(f"q{question.pk}_second",
                               ValidationError("Pick each topic once.", code="repeated"))
        return data

    def answers(self) -> dict[Question, object]:
        data = self.cleaned_data
        result: dict[Question, object] = {}
        for question in self.questions:
            if question.kind == QuestionKind.RANKED_TOPICS:
                result[question] = [data[f"q{question.pk}_{name}"]
                                    for name in RANK_NAMES[:RANKED_PICKS]
                                    if data.get(f"q{question.pk}_{name}") is not None]
            else:
                result[question] = data.get(f"q{question.pk}")
        return result

    def sections(self, sections) -> list[tuple[object, list]]:
        """The bound fields grouped under their sections, in order."""
        grouped = []
        for section in sections:
            fields = []
            for question in section.question_list:
                if question.kind == QuestionKind.RANKED_TOPICS:
                    fields += [self[f"q{question.pk}_{name}"]
                               for name in RANK_NAMES[:RANKED_PICKS]]
                else:
                    fields.append(self[f"q{question.pk}"])
            grouped.append((section, fields))
        return grouped
