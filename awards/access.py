"""Who may see and change what in awards. Every view fetches cycles, nominations and
letters through here; anyone else gets 404, so a response never confirms that a
nomination (or a letter) exists.

- A cycle, its awards and (once published) its winners: everyone in its department.
- Running it (opening, closing scoring, choosing and publishing winners): the department's
  program admins.
- A nomination: the department's program admins; the cycle's committee, except the
  nominations a member is too close to (awards.rules); its nominator, who reads their own
  statement back. Never the nominee, whatever else they are.
- A letter: the program admins and the committee members who may read its nomination.
  Not the nominator, not the nominee.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from awards.models import AwardCycle, CommitteeMember, Nomination, NominationLetter, Recognition
from awards.rules import conflicted_nominee_q
from programs.access import Viewer

ADMIN, COMMITTEE, NOMINATOR = "admin", "committee", "nominator"


def _departments(viewer: Viewer) -> set[int]:
    departments = set(viewer.admin_department_ids)
    if viewer.faculty is not None:
        departments.add(viewer.faculty.department_id)
    return departments


def cycles_visible_to(viewer: Viewer) -> QuerySet[AwardCycle]:
    if not viewer.is_authenticated:
        return AwardCycle.objects.none()
    if viewer.sees_all_departments():
        return AwardCycle.objects.all()
    return AwardCycle.objects.filter(department_id__in=_departments(viewer))


def get_cycle_for_viewer(viewer: Viewer, pk: int) -> AwardCycle:
    cycle = cycles_visible_to(viewer).select_related("department").filter(pk=pk).first()
    if cycle is None:
        raise Http404("No such award cycle.")
    return cycle


def manages_cycles(viewer: Viewer, department_id: int) -> bool:
    return viewer.is_superuser or department_id in viewer.admin_department_ids


def get_cycle_to_manage(viewer: Viewer, pk: int) -> AwardCycle:
    cycle = get_cycle_for_viewer(viewer, pk)
    if not manages_cycles(viewer, cycle.department_id):
        raise Http404("No such award cycle.")
    return cycle


def is_on_committee(viewer: Viewer, cycle: AwardCycle) -> bool:
    return viewer.faculty is not None and CommitteeMember.objects.filter(
        cycle=cycle, person=viewer.faculty).exists()


def nominations_visible_to(viewer: Viewer) -> QuerySet[Nomination]:
    """Every nomination the viewer may open (the Django admin lists these too)."""
    if not viewer.is_authenticated:
        return Nomination.objects.none()
    # (Not `Q()` for "everything": an empty Q vanishes when OR-ed with another.)
    everything = Q(pk__isnull=False)
    visible = everything if viewer.is_superuser else Q(
        award__cycle__department_id__in=viewer.admin_department_ids)
    if viewer.faculty is None:
        return Nomination.objects.filter(visible)
    person = viewer.faculty
    committee = Q(award__cycle__committee__person=person) & ~conflicted_nominee_q(person)
    mine = Q(nominator=person)
    # The nominee never reads a nomination about them, whatever role they hold.
    return Nomination.objects.filter(visible | committee | mine).exclude(
        nominee=person).distinct()


def role_on(viewer: Viewer, nomination: Nomination) -> str:
    """Why the viewer may open this nomination (it is already known that they may)."""
    if manages_cycles(viewer, nomination.award.cycle.department_id):
        return ADMIN
    if viewer.faculty is not None and nomination.nominator_id == viewer.faculty.pk:
        return NOMINATOR
    return COMMITTEE


def get_nomination_for_viewer(viewer: Viewer, pk: int) -> tuple[Nomination, str]:
    nomination = (nominations_visible_to(viewer)
                  .select_related("award__cycle__department", "award__division",
                                  "nominee__user", "nominee__division", "nominator__user")
                  .filter(pk=pk).first())
    if nomination is None:
        raise Http404("No such nomination.")
    return nomination, role_on(viewer, nomination)


def get_letter_for_viewer(viewer: Viewer, pk: int) -> NominationLetter:
    """A letter, for the program admins and the committee members who may read its
    nomination; 404 for everyone else (its nominator and its nominee included)."""
    letter = NominationLetter.objects.filter(pk=pk).first()
    if letter is not None:
        nomination = (nominations_visible_to(viewer).select_related("award__cycle")
                      .filter(pk=letter.nomination_id).first())
        if nomination is not None and role_on(viewer, nomination) != NOMINATOR:
            return letter
    raise Http404("No such letter.")


def get_own_recognition(viewer: Viewer, pk: int) -> Recognition:
    """A win of the viewer's own: only the winner chooses whether it is on the wall."""
    recognition = (Recognition.objects.filter(pk=pk, person=viewer.faculty).first()
                   if viewer.faculty is not None else None)
    if recognition is None:
        raise Http404("No such recognition.")
    return recognition
