"""What awards puts on people's home pages (see `programs.attention`):
- a mentee, while nominations are open: "nominate your mentor", for each current mentor
  they have not nominated in the cycle;
- a committee member, while the committee scores: "score N nominations" (never counting
  the ones they are too close to);
- a program admin: close scoring once nominations have closed; publish the winners;
- a mentee: a mentor asks to name them in their portfolio.

Nothing confidential: no statement, no score, and no sign of who else was nominated.
Two queries for anyone with a faculty record (live cycles, naming requests), one more while
a cycle takes nominations and one more while their committee scores, however many cycles
or nominations there are.
"""

import datetime

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse

from awards import access
from awards.models import AwardCycle, CommitteeMember, Nomination, Phase, Scorecard
from awards.rules import conflicted_nominee_q
from awards.selectors.portfolio import naming_requests_for
from programs.access import Viewer
from programs.attention import Item, Role, register
from programs.models import Mentorship


def _live_cycles(viewer: Viewer, on: datetime.date) -> list[AwardCycle]:
    person_id = viewer.faculty.pk if viewer.faculty is not None else None
    return list(access.cycles_visible_to(viewer)
                .filter(published_at__isnull=True, nominations_open__lte=on)
                .annotate(on_committee=Exists(CommitteeMember.objects.filter(
                    cycle=OuterRef("pk"), person_id=person_id)))
                .order_by("nominations_close", "pk"))


@register
def award_items(viewer: Viewer, on: datetime.date) -> list[Item]:
    if not viewer.is_authenticated or (viewer.faculty is None and not viewer.is_program_admin):
        return []
    cycles = _live_cycles(viewer, on)
    items: list[Item] = []
    for cycle in cycles:
        phase = cycle.phase(on)
        if access.manages_cycles(viewer, cycle.department_id):
            if phase == Phase.SCORING:
                items.append(Item(
                    role=Role.DEPARTMENT, since=cycle.nominations_close, on=on,
                    text=f"{cycle.title}: nominations have closed; close scoring when the "
                         "committee is done",
                    url=reverse("awards:cycle_detail", args=[cycle.pk])))
            elif phase == Phase.RESULTS:
                items.append(Item(
                    role=Role.DEPARTMENT, urgent=True, on=on,
                    text=f"{cycle.title}: choose and publish the winners",
                    url=reverse("awards:results", args=[cycle.pk])))
    if viewer.faculty is None:
        return items
    nominating = [c for c in cycles if c.phase(on) == Phase.NOMINATING]
    if nominating:
        items += _nominate_your_mentor(viewer, nominating[0], on)
    scoring = [c for c in cycles if c.phase(on) == Phase.SCORING and c.on_committee]
    if scoring:
        items += _to_score(viewer, scoring, on)
    return items


def _nominate_your_mentor(viewer: Viewer, cycle: AwardCycle, on: datetime.date) -> list[Item]:
    """The person's current mentors not yet nominated by them in the cycle. One query."""
    nominated = Nomination.objects.filter(award__cycle=cycle, nominator=viewer.faculty,
                                          nominee=OuterRef("mentor_id"))
    mentorships = (Mentorship.objects.active(on).filter(mentee=viewer.faculty)
                   .exclude(Exists(nominated)).select_related("mentor__user")
                   .order_by("start_date", "pk"))
    seen, items = set(), []
    for mentorship in mentorships:
        if mentorship.mentor_id in seen:
            continue
        seen.add(mentorship.mentor_id)
        url = reverse("awards:nominate", args=[cycle.pk])
        items.append(Item(
            role=Role.MENTEE, on=on, since=cycle.nominations_open,
            text=f"Nominate {mentorship.mentor.full_name} for a mentorship award (until "
                 f"{cycle.nominations_close:%d %b})",
            url=f"{url}?nominee={mentorship.mentor_id}"))
    return items


def _to_score(viewer: Viewer, cycles: list[AwardCycle], on: datetime.date) -> list[Item]:
    """Nominations left to score, per cycle, leaving out those the member may not see. One
    query."""
    person = viewer.faculty
    scored = Scorecard.objects.filter(nomination=OuterRef("pk"), scorer=person)
    rows = (Nomination.objects.filter(award__cycle__in=[c.pk for c in cycles])
            .exclude(conflicted_nominee_q(person)).exclude(Exists(scored))
            .values("award__cycle_id").annotate(n=Count("pk")).order_by())
    left = {row["award__cycle_id"]: row["n"] for row in rows}
    return [Item(role=Role.DEPARTMENT, count=left[c.pk], urgent=True, on=on,
                 since=c.nominations_close,
                 text=f"Score {left[c.pk]} nomination{'s' if left[c.pk] != 1 else ''} for "
                      f"{c.title}",
                 url=reverse("awards:scoring", args=[c.pk]))
            for c in cycles if left.get(c.pk)]


@register
def naming_requests(viewer: Viewer, on: datetime.date) -> list[Item]:
    """Mentors who asked to name the person in their portfolio. One query."""
    if viewer.faculty is None:
        return []
    return [Item(role=Role.MENTEE, on=on,
                 text=f"{naming.mentorship.mentor.full_name} asks to name you in their "
                      "mentoring portfolio: answer",
                 url=reverse("awards:naming", args=[naming.mentorship_id]),
                 since=naming.requested_at.date() if naming.requested_at else None)
            for naming in naming_requests_for(viewer.faculty)]
