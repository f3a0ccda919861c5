"""Services that change meetings. Reads live in selectors.py."""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from checkins.ics import ics_method, invitation_email, invitation_ics
from checkins.models import (
    AGENDA_LENGTH,
    MAX_ACTION_ITEMS,
    PLAN_AHEAD_DAYS,
    PRIVATE_NOTE_LENGTH,
    SUMMARY_LENGTH,
    VIDEO_LINK_LENGTH,
    ActionItem,
    InvitationSent,
    Meeting,
    PlannedMeeting,
    PrivateNote,
    https_only,
)
from programs.dates import long_date, today
from programs.models import FacultyMember, Mentorship, Topic
from programs.notifications import absolute_url, notify
from programs.validators import text_problem

logger = logging.getLogger(__name__)


class MeetingError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def outside_mentorship(mentorship: Mentorship, held_on: datetime.date) -> str:
    """Why a meeting on this date cannot belong to the mentorship, or "" if it can.
    A last meeting on the day the mentorship ends still counts."""
    if held_on < mentorship.start_date:
        return (f"This mentorship started on {long_date(mentorship.start_date)}: "
                "a meeting before then cannot be logged here.")
    if mentorship.end_date is not None and held_on > mentorship.end_date:
        return (f"This mentorship ended on {long_date(mentorship.end_date)}: "
                "a meeting after then cannot be logged here.")
    return ""


def _check_text(text: str, *, limit: int, what: str, multiline: bool = True) -> None:
    """The forms check every field first; this keeps a caller that skips them (a job, the
    demo, a future API) from storing what a form would refuse."""
    if len(text) > limit:
        raise MeetingError(f"The {what} has {len(text):,} characters: keep it to {limit:,} "
                           "or fewer.", "too_long")
    problem = text_problem(text, multiline=multiline)
    if problem:
        raise MeetingError(f"{what.capitalize()}: {problem}", "bad_text")


def _require_member(mentorship: Mentorship, person: FacultyMember) -> None:
    if person.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise MeetingError("Only the mentee and the mentor can do this.", "not_member")


@transaction.atomic
def meeting_log(
    *,
    mentorship: Mentorship,
    by: FacultyMember,
    submission_token: uuid.UUID,
    held_on: datetime.date,
    duration_minutes: int,
    mode: str,
    topics: list[Topic] | None = None,
    protected_time: bool = False,
    shared_summary: str = "",
    action_items: list[str] | None = None,
    private_note: str = "",
) -> Meeting:
    """Log a held meeting.

    The form's hidden token makes a double submission log one meeting: the second call
    finds the first and returns it. The same token with *different* entries (the page
    went back and was changed, or was tampered with) is refused with
    MeetingError("token_used"), rather than claiming to log what it never saved."""
    _require_member(mentorship, by)
    if held_on > today():
        raise MeetingError("A meeting in the future cannot be logged as held.", "future")
    outside = outside_mentorship(mentorship, held_on)
    if outside:
        raise MeetingError(outside, "outside_mentorship")
    if duration_minutes <= 0:
        raise MeetingError("The duration must be at least one minute.", "duration")
    shared_summary, private_note = shared_summary.strip(), private_note.strip()
    items = [text.strip() for text in action_items or [] if text.strip()]
    _check_meeting_text(shared_summary, items, private_note)
    entries = {"held_on": held_on, "duration_minutes": duration_minutes, "mode": mode,
               "protected_time": protected_time, "shared_summary": shared_summary,
               "topics": {topic.pk for topic in topics or []}, "action_items": items,
               "private_note": private_note}
    existing = Meeting.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return _same_submission(existing, mentorship=mentorship, by=by, entries=entries)
    try:
        # The unique token is the backstop when two submissions race past the check.
        with transaction.atomic():
            meeting = Meeting.objects.create(
                mentorship=mentorship, logged_by=by, submission_token=submission_token,
                held_on=held_on, duration_minutes=duration_minutes, mode=mode,
                protected_time=protected_time, shared_summary=shared_summary)
    except IntegrityError:
        existing = Meeting.objects.get(submission_token=submission_token)
        return _same_submission(existing, mentorship=mentorship, by=by, entries=entries)
    if topics:
        meeting.topics.set(topics)
    ActionItem.objects.bulk_create([ActionItem(meeting=meeting, text=text) for text in items])
    if private_note:
        PrivateNote.objects.create(meeting=meeting, author=by, body=private_note)
    _ask_the_other_member_to_confirm(meeting, mentorship=mentorship, by=by)
    return meeting


def _ask_the_other_member_to_confirm(meeting: Meeting, *, mentorship: Mentorship,
                                     by: FacultyMember) -> None:
    """Email the member who did not log the meeting: it waits for their confirmation.

    Who, which day and a link, nothing more: a mailbox may be read by an assistant, so
    what was said (summary, action items, notes) stays on the mentorship page. Written in
    the caller's transaction under a key per meeting and recipient, so it goes once."""
    other = mentorship.mentor if by.pk == mentorship.mentee_id else mentorship.mentee
    email = other.user.email
    if not email:
        return
    link = absolute_url(reverse("checkins:mentorship_detail", kwargs={"pk": mentorship.pk})
                        + f"#meeting-{meeting.pk}")
    day = long_date(meeting.held_on)
    notify(
        key=f"meeting:{meeting.pk}:logged:confirm:user-{other.user_id}",
        to=email,
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{by.full_name} logged your meeting "
                f"of {day}: please confirm it",
        body=f"{by.full_name} logged your mentorship meeting of {day}. It waits for your "
             f"confirmation on the mentorship page:\n\n{link}\n",
    )


def _check_meeting_text(summary: str, items: list[str], private_note: str) -> None:
    _check_text(summary, limit=SUMMARY_LENGTH, what="shared summary")
    _check_text(private_note, limit=PRIVATE_NOTE_LENGTH, what="private note")
    if len(items) > MAX_ACTION_ITEMS:
        raise MeetingError(f"There are {len(items)} action items: keep it to "
                           f"{MAX_ACTION_ITEMS} or fewer.", "too_many_items")
    limit = ActionItem._meta.get_field("text").max_length
    for number, text in enumerate(items, start=1):
        # Split on line breaks already; a tab inside an item is as the form allows.
        _check_text(text, limit=limit, what=f"action item {number}")


def _same_submission(existing: Meeting, *, mentorship: Mentorship, by: FacultyMember,
                     entries: dict) -> Meeting:
    """The meeting this token already logged, if these are the same entries sent again."""
    if existing.mentorship_id != mentorship.pk or existing.logged_by_id != by.pk:
        # Nothing about someone else's meeting is said, not even its date.
        raise MeetingError("This form was already used, so the meeting was not saved. Your "
                           "entries are kept below: press “Log meeting” to log it.",
                           "token_used")
    note = existing.private_notes.filter(author=by).values_list("body", flat=True).first()
    logged = {"held_on": existing.held_on, "duration_minutes": existing.duration_minutes,
              "mode": existing.mode, "protected_time": existing.protected_time,
              "shared_summary": existing.shared_summary,
              "topics": set(existing.topics.values_list("pk", flat=True)),
              "action_items": list(existing.action_items.values_list("text", flat=True)),
              "private_note": note or ""}
    if logged != entries:
        raise MeetingError(
            f"This form already logged the meeting of {long_date(existing.held_on)}, so "
            "these entries were not saved. They are kept below: press “Log meeting” to log "
            "them as another meeting.", "token_used")
    return existing


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by: FacultyMember) -> Meeting:
    """The other member confirms that the meeting took place."""
    locked = Meeting.objects.select_for_update().select_related("mentorship").get(pk=meeting.pk)
    _require_member(locked.mentorship, by)
    if locked.logged_by_id == by.pk:
        raise MeetingError("The other member confirms a meeting you logged.", "own_meeting")
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = by
        locked.save(update_fields=["confirmed_at", "confirmed_by"])
    return locked


@transaction.atomic
def private_note_save(*, meeting: Meeting, author: FacultyMember, body: str) -> PrivateNote:
    """Write the author's own note on a meeting. An empty note is refused: deleting is
    `private_note_delete`, asked for in so many words, never a side effect of a blank."""
    _require_member(meeting.mentorship, author)
    body = body.strip()
    if not body:
        raise MeetingError("The note is empty. To delete your note, use “Delete my note”.",
                           "empty_note")
    _check_text(body, limit=PRIVATE_NOTE_LENGTH, what="private note")
    note, _ = PrivateNote.objects.update_or_create(
        meeting=meeting, author=author, defaults={"body": body})
    return note


@transaction.atomic
def private_note_delete(*, meeting: Meeting, author: FacultyMember) -> bool:
    """Delete the author's own note on a meeting; False when there was none."""
    _require_member(meeting.mentorship, author)
    deleted, _ = PrivateNote.objects.filter(meeting=meeting, author=author).delete()
    return bool(deleted)


@transaction.atomic
def action_item_toggle(*, item: ActionItem, by: FacultyMember) -> ActionItem:
    locked = ActionItem.objects.select_for_update().select_related(
        "meeting__mentorship").get(pk=item.pk)
    _require_member(locked.meeting.mentorship, by)
    locked.done = not locked.done
    locked.done_at = timezone.now() if locked.done else None
    locked.save(update_fields=["done", "done_at"])
    return locked


def _check_plan(*, starts_at: datetime.datetime, duration_minutes: int, agenda: str,
                video_link: str) -> None:
    """What every version of a planned meeting must be (the forms check it first)."""
    if starts_at <= timezone.now():
        raise MeetingError("Plan a meeting in the future.", "past")
    if starts_at > timezone.now() + datetime.timedelta(days=PLAN_AHEAD_DAYS):
        raise MeetingError("Plan a meeting within the next two years.", "too_far")
    _check_text(agenda, limit=AGENDA_LENGTH, what="agenda")
    _check_text(video_link, limit=VIDEO_LINK_LENGTH, what="video link", multiline=False)
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
    _require_member(mentorship, by)
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
    _require_member(locked.mentorship, by)
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
    _require_member(locked.mentorship, by)
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
