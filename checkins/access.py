"""Fetching meetings and what hangs off them, for the two members only.

Everything here goes through `programs.access`, the one place that decides who is a
member of a mentorship. Anyone else, leaders included, gets 404.
"""

from django.db.models import Q
from django.http import Http404

from checkins.models import ActionItem, Meeting, PlannedMeeting
from programs.access import Viewer, get_mentorship_for_member


def _membership(viewer: Viewer, prefix: str) -> Q:
    if viewer.faculty is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}mentee": viewer.faculty}) | Q(**{f"{prefix}mentor": viewer.faculty})


def get_meeting_for_member(viewer: Viewer, pk: int) -> Meeting:
    mentorship_id = (Meeting.objects.filter(pk=pk).filter(_membership(viewer, "mentorship__"))
                     .values_list("mentorship_id", flat=True).first())
    if mentorship_id is None:
        raise Http404("No such meeting.")
    mentorship = get_mentorship_for_member(viewer, mentorship_id)
    meeting = Meeting.objects.get(pk=pk)
    meeting.mentorship = mentorship
    return meeting


def get_action_item_for_member(viewer: Viewer, pk: int) -> ActionItem:
    item = (ActionItem.objects.filter(pk=pk)
            .filter(_membership(viewer, "meeting__mentorship__")).first())
    if item is None:
        raise Http404("No such action item.")
    get_mentorship_for_member(viewer, item.meeting.mentorship_id)
    return item


def get_planned_for_member(viewer: Viewer, pk: int) -> PlannedMeeting:
    mentorship_id = (PlannedMeeting.objects.filter(pk=pk)
                     .filter(_membership(viewer, "mentorship__"))
                     .values_list("mentorship_id", flat=True).first())
    if mentorship_id is None:
        raise Http404("No such planned meeting.")
    mentorship = get_mentorship_for_member(viewer, mentorship_id)
    planned = PlannedMeeting.objects.select_related("created_by__user").get(pk=pk)
    planned.mentorship = mentorship
    return planned
