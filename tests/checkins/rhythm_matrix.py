"""Permission rows for the program's rhythm (annual reviews, Vice-Chair check-ins,
follow-ups, relationship health), part of tests/checkins/test_permissions.py's MATRIX.

The world gets this year's review of the mentee (by the director, with a follow-up the
mentee owns) and the mentee's Vice-Chair check-in (with a follow-up the Vice-Chair owns).
The mentor never reads either; another division's director never does either.
"""

from tests.checkins.factories import checkin_of, review_of
from tests.permissions import PERSONAS, Row, no_kwargs, only


def _objects(world) -> dict:
    if not hasattr(world, "_rhythm"):
        review = review_of(world)
        checkin = checkin_of(world)
        world._rhythm = {"review": review, "checkin": checkin,
                         "review_follow_up": review.follow_ups.get()}
    return world._rhythm


def division(world) -> dict:
    _objects(world)
    return {"pk": world.division.pk}


def mentee(world) -> dict:
    _objects(world)
    return {"pk": world.mentee.pk}


def newfaculty(world) -> dict:
    _objects(world)
    return {"pk": world.newfaculty.pk}


def obj(name: str):
    return lambda world: {"pk": _objects(world)[name].pk}


def review_follow_up(world) -> dict:
    return {"kind": "review", "pk": _objects(world)["review_follow_up"].pk}


SCREEN = only("director", "vicechair", "admin")
# Recording needs the role: leaders who may see the person but lack it get 403.
RECORD_REVIEW = only("director", vicechair=403, admin=403)
RECORD_CHECKIN = only("vicechair", admin=403)
ROLE_PAGE = only("vicechair", "admin", **{p: 403 for p in PERSONAS
                                          if p not in ("vicechair", "admin")})

RHYTHM: list[Row] = [
    Row("checkins:review_screen", division, SCREEN),
    Row("checkins:review_export", division, SCREEN),
    # The mentee was reviewed this year: the form still opens, and says so when sent.
    Row("checkins:review_new", newfaculty, RECORD_REVIEW),
    Row("checkins:review_new", newfaculty, RECORD_REVIEW, method="post"),  # empty: errors
    # The mentee reads their own review; their mentor never does, nor another division's
    # director, nor the facilitator or Vice-Chair.
    Row("checkins:review_detail", obj("review"), only("mentee", "director", "admin")),
    Row("checkins:my_reviews", no_kwargs, only(*PERSONAS)),
    Row("checkins:follow_up_done", review_follow_up, only("mentee", status=302),
        method="post"),
    Row("checkins:checkins_due", no_kwargs, ROLE_PAGE),
    Row("checkins:checkin_new", newfaculty, RECORD_CHECKIN),
    Row("checkins:checkin_new", newfaculty, RECORD_CHECKIN, method="post"),
    Row("checkins:checkin_detail", obj("checkin"), only("mentee", "vicechair", "admin")),
    Row("checkins:relationship_health", division, only("facilitator", "director", "admin")),
]
