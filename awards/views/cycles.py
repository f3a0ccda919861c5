"""The awards index, one cycle, opening a cycle, closing scoring, results and winners, and
the recognition wall."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import access
from awards.forms.cycles import CycleForm, WallChoiceForm, WinnersForm
from awards.models import Phase
from awards.selectors import cycles as selectors
from awards.services import AwardError
from awards.services.cycles import (
    cycle_choose_winners,
    cycle_close_scoring,
    cycle_open,
    cycle_publish,
    recognition_wall_choice,
)
from programs.access import departments_administered_by, viewer_for
from programs.dates import today


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(request, "awards/index.html", {
        "cycles": selectors.cycles_for(viewer, today()),
        "may_open": viewer.is_program_admin,
        "Phase": Phase,
    })


@login_required
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    department = departments_administered_by(viewer).first()
    if department is None:
        raise Http404
    form = CycleForm(request.POST if request.method == "POST" else None, department=department)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle, created = cycle_open(
                department=department, by=request.user,
                submission_token=data["submission_token"], title=data["title"],
                description=data["description"], nominations_open=data["nominations_open"],
                nominations_close=data["nominations_close"],
                departmental_award=data["departmental_award"],
                divisions=list(data["divisions"]), rubric=data["rubric"],
                committee=data["committee"])
        except AwardError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, "The cycle is open. The department is told by email "
                                 "when nominations open.")
            else:
                messages.info(request, "This form already opened the cycle; here it is.")
            return redirect("awards:cycle_detail", pk=cycle.pk)
    return render(request, "awards/cycle_new.html", {"form": form})


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    cycle = access.get_cycle_for_viewer(viewer, pk)
    manages = access.manages_cycles(viewer, cycle.department_id)
    context = {
        "cycle": cycle, "phase": cycle.phase(today()), "phase_label": cycle.phase_label(today()),
        "Phase": Phase, "manages": manages,
        "on_committee": access.is_on_committee(viewer, cycle),
        "mine": selectors.my_nominations(viewer, cycle),
        **selectors.cycle_overview(cycle),
    }
    if cycle.published_at is not None:
        context["winners"] = [w for w in selectors.wall(viewer) if w.cycle.pk == cycle.pk]
    return render(request, "awards/cycle_detail.html", context)


@login_required
@require_POST
def cycle_close(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_to_manage(viewer_for(request.user), pk)
    try:
        cycle_close_scoring(cycle=cycle)
    except AwardError as error:
        messages.error(request, error.message)
        return redirect("awards:cycle_detail", pk=cycle.pk)
    messages.success(request, "Scoring is closed. Here are the ranked results.")
    return redirect("awards:results", pk=cycle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranked results, for the program admins; once scoring has closed they choose the
    winners here."""
    cycle = access.get_cycle_to_manage(viewer_for(request.user), pk)
    criteria, by_award = selectors.ranked_results(cycle)
    ids = [row.nomination.pk for award in by_award for row in award.rows]
    phase = cycle.phase(today())
    form = WinnersForm(request.POST if request.method == "POST" else None, nomination_ids=ids,
                       initial={"winners": [row.nomination.pk for award in by_award
                                            for row in award.rows if row.nomination.winner]})
    if request.method == "POST" and form.is_valid():
        try:
            count = cycle_choose_winners(cycle=cycle,
                                         winner_ids=set(form.cleaned_data["winners"]))
        except AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{count} winner{'s' if count != 1 else ''} chosen. "
                             "Publish when you are ready: winners are told by email.")
        return redirect("awards:results", pk=cycle.pk)
    return render(request, "awards/results.html", {
        "cycle": cycle, "criteria": criteria, "by_award": by_award, "phase": phase,
        "Phase": Phase, "form": form,
        "chosen": {pk for pk in form.initial["winners"]},
    })


@login_required
@require_POST
def cycle_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_to_manage(viewer_for(request.user), pk)
    try:
        recognitions = cycle_publish(cycle=cycle)
    except AwardError as error:
        messages.error(request, error.message)
        return redirect("awards:results", pk=cycle.pk)
    messages.success(request, f"Published: {len(recognitions)} winner"
                     f"{'s' if len(recognitions) != 1 else ''} on the recognition wall.")
    return redirect("awards:wall")


@login_required
@require_GET
def wall(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(request, "awards/wall.html", {
        "cycles": selectors.wall(viewer), "mine": selectors.own_recognitions(viewer)})


@login_required
@require_POST
def wall_choice(request: HttpRequest, pk: int) -> HttpResponse:
    """The winner shows or hides their own win on the wall."""
    viewer = viewer_for(request.user)
    recognition = access.get_own_recognition(viewer, pk)
    form = WallChoiceForm(request.POST)
    form.is_valid()
    on_wall = bool(form.cleaned_data.get("on_wall"))
    recognition_wall_choice(recognition=recognition, person=viewer.faculty, on_wall=on_wall)
    messages.success(request, "You are on the recognition wall again." if on_wall else
                     "You are no longer shown on the recognition wall. The award stays in "
                     "your portfolio.")
    return redirect("awards:wall")
