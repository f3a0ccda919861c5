"""The ballot box (surveys.services.ballots): anonymous answers wait sealed and are counted
in shuffled batches, never one at a time; what is left is counted once the run closes."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from surveys.models import Answer, Ballot, Response, Run, Tally
from surveys.services.ballots import ballot_open, ballot_seal, ballots_count
from surveys.services.runs import survey_invitations_sweep
from tests.surveys.factories import DAY, answer, counted, launch, people_in, question, survey_for

pytestmark = pytest.mark.django_db


def _everyone_answered(run) -> int:
    return Tally.objects.get(run=run, question=question(run, "eval_satisfaction"),
                             dimension="all", option="").count


@override_settings(SURVEY_MIX_BATCH=3)
def test_answers_are_counted_only_while_a_batch_of_others_waits(
        world, django_capture_on_commit_callbacks):
    run = launch(world)
    people = people_in(world.division, 7)
    counts = []
    for person in people:
        with django_capture_on_commit_callbacks(execute=True):
            answer(run, person, {"eval_satisfaction": 4})
        counts.append(Response.objects.filter(run=run).count())
    # Nothing until 6 wait; then 3 of them (at random) are counted and 3 kept back.
    assert counts == [0, 0, 0, 0, 0, 3, 3]
    assert Ballot.objects.filter(run=run).count() == 4
    assert _everyone_answered(run) == 3
    assert counted(run) == 4  # the close counts the rest
    assert _everyone_answered(run) == Response.objects.filter(run=run).count() == 7
    assert not Ballot.objects.filter(run=run).exists()


def test_an_identified_run_records_at_once_and_seals_nothing(world):
    run = launch(world, survey_for(world, "pulse"), anonymous=False)
    assert answer(run, world.mentee, {"pulse_helpful": 4, "pulse_cadence": 4}) is not None
    assert Response.objects.filter(run=run).count() == 1
    assert not Ballot.objects.exists()


def test_a_sealed_ballot_keeps_no_length_and_opens_only_for_its_run(world, settings):
    run, other = launch(world), launch(world, title="Another run")
    short, long_ = people_in(world.division, 2)
    answer(run, short, {"eval_change": "Yes."})
    answer(run, long_, {"eval_change": "More protected time, please. " * 100})
    sealed = [bytes(b) for b in Ballot.objects.filter(run=run).values_list("sealed", flat=True)]
    assert len(sealed[0]) == len(sealed[1])
    opened = sorted((ballot_open(s, run.pk) for s in sealed), key=lambda b: len(str(b)))
    assert opened[0]["answers"][0][3] == "Yes." and opened[0]["groups"]["division"] == (
        world.division.name)
    with pytest.raises(ValueError):
        ballot_open(sealed[0], other.pk)  # moved to another run: refused
    tampered = bytearray(sealed[0])
    tampered[-1] ^= 1
    with pytest.raises(ValueError):
        ballot_open(bytes(tampered), run.pk)
    # After SECRET_KEY is rotated, the old key in SECRET_KEY_FALLBACKS still opens them.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789"
    assert ballot_open(sealed[0], run.pk)["answers"]
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError):
        ballot_open(sealed[0], run.pk)


def test_only_comments_over_the_padding_make_a_ballot_longer(world):
    run = launch(world)
    text = question(run, "eval_change")
    sizes = {len(ballot_seal(run=run, on=timezone.localdate(), groups={"division": "A"},
                             answers=[Answer(question=text, text="x" * n)]))
             for n in (1, 2_000, 4_000)}
    assert len(sizes) == 1
    huge = ballot_seal(run=run, on=timezone.localdate(), groups={}, answers=[
        Answer(question=text, text="é" * 4_000) for _ in range(3)])
    assert len(huge) > sizes.pop()


@override_settings(SURVEY_MIX_BATCH=5)
def test_the_hourly_sweep_counts_what_closed_runs_left_and_no_open_run(world):
    today = timezone.localdate()
    closed = launch(world, opens_on=today - 5 * DAY)
    open_ = launch(world, title="Still open")
    for person in people_in(world.division, 2):
        answer(closed, person, {"eval_satisfaction": 2}, on=today - 3 * DAY)
        answer(open_, person, {"eval_satisfaction": 5})
    Run.objects.filter(pk=closed.pk).update(closes_on=today - DAY)
    assert survey_invitations_sweep(on=today)["counted"] == 2
    assert Response.objects.filter(run=closed).count() == 2
    assert Ballot.objects.filter(run=open_).count() == 2
    assert survey_invitations_sweep(on=today)["counted"] == 0


def test_the_exit_answers_keep_the_month_through_the_box(world):
    run = launch(world)
    Run.objects.filter(pk=run.pk).update(audience="exit")
    run.refresh_from_db()
    answer(run, world.mentee, {"eval_satisfaction": 3})
    ballots_count(run_id=run.pk, everything=True)
    assert Response.objects.get(run=run).submitted_on == timezone.localdate().replace(day=1)


def test_the_results_say_how_many_answers_wait_to_be_counted(client, world, login):
    run = launch(world)
    for person in people_in(world.division, 2):
        answer(run, person, {"eval_satisfaction": 4})
    login(world.admin)
    page = client.get(reverse("surveys:run_results", args=[run.pk])).content.decode()
    assert 'data-testid="waiting"' in page and "2 more answers are sealed" in page
    counted(run)
    page = client.get(reverse("surveys:run_results", args=[run.pk])).content.decode()
    assert 'data-testid="waiting"' not in page


def test_a_ballot_sealed_under_a_lost_key_waits_and_blocks_no_other(world, settings, caplog):
    run = launch(world)
    first, second = people_in(world.division, 2)
    answer(run, first, {"eval_satisfaction": 2})
    previous = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789"
    answer(run, second, {"eval_satisfaction": 5})
    assert counted(run) == 1  # the old key is not in SECRET_KEY_FALLBACKS
    assert "could not be opened" in caplog.text
    assert Ballot.objects.filter(run=run).count() == 1
    settings.SECRET_KEY_FALLBACKS = [previous]
    assert counted(run) == 1
    assert _everyone_answered(run) == 2 and not Ballot.objects.filter(run=run).exists()
