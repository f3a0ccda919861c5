"""Reminders that run by themselves (Celery beat, hourly; they act at the sending hour).

- a meeting nudge to the mentee (who drives the relationship) when behind cadence, at
  most once a calendar month per mentorship;
- an escalation to the division's facilitators when a mentorship has had no meeting for
  `REMINDER_SILENCE_DAYS` (once per silence: a new meeting starts a new one);
- plan-waiting notices to the Division Director, once per submitted plan version that
  has waited `PLAN_WAITING_DAYS`;
- check-in-due notices to the faculty member (once when due, once when overdue) and a
  monthly list to the Vice-Chairs; a monthly list of reviews due to each Division Director
  (`checkins.selectors.schedules.obligations_due`);
- on the digest weekday, a weekly summary per leader listing only what needs them.

Every message goes through the outbox (`programs.notifications.notify_many`) under a key
naming who, what and which period, so a rerun, a retry or a second beat records and sends
nothing twice. Messages hold dates, counts and names only: never a meeting summary, a
private note or a change request's reason.

Computing is in bulk: `department_facts` and `obligations_due` read a department in a
fixed number of queries, and the messages are recorded in batches.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from checkins.cadence import Status, cadence_status, expected_range
from checkins.selectors.cadence import career_stage_on
from checkins.selectors.reminders import DepartmentFacts, Leader, department_facts
from programs.models import Department, FacultyMember, JobRun
from programs.notifications import (
    Message,
    absolute_url,
    is_sending_hour,
    local_now,
    notify_many,
)

logger = logging.getLogger(__name__)

PREFIX = "[Mentorship]"
BATCH = 500


def _url(name: str, *args) -> str:
    return absolute_url(reverse(name, args=args))


def _period_month(on: datetime.date) -> str:
    return f"{on:%Y-%m}"


# --- Each kind of reminder: facts in, messages out (no queries) ------------------------


def meeting_nudges(facts: DepartmentFacts) -> list[Message]:
    messages = []
    year = facts.department.program_year(facts.on)
    for m in facts.mentorships:
        stage = career_stage_on(facts.department, m.appointed, facts.on)
        minimum, maximum = expected_range(m.kind, stage, facts.rules)
        cadence = cadence_status(held=m.held_this_year, minimum=minimum, maximum=maximum,
                                 year=year, started=m.start_date, on=facts.on)
        if cadence.status != Status.BEHIND:
            continue
        messages.append(Message(
            key=f"nudge:mentorship-{m.pk}:{_period_month(facts.on)}:user-{m.mentee_user_id}",
            to=m.mentee_email,
            subject=f"{PREFIX} Time to meet {m.mentor_name}",
            body=(f"Your mentorship with {m.mentor_name} has {cadence.held} meeting(s) logged "
                  f"this program year; the program expects about {cadence.expected_by_now} "
                  f"by now ({cadence.expected_range} a year).\n\nAs the mentee you drive "
                  "the relationship: propose a time, then log the meeting.\n"
                  f"Plan a meeting: {_url('checkins:planned_new', m.pk)}\n")))
    return messages


def silence_escalations(facts: DepartmentFacts) -> list[Message]:
    messages = []
    silence = datetime.timedelta(days=settings.REMINDER_SILENCE_DAYS)
    for m in facts.mentorships:
        since = m.last_meeting or m.start_date
        if facts.on - since < silence:
            continue
        what = "no meeting logged since" if m.last_meeting else "no meeting since it began on"
        for leader in facts.facilitators.get(m.division_id, []):
            messages.append(Message(
                key=f"escalation:mentorship-{m.pk}:silent-since-{since}:user-{leader.user_id}",
                to=leader.email,
                subject=f"{PREFIX} A mentorship has gone quiet: {m.mentee_name}",
                body=(f"The mentorship of {m.mentee_name} with {m.mentor_name} has had "
                      f"{what} {since:%d %B %Y} ({(facts.on - since).days} days).\n\n"
                      f"Check in with them: {_url('checkins:mentorship_detail', m.pk)}\n")))
    return messages


def plans_waiting(facts: DepartmentFacts) -> list[Message]:
    messages = []
    wait = datetime.timedelta(days=settings.PLAN_WAITING_DAYS)
    for plan_id, version, division_id, submitted_on, name in facts.plans_waiting:
        if facts.on - submitted_on < wait:
            continue
        for leader in facts.directors.get(division_id, []):
            messages.append(Message(
                key=f"plan-waiting:plan-{plan_id}:v{version}:user-{leader.user_id}",
                to=leader.email,
                subject=f"{PREFIX} An academic plan is waiting for you: {name}",
                body=(f"{name} submitted their academic plan on {submitted_on:%d %B %Y}; "
                      f"it is waiting for your review.\n\n"
                      f"Plans in your division: {_url('programs:division_plans', division_id)}\n")))
    return messages


def _owed(department: Department, on: datetime.date) -> list:
    from checkins.selectors.schedules import obligations_due

    return obligations_due(on, department_ids=[department.pk])


def obligations_due_notices(facts: DepartmentFacts, owed: list,
                            people: dict[int, tuple[int, str, str]]) -> list[Message]:
    """Check-ins due: the person (due, then overdue) and a monthly list to the
    Vice-Chairs. Reviews due: a monthly list to each division's directors."""
    messages = []
    checkins_due: list[str] = []
    reviews_due: dict[int, list[str]] = defaultdict(list)
    month = _period_month(facts.on)
    for owed_item in owed:
        obligation = owed_item.obligation
        if owed_item.person_id not in people:
            continue
        user_id, email, name = people[owed_item.person_id]
        due = f"{obligation.due_on:%d %B %Y}" if obligation.due_on else "now"
        if obligation.kind == "checkin":
            checkins_due.append(f"- {name}: {obligation.state} (due {due})")
            messages.append(Message(
                key=f"checkin-due:person-{owed_item.person_id}:{obligation.due_on}:"
                    f"{obligation.state}:user-{user_id}",
                to=email,
                subject=f"{PREFIX} Your Vice-Chair check-in is {obligation.state}",
                body=(f"Your check-in with the Vice-Chair, at about a year and a half in "
                      f"the department, is {obligation.state} (due {due}). The Vice-Chair's "
                      "office will be in touch to find a time; you can also write to "
                      "them.\n")))
        elif obligation.kind == "review":
            reviews_due[owed_item.division_id].append(
                f"- {name}: {obligation.state} (due {due})")
    if checkins_due:
        for leader in facts.vice_chairs:
            messages.append(_list_message(
                f"checkin-due:department-{facts.department.pk}:{month}:user-{leader.user_id}",
                leader, f"{len(checkins_due)} Vice-Chair check-in(s) due", checkins_due))
    for division_id, lines in reviews_due.items():
        for leader in facts.directors.get(division_id, []):
            messages.append(_list_message(
                f"review-due:division-{division_id}:{month}:user-{leader.user_id}",
                leader, f"{len(lines)} annual mentorship review(s) due", lines))
    return messages


def _list_message(key: str, leader: Leader, title: str, lines: list[str]) -> Message:
    shown = lines[:50]
    more = f"\n…and {len(lines) - 50} more." if len(lines) > 50 else ""
    return Message(key=key, to=leader.email, subject=f"{PREFIX} {title}",
                   body=f"{title}:\n\n" + "\n".join(shown) + more + "\n\n"
                        f"Open the app: {_url('home')}\n")


def leader_digests(facts: DepartmentFacts, reminders: list[Message]) -> list[Message]:
    """One weekly summary per leader, counting only what needs them (this run's
    reminders to them, by kind); a leader with nothing waiting gets none."""
    year, week, _ = facts.on.isocalendar()
    leaders = {leader.user_id: leader for group in (*facts.directors.values(),
               *facts.facilitators.values(), facts.vice_chairs) for leader in group}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for message in reminders:
        user_id = int(message.key.rsplit(":user-", 1)[1])
        if user_id in leaders:
            counts[user_id][message.key.split(":", 1)[0]] += 1
    labels = {"escalation": "mentorship(s) gone quiet", "plan-waiting": "plan(s) waiting for you",
              "checkin-due": "list(s) of check-ins due", "review-due": "list(s) of reviews due"}
    messages = []
    for user_id, by_kind in counts.items():
        lines = [f"- {n} {labels.get(kind, kind)}" for kind, n in sorted(by_kind.items())]
        messages.append(Message(
            key=f"leader-digest:{year}-W{week:02d}:user-{user_id}", to=leaders[user_id].email,
            subject=f"{PREFIX} This week: what needs you",
            body="What needs you this week:\n\n" + "\n".join(lines)
                 + f"\n\nOpen the app: {_url('home')}\n"))
    return messages


# --- Running them ----------------------------------------------------------------------


def reminders_compute(department: Department, on: datetime.date, *,
                      digest: bool = False) -> list[Message]:
    """Every reminder due in the department today, computed in a fixed number of queries."""
    facts = department_facts(department, on)
    messages = meeting_nudges(facts) + silence_escalations(facts) + plans_waiting(facts)
    owed = _owed(department, on)
    person_ids = {item.person_id for item in owed}
    people = {pk: (user_id, email, f"{first} {last}".strip() or email)
              for pk, user_id, email, first, last in FacultyMember.objects.filter(
                  department=department, pk__in=person_ids).values_list(
                  "pk", "user_id", "user__email", "user__first_name", "user__last_name")
              } if person_ids else {}
    messages += obligations_due_notices(facts, owed, people)
    if digest:
        messages += leader_digests(facts, messages)
    return messages


def reminders_send(*, now: datetime.datetime | None = None, force: bool = False,
                   progress: Callable[[JobRun], None] | None = None) -> list[JobRun]:
    """Record (and queue) every department's reminders, one JobRun per department, its
    progress updated batch by batch. Outside the sending hour it does nothing unless
    forced: beat ticks hourly, so the hour is the department's local 9 o'clock."""
    if not force and not is_sending_hour(now):
        return []
    local = local_now(now)
    on = local.date()
    digest = local.weekday() == settings.REMINDER_DIGEST_WEEKDAY
    runs = []
    for department in Department.objects.order_by("pk"):
        run = JobRun.objects.create(name=f"Reminders: {department.name}")
        try:
            messages = reminders_compute(department, on, digest=digest)
            run.total = len(messages)
            run.save(update_fields=["total"])
            recorded = 0
            for start in range(0, len(messages), BATCH):
                with transaction.atomic():
                    recorded += notify_many(messages[start:start + BATCH])
                run.done = min(len(messages), start + BATCH)
                run.save(update_fields=["done"])
                if progress:
                    progress(run)
            by_kind: dict[str, int] = defaultdict(int)
            for message in messages:
                by_kind[message.key.split(":", 1)[0]] += 1
            run.summary = (f"{recorded} new of {len(messages)} due; " + ", ".join(
                f"{kind}: {n}" for kind, n in sorted(by_kind.items())))[:500]
            run.status = JobRun.Status.FINISHED
        except Exception as error:
            run.status = JobRun.Status.FAILED
            run.error = f"{type(error).__name__}: {error}"[:500]
            logger.exception("Reminders failed for department %s", department.pk)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "summary", "finished_at"])
        runs.append(run)
    return runs
