"""The interest survey: my offer, my needs, and one person's needs (for their leads)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from matching import access
from matching.forms.profiles import NeedsForm, OfferForm
from matching.selectors.profiles import needs_of, offer_of
from matching.services.profiles import needs_save, offer_save
from programs.access import viewer_for


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = access.require_faculty(viewer)
    return render(request, "matching/me.html", {
        "person": person, "offer": offer_of(person), "needs": needs_of(person)})


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = access.require_faculty(viewer)
    form = OfferForm(request.POST or None, offer=offer_of(person))
    if request.method == "POST" and form.is_valid():
        offer_save(faculty=person, **form.cleaned_data)
        messages.success(request, "Your mentor offer is saved. It is in the mentor directory.")
        return redirect("matching:me")
    return render(request, "matching/offer_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def needs_edit(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = access.require_faculty(viewer)
    form = NeedsForm(request.POST or None, needs=needs_of(person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        needs_save(faculty=person, topics=form.ordered_topics(), formats=data["formats"],
                   same_site=data["same_site"],
                   wants_gender_concordance=data["wants_gender_concordance"],
                   wants_identity_concordance=data["wants_identity_concordance"])
        messages.success(request, "Saved. Your facilitator uses this to find you a mentor; "
                                  "you can also browse the mentor directory.")
        return redirect("matching:me")
    return render(request, "matching/needs_form.html", {"form": form})


@login_required
@require_GET
def person_needs(request: HttpRequest, pk: int) -> HttpResponse:
    """What someone is looking for: for the person, their division's facilitators and
    Division Director, and program admins (the opt-ins not for the Director)."""
    viewer = viewer_for(request.user)
    person = access.get_needs_owner_for_viewer(viewer, pk)
    return render(request, "matching/person_needs.html", {
        "person": person, "needs": needs_of(person),
        "shows_optins": access.may_read_identity_optins(viewer, person)})
