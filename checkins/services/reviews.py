"""Recording the Division Director's annual review and the Vice-Chair's check-in, with
their follow-ups; marking a follow-up done."""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from checkins.models import (
    AnnualReview,
    CheckinFollowUp,
    Effective,
    ReviewFollowUp,
    ViceChairCheckin,
)
from checkins.models.reviews import FOLLOW_UP_LENGTH, MAX_FOLLOW_UPS, REVIEW_TEXT_LENGTH, FollowUp
from checkins.services import MeetingError, check_text
from programs.dates import long_date, today
from programs.models import FacultyMember, Mentorship


class ReviewError(MeetingError):
    """A refused review, check-in or follow-up, with a message and a code."""


def _check_follow_ups(person: FacultyMember, follow_ups: list[dict]) -> None:
    if len(follow_ups) > MAX_FOLLOW_UPS:
        raise ReviewError(f"Keep it to {MAX_FOLLOW_UPS} follow-ups.", "too_many")
    mentors = set(Mentorship.objects.filter(mentee=person).values_list("mentor_id", flat=True))
    for number, item in enumerate(follow_ups, start=1):
        try:
            check_text(item["text"], limit=FOLLOW_UP_LENGTH, what=f"follow-up {number}",
                       multiline=False)
        except MeetingError as error:
            raise ReviewError(error.message, error.code) from None
        if item["owner"].pk in mentors:
            # The follow-up says what the review found: never for the person's mentor.
            raise ReviewError(f"Follow-up {number}: the faculty member's mentor cannot own "
                              "it; they never read the review.", "owner_is_mentor")
        if item["due_on"] < today():
            raise ReviewError(f"Follow-up {number} is due in the past.", "past")


def _check_texts(**texts: str) -> None:
    for what, text in texts.items():
        try:
            check_text(text, limit=REVIEW_TEXT_LENGTH, what=what.replace("_", " "))
        except MeetingError as error:
            raise ReviewError(error.message, error.code) from None


def _add_follow_ups(model: type[FollowUp], follow_ups: list[dict], **parent) -> None:
    model.objects.bulk_create([model(text=item["text"].strip(), owner=item["owner"],
                                     due_on=item["due_on"], **parent)
                               for item in follow_ups])


@transaction.atomic
def annual_review_record(*, person: FacultyMember, by: FacultyMember,
                         submission_token: uuid.UUID, held_on: datetime.date,
                         effective: str, quality: int, support_needed: str = "",
                         issues_raised: str = "", follow_ups: list[dict] | None = None,
                         ) -> tuple[AnnualReview, bool]:
    """Record this program year's review of `person` by their Division Director.
    Returns (review, created). The same form sent twice returns the first review; a
    review already recorded this year (by anyone) is refused with "already_reviewed"."""
    if person.division_id not in _directed_by(by) or person.pk == by.pk:
        raise ReviewError("Only the faculty member's Division Director records the review.",
                          "not_director")
    if held_on > today():
        raise ReviewError("A review in the future cannot be recorded.", "future")
    if effective not in Effective.values or not 1 <= quality <= 5:
        raise ReviewError("Say whether the mentorship is effective and rate it 1 to 5.",
                          "rating")
    support_needed, issues_raised = support_needed.strip(), issues_raised.strip()
    _check_texts(support_needed=support_needed, issues_raised=issues_raised)
    follow_ups = follow_ups or []
    _check_follow_ups(person, follow_ups)
    year_start = person.department.program_year(held_on)[0]
    existing = AnnualReview.objects.filter(submission_token=submission_token).first()
    if existing is not None and existing.person_id == person.pk:
        return existing, False
    if AnnualReview.objects.filter(person=person, program_year_start=year_start).exists():
        raise ReviewError(f"{person.full_name} was already reviewed this program year "
                          f"(from {long_date(year_start)}).", "already_reviewed")
    try:
        with transaction.atomic():
            review = AnnualReview.objects.create(
                person=person, program_year_start=year_start, division_id=person.division_id,
                reviewer=by, held_on=held_on, effective=effective, quality=quality,
                support_needed=support_needed, issues_raised=issues_raised,
                submission_token=submission_token)
    except IntegrityError:
        # Two submissions raced past the checks: the constraint kept one review.
        raise ReviewError(f"{person.full_name} was already reviewed this program year.",
                          "already_reviewed") from None
    _add_follow_ups(ReviewFollowUp, follow_ups, review=review)
    return review, True


def _directed_by(person: FacultyMember) -> set[int]:
    from programs.models import LeadershipRole

    return set(LeadershipRole.objects.active().filter(
        person=person, kind=LeadershipRole.Kind.DIVISION_DIRECTOR).values_list(
        "division_id", flat=True))


@transaction.atomic
def vice_chair_checkin_record(*, person: FacultyMember, by: FacultyMember,
                              submission_token: uuid.UUID, held_on: datetime.date,
                              satisfaction: int, academic_progress: str = "",
                              work_life_balance: str = "", concerns: str = "",
                              follow_ups: list[dict] | None = None,
                              ) -> tuple[ViceChairCheckin, bool]:
    """Record the person's Vice-Chair check-in. Returns (check-in, created); the same
    form sent twice returns the first, and a second check-in is refused."""
    from programs.models import LeadershipRole

    if person.pk == by.pk or not LeadershipRole.objects.active().filter(
            person=by, kind=LeadershipRole.Kind.VICE_CHAIR,
            department_id=person.department_id).exists():
        raise ReviewError("Only a Vice-Chair of the department records the check-in.",
                          "not_vice_chair")
    if held_on > today():
        raise ReviewError("A check-in in the future cannot be recorded.", "future")
    if not 1 <= satisfaction <= 5:
        raise ReviewError("Rate the satisfaction with mentorship 1 to 5.", "rating")
    texts = {"academic_progress": academic_progress.strip(),
             "work_life_balance": work_life_balance.strip(), "concerns": concerns.strip()}
    _check_texts(**texts)
    follow_ups = follow_ups or []
    _check_follow_ups(person, follow_ups)
    existing = ViceChairCheckin.objects.filter(person=person).first()
    if existing is not None:
        if existing.submission_token == submission_token:
            return existing, False
        raise ReviewError(f"{person.full_name}'s check-in was already recorded on "
                          f"{long_date(existing.held_on)}.", "already_checked_in")
    try:
        with transaction.atomic():
            checkin = ViceChairCheckin.objects.create(
                person=person, vice_chair=by, held_on=held_on, satisfaction=satisfaction,
                submission_token=submission_token, **texts)
    except IntegrityError:
        raise ReviewError(f"{person.full_name}'s check-in was already recorded.",
                          "already_checked_in") from None
    _add_follow_ups(CheckinFollowUp, follow_ups, checkin=checkin)
    return checkin, True


@transaction.atomic
def follow_up_done(*, follow_up: FollowUp, by: FacultyMember) -> FollowUp:
    locked = type(follow_up).objects.select_for_update().get(pk=follow_up.pk)
    if locked.owner_id != by.pk:
        raise ReviewError("Only the owner marks a follow-up done.", "not_owner")
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.save(update_fields=["done_at"])
    return locked
