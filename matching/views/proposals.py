"""One proposal: each side answers it; the facilitator withdraws it or records that both
agreed in person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from matching import access
from matching.forms.proposals import ProposalAnswerForm
from matching.models import Answer
from matching.services.proposals import (
    ProposalError,
    proposal_answer,
    proposal_record_offline,
    proposal_withdraw,
)
from programs.access import viewer_for


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    proposal = access.get_proposal_for_viewer(viewer, pk)
    side = proposal.side_of(viewer.faculty)
    may_answer = bool(side) and proposal.is_open and proposal.answer_of(side) == Answer.WAITING
    if request.method == "POST" and not may_answer:
        if not side:
            raise PermissionDenied("Only the mentee and the mentor answer a proposal.")
        # A double submit, or an answer after the proposal closed: nothing changes.
        messages.info(request, "Your answer is already recorded." if proposal.is_open
                      else f"This proposal is closed ({proposal.get_state_display()}).")
        return redirect("matching:proposal", pk=proposal.pk)
    form = None
    if may_answer:
        form = ProposalAnswerForm(request.POST if request.method == "POST" else None)
    if form is not None and form.is_bound and form.is_valid():
        try:
            outcome = proposal_answer(proposal=proposal, side=side, accept=form.accepts,
                                      reason=form.cleaned_data["reason"], by=request.user)
        except ProposalError as error:
            form.add_error(None, error.message)
        else:
            if outcome.refused:
                messages.error(request, outcome.refused)
            elif outcome.proposal.mentorship_id:
                messages.success(request, "You both accepted: the mentorship has started and "
                                 "is on your home page.")
            elif form.accepts:
                messages.success(request, "Thank you. The mentorship starts when the other "
                                 "side accepts too.")
            else:
                messages.info(request, "You declined. Your facilitator is told, without your "
                              "reason's text.")
            return redirect("matching:proposal", pk=proposal.pk)
    manages = access.manages_proposal(viewer, proposal)
    return render(request, "matching/proposal.html", {
        "proposal": proposal, "side": side, "form": form, "manages": manages,
        # Reasons are for the facilitator and the program office; each side reads its own.
        "show_mentee_reason": manages or side == "mentee",
        "show_mentor_reason": manages or side == "mentor"})


def _managed(request: HttpRequest, pk: int):
    viewer = viewer_for(request.user)
    proposal = access.get_proposal_for_viewer(viewer, pk)
    if not access.manages_proposal(viewer, proposal):
        raise PermissionDenied("Only the division's facilitators and program admins do this.")
    return proposal


@login_required
@require_POST
def proposal_offline(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _managed(request, pk)
    try:
        outcome = proposal_record_offline(proposal=proposal, by=request.user)
    except ProposalError as error:
        messages.error(request, error.message)
    else:
        if outcome.refused:
            messages.error(request, outcome.refused)
        else:
            messages.success(request, "Recorded that both agreed in person; the mentorship "
                             "has started.")
    return redirect("matching:proposal", pk=pk)


@login_required
@require_POST
def proposal_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _managed(request, pk)
    try:
        proposal_withdraw(proposal=proposal, by=request.user)
    except ProposalError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, "The proposal is withdrawn.")
    return redirect("matching:proposal", pk=pk)
