"""Factories for the checkins app (kept apart from tests/factories.py, which programs owns)."""

import datetime

import factory
from django.utils import timezone

from checkins.models import ActionItem, Meeting, PlannedMeeting, PrivateNote
from tests.programs.factories import MentorshipFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    mentorship = factory.SubFactory(MentorshipFactory)
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    duration_minutes = 60
    logged_by = factory.LazyAttribute(lambda o: o.mentorship.mentee)
    shared_summary = "We discussed the grant resubmission."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = "Send the revised aims"


class PrivateNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivateNote

    meeting = factory.SubFactory(MeetingFactory)
    author = factory.LazyAttribute(lambda o: o.meeting.mentorship.mentee)
    body = "I am not sure this pairing works for me."


class PlannedMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedMeeting

    mentorship = factory.SubFactory(MentorshipFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(
        second=0, microsecond=0) + datetime.timedelta(days=10))
    duration_minutes = 45
    agenda = "Five-year plan draft"
    created_by = factory.LazyAttribute(lambda o: o.mentorship.mentor)
