"""Who may see what in matching. Views fetch profiles and introductions through here.

- A mentor's offer: every faculty member of the same department (the directory).
- A mentee's needs (topics, formats, same site): the person, their division's
  facilitators and Division Director, and program admins. Everyone else gets 404.
- The identity opt-ins inside the needs: the person, their division's facilitators and
  program admins only (not the Division Director, who oversees the mentee).
- An introduction: its mentee and mentor, the mentee's division's facilitators and
  Division Director, and program admins; its message only the mentor (and the mentee who
  wrote it), its decline reason only the mentee (and the mentor who wrote it).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from matching.models import CohortRun, Introduction, MentorProfile, Proposal
from programs.access import Viewer
from programs.models import Division, FacultyMember


def is_faculty(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.faculty is not None


def require_faculty(viewer: Viewer) -> FacultyMember:
    """Profiles and the directory are for faculty members; anyone else gets 404."""
    if not is_faculty(viewer):
        raise Http404
    return viewer.faculty


def offers_visible_to(viewer: Viewer) -> QuerySet[MentorProfile]:
    """Mentor offers in the viewer's department, of people still in it."""
    if not is_faculty(viewer):
        return MentorProfile.objects.none()
    return MentorProfile.objects.filter(
        faculty__department_id=viewer.faculty.department_id,
    ).exclude(faculty__status=FacultyMember.Status.DEPARTED)


def get_directory_mentor(viewer: Viewer, pk: int) -> FacultyMember:
    """A mentor (by faculty id) whose offer the viewer may read; 404 otherwise."""
    offer = (offers_visible_to(viewer).select_related(
        "faculty__user", "faculty__division", "faculty__site", "faculty__position")
        .filter(faculty_id=pk).first())
    if offer is None:
        raise Http404("No such mentor.")
    return offer.faculty


def _leads(viewer: Viewer, person: FacultyMember, *, directors: bool) -> bool:
    divisions = viewer.division_lead_ids if directors else viewer.facilitated_division_ids
    return (viewer.sees_all_departments() or person.division_id in divisions
            or person.department_id in viewer.admin_department_ids)


def may_read_needs(viewer: Viewer, person: FacultyMember) -> bool:
    if not viewer.is_authenticated:
        return False
    if viewer.faculty is not None and viewer.faculty.pk == person.pk:
        return True
    return _leads(viewer, person, directors=True)


def may_read_identity_optins(viewer: Viewer, person: FacultyMember) -> bool:
    """The opt-ins say something about who the person is: not for the Division Director."""
    if not viewer.is_authenticated:
        return False
    if viewer.faculty is not None and viewer.faculty.pk == person.pk:
        return True
    return _leads(viewer, person, directors=False)


def needs_owners_visible_to(viewer: Viewer) -> QuerySet[FacultyMember]:
    if not viewer.is_authenticated:
        return FacultyMember.objects.none()
    if viewer.sees_all_departments():
        return FacultyMember.objects.all()
    visible = (Q(division_id__in=viewer.division_lead_ids)
               | Q(department_id__in=viewer.admin_department_ids))
    if viewer.faculty is not None:
        visible |= Q(pk=viewer.faculty.pk)
    return FacultyMember.objects.filter(visible)


def get_needs_owner_for_viewer(viewer: Viewer, pk: int) -> FacultyMember:
    person = (needs_owners_visible_to(viewer)
              .select_related("user", "division", "site", "position", "department")
              .filter(pk=pk).first())
    if person is None:
        raise Http404("No such person.")
    return person


def introductions_visible_to(viewer: Viewer) -> QuerySet[Introduction]:
    if not viewer.is_authenticated:
        return Introduction.objects.none()
    if viewer.sees_all_departments():
        return Introduction.objects.all()
    visible = (Q(mentee__division_id__in=viewer.division_lead_ids)
               | Q(mentee__department_id__in=viewer.admin_department_ids))
    if viewer.faculty is not None:
        visible |= Q(mentee=viewer.faculty) | Q(mentor=viewer.faculty)
    return Introduction.objects.filter(visible)


def get_introduction_for_viewer(viewer: Viewer, pk: int) -> Introduction:
    introduction = (introductions_visible_to(viewer)
                    .select_related("mentee__user", "mentee__division", "mentor__user",
                                    "mentor__division", "mentorship")
                    .filter(pk=pk).first())
    if introduction is None:
        raise Http404("No such introduction.")
    return introduction


def is_party(viewer: Viewer, introduction: Introduction) -> bool:
    return viewer.faculty is not None and viewer.faculty.pk in (
        introduction.mentee_id, introduction.mentor_id)


def is_the_mentor(viewer: Viewer, introduction: Introduction) -> bool:
    return viewer.faculty is not None and viewer.faculty.pk == introduction.mentor_id


def is_the_mentee(viewer: Viewer, introduction: Introduction) -> bool:
    return viewer.faculty is not None and viewer.faculty.pk == introduction.mentee_id


def require_program_admin(viewer: Viewer) -> None:
    if not viewer.is_program_admin:
        raise Http404


# --- Recommendations, proposals and cohort runs -------------------------------------------
# The workspace of a division and its cohort runs: the division's facilitators and the
# department's program admins (not the Division Director, who oversees the mentees and is
# never their formal mentor). A proposal: its mentee and mentor, and whoever runs the
# workspace of the mentee's division. Everyone else gets 404.


def matching_divisions(viewer: Viewer) -> QuerySet[Division]:
    """Divisions whose matching the viewer runs."""
    if not viewer.is_authenticated:
        return Division.objects.none()
    if viewer.sees_all_departments():
        return Division.objects.all()
    return Division.objects.filter(Q(pk__in=viewer.facilitated_division_ids)
                                   | Q(department_id__in=viewer.admin_department_ids))


def runs_matching_for(viewer: Viewer, division_id: int, department_id: int) -> bool:
    return viewer.is_authenticated and (
        viewer.sees_all_departments() or division_id in viewer.facilitated_division_ids
        or department_id in viewer.admin_department_ids)


def get_matching_division(viewer: Viewer, pk: int) -> Division:
    division = matching_divisions(viewer).select_related("department").filter(pk=pk).first()
    if division is None:
        raise Http404("No such division.")
    return division


def get_unmatched_person(viewer: Viewer, division: Division, pk: int) -> FacultyMember:
    """Someone of a division whose workspace the viewer runs."""
    person = (FacultyMember.objects.filter(division=division, pk=pk)
              .select_related("user", "site", "position", "department", "division").first())
    if person is None:
        raise Http404("No such person.")
    return person


def proposals_visible_to(viewer: Viewer) -> QuerySet[Proposal]:
    if not viewer.is_authenticated:
        return Proposal.objects.none()
    if viewer.sees_all_departments():
        return Proposal.objects.all()
    visible = (Q(division_id__in=viewer.facilitated_division_ids)
               | Q(division__department_id__in=viewer.admin_department_ids))
    if viewer.faculty is not None:
        visible |= Q(mentee=viewer.faculty) | Q(mentor=viewer.faculty)
    return Proposal.objects.filter(visible)


def get_proposal_for_viewer(viewer: Viewer, pk: int) -> Proposal:
    proposal = (proposals_visible_to(viewer)
                .select_related("mentee__user", "mentee__site", "mentee__position",
                                "mentee__division", "mentor__user", "mentor__site",
                                "mentor__position", "mentor__division", "division__department",
                                "mentorship")
                .filter(pk=pk).first())
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def manages_proposal(viewer: Viewer, proposal: Proposal) -> bool:
    return runs_matching_for(viewer, proposal.division_id, proposal.division.department_id)


def cohort_runs_visible_to(viewer: Viewer) -> QuerySet[CohortRun]:
    if not viewer.is_authenticated:
        return CohortRun.objects.none()
    if viewer.sees_all_departments():
        return CohortRun.objects.all()
    return CohortRun.objects.filter(Q(division_id__in=viewer.facilitated_division_ids)
                                    | Q(department_id__in=viewer.admin_department_ids))


def get_cohort_run_for_viewer(viewer: Viewer, pk: int) -> CohortRun:
    run = (cohort_runs_visible_to(viewer).select_related("department", "division")
           .filter(pk=pk).first())
    if run is None:
        raise Http404("No such cohort run.")
    return run


def runs_cohorts(viewer: Viewer) -> bool:
    """Facilitators and program admins start cohort runs; others get 404."""
    return viewer.is_authenticated and (viewer.is_facilitator or viewer.is_program_admin)
