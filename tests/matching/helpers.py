"""Offers and needs for matching tests."""

from matching.models import MenteeNeeds, MentorProfile, NeedTopic
from programs.models import Topic


def topic(name: str) -> Topic:
    return Topic.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-")})[0]


def offer(person, *topics: str, capacity: int = 2, is_open: bool = True) -> MentorProfile:
    profile = MentorProfile.objects.create(faculty=person, capacity=capacity, is_open=is_open)
    profile.topics.set([topic(name) for name in topics])
    return profile


def needs(person, *topics: str, **kwargs) -> MenteeNeeds:
    row = MenteeNeeds.objects.create(faculty=person, **kwargs)
    for priority, name in enumerate(topics, start=1):
        NeedTopic.objects.create(needs=row, topic=topic(name), priority=priority)
    return row
