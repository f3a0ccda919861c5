"""Answering from the personal link (no password, single use, expires at close) and when
signed in; errors keep the answers; a double submit records once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import Ballot, Completion, Response
from surveys.models.runs import Audience
from tests.surveys.factories import DAY, counted, invite, launch, question

pytestmark = pytest.mark.django_db


def _post(run, **values):
    data = {}
    for key, value in values.items():
        data[f"q{question(run, key).pk}"] = value
    return data


def test_the_emailed_link_opens_the_survey_without_signing_in_and_works_once(client, world):
    run = launch(world)
    token = invite(run, world.mentee)
    url = reverse("surveys:answer_link", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and b"This survey is anonymous" in page.content
    data = _post(run, eval_satisfaction=4, eval_recommend=9)
    done = client.post(url, data)
    assert done.status_code == 200 and b"your answers are recorded" in done.content
    # Anonymous: sealed in the ballot box, counted later with others.
    assert Ballot.objects.filter(run=run).count() == 1
    again = client.post(url, data)
    assert again.status_code == 410
    assert client.get(url).status_code == 410
    assert Ballot.objects.filter(run=run).count() == 1
    assert counted(run) == 1 and Response.objects.filter(run=run).count() == 1


def test_a_wrong_or_replaced_token_opens_nothing(client, world):
    run = launch(world)
    invite(run, world.mentee)
    response = client.get(reverse("surveys:answer_link", args=["not-a-token"]))
    assert response.status_code == 404


def test_the_link_expires_when_the_run_closes(client, world):
    today = timezone.localdate()
    run = launch(world, opens_on=today, closes_on=today)
    token = invite(run, world.mentee)
    run.opens_on = run.closes_on = today - DAY
    run.save()
    assert client.get(reverse("surveys:answer_link", args=[token])).status_code == 410


def test_errors_keep_every_answer_typed(client, world):
    run = launch(world)
    token = invite(run, world.mentee)
    data = _post(run, eval_recommend=7, eval_change="Keep this comment")  # satisfaction missing
    page = client.post(reverse("surveys:answer_link", args=[token]), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Keep this comment" in html
    assert re.search(r'value="7"\s+id="id_q\d+_7"\s+required checked', html)
    assert not Response.objects.exists() and not Completion.objects.exists()


def test_signed_in_from_the_home_page_and_a_double_submit_records_once(client, world, login):
    run = launch(world, audience=Audience.DIVISION, division=world.division)
    invite(run, world.mentee)
    login(world.mentee)
    home = client.get(reverse("home"))
    assert reverse("surveys:answer", args=[run.pk]) in home.content.decode()
    data = _post(run, eval_satisfaction=5, eval_recommend=10)
    first = client.post(reverse("surveys:answer", args=[run.pk]), data)
    assert first.status_code == 302
    second = client.post(reverse("surveys:answer", args=[run.pk]), data)
    assert second.status_code == 404  # nothing waits any more
    assert Ballot.objects.filter(run=run).count() == 1
    assert reverse("surveys:answer", args=[run.pk]) not in client.get(
        reverse("home")).content.decode()


def test_an_identified_run_asks_for_consent_before_recording(client, world):
    from tests.surveys.factories import survey_for
    run = launch(world, survey_for(world, "pulse"), anonymous=False)
    token = invite(run, world.mentee)
    url = reverse("surveys:answer_link", args=[token])
    assert b"This survey is identified" in client.get(url).content
    data = _post(run, pulse_helpful=4, pulse_cadence=4)
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "consent": "on"}).status_code == 200
    assert Response.objects.filter(run=run).count() == 1


def test_the_ranked_pick_refuses_a_topic_twice(client, world):
    from programs.models import Topic
    from tests.surveys.factories import survey_for
    run = launch(world, survey_for(world, "interest"), anonymous=False)
    token = invite(run, world.newfaculty)
    topic = Topic.objects.first()
    pick = question(run, "interest_topics").pk
    data = {f"q{question(run, 'interest_role').pk}": 1,
            f"q{pick}_first": topic.pk, f"q{pick}_second": topic.pk,
            f"q{question(run, 'interest_formats').pk}": [0], "consent": "on"}
    page = client.post(reverse("surveys:answer_link", args=[token]), data)
    assert page.status_code == 400 and b"Pick each topic once" in page.content
    assert isinstance(timezone.localdate(), datetime.date)
