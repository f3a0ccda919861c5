"""A run's results, read from its counters (never from response rows, except comments),
behind the thresholds in settings: SURVEY_MIN_SCORES and SURVEY_MIN_COMMENTS.

Queries: the questions (1), the counters (1), a sample of comments per free-text question
(1 each), the topic names (1), trends (2): the same whatever the number of responses.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from programs.models import Topic
from surveys.models import Answer, Question, QuestionKind, Run, Tally
from surveys.selectors.suppression import hidden_groups

COMMENTS_SHOWN = 200
DIMENSIONS = (("division", "Division"), ("stage", "Career stage"), ("site", "Site"))


@dataclass
class Cell:
    group: str
    n: int
    hidden: bool
    mean: float | None = None
    shares: list[int] = field(default_factory=list)  # percent per option


@dataclass
class QuestionResult:
    question: Question
    n: int
    shown: bool
    options: list[tuple[str, str]]  # (value, label)
    counts: list[int]
    mean: float | None
    breakdowns: list[tuple[str, list[Cell]]]
    comments: list[str]
    comments_hidden: bool
    chart: dict | None
    chart_id: str

    @property
    def options_counts(self) -> list[tuple[str, int]]:
        return [(label, count) for (_, label), count in zip(self.options, self.counts,
                                                             strict=False)]


def _mean(option_counts: dict[str, int]) -> float | None:
    total = sum(option_counts.values())
    if not total:
        return None
    return round(sum(int(o) * n for o, n in option_counts.items()) / total, 2)


def _shares(option_counts: dict[str, int], options: list[tuple[str, str]], n: int) -> list[int]:
    return [round(100 * option_counts.get(value, 0) / n) if n else 0 for value, _ in options]


def _chart(question: Question, options: list[tuple[str, str]], counts: list[int]) -> dict:
    return {"type": "bar",
            "data": {"labels": [label for _, label in options],
                     "datasets": [{"label": "Answers", "data": counts,
                                   "backgroundColor": "#0d6efd"}]},
            "options": {"indexAxis": "y", "plugins": {"legend": {"display": False}},
                        "scales": {"x": {"beginAtZero": True, "ticks": {"precision": 0}}}}}


def questions_of(run: Run) -> list[Question]:
    return list(Question.objects.filter(section__version=run.version)
                .select_related("section").order_by("section__position", "section_id",
                                                    "position", "pk"))


def run_results(run: Run, *, seed: int | None = None) -> list[QuestionResult]:
    minimum, min_comments = settings.SURVEY_MIN_SCORES, settings.SURVEY_MIN_COMMENTS
    questions = questions_of(run)
    tallies: dict[int, dict[str, dict[str, dict[str, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict)))
    for question_id, dimension, group, option, count in Tally.objects.filter(run=run).values_list(
            "question_id", "dimension", "group", "option", "count"):
        tallies[question_id][dimension][group][option] = count
    # A random sample of at most COMMENTS_SHOWN per question (one query each), so the
    # page costs the same at 10,000 responses; how many wrote one comes from the counters.
    comments: dict[int, list[str]] = {
        q.pk: list(Answer.objects.filter(response__run=run, question=q)
                   .order_by("?").values_list("text", flat=True)[:COMMENTS_SHOWN])
        for q in questions if q.kind == QuestionKind.TEXT}
    topic_names = ({str(pk): name for pk, name in Topic.objects.values_list("pk", "name")}
                   if any(q.kind == QuestionKind.RANKED_TOPICS for q in questions) else {})
    shuffler = random.Random(seed)
    results = []
    for question in questions:
        by_dimension = tallies.get(question.pk, {})
        overall = by_dimension.get("all", {}).get("", {})
        n = overall.get("", 0)
        shown = n >= minimum
        if question.kind == QuestionKind.RANKED_TOPICS:
            options = sorted(((value, topic_names.get(value, "?")) for value in overall
                              if value), key=lambda pair: -overall[pair[0]])
        else:
            options = question.options()
        option_counts = {o: c for o, c in overall.items() if o}
        counts = [option_counts.get(value, 0) for value, _ in options] if shown else []
        breakdowns = []
        if shown and question.kind != QuestionKind.TEXT:
            for dimension, label in DIMENSIONS:
                groups = by_dimension.get(dimension, {})
                sizes = {group: opts.get("", 0) for group, opts in groups.items()}
                hidden = hidden_groups(sizes, minimum)
                cells = []
                for group in sorted(groups):
                    opts = {o: c for o, c in groups[group].items() if o}
                    is_hidden = group in hidden
                    cells.append(Cell(
                        group=group, n=sizes[group], hidden=is_hidden,
                        mean=None if is_hidden or not question.is_scored else _mean(opts),
                        shares=[] if is_hidden else _shares(opts, options, sizes[group])))
                breakdowns.append((label, cells))
        texts = comments.get(question.pk, [])
        comments_hidden = question.kind == QuestionKind.TEXT and n < min_comments
        if comments_hidden:
            texts = []
        else:
            texts = list(texts)
            shuffler.shuffle(texts)
        results.append(QuestionResult(
            question=question, n=n, shown=shown or (question.kind == QuestionKind.TEXT
                                                    and not comments_hidden),
            options=options, counts=counts,
            mean=_mean(option_counts) if shown and question.is_scored else None,
            breakdowns=breakdowns, comments=texts, comments_hidden=comments_hidden,
            chart=_chart(question, options, counts) if shown and options else None,
            chart_id=f"chart-q{question.pk}"))
    return results


def trends(run: Run) -> list[dict]:
    """Every scored question of this survey across its runs: the mean per run, when at
    least SURVEY_MIN_SCORES answered (followed by the question's key across versions)."""
    minimum = settings.SURVEY_MIN_SCORES
    runs = list(Run.objects.filter(survey=run.survey_id, opens_on__lte=run.opens_on)
                .order_by("opens_on", "pk").values_list("pk", "title"))
    rows = (Tally.objects.filter(run__in=[pk for pk, _ in runs], dimension="all",
                                 question__kind__in=QuestionKind.scored())
            .values_list("run_id", "question__key", "question__text", "option", "count"))
    by_key: dict[str, dict] = {}
    for run_id, key, text, option, count in rows:
        entry = by_key.setdefault(key, {"text": text, "runs": defaultdict(dict)})
        entry["runs"][run_id][option] = count
    table = []
    for key, entry in by_key.items():
        means = []
        for run_id, _ in runs:
            opts = entry["runs"].get(run_id, {})
            n = opts.get("", 0)
            means.append(_mean({o: c for o, c in opts.items() if o}) if n >= minimum else None)
        table.append({"key": key, "text": entry["text"], "means": means})
    return [{"runs": [title for _, title in runs], "rows": table}] if len(runs) > 1 else []


def csv_rows(results: list[QuestionResult]) -> list[list[str]]:
    """Aggregates only, with hidden cells written as "hidden": never a response row, never
    a comment."""
    rows = [["question", "breakdown", "group", "answers", "mean",
             *["option", "percent"]]]
    for result in results:
        question = result.question
        if question.kind == QuestionKind.TEXT:
            continue
        if not result.shown:
            rows.append([question.text, "everyone", "", "hidden", "", "", ""])
            continue
        for (_, label), count in zip(result.options, result.counts, strict=True):
            rows.append([question.text, "everyone", "", str(result.n),
                         "" if result.mean is None else str(result.mean), label,
                         str(round(100 * count / result.n)) if result.n else "0"])
        for dimension, cells in result.breakdowns:
            for cell in cells:
                if cell.hidden:
                    rows.append([question.text, dimension, cell.group, "hidden", "", "", ""])
                    continue
                rows.append([question.text, dimension, cell.group, str(cell.n),
                             "" if cell.mean is None else str(cell.mean), "", ""])
    return rows


def respondent_count(run: Run) -> int:
    return run.responses.aggregate(n=Count("id"))["n"]


def waiting_count(run: Run) -> int:
    """Anonymous answers sealed and not yet counted (surveys.services.ballots)."""
    return run.ballots.count()
