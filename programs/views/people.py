from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from programs import access
from programs.forms.people import DemographicsForm
from programs.selectors.mentorships import mentees_of, mentors_of, past_mentorships_of
from programs.selectors.people import faculty_roles
from programs.services.people import (
    ConsentError,
    faculty_demographics_record,
    faculty_demographics_withdraw,
)


@login_required
@require_GET
def faculty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_faculty_for_viewer(viewer, pk)
    mentors = mentors_of(person)
    mentees = mentees_of(person)
    history = past_mentorships_of(person)
    # Link only to mentorship pages this viewer may open (a mentor reading their mentee's
    # profile sees the mentee's other mentors, but not those mentorships).
    ids = [m.pk for m in (*mentors, *mentees, *history)]
    openable = set(access.mentorships_visible_to(viewer).filter(pk__in=ids)
                   .values_list("pk", flat=True)) if ids else set()
    return render(request, "programs/faculty_detail.html", {
        "person": person,
        "mentors": mentors,
        "mentees": mentees,
        "history": history,
        "openable": openable,
        # Why a past mentorship ended: the mentee, and leaders who may see the change
        # request behind it (programs.access.end_reasons_visible_to); others see "ended".
        "reasons_visible": access.end_reasons_visible_to(viewer, history),
        "can_view_plan": access.plan_owners_visible_to(viewer).filter(pk=person.pk).exists(),
        "roles": faculty_roles(person),
        "is_self": access.is_self(viewer, person),
        # The breadcrumb goes back through the division's roster for those who read it.
        "via_roster": access.may_read_roster(viewer, person.division),
    })


@login_required
@require_http_methods(["GET", "POST"])
def my_privacy(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own consent to record their self-described gender and
    race/ethnicity. There is no URL for anyone else's: the page has no id to swap."""
    viewer = access.viewer_for(request.user)
    if viewer.faculty is None:
        raise Http404("No faculty record.")
    person = viewer.faculty
    if request.method == "POST" and "withdraw" in request.POST:
        faculty_demographics_withdraw(person=person)
        messages.success(request, "Your consent is withdrawn, and what you had recorded is "
                         "erased.")
        return redirect("programs:my_privacy")
    initial = {"consent": person.demographics_consent, "gender": person.gender,
               "race_ethnicity": person.race_ethnicity}
    form = DemographicsForm(request.POST if request.method == "POST" else None,
                            initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            faculty_demographics_record(person=person, gender=form.cleaned_data["gender"],
                                        race_ethnicity=form.cleaned_data["race_ethnicity"])
        except ConsentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Saved. Only you see these answers.")
            return redirect("programs:my_privacy")
    return render(request, "programs/my_privacy.html", {"person": person, "form": form})
