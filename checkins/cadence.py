"""Cadence: how many meetings a mentorship should have in a program year, and whether
it is on track.

Defaults, used when a department has no `CadenceRule` for a kind and stage:

- formal, early career: 3–4 a year (the program's stated expectation);
- formal, mid career: 2–4 a year (promotion and new goals still need regular contact);
- formal, late career: 1–3 a year (occasional check-ins on new goals or retirement);
- informal, any stage: 1–4 a year (driven by need, so a low floor);
- buddy, any stage: 4–12 a year (new arrivals need frequent, light contact at first);
- peer, any stage: 2–6 a year.

Status is prorated over the part of the program year that has passed (or the part since
the mentorship started, if it started this year), so nobody is "behind" in July:
- behind: fewer meetings than floor(minimum × elapsed share);
- ahead: more than ceil(maximum × elapsed share);
- on track: anything in between.

Looking back (the mentorship page's meetings per program year), a year the mentorship
spanned only in part expects its share, rounded the same way (`expected_band`).
"""

import datetime
import math
from dataclasses import dataclass

from django.db import models

DEFAULT_RULES: dict[tuple[str, str], tuple[int, int]] = {
    ("formal", "early"): (3, 4),
    ("formal", "mid"): (2, 4),
    ("formal", "late"): (1, 3),
    ("informal", ""): (1, 4),
    ("buddy", ""): (4, 12),
    ("peer", ""): (2, 6),
}
FALLBACK = (1, 4)


class Status(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    BEHIND = "behind", "Behind"
    AHEAD = "ahead", "Ahead"


@dataclass(frozen=True)
class Cadence:
    year_start: datetime.date
    year_end: datetime.date  # first day of the next program year
    held: int
    min_per_year: int
    max_per_year: int
    expected_by_now: int
    status: Status

    @property
    def label(self) -> str:
        return Status(self.status).label

    @property
    def css(self) -> str:
        return {Status.ON_TRACK: "text-bg-success", Status.BEHIND: "text-bg-warning",
                Status.AHEAD: "text-bg-info"}[self.status]

    @property
    def expected_range(self) -> str:
        return f"{self.min_per_year}–{self.max_per_year}"


def expected_range(kind: str, stage: str,
                   rules: dict[tuple[str, str], tuple[int, int]]) -> tuple[int, int]:
    """The department's rule for kind and stage, then for kind at any stage, then defaults."""
    for source in (rules, DEFAULT_RULES):
        for key in ((kind, stage), (kind, "")):
            if key in source:
                return source[key]
    return FALLBACK


def expected_band(*, minimum: int, maximum: int,
                  year: tuple[datetime.date, datetime.date], started: datetime.date,
                  ended: datetime.date | None = None) -> tuple[int, int]:
    """The meetings expected over the part of a program year the mentorship spans (it
    started in May: a few weeks' worth), as (floor of the minimum, ceiling of the maximum)
    like `cadence_status`. `ended` is the mentorship's end date (a meeting that day still
    counts)."""
    year_start, year_end = year
    first = max(year_start, started)
    last = min(year_end, ended + datetime.timedelta(days=1)) if ended else year_end
    share = max(0, (last - first).days) / (year_end - year_start).days
    return math.floor(minimum * share), math.ceil(maximum * share)


def cadence_status(*, held: int, minimum: int, maximum: int, year: tuple[datetime.date,
                   datetime.date], started: datetime.date, on: datetime.date) -> Cadence:
    year_start, year_end = year
    counted_from = max(year_start, started)
    span = (year_end - year_start).days
    # A mentorship that started in May owes a few weeks' worth, not the full year's.
    elapsed = min((year_end - counted_from).days, max(0, (on - counted_from).days + 1))
    share = elapsed / span
    floor_min = math.floor(minimum * share)
    ceil_max = math.ceil(maximum * share)
    if held < floor_min:
        status = Status.BEHIND
    elif held > ceil_max:
        status = Status.AHEAD
    else:
        status = Status.ON_TRACK
    return Cadence(year_start=year_start, year_end=year_end, held=held,
                   min_per_year=minimum, max_per_year=maximum,
                   expected_by_now=floor_min, status=status)
