"""The builder's reads: a survey's current version, sections and questions in order."""

from django.db.models import Prefetch

from surveys.models import Question, Section, Survey, SurveyVersion


def sections_of(version: SurveyVersion | None) -> list[Section]:
    """Sections with `question_list`, in order. Two queries."""
    if version is None:
        return []
    sections = list(version.sections.order_by("position", "pk").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position", "pk"),
                 to_attr="question_list")))
    return sections


def templates() -> list[Survey]:
    return list(Survey.objects.filter(is_template=True).order_by("kind", "pk"))
