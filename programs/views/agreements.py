"""The mentorship agreement (the two members only) and the program's guideline pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import access
from programs.forms.agreements import AgreementForm, GuidelineForm
from programs.models import GuidelinePage, MentorshipAgreement
from programs.services.agreements import (
    AgreementError,
    agreement_acknowledge,
    agreement_initial,
    agreement_save,
    agreement_template,
)


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    mentorship = access.get_mentorship_for_member(viewer, pk)
    current = MentorshipAgreement.objects.filter(mentorship=mentorship).first()
    editable = mentorship.end_date is None
    editing = editable and (current is None or request.GET.get("edit") == "1"
                            or request.method == "POST")
    form = None
    stale = False
    if editing:
        form = AgreementForm(request.POST or None, instance=current, mentorship=mentorship,
                             initial=None if current else agreement_initial(mentorship=mentorship),
                             goals_guidance=agreement_template(mentorship=mentorship).goals)
        if request.method == "POST" and form.is_valid():
            try:
                agreement_save(mentorship=mentorship, by=request.user,
                               based_on=form.cleaned_data["based_on"], data={
                                   name: form.cleaned_data[name]
                                   for name in MentorshipAgreement.CONTENT_FIELDS})
            except AgreementError as error:
                if error.code != "changed":
                    messages.error(request, str(error))
                    return redirect("programs:agreement", pk=mentorship.pk)
                current = MentorshipAgreement.objects.select_related("updated_by").get(
                    mentorship=mentorship)
                form, stale = form.rebased(current), True
                form.add_error(None, str(error))
            else:
                messages.success(request,
                                 "Agreement saved. Each of you acknowledges it to confirm.")
                return redirect("programs:agreement", pk=mentorship.pk)
    elif request.method == "POST":
        messages.error(request, "This mentorship has ended; its agreement can no longer be "
                       "changed.")
        return redirect("programs:agreement", pk=mentorship.pk)
    me_mentee = viewer.faculty.pk == mentorship.mentee_id
    return render(request, "programs/agreements/agreement.html", {
        "mentorship": mentorship, "agreement": current, "form": form, "editable": editable,
        "stale": stale,
        "my_ack": current and (current.mentee_acknowledged_at if me_mentee
                               else current.mentor_acknowledged_at),
        "other": mentorship.mentor if me_mentee else mentorship.mentee,
        "other_ack": current and (current.mentor_acknowledged_at if me_mentee
                                  else current.mentee_acknowledged_at),
    })


@login_required
@require_POST
def agreement_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    mentorship = access.get_mentorship_for_member(viewer, pk)
    current = get_object_or_404(MentorshipAgreement, mentorship=mentorship)
    try:
        agreement_acknowledge(agreement=current, member=viewer.faculty,
                              version=request.POST.get("version", ""))
    except AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You acknowledged the agreement.")
    return redirect("programs:agreement", pk=mentorship.pk)


@login_required
@require_GET
def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/agreements/guidelines.html", {
        "pages": GuidelinePage.objects.all(),
    })


@login_required
@require_GET
def guideline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    page = get_object_or_404(GuidelinePage, slug=slug)
    return render(request, "programs/agreements/guideline_detail.html", {
        "page": page, "pages": GuidelinePage.objects.only("slug", "title"),
        "can_edit": viewer.is_program_admin,
    })


@login_required
@require_http_methods(["GET", "POST"])
def guideline_edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    if not viewer.is_program_admin:
        raise Http404
    page = get_object_or_404(GuidelinePage, slug=slug)
    form = GuidelineForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        page = form.save(commit=False)
        page.updated_by = request.user
        page.save()
        messages.success(request, "Page saved.")
        return redirect("programs:guideline_detail", slug=page.slug)
    return render(request, "programs/agreements/guideline_edit.html", {"page": page, "form": form})
