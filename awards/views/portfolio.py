"""The mentor portfolio (the page and its PDF), and a mentee's answer about being named."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from awards.forms.portfolio import NamingAnswerForm, NamingForm
from awards.models import PortfolioNaming
from awards.pdf import portfolio_pdf
from awards.selectors.portfolio import portfolio_for
from awards.services.portfolio import portfolio_naming_answer, portfolio_naming_choose
from programs.access import get_mentorship_for_viewer, viewer_for
from programs.dates import today


@login_required
@require_http_methods(["GET", "POST"])
def portfolio(request: HttpRequest) -> HttpResponse:
    """The signed-in mentor's own portfolio: there is no id, so nobody opens another's."""
    viewer = viewer_for(request.user)
    if viewer.faculty is None:
        raise Http404
    built = portfolio_for(viewer.faculty)
    ids = [row.mentorship.pk for row in built.mentees]
    form = NamingForm(request.POST if request.method == "POST" else None, mentorship_ids=ids,
                      initial={"named": [row.mentorship.pk for row in built.mentees
                                         if row.naming in ("named", "waiting")],
                               "shown": ids})
    if request.method == "POST" and form.is_valid():
        chosen, shown = set(form.cleaned_data["named"]), set(form.cleaned_data["shown"])
        for row in built.mentees:
            if row.mentorship.pk in shown:
                portfolio_naming_choose(mentorship=row.mentorship, mentor=viewer.faculty,
                                        wants_name=row.mentorship.pk in chosen)
        messages.success(request, "Saved. Mentees you asked to name are asked by email; each "
                         "is named once they agree.")
        return redirect("awards:portfolio")
    return render(request, "awards/portfolio.html", {"portfolio": built, "form": form})


@login_required
@require_http_methods(["GET"])
def portfolio_download(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.faculty is None:
        raise Http404
    content = portfolio_pdf(portfolio_for(viewer.faculty))
    name = f"mentoring-portfolio-{today():%Y-%m-%d}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def naming(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentee's answer: may their mentor name them in the portfolio? (pk: mentorship)"""
    viewer = viewer_for(request.user)
    mentorship = get_mentorship_for_viewer(viewer, pk)
    if viewer.faculty is None or mentorship.mentee_id != viewer.faculty.pk:
        raise Http404("No such mentorship.")
    current = PortfolioNaming.objects.filter(mentorship=mentorship).first()
    initial = {}
    if current is not None and current.mentee_consented_at:
        initial["answer"] = "allow"
    elif current is not None and current.mentee_declined_at:
        initial["answer"] = "decline"
    form = NamingAnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        portfolio_naming_answer(mentorship=mentorship, mentee=viewer.faculty,
                                consent=form.cleaned_data["answer"] == "allow")
        messages.success(request, "Your answer is saved. You may change it at any time here.")
        return redirect("awards:naming", pk=mentorship.pk)
    return render(request, "awards/naming.html", {
        "mentorship": mentorship, "form": form, "current": current})
