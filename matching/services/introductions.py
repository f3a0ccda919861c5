"""Introductions, the organic route: a mentee asks a mentor from the directory; the mentor
accepts or declines.

Decisions (README, "Matching"):
- Accepting starts a formal mentorship at once: both people have agreed, which is what a
  facilitator's proposal waits for too. It passes every rule a proposal does
  (programs.rules: never someone who oversees the mentee, never below the department's
  minimum rank; matching.rules: open, not full, not on leave), checked again under a row
  lock on the mentor so two acceptances cannot both take the last place.
- The division's facilitators are emailed on acceptance and see every request on the
  introductions page; they never read the message or the reason.
- The decline reason is optional and written for the mentee: the mentee reads it, nobody
  else (the facilitator sees only "declined").
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from matching.models import Introduction
from matching.rules import MatchRuleError, check_match, mentor_load
from programs.models import FacultyMember, LeadershipRole, Mentorship
from programs.notifications import absolute_url, notify
from programs.rules import MentorshipRuleError, check_mentorship
from programs.services.mentorships import mentorship_create


class IntroductionError(Exception):
    """A refused introduction, with a message for the person and a code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _link(introduction: Introduction) -> str:
    return absolute_url(reverse("matching:introduction_detail", args=[introduction.pk]))


def introduction_blocker(*, mentee: FacultyMember, mentor: FacultyMember) -> str:
    """Why this mentee cannot ask this mentor, in words, or "" (checked before the form
    is shown, and again on submit)."""
    try:
        check_mentorship(mentee=mentee, mentor=mentor, kind=Mentorship.Kind.FORMAL)
        check_match(mentee=mentee, mentor=mentor, kind=Mentorship.Kind.FORMAL,
                    load=mentor_load(mentor))
    except MentorshipRuleError as error:
        return error.messages[0]
    except MatchRuleError as error:
        return error.message
    return ""


@transaction.atomic
def introduction_ask(*, mentee: FacultyMember, mentor: FacultyMember,
                     message: str) -> tuple[Introduction, bool]:
    """Ask `mentor` for an introduction. A second submit (double click, two tabs) while
    the first waits returns the first: (introduction, created)."""
    existing = Introduction.objects.filter(mentee=mentee, mentor=mentor,
                                           status=Introduction.Status.PENDING).first()
    if existing is not None:
        return existing, False
    blocker = introduction_blocker(mentee=mentee, mentor=mentor)
    if blocker:
        raise IntroductionError(blocker, "rules")
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(mentee=mentee, mentor=mentor,
                                                       message=message)
    except IntegrityError:
        # The partial unique index: a simultaneous submit won the race.
        return Introduction.objects.get(mentee=mentee, mentor=mentor,
                                        status=Introduction.Status.PENDING), False
    notify(key=f"introduction-{introduction.pk}-asked", to=mentor.email,
           subject=f"{mentee.full_name} asks you for a mentoring introduction",
           body=(f"{mentee.full_name} ({mentee.division}) found you in the mentor directory "
                 "and asks whether you would be their mentor.\n\n"
                 f"Read their message and answer here: {_link(introduction)}\n"))
    return introduction, True


def _lock_pending(introduction: Introduction) -> Introduction:
    locked = (Introduction.objects.select_for_update()
              .select_related("mentee__user", "mentee__division", "mentor__user")
              .get(pk=introduction.pk))
    if locked.status != Introduction.Status.PENDING:
        raise IntroductionError(
            f"This introduction was already answered ({locked.get_status_display().lower()}).",
            "answered")
    return locked


def _facilitator_recipients(division_id: int) -> list[tuple[int, str]]:
    return sorted(set(
        LeadershipRole.objects.active()
        .filter(division_id=division_id, kind=LeadershipRole.Kind.FACILITATOR,
                person__status=FacultyMember.Status.ACTIVE)
        .values_list("person__user_id", "person__user__email")))


@transaction.atomic
def introduction_accept(*, introduction: Introduction, by) -> Introduction:
    """The mentor accepts: a formal mentorship starts, if every rule still allows it."""
    locked = _lock_pending(introduction)
    # Lock the mentor: a second acceptance (another introduction, a proposal) waits here
    # and then counts this one's mentorship, so capacity is never exceeded.
    mentor = (FacultyMember.objects.select_for_update().select_related("user")
              .get(pk=locked.mentor_id))
    try:
        check_match(mentee=locked.mentee, mentor=mentor, kind=Mentorship.Kind.FORMAL,
                    load=mentor_load(mentor))
        mentorship = mentorship_create(mentee=locked.mentee, mentor=mentor,
                                       kind=Mentorship.Kind.FORMAL, by=by)
    except MatchRuleError as error:
        raise IntroductionError(error.message, error.code) from None
    except MentorshipRuleError as error:
        raise IntroductionError(error.messages[0], error.code) from None
    locked.status = Introduction.Status.ACCEPTED
    locked.decided_at = timezone.now()
    locked.mentorship = mentorship
    locked.save(update_fields=["status", "decided_at", "mentorship"])
    mentee = locked.mentee
    notify(key=f"introduction-{locked.pk}-accepted:mentee", to=mentee.email,
           subject=f"{mentor.full_name} accepted: they are now your mentor",
           body=(f"{mentor.full_name} accepted your request. Your formal mentorship starts "
                 f"today; it is on your home page.\n\n{_link(locked)}\n"))
    for user_id, email in _facilitator_recipients(mentee.division_id):
        notify(key=f"introduction-{locked.pk}-accepted:user-{user_id}", to=email,
               subject=f"New mentorship in {mentee.division}: {mentor.full_name} and "
                       f"{mentee.full_name}",
               body=(f"{mentee.full_name} asked {mentor.full_name} for an introduction from "
                     "the mentor directory, and the mentor accepted. The formal mentorship "
                     f"has started.\n\n{_link(locked)}\n"))
    return locked


@transaction.atomic
def introduction_decline(*, introduction: Introduction, reason: str) -> Introduction:
    locked = _lock_pending(introduction)
    locked.status = Introduction.Status.DECLINED
    locked.decided_at = timezone.now()
    locked.decline_reason = reason
    locked.save(update_fields=["status", "decided_at", "decline_reason"])
    notify(key=f"introduction-{locked.pk}-declined", to=locked.mentee.email,
           subject=f"{locked.mentor.full_name} cannot be your mentor just now",
           body=("Your request for an introduction was declined. The mentor directory has "
                 "other mentors, and your division's facilitator can help you find one.\n\n"
                 f"{_link(locked)}\n"))
    return locked


@transaction.atomic
def introduction_withdraw(*, introduction: Introduction) -> Introduction:
    locked = _lock_pending(introduction)
    locked.status = Introduction.Status.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return locked
