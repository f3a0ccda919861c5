"""Proposals: made by a facilitator or a published cohort run, answered by both sides.

Nothing is created until both accept. Then the mentorship is created through
`programs.services.mentorships.mentorship_create`, under every rule of programs.rules,
and the mentor's capacity is checked under a row lock on the mentor: two acceptances
racing for a mentor's last place are serialised there, and the second is refused with
a message that says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from matching.models import Answer, Proposal
from matching.rules import FORMAL, MatchRuleError, check_match, mentor_load
from programs.models import FacultyMember, LeadershipRole, User
from programs.notifications import absolute_url, notify
from programs.rules import MentorshipRuleError, check_mentorship
from programs.services.mentorships import mentorship_create


class ProposalError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Outcome:
    proposal: Proposal
    refused: str = ""  # why the mentorship could not be created, in words


def _kind_words(kind: str) -> str:
    return "formal mentor" if kind == FORMAL else "buddy"


def _introduce(proposal: Proposal, explanation: str) -> None:
    """The introduction email to each side (through the outbox, once per proposal)."""
    url = absolute_url(reverse("matching:proposal", args=[proposal.pk]))
    mentee, mentor = proposal.mentee, proposal.mentor
    role = _kind_words(proposal.kind)
    why = f"\nWhy this match: {explanation}.\n" if explanation else "\n"
    notify(key=f"matching:proposal-{proposal.pk}:intro:mentee", to=mentee.email,
           subject=f"Introduction: {mentor.full_name} as your {role}",
           body=(f"Dear {mentee.full_name},\n\nYour mentorship facilitator proposes "
                 f"{mentor.full_name} ({mentor.position}, {mentor.site}) as your {role}.{why}"
                 f"\nPlease accept or decline, with a reason if you like: {url}\n\n"
                 "Nothing starts until you both accept."))
    notify(key=f"matching:proposal-{proposal.pk}:intro:mentor", to=mentor.email,
           subject=f"Introduction: would you be {mentee.full_name}'s {role}?",
           body=(f"Dear {mentor.full_name},\n\nYour mentorship facilitator proposes you as "
                 f"the {role} of {mentee.full_name} ({mentee.position}, {mentee.site}, "
                 f"{mentee.division}).\n\nPlease accept or decline, with a reason if you "
                 f"like: {url}\n\nNothing starts until you both accept."))


@transaction.atomic
def proposal_create(*, mentee: FacultyMember, mentor: FacultyMember, kind: str, by: User | None,
                    score_total: float = 0, explanation: str = "", cohort_run=None
                    ) -> Proposal:
    """Propose `mentor` to `mentee`; refused when a hard rule forbids the pair or the same
    pair is already proposed. Both sides get an introduction email."""
    try:
        check_mentorship(mentee=mentee, mentor=mentor, kind=kind)
        check_match(mentee=mentee, mentor=mentor, kind=kind, load=mentor_load(mentor))
    except MentorshipRuleError as error:
        raise ProposalError(error.message, error.code or "rule") from None
    except MatchRuleError as error:
        raise ProposalError(error.message, error.code) from None
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                mentee=mentee, mentor=mentor, kind=kind, division_id=mentee.division_id,
                proposed_by=by, cohort_run=cohort_run,
                score=round(score_total, 1), explanation=explanation[:1000])
    except IntegrityError:
        raise ProposalError(
            f"{mentor} is already proposed to {mentee}; the proposal waits for their "
            "answers.", "duplicate") from None
    _introduce(proposal, explanation)
    return proposal


def _lock(proposal: Proposal) -> Proposal:
    # Lock the proposal row alone (of=("self",)): the joined rows are read, not locked.
    return (Proposal.objects.select_for_update(of=("self",)).select_related(
        "mentee__user", "mentee__department", "mentor__user", "mentor__mentor_profile")
        .get(pk=proposal.pk))


def _conclude(proposal: Proposal, by: User | None) -> str:
    """Both accepted: create the mentorship, or say why not. Runs inside the caller's
    transaction with the proposal locked."""
    # Lock the mentor first: every acceptance of any proposal to this mentor queues here,
    # so the count below sees the mentorship a concurrent acceptance just committed
    # (READ COMMITTED reads afresh after the lock is granted).
    FacultyMember.objects.select_for_update().filter(pk=proposal.mentor_id).first()
    try:
        with transaction.atomic():
            check_match(mentee=proposal.mentee, mentor=proposal.mentor, kind=proposal.kind,
                        load=mentor_load(proposal.mentor))
            mentorship = mentorship_create(mentee=proposal.mentee, mentor=proposal.mentor,
                                           kind=proposal.kind, by=by)
    except (MatchRuleError, MentorshipRuleError) as error:
        proposal.state = Proposal.State.REFUSED
        proposal.state_note = error.message[:300]
        proposal.closed_at = timezone.now()
        proposal.save(update_fields=["state", "state_note", "closed_at"])
        return error.message
    proposal.state = Proposal.State.MATCHED
    proposal.mentorship = mentorship
    proposal.closed_at = timezone.now()
    proposal.save(update_fields=["state", "mentorship", "closed_at"])
    url = absolute_url(reverse("home"))
    for person, other in ((proposal.mentee, proposal.mentor), (proposal.mentor, proposal.mentee)):
        notify(key=f"matching:proposal-{proposal.pk}:matched:{person.pk}", to=person.email,
               subject=f"You and {other.full_name} are matched",
               body=(f"Dear {person.full_name},\n\nYou both accepted: {proposal.mentee.full_name}"
                     f" and {proposal.mentor.full_name} are now paired "
                     f"({_kind_words(proposal.kind)}). It is on your home page: {url}"))
    return ""


@transaction.atomic
def proposal_answer(*, proposal: Proposal, side: str, accept: bool, reason: str = "",
                    by: User | None) -> Outcome:
    """Record one side's answer. A decline closes the proposal; the second acceptance
    creates the mentorship (or, if a rule now refuses it, closes it and says why)."""
    if side not in ("mentee", "mentor"):
        raise ProposalError("Only the mentee and the mentor answer a proposal.", "side")
    locked = _lock(proposal)
    if not locked.is_open:
        raise ProposalError(f"This proposal is already closed ({locked.get_state_display()}).",
                            "closed")
    if locked.answer_of(side) != Answer.WAITING:
        raise ProposalError("You have already answered this proposal.", "answered")
    setattr(locked, f"{side}_answer", Answer.ACCEPTED if accept else Answer.DECLINED)
    setattr(locked, f"{side}_reason", reason)
    setattr(locked, f"{side}_answered_at", timezone.now())
    fields = [f"{side}_answer", f"{side}_reason", f"{side}_answered_at"]
    if not accept:
        locked.state = Proposal.State.DECLINED
        locked.closed_at = timezone.now()
        fields += ["state", "closed_at"]
    locked.save(update_fields=fields)
    if not accept:
        _tell_facilitators(locked, f"{side} declined")
        return Outcome(locked)
    refused = ""
    if locked.mentee_answer == locked.mentor_answer == Answer.ACCEPTED:
        refused = _conclude(locked, by)
        if refused:
            _tell_facilitators(locked, "refused by a rule")
    return Outcome(locked, refused)


@transaction.atomic
def proposal_record_offline(*, proposal: Proposal, by: User | None) -> Outcome:
    """The facilitator records that both agreed in person: both answers become
    acceptances and the mentorship is created as if they had clicked."""
    locked = _lock(proposal)
    if not locked.is_open:
        raise ProposalError(f"This proposal is already closed ({locked.get_state_display()}).",
                            "closed")
    if Answer.DECLINED in (locked.mentee_answer, locked.mentor_answer):
        raise ProposalError("One side has declined; make a new proposal instead.", "declined")
    now = timezone.now()
    for side in ("mentee", "mentor"):
        if locked.answer_of(side) == Answer.WAITING:
            setattr(locked, f"{side}_answer", Answer.ACCEPTED)
            setattr(locked, f"{side}_answered_at", now)
    locked.agreed_offline = True
    locked.save(update_fields=["mentee_answer", "mentee_answered_at", "mentor_answer",
                               "mentor_answered_at", "agreed_offline"])
    return Outcome(locked, _conclude(locked, by))


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User | None) -> Proposal:
    locked = _lock(proposal)
    if not locked.is_open:
        raise ProposalError(f"This proposal is already closed ({locked.get_state_display()}).",
                            "closed")
    locked.state = Proposal.State.WITHDRAWN
    locked.closed_at = timezone.now()
    locked.save(update_fields=["state", "closed_at"])
    return locked


def _tell_facilitators(proposal: Proposal, what: str) -> None:
    """A short note to the division's facilitators: no reason, only what happened."""
    url = absolute_url(reverse("matching:workspace", args=[proposal.division_id]))
    facilitators = (LeadershipRole.objects.active()
                    .filter(kind=LeadershipRole.Kind.FACILITATOR, division_id=proposal.division_id)
                    .select_related("person__user"))
    for role in facilitators:
        notify(key=f"matching:proposal-{proposal.pk}:closed:{role.person_id}",
               to=role.person.email,
               subject=f"Proposal for {proposal.mentee.full_name}: {what}",
               body=(f"The proposal of {proposal.mentor.full_name} to "
                     f"{proposal.mentee.full_name} is closed ({what}). The workspace: {url}"))
