"""Small date helpers shared by models, selectors and the demo seeder."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def whole_years_between(start: datetime.date, end: datetime.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def long_date(day: datetime.date) -> str:
    """3 May 2026: how dates read in messages."""
    return f"{day.day} {day:%B %Y}"
