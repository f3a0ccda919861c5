"""Fetching meetings and what hangs off them, for the two members only; and the
reviews, check-ins and follow-ups of the program's rhythm (at the end).

Everything here goes through `programs.access`, the one place that decides who is a
member of a mentorship. Anyone else, leaders included, gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from checkins.models import ActionItem, Meeting, PlannedMeeting
from programs.access import (
    Viewer,
    get_mentorship_for_member,
    may_see_mentorship,
)
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
    # By key alone, then the same rule in Python (programs.access.may_see_mentorship): a
    # query by primary key costs Django and PostgreSQL less than one with the rule's ORs.
    found = (Mentorship.objects.select_related("mentee__department", "mentor")
             .filter(pk=pk).order_by()[:1])
    mentorship = next(iter(found), None)
    if mentorship is None or not may_see_mentorship(viewer, mentorship):
        raise Http404("No such mentorship.")
    members = (mentorship.mentee, mentorship.mentor)
    accounts = User.objects.order_by().in_bulk([person.user_id for person in members])
    account = FacultyMember._meta.get_field("user")
    for person in members:
        account.set_cached_value(person, accounts[person.user_id])
    return mentorship


# --- The program's rhythm: annual reviews, Vice-Chair check-ins, relationship health ----
# A review or check-in says how the mentorship goes: the faculty member reads their own;
# the leaders who hold it read it (reviews: the Division Director of the person's division
# and program admins; check-ins: Vice-Chairs and program admins). Never anyone who has
# ever mentored the person, whatever role they also hold, and never another division's
# director: 404, as for anything one may not see.


def _department_wide(viewer: Viewer) -> Q:
    if viewer.sees_all_departments():
        return Q(pk__isnull=False)
    return Q(department_id__in=viewer.department_wide_ids)


def review_divisions_visible_to(viewer: Viewer):
    """Divisions whose review screen the viewer may open: their Division Director,
    Vice-Chairs and program admins of the department."""
    from programs.models import Division

    if not viewer.is_authenticated:
        return Division.objects.none()
    return Division.objects.filter(Q(pk__in=viewer.directed_division_ids)
                                   | _department_wide(viewer))


def get_division_for_reviews(viewer: Viewer, pk: int):
    division = (review_divisions_visible_to(viewer).select_related("department")
                .filter(pk=pk).first())
    if division is None:
        raise Http404("No such division.")
    return division


def _mentored_by(viewer: Viewer) -> Q:
    """People the viewer has ever mentored (current, past or starting later)."""
    if viewer.faculty is None:
        return Q(pk__in=[])
    return Q(pk__in=Mentorship.objects.filter(mentor=viewer.faculty).values("mentee_id"))


def _not_own_mentee(people, viewer: Viewer):
    return people.exclude(_mentored_by(viewer))


def get_person_to_review(viewer: Viewer, pk: int) -> FacultyMember:
    """Someone whose annual review the viewer records: the Division Director of their
    division, never for themselves. Leaders who may see the person but not record get
    403; anyone else 404."""
    people = FacultyMember.objects.current().filter(
        Q(division_id__in=viewer.directed_division_ids) | _department_wide(viewer))
    person = (_not_own_mentee(people, viewer).select_related("user", "division__department")
              .filter(pk=pk).first() if viewer.is_authenticated else None)
    if person is None or (viewer.faculty is not None and person.pk == viewer.faculty.pk):
        raise Http404("No such faculty member.")
    if person.division_id not in viewer.directed_division_ids:
        raise PermissionDenied("Only the Division Director records the annual review.")
    return person


def reviews_visible_to(viewer: Viewer):
    from checkins.models import AnnualReview

    if not viewer.is_authenticated:
        return AnnualReview.objects.none()
    held = Q(person__division_id__in=viewer.directed_division_ids) | Q(
        person__department_id__in=viewer.admin_department_ids)
    if viewer.is_superuser:
        held = Q(pk__isnull=False)
    held &= ~Q(person__in=FacultyMember.objects.filter(_mentored_by(viewer)))
    own = Q(person=viewer.faculty) if viewer.faculty is not None else Q(pk__in=[])
    return AnnualReview.objects.filter(own | held)


def get_review_for_viewer(viewer: Viewer, pk: int):
    review = (reviews_visible_to(viewer)
              .select_related("person__user", "person__division", "division", "reviewer__user")
              .filter(pk=pk).first())
    if review is None:
        raise Http404("No such review.")
    return review


def may_see_checkin_lists(viewer: Viewer) -> bool:
    return viewer.is_vice_chair or viewer.is_program_admin


def require_checkin_lists(viewer: Viewer) -> None:
    """The due, overdue and done lists: Vice-Chairs and program admins (403 for others:
    the page exists for everyone who holds the role)."""
    if not may_see_checkin_lists(viewer):
        raise PermissionDenied("The check-in lists are for Vice-Chairs and program admins.")


def get_person_to_check_in(viewer: Viewer, pk: int) -> FacultyMember:
    """Someone the viewer holds the check-in with: a Vice-Chair of their department.
    Program admins see the person but do not record (403); anyone else 404."""
    people = FacultyMember.objects.current().filter(_department_wide(viewer))
    person = (_not_own_mentee(people, viewer).select_related("user", "division", "department")
              .filter(pk=pk).first() if viewer.is_authenticated else None)
    if person is None or (viewer.faculty is not None and person.pk == viewer.faculty.pk):
        raise Http404("No such faculty member.")
    if person.department_id not in viewer.vice_chair_department_ids:
        raise PermissionDenied("Only a Vice-Chair records the check-in.")
    return person


def checkins_visible_to(viewer: Viewer):
    from checkins.models import ViceChairCheckin

    if not viewer.is_authenticated:
        return ViceChairCheckin.objects.none()
    held = (Q(pk__isnull=False) if viewer.is_superuser
            else Q(person__department_id__in=viewer.department_wide_ids))
    held &= ~Q(person__in=FacultyMember.objects.filter(_mentored_by(viewer)))
    own = Q(person=viewer.faculty) if viewer.faculty is not None else Q(pk__in=[])
    return ViceChairCheckin.objects.filter(own | held)


def get_checkin_for_viewer(viewer: Viewer, pk: int):
    checkin = (checkins_visible_to(viewer)
               .select_related("person__user", "person__division", "vice_chair__user")
               .filter(pk=pk).first())
    if checkin is None:
        raise Http404("No such check-in.")
    return checkin


def get_own_follow_up(viewer: Viewer, kind: str, pk: int):
    """A follow-up (of a "review" or a "checkin") the viewer owns: only its owner marks
    it done."""
    from checkins.models import CheckinFollowUp, ReviewFollowUp

    model = {"review": ReviewFollowUp, "checkin": CheckinFollowUp}.get(kind)
    follow_up = (model.objects.filter(pk=pk, owner=viewer.faculty).first()
                 if viewer.faculty is not None and model is not None else None)
    if follow_up is None:
        raise Http404("No such follow-up.")
    return follow_up


def get_division_for_health(viewer: Viewer, pk: int):
    """Relationship health: the division's facilitators and Division Director, and program
    admins."""
    from programs.models import Division

    if not viewer.is_authenticated:
        raise Http404("No such division.")
    divisions = Division.objects.filter(
        Q(pk__in=viewer.division_lead_ids)
        | (Q(pk__isnull=False) if viewer.is_superuser
           else Q(department_id__in=viewer.admin_department_ids)))
    division = divisions.select_related("department").filter(pk=pk).first()
    if division is None:
        raise Http404("No such division.")
    return division
