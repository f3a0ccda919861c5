"""Planned meetings and their calendar invitations."""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from checkins.ics import ics_method, invitation_email, invitation_ics
from checkins.models import InvitationSent, PlannedMeeting
from checkins.models.planned import AGENDA_LENGTH, PLAN_AHEAD_DAYS, VIDEO_LINK_LENGTH, https_only
from checkins.services import MeetingError, check_text, require_member
from programs.dates import long_date
from programs.models import FacultyMember, Mentorship

logger = logging.getLogger(__name__)


def _check_plan(*, starts_at: datetime.datetime, duration_minutes: int, agenda: str,
                video_link: str) -> None:
    """What every version of a planned meeting must be (the forms check it first)."""
    if starts_at <= timezone.now():
        raise MeetingError("Plan a meeting in the future.", "past")
    if starts_at > timezone.now() + datetime.timedelta(days=PLAN_AHEAD_DAYS):
        raise MeetingError("Plan a meeting within the next two years.", "too_far")
    check_text(agenda, limit=AGENDA_LENGTH, what="agenda")
    check_text(video_link, limit=VIDEO_LINK_LENGTH, what="video link", multiline=False)
    if video_link:
        try:
            https_only(video_link)
        except ValidationError as error:
            raise MeetingError(error.messages[0], "video_link") from None
    if duration_minutes <= 0:
        raise MeetingError("The duration must be at least one minute.", "duration")


def _plan_entries(planned: PlannedMeeting) -> dict:
    return {name: getattr(planned, name) for name in PLAN_FIELDS}


PLAN_FIELDS = ("starts_at", "duration_minutes", "mode", "agenda", "agenda_in_invitation",
               "video_link")


@transaction.atomic
def planned_meeting_create(
    *,
    mentorship: Mentorship,
    by: FacultyMember,
    submission_token: uuid.UUID,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    agenda: str = "",
    agenda_in_invitation: bool = False,
    video_link: str = "",
) -> PlannedMeeting:
    """Plan the next meeting; both members are emailed an invitation once it is saved.

    Submitting the same form twice returns the first planned meeting and sends nothing
    more. The same token with *different* entries (the page went back and was changed,
    or was tampered with), or for a meeting since changed or cancelled, is refused with
    MeetingError("token_used") rather than claiming to plan what it never saved."""
    require_member(mentorship, by)
    agenda, video_link = agenda.strip(), video_link.strip()
    _check_plan(starts_at=starts_at, duration_minutes=duration_minutes, agenda=agenda,
                video_link=video_link)
    entries = {"starts_at": starts_at, "duration_minutes": duration_minutes, "mode": mode,
               "agenda": agenda, "agenda_in_invitation": agenda_in_invitation,
               "video_link": video_link}
    existing = PlannedMeeting.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return _same_plan(existing, mentorship=mentorship, by=by, entries=entries)
    try:
        # The unique token is the backstop when two submissions race past the check; the
        # loser returns the winner's row and queues no second set of invitations.
        with transaction.atomic():
            planned = PlannedMeeting.objects.create(
                mentorship=mentorship, created_by=by, submission_token=submission_token,
                **entries)
    except IntegrityError:
        existing = PlannedMeeting.objects.get(submission_token=submission_token)
        return _same_plan(existing, mentorship=mentorship, by=by, entries=entries)
    transaction.on_commit(lambda: queue_invitations(planned.pk))
    return planned


def _same_plan(existing: PlannedMeeting, *, mentorship: Mentorship, by: FacultyMember,
               entries: dict) -> PlannedMeeting:
    """The meeting this token already planned, if these are the same entries sent again
    and it is still that first version."""
    if existing.mentorship_id != mentorship.pk or existing.created_by_id != by.pk:
        # Nothing about someone else's meeting is said, not even its date.
        raise MeetingError("This form was already used, so the meeting was not planned. "
                           "Your entries are kept below: press “Plan meeting and send "
                           "invitations” to plan it.", "token_used")
    if _plan_entries(existing) != entries or existing.sequence or existing.is_cancelled:
        start = timezone.localtime(existing.starts_at)
        raise MeetingError(
            f"This form already planned the meeting of {long_date(start.date())}, "
            f"{start:%H:%M}, so these entries were not saved. They are kept below: press "
            "“Plan meeting and send invitations” to plan them as another meeting.",
            "token_used")
    return existing


@transaction.atomic
def planned_meeting_change(
    *,
    planned: PlannedMeeting,
    by: FacultyMember,
    sequence: int,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    agenda: str = "",
    agenda_in_invitation: bool = False,
    video_link: str = "",
) -> tuple[PlannedMeeting, bool]:
    """Change a planned meeting: the same calendar event (same UID), one SEQUENCE higher,
    re-sent to both members once the change commits. Returns (meeting, changed).

    `sequence` is the version the form was opened on. The row is locked, so two members
    saving at once take turns: entries identical to the current version change nothing
    (a double submission, or nothing edited), and entries made on an older version than
    the current one are refused (MeetingError "changed") rather than silently replacing
    the other member's change."""
    locked = PlannedMeeting.objects.select_for_update().select_related("mentorship").get(
        pk=planned.pk)
    require_member(locked.mentorship, by)
    _refuse_unless_upcoming(locked, "change")
    agenda, video_link = agenda.strip(), video_link.strip()
    entries = {"starts_at": starts_at, "duration_minutes": duration_minutes, "mode": mode,
               "agenda": agenda, "agenda_in_invitation": agenda_in_invitation,
               "video_link": video_link}
    if _plan_entries(locked) == entries:
        return locked, False
    if sequence != locked.sequence:
        start = timezone.localtime(locked.starts_at)
        raise MeetingError(
            "The meeting was changed by someone else since you opened this page: it is now "
            f"on {long_date(start.date())} at {start:%H:%M}, {locked.duration_minutes} "
            "minutes. Your entries were not saved; they are kept below. Press “Save and send "
            "the updated invitation” to replace that version with yours.", "changed")
    _check_plan(starts_at=starts_at, duration_minutes=duration_minutes, agenda=agenda,
                video_link=video_link)
    for name, value in entries.items():
        setattr(locked, name, value)
    _new_version(locked)
    locked.save(update_fields=[*PLAN_FIELDS, "sequence", "changed_at"])
    transaction.on_commit(lambda: queue_invitations(locked.pk))
    return locked, True


@transaction.atomic
def planned_meeting_cancel(*, planned: PlannedMeeting, by: FacultyMember
                           ) -> tuple[PlannedMeeting, bool]:
    """Cancel a planned meeting: a last version of the event (METHOD:CANCEL) goes to both
    members, so their calendars remove it. The row stays. Returns (meeting, cancelled
    now); cancelling twice sends nothing more."""
    locked = PlannedMeeting.objects.select_for_update().select_related("mentorship").get(
        pk=planned.pk)
    require_member(locked.mentorship, by)
    if locked.is_cancelled:
        return locked, False
    _refuse_unless_upcoming(locked, "cancel")
    locked.cancelled_at = timezone.now()
    _new_version(locked)
    locked.save(update_fields=["cancelled_at", "sequence", "changed_at"])
    transaction.on_commit(lambda: queue_invitations(locked.pk))
    return locked, True


def _new_version(planned: PlannedMeeting) -> None:
    # RFC 5545: calendars apply a change only if its SEQUENCE is higher than theirs.
    planned.sequence += 1
    planned.changed_at = timezone.now()


def _refuse_unless_upcoming(planned: PlannedMeeting, doing: str) -> None:
    if planned.is_cancelled:
        raise MeetingError("This meeting was cancelled, so it cannot be changed. Plan a new "
                           "one instead.", "cancelled")
    if planned.starts_at <= timezone.now():
        raise MeetingError(f"This meeting has already started, so you can no longer {doing} "
                           "it. Log it once it has happened, or plan the next one.", "started")


def queue_invitations(planned_meeting_id: int) -> None:
    """Hand the invitations to Celery. A broker that is down must not fail the user's
    request: the meeting is saved, and `send_missing_invitations` catches up later."""
    from checkins.tasks import send_invitations

    try:
        send_invitations.delay(planned_meeting_id)
    except Exception:  # noqa: BLE001 - any broker failure, whatever the transport
        logger.warning("Could not queue invitations for planned meeting %s",
                       planned_meeting_id, exc_info=True)


def invitations_send(*, planned: PlannedMeeting) -> int:
    """Email the current version of the invitation (or its cancellation) to both members,
    each at most once per version of the event.

    The InvitationSent row is written in the same transaction as the send: if the mail
    server fails, the row rolls back and a retry sends it; if it succeeds, a retry finds
    the row and skips it. A retry that runs after a newer change sends the newer version
    (the older one is superseded). Returns how many emails went out.
    """
    mentorship = planned.mentorship
    people = [mentorship.mentee, mentorship.mentor]
    content = invitation_ics(planned)
    subject, body = invitation_email(planned)
    sent = 0
    for person in people:
        with transaction.atomic():
            _, created = InvitationSent.objects.get_or_create(
                planned_meeting=planned, recipient=person.email, sequence=planned.sequence)
            if not created:
                continue
            message = EmailMessage(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=body,
                to=[person.email])
            message.attach("invite.ics", content,
                           f"text/calendar; method={ics_method(planned)}; charset=UTF-8")
            message.send()
            sent += 1
    return sent
