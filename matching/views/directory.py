"""The mentor directory, and asking a mentor from it for an introduction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from matching import access
from matching.filters import DirectoryFilter
from matching.forms.introductions import IntroductionForm
from matching.models import Introduction
from matching.selectors.directory import directory_cards, directory_queryset
from matching.services.introductions import (
    IntroductionError,
    introduction_ask,
    introduction_blocker,
)
from programs.access import viewer_for

PAGE_SIZE = 12


@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    access.require_faculty(viewer)
    found = DirectoryFilter(request.GET, queryset=directory_queryset(
        access.offers_visible_to(viewer)))
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = directory_cards(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "matching/directory.html", {
        "filter": found, "page": page, "cards": cards, "query": query.urlencode(),
        "me": viewer.faculty})


@login_required
@require_http_methods(["GET", "POST"])
def introduce(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    mentee = access.require_faculty(viewer)
    mentor = access.get_directory_mentor(viewer, pk)
    pending = Introduction.objects.filter(mentee=mentee, mentor=mentor,
                                          status=Introduction.Status.PENDING).first()
    if pending is not None:
        messages.info(request, f"You have already asked {mentor.full_name}; here is your "
                               "request.")
        return redirect("matching:introduction_detail", pk=pending.pk)
    blocker = introduction_blocker(mentee=mentee, mentor=mentor)
    form = IntroductionForm(request.POST or None)
    if request.method == "POST" and not blocker and form.is_valid():
        try:
            introduction, created = introduction_ask(
                mentee=mentee, mentor=mentor, message=form.cleaned_data["message"])
        except IntroductionError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, f"Your request is sent to {mentor.full_name}. You "
                                          "will get an email when they answer.")
            return redirect("matching:introduction_detail", pk=introduction.pk)
    return render(request, "matching/introduce.html", {
        "mentor": mentor, "form": form, "blocker": blocker})
