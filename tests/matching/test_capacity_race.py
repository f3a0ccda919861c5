"""Two acceptances racing for a mentor's last place, in real concurrent transactions on
PostgreSQL: one wins, the other is refused with a message that says why."""

import threading

import pytest
from django.db import connection, connections

from matching.models import Proposal
from matching.services.proposals import proposal_answer, proposal_create
from programs.models import Mentorship
from tests.conftest import make_world
from tests.matching.helpers import offer

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks are what is tested, on PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_acceptances_for_the_last_place_one_wins_one_is_told_why():
    world = make_world()
    offer(world.mentor, "teaching", capacity=2)  # one place left: mentee@ holds the other
    proposals = [proposal_create(mentee=person, mentor=world.mentor, kind="formal", by=None)
                 for person in (world.newfaculty, world.outsider)]
    for proposal in proposals:
        proposal_answer(proposal=proposal, side="mentee", accept=True, by=None)

    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}
    errors: list[BaseException] = []

    def accept(proposal: Proposal) -> None:
        try:
            barrier.wait(timeout=10)
            outcome = proposal_answer(proposal=proposal, side="mentor", accept=True, by=None)
            outcomes[proposal.pk] = outcome.refused
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    refused = [message for message in outcomes.values() if message]
    assert len(outcomes) == 2 and len(refused) == 1
    assert "no free place left" in refused[0]
    assert Mentorship.objects.active().formal().filter(mentor=world.mentor).count() == 2
    states = sorted(Proposal.objects.values_list("state", flat=True))
    assert states == ["matched", "refused"]
