"""What matching puts on people's home pages (see `programs.attention`).

- Whoever has no profile yet is asked for one: early-career faculty (by the department's
  career stages) without a formal mentor, for what they are looking for (they are whom
  matching serves first; anyone may still fill it in from "My mentoring profile"); mid-
  and late-career faculty for what they can offer as a mentor. Never both.
- A mentor: introductions waiting for their answer, with how long the oldest has waited.

One query for anyone with a faculty record, however many introductions wait. Nothing
confidential: no message, no reason, no needs.
"""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from matching.models import Answer, Introduction, MenteeNeeds, MentorProfile, Proposal
from matching.selectors.workspace import STALLED_AFTER_DAYS, stalled_proposals
from programs.access import Viewer
from programs.attention import Item, Role, register
from programs.models import FacultyMember, Mentorship
from programs.models.people import CareerStage


@register
def matching_items(viewer: Viewer, on: datetime.date) -> list[Item]:
    person = viewer.faculty
    if person is None or person.status != FacultyMember.Status.ACTIVE:
        return []
    pending = (Introduction.objects.filter(mentor=OuterRef("pk"),
                                           status=Introduction.Status.PENDING)
               .order_by().values("mentor"))
    row = (FacultyMember.objects.filter(pk=person.pk)
           .annotate(has_offer=Exists(MentorProfile.objects.filter(faculty=OuterRef("pk"))),
                     has_needs=Exists(MenteeNeeds.objects.filter(faculty=OuterRef("pk"))),
                     has_mentor=Exists(Mentorship.objects.active(on).formal()
                                       .filter(mentee=OuterRef("pk"))),
                     waiting=Subquery(pending.annotate(n=Count("pk")).values("n")),
                     oldest=Subquery(pending.annotate(first=Min("created_at"))
                                     .values("first")),
                     first_pk=Subquery(pending.annotate(first=Min("pk")).values("first")))
           .values("has_offer", "has_needs", "has_mentor", "waiting", "oldest", "first_pk")
           .first())
    if row is None:
        return []
    items: list[Item] = []
    if row["waiting"]:
        count = row["waiting"]
        items.append(Item(
            role=Role.MENTOR, count=count, on=on, urgent=True,
            since=timezone.localdate(row["oldest"]) if row["oldest"] else None,
            text=(f"{count} request{'s' if count != 1 else ''} for an introduction "
                  "waiting for your answer"),
            url=(reverse("matching:introduction_detail", args=[row["first_pk"]]) if count == 1
                 else reverse("matching:introductions"))))
    early = person.career_stage(on) == CareerStage.EARLY
    if early and not row["has_needs"] and not row["has_mentor"]:
        items.append(Item(role=Role.MENTEE, on=on,
                          text="Tell us what you are looking for in a mentor",
                          url=reverse("matching:needs")))
    elif not early and not row["has_offer"]:
        items.append(Item(role=Role.PROFILE, on=on,
                          text="Say what you could offer as a mentor (the interest survey)",
                          url=reverse("matching:offer")))
    return items


@register
def proposal_items(viewer: Viewer, on: datetime.date) -> list[Item]:
    """Proposals waiting for this person's answer (as mentee or mentor), and, for a
    facilitator, proposals in their divisions that have waited too long. One query each,
    only for whoever could have any."""
    items: list[Item] = []
    person = viewer.faculty
    if person is not None and person.status == FacultyMember.Status.ACTIVE:
        waiting = list(
            Proposal.objects.filter(state=Proposal.State.OPEN)
            .filter(Q(mentee=person, mentee_answer=Answer.WAITING)
                    | Q(mentor=person, mentor_answer=Answer.WAITING))
            .select_related("mentee__user", "mentor__user").order_by("created_at")[:20])
        for proposal in waiting:
            as_mentee = proposal.mentee_id == person.pk
            what = "buddy" if proposal.kind == Proposal.Kind.BUDDY else "formal mentor"
            items.append(Item(
                role=Role.MENTEE if as_mentee else Role.MENTOR, on=on,
                since=timezone.localdate(proposal.created_at),
                text=(f"Answer the proposal of {proposal.mentor.full_name} as your {what}"
                      if as_mentee else
                      f"Would you be {proposal.mentee.full_name}'s {what}? Answer the proposal"),
                url=reverse("matching:proposal", args=[proposal.pk])))
    if viewer.facilitated_division_ids:
        stalled = (stalled_proposals(viewer.facilitated_division_ids, on)
                   .values("division_id").annotate(n=Count("pk"), first=Min("created_at"))
                   .order_by("division_id"))
        for row in stalled:
            items.append(Item(
                role=Role.FACILITATOR, count=row["n"], on=on, urgent=True,
                since=timezone.localdate(row["first"]),
                text=(f"{row['n']} proposal{'s' if row['n'] != 1 else ''} waiting more than "
                      f"{STALLED_AFTER_DAYS} days for an answer"),
                url=reverse("matching:workspace", args=[row["division_id"]])))
    return items
