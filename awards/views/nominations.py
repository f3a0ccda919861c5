"""Nominating, one nomination's page, withdrawing, and the letters (committee only)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import access
from awards.forms.nominations import NominationForm, NomineeQuery
from awards.forms.scoring import ScoreForm
from awards.models import Phase
from awards.rules import conflict_reason, relationships_of
from awards.selectors import nominations as selectors
from awards.services import AwardError
from awards.services.nominations import nomination_submit, nomination_withdraw
from programs.access import viewer_for
from programs.dates import long_date, today
from programs.forms import read_query

logger = logging.getLogger(__name__)


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    cycle = access.get_cycle_for_viewer(viewer, pk)
    if viewer.faculty is None:
        raise PermissionDenied("Only faculty members nominate.")
    if cycle.phase(today()) != Phase.NOMINATING:
        raise PermissionDenied(
            f"Nominations for {cycle.title} are accepted from "
            f"{long_date(cycle.nominations_open)} to {long_date(cycle.nominations_close)}.")
    initial = {"nominee": read_query(NomineeQuery, request.GET)["nominee"]}
    form = NominationForm(request.POST if request.method == "POST" else None,
                          request.FILES if request.method == "POST" else None,
                          cycle=cycle, nominator=viewer.faculty, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination, created = nomination_submit(
                award=data["award"], nominator=viewer.faculty, nominee=data["nominee"],
                statement=data["statement"], submission_token=data["submission_token"],
                letters=form.letters)
        except AwardError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, f"Your nomination of {nomination.nominee.full_name} "
                                 "is sent to the committee. The nominee is not told.")
            else:
                messages.info(request, "This form was already sent; here is your nomination.")
            return redirect("awards:nomination_detail", pk=nomination.pk)
    return render(request, "awards/nominate.html", {"cycle": cycle, "form": form})


@login_required
@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The statement and letters; the member's score form (committee); every scorecard
    (program admins); the nominator's own statement back, with the letters' names only."""
    viewer = viewer_for(request.user)
    nomination, role = access.get_nomination_for_viewer(viewer, pk)
    cycle = nomination.award.cycle
    phase = cycle.phase(today())
    context = {"nomination": nomination, "cycle": cycle, "role": role, "phase": phase,
               "Phase": Phase, "letters": list(nomination.letters.all())}
    if role == access.ADMIN:
        context["scorecards"] = selectors.scorecards_of(nomination)
        context["criteria"] = list(cycle.rubric.all())
    context["on_committee"] = (role != access.NOMINATOR
                               and access.is_on_committee(viewer, cycle))
    if context["on_committee"]:
        context["score_form"] = score_form_for(nomination, viewer.faculty)
    return render(request, "awards/nomination_detail.html", context)


def score_form_for(nomination, member, data=None) -> ScoreForm | None:
    """The member's form, filled with their scores so far; None when they may not score
    (a conflict) or scoring is not open."""
    cycle = nomination.award.cycle
    if cycle.phase(today()) != Phase.SCORING:
        return None
    if conflict_reason(member_id=member.pk, nomination=nomination,
                       nominee_name=nomination.nominee.full_name,
                       related=relationships_of(member)):
        return None
    criteria = list(cycle.rubric.all())
    own = selectors.own_scorecard(nomination, member)
    initial = {}
    if own:
        initial = {ScoreForm.key(c): own["points"].get(c.pk) for c in criteria}
        initial["comment"] = own["comment"]
    return ScoreForm(data, criteria=criteria, initial=initial)


@login_required
@require_POST
def nomination_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    nomination, role = access.get_nomination_for_viewer(viewer, pk)
    if role != access.NOMINATOR:
        raise PermissionDenied("Only the person who made a nomination may withdraw it.")
    cycle = nomination.award.cycle
    try:
        nomination_withdraw(nomination=nomination, by=viewer.faculty)
    except AwardError as error:
        messages.error(request, error.message)
        return redirect("awards:nomination_detail", pk=nomination.pk)
    messages.success(request, "Your nomination is withdrawn, with its letters.")
    return redirect("awards:cycle_detail", pk=cycle.pk)


@login_required
@require_GET
def letter(request: HttpRequest, pk: int) -> FileResponse:
    """A letter, streamed to the committee and the program admins only (404 to anyone else,
    the nominator and the nominee included). Always a download, never shown inline, and
    never cached on the way."""
    viewer = viewer_for(request.user)
    found = access.get_letter_for_viewer(viewer, pk)
    try:
        stream = found.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (a restore without PRIVATE_MEDIA_ROOT): say so in the log,
        # and to the reader only that there is nothing to give.
        logger.error("Letter %s: its file %s is missing from PRIVATE_MEDIA_ROOT", found.pk,
                     found.file.name)
        raise Http404("No such letter.") from None
    response = FileResponse(stream, as_attachment=True, filename=f"letter-{found.pk}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
