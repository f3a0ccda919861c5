"""Building surveys: from a template, sections, questions, their order.

A version that a run has used is frozen: its questions may have answers. Every edit goes
through `editable_version`, which copies a frozen version into a new one first, so an
answer always keeps the question it answered.
"""

import uuid

from django.db import transaction
from django.db.models import Max

from programs.models import Department, User
from surveys.models import Question, Section, Survey, SurveyVersion
from surveys.services import SurveyError


def _copy_version(source: SurveyVersion, survey: Survey, number: int
                  ) -> tuple[SurveyVersion, dict[int, int], dict[int, int]]:
    version = SurveyVersion.objects.create(survey=survey, number=number)
    sections: dict[int, int] = {}
    questions: dict[int, int] = {}
    for section in source.sections.prefetch_related("questions").order_by("position", "pk"):
        copy = Section.objects.create(version=version, title=section.title,
                                      position=section.position)
        sections[section.pk] = copy.pk
        for question in section.questions.all():
            new = Question.objects.create(
                section=copy, key=question.key, text=question.text,
                help_text=question.help_text, kind=question.kind, required=question.required,
                position=question.position, choices=question.choices)
            questions[question.pk] = new.pk
    return version, sections, questions


@transaction.atomic
def survey_from_template(*, template: Survey, department: Department, by: User,
                         title: str, submission_token: uuid.UUID) -> tuple[Survey, bool]:
    """A department's own survey, copied from a template. Twice with one token: one survey."""
    existing = Survey.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    survey = Survey.objects.create(
        department=department, title=title or template.title, kind=template.kind,
        description=template.description, identified=template.identified,
        created_by=by, submission_token=submission_token)
    source = template.current_version
    if source is None:
        SurveyVersion.objects.create(survey=survey, number=1)
    else:
        _copy_version(source, survey, 1)
    return survey, True


def editable_version(survey: Survey) -> tuple[SurveyVersion, dict[int, int], dict[int, int]]:
    """The version edits go to, with how section and question ids moved (empty when the
    current version was still editable). Call inside a transaction."""
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    current = survey.current_version
    if current is None:
        return SurveyVersion.objects.create(survey=survey, number=1), {}, {}
    if not current.is_frozen:
        return current, {}, {}
    return _copy_version(current, survey, current.number + 1)


def _section_in(version: SurveyVersion, section_id: int, moved: dict[int, int]) -> Section:
    section = version.sections.filter(pk=moved.get(section_id, section_id)).first()
    if section is None:
        raise SurveyError("That section is not in this survey.", "unknown_section")
    return section


def _question_in(version: SurveyVersion, question_id: int, moved: dict[int, int]) -> Question:
    question = Question.objects.filter(section__version=version,
                                       pk=moved.get(question_id, question_id)).first()
    if question is None:
        raise SurveyError("That question is not in this survey.", "unknown_question")
    return question


@transaction.atomic
def section_add(*, survey: Survey, title: str) -> Section:
    version, _, _ = editable_version(survey)
    last = version.sections.aggregate(last=Max("position"))["last"]
    return Section.objects.create(version=version, title=title,
                                  position=0 if last is None else last + 1)


@transaction.atomic
def question_add(*, survey: Survey, section_id: int, text: str, kind: str, required: bool,
                 help_text: str = "", choices: list[str] | None = None) -> Question:
    version, sections, _ = editable_version(survey)
    section = _section_in(version, section_id, sections)
    last = section.questions.aggregate(last=Max("position"))["last"]
    key = f"q{uuid.uuid4().hex[:10]}"
    return Question.objects.create(section=section, key=key, text=text, kind=kind,
                                   required=required, help_text=help_text,
                                   choices=choices or [],
                                   position=0 if last is None else last + 1)


@transaction.atomic
def question_move(*, survey: Survey, question_id: int, direction: str) -> None:
    """Swap a question with its neighbour above ("up") or below ("down") in its section."""
    version, _, questions = editable_version(survey)
    question = _question_in(version, question_id, questions)
    siblings = list(question.section.questions.order_by("position", "pk"))
    index = siblings.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


@transaction.atomic
def question_delete(*, survey: Survey, question_id: int) -> None:
    version, _, questions = editable_version(survey)
    _question_in(version, question_id, questions).delete()
