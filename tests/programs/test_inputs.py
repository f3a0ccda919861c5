"""Every form and page input of the app, under hostile and careless input: no 5xx, a
message the person can act on, nothing written when refused, and nothing saved silently
wrong when accepted (issue 7, sections 5 and 7). The roster import has its own tests."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from awards.forms.cycles import CycleForm, WallChoiceForm, WinnersForm
from awards.forms.nominations import NominationForm, NomineeQuery
from awards.forms.portfolio import NamingAnswerForm, NamingForm
from awards.forms.scoring import ScoreForm
from checkins.forms.meetings import MeetingForm, PrivateNoteForm
from checkins.forms.planned import PlannedMeetingChangeForm, PlannedMeetingForm
from checkins.forms.reviews import AnnualReviewForm, ReviewScreenQuery, ViceChairCheckinForm
from matching.forms.imports import SurveyConfirmForm
from matching.forms.introductions import DeclineForm, IntroductionForm
from matching.forms.profiles import NeedsForm, OfferForm
from matching.forms.proposals import (
    CohortPairForm,
    CohortStartForm,
    ProposalAnswerForm,
    ProposeForm,
)
from programs.admin import UserAddForm
from programs.forms.agreements import AgreementForm, GuidelineForm
from programs.forms.development import AttendanceForm, EventForm
from programs.forms.notifications import NotificationPreferencesForm
from programs.forms.people import DemographicsForm
from programs.forms.plans import (
    DivisionPlansQuery,
    GoalForm,
    MilestoneForm,
    PlanProgressForm,
    PlanReviewForm,
    PlanRevisionForm,
    PlanVersionsQuery,
)
from programs.forms.requests import (
    ChangeRequestForm,
    ChangeRequestResolveForm,
    MentorshipEndForm,
)
from programs.forms.roster import RosterConfirmForm, RosterExportForm
from programs.models import (
    AcademicPlan,
    ChangeRequest,
    Division,
    FacultyMember,
    GuidelinePage,
    Mentorship,
    MentorshipAgreement,
    PlanGoal,
    PlanProgress,
)
from programs.services.agreements import agreement_initial
from programs.services.plans import plan_submit
from programs.services.requests import RequestError, change_request_resolve
from surveys.forms.answers import AnswerForm
from surveys.forms.builder import MoveForm, QuestionForm, SectionForm, SurveyNewForm
from surveys.forms.interest import TopicSupplyQuery
from surveys.forms.runs import RunForm
from surveys.models import Question
from tests.awards.factories import cycle_for
from tests.checkins.factories import PlannedMeetingFactory
from tests.inputs import (
    FUZZ,
    check_cleaned,
    check_errors,
    data_for,
    mostly,
    numbers,
    post_raw,
    refused,
    texts,
)
from tests.programs.factories import MentorshipFactory
from tests.programs.plan_helpers import goal, plan_post, revision_of
from tests.programs.test_bounds import every_form_class

YEAR = datetime.date.today().year

# How to build each form for a world. A new form fails
# `test_every_form_is_tried_with_hostile_input` until it is added here.
FORMS = {
    MeetingForm: lambda w: {"mentorship": w.mentorship},
    PlannedMeetingForm: lambda w: {"mentorship": w.mentorship},
    PlannedMeetingChangeForm: lambda w: {"planned": PlannedMeetingFactory(mentorship=w.mentorship)},
    PrivateNoteForm: lambda w: {"has_note": True, "mentorship": w.mentorship},
    AgreementForm: lambda w: {"mentorship": w.mentorship},
    GuidelineForm: lambda w: {"instance": GuidelinePage.objects.first()},
    GoalForm: lambda w: {"instance": PlanGoal(plan=AcademicPlan.objects.get_or_create(
        faculty=w.mentee)[0])},
    MilestoneForm: lambda w: {},
    PlanProgressForm: lambda w: {},
    PlanReviewForm: lambda w: {},
    PlanRevisionForm: lambda w: {},
    PlanVersionsQuery: lambda w: {},
    DivisionPlansQuery: lambda w: {},
    ChangeRequestForm: lambda w: {"mentorships": Mentorship.objects.filter(mentee=w.mentee)},
    ChangeRequestResolveForm: lambda w: {"can_end": True},
    MentorshipEndForm: lambda w: {},
    DemographicsForm: lambda w: {},
    RosterConfirmForm: lambda w: {},
    RosterExportForm: lambda w: {},
    UserAddForm: lambda w: {},
    EventForm: lambda w: {"department": w.department},
    AttendanceForm: lambda w: {"registrations": []},
    CycleForm: lambda w: {"department": w.department},
    WinnersForm: lambda w: {"nomination_ids": [1, 2, 3]},
    WallChoiceForm: lambda w: {},
    NominationForm: lambda w: {"cycle": cycle_for(w), "nominator": w.mentee},
    NomineeQuery: lambda w: {},
    ScoreForm: lambda w: {"criteria": list(cycle_for(w).rubric.all())},
    NamingForm: lambda w: {"mentorship_ids": [w.mentorship.pk]},
    NamingAnswerForm: lambda w: {},
    NotificationPreferencesForm: lambda w: {},
    AnnualReviewForm: lambda w: {"year_start": w.department.program_year()[0],
                                 "owners": [w.mentee, w.director], "back_to": "/"},
    ViceChairCheckinForm: lambda w: {"owners": [w.mentee, w.vicechair], "back_to": "/"},
    ReviewScreenQuery: lambda w: {},
    OfferForm: lambda w: {},
    NeedsForm: lambda w: {},
    IntroductionForm: lambda w: {},
    DeclineForm: lambda w: {},
    SurveyConfirmForm: lambda w: {},
    ProposeForm: lambda w: {"mentors": FacultyMember.objects.filter(department=w.department)},
    ProposalAnswerForm: lambda w: {},
    CohortStartForm: lambda w: {"divisions": Division.objects.all(), "whole_department": True},
    CohortPairForm: lambda w: {"mentors": FacultyMember.objects.filter(department=w.department)},
    SurveyNewForm: lambda w: {},
    SectionForm: lambda w: {},
    QuestionForm: lambda w: {"sections": [(1, "One"), (2, "Two")]},
    MoveForm: lambda w: {},
    RunForm: lambda w: {"department": w.department},
    TopicSupplyQuery: lambda w: {"department": w.department},
    # Every kind of question: the interest template (ranked pick, choices, text) and the
    # evaluation's scores.
    AnswerForm: lambda w: {"questions": list(Question.objects.filter(
        section__version__survey__is_template=True, section__version__survey__kind__in=[
            "interest", "evaluation"])), "identified": True},
}
# Tried elsewhere: the upload by the roster import's tests, the base row form through
# GoalForm and MilestoneForm, the roster filter by the query-string test below; the
# follow-ups' base form through the annual review and the Vice-Chair check-in; the survey
# upload and the mentor directory's filter by matching's own tests.
ELSEWHERE = {"RosterUploadForm", "_PlanRowForm", "RosterFilterForm", "_WithFollowUps",
             "SurveyUploadForm", "DirectoryFilterForm", "CsvUploadForm"}


def test_every_form_is_tried_with_hostile_input():
    walked = {cls.__name__ for cls in every_form_class()}
    assert walked - ELSEWHERE == {cls.__name__ for cls in FORMS}


@pytest.mark.parametrize("form_class", list(FORMS), ids=lambda cls: cls.__name__)
@FUZZ
@given(data=st.data())
def test_any_input_is_either_refused_in_words_or_cleaned_within_bounds(
        world, form_class, data):
    kwargs = FORMS[form_class](world)
    fields = form_class(**kwargs).fields  # after __init__: choices and narrowed ranges
    posted = data.draw(data_for(fields))
    form = form_class(posted, **kwargs)
    if form.is_valid():
        check_cleaned(form)
    else:
        check_errors(form)


# --- Pages that write: refused means nothing written, accepted means as typed ------


def plan_url(name: str, world) -> str:
    return reverse(f"programs:{name}", kwargs={"pk": world.mentee.pk})


@FUZZ
@example(note="Funded. " * 600)
@example(note="Funded\x01")
@given(note=texts)
def test_a_progress_note_is_saved_as_typed_or_refused_in_words(client, world, login, note):
    AcademicPlan.objects.get_or_create(faculty=world.mentee)
    login(world.mentee)
    before = list(PlanProgress.objects.values_list("note", flat=True))
    response = post_raw(client, plan_url("plan_progress", world), {"note": note})
    if refused(response, "progress_form"):
        assert list(PlanProgress.objects.values_list("note", flat=True)) == before
    else:
        assert PlanProgress.objects.get().note == note.strip()


@FUZZ
@example(row=goal("Grant\x00aims"))
@example(row=goal("Grant \u202esmia"))
@example(row=goal("Grant", year=9999))
@given(row=data_for(GoalForm.base_fields, {
    "domain": mostly("research", st.sampled_from(["\x00", "astrology"])),
    "target_year": mostly(str(YEAR + 1), numbers),
    "status": mostly("done", st.sampled_from(["", "\u202e"])),
}))
def test_a_plan_edit_row_is_saved_as_typed_or_refused_in_words(client, world, login, row):
    login(world.mentee)
    before = sorted(PlanGoal.objects.values_list("description", "target_year", "domain"))
    response = post_raw(client, plan_url("plan_edit", world),
                        plan_post([row], revision=revision_of(world.mentee)))
    after = sorted(PlanGoal.objects.values_list("description", "target_year", "domain"))
    if refused(response, None):
        if response.status_code == 200:
            edit = response.context["edit"]
            assert any(form.errors for form in edit.goals) or edit.goals.non_form_errors()
        assert after == before
    else:
        added = set(after) - set(before)
        assert added <= {(row["description"].strip(), int(row["target_year"]),
                          row["domain"])}


@FUZZ
@given(data=st.data())
def test_the_agreement_is_saved_as_typed_or_refused_in_words(client, world, login, data):
    login(world.mentor)
    url = reverse("programs:agreement", kwargs={"pk": world.mentorship.pk})
    fields = AgreementForm(mentorship=world.mentorship).fields
    current = MentorshipAgreement.objects.filter(mentorship=world.mentorship).first()
    posted = data.draw(data_for(fields, {"based_on": st.just(
        current.content_version if current else "")}))
    before = MentorshipAgreement.objects.values_list("goals", "review_date").first()
    response = post_raw(client, url, posted)
    after = MentorshipAgreement.objects.values_list("goals", "review_date").first()
    if refused(response):
        assert after == before
    else:
        assert after[0] == posted["goals"].strip()


@FUZZ
@given(data=st.data())
def test_a_change_request_and_its_resolution_take_anything_without_a_5xx(
        client, world, login, data):
    ChangeRequest.objects.all().delete()
    login(world.mentee)
    posted = data.draw(data_for(ChangeRequestForm(
        mentorships=Mentorship.objects.filter(mentee=world.mentee)).fields))
    response = post_raw(client, reverse("programs:change_request_new"), posted)
    if refused(response):
        assert not ChangeRequest.objects.exists()
        return
    request = ChangeRequest.objects.get()
    assert request.reason == posted["reason"].strip()
    login(world.facilitator)
    outcome = data.draw(texts)
    url = reverse("programs:change_request_resolve", kwargs={"pk": request.pk})
    response = post_raw(client, url, {"outcome": outcome})
    request.refresh_from_db()
    assert request.is_open == refused(response)
    if not request.is_open:
        assert request.outcome == outcome.strip()


@FUZZ
@given(data=st.data())
def test_ending_takes_anything_without_a_5xx(client, world, login, data):
    mentorship = Mentorship.objects.filter(
        mentee=world.mentee, mentor=world.outsider, end_date__isnull=True).first() or (
        MentorshipFactory(mentee=world.mentee, mentor=world.outsider,
                          kind=Mentorship.Kind.INFORMAL))
    login(world.mentee)
    end = data.draw(data_for(MentorshipEndForm.base_fields))
    response = post_raw(client, reverse("programs:mentorship_end",
                                        kwargs={"pk": mentorship.pk}), end)
    mentorship.refresh_from_db()
    assert (mentorship.end_date is None) == refused(response)
    if mentorship.end_date is None:
        return
    assert mentorship.end_note == end["note"].strip()


@FUZZ
@example(posted={"title": "Definitions", "summary": "", "body": "Mentorship\x1b[2J"})
@given(posted=data_for(GuidelineForm.base_fields))
def test_a_guideline_page_is_saved_as_typed_or_refused_in_words(client, world, login, posted):
    login(world.admin)
    page = GuidelinePage.objects.get(slug="definitions")
    before = GuidelinePage.objects.values_list("title", "summary", "body").get(pk=page.pk)
    response = post_raw(client, reverse("programs:guideline_edit", kwargs={"slug": page.slug}),
                        posted)
    after = GuidelinePage.objects.values_list("title", "summary", "body").get(pk=page.pk)
    if refused(response):
        assert after == before
    else:
        assert after == tuple(posted[name].strip() for name in ("title", "summary", "body"))


# --- Query strings ------------------------------------------------------------------

QUERY_PAGES = [
    ("programs:division_roster", lambda w: {"pk": w.division.pk}, "director",
     ["q", "stage", "site", "rank", "status", "mentor", "sort", "page"]),
    ("programs:plan_versions", lambda w: {"pk": w.mentee.pk}, "mentee", ["old", "new"]),
    ("programs:division_plans", lambda w: {"pk": w.division.pk}, "director", ["state", "page"]),
    ("programs:agreement", lambda w: {"pk": w.mentorship.pk}, "mentee", ["edit"]),
    ("programs:change_request_new", lambda w: {}, "mentee", ["kind"]),
    ("awards:nominate", lambda w: {"pk": cycle_for(w).pk}, "mentee", ["nominee"]),
]
query_values = st.one_of(texts, st.integers(-(10**30), 10**30).map(str),
                         st.sampled_from(["%00", "\x00", "99999999999999999999", "-1", "abc",
                                          "²", "-appointed,site", "name,,", "9" * 5000]))


@pytest.mark.parametrize(("name", "kwargs", "persona", "params"), QUERY_PAGES,
                         ids=[row[0] for row in QUERY_PAGES])
@FUZZ
@given(data=st.data())
def test_no_query_string_gives_a_server_error(client, world, login, name, kwargs, persona,
                                              params, data):
    plan = AcademicPlan.objects.get_or_create(faculty=world.mentee)[0]
    if not PlanGoal.objects.filter(plan=plan).exists():
        PlanGoal.objects.create(plan=plan, domain="research", description="Grant",
                                target_year=YEAR + 1)
    login(world.person(persona))
    query = data.draw(st.dictionaries(st.sampled_from(params), query_values, min_size=1))
    url = reverse(name, kwargs=kwargs(world))
    response = client.get(url, {key: value.encode("utf-8", "surrogatepass")
                                for key, value in query.items()})
    assert response.status_code == 200, (query, response.status_code)


def test_a_version_number_in_another_script_is_ignored_not_a_500(client, world, login):
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    PlanGoal.objects.create(plan=plan, domain="research", description="Grant",
                            target_year=YEAR + 1)
    plan_submit(plan=plan, by=world.mentee.user)
    login(world.mentee)
    response = client.get(plan_url("plan_versions", world), {"old": "²", "new": "٣"})
    assert response.status_code == 200


def test_a_roster_search_too_long_is_refused_beside_the_box(client, world, login):
    login(world.director)
    response = client.get(reverse("programs:division_roster", kwargs={"pk": world.division.pk}),
                          {"q": "Tester" * 20})
    assert response.status_code == 200
    assert ("Keep this to 100 characters or fewer (it has 120)"
            in unescape(response.content.decode()))


# --- Nothing saved silently wrong ---------------------------------------------------


def agreement_post(world, based_on: str, **changes) -> dict:
    data = agreement_initial(mentorship=world.mentorship)
    data["review_date"] = data["review_date"].isoformat()
    return {**data, "based_on": based_on, **changes}


def test_an_agreement_saved_from_a_stale_page_is_refused_with_both_versions(
        client, world, login):
    url = reverse("programs:agreement", kwargs={"pk": world.mentorship.pk})
    login(world.mentee)
    client.post(url, agreement_post(world, "", goals="Grant by June"))
    seen = MentorshipAgreement.objects.get().content_version  # both open the edit page
    client.post(url, agreement_post(world, seen, goals="Two grants by May"))
    login(world.mentor)
    response = client.post(url, agreement_post(world, seen, goals="A teaching award"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Mentee Tester changed it while you were editing, so your text was not saved" in html
    assert "Two grants by May" in html and "A teaching award" in html
    assert MentorshipAgreement.objects.get().goals == "Two grants by May"
    # Saving the form again, now read against the current text, goes through.
    again = response.context["form"].data
    assert client.post(url, again).status_code == 302
    assert MentorshipAgreement.objects.get().goals == "A teaching award"


def test_resolving_a_request_someone_else_just_resolved_says_so(world):
    request = ChangeRequest.objects.create(mentee=world.mentee, division=world.division,
                                           kind="additional")
    change_request_resolve(change_request=request, by=world.director.user, outcome="Matched")
    with pytest.raises(RequestError) as error:
        change_request_resolve(change_request=request, by=world.facilitator.user,
                               outcome="Another plan")
    assert error.value.code == "already_resolved"
    request.refresh_from_db()
    assert request.outcome == "Matched"

