"""Asking for a different or additional mentor, and ending a mentorship.

A change request is confidential: the notification goes only to those who may open it
(the division's facilitators, and its DDD unless the mentee chose facilitators only),
never to a current mentor, and says nothing in the subject line.
"""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from programs.dates import today
from programs.models import (
    ChangeRequest,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    SupervisorLink,
    User,
)
from programs.notifications import absolute_url, notify
from programs.services.mentorships import mentorship_end
from programs.signals import mentorship_ended


class RequestError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _notify_each(*, key: str, people: list[tuple[int, str]], subject: str, body: str) -> None:
    """One outbox row per person, keyed by user, so a retry never emails anyone twice."""
    for user_id, email in sorted(set(people)):
        if email:
            notify(key=f"{key}:user-{user_id}", to=email, subject=subject, body=body)


def change_request_recipients(change_request: ChangeRequest) -> list[tuple[int, str]]:
    """(user id, email) of the people told about a new request: the division's
    facilitators, and its DDD unless the mentee chose facilitators only.

    The same rule as programs.access.change_requests_visible_to, so nobody is emailed
    about a request they cannot open: anyone who has ever mentored the mentee is left
    out, and so, for a facilitators-only request, is anyone who oversees the mentee.
    When that leaves nobody in the division, the department's program admins are told
    instead, so a request never waits unseen.
    """
    Kind = LeadershipRole.Kind
    mentors = Mentorship.objects.filter(mentee_id=change_request.mentee_id).values("mentor_id")
    leaders = (LeadershipRole.objects.active().exclude(person_id__in=mentors)
               .filter(person__user__is_active=True))
    kinds = LeadershipRole.DIVISION_KINDS
    if change_request.is_facilitators_only:
        kinds = (Kind.FACILITATOR,)
        directors = LeadershipRole.objects.active().filter(
            kind=Kind.DIVISION_DIRECTOR,
            division_id__in=[change_request.division_id, change_request.mentee.division_id],
        ).values("person_id")
        supervisors = SupervisorLink.objects.active().filter(
            supervisee_id=change_request.mentee_id).values("supervisor_id")
        leaders = leaders.exclude(person_id__in=directors).exclude(person_id__in=supervisors)
    fields = ("person__user_id", "person__user__email")
    people = list(leaders.filter(division_id=change_request.division_id, kind__in=kinds)
                  .values_list(*fields))
    if not people:
        people = list(leaders.filter(kind=Kind.PROGRAM_ADMIN,
                                     department_id=change_request.division.department_id)
                      .values_list(*fields))
    return people


@transaction.atomic
def change_request_create(
    *, mentee: FacultyMember, kind: str, mentorship: Mentorship | None = None, reason: str = "",
    audience: str = ChangeRequest.Audience.WITH_DIRECTOR,
) -> tuple[ChangeRequest, bool]:
    """Open a request, or return the mentee's open one: a double submit creates one.
    `audience` is the mentee's choice of who handles it (ChangeRequest.Audience)."""
    # Lock the mentee so two submits in flight queue up here; the partial unique index
    # is the last line of defence.
    FacultyMember.objects.select_for_update().filter(pk=mentee.pk).first()
    existing = ChangeRequest.objects.filter(mentee=mentee, status=ChangeRequest.Status.OPEN).first()
    if existing is not None:
        return existing, False
    if mentorship is not None and mentorship.mentee_id != mentee.pk:
        raise RequestError("That is not one of your mentorships.", "not_yours")
    if audience not in ChangeRequest.Audience.values:
        raise RequestError("Choose who may see your request.", "audience")
    try:
        with transaction.atomic():
            request = ChangeRequest.objects.create(
                mentee=mentee, division_id=mentee.division_id, kind=kind,
                mentorship=mentorship, reason=reason.strip(), audience=audience,
            )
    except IntegrityError:
        return ChangeRequest.objects.get(mentee=mentee, status=ChangeRequest.Status.OPEN), False
    # Neither the reason nor any name: the email and its outbox row say only that
    # something is waiting behind the login.
    link = absolute_url(reverse("programs:change_request_detail", kwargs={"pk": request.pk}))
    keep_from = "the current mentor"
    if request.is_facilitators_only:
        keep_from += " or with the faculty member's Division Director, whom they asked not to tell"
    _notify_each(
        key=f"change-request:{request.pk}:opened",
        people=change_request_recipients(request),
        subject="[Mentorship] A confidential request needs your attention",
        body=f"A faculty member has asked for {request.get_kind_display().lower()}."
             f"\n\nPlease open it in the mentorship program: {link}\n\n"
             f"This request is confidential: do not discuss it with {keep_from}.",
    )
    return request, True


@transaction.atomic
def change_request_resolve(
    *, change_request: ChangeRequest, by: User, outcome: str, end_mentorship: bool = False,
) -> ChangeRequest:
    """Record the outcome, optionally end the old mentorship, and tell the mentee."""
    locked = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if not locked.is_open:
        if locked.resolved_by_id == by.pk and locked.outcome == outcome.strip():
            return locked  # the same resolution sent twice
        raise RequestError("Someone resolved this request a moment ago, so your outcome was "
                           "not saved. Their outcome is shown on the request.",
                           "already_resolved")
    if not outcome.strip():
        raise RequestError("Describe the outcome for the mentee.", "no_outcome")
    if end_mentorship and locked.mentorship is not None:
        mentorship_close(mentorship=locked.mentorship, reason=Mentorship.EndReason.MENTOR_CHANGE,
                         note="Changed mentor at the mentee's request.")
        locked.ended_mentorship = True
    locked.status = ChangeRequest.Status.RESOLVED
    locked.outcome = outcome.strip()
    locked.resolved_at = timezone.now()
    locked.resolved_by = by
    locked.save()
    link = absolute_url(reverse("programs:change_request_detail", kwargs={"pk": locked.pk}))
    # The outcome is written for the mentee to read (the form asks for it that way).
    _notify_each(
        key=f"change-request:{locked.pk}:resolved",
        people=[(locked.mentee.user_id, locked.mentee.user.email)],
        subject="[Mentorship] Your request about your mentor",
        body=f"Your request has been resolved.\n\nOutcome: {locked.outcome}\n\nDetails: {link}",
    )
    return locked


@transaction.atomic
def mentorship_close(
    *, mentorship: Mentorship, reason: str, note: str = "", on: datetime.date | None = None,
) -> Mentorship:
    """End a mentorship (kept as history). Ending an open one sends `mentorship_ended`:
    the surveys app then asks each side the exit questions (programs.signals)."""
    was_open = Mentorship.objects.filter(pk=mentorship.pk, end_date__isnull=True).exists()
    ended = mentorship_end(mentorship=mentorship, reason=reason, note=note, on=on)
    if was_open:
        mentorship_ended.send(sender=Mentorship, mentorship=ended, on=on or today())
    return ended
