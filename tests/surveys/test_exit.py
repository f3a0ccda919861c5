"""The exit questions: ending a mentorship asks each side, through the survey engine, in
the department's anonymous exit run of the program year. The mentor never reads the
mentee's answers (nobody reads one person's answers); a double submit records once."""

import ast
import pathlib

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programs.models import ExitFeedback, FacultyMember, Notification
from programs.services.requests import mentorship_close
from programs.tasks import send_pending_notifications
from surveys.models import Attribution, Ballot, Completion, Invitation, Response, Run
from surveys.models.runs import Audience
from surveys.services.exit import exit_invitations_send
from tests.programs.factories import MentorshipFactory
from tests.surveys.factories import counted, question

pytestmark = pytest.mark.django_db


def end(client, world, login, persona="mentee"):
    login(world.person(persona))
    return client.post(reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk}),
                       {"reason": "completed", "note": "", "confirm": "on"})


def exit_run() -> Run:
    return Run.objects.get(audience=Audience.EXIT)


def answers(run, **values):
    return {f"q{question(run, key).pk}": value for key, value in values.items()}


def test_ending_invites_each_side_to_the_years_anonymous_exit_run(
        client, world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = end(client, world, login)
    assert response["Location"] == reverse("home")
    run = exit_run()
    assert run.anonymous and run.survey.department == world.department
    start, next_start = world.department.program_year(timezone.localdate())
    assert run.opens_on == start and run.closes_on > next_start
    invited = {i.person_id: i.mentorship_id for i in Invitation.objects.filter(run=run)}
    assert invited == {world.mentee.pk: world.mentorship.pk, world.mentor.pk: world.mentorship.pk}
    home = client.get(reverse("home")).content.decode()
    assert "Exit questions about your mentorship with Mentor Tester" in home
    assert reverse("surveys:answer", args=[run.pk]) in home
    login(world.mentor)
    assert ("Exit questions about your mentorship with Mentee Tester"
            in client.get(reverse("home")).content.decode())
    send_pending_notifications()
    assert {m.to[0] for m in mail.outbox if "/surveys/a/" in m.body} == {
        world.mentee.user.email, world.mentor.user.email}


def test_the_mentee_answers_once_and_nothing_ties_the_answer_to_them(client, world, login):
    end(client, world, login)
    run = exit_run()
    url = reverse("surveys:answer", args=[run.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"This survey is anonymous" in page.content
    data = answers(run, exit_helpful=2, exit_again=1, exit_learn="We never met after May.")
    assert client.post(url, data)["Location"] == reverse("home")
    assert client.post(url, data).status_code == 404  # answered: the run is no longer theirs
    assert Ballot.objects.filter(run=run).count() == 1
    assert Completion.objects.filter(run=run, person=world.mentee).count() == 1
    assert counted(run) == 1
    assert not Attribution.objects.exists()
    assert Response.objects.get(run=run).submitted_on == timezone.localdate().replace(day=1)
    assert "Exit questions" not in client.get(reverse("home")).content.decode()
    assert not ExitFeedback.objects.exists()


def test_an_incomplete_answer_keeps_what_was_typed_and_records_nothing(client, world, login):
    end(client, world, login)
    run = exit_run()
    page = client.post(reverse("surveys:answer", args=[run.pk]),
                       answers(run, exit_learn="Kept as typed"))
    assert page.status_code == 400 and b"Kept as typed" in page.content
    assert not Response.objects.exists()


def test_the_mentor_never_reads_the_mentees_answers(client, world, login):
    end(client, world, login)
    run = exit_run()
    client.post(reverse("surveys:answer", args=[run.pk]),
                answers(run, exit_helpful=1, exit_again=2, exit_learn="A private regret."))
    login(world.mentor)
    for url in (reverse("surveys:run_results", args=[run.pk]),
                reverse("surveys:run_results_csv", args=[run.pk]),
                reverse("surveys:run_progress", args=[run.pk])):
        assert client.get(url).status_code == 404
    own = client.get(reverse("surveys:answer", args=[run.pk])).content.decode()
    assert "A private regret." not in own
    assert "A private regret." not in client.get(reverse("home")).content.decode()
    # The program office reads the exit answers in aggregate, under the thresholds.
    login(world.admin)
    results = client.get(reverse("surveys:run_results", args=[run.pk]))
    assert results.status_code == 200
    assert "A private regret." not in results.content.decode()
    assert settings.SURVEY_MIN_SCORES > 1


def test_a_second_ending_in_the_year_reuses_the_run_and_asks_nobody_twice(world):
    today = timezone.localdate()
    mentorship_close(mentorship=world.mentorship, reason="completed")
    other = MentorshipFactory(mentee=world.mentee, mentor=world.outsider, kind="informal")
    mentorship_close(mentorship=other, reason="completed")
    assert exit_invitations_send(mentorship=other, on=today) == 0  # a rerun: nobody
    run = exit_run()
    assert Run.objects.filter(audience=Audience.EXIT).count() == 1
    assert Invitation.objects.filter(run=run, person=world.mentee).count() == 1
    assert Invitation.objects.get(run=run, person=world.outsider).mentorship == other
    keys = Notification.objects.filter(key__startswith=f"survey-invitation:{run.pk}:")
    assert keys.count() == 3


def test_a_departed_member_is_not_asked(world):
    world.mentor.status = FacultyMember.Status.DEPARTED
    world.mentor.departure_date = timezone.localdate()
    world.mentor.save()
    mentorship_close(mentorship=world.mentorship, reason="completed")
    assert list(Invitation.objects.values_list("person_id", flat=True)) == [world.mentee.pk]


def test_the_exit_run_invites_nobody_else_on_the_hourly_sweep(world):
    from surveys.services.runs import survey_invitations_sweep

    mentorship_close(mentorship=world.mentorship, reason="completed")
    survey_invitations_sweep(on=timezone.localdate())
    assert Invitation.objects.count() == 2


def test_programs_never_imports_surveys():
    root = pathlib.Path(settings.BASE_DIR) / "programs"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "surveys" for n in names), path
