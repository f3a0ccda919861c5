"""The Vice-Chair's lists: check-ins overdue, due (the window is open) and done, across
the departments the viewer sees whole. A fixed number of queries."""

import datetime
from dataclasses import dataclass

from checkins.models import ViceChairCheckin
from checkins.schedules import Kind, Obligation, State
from checkins.selectors.schedules import obligations_of
from programs.access import Viewer
from programs.dates import today
from programs.models import FacultyMember

DONE_SHOWN = 50


@dataclass(frozen=True)
class CheckinDue:
    person: FacultyMember
    obligation: Obligation


def _people(viewer: Viewer):
    people = FacultyMember.objects.current()
    if not viewer.sees_all_departments():
        people = people.filter(department_id__in=viewer.department_wide_ids)
    return people


def checkin_lists(viewer: Viewer, on: datetime.date | None = None) -> dict:
    """{"overdue": [...], "due": [...], "done": [...]}: overdue longest first, due soonest
    first, done newest first (the last 50)."""
    on = on or today()
    people = _people(viewer)
    obligations = obligations_of(people, on)
    open_ids = {pk: next(o for o in found if o.kind == Kind.CHECKIN)
                for pk, found in obligations.items()}
    open_ids = {pk: o for pk, o in open_ids.items() if o.is_open}
    persons = FacultyMember.objects.filter(pk__in=list(open_ids)).select_related(
        "user", "division").in_bulk()
    rows = [CheckinDue(persons[pk], obligation) for pk, obligation in open_ids.items()]
    overdue = sorted((r for r in rows if r.obligation.state == State.OVERDUE),
                     key=lambda r: (r.obligation.due_on, r.person.full_name))
    due = sorted((r for r in rows if r.obligation.state == State.DUE),
                 key=lambda r: (r.obligation.due_on, r.person.full_name))
    done_filter = {} if viewer.sees_all_departments() else {
        "person__department_id__in": viewer.department_wide_ids}
    done = list(ViceChairCheckin.objects.filter(**done_filter)
                .select_related("person__user", "person__division", "vice_chair__user")
                .order_by("-held_on", "-pk")[:DONE_SHOWN])
    return {"overdue": overdue, "due": due, "done": done}
