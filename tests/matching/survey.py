"""Offers, needs and introductions for the interest-survey, directory and introduction
tests."""

from matching.models import Introduction, MenteeNeeds, MentorProfile, NeedTopic
from programs.models import Topic


def topic(name: str) -> Topic:
    return Topic.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-")})[0]


def make_offer(person, *topics: str, capacity: int = 2, is_open: bool = True,
               formats: str = "one_to_one", how: str = "") -> MentorProfile:
    profile = MentorProfile.objects.create(faculty=person, capacity=capacity, is_open=is_open,
                                           formats=formats, how_i_can_help=how)
    profile.topics.set([topic(name) for name in topics])
    return profile


def make_needs(person, *topics: str, **kwargs) -> MenteeNeeds:
    row = MenteeNeeds.objects.create(faculty=person, **kwargs)
    for priority, name in enumerate(topics, start=1):
        NeedTopic.objects.create(needs=row, topic=topic(name), priority=priority)
    return row


def ask(mentee, mentor, message: str = "Hello") -> Introduction:
    return Introduction.objects.create(mentee=mentee, mentor=mentor, message=message)
