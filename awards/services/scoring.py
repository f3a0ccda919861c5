"""A committee member scores a nomination with the cycle's rubric."""

from django.db import transaction

from awards.models import (
    COMMENT_LENGTH,
    CommitteeMember,
    CriterionScore,
    Nomination,
    Phase,
    RubricCriterion,
    Scorecard,
)
from awards.rules import conflict_reason, relationships_of
from awards.services import AwardError
from programs.dates import long_date, today
from programs.models import FacultyMember
from programs.validators import text_problem


@transaction.atomic
def scorecard_save(*, nomination: Nomination, scorer: FacultyMember, points: dict[int, int],
                   comment: str = "") -> Scorecard:
    """Save (or change) the scorer's points for every criterion, and their comment.

    Only while the committee scores (after nominations close, before scoring closes), only
    by a member of this cycle's committee, and never on a nomination they are too close
    to (awards.rules)."""
    cycle = nomination.award.cycle
    phase = cycle.phase(today())
    if phase == Phase.NOMINATING or phase == Phase.UPCOMING:
        raise AwardError(f"Scoring opens when nominations close on "
                         f"{long_date(cycle.nominations_close)}.", "not_yet")
    if phase != Phase.SCORING:
        raise AwardError("Scoring has closed: the results are with the program office.",
                         "closed")
    if not CommitteeMember.objects.filter(cycle=cycle, person=scorer).exists():
        raise AwardError("Only the cycle's committee scores nominations.", "not_committee")
    reason = conflict_reason(member_id=scorer.pk, nomination=nomination,
                             nominee_name=nomination.nominee.full_name,
                             related=relationships_of(scorer))
    if reason:
        raise AwardError(f"{reason} You do not score it.", "conflict")
    criteria = {c.pk: c for c in RubricCriterion.objects.filter(cycle=cycle)}
    if set(points) != set(criteria):
        raise AwardError("Score every line of the rubric.", "incomplete")
    for criterion_id, value in points.items():
        if not 1 <= value <= criteria[criterion_id].max_points:
            raise AwardError(f"{criteria[criterion_id].name}: score from 1 to "
                             f"{criteria[criterion_id].max_points}.", "out_of_range")
    comment = comment.strip()
    if len(comment) > COMMENT_LENGTH:
        raise AwardError(f"The comment has {len(comment):,} characters: keep it to "
                         f"{COMMENT_LENGTH:,} or fewer.", "too_long")
    problem = text_problem(comment, multiline=True)
    if problem:
        raise AwardError(f"Comment: {problem}", "bad_text")
    scorecard, _ = Scorecard.objects.select_for_update().get_or_create(
        nomination=nomination, scorer=scorer)
    scorecard.comment = comment
    scorecard.total = sum(points.values())
    scorecard.save(update_fields=["comment", "total", "updated_at"])
    scorecard.scores.all().delete()
    CriterionScore.objects.bulk_create([
        CriterionScore(scorecard=scorecard, criterion_id=criterion_id, points=value)
        for criterion_id, value in sorted(points.items())])
    return scorecard
