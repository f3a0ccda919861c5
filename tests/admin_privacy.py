"""Shared pieces for the admin privacy tests (tests/*/test_admin*.py).

`plant(world)` writes a known secret into every confidential field the project declares
(programs/confidential.py), and one row of every registered model, so a test can ask any
admin page a question about a secret and compare the answer with the one for a random
value. A guarded admin gives the same answer to both.
"""

import datetime
from collections import deque
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone

import mentorship.urls  # noqa: F401  (registers every ModelAdmin, as a request would)
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
from checkins.models import CadenceRule, InvitationSent
from programs.admin_privacy import is_project_model
from programs.confidential import confidential_fields, has_confidential_rows
from programs.models import (
    AcademicPlan,
    AgreementTemplate,
    ChangeRequest,
    DevelopmentEvent,
    EventRegistration,
    ExitFeedback,
    FacultyMember,
    GuidelinePage,
    JobRun,
    LeadershipRole,
    Mentorship,
    MentorshipAgreement,
    Notification,
    NotificationPreference,
    PlanGoal,
    PlanMilestone,
    PlanProgress,
    PlanSnapshot,
    RosterImport,
    SupervisorLink,
    Topic,
    User,
    WorkerHeartbeat,
)
from tests.checkins.factories import (
    ActionItemFactory,
    MeetingFactory,
    PlannedMeetingFactory,
    PrivateNoteFactory,
)
from tests.programs.factories import (
    DevelopmentEventFactory,
    MentorshipFactory,
    RoleFactory,
    UserFactory,
)

TOKEN = "qzplant"  # in every planted secret, and in nothing else
RANDOM = "qzrandom-never-written"
REVIEW_DATE = datetime.date(2031, 7, 13)
CONSENT_AT = datetime.datetime(2019, 2, 27, 13, 37, tzinfo=datetime.UTC)
NO_DATE = "1901-01-01"

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
ADMIN_IDS = [model._meta.label for model, _ in REGISTERED]


def secret(name: str) -> str:
    return f"{TOKEN}-{name}-words only its people may read"


def project_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if is_project_model(model)]


def confidential_targets() -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every confidential field in the project."""
    return [(model, name) for model in project_models()
            for name in sorted(confidential_fields(model))]


@dataclass
class Planted:
    rows: dict[type, models.Model]  # a row of each model, the planted one where there is one
    values: dict[tuple[type, str], object]  # (model, confidential field) -> its planted value
    others: dict[type, models.Model] = field(default_factory=dict)  # a second row, to re-parent to

    def texts(self) -> list[str]:
        """Every planted value as it could appear on a page."""
        found = []
        for value in self.values.values():
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, datetime.datetime):
                found += [value.date().isoformat(), "Feb. 27, 2019"]
            elif isinstance(value, datetime.date):
                found += [value.isoformat(), "July 13, 2031"]
            elif isinstance(getattr(value, "name", None), str):  # a stored file's path
                found.append(value.name)
        return found


def plant(world) -> Planted:
    """Secrets in every confidential field, all reachable from every registered model: the
    mentee is also the one who created, reviewed, uploaded or edited everything, so a
    question asked from any changelist has a row to find."""
    mentorship = world.mentorship
    by = world.mentee.user
    Mentorship.objects.filter(pk=mentorship.pk).update(end_note=secret("end-note"),
                                                       end_reason="mentor_change",
                                                       created_by=by)
    mentorship.topics.add(Topic.objects.first())
    RoleFactory(person=world.mentee, kind=LeadershipRole.Kind.VICE_CHAIR)
    GuidelinePage.objects.update(updated_by=by)
    Group.objects.create(name="Program office").user_set.add(by)
    meeting = MeetingFactory(mentorship=mentorship, shared_summary=secret("summary"))
    meeting.topics.add(Topic.objects.first())
    action = ActionItemFactory(meeting=meeting, text=secret("action"))
    note = PrivateNoteFactory(meeting=meeting, author=world.mentee, body=secret("note"))
    planned = PlannedMeetingFactory(mentorship=mentorship, agenda=secret("agenda"),
                                    video_link=f"https://video.test.example/{TOKEN}-room",
                                    created_by=world.mentee)
    invitation = InvitationSent.objects.create(planned_meeting=planned,
                                               recipient=world.mentee.email, sequence=0)
    agreement = MentorshipAgreement.objects.create(
        mentorship=mentorship, review_date=REVIEW_DATE, updated_by=by,
        **{name: secret(f"agreement-{name}") for name in MentorshipAgreement.CONTENT_FIELDS
           if name != "review_date"})
    change_request = ChangeRequest.objects.create(
        mentee=world.mentee, division=world.division, kind=ChangeRequest.Kind.DIFFERENT,
        mentorship=mentorship, reason=secret("reason"), outcome=secret("outcome"),
        resolved_by=by)
    feedback = ExitFeedback.objects.create(mentorship=mentorship, side="mentee",
                                           author=world.mentee, helpful=4,
                                           comments=secret("exit-comments"))
    # Everyone consents, so "consent is False" matches nobody and a probe can tell.
    FacultyMember.objects.update(demographics_consent=True)
    FacultyMember.objects.filter(pk=world.mentee.pk).update(
        demographics_consent_at=CONSENT_AT, demographics_withdrawn_at=CONSENT_AT,
        gender=secret("gender"),
        race_ethnicity=secret("race"))
    notification = Notification.objects.create(
        key=secret("key"), recipient="someone@test.example", subject=secret("subject"),
        body=secret("body"), user=by)
    plan = AcademicPlan.objects.create(faculty=world.mentee, reviewed_by=by)
    other_mentorship = MentorshipFactory(mentee=world.newfaculty, mentor=world.outsider)
    development, other_development = _plant_development(world)
    awards, other_awards = _plant_awards(world)
    rhythm, other_rhythm = _plant_rhythm(world)
    matching, other_matching = _plant_matching(world, mentorship)
    surveys, other_surveys = _plant_surveys(world)
    rows = {
        Mentorship: mentorship, FacultyMember: world.mentee, User: world.mentee.user,
        type(meeting): meeting, type(action): action, type(note): note,
        type(planned): planned, InvitationSent: invitation, MentorshipAgreement: agreement,
        ChangeRequest: change_request, ExitFeedback: feedback, Notification: notification,
        AcademicPlan: plan,
        PlanGoal: PlanGoal.objects.create(plan=plan, domain="research", target_year=2030,
                                          description="A goal the plan's readers see"),
        PlanMilestone: PlanMilestone.objects.create(plan=plan, kind="promotion",
                                                    target_year=2031),
        PlanSnapshot: PlanSnapshot.objects.create(plan=plan, version=1, submitted_by=by),
        PlanProgress: PlanProgress.objects.create(
            plan=plan, program_year_start=datetime.date(2024, 7, 1), note="Progress",
            recorded_by=by),
        SupervisorLink: SupervisorLink.objects.create(supervisor=world.mentee,
                                                      supervisee=world.outsider),
        RosterImport: RosterImport.objects.create(department=world.department, uploaded_by=by,
                                                  filename="r.csv", content="email\n"),
        WorkerHeartbeat: WorkerHeartbeat.objects.create(name="worker", beat_at=timezone.now()),
        JobRun: JobRun.objects.create(name="Reminders", total=3, done=3),
        NotificationPreference: NotificationPreference.objects.create(user=by, kind="nudge"),
        AgreementTemplate: AgreementTemplate.objects.create(department=world.department),
        CadenceRule: CadenceRule.objects.create(department=world.department, kind="formal",
                                                min_per_year=3, max_per_year=4),
        Group: Group.objects.get(name="Program office"),
        **development, **awards, **rhythm, **matching, **surveys,
    }
    values = {(model, name): getattr(model.objects.get(pk=rows[model].pk), name)
              for model, name in confidential_targets()}
    others = {
        Mentorship: other_mentorship,
        FacultyMember: world.outsider,
        User: UserFactory(email="spare-account@test.example"),
        type(meeting): MeetingFactory(mentorship=other_mentorship),
        AcademicPlan: AcademicPlan.objects.create(faculty=world.outsider),
        type(world.division): world.other_division,
        **other_development, **other_awards, **other_rhythm, **other_matching,
        **other_surveys,
    }
    return Planted(rows=rows, values=values, others=others)


def _plant_development(world) -> tuple[dict, dict]:
    """A session the mentee attended (their training record), and another session."""
    event = DevelopmentEventFactory(department=world.department, title="Orientation",
                                    organiser=world.mentee, created_by=world.mentee.user)
    registration = EventRegistration.objects.create(event=event, person=world.mentee,
                                                    attended=True,
                                                    attendance_recorded_by=world.mentee.user)
    return ({DevelopmentEvent: event, EventRegistration: registration},
            {DevelopmentEvent: DevelopmentEventFactory(department=world.department)})


FOLLOW_UP_DUE = datetime.date(2030, 1, 2)


def _plant_rhythm(world) -> tuple[dict, dict]:
    """The mentee's annual review and Vice-Chair check-in, each with a follow-up the mentee
    owns, their leave and the department's schedule rules; another person's review."""
    from checkins.models import (
        AnnualReview,
        CheckinFollowUp,
        LeavePeriod,
        ReviewFollowUp,
        ScheduleRules,
        ViceChairCheckin,
    )

    start = world.department.program_year()[0]
    review = AnnualReview.objects.create(
        person=world.mentee, division=world.division, reviewer=world.mentee,
        program_year_start=start, effective="partly", quality=3,
        support_needed=secret("review-support"), issues_raised=secret("review-issues"))
    checkin = ViceChairCheckin.objects.create(
        person=world.mentee, vice_chair=world.mentee, satisfaction=4,
        academic_progress=secret("checkin-progress"),
        work_life_balance=secret("checkin-balance"), concerns=secret("checkin-concerns"))
    follow_up = ReviewFollowUp.objects.create(review=review, owner=world.mentee,
                                        text=secret("follow-up"), due_on=FOLLOW_UP_DUE)
    checkin_follow_up = CheckinFollowUp.objects.create(
        checkin=checkin, owner=world.mentee, text=secret("follow-up"), due_on=FOLLOW_UP_DUE)
    rows = {
        AnnualReview: review, ViceChairCheckin: checkin, ReviewFollowUp: follow_up,
        CheckinFollowUp: checkin_follow_up,
        LeavePeriod: LeavePeriod.objects.create(person=world.mentee,
                                                start_date=datetime.date(2024, 1, 1),
                                                end_date=datetime.date(2024, 3, 1)),
        ScheduleRules: ScheduleRules.objects.create(department=world.department),
    }
    others = {
        AnnualReview: AnnualReview.objects.create(
            person=world.outsider, division=world.other_division, program_year_start=start,
            effective="yes", quality=5),
        ViceChairCheckin: ViceChairCheckin.objects.create(person=world.outsider,
                                                          satisfaction=3),
    }
    return rows, others


def _plant_awards(world) -> tuple[dict, dict]:
    """A nomination of the mentee (in their division's award), with a letter, a scorecard
    with its points, a win and a naming answer: every path from any model to them has a row
    to find."""
    from tests.awards.factories import cycle_for, pdf_bytes, upload

    cycle = cycle_for(world, "scoring", committee=("mentee", "facilitator"))
    AwardCycle.objects.filter(pk=cycle.pk).update(created_by=world.mentee.user)
    award = cycle.awards.get(division=world.division)
    nomination = Nomination.objects.create(award=award, nominee=world.mentee,
                                           nominator=world.newfaculty,
                                           statement=secret("nomination-statement"))
    letter = NominationLetter(nomination=nomination, original_name=secret("letter-name"),
                              size=1000, pages=1)
    letter.file.save("letter.pdf", upload(pdf_bytes()), save=True)
    scorecard = Scorecard.objects.create(nomination=nomination, scorer=world.mentee,
                                         comment=secret("score-comment"), total=4)
    score = CriterionScore.objects.create(scorecard=scorecard, criterion=cycle.rubric.first(),
                                          points=4)
    other_cycle = cycle_for(world, "nominating")
    other_nomination = Nomination.objects.create(
        award=other_cycle.awards.first(), nominee=world.mentor, nominator=world.director,
        statement="Another nomination")
    rows = {
        AwardCycle: cycle, Award: award, RubricCriterion: cycle.rubric.first(),
        CommitteeMember: cycle.committee.get(person=world.mentee), Nomination: nomination,
        NominationLetter: letter, Scorecard: scorecard, CriterionScore: score,
        Recognition: Recognition.objects.create(award=award, person=world.mentee,
                                                published_at=timezone.now()),
        PortfolioNaming: PortfolioNaming.objects.create(
            mentorship=world.mentorship, mentor_wants_name=True,
            requested_at=timezone.now()),
    }
    others = {
        AwardCycle: other_cycle, Award: other_nomination.award, Nomination: other_nomination,
        Scorecard: Scorecard.objects.create(nomination=other_nomination,
                                            scorer=world.facilitator, total=3),
    }
    return rows, others


def _plant_matching(world, mentorship) -> tuple[dict, dict]:
    """The mentee's needs with both identity opt-ins, and an introduction they asked for
    with a message and a decline reason."""
    from matching.models import Introduction, MenteeNeeds, MentorProfile, NeedTopic

    needs = MenteeNeeds.objects.create(faculty=world.mentee, wants_gender_concordance=True,
                                       wants_identity_concordance=True)
    need_topic = NeedTopic.objects.create(needs=needs, topic=Topic.objects.first(), priority=1)
    introduction = Introduction.objects.create(
        mentee=world.mentee, mentor=world.mentor, message=secret("intro-message"),
        decline_reason=secret("decline-reason"), status="declined", mentorship=mentorship)
    offer = MentorProfile.objects.create(faculty=world.mentee)
    offer.topics.add(Topic.objects.first())
    offer.sites.add(world.mentee.site)
    rows = {MenteeNeeds: needs, NeedTopic: need_topic, Introduction: introduction,
            MentorProfile: offer, **_plant_proposals(world, mentorship)}
    # Like consent above: every opt-in is given, so "False" matches nobody.
    others = {MenteeNeeds: MenteeNeeds.objects.create(faculty=world.outsider,
                                                      wants_gender_concordance=True,
                                                      wants_identity_concordance=True),
              MentorProfile: MentorProfile.objects.create(faculty=world.outsider),
              **_other_proposals(world)}
    return rows, others


def _plant_proposals(world, mentorship) -> dict:
    """A proposal to the mentee whose both answers carry a reason, the department's score
    weights, and a cohort run with one pair."""
    from matching.models import CohortPair, CohortRun, Proposal, ScoreWeights

    run = CohortRun.objects.create(department=world.department, division=world.division,
                                   appointed_since=datetime.date(2026, 7, 1),
                                   created_by=world.mentee.user)
    proposal = Proposal.objects.create(
        mentee=world.mentee, mentor=world.newfaculty, kind="buddy", division=world.division,
        cohort_run=run, mentorship=mentorship,
        mentee_answer="declined", mentee_reason=secret("proposal-mentee-reason"),
        mentor_answer="declined", mentor_reason=secret("proposal-mentor-reason"),
        state="declined", proposed_by=world.mentee.user)
    return {Proposal: proposal, CohortRun: run,
            CohortPair: CohortPair.objects.create(run=run, mentee=world.mentee),
            ScoreWeights: ScoreWeights.objects.create(department=world.department)}


def _other_proposals(world) -> dict:
    from matching.models import CohortRun, Proposal

    return {
        Proposal: Proposal.objects.create(mentee=world.newfaculty, mentor=world.mentor,
                                          division=world.division),
        CohortRun: CohortRun.objects.create(department=world.department,
                                            appointed_since=datetime.date(2026, 7, 1)),
    }


def _plant_surveys(world) -> tuple[dict, dict]:
    """An identified run the mentee answered (so an attribution names them) with a planted
    comment and counters, and another run with its own response."""
    from surveys.models import (
        Answer,
        Attribution,
        Ballot,
        Completion,
        Invitation,
        PulseFollowUp,
        Question,
        Response,
        Section,
        Survey,
        SurveyVersion,
        Tally,
    )
    from tests.surveys.factories import launch, survey_for

    survey = survey_for(world)
    run = launch(world, survey, anonymous=False)
    other_run = launch(world, survey, title="Another run")
    # Every path to an account ends at the mentee's, whose secrets are planted.
    type(run).objects.filter(pk=run.pk).update(launched_by=world.mentee.user)
    Survey.objects.filter(pk=survey.pk).update(created_by=world.mentee.user)
    question = Question.objects.filter(section__version=run.version, kind="text").first()
    response = Response.objects.create(run=run, submitted_on=timezone.localdate())
    rows = {
        Survey: survey, SurveyVersion: run.version, Section: question.section,
        Question: question, type(run): run,
        Invitation: Invitation.objects.create(run=run, person=world.mentee,
                                              mentorship=world.mentorship,
                                              token_hash=secret("token")[:64],
                                              invited_on=timezone.localdate()),
        Completion: Completion.objects.create(run=run, person=world.mentee),
        Response: response,
        Answer: Answer.objects.create(response=response, question=question,
                                      text=secret("survey-comment"), choices=[7],
                                      number=4),
        Ballot: Ballot.objects.create(run=run, sealed=secret("ballot-sealed").encode()),
        Tally: Tally.objects.create(run=run, question=question, dimension="division",
                                    group=secret("tally-group"), option=f"{TOKEN}-o",
                                    count=3),
        Attribution: Attribution.objects.create(response=response, person=world.mentee,
                                                consented=True),
        PulseFollowUp: PulseFollowUp.objects.create(run=run, person=world.mentee,
                                                    raised_on=timezone.localdate()),
    }
    others = {type(run): other_run,
              Response: Response.objects.create(run=other_run,
                                                submitted_on=timezone.localdate())}
    return rows, others


# --- who asks ------------------------------------------------------------------------------


def superuser() -> User:
    return User.objects.create_superuser(email="root@test.example", password="x-long-pass-2026")


def staff_with_every_permission() -> User:
    """Staff who may view, add, change and delete everything, but is not a superuser."""
    user = UserFactory(email="staff@test.example", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    return User.objects.get(pk=user.pk)  # no cached permissions


# --- asking a changelist a question --------------------------------------------------------


def relation_path(source, target) -> str | None:
    """The shortest lookup path from one model to another over any relation (forward or
    reverse), as a changelist query string would spell it; "" for the model itself."""
    if source is target:
        return ""
    seen = {source}
    queue = deque([(source, [])])
    while queue:
        current, path = queue.popleft()
        for fld in current._meta.get_fields():
            if not fld.is_relation or fld.related_model is None or fld.related_model in seen:
                continue
            step = [*path, fld.name]
            if fld.related_model is target:
                return LOOKUP_SEP.join(step)
            seen.add(fld.related_model)
            queue.append((fld.related_model, step))
    return None


def probes(model, name: str, value) -> tuple[tuple[str, str], tuple[str, str]]:
    """(lookup suffix, value) matching the planted row, and one matching no row at all."""
    fld = model._meta.get_field(name)
    if isinstance(fld, (models.CharField, models.TextField, models.FileField)):
        return ("__startswith", str(value)[:24]), ("__startswith", RANDOM)
    if isinstance(fld, models.JSONField):  # JSON compared as its text
        return ("__icontains", str(value)[:24]), ("__icontains", RANDOM)
    if isinstance(fld, models.DateTimeField):
        return ("__date", value.date().isoformat()), ("__date", NO_DATE)
    if isinstance(fld, models.DateField):
        return ("", value.isoformat()), ("", NO_DATE)
    if isinstance(fld, models.BooleanField):
        return ("", str(value)), ("", str(not value))
    if isinstance(fld, models.IntegerField):
        return ("", str(value)), ("", "99")
    if isinstance(fld, models.BinaryField):  # the bytes themselves (memoryview on PostgreSQL)
        return ("", bytes(value)), ("", RANDOM.encode())
    raise AssertionError(f"no probe for {model.__name__}.{name} ({type(fld).__name__})")


def questions(model, planted: Planted) -> list[tuple[str, str, str, str]]:
    """(what, lookup, planted value, random value) for every confidential field and every
    model with confidential rows that this model's changelist could reach."""
    found = []
    for target, name in confidential_targets():
        path = relation_path(model, target)
        if path is None:
            continue
        (suffix, hit), (_, miss) = probes(target, name, planted.values[(target, name)])
        lookup = LOOKUP_SEP.join(part for part in (path, name) if part) + suffix
        found.append((f"{target.__name__}.{name}", lookup, hit, miss))
    for target in project_models():
        path = relation_path(model, target)
        if has_confidential_rows(target) and path:
            # A key no row has: 0, or the nil UUID for rows with random keys.
            miss = ("00000000-0000-0000-0000-000000000000"
                    if isinstance(target._meta.pk, models.UUIDField) else "0")
            found.append((f"{target.__name__} rows", path, str(planted.rows[target].pk), miss))
    return found


def answer(response) -> tuple[int, int | None]:
    """What a changelist says: its status and, when it lists, how many rows."""
    context = response.context or {}
    changelist = context.get("cl") if response.status_code == 200 else None
    return response.status_code, (changelist.result_count if changelist else None)


def admin_url(model, view: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- submitting a change form as the browser would ----------------------------------------


def _add_form(data: dict, form) -> None:
    for name, fld in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(fld.widget, forms.MultiWidget):
            parts = fld.widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(fld, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else str(value)


def change_form_data(response) -> dict:
    """The data a browser would post back, unchanged, from an admin change page."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        _add_form(data, inline.formset.management_form)
        for form in inline.formset.forms:
            _add_form(data, form)
    return data
