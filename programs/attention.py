"""Needs your attention: what is waiting for a person, gathered from every app.

Each app lists its items in its own `attention.py` module with `@register`ed providers;
`programs.apps` imports every installed app's `attention` module at start-up (as the
admin does with `admin.py`), so a new app adds items to every home page without
touching the home page.

A provider takes the viewer and today's date and returns `Item`s. It must cost a fixed
number of queries however many items there are (the home page's query budget is
asserted), and it must return nothing, without a query, when the viewer holds none of
the roles it serves. It must never put confidential text (a note, a reason) in an item.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from programs.access import Viewer


class Role:
    """The groups on the home page, in the order they are shown."""

    MENTEE = "As a mentee"
    MENTOR = "As a mentor"
    # Not a role someone holds yet: what they could offer, whoever they mentor today.
    PROFILE = "Your mentoring profile"
    DIRECTOR = "As Division Director"
    FACILITATOR = "As facilitator"
    DEPARTMENT = "Across the department"

    ORDER = (MENTEE, MENTOR, PROFILE, DIRECTOR, FACILITATOR, DEPARTMENT)


@dataclass(frozen=True)
class Item:
    """One thing waiting for the person: what, how many, since when, and where to act."""

    role: str  # one of Role
    text: str  # says what to do, e.g. "Confirm the meeting Dr Lee logged"
    url: str
    count: int = 1
    since: datetime.date | None = None  # when the oldest of them started waiting
    urgent: bool = False  # overdue or behind: shown with a warning badge
    on: datetime.date | None = None  # today, for the age

    @property
    def age_days(self) -> int | None:
        if self.since is None or self.on is None:
            return None
        return max((self.on - self.since).days, 0)

    @property
    def age_text(self) -> str:
        """"since today", "12 days", "3 months", "2 years": how long it has waited."""
        days = self.age_days
        if days is None:
            return ""
        if days == 0:
            return "since today"
        if days < 60:
            return f"{days} day{'s' if days != 1 else ''}"
        if days < 730:
            return f"{days // 30} months"
        return f"{days // 365} years"


Provider = Callable[[Viewer, datetime.date], list[Item]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider of attention items (used as a decorator)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def items_for(viewer: Viewer, on: datetime.date) -> list[tuple[str, list[Item]]]:
    """Every provider's items for this viewer, grouped by role in Role.ORDER; within a
    group, urgent first, then the longest waiting."""
    items: list[Item] = []
    for provider in _providers:
        items.extend(provider(viewer, on))
    groups: dict[str, list[Item]] = {role: [] for role in Role.ORDER}
    for item in items:
        groups.setdefault(item.role, []).append(item)
    return [
        (role, sorted(group, key=lambda item: (not item.urgent, item.since or on)))
        for role, group in groups.items() if group
    ]
