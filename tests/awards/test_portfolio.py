"""The mentor portfolio: built from the program's records, counts only unless the mentee
agreed to be named, and a PDF whose text says what the page says."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import PortfolioNaming
from awards.pdf import portfolio_pdf, printable
from awards.selectors.portfolio import MEETINGS, portfolio_for
from awards.services import AwardError
from awards.services.portfolio import portfolio_naming_answer, portfolio_naming_choose
from checkins.models import Meeting
from programs.models import (
    AcademicPlan,
    DevelopmentEvent,
    EventRegistration,
    Mentorship,
    Notification,
    PlanMilestone,
)
from tests.awards.factories import cycle_for, departmental, recognise
from tests.programs.factories import DevelopmentEventFactory, MentorshipFactory

DAY = datetime.timedelta(days=1)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def history(world):
    """The mentor: the mentee now (two meetings this year), the outsider in the past (who
    went on to mentor the newcomer), a mentor workshop attended and a published award."""
    today = timezone.localdate()
    Meeting.objects.bulk_create([
        Meeting(mentorship=world.mentorship, held_on=today - 10 * DAY, duration_minutes=60),
        Meeting(mentorship=world.mentorship, held_on=today - 40 * DAY, duration_minutes=30),
    ])
    past = MentorshipFactory(mentee=world.outsider, mentor=world.mentor, kind="informal",
                             start_date=today - 1500 * DAY, end_date=today - 800 * DAY)
    MentorshipFactory(mentee=world.newfaculty, mentor=world.outsider,
                      start_date=today - 300 * DAY)
    plan = AcademicPlan.objects.create(faculty=world.outsider, status="approved",
                                       approved_at=timezone.now())
    PlanMilestone.objects.create(plan=plan, kind="promotion", target_year=today.year,
                                 done=True)
    workshop = DevelopmentEventFactory(department=world.department,
                                       kind=DevelopmentEvent.Kind.MENTOR_WORKSHOP,
                                       title="Mentoring conversations", duration_minutes=180,
                                       starts_at=timezone.now() - 200 * DAY)
    EventRegistration.objects.create(event=workshop, person=world.mentor, attended=True)
    cycle = cycle_for(world, "published")
    recognise(departmental(cycle), world.mentor)
    return {"past": past, "cycle": cycle}


def test_the_portfolio_gathers_mentees_meetings_milestones_awards_and_training(world, history):
    built = portfolio_for(world.mentor)
    assert [row.mentorship for row in built.current] == [world.mentorship]
    assert [row.mentorship for row in built.past] == [history["past"]]
    assert built.meetings == 2 and built.meeting_hours == 1.5
    assert (built.plans_approved, built.promotions, built.went_on_to_mentor) == (1, 1, 1)
    assert [r.award.name for r in built.awards] == ["Departmental Mentorship Award"]
    assert built.trained_on == timezone.localdate(timezone.now() - 200 * DAY)
    assert built.years_mentoring == 4  # 1,500 days ago
    assert built.mentoring_since.startswith("4 years, since ")
    # Every program year from the first mentorship to now, each with its hours by activity.
    assert built.years[0].start <= history["past"].start_date <= built.years[1].start
    this_year = built.years[-1]
    assert this_year.hours(MEETINGS) in (0.5, 1.0, 1.5)
    assert built.total_hours == pytest.approx(1.5 + 3.0)


def test_mentees_are_counted_not_named_unless_asked_and_agreed(world, history):
    built = portfolio_for(world.mentor)
    assert built.named == [] and built.unnamed_count == 2
    text = pdf_text(portfolio_pdf(built))
    assert "Mentee Tester" not in text and "Outsider Tester" not in text
    assert "2 mentees are counted above without their names" in text
    portfolio_naming_choose(mentorship=world.mentorship, mentor=world.mentor, wants_name=True)
    assert "Mentee Tester" not in pdf_text(portfolio_pdf(portfolio_for(world.mentor)))
    portfolio_naming_answer(mentorship=world.mentorship, mentee=world.mentee, consent=True)
    text = pdf_text(portfolio_pdf(portfolio_for(world.mentor)))
    assert "Mentee Tester" in text and "Outsider Tester" not in text
    # The mentee withdraws: counted again.
    portfolio_naming_answer(mentorship=world.mentorship, mentee=world.mentee, consent=False)
    assert "Mentee Tester" not in pdf_text(portfolio_pdf(portfolio_for(world.mentor)))


def test_the_mentee_is_asked_once_by_email_and_only_the_right_people_decide(world):
    portfolio_naming_choose(mentorship=world.mentorship, mentor=world.mentor, wants_name=True)
    portfolio_naming_choose(mentorship=world.mentorship, mentor=world.mentor, wants_name=True)
    asked = Notification.objects.filter(recipient=world.mentee.email)
    assert asked.count() == 1
    assert reverse("awards:naming", args=[world.mentorship.pk]) in asked.get().body
    with pytest.raises(AwardError):
        portfolio_naming_choose(mentorship=world.mentorship, mentor=world.mentee,
                                wants_name=True)
    with pytest.raises(AwardError):
        portfolio_naming_answer(mentorship=world.mentorship, mentee=world.mentor,
                                consent=True)


def test_the_pdf_names_the_award_and_states_hours_by_activity_per_year(world, history):
    text = pdf_text(portfolio_pdf(portfolio_for(world.mentor)))
    assert "Mentoring portfolio" in text and "Mentor Tester" in text
    assert "Departmental Mentorship Award" in text
    assert "Statement of hours by activity and program year" in text
    assert "Mentoring conversations" in text
    assert "Five-year plans approved" in text


def test_the_pdf_download_is_the_signed_in_mentors_own(client, world, login, history):
    login(world.mentor)
    response = client.get(reverse("awards:portfolio_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="mentoring-portf')
    assert "Mentor Tester" in pdf_text(response.content)
    login(world.mentee)
    assert "Mentor Tester" not in pdf_text(client.get(reverse("awards:portfolio_pdf")).content)


def test_names_outside_the_font_print_as_question_marks_not_an_error(world):
    world.mentor.user.first_name = "李"
    world.mentor.user.save()
    text = pdf_text(portfolio_pdf(portfolio_for(world.mentor)))
    assert "? Tester" in text
    assert printable("Zoë Ωmega 李") == "Zoë Ωmega ?"


def test_the_mentor_asks_to_name_from_the_portfolio_page_and_the_mentee_answers(
        client, world, login, history):
    login(world.mentor)
    ids = [world.mentorship.pk, history["past"].pk]
    response = client.post(reverse("awards:portfolio"),
                           {"named": [world.mentorship.pk], "shown": ids})
    assert response.status_code == 302
    naming = PortfolioNaming.objects.get()
    assert naming.waiting and naming.mentorship == world.mentorship
    login(world.mentee)
    url = reverse("awards:naming", args=[world.mentorship.pk])
    assert client.post(url, {"answer": "allow"}).status_code == 302
    naming.refresh_from_db()
    assert naming.named
    login(world.mentor)
    assert client.get(url).status_code == 404  # only the mentee answers


def test_a_mentorship_that_has_not_started_is_not_in_the_portfolio(world):
    MentorshipFactory(mentee=world.outsider, mentor=world.mentor,
                      start_date=timezone.localdate() + 30 * DAY,
                      kind=Mentorship.Kind.INFORMAL)
    assert [row.mentorship for row in portfolio_for(world.mentor).mentees] == [
        world.mentorship]
