"""Meetings held: logging, confirming, action items, private notes."""

import datetime
import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from checkins.models import ActionItem, Meeting, PrivateNote
from checkins.models.meetings import MAX_ACTION_ITEMS, PRIVATE_NOTE_LENGTH, SUMMARY_LENGTH
from checkins.services import MeetingError, check_text, require_member
from programs.dates import long_date, today
from programs.models import FacultyMember, Mentorship, Topic
from programs.notifications import absolute_url, notify

logger = logging.getLogger(__name__)


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
    require_member(mentorship, by)
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
    check_text(summary, limit=SUMMARY_LENGTH, what="shared summary")
    check_text(private_note, limit=PRIVATE_NOTE_LENGTH, what="private note")
    if len(items) > MAX_ACTION_ITEMS:
        raise MeetingError(f"There are {len(items)} action items: keep it to "
                           f"{MAX_ACTION_ITEMS} or fewer.", "too_many_items")
    limit = ActionItem._meta.get_field("text").max_length
    for number, text in enumerate(items, start=1):
        # Split on line breaks already; a tab inside an item is as the form allows.
        check_text(text, limit=limit, what=f"action item {number}")


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
    require_member(locked.mentorship, by)
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
    require_member(meeting.mentorship, author)
    body = body.strip()
    if not body:
        raise MeetingError("The note is empty. To delete your note, use “Delete my note”.",
                           "empty_note")
    check_text(body, limit=PRIVATE_NOTE_LENGTH, what="private note")
    note, _ = PrivateNote.objects.update_or_create(
        meeting=meeting, author=author, defaults={"body": body})
    return note


@transaction.atomic
def private_note_delete(*, meeting: Meeting, author: FacultyMember) -> bool:
    """Delete the author's own note on a meeting; False when there was none."""
    require_member(meeting.mentorship, author)
    deleted, _ = PrivateNote.objects.filter(meeting=meeting, author=author).delete()
    return bool(deleted)


@transaction.atomic
def action_item_toggle(*, item: ActionItem, by: FacultyMember) -> ActionItem:
    locked = ActionItem.objects.select_for_update().select_related(
        "meeting__mentorship").get(pk=item.pk)
    require_member(locked.meeting.mentorship, by)
    locked.done = not locked.done
    locked.done_at = timezone.now() if locked.done else None
    locked.save(update_fields=["done", "done_at"])
    return locked
