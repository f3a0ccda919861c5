"""The mentorship page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from checkins.access import get_mentorship_for_page
from checkins.selectors import cadence as cadence_selectors
from checkins.selectors import meetings as meeting_selectors
from checkins.selectors import planned as planned_selectors
from programs import access
from programs.selectors.agreements import agreement_flags


@login_required
@require_GET
def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members see the whole history; leaders in the metadata tier see only that
    meetings happen (dates, counts, modes, cadence), from a selector that reads nothing
    else. The meetings are read once; cadence and meetings per year come from them."""
    viewer = access.viewer_for(request.user)
    mentorship = get_mentorship_for_page(viewer, pk)
    department = mentorship.mentee.department
    context = {
        "mentorship": mentorship,
        # Everyone on this page may know whether an agreement exists; only members open it.
        "agreement": agreement_flags([mentorship.pk])[mentorship.pk],
        "may_end": mentorship.end_date is None and access.may_end_mentorship(viewer, mentorship),
    }
    if access.is_member(viewer, mentorship):
        meetings = meeting_selectors.meetings_for_member(mentorship, viewer)
        context.update(
            is_member=True,
            meetings=meetings,
            **action_summary(meeting_selectors.action_items_of(meetings)),
            topics_over_time=meeting_selectors.topics_over_time(department, meetings),
            planned=planned_selectors.upcoming_planned(mentorship),
        )
    else:
        meetings = meeting_selectors.meetings_for_leader(mentorship)
        context.update(is_member=False, meetings=meetings)
    dates = [meeting.held_on for meeting in meetings]
    rules = cadence_selectors.department_rules(department)
    cadence = cadence_selectors.page_cadence(mentorship, dates, rules)
    years = meeting_selectors.meetings_per_year(mentorship, dates, rules, cadence)
    context.update(cadence=cadence, years=years,
                   years_chart=meeting_selectors.meetings_per_year_chart(years) if years else None)
    return render(request, "checkins/mentorship_detail.html", context)


def action_summary(action_items: list) -> dict:
    done = sum(item.done for item in action_items)
    return {"action_items": action_items, "open_action_items": len(action_items) - done,
            "done_action_items": done}
