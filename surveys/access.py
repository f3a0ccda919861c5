"""Who may see and change what in surveys. Every view fetches through here; anyone else
gets 404, so a response never confirms that a survey, a run or its results exist.

- Building surveys and launching runs: the department's program admins.
- A run's progress and results: its department's program admins, and Vice-Chairs
  (read-only: they never build or launch). Nobody else, whatever else they lead.
- Answering: the person invited, while the run is open, once; or whoever holds the
  personal link from the invitation email, without signing in.
"""

import datetime
import hashlib

from django.db.models import QuerySet
from django.http import Http404

from programs.access import Viewer
from surveys.models import Completion, Invitation, Run, Survey


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def manages_surveys(viewer: Viewer, department_id: int | None) -> bool:
    return viewer.is_superuser or (department_id is not None
                                   and department_id in viewer.admin_department_ids)


def reads_results(viewer: Viewer, department_id: int) -> bool:
    return (manages_surveys(viewer, department_id)
            or department_id in viewer.vice_chair_department_ids)


def surveys_managed_by(viewer: Viewer) -> QuerySet[Survey]:
    if viewer.is_superuser:
        return Survey.objects.filter(is_template=False)
    return Survey.objects.filter(department_id__in=viewer.admin_department_ids)


def runs_readable_by(viewer: Viewer) -> QuerySet[Run]:
    if not viewer.is_authenticated:
        return Run.objects.none()
    if viewer.is_superuser:
        return Run.objects.all()
    return Run.objects.filter(survey__department_id__in=(
        viewer.admin_department_ids | viewer.vice_chair_department_ids))


def get_survey_to_manage(viewer: Viewer, pk: int) -> Survey:
    """A survey, or a shipped template, that the viewer may edit (templates: any program
    admin); 404 for everyone else."""
    survey = Survey.objects.select_related("department").filter(pk=pk).first()
    if survey is None or not viewer.is_program_admin:
        raise Http404("No such survey.")
    if not survey.is_template and not manages_surveys(viewer, survey.department_id):
        raise Http404("No such survey.")
    return survey


def get_run_for_results(viewer: Viewer, pk: int) -> Run:
    run = (runs_readable_by(viewer).select_related("survey__department", "version", "division")
           .filter(pk=pk).first())
    if run is None:
        raise Http404("No such survey run.")
    return run


def get_run_to_answer(viewer: Viewer, pk: int, on: datetime.date) -> Run:
    """A run the signed-in person was invited to, open today and not yet answered."""
    if viewer.faculty is None:
        raise Http404("No such survey.")
    run = (Run.objects.select_related("survey", "version")
           .filter(pk=pk, invitations__person=viewer.faculty,
                   opens_on__lte=on, closes_on__gte=on).first())
    if run is None or Completion.objects.filter(run=run, person=viewer.faculty).exists():
        raise Http404("No such survey.")
    return run


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a personal link belongs to (whether it can still be used is the
    caller's question: closed, or already answered)."""
    if not token or len(token) > 100:
        return None
    return (Invitation.objects.select_related("run__survey", "run__version", "person")
            .filter(token_hash=hash_token(token)).first())
