"""Demo award history (a DEMO_SEEDERS entry, after programs' and checkins' history).

Three past award cycles, scored and published, each with a departmental award and
divisional awards for three divisions; one cycle open for nominations now. mentor@ won
General Internal Medicine's award last year (so their portfolio names it); one past winner
chose not to be on the wall; mentee@ has not nominated their mentor yet (their home page
suggests it) and mentor@ has asked to name mentee@ in their portfolio (mentee@ is asked).
The committee of the open cycle includes facilitator@. Everything is bulk-created.
"""

import datetime
import random
import uuid

from django.utils import timezone

from awards.models import (
    Award,
    AwardCycle,
    CommitteeMember,
    CriterionScore,
    Nomination,
    NominationLetter,
    PortfolioNaming,
    Recognition,
    RubricCriterion,
    Scorecard,
)
from programs.models import Department, Division, FacultyMember, Mentorship

RUBRIC = [("Impact on mentees' careers and well-being", 5),
          ("Availability, commitment and follow-through", 5),
          ("Sponsorship, advocacy and opening networks", 5),
          ("Role modelling and contribution to a mentorship culture", 5)]
DIVISIONS = ["General Internal Medicine", "Cardiology", "Emergency Medicine"]
STATEMENTS = [
    "She met me every six weeks through my first three years and read every draft of my first "
    "grant. When it was rejected she sat with me and planned the resubmission, which was funded.",
    "He introduced me to collaborators at two other sites and nominated me for the committee "
    "that became my first leadership role.",
    "When I arrived from abroad she helped with licensing, found me a clinic and made sure I had "
    "protected time for teaching. I would not have stayed without her.",
    "He is honest, generous with his time and always asks what I need, not what he thinks I need.",
    "She has mentored a whole generation of clinician teachers in our division; three of us "
    "were promoted this year.",
]
COMMENTS = ["Strong, specific examples.", "Letters are compelling.", "Good, but mostly one "
            "mentee's view.", "Outstanding sponsorship record.", ""]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_history(*, department: Department, today: datetime.date, rng: random.Random) -> None:
    divisions = list(Division.objects.filter(department=department, name__in=DIVISIONS))
    pairs = list(Mentorship.objects.active(today)
                 .filter(mentee__department=department,
                         mentor__status=FacultyMember.Status.ACTIVE,
                         mentee__status=FacultyMember.Status.ACTIVE)
                 .values_list("mentee_id", "mentor_id", "mentor__division_id").order_by("pk"))
    if not pairs:
        return
    people = dict(FacultyMember.objects.filter(department=department,
                                               user__email__endswith="@demo.example")
                  .values_list("user__email", "pk"))
    mentor = people.get("mentor@demo.example")
    mentee = people.get("mentee@demo.example")
    # mentee@ nominated mentor@ in the past; this year's nomination is theirs to make.
    seniors = list(FacultyMember.objects.active().filter(department=department,
                                                         appointment_date__lte=today.replace(
                                                             year=today.year - 15))
                   .values_list("pk", flat=True).order_by("pk"))
    admin_user = FacultyMember.objects.filter(pk=people.get("admin@demo.example")).values_list(
        "user_id", flat=True).first()
    for years_ago in (3, 2, 1):
        year = today.year - years_ago
        _cycle(department, divisions, pairs, seniors, rng, year=year, admin_user=admin_user,
               opens=datetime.date(year, 1, 15), closes=datetime.date(year, 2, 28),
               persona_winner=mentor if years_ago == 1 else None,
               exclude_from_nominating=set(), one_opts_out=years_ago == 3)
    _open_cycle(department, divisions, pairs, seniors, rng, today=today, people=people,
                admin_user=admin_user)
    if mentor and mentee:
        mentorship = Mentorship.objects.filter(mentor_id=mentor, mentee_id=mentee).first()
        if mentorship is not None:
            PortfolioNaming.objects.create(mentorship=mentorship, mentor_wants_name=True,
                                           requested_at=_at(today - datetime.timedelta(days=3)))


def _new_cycle(department, divisions, *, title, opens, closes, admin_user,
               scoring_closed=None, published=None) -> tuple[AwardCycle, list[Award], list]:
    cycle = AwardCycle.objects.create(
        department=department, title=title, nominations_open=opens, nominations_close=closes,
        created_by_id=admin_user, scoring_closed_at=scoring_closed, published_at=published,
        description="The department's yearly mentorship awards: one departmental award and "
                    "divisional awards. Any faculty member may nominate an active mentor.")
    awards = Award.objects.bulk_create(
        [Award(cycle=cycle, name="Departmental Mentorship Award")]
        + [Award(cycle=cycle, name=f"{division.name} Mentorship Award", division=division)
           for division in divisions])
    criteria = RubricCriterion.objects.bulk_create([
        RubricCriterion(cycle=cycle, name=name, max_points=points, position=index)
        for index, (name, points) in enumerate(RUBRIC)])
    return cycle, awards, criteria


def _nominations(awards, pairs, rng, *, per_award: int, exclude: set, force=None) -> list:
    """(award, nominee, nominator) drawn from real mentorships: mentees nominate their own
    mentors; a divisional award's nominee is in its division."""
    chosen, seen = [], set()
    for award in awards:
        pool = [p for p in pairs if p[0] not in exclude
                and (award.division_id is None or p[2] == award.division_id)]
        for mentee_id, mentor_id, _ in rng.sample(pool, k=min(per_award, len(pool))):
            if (award.pk, mentor_id, mentee_id) not in seen:
                seen.add((award.pk, mentor_id, mentee_id))
                chosen.append((award, mentor_id, mentee_id))
    if force is not None:
        award, mentor_id = force
        nominators = [p[0] for p in pairs if p[1] == mentor_id and p[0] not in exclude]
        if nominators and (award.pk, mentor_id, nominators[0]) not in seen:
            chosen.append((award, mentor_id, nominators[0]))
    return chosen


def _cycle(department, divisions, pairs, seniors, rng, *, year, opens, closes, admin_user,
           persona_winner, exclude_from_nominating, one_opts_out) -> None:
    cycle, awards, criteria = _new_cycle(
        department, divisions, title=f"{year} Mentorship Awards", opens=opens, closes=closes,
        admin_user=admin_user, scoring_closed=_at(closes + datetime.timedelta(days=30)),
        published=_at(closes + datetime.timedelta(days=45)))
    committee = rng.sample(seniors, k=min(5, len(seniors)))
    CommitteeMember.objects.bulk_create([CommitteeMember(cycle=cycle, person_id=pk)
                                         for pk in committee])
    gim = next((a for a in awards if a.division and a.division.name == DIVISIONS[0]), None)
    rows = _nominations(awards, pairs, rng, per_award=3, exclude=exclude_from_nominating,
                        force=(gim, persona_winner) if gim and persona_winner else None)
    nominations = Nomination.objects.bulk_create([
        Nomination(award=award, nominee_id=nominee, nominator_id=nominator,
                   statement=rng.choice(STATEMENTS), submission_token=uuid.UUID(
                       int=rng.getrandbits(128)))
        for award, nominee, nominator in rows])
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(
        created_at=_at(opens + datetime.timedelta(days=10)))
    _score(nominations, committee, criteria, pairs, rng)
    winners = []
    for award in awards:
        mine = [n for n in nominations if n.award_id == award.pk]
        if not mine:
            continue
        best = next((n for n in mine if n.nominee_id == persona_winner), None) or max(
            mine, key=lambda n: n.demo_total)
        winners.append(best)
    Nomination.objects.filter(pk__in=[n.pk for n in winners]).update(winner=True)
    published = cycle.published_at
    recognitions, seen = [], set()
    for index, nomination in enumerate(winners):
        if (nomination.award_id, nomination.nominee_id) in seen:
            continue
        seen.add((nomination.award_id, nomination.nominee_id))
        # One winner of the oldest cycle chose not to be on the wall.
        opted_out = one_opts_out and index == 1
        recognitions.append(Recognition(award_id=nomination.award_id,
                                        person_id=nomination.nominee_id, published_at=published,
                                        on_wall=not opted_out,
                                        wall_choice_at=published if opted_out else None))
    Recognition.objects.bulk_create(recognitions)


def _score(nominations, committee, criteria, pairs, rng) -> None:
    """Each committee member scores every nomination they are not too close to."""
    close = {(mentee, mentor) for mentee, mentor, _ in pairs} | {
        (mentor, mentee) for mentee, mentor, _ in pairs}
    cards, plans = [], []
    for nomination in nominations:
        nomination.demo_total = 0
        for member in committee:
            if member in (nomination.nominee_id, nomination.nominator_id) or (
                    member, nomination.nominee_id) in close:
                continue
            points = [rng.randint(2, 5) for _ in criteria]
            cards.append(Scorecard(nomination=nomination, scorer_id=member, total=sum(points),
                                   comment=rng.choice(COMMENTS)))
            plans.append(points)
            nomination.demo_total += sum(points)
    Scorecard.objects.bulk_create(cards, batch_size=1000)
    CriterionScore.objects.bulk_create([
        CriterionScore(scorecard=card, criterion=criterion, points=value)
        for card, points in zip(cards, plans, strict=True)
        for criterion, value in zip(criteria, points, strict=True)], batch_size=2000)


def _open_cycle(department, divisions, pairs, seniors, rng, *, today, people,
                admin_user) -> None:
    """This year's cycle, open for nominations: a few are in, one with a letter."""
    opens, closes = today - datetime.timedelta(days=10), today + datetime.timedelta(days=30)
    cycle, awards, _ = _new_cycle(department, divisions, title=f"{today.year} Mentorship Awards",
                                  opens=opens, closes=closes, admin_user=admin_user)
    facilitator = people.get("facilitator@demo.example")
    vice_chair = people.get("vicechair@demo.example")
    committee = [pk for pk in [facilitator, vice_chair, *rng.sample(seniors, k=min(
        3, len(seniors)))] if pk]
    CommitteeMember.objects.bulk_create([CommitteeMember(cycle=cycle, person_id=pk)
                                         for pk in dict.fromkeys(committee)])
    persona_ids = {pk for email, pk in people.items() if email in (
        "mentee@demo.example", "mentor@demo.example")}
    rows = [row for row in _nominations(awards, pairs, rng, per_award=1, exclude=persona_ids)
            if row[1] not in persona_ids]
    nominations = Nomination.objects.bulk_create([
        Nomination(award=award, nominee_id=nominee, nominator_id=nominator,
                   statement=rng.choice(STATEMENTS),
                   submission_token=uuid.UUID(int=rng.getrandbits(128)))
        for award, nominee, nominator in rows])
    if nominations:
        _letter(nominations[0])


def _letter(nomination: Nomination) -> None:
    """A one-page supporting letter, made here (fpdf2), stored in the private storage."""
    from django.core.files.base import ContentFile
    from fpdf import FPDF

    document = FPDF(format="Letter")
    document.add_page()
    document.set_font("helvetica", size=12)
    document.multi_cell(0, 7, "To the Mentorship Awards Committee,\n\nI write in strong support "
                        "of this nomination. Over the past four years I have watched this "
                        "mentor give time, candour and opportunities to junior colleagues.\n\n"
                        "Yours sincerely,\nA colleague")
    content = bytes(document.output())
    letter = NominationLetter(nomination=nomination, original_name="Support letter.pdf",
                              size=len(content), pages=1)
    letter.file.save("letter.pdf", ContentFile(content), save=True)

