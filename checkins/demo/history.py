"""Demo history for `seed_demo`: about five years of meetings, in bulk.

Called through settings.DEMO_SEEDERS after programs builds the demo department. Some
pairs meet steadily; about a third drift apart, with longer and longer gaps.
"""

import datetime
import random
import uuid

from django.utils import timezone

from checkins.models import ActionItem, Meeting, Mode, PlannedMeeting, PrivateNote
from programs.models import Department, FacultyMember, Mentorship, Topic

RATES = {"formal": 3.6, "informal": 2.0, "buddy": 5.0, "peer": 3.0}
MODES = [Mode.IN_PERSON] * 5 + [Mode.VIDEO] * 4 + [Mode.PHONE] * 2 + [Mode.EMAIL, Mode.TEXT]
SUMMARIES = [
    "Went through the draft grant aims; tighten aim 2 and find a co-investigator.",
    "Talked about protecting research time next term and how to raise it with the division.",
    "Reviewed the teaching dossier for the continuing-appointment review.",
    "Discussed saying no to new committee work this year.",
    "Looked at the paper rejection together and planned where to resubmit.",
    "Planned the promotion timeline and what evidence is still missing.",
    "Talked about workload and wellness after a heavy clinical block.",
    "Went over the quality-improvement project and who else to bring in.",
    "Introductions to two people in the research network were agreed.",
    "Checked progress on last time's action items; most are done.",
]
ACTIONS = [
    "Send the revised specific aims", "Draft the teaching dossier summary",
    "Ask the division director about protected time", "Email the suggested collaborator",
    "Register for the grant-writing workshop", "Book the next meeting",
    "Update the CV in the promotion format", "Read the two papers shared",
]
NOTES = [
    "Felt more confident after this one.", "Need to think about whether this is the right fit.",
    "Bring up the workload issue again next time.", "Ask about sponsorship for the award.",
]


def seed_history(*, department: Department, today: datetime.date, rng: random.Random) -> None:
    mentorships = list(Mentorship.objects.filter(mentee__department=department)
                       .order_by("pk").values_list("pk", "mentee_id", "mentor_id", "kind",
                                                   "start_date", "end_date"))
    through = Mentorship.topics.through
    topics_of: dict[int, list[int]] = {}
    for mentorship_id, topic_id in through.objects.filter(
            mentorship_id__in=[row[0] for row in mentorships]).values_list(
            "mentorship_id", "topic_id"):
        topics_of.setdefault(mentorship_id, []).append(topic_id)
    all_topics = list(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
    persona_pair = _persona_pair()
    meetings, extras = [], []
    for pk, mentee_id, mentor_id, kind, start, end in mentorships:
        steady = (mentee_id, mentor_id) == persona_pair
        drifting = not steady and rng.random() < 0.33
        last = min(end or today, today)
        day = max(start, today - datetime.timedelta(days=5 * 365)) + datetime.timedelta(
            days=rng.randint(7, 40))
        gap = 365 / RATES.get(kind, 3.0)
        while day <= last:
            member = mentee_id if rng.random() < 0.7 else mentor_id
            confirmed = (today - day).days > 14 and rng.random() < 0.85
            meetings.append(Meeting(
                mentorship_id=pk, held_on=day, duration_minutes=rng.choice([30, 45, 60, 60, 90]),
                mode=rng.choice(MODES), protected_time=rng.random() < 0.6,
                shared_summary=rng.choice(SUMMARIES), logged_by_id=member,
                confirmed_by_id=(mentor_id if member == mentee_id else mentee_id)
                if confirmed else None,
                confirmed_at=_noon(day + datetime.timedelta(days=2)) if confirmed else None,
                submission_token=uuid.UUID(int=rng.getrandbits(128)),
            ))
            extras.append((topics_of.get(pk) or all_topics, member, (today - day).days))
            if drifting:
                gap *= 1.35
            day += datetime.timedelta(days=max(14, int(gap * rng.uniform(0.7, 1.3))))
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    _details(meetings, extras, rng)
    persona_ids = {row[0] for row in mentorships if (row[1], row[2]) == persona_pair}
    _persona_notes(persona_pair, [m for m in meetings if m.mentorship_id in persona_ids])
    _planned(persona_pair, today)


def _details(meetings: list[Meeting], extras: list, rng: random.Random) -> None:
    through = Meeting.topics.through
    links, items, notes = [], [], []
    for meeting, (topic_ids, member, age) in zip(meetings, extras, strict=True):
        for topic_id in rng.sample(topic_ids, k=min(len(topic_ids), rng.randint(1, 2))):
            links.append(through(meeting_id=meeting.pk, topic_id=topic_id))
        for text in rng.sample(ACTIONS, k=rng.choice([0, 1, 1, 2])):
            done = age > 60 or rng.random() < 0.4
            items.append(ActionItem(meeting_id=meeting.pk, text=text, done=done,
                                    done_at=_noon(meeting.held_on + datetime.timedelta(days=21))
                                    if done else None))
        if rng.random() < 0.06:
            notes.append(PrivateNote(meeting_id=meeting.pk, author_id=member,
                                     body=rng.choice(NOTES)))
    through.objects.bulk_create(links, batch_size=5000)
    ActionItem.objects.bulk_create(items, batch_size=5000)
    PrivateNote.objects.bulk_create(notes, batch_size=5000)


PERSONA_NOTES = (
    "Mentee's own note: not ready to tell anyone that I am thinking of leaving.",
    "Mentor's own note: she seems more tired each time; ask gently about the workload.",
)


def _persona_notes(pair: tuple[int, int] | None, meetings: list[Meeting]) -> None:
    """Each persona has a private note on the latest meeting, so the demo shows that the
    other member never sees it."""
    if pair is None or not meetings:
        return
    latest = max(meetings, key=lambda meeting: meeting.held_on)
    for author_id, body in zip(pair, PERSONA_NOTES, strict=True):
        PrivateNote.objects.update_or_create(meeting=latest, author_id=author_id,
                                             defaults={"body": body})


def _persona_pair() -> tuple[int, int] | None:
    people = dict(FacultyMember.objects.filter(
        user__email__in=["mentee@demo.example", "mentor@demo.example"]
    ).values_list("user__email", "pk"))
    if len(people) < 2:
        return None
    return people["mentee@demo.example"], people["mentor@demo.example"]


def _planned(pair: tuple[int, int] | None, today: datetime.date) -> None:
    """Two upcoming meetings for mentee@ and mentor@, so the page has something to show."""
    if pair is None:
        return
    mentorship = Mentorship.objects.filter(mentee_id=pair[0], mentor_id=pair[1]).first()
    if mentorship is None:
        return
    PlannedMeeting.objects.bulk_create([
        PlannedMeeting(mentorship=mentorship, created_by_id=pair[1], mode=mode,
                       starts_at=_at(today + datetime.timedelta(days=days), 15),
                       duration_minutes=60, agenda=agenda, video_link=link)
        for days, mode, agenda, link in [
            (12, Mode.IN_PERSON, "Progress on the five-year plan; grant resubmission.", ""),
            (75, Mode.VIDEO, "Promotion dossier: what is still missing.",
             "https://video.example.org/j/mentorship-demo"),
        ]
    ])


def _noon(day: datetime.date) -> datetime.datetime:
    return _at(day, 12)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
