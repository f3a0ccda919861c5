from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs import access
from programs.selectors.mentorships import mentees_of, mentors_of, past_mentorships_of
from programs.selectors.people import faculty_roles


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
        "is_self": viewer.faculty is not None and viewer.faculty.pk == person.pk,
    })

