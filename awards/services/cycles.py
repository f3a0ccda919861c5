"""Opening an award cycle, closing its scoring, choosing and publishing winners, the
winner's choice about the wall, and the reminders beat sends."""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    DESCRIPTION_LENGTH,
    MAX_POINTS,
    TITLE_LENGTH,
    Award,
    AwardCycle,
    CommitteeMember,
    Nomination,
    Phase,
    Recognition,
    RubricCriterion,
)
from awards.services import AwardError
from programs.dates import long_date, today
from programs.models import (
    Department,
    Division,
    FacultyMember,
    Mentorship,
    Notification,
    User,
)
from programs.notifications import absolute_url, notify
from programs.validators import text_problem

# Reminders: nominations close in this many days; mentees are nudged this many days after
# the window opens (time to read the announcement first).
CLOSING_REMINDER_DAYS = 3
NUDGE_AFTER_DAYS = 7
# A window is at most this long, and opens at most this far ahead.
MAX_WINDOW_DAYS = 180
OPENS_WITHIN_DAYS = 366
MAX_AWARDS = 40
MAX_CRITERIA = 10
MAX_COMMITTEE = 30


def _check_text(text: str, *, limit: int, what: str, multiline: bool) -> None:
    if len(text) > limit:
        raise AwardError(f"The {what} has {len(text):,} characters: keep it to {limit:,} or "
                         "fewer.", "too_long")
    problem = text_problem(text, multiline=multiline)
    if problem:
        raise AwardError(f"{what.capitalize()}: {problem}", "bad_text")


@transaction.atomic
def cycle_open(
    *,
    department: Department,
    by: User,
    submission_token: uuid.UUID,
    title: str,
    nominations_open: datetime.date,
    nominations_close: datetime.date,
    departmental_award: str,
    divisions: list[Division],
    rubric: list[tuple[str, int]],
    committee: list[FacultyMember],
    description: str = "",
) -> tuple[AwardCycle, bool]:
    """Open a cycle with its awards, rubric and committee; (cycle, True), or the cycle
    this form already opened and False."""
    existing = AwardCycle.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    title, description = title.strip(), description.strip()
    departmental_award = departmental_award.strip()
    if not title:
        raise AwardError("Give the cycle a title.", "no_title")
    _check_text(title, limit=TITLE_LENGTH, what="title", multiline=False)
    _check_text(description, limit=DESCRIPTION_LENGTH, what="description", multiline=True)
    _check_text(departmental_award, limit=TITLE_LENGTH, what="award name", multiline=False)
    if nominations_close < nominations_open:
        raise AwardError("Nominations must close on or after the day they open.", "window")
    if (nominations_close - nominations_open).days > MAX_WINDOW_DAYS:
        raise AwardError(f"Keep the nomination window to {MAX_WINDOW_DAYS} days or fewer.",
                         "window")
    if nominations_close < today():
        raise AwardError("The window has already closed: choose dates from today on.", "window")
    if (nominations_open - today()).days > OPENS_WITHIN_DAYS:
        raise AwardError("Open nominations within the next year.", "window")
    if not departmental_award and not divisions:
        raise AwardError("Name the departmental award or choose divisions for divisional "
                         "awards.", "no_awards")
    if len(divisions) + 1 > MAX_AWARDS:
        raise AwardError(f"A cycle holds at most {MAX_AWARDS} awards.", "too_many")
    if any(division.department_id != department.pk for division in divisions):
        raise AwardError("A divisional award must be for one of the department's divisions.",
                         "division")
    if not rubric or len(rubric) > MAX_CRITERIA:
        raise AwardError(f"The rubric needs from 1 to {MAX_CRITERIA} criteria.", "rubric")
    for name, points in rubric:
        _check_text(name, limit=TITLE_LENGTH, what="criterion", multiline=False)
        if not 1 <= points <= MAX_POINTS:
            raise AwardError(f"Each criterion is scored out of 1 to {MAX_POINTS}.", "rubric")
    if not committee or len(committee) > MAX_COMMITTEE:
        raise AwardError(f"Name from 1 to {MAX_COMMITTEE} committee members.", "committee")
    if any(person.department_id != department.pk for person in committee):
        raise AwardError("Committee members must be in the department.", "committee")
    try:
        with transaction.atomic():
            cycle = AwardCycle.objects.create(
                department=department, created_by=by, submission_token=submission_token,
                title=title, description=description, nominations_open=nominations_open,
                nominations_close=nominations_close)
    except IntegrityError:  # the same form, submitted twice at once
        return AwardCycle.objects.get(submission_token=submission_token), False
    awards = [Award(cycle=cycle, name=departmental_award)] if departmental_award else []
    awards += [Award(cycle=cycle, name=f"{division.name} Mentorship Award", division=division)
               for division in sorted(set(divisions), key=lambda d: d.name)]
    Award.objects.bulk_create(awards)
    RubricCriterion.objects.bulk_create([
        RubricCriterion(cycle=cycle, name=name.strip(), max_points=points, position=index)
        for index, (name, points) in enumerate(rubric)])
    CommitteeMember.objects.bulk_create([CommitteeMember(cycle=cycle, person=person)
                                         for person in {p.pk: p for p in committee}.values()])
    return cycle, True


def _locked(cycle: AwardCycle) -> AwardCycle:
    return AwardCycle.objects.select_for_update().get(pk=cycle.pk)


@transaction.atomic
def cycle_close_scoring(*, cycle: AwardCycle) -> AwardCycle:
    """Stop scoring, once nominations have closed; the ranked results can then be read."""
    cycle = _locked(cycle)
    phase = cycle.phase(today())
    if phase in (Phase.RESULTS, Phase.PUBLISHED):
        return cycle  # closed already, by this click's twin or a colleague
    if phase != Phase.SCORING:
        raise AwardError(f"Scoring starts when nominations close on "
                         f"{long_date(cycle.nominations_close)}.", "not_scoring")
    cycle.scoring_closed_at = timezone.now()
    cycle.save(update_fields=["scoring_closed_at"])
    return cycle


@transaction.atomic
def cycle_choose_winners(*, cycle: AwardCycle, winner_ids: set[int]) -> int:
    """Mark the chosen nominations as winners (and the rest not), before publishing."""
    cycle = _locked(cycle)
    if cycle.phase(today()) != Phase.RESULTS:
        raise AwardError("Winners are chosen after scoring closes and before they are "
                         "published.", "not_results")
    nominations = Nomination.objects.filter(award__cycle=cycle)
    unknown = winner_ids - set(nominations.values_list("pk", flat=True))
    if unknown:
        raise AwardError("This page named a nomination that is not in this cycle. Nothing "
                         "was saved: open the results again.", "unknown")
    nominations.exclude(pk__in=winner_ids).update(winner=False)
    return nominations.filter(pk__in=winner_ids).update(winner=True)


@transaction.atomic
def cycle_publish(*, cycle: AwardCycle) -> list[Recognition]:
    """Publish the chosen winners: each is on the recognition wall (unless they opt out)
    and in their portfolio, and is told by email. Publishing twice publishes once."""
    cycle = _locked(cycle)
    if cycle.published_at is not None:
        return list(Recognition.objects.filter(award__cycle=cycle))
    if cycle.phase(today()) != Phase.RESULTS:
        raise AwardError("Close scoring and choose the winners before publishing.",
                         "not_results")
    winners = list(Nomination.objects.filter(award__cycle=cycle, winner=True)
                   .select_related("award", "nominee__user"))
    if not winners:
        raise AwardError("Choose at least one winner before publishing.", "no_winners")
    now = timezone.now()
    cycle.published_at = now
    cycle.save(update_fields=["published_at"])
    pairs = {(n.award_id, n.nominee_id): n for n in winners}
    recognitions = Recognition.objects.bulk_create([
        Recognition(award=n.award, person=n.nominee, published_at=now)
        for n in pairs.values()])
    wall = absolute_url(reverse("awards:wall"))
    for nomination in pairs.values():
        person = nomination.nominee
        notify(key=f"awards:cycle-{cycle.pk}:award-{nomination.award_id}:won:"
                   f"user-{person.user_id}",
               to=person.email,
               subject=f"You have won the {nomination.award.name}",
               body="\n".join([
                   f"Congratulations: you have won the {nomination.award.name} "
                   f"({cycle.title}).",
                   "",
                   f"Your name is on the department's recognition wall: {wall}",
                   "If you would rather not be listed there, you can remove it on that page. "
                   "The award stays in your mentoring portfolio either way.",
               ]))
    return recognitions


@transaction.atomic
def recognition_wall_choice(*, recognition: Recognition, person: FacultyMember,
                            on_wall: bool) -> Recognition:
    """The winner, and only the winner, decides whether their win is on the wall."""
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    if recognition.person_id != person.pk:
        raise AwardError("Only the winner chooses this.", "not_winner")
    if recognition.on_wall != on_wall:
        recognition.on_wall = on_wall
        recognition.wall_choice_at = timezone.now()
        recognition.save(update_fields=["on_wall", "wall_choice_at"])
    return recognition


# --- Reminders (beat, hourly; every email keyed by who, what and which cycle) ---------------


def _audience(cycle: AwardCycle):
    return (FacultyMember.objects.filter(department_id=cycle.department_id,
                                         status=FacultyMember.Status.ACTIVE,
                                         user__is_active=True)
            .select_related("user"))


def cycle_reminders_send(*, on: datetime.date | None = None) -> int:
    """Send whatever reminders are due for every cycle; returns how many are due.

    - the window opens: everyone active in the department is told (once);
    - it closes in CLOSING_REMINDER_DAYS days: those who have not nominated yet;
    - a week in: mentees of active mentorships, to consider nominating their mentor;
    - it has closed: the committee, to score.
    """
    on = on or today()
    due = 0
    cycles = AwardCycle.objects.filter(published_at__isnull=True, scoring_closed_at__isnull=True,
                                       nominations_open__lte=on)
    for cycle in cycles:
        if cycle.phase(on) == Phase.NOMINATING:
            due += _opening(cycle)
            if (cycle.nominations_close - on).days <= CLOSING_REMINDER_DAYS:
                due += _closing(cycle)
            if (on - cycle.nominations_open).days >= NUDGE_AFTER_DAYS:
                due += _nudge_mentees(cycle, on)
        elif cycle.phase(on) == Phase.SCORING:
            due += _committee(cycle)
    return due


def _notify_each(prefix: str, people: list[FacultyMember], subject: str, body: str) -> int:
    """One outbox row per person under `prefix` + their user id. The keys already recorded
    are read at once, so an hourly tick over a large department costs one query when
    there is nothing new to send."""
    sent = set(Notification.objects.filter(key__startswith=prefix)
               .values_list("key", flat=True))
    for person in people:
        key = f"{prefix}user-{person.user_id}"
        if key not in sent:
            notify(key=key, to=person.email, subject=subject, body=body)
    return len(people)


def _cycle_link(cycle: AwardCycle) -> str:
    return absolute_url(reverse("awards:cycle_detail", args=[cycle.pk]))


def _window(cycle: AwardCycle) -> str:
    return f"{long_date(cycle.nominations_open)} to {long_date(cycle.nominations_close)}"


def _opening(cycle: AwardCycle) -> int:
    return _notify_each(
        f"awards:cycle-{cycle.pk}:opening:", list(_audience(cycle)),
        subject=f"Nominations are open: {cycle.title}",
        body="\n".join([
            f"Nominations for {cycle.title} are open from {_window(cycle)}.",
            "Any faculty member may nominate a mentor who has made a difference, with a "
            "statement and up to three supporting letters (PDF).",
            "", f"See the awards and nominate: {_cycle_link(cycle)}"]))


def _closing(cycle: AwardCycle) -> int:
    nominated = Nomination.objects.filter(award__cycle=cycle, nominator=OuterRef("pk"))
    people = list(_audience(cycle).annotate(has_nominated=Exists(nominated))
                  .filter(has_nominated=False))
    return _notify_each(
        f"awards:cycle-{cycle.pk}:closing:", people,
        subject=f"Nominations close on {long_date(cycle.nominations_close)}",
        body="\n".join([
            f"Nominations for {cycle.title} close on {long_date(cycle.nominations_close)}.",
            "", f"Nominate a mentor: {_cycle_link(cycle)}"]))


def _nudge_mentees(cycle: AwardCycle, on: datetime.date) -> int:
    """Mentees of active mentorships, once per cycle, naming their current mentors."""
    mentorships = (Mentorship.objects.active(on)
                   .filter(mentee__department_id=cycle.department_id,
                           mentee__status=FacultyMember.Status.ACTIVE,
                           mentee__user__is_active=True)
                   .select_related("mentee__user", "mentor__user").order_by("mentee_id", "pk"))
    mentors_of: dict[int, tuple[FacultyMember, list[str]]] = {}
    for mentorship in mentorships:
        entry = mentors_of.setdefault(mentorship.mentee_id, (mentorship.mentee, []))
        entry[1].append(mentorship.mentor.full_name)
    link = absolute_url(reverse("awards:nominate", args=[cycle.pk]))
    prefix = f"awards:cycle-{cycle.pk}:nudge:"
    sent = set(Notification.objects.filter(key__startswith=prefix)
               .values_list("key", flat=True))
    for mentee, names in mentors_of.values():
        if f"{prefix}user-{mentee.user_id}" in sent:
            continue
        notify(key=f"{prefix}user-{mentee.user_id}", to=mentee.email,
               subject="Has your mentor made a difference? Nominate them",
               body="\n".join([
                   f"{cycle.title}: nominations are open until "
                   f"{long_date(cycle.nominations_close)}.",
                   f"If {' or '.join(names)} has made a difference to you, a nomination is "
                   "the department's way of saying so, and it counts in their promotion "
                   "dossier.",
                   "", f"Nominate: {link}"]))
    return len(mentors_of)


def _committee(cycle: AwardCycle) -> int:
    people = [member.person for member in CommitteeMember.objects.filter(
        cycle=cycle, person__user__is_active=True).select_related("person__user")]
    return _notify_each(
        f"awards:cycle-{cycle.pk}:scoring:", people,
        subject=f"Scoring is open: {cycle.title}",
        body="\n".join([
            f"Nominations for {cycle.title} have closed. As a member of the committee, please "
            "score them with the rubric.",
            "Nominations you are too close to (your own mentors and mentees, ones you wrote) "
            "are kept from you.", "", "Score: "
            + absolute_url(reverse("awards:scoring", args=[cycle.pk]))]))
