"""The surveys index, making a survey, the builder and the preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.access import departments_administered_by, viewer_for
from programs.dates import today
from surveys import access
from surveys.forms.answers import AnswerForm
from surveys.forms.builder import MoveForm, QuestionForm, SectionForm, SurveyNewForm
from surveys.selectors import runs as run_selectors
from surveys.selectors.surveys import sections_of, templates
from surveys.services import SurveyError
from surveys.services.builder import (
    question_add,
    question_delete,
    question_move,
    section_add,
    survey_from_template,
)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    waiting = (run_selectors.waiting_for(viewer.faculty, today())
               if viewer.faculty is not None else [])
    surveys = list(access.surveys_managed_by(viewer).order_by("title", "pk")) \
        if viewer.is_program_admin else []
    readable = list(access.runs_readable_by(viewer).select_related("survey")
                    .order_by("-opens_on", "-pk")[:50]) \
        if viewer.is_vice_chair and not viewer.is_program_admin else []
    return render(request, "surveys/index.html", {
        "waiting": waiting, "surveys": surveys,
        "runs": run_selectors.runs_of([s.pk for s in surveys]),
        "templates": templates() if viewer.is_program_admin else [],
        "readable": readable, "manages": viewer.is_program_admin,
    })


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    department = departments_administered_by(viewer).first()
    if department is None:
        raise Http404
    form = SurveyNewForm(request.POST if request.method == "POST" else None,
                         initial={"template": request.GET.get("template")}
                         if request.GET.get("template", "").isdigit() else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey, created = survey_from_template(
            template=data["template"], department=department, by=request.user,
            title=data["title"], submission_token=data["submission_token"])
        if created:
            messages.success(request, "The survey is ready to edit.")
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_new.html", {"form": form})


def _builder(request: HttpRequest, survey, *, section_form=None, question_form=None,
             status: int = 200) -> HttpResponse:
    version = survey.current_version
    sections = sections_of(version)
    choices = [(s.pk, s.title) for s in sections]
    return render(request, "surveys/survey_detail.html", {
        "survey": survey, "version": version, "sections": sections,
        "frozen": version is not None and version.is_frozen,
        "section_form": section_form or SectionForm(),
        "question_form": question_form or QuestionForm(sections=choices),
        "runs": run_selectors.runs_of([survey.pk]).get(survey.pk, []),
    }, status=status)


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_to_manage(viewer_for(request.user), pk)
    return _builder(request, survey)


@login_required
@require_POST
def section_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_to_manage(viewer_for(request.user), pk)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return _builder(request, survey, section_form=form, status=400)
    section_add(survey=survey, title=form.cleaned_data["title"])
    return redirect("surveys:survey_detail", pk=survey.pk)


@login_required
@require_POST
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_to_manage(viewer_for(request.user), pk)
    sections = [(s.pk, s.title) for s in sections_of(survey.current_version)]
    form = QuestionForm(request.POST, sections=sections)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question_add(survey=survey, section_id=data["section"], text=data["text"],
                         kind=data["kind"], required=data["required"],
                         help_text=data["help_text"], choices=data["choice_list"])
        except SurveyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Question added.")
            return redirect("surveys:survey_detail", pk=survey.pk)
    return _builder(request, survey, question_form=form, status=400)


@login_required
@require_POST
def question_move_view(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    survey = access.get_survey_to_manage(viewer_for(request.user), pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            question_move(survey=survey, question_id=question,
                          direction=form.cleaned_data["direction"])
        except SurveyError as error:
            raise Http404(error.message) from error
    return redirect("surveys:survey_detail", pk=survey.pk)


@login_required
@require_POST
def question_delete_view(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    survey = access.get_survey_to_manage(viewer_for(request.user), pk)
    try:
        question_delete(survey=survey, question_id=question)
    except SurveyError as error:
        raise Http404(error.message) from error
    messages.success(request, "Question removed.")
    return redirect("surveys:survey_detail", pk=survey.pk)


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_to_manage(viewer_for(request.user), pk)
    sections = sections_of(survey.current_version)
    questions = [q for s in sections for q in s.question_list]
    form = AnswerForm(questions=questions, identified=survey.identified)
    return render(request, "surveys/answer.html", {
        "survey": survey, "title": survey.title, "identified": survey.identified,
        "grouped": form.sections(sections), "form": form, "preview": True})
