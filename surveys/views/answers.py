"""Answering: signed in (from the home page) or from the personal link, without a password.

The link's token is checked against the invitation's stored hash. It works while the run
is open, once: after the answers are recorded (a completion exists) the same link only
says so. Errors keep what was typed; a second submission records nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from programs.access import viewer_for
from programs.dates import today
from surveys import access
from surveys.forms.answers import AnswerForm
from surveys.models import Completion, Run
from surveys.selectors.surveys import sections_of
from surveys.services import SurveyError
from surveys.services.responses import response_record


def _answer_page(request: HttpRequest, run: Run, person, *, via_link: bool) -> HttpResponse:
    sections = sections_of(run.version)
    questions = [q for s in sections for q in s.question_list]
    identified = not run.anonymous
    form = AnswerForm(request.POST if request.method == "POST" else None,
                      questions=questions, identified=identified)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            response_record(run=run, person=person, answers=form.answers(), on=today(),
                            consented=bool(form.cleaned_data.get("consent")))
        except SurveyError as refused:
            if refused.code in ("answered", "closed", "not_invited"):
                return render(request, "surveys/answer_done.html",
                              {"run": run, "message": refused.message})
            error = refused.message
        else:
            if via_link:
                return render(request, "surveys/answer_done.html", {
                    "run": run, "message": "Thank you: your answers are recorded."})
            messages.success(request, "Thank you: your answers are recorded.")
            return redirect("home")
    return render(request, "surveys/answer.html", {
        "run": run, "survey": run.survey, "title": run.title, "identified": identified,
        "grouped": form.sections(sections), "form": form, "error": error,
        "via_link": via_link}, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    run = access.get_run_to_answer(viewer, pk, today())
    return _answer_page(request, run, viewer.faculty, via_link=False)


@never_cache
@require_http_methods(["GET", "POST"])
def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = access.invitation_for_token(token)
    if invitation is None:
        return render(request, "surveys/answer_done.html", {
            "message": "This link does not work: it may have been replaced by a newer "
                       "email, or mistyped. Sign in to answer from your home page."},
            status=404)
    run = invitation.run
    if Completion.objects.filter(run=run, person=invitation.person).exists():
        return render(request, "surveys/answer_done.html", {
            "run": run, "message": "This link has been used: your answers are recorded. "
                                   "Thank you."}, status=410)
    if not run.is_open(today()):
        return render(request, "surveys/answer_done.html", {
            "run": run, "message": "This survey is not open now."}, status=410)
    return _answer_page(request, run, invitation.person, via_link=True)
