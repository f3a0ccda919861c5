"""The committee's list of nominations to score, and saving one member's scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from awards import access
from awards.models import Phase
from awards.selectors import nominations as selectors
from awards.services import AwardError
from awards.services.scoring import scorecard_save
from awards.views.nominations import score_form_for
from programs.access import viewer_for
from programs.dates import today


@login_required
@require_GET
def scoring(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    cycle = access.get_cycle_for_viewer(viewer, pk)
    if not access.is_on_committee(viewer, cycle):
        raise Http404("No such committee.")
    rows = selectors.scoring_rows(cycle, viewer.faculty)
    return render(request, "awards/scoring.html", {
        "cycle": cycle, "phase": cycle.phase(today()), "Phase": Phase, "rows": rows,
        "to_score": sum(1 for row in rows if not row.hidden_because and not row.scored),
    })


@login_required
@require_POST
def score(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    nomination, role = access.get_nomination_for_viewer(viewer, pk)
    cycle = nomination.award.cycle
    if role == access.NOMINATOR or not access.is_on_committee(viewer, cycle):
        raise Http404("No such nomination.")
    form = score_form_for(nomination, viewer.faculty, request.POST)
    if form is None:
        raise PermissionDenied("Scoring is open from the day after nominations close until the "
                               "program office closes it.")
    if form.is_valid():
        try:
            scorecard_save(nomination=nomination, scorer=viewer.faculty, points=form.points,
                           comment=form.cleaned_data["comment"])
        except AwardError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Your scores for {nomination.nominee.full_name} are "
                             "saved.")
            return redirect("awards:scoring", pk=cycle.pk)
    return render(request, "awards/nomination_detail.html", {
        "nomination": nomination, "cycle": cycle, "role": role,
        "phase": cycle.phase(today()), "Phase": Phase, "letters": list(nomination.letters.all()),
        "score_form": form, "on_committee": True,
    })
