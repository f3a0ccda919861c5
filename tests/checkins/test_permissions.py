"""The permission matrix for every checkins URL.

Every row builds `checkins_objects(world)`: a meeting the mentee logged (with an action
item and the mentee's private note) and a planned meeting. POST rows send an empty form.
"""

import pytest
from django.urls import reverse

from tests.checkins.factories import (
    ActionItemFactory,
    MeetingFactory,
    PlannedMeetingFactory,
    PrivateNoteFactory,
)
from tests.checkins.rhythm_matrix import RHYTHM
from tests.conftest import World
from tests.permissions import Row, cells, check_cell, only


def checkins_objects(world: World) -> dict:
    meeting = MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee)
    PrivateNoteFactory(meeting=meeting, author=world.mentee)
    return {
        "meeting": meeting,
        "action_item": ActionItemFactory(meeting=meeting),
        "planned": PlannedMeetingFactory(mentorship=world.mentorship),
    }


def mentorship_kwargs(world: World, extra: dict) -> dict:
    return {"pk": world.mentorship.pk}


def with_objects(kwargs):
    return lambda world: kwargs(world, checkins_objects(world))


METADATA_TIER = only("mentee", "mentor", "director", "facilitator", "vicechair", "admin")
MEMBERS = only("mentee", "mentor")

MATRIX: list[Row] = [
    Row("checkins:mentorship_detail", with_objects(mentorship_kwargs), METADATA_TIER),
    Row("checkins:meeting_new", with_objects(mentorship_kwargs), MEMBERS),
    # empty form: errors, 200
    Row("checkins:meeting_new", with_objects(mentorship_kwargs), MEMBERS, method="post"),
    Row("checkins:planned_new", with_objects(mentorship_kwargs), MEMBERS),
    Row("checkins:planned_new", with_objects(mentorship_kwargs), MEMBERS, method="post"),
    # The mentee logged it, so only the mentor confirms; the mentee may see but not do it.
    Row("checkins:meeting_confirm", with_objects(lambda w, e: {"pk": e["meeting"].pk}),
        only("mentor", status=302, mentee=403), method="post"),
    Row("checkins:private_note", with_objects(lambda w, e: {"pk": e["meeting"].pk}), MEMBERS),
    # An empty note is refused with a message (200); deleting is asked for in words.
    Row("checkins:private_note", with_objects(lambda w, e: {"pk": e["meeting"].pk}),
        MEMBERS, method="post"),
    Row("checkins:private_note", with_objects(lambda w, e: {"pk": e["meeting"].pk}),
        only("mentee", "mentor", status=302), method="post", label="delete",
        data=lambda w: {"delete": "1"}),
    Row("checkins:action_item_toggle", with_objects(lambda w, e: {"pk": e["action_item"].pk}),
        only("mentee", "mentor", status=302), method="post"),
    Row("checkins:planned_ics", with_objects(lambda w, e: {"pk": e["planned"].pk}), MEMBERS),
    # Either member changes or cancels a planned meeting; nobody else learns it exists.
    Row("checkins:planned_edit", with_objects(lambda w, e: {"pk": e["planned"].pk}), MEMBERS),
    # empty form: errors, 200
    Row("checkins:planned_edit", with_objects(lambda w, e: {"pk": e["planned"].pk}), MEMBERS,
        method="post"),
    Row("checkins:planned_cancel", with_objects(lambda w, e: {"pk": e["planned"].pk}),
        MEMBERS),
    Row("checkins:planned_cancel", with_objects(lambda w, e: {"pk": e["planned"].pk}),
        only("mentee", "mentor", status=302), method="post"),
    *RHYTHM,
]


@pytest.mark.parametrize(("row", "persona"), cells(MATRIX))
def test_status(client, world, login, row: Row, persona: str):
    check_cell(client, world, login, row, persona)


def test_every_checkins_url_has_a_row():
    from checkins.urls import urlpatterns

    covered = {row.name for row in MATRIX}
    assert {f"checkins:{pattern.name}" for pattern in urlpatterns} <= covered


def test_a_director_of_another_division_gets_404_on_a_meeting_page_of_her_own_mentee(
        client, world, login):
    """Even the otherdirector's access to her own division grants nothing here."""
    login(world.otherdirector)
    extra = checkins_objects(world)
    for name, kwargs in [("checkins:mentorship_detail", {"pk": world.mentorship.pk}),
                         ("checkins:planned_ics", {"pk": extra["planned"].pk}),
                         ("checkins:planned_edit", {"pk": extra["planned"].pk}),
                         ("checkins:planned_cancel", {"pk": extra["planned"].pk})]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
