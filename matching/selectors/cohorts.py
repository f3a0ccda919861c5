"""Reads for the cohort pages: the draft beside greedy, and the choices for one pair."""

from __future__ import annotations

from matching.models import CohortPair, CohortRun
from matching.selectors.recommendations import Pool
from programs.models import FacultyMember


def cohort_page(run: CohortRun) -> dict:
    """The run, each draft pair with greedy's choice for the same mentee (four queries)."""
    pairs = list(run.pairs.select_related("mentee__user", "mentee__division", "mentor__user",
                                          "mentor__division"))
    greedy = {mentee: (mentor, score) for mentee, mentor, score in run.greedy_pairs}
    names = dict(
        (person.pk, person.full_name) for person in FacultyMember.objects.filter(
            pk__in=[mentor for mentor, _ in greedy.values()]).select_related("user"))
    rows = []
    for pair in pairs:
        mentor_id, score = greedy.get(pair.mentee_id, (None, None))
        rows.append({"pair": pair, "greedy_mentor": names.get(mentor_id, ""),
                     "greedy_score": score,
                     "same": mentor_id == pair.mentor_id})
    draft_matched = sum(1 for pair in pairs if pair.mentor_id)
    draft_total = sum(float(pair.score) for pair in pairs if pair.mentor_id)
    return {"run": run, "rows": rows, "draft_matched": draft_matched,
            "draft_total": round(draft_total, 1),
            "edited": any(pair.edited for pair in pairs),
            "solving": run.state in (CohortRun.State.QUEUED, CohortRun.State.RUNNING)}


def pair_choices(run: CohortRun, pair: CohortPair) -> dict:
    """The mentee's eligible mentors best first, with how many places each has left in
    this draft, and the excluded with why."""
    pool = Pool.load(run.department, [pair.mentee])
    recs = pool.recommend(pair.mentee, run.kind)
    taken: dict[int, int] = {}
    for mentor_id in run.pairs.exclude(pk=pair.pk).filter(mentor__isnull=False).values_list(
            "mentor_id", flat=True):
        taken[mentor_id] = taken.get(mentor_id, 0) + 1
    shortlist = [{"candidate": c, "left": c.free - taken.get(c.mentor.pk, 0)}
                 for c in recs.candidates[:10]]
    ids = recs.eligible_ids
    return {"shortlist": shortlist, "excluded": recs.excluded[:20],
            "mentors": FacultyMember.objects.filter(pk__in=ids).select_related("user")}
