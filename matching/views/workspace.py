"""The facilitator workspace of a division, and one person's candidates (the longer
shortlist, the excluded and why, and the proposal form)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from matching import access
from matching.forms.proposals import ProposeForm
from matching.rules import BUDDY, FORMAL
from matching.selectors.recommendations import recommendations_for
from matching.selectors.workspace import workspace_of
from matching.services.proposals import ProposalError, proposal_create
from programs.access import viewer_for
from programs.models import FacultyMember


@login_required
@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    division = access.get_matching_division(viewer, pk)
    return render(request, "matching/workspace.html", {
        "division": division, "ws": workspace_of(division),
        "sees_optins": True})


@login_required
@require_http_methods(["GET", "POST"])
def candidates(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    division = access.get_matching_division(viewer, pk)
    person = access.get_unmatched_person(viewer, division, person_pk)
    kind = BUDDY if request.GET.get("kind") == BUDDY else FORMAL
    recs = recommendations_for(person, kind)
    by_id = {c.mentor.pk: c for c in recs.candidates}
    # Anyone of the department may be posted: one the rules exclude is refused by the
    # service, with the rule's own words.
    mentors = FacultyMember.objects.filter(department=person.department_id)
    form = ProposeForm(request.POST if request.method == "POST" else None, mentors=mentors,
                       initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        mentor = form.cleaned_data["mentor"]
        chosen = by_id.get(mentor.pk)
        try:
            proposal = proposal_create(
                mentee=person, mentor=mentor, kind=kind, by=request.user,
                score_total=chosen.score.total if chosen else 0,
                explanation=chosen.score.summary() if chosen else "")
        except ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Proposed {mentor.full_name} to "
                             f"{person.full_name}. Both have an introduction email and answer "
                             "on the proposal's page.")
            return redirect("matching:proposal", pk=proposal.pk)
    return render(request, "matching/candidates.html", {
        "division": division, "person": person, "recs": recs, "kind": kind,
        "is_buddy": kind == BUDDY, "form": form})
