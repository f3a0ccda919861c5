"""The permission matrix for every checkins URL.

MATRIX_ROWS: (url_name, kwargs_builder(world, extra), method, {persona: status}).
`extra` comes from `checkins_objects(world)`: a meeting the mentee logged (with an action
item and the mentee's private note) and a planned meeting. POST rows send an empty form.
"""

import pytest
from django.urls import reverse

from tests.checkins_factories import (
    ActionItemFactory,
    MeetingFactory,
    PlannedMeetingFactory,
    PrivateNoteFactory,
)
from tests.conftest import World

ANONYMOUS = "anonymous"
COLUMNS = (ANONYMOUS, *World.PERSONAS)


def only(*allowed: str, status: int = 200, **others: int) -> dict[str, int]:
    expected = {persona: (status if persona in allowed else 404) for persona in World.PERSONAS}
    expected.update(others)
    return {ANONYMOUS: 302, **expected}


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


METADATA_TIER = only("mentee", "mentor", "director", "facilitator", "vicechair", "admin")
MEMBERS = only("mentee", "mentor")

MATRIX_ROWS = [
    ("checkins:mentorship_detail", mentorship_kwargs, "get", METADATA_TIER),
    ("checkins:meeting_new", mentorship_kwargs, "get", MEMBERS),
    ("checkins:meeting_new", mentorship_kwargs, "post", MEMBERS),  # empty form: errors, 200
    ("checkins:planned_new", mentorship_kwargs, "get", MEMBERS),
    ("checkins:planned_new", mentorship_kwargs, "post", MEMBERS),
    # The mentee logged it, so only the mentor confirms; the mentee may see but not do it.
    ("checkins:meeting_confirm", lambda w, e: {"pk": e["meeting"].pk}, "post",
     only("mentor", status=302, mentee=403)),
    ("checkins:private_note", lambda w, e: {"pk": e["meeting"].pk}, "get", MEMBERS),
    ("checkins:private_note", lambda w, e: {"pk": e["meeting"].pk}, "post",
     only("mentee", "mentor", status=302)),
    ("checkins:action_item_toggle", lambda w, e: {"pk": e["action_item"].pk}, "post",
     only("mentee", "mentor", status=302)),
    ("checkins:planned_ics", lambda w, e: {"pk": e["planned"].pk}, "get", MEMBERS),
]


def cells() -> list:
    return [pytest.param(row, persona, id=f"{row[2].upper()} {row[0]}-{persona}")
            for row in MATRIX_ROWS for persona in COLUMNS]


@pytest.mark.parametrize(("row", "persona"), cells())
def test_status(client, world, login, row, persona):
    name, kwargs_builder, method, expected = row
    extra = checkins_objects(world)
    if persona != ANONYMOUS:
        login(world.person(persona))
    response = getattr(client, method)(reverse(name, kwargs=kwargs_builder(world, extra)))
    assert response.status_code == expected[persona], (
        f"{method.upper()} {name} as {persona}: expected {expected[persona]}, "
        f"got {response.status_code}")
    if persona == ANONYMOUS:
        assert response["Location"].startswith(reverse("account_login"))


def test_every_row_gives_every_persona_a_status():
    for name, _, method, expected in MATRIX_ROWS:
        assert set(expected) == set(COLUMNS), (method, name)


def test_every_checkins_url_has_a_row():
    from checkins.urls import urlpatterns

    covered = {name for name, *_ in MATRIX_ROWS}
    assert {f"checkins:{pattern.name}" for pattern in urlpatterns} <= covered


def test_a_director_of_another_division_gets_404_on_a_meeting_page_of_her_own_mentee(
        client, world, login):
    """Even the otherdirector's access to her own division grants nothing here."""
    login(world.otherdirector)
    extra = checkins_objects(world)
    for name, kwargs in [("checkins:mentorship_detail", {"pk": world.mentorship.pk}),
                         ("checkins:planned_ics", {"pk": extra["planned"].pk})]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
