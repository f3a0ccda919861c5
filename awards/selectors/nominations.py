"""Reads for nominations: the committee's list (with what is hidden from each member and
why) and one nomination's page."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from awards.models import AwardCycle, CriterionScore, Nomination, Scorecard
from awards.rules import conflict_reason, relationships_of
from programs.models import FacultyMember


@dataclass
class ScoringRow:
    nomination: Nomination
    hidden_because: str  # "" when the member may read and score it
    scored: bool


def scoring_rows(cycle: AwardCycle, member: FacultyMember) -> list[ScoringRow]:
    """Every nomination of the cycle, as the committee member sees it: those they are too
    close to are listed as hidden, with the reason and nothing of their content. Three
    queries, however many nominations."""
    related = relationships_of(member)
    scored = set(Scorecard.objects.filter(nomination__award__cycle=cycle, scorer=member)
                 .values_list("nomination_id", flat=True))
    rows = []
    for nomination in (Nomination.objects.filter(award__cycle=cycle)
                       .select_related("award__division", "nominee__user", "nominee__division")
                       .annotate(letter_count=Count("letters"))
                       .order_by("award__division__name", "award__name",
                                 "nominee__user__last_name", "pk")):
        reason = conflict_reason(member_id=member.pk, nomination=nomination,
                                 nominee_name=nomination.nominee.full_name, related=related)
        rows.append(ScoringRow(nomination, reason, nomination.pk in scored))
    return rows


def scorecards_of(nomination: Nomination) -> list[Scorecard]:
    """Every committee member's scorecard, with their points, for the program admins. Two
    queries."""
    return list(nomination.scorecards.select_related("scorer__user").prefetch_related(
        Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion"))))


def own_scorecard(nomination: Nomination, member: FacultyMember) -> dict | None:
    """The member's own points ({criterion id: points}) and comment, or None. One query."""
    scorecard = nomination.scorecards.filter(scorer=member).prefetch_related("scores").first()
    if scorecard is None:
        return None
    return {"comment": scorecard.comment,
            "points": {score.criterion_id: score.points for score in scorecard.scores.all()}}
