"""Launching runs, inviting their audience, reminding those who have not answered.

Every email goes through the outbox (programs.models.Notification) under a unique key,
`survey-invitation:<run>:<person>` or `survey-reminder:<run>:<person>`, and invitations
are unique per run and person, so a rerun of the job, a second beat tick or two workers at
once invite nobody twice.
"""

import datetime
import logging
import secrets
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from programs.models import Division, FacultyMember, Notification, User
from programs.notifications import absolute_url
from surveys.access import hash_token
from surveys.models import Completion, Invitation, Run, Survey, SurveyKind
from surveys.models.runs import Audience
from surveys.rules import audience_of
from surveys.services import SurveyError

SEND_BATCH = 200
logger = logging.getLogger(__name__)


@transaction.atomic
def run_launch(*, survey: Survey, by: User, submission_token: uuid.UUID, title: str,
               audience: str, opens_on: datetime.date, closes_on: datetime.date,
               anonymous: bool, division: Division | None = None,
               stages: Iterable[str] = (), intake_year: int | None = None
               ) -> tuple[Run, bool]:
    """Send a survey's current version to an audience. Its mode (anonymous or identified)
    is fixed here for good. Twice with one token: one run."""
    existing = Run.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    if survey.is_template:
        raise SurveyError("Copy the template into a survey first.", "template")
    version = survey.current_version
    if version is None or not version.sections.filter(questions__isnull=False).exists():
        raise SurveyError("Add at least one question before launching.", "empty")
    if anonymous and survey.kind == SurveyKind.INTEREST:
        # Its answers become each person's matching profile: they cannot be anonymous.
        raise SurveyError("The interest survey updates each person's matching profile, so "
                          "it is identified: choose Identified.", "interest_anonymous")
    if audience == Audience.DIVISION and division is None:
        raise SurveyError("Choose the division.", "no_division")
    if audience == Audience.STAGES and not list(stages):
        raise SurveyError("Choose at least one career stage.", "no_stage")
    if audience == Audience.INTAKE and not intake_year:
        raise SurveyError("Give the intake's year.", "no_intake")
    run = Run.objects.create(
        survey=survey, version=version, title=title, audience=audience,
        division=division if audience == Audience.DIVISION else None,
        stages=list(stages) if audience == Audience.STAGES else [],
        intake_year=intake_year if audience == Audience.INTAKE else None,
        opens_on=opens_on, closes_on=closes_on, anonymous=anonymous, launched_by=by,
        submission_token=submission_token)
    transaction.on_commit(lambda: queue_invitations(run.pk))
    return run, True


def queue_invitations(run_id: int) -> None:
    from surveys.tasks import invite_run

    try:
        invite_run.delay(run_id)
    except Exception:  # noqa: BLE001 - a broker that is down: beat's hourly sweep invites
        logger.warning("Could not queue the invitations of run %s; beat will", run_id)


def answer_link(token: str) -> str:
    return absolute_url(reverse("surveys:answer_link", args=[token]))


def _invitation_body(run: Run, person: FacultyMember, token: str, reminder: bool) -> str:
    mode = ("Your answers are anonymous: nobody, the program office included, can tell "
            "which answers are yours." if run.anonymous else
            "This survey is identified: it says on its first page what your answers are "
            "used for.")
    opening = ("A reminder: you have not answered yet." if reminder else
               "You are invited to answer a short survey.")
    return (f"Dear {person.full_name},\n\n{opening}\n\n{run.title}\n{mode}\n\n"
            f"Answer here, without signing in (this link is yours: it works once, until "
            f"{run.closes_on:%d %B %Y}):\n{answer_link(token)}\n\n"
            "You can also answer from your home page when signed in.\n")


def _queue_sends(notification_ids: list[int]) -> None:
    from surveys.tasks import send_survey_emails

    for start in range(0, len(notification_ids), SEND_BATCH):
        batch = notification_ids[start:start + SEND_BATCH]
        try:
            send_survey_emails.delay(batch)
        except Exception:  # noqa: BLE001 - the outbox sweep sends what was not queued
            logger.warning("Could not queue %s survey emails; the outbox sweep will",
                           len(batch))
            return


@transaction.atomic
def invitations_send(*, run_id: int, on: datetime.date) -> int:
    """Invite everyone in an open run's audience who has no invitation yet; the number
    invited. The run row is locked, so two workers take turns, and the second finds
    everyone invited."""
    run = (Run.objects.select_for_update(of=("self",)).select_related("survey__department")
           .filter(pk=run_id).first())
    if run is None or not run.is_open(on):
        return 0
    return _invite(run, on)


def _invite(run: Run, on: datetime.date,
            people: list[FacultyMember] | None = None,
            mentorships: dict[int, int] | None = None) -> int:
    """Invite `people` (by default the run's audience) who have no invitation yet;
    `mentorships` names, per person, the mentorship a pulse asks about."""
    already = set(Invitation.objects.filter(run=run).values_list("person_id", flat=True))
    if people is None:
        people = list(audience_of(run, on).select_related("user"))
    people = [p for p in people if p.pk not in already]
    if not people:
        return 0
    tokens = {person.pk: secrets.token_urlsafe(32) for person in people}
    mentorships = mentorships or {}
    Invitation.objects.bulk_create(
        [Invitation(run=run, person=person, token_hash=hash_token(tokens[person.pk]),
                    invited_on=on, mentorship_id=mentorships.get(person.pk))
         for person in people],
        ignore_conflicts=True)
    notifications = [
        Notification(key=f"survey-invitation:{run.pk}:{person.pk}", recipient=person.email,
                     subject=f"Survey: {run.title}",
                     body=_invitation_body(run, person, tokens[person.pk], reminder=False))
        for person in people]
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    ids = list(Notification.objects.pending().filter(
        key__in=[n.key for n in notifications]).values_list("pk", flat=True))
    transaction.on_commit(lambda: _queue_sends(ids))
    return len(people)


@transaction.atomic
def reminders_send(*, run_id: int, on: datetime.date) -> int:
    """Within SURVEY_REMINDER_DAYS of the close, one reminder to each person invited who
    has not answered. The token is only stored hashed, so the reminder carries a new link,
    which replaces the first one."""
    run = Run.objects.select_for_update(of=("self",)).filter(pk=run_id).first()
    if run is None or not run.is_open(on):
        return 0
    if (run.closes_on - on).days > settings.SURVEY_REMINDER_DAYS:
        return 0
    answered = Completion.objects.filter(run=run).values("person_id")
    pending = list(Invitation.objects.filter(run=run, reminded_on__isnull=True)
                   .exclude(person_id__in=answered).select_related("person__user"))
    notifications = []
    for invitation in pending:
        token = secrets.token_urlsafe(32)
        invitation.token_hash, invitation.reminded_on = hash_token(token), on
        notifications.append(Notification(
            key=f"survey-reminder:{run.pk}:{invitation.person_id}",
            recipient=invitation.person.email, subject=f"Reminder: {run.title}",
            body=_invitation_body(run, invitation.person, token, reminder=True)))
    Invitation.objects.bulk_update(pending, ["token_hash", "reminded_on"], batch_size=500)
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    ids = list(Notification.objects.pending().filter(
        key__in=[n.key for n in notifications]).values_list("pk", flat=True))
    transaction.on_commit(lambda: _queue_sends(ids))
    return len(pending)


def survey_invitations_sweep(*, on: datetime.date) -> dict[str, int]:
    """Beat: the month's pulses, then every open run invites whoever joined its audience
    since, and reminds; the ballots left in closed runs are counted."""
    from surveys.services.ballots import closed_runs_count
    from surveys.services.pulse import pulse_invitations_send

    pulses = pulse_invitations_send(on=on)
    invited = reminded = 0
    for run_id in Run.objects.filter(opens_on__lte=on, closes_on__gte=on).values_list(
            "pk", flat=True):
        invited += invitations_send(run_id=run_id, on=on)
        reminded += reminders_send(run_id=run_id, on=on)
    counted = closed_runs_count(on=on)
    return {"invited": invited, "reminded": reminded, "pulses": pulses, "counted": counted}
