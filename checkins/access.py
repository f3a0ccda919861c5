"""Fetching meetings and what hangs off them, for the two members only.

Everything here goes through `programs.access`, the one place that decides who is a
member of a mentorship. Anyone else, leaders included, gets 404.
"""

from django.db.models import Q
from django.http import Http404

from checkins.models import ActionItem, Meeting, PlannedMeeting
from programs.access import Viewer, get_mentorship_for_member, mentorships_visible_to
from programs.models import FacultyMember, Mentorship, User


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


def get_mentorship_for_page(viewer: Viewer, pk: int) -> Mentorship:
    """What `programs.access.get_mentorship_for_viewer` returns (the same rule, the same
    404), loading only what the mentorship page reads with it: the two members with their
    accounts (names) and the mentee's department (program year, career stage).

    Two small queries rather than one with six tables: PostgreSQL spends far longer
    planning a six-table join (2-5 ms on a busy server) than running it, while the
    members' two accounts come back by primary key in a fraction of a millisecond. No
    division join and no ordering, which a single row does not need."""
    found = (mentorships_visible_to(viewer).select_related("mentee__department", "mentor")
             .filter(pk=pk).order_by()[:1])
    mentorship = next(iter(found), None)
    if mentorship is None:
        raise Http404("No such mentorship.")
    members = (mentorship.mentee, mentorship.mentor)
    accounts = User.objects.in_bulk([person.user_id for person in members])
    account = FacultyMember._meta.get_field("user")
    for person in members:
        account.set_cached_value(person, accounts[person.user_id])
    return mentorship
